#include "retrieval/shortlistreranker.h"

#include "common/feedback.h"

#include <omp.h>
#include <opencv2/core.hpp>

#include <algorithm>
#include <limits>
#include <thread>

namespace orinet {

namespace {

struct Candidate {
    float score;
    int64_t id;
};

float dot(const float* a, const float* b, int64_t d) {
    float sum = 0;
#pragma omp simd reduction(+ : sum)
    for (int64_t c = 0; c < d; ++c)
        sum += a[c] * b[c];
    return sum;
}

} // namespace

RetrievalResult ShortlistReranker::rerank(const RetrievalResult& shortlist, const cv::Mat& queries,
                                          const cv::Mat& gallery, int64_t k, bool trueMatchRanks,
                                          int threads, Feedback& feedback) {
    const int64_t n = shortlist.queryCount, width = shortlist.k, d = gallery.cols;
    RetrievalResult result;
    result.queryCount = n;
    result.k = std::max<int64_t>(1, std::min(k, width));
    result.ids.assign(static_cast<size_t>(n * result.k), -1);
    result.scores.assign(result.ids.size(), -std::numeric_limits<float>::infinity());
    result.ranksExact = false;
    result.rankDepth = width;
    if (trueMatchRanks)
        result.ranks.assign(static_cast<size_t>(n), width);
    const int threadCount =
        threads > 0 ? threads : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    // Chunks of queries bound the time between cancellation checks.
    const int64_t chunk = 1024;
    for (int64_t start = 0; start < n; start += chunk) {
        feedback.checkCanceled();
        const int64_t end = std::min(n, start + chunk);
#pragma omp parallel for num_threads(threadCount) schedule(dynamic, 16)
        for (int64_t i = start; i < end; ++i) {
            const float* query = queries.ptr<float>(static_cast<int>(i));
            const int64_t* ids = shortlist.idsOf(i);
            std::vector<Candidate> candidates;
            candidates.reserve(static_cast<size_t>(width));
            float truth = 0;
            bool shortlisted = false;
            for (int64_t j = 0; j < width; ++j) {
                const int64_t id = ids[j];
                if (id < 0 || id >= gallery.rows)
                    continue; // faiss pads lists shorter than asked with -1
                const float score = dot(query, gallery.ptr<float>(static_cast<int>(id)), d);
                candidates.push_back({score, id});
                if (id == i) {
                    truth = score;
                    shortlisted = true;
                }
            }
            const auto nearer = [](const Candidate& a, const Candidate& b) {
                return a.score > b.score || (a.score == b.score && a.id < b.id);
            };
            const int64_t keep = std::min<int64_t>(result.k, int64_t(candidates.size()));
            std::partial_sort(candidates.begin(), candidates.begin() + keep, candidates.end(),
                              nearer);
            for (int64_t j = 0; j < keep; ++j) {
                result.ids[size_t(i * result.k + j)] = candidates[size_t(j)].id;
                result.scores[size_t(i * result.k + j)] = candidates[size_t(j)].score;
            }
            if (trueMatchRanks && shortlisted)
                result.ranks[size_t(i)] =
                    std::count_if(candidates.begin(), candidates.end(),
                                  [truth](const Candidate& c) { return c.score > truth; });
        }
        feedback.report(double(end) / double(n), "re-ranking");
    }
    return result;
}

} // namespace orinet
