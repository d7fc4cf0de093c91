#include "metrics/georecall.h"

#include "common/error.h"
#include "geo/geodistance.h"

#include <string>

namespace orinet::metrics {

std::vector<double> geoRecallCurve(const std::vector<int64_t>& topIds, int64_t k,
                                   const std::vector<UtmPosition>& queryPositions,
                                   const std::vector<UtmPosition>& galleryPositions, double metres,
                                   int64_t top) {
    const int64_t n = static_cast<int64_t>(queryPositions.size());
    if (n == 0)
        throw Error("geo-recall of an empty query set");
    if (k < 1 || static_cast<int64_t>(topIds.size()) != n * k)
        throw Error("geo-recall: " + std::to_string(topIds.size()) + " neighbour ids for " +
                    std::to_string(n) + " queries x top-" + std::to_string(k));
    if (top < 1 || top > k)
        throw Error("geo-recall@" + std::to_string(top) + " needs the " + std::to_string(top) +
                    " nearest items, only " + std::to_string(k) + " were retrieved");
    if (!(metres >= 0))
        throw Error("geo-recall: the distance threshold must be >= 0 metres");
    const int64_t m = static_cast<int64_t>(galleryPositions.size());
    // Histogram of the first position in the list that is near enough, then a running sum.
    std::vector<int64_t> first(static_cast<size_t>(top), 0);
    for (int64_t i = 0; i < n; ++i) {
        const int64_t* ids = topIds.data() + i * k;
        for (int64_t j = 0; j < top; ++j) {
            if (ids[j] < 0)
                continue;
            if (ids[j] >= m)
                throw Error("geo-recall: gallery id " + std::to_string(ids[j]) +
                            " has no position (" + std::to_string(m) + " positions)");
            if (utmDistance(queryPositions[static_cast<size_t>(i)],
                            galleryPositions[static_cast<size_t>(ids[j])]) <= metres) {
                ++first[static_cast<size_t>(j)];
                break;
            }
        }
    }
    std::vector<double> curve(first.size());
    int64_t running = 0;
    for (size_t j = 0; j < first.size(); ++j) {
        running += first[j];
        curve[j] = static_cast<double>(running) / static_cast<double>(n);
    }
    return curve;
}

} // namespace orinet::metrics
