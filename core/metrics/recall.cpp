#include "metrics/recall.h"

#include "common/error.h"

#include <algorithm>

namespace orinet::metrics {

double recallAtK(const TrueMatchRanks& ranks, int64_t k) {
    if (ranks.empty())
        throw Error("recall of an empty query set");
    const auto hits = std::count_if(ranks.begin(), ranks.end(), [k](int64_t r) { return r < k; });
    return static_cast<double>(hits) / static_cast<double>(ranks.size());
}

int64_t onePercentThreshold(int64_t galleryCount, OnePercentVariant variant) {
    const int64_t onePercent = galleryCount / 100; // floor(0.01·N) for N >= 0
    return variant == OnePercentVariant::Original ? onePercent + 1 : onePercent;
}

double recallAtOnePercent(const TrueMatchRanks& ranks, int64_t galleryCount,
                          OnePercentVariant variant) {
    return recallAtK(ranks, onePercentThreshold(galleryCount, variant));
}

std::vector<double> recallCurve(const TrueMatchRanks& ranks, int64_t top) {
    if (ranks.empty())
        throw Error("recall of an empty query set");
    // One pass: histogram of ranks below `top`, then a running sum.
    std::vector<int64_t> histogram(static_cast<size_t>(std::max<int64_t>(top, 0)), 0);
    for (int64_t r : ranks)
        if (r >= 0 && r < top)
            ++histogram[static_cast<size_t>(r)];
    std::vector<double> curve(histogram.size());
    int64_t running = 0;
    for (size_t k = 0; k < histogram.size(); ++k) {
        running += histogram[k];
        curve[k] = static_cast<double>(running) / static_cast<double>(ranks.size());
    }
    return curve;
}

double meanRank(const TrueMatchRanks& ranks) {
    if (ranks.empty())
        throw Error("mean rank of an empty query set");
    double sum = 0;
    for (int64_t r : ranks)
        sum += static_cast<double>(r + 1);
    return sum / static_cast<double>(ranks.size());
}

double medianRank(const TrueMatchRanks& ranks) {
    if (ranks.empty())
        throw Error("median rank of an empty query set");
    TrueMatchRanks sorted = ranks;
    std::sort(sorted.begin(), sorted.end());
    const size_t n = sorted.size();
    const double mid = n % 2 ? static_cast<double>(sorted[n / 2])
                             : (static_cast<double>(sorted[n / 2 - 1]) + sorted[n / 2]) / 2.0;
    return mid + 1.0;
}

} // namespace orinet::metrics
