#include "retrieval/blockedsearch.h"

#include "common/feedback.h"

#include <cblas.h>
#include <omp.h>

#include <opencv2/core.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <memory>
#include <thread>

namespace orinet {

namespace {

struct Entry {
    float score;
    int32_t id;
};

// "a is nearer than b"; equal scores are ordered by gallery index so results are reproducible.
inline bool nearer(const Entry& a, const Entry& b) {
    return a.score > b.score || (a.score == b.score && a.id < b.id);
}

int threadCount(const RetrievalOptions& options) {
    if (options.threads > 0)
        return options.threads;
    return static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
}

double profileNow() {
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

// The common pass: `heaps` is null when only ranks are wanted, `ranks` null when only top-K.
void run(const cv::Mat& queries, const cv::Mat& gallery, const RetrievalOptions& options, int64_t k,
         Entry* heaps, int64_t* ranks, Feedback& feedback) {
    const int64_t n = queries.rows, m = gallery.rows, d = queries.cols;
    const auto [queryBlock, galleryBlock] = BlockedSearch::blockSizes(n, m, options);
    const float* q = queries.ptr<float>();
    const float* g = gallery.ptr<float>();
    const int threads = threadCount(options);

    // Score of each query's true match, computed once. Accumulated in double and rounded, so it
    // may differ from the GEMM's value for the same pair by float rounding only; the pair itself
    // is skipped by index when counting, so it never counts as nearer than itself.
    std::vector<float> truth;
    if (ranks) {
        truth.resize(static_cast<size_t>(n));
#pragma omp parallel for num_threads(threads) schedule(static)
        for (int64_t i = 0; i < n; ++i) {
            double sum = 0;
            for (int64_t c = 0; c < d; ++c)
                sum += static_cast<double>(q[i * d + c]) * g[i * d + c];
            truth[static_cast<size_t>(i)] = static_cast<float>(sum);
            ranks[i] = 0;
        }
    }
    std::vector<int64_t> heapSize(heaps ? static_cast<size_t>(n) : 0, 0);
    std::unique_ptr<float[]> block(new float[static_cast<size_t>(queryBlock * galleryBlock)]);

    const double total = static_cast<double>(n) * static_cast<double>(m);
    double gemmSeconds = 0, selectSeconds = 0;
    double done = 0;
    for (int64_t q0 = 0; q0 < n; q0 += queryBlock) {
        const int64_t qn = std::min(queryBlock, n - q0);
        for (int64_t g0 = 0; g0 < m; g0 += galleryBlock) {
            feedback.checkCanceled();
            const int64_t gn = std::min(galleryBlock, m - g0);
            float* s = block.get();
            // S (qn x gn) = Q[q0..] · G[g0..]ᵀ, row-major.
            const double tg0 = profileNow();
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, static_cast<int>(qn),
                        static_cast<int>(gn), static_cast<int>(d), 1.0f, q + q0 * d,
                        static_cast<int>(d), g + g0 * d, static_cast<int>(d), 0.0f, s,
                        static_cast<int>(gn));

            const double tg1 = profileNow();
            gemmSeconds += tg1 - tg0;
#pragma omp parallel for num_threads(threads) schedule(dynamic, 16) if (qn * gn >= 65536)
            for (int64_t r = 0; r < qn; ++r) {
                const int64_t query = q0 + r;
                const float* row = s + r * gn;
                // Ties with the true match do not count; with no ranks wanted nothing does.
                const float t = ranks ? truth[static_cast<size_t>(query)]
                                      : std::numeric_limits<float>::infinity();
                int64_t count = 0;
                // Top-K selection with a candidate buffer: items above the current K-th best
                // are appended, and when the buffer is full nth_element keeps the K best
                // (amortised O(1) per candidate, far cheaper than a heap update each).
                // Between gallery blocks only the K kept items persist, unsorted.
                Entry* kept = heaps ? heaps + query * k : nullptr;
                thread_local std::vector<Entry> scratch;
                int64_t size = 0;
                float worst = -std::numeric_limits<float>::infinity();
                const int64_t capacity = 2 * k + 256;
                if (heaps && scratch.size() < static_cast<size_t>(capacity))
                    scratch.resize(static_cast<size_t>(capacity));
                // A plain pointer: thread_local access from a shared library is a call.
                Entry* buffer = heaps ? scratch.data() : nullptr;
                auto compact = [&] {
                    std::nth_element(buffer, buffer + (k - 1), buffer + size, nearer);
                    size = k;
                    worst = buffer[k - 1].score;
                };
                if (heaps) {
                    size = heapSize[static_cast<size_t>(query)];
                    std::copy(kept, kept + size, buffer);
                    if (size == k) // the farthest kept item sets the bar
                        worst = std::max_element(kept, kept + k, nearer)->score;
                } else {
                    worst = std::numeric_limits<float>::infinity(); // keep nothing
                }
                // Gallery indices only grow, so an item whose score equals the bar is never
                // nearer than the kept one: strictly greater is the test. Most chunks hold
                // nothing above the bar, so one vectorised pass counts and tests and the
                // scalar append runs only on chunks with hits.
                constexpr int64_t chunk = 256;
                for (int64_t j = 0; j < gn; j += chunk) {
                    const int64_t end = std::min(gn, j + chunk);
                    int32_t above = 0, hits = 0;
                    for (int64_t c = j; c < end; ++c) {
                        above += row[c] > t;
                        hits |= row[c] > worst;
                    }
                    count += above;
                    if (!hits)
                        continue;
                    for (int64_t c = j; c < end; ++c) {
                        if (row[c] <= worst)
                            continue;
                        buffer[size++] = {row[c], static_cast<int32_t>(g0 + c)};
                        if (size == capacity)
                            compact();
                    }
                }
                if (heaps) {
                    if (size > k)
                        compact();
                    std::copy(buffer, buffer + size, kept);
                    heapSize[static_cast<size_t>(query)] = size;
                }
                if (ranks) {
                    // the true match itself is not "nearer than itself"
                    const int64_t self = query - g0;
                    if (self >= 0 && self < gn && row[self] > t)
                        --count;
                    ranks[query] += count;
                }
            }
            selectSeconds += profileNow() - tg1;
            done += static_cast<double>(qn) * static_cast<double>(gn);
            feedback.report(done / total, "retrieval");
        }
    }
    if (std::getenv("ORINET_RETRIEVAL_PROFILE"))
        std::fprintf(stderr, "blocked search: %lld x %lld blocks, GEMM %.3f s, selection %.3f s\n",
                     static_cast<long long>(queryBlock), static_cast<long long>(galleryBlock),
                     gemmSeconds, selectSeconds);
}

} // namespace

double BlockedSearch::measureGemmGflops(int64_t m, int64_t n, int64_t depth, int repeats) {
    cv::Mat a(static_cast<int>(m), static_cast<int>(depth), CV_32F);
    cv::Mat b(static_cast<int>(n), static_cast<int>(depth), CV_32F);
    cv::randu(a, -1, 1);
    cv::randu(b, -1, 1);
    std::vector<float> c(static_cast<size_t>(m * n));
    std::vector<double> seconds;
    for (int r = 0; r < std::max(1, repeats); ++r) {
        const auto start = std::chrono::steady_clock::now();
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, static_cast<int>(m),
                    static_cast<int>(n), static_cast<int>(depth), 1.0f, a.ptr<float>(),
                    static_cast<int>(depth), b.ptr<float>(), static_cast<int>(depth), 0.0f,
                    c.data(), static_cast<int>(n));
        seconds.push_back(
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    }
    std::sort(seconds.begin(), seconds.end());
    return 2.0 * static_cast<double>(m) * static_cast<double>(n) * static_cast<double>(depth) /
           seconds[seconds.size() / 2] / 1e9;
}

std::pair<int64_t, int64_t> BlockedSearch::blockSizes(int64_t queryCount, int64_t galleryCount,
                                                      const RetrievalOptions& options) {
    const int64_t budget =
        std::max<int64_t>(1, static_cast<int64_t>(options.memoryBudget / sizeof(float)));
    // Prefer whole gallery rows (one contiguous scan per query) as long as a block still holds
    // enough queries for the GEMM to run at full speed.
    const int64_t minQueries = std::min<int64_t>(queryCount, 256);
    int64_t galleryBlock = options.galleryBlock > 0
                               ? options.galleryBlock
                               : std::max<int64_t>(1, budget / std::max<int64_t>(1, minQueries));
    galleryBlock = std::max<int64_t>(1, std::min(galleryBlock, galleryCount));
    int64_t queryBlock =
        options.queryBlock > 0 ? options.queryBlock : std::max<int64_t>(1, budget / galleryBlock);
    queryBlock = std::max<int64_t>(1, std::min(queryBlock, queryCount));
    return {queryBlock, galleryBlock};
}

RetrievalResult BlockedSearch::search(const cv::Mat& queries, const cv::Mat& gallery,
                                      const RetrievalOptions& options, Feedback& feedback) {
    const int64_t n = queries.rows, m = gallery.rows;
    const int64_t k = std::max<int64_t>(1, std::min(options.k, m));
    std::vector<Entry> heaps(static_cast<size_t>(n * k));
    RetrievalResult result;
    result.queryCount = n;
    result.k = k;
    if (options.trueMatchRanks)
        result.ranks.assign(static_cast<size_t>(n), 0);
    run(queries, gallery, options, k, heaps.data(),
        options.trueMatchRanks ? result.ranks.data() : nullptr, feedback);

    result.ids.resize(static_cast<size_t>(n * k));
    result.scores.resize(static_cast<size_t>(n * k));
    const int threads = threadCount(options);
#pragma omp parallel for num_threads(threads) schedule(static)
    for (int64_t i = 0; i < n; ++i) {
        Entry* heap = heaps.data() + i * k;
        std::sort(heap, heap + k, nearer); // nearest first
        for (int64_t j = 0; j < k; ++j) {
            result.ids[static_cast<size_t>(i * k + j)] = heap[j].id;
            result.scores[static_cast<size_t>(i * k + j)] = heap[j].score;
        }
    }
    return result;
}

metrics::TrueMatchRanks BlockedSearch::trueMatchRanks(const cv::Mat& queries,
                                                      const cv::Mat& gallery,
                                                      const RetrievalOptions& options,
                                                      Feedback& feedback) {
    metrics::TrueMatchRanks ranks(static_cast<size_t>(queries.rows), 0);
    run(queries, gallery, options, 0, nullptr, ranks.data(), feedback);
    return ranks;
}

} // namespace orinet
