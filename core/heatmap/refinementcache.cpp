#include "heatmap/refinementcache.h"

#include "common/error.h"
#include "geo/rastersource.h"
#include "heatmap/heatmapcache.h"

#include <opencv2/core.hpp>

#include <algorithm>
#include <unordered_set>

namespace orinet {

RefinementCache::RefinementCache(const HeatMapGrid& grid, size_t batchSize)
    : mGrid(grid)
    , mBatchSize(std::max<size_t>(1, batchSize)) {}

size_t RefinementCache::describe(const std::vector<size_t>& cells, DescriptorModel& model,
                                 const Preprocessor& preprocessor, const RasterSource& raster) {
    std::vector<size_t> missing;
    std::unordered_set<size_t> seen;
    for (size_t cell : cells)
        if (cell < mGrid.cellCount() && !contains(cell) && seen.insert(cell).second)
            missing.push_back(cell);
    // Batch by batch, so a failure keeps the batches already described.
    for (size_t first = 0; first < missing.size(); first += mBatchSize) {
        const size_t n = std::min(mBatchSize, missing.size() - first);
        const std::vector<size_t> batch(missing.begin() + static_cast<std::ptrdiff_t>(first),
                                        missing.begin() + static_cast<std::ptrdiff_t>(first + n));
        const cv::Mat descriptors =
            HeatMapCache::describePlaces(model, preprocessor, raster, mGrid, batch, mBatchSize);
        ++mModelCalls;
        if (!mDescriptors.empty() && descriptors.cols != mDescriptors.cols)
            throw Error(raster.path(), "the model's descriptor dimension changed");
        const int base = mDescriptors.rows;
        mDescriptors.push_back(descriptors);
        for (size_t i = 0; i < n; ++i)
            mRows[batch[i]] = base + static_cast<int>(i);
    }
    return missing.size();
}

float RefinementCache::score(size_t cell, const cv::Mat& query) const {
    const auto found = mRows.find(cell);
    if (found == mRows.end())
        throw Error("heat-map place " + std::to_string(cell) + " is not described");
    return static_cast<float>(mDescriptors.row(found->second).dot(query));
}

} // namespace orinet
