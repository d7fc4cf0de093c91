#include "retrieval/blockedsearch.h"

#include "common/error.h"
#include "common/feedback.h"
#include "linalg/sgemm.h"
#include "retrieval/rowselector_p.h"

#include <omp.h>

#include <opencv2/core.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <memory>
#include <string>
#include <thread>

namespace orinet {

namespace {

using Entry = RowSelector::Entry;

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
// Query i's true match is gallery item truthOf[i], or i when `truthOf` is null.
void run(const cv::Mat& queries, const cv::Mat& gallery, const RetrievalOptions& options, int64_t k,
         Entry* heaps, int64_t* ranks, const int64_t* truthOf, Feedback& feedback) {
    const int64_t n = queries.rows, m = gallery.rows, d = queries.cols;
    const auto [queryBlock, galleryBlock] = BlockedSearch::blockSizes(n, m, options);
    const float* q = queries.ptr<float>();
    const float* g = gallery.ptr<float>();
    const int threads = threadCount(options);
    const SgemmKernel kernel = Sgemm::resolve(options.kernel);
    const bool profile = std::getenv("ORINET_RETRIEVAL_PROFILE") != nullptr;
    const double tSetup = profileNow();

    // Score of each query's true match, computed once. Accumulated in double and rounded, so it
    // may differ from the GEMM's value for the same pair by float rounding only; the pair itself
    // is skipped by index when counting, so it never counts as nearer than itself.
    std::vector<float> truth;
    if (ranks) {
        truth.resize(static_cast<size_t>(n));
        // Four queries at a time: four independent sums, each in the order of its query alone
        // (the same values as one at a time), so that the additions' latency overlaps.
        constexpr int64_t kLanes = 4;
#pragma omp parallel for num_threads(threads) schedule(static)
        for (int64_t i0 = 0; i0 < n; i0 += kLanes) {
            const int64_t lanes = std::min(kLanes, n - i0);
            const float* a[kLanes];
            const float* b[kLanes];
            for (int64_t l = 0; l < kLanes; ++l) {
                const int64_t i = i0 + std::min(l, lanes - 1); // a short last group repeats
                a[l] = q + i * d;
                b[l] = g + (truthOf ? truthOf[i] : i) * d;
            }
            double sum[kLanes] = {};
            for (int64_t c = 0; c < d; ++c)
                for (int64_t l = 0; l < kLanes; ++l)
                    sum[l] += static_cast<double>(a[l][c]) * b[l][c];
            for (int64_t l = 0; l < lanes; ++l) {
                truth[static_cast<size_t>(i0 + l)] = static_cast<float>(sum[l]);
                ranks[i0 + l] = 0;
            }
        }
    }
    // Per query: how many candidates are kept, and the bar a new one must beat (the farthest
    // kept one once k are kept; nothing passes when no top-K is wanted).
    std::vector<int64_t> heapSize(heaps ? static_cast<size_t>(n) : 0, 0);
    std::vector<float> bar(static_cast<size_t>(n), heaps ? -std::numeric_limits<float>::infinity()
                                                         : std::numeric_limits<float>::infinity());
    std::unique_ptr<float[]> block(new float[static_cast<size_t>(queryBlock * galleryBlock)]);
    const double setupSeconds = profileNow() - tSetup;

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
            Sgemm::multiplyTransposed(kernel, qn, gn, d, q + q0 * d, d, g + g0 * d, d, s, gn,
                                      threads);
            const double tg1 = profileNow();
            gemmSeconds += tg1 - tg0;
            if (profile)
                std::fprintf(stderr, "  block %lld x %lld: GEMM %.3f s\n",
                             static_cast<long long>(qn), static_cast<long long>(gn), tg1 - tg0);
#pragma omp parallel for num_threads(threads) schedule(dynamic, 16) if (qn * gn >= 65536)
            for (int64_t r = 0; r < qn; ++r) {
                const int64_t query = q0 + r;
                const float* row = s + r * gn;
                thread_local std::vector<Entry> scratch;
                if (scratch.size() < static_cast<size_t>(RowSelector::capacity(k)))
                    scratch.resize(static_cast<size_t>(RowSelector::capacity(k)));
                RowSelector selector(scratch.data(), k);
                if (heaps)
                    selector.begin(heaps + query * k, heapSize[static_cast<size_t>(query)],
                                   bar[static_cast<size_t>(query)]);
                else
                    selector.begin(nullptr, 0, std::numeric_limits<float>::infinity());
                // Ties with the true match do not count; with no ranks wanted nothing does.
                const float t = ranks ? truth[static_cast<size_t>(query)]
                                      : std::numeric_limits<float>::infinity();
                int64_t count = selector.scan(row, gn, static_cast<int32_t>(g0), t);
                if (ranks) {
                    // the true match itself is not "nearer than itself"
                    const int64_t self = (truthOf ? truthOf[query] : query) - g0;
                    if (self >= 0 && self < gn && row[self] > t)
                        --count;
                    ranks[query] += count;
                }
                if (heaps) {
                    heapSize[static_cast<size_t>(query)] = selector.end();
                    bar[static_cast<size_t>(query)] = selector.bar();
                }
            }
            selectSeconds += profileNow() - tg1;
            done += static_cast<double>(qn) * static_cast<double>(gn);
            feedback.report(done / total, "retrieval");
        }
    }
    if (profile)
        std::fprintf(
            stderr,
            "blocked search: %lld x %lld blocks, %s, setup %.3f s, GEMM %.3f s, selection %.3f s\n",
            static_cast<long long>(queryBlock), static_cast<long long>(galleryBlock),
            toString(kernel).c_str(), setupSeconds, gemmSeconds, selectSeconds);
}

} // namespace

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
    return search(queries, gallery, nullptr, options, feedback);
}

RetrievalResult BlockedSearch::search(const cv::Mat& queries, const cv::Mat& gallery,
                                      const std::vector<int64_t>& trueMatches,
                                      const RetrievalOptions& options, Feedback& feedback) {
    if (static_cast<int64_t>(trueMatches.size()) != queries.rows)
        throw Error(std::to_string(trueMatches.size()) + " true matches for " +
                    std::to_string(queries.rows) + " queries");
    for (int64_t t : trueMatches)
        if (t < 0 || t >= gallery.rows)
            throw Error("true match " + std::to_string(t) + " is not a gallery item (0.." +
                        std::to_string(gallery.rows - 1) + ")");
    return search(queries, gallery, trueMatches.data(), options, feedback);
}

RetrievalResult BlockedSearch::search(const cv::Mat& queries, const cv::Mat& gallery,
                                      const int64_t* truthOf, const RetrievalOptions& options,
                                      Feedback& feedback) {
    const int64_t n = queries.rows, m = gallery.rows;
    const int64_t k = std::max<int64_t>(1, std::min(options.k, m));
    std::vector<Entry> heaps(static_cast<size_t>(n * k));
    RetrievalResult result;
    result.queryCount = n;
    result.k = k;
    if (options.trueMatchRanks)
        result.ranks.assign(static_cast<size_t>(n), 0);
    run(queries, gallery, options, k, heaps.data(),
        options.trueMatchRanks ? result.ranks.data() : nullptr, truthOf, feedback);

    const double tSort = profileNow();
    result.ids.resize(static_cast<size_t>(n * k));
    result.scores.resize(static_cast<size_t>(n * k));
    const int threads = threadCount(options);
#pragma omp parallel for num_threads(threads) schedule(static)
    for (int64_t i = 0; i < n; ++i) {
        Entry* heap = heaps.data() + i * k;
        std::sort(heap, heap + k, RowSelector::Nearer()); // nearest first
        for (int64_t j = 0; j < k; ++j) {
            result.ids[static_cast<size_t>(i * k + j)] = heap[j].id;
            result.scores[static_cast<size_t>(i * k + j)] = heap[j].score;
        }
    }
    if (std::getenv("ORINET_RETRIEVAL_PROFILE"))
        std::fprintf(stderr, "  top-K ordered in %.3f s\n", profileNow() - tSort);
    return result;
}

metrics::TrueMatchRanks BlockedSearch::trueMatchRanks(const cv::Mat& queries,
                                                      const cv::Mat& gallery,
                                                      const RetrievalOptions& options,
                                                      Feedback& feedback) {
    metrics::TrueMatchRanks ranks(static_cast<size_t>(queries.rows), 0);
    run(queries, gallery, options, 0, nullptr, ranks.data(), nullptr, feedback);
    return ranks;
}

} // namespace orinet
