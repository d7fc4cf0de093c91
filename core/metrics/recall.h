#pragma once

#include <cstdint>
#include <vector>

namespace orinet::metrics {

//! For each query, the number of gallery items strictly nearer than its true match (0 = the
//! true match is first). All recall figures derive from these ranks.
using TrueMatchRanks = std::vector<int64_t>;

//! Fraction of queries whose true match is among the K nearest: rank < K.
double recallAtK(const TrueMatchRanks& ranks, int64_t k);

//! Which recall@1% definition (docs/model.md, "Metrics").
enum class OnePercentVariant {
    //! OriNet and its predecessors: counts when rank < floor(0.01·N) + 1.
    Original,
    //! Later code (e.g. Sample4Geo): counts when rank < floor(N/100), one stricter.
    Strict,
};

//! The rank threshold recall@1% uses for a gallery of N items.
int64_t onePercentThreshold(int64_t galleryCount, OnePercentVariant variant);
double recallAtOnePercent(const TrueMatchRanks& ranks, int64_t galleryCount,
                          OnePercentVariant variant = OnePercentVariant::Original);

//! recall@1 .. recall@top, element k-1 for K = k.
std::vector<double> recallCurve(const TrueMatchRanks& ranks, int64_t top);

double meanRank(const TrueMatchRanks& ranks);   //!< 1-based (rank + 1) mean
double medianRank(const TrueMatchRanks& ranks); //!< 1-based median

} // namespace orinet::metrics
