#include "retrieval/shortlistcheck.h"

#include "common/error.h"
#include "common/feedback.h"
#include "linalg/sgemm.h"
#include "retrieval/blockedsearch.h"

#include <opencv2/core.hpp>

#include <algorithm>
#include <chrono>
#include <numeric>
#include <random>

namespace orinet {

std::vector<int64_t> ShortlistCheck::sample(int64_t count, int64_t size, uint64_t seed) {
    size = std::max<int64_t>(0, std::min(size, count));
    std::vector<int64_t> all(static_cast<size_t>(std::max<int64_t>(0, count)));
    std::iota(all.begin(), all.end(), int64_t(0));
    std::mt19937_64 generator(seed);
    // Partial Fisher-Yates with our own reduction to a range: std::uniform_int_distribution
    // differs between standard libraries, and a sample must be the same everywhere.
    for (int64_t i = 0; i < size; ++i) {
        const uint64_t span = static_cast<uint64_t>(count - i);
        const uint64_t limit = UINT64_MAX - UINT64_MAX % span; // no modulo bias
        uint64_t draw;
        do
            draw = generator();
        while (draw >= limit);
        std::swap(all[static_cast<size_t>(i)], all[static_cast<size_t>(i + int64_t(draw % span))]);
    }
    all.resize(static_cast<size_t>(size));
    std::sort(all.begin(), all.end());
    return all;
}

metrics::ApproximationCheck ShortlistCheck::run(const RetrievalResult& approximate,
                                                const cv::Mat& queries, const cv::Mat& gallery,
                                                const RetrievalOptions& options,
                                                double approximateSeconds, int64_t sampleSize,
                                                uint64_t seed, Feedback& feedback) {
    if (approximate.queryCount != queries.rows ||
        approximate.ranks.size() != static_cast<size_t>(queries.rows))
        throw Error("the approximate search to check has " +
                    std::to_string(approximate.queryCount) + " queries and " +
                    std::to_string(approximate.ranks.size()) + " ranks for " +
                    std::to_string(queries.rows) + " queries");
    metrics::ApproximationCheck check;
    check.depth = approximate.ranksExact ? approximate.k : approximate.rankDepth;
    check.seed = seed;
    check.queryCount = queries.rows;
    check.galleryCount = gallery.rows;
    check.dimension = gallery.cols;
    check.approximateSeconds = approximateSeconds;
    check.memoryBudget = options.memoryBudget;
    check.galleryFitsBudget =
        BlockedSearch::blockSizes(queries.rows, gallery.rows, options).second >= gallery.rows;

    const std::vector<int64_t> picked = sample(queries.rows, sampleSize, seed);
    check.sampled = static_cast<int64_t>(picked.size());
    if (picked.empty())
        return check;
    cv::Mat sampleQueries(static_cast<int>(picked.size()), queries.cols, CV_32F);
    for (size_t r = 0; r < picked.size(); ++r)
        queries.row(static_cast<int>(picked[r])).copyTo(sampleQueries.row(static_cast<int>(r)));
    RetrievalOptions exactOptions = options;
    exactOptions.k = 1;
    exactOptions.trueMatchRanks = true;
    // The first product of a process chooses its GEMM kernel by timing each (about a second):
    // done before the clock starts, so that it does not count as search time.
    exactOptions.kernel = Sgemm::resolve(options.kernel);
    const auto start = std::chrono::steady_clock::now();
    const RetrievalResult exact =
        BlockedSearch::search(sampleQueries, gallery, picked, exactOptions, feedback);
    check.sampleSeconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

    for (size_t r = 0; r < picked.size(); ++r) {
        const int64_t query = picked[r];
        const int64_t nearest = exact.idsOf(static_cast<int64_t>(r))[0];
        const int64_t* candidates = approximate.idsOf(query);
        if (std::find(candidates, candidates + approximate.k, nearest) !=
            candidates + approximate.k)
            ++check.exactTop1Held;
        if (exact.ranks[r] < check.depth) {
            ++check.trueMatchWithinDepth;
            if (approximate.ranks[static_cast<size_t>(query)] < check.depth)
                ++check.trueMatchHeld;
        }
    }
    // The sample ran at the speed exact search of every query would (the same engine, data
    // and load; a few hundred queries fill its GEMM blocks), so it prices that search.
    const double flops = 2.0 * double(picked.size()) * double(gallery.rows) * double(gallery.cols);
    if (check.sampleSeconds > 0) {
        check.gflops = flops / check.sampleSeconds * 1e-9;
        check.exactSecondsEstimate =
            check.sampleSeconds * double(queries.rows) / double(picked.size());
    }
    return check;
}

} // namespace orinet
