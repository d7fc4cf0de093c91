#pragma once

#include "heatmap/heatmapgrid.h"

#include <opencv2/core/mat.hpp>

#include <cstddef>
#include <unordered_map>
#include <vector>

namespace orinet {

class DescriptorModel;
class Preprocessor;
class RasterSource;

//! The places a coarse-to-fine heat map refines (docs/heatmap.md): satellite descriptors of
//! single cells of the full-spacing grid, described on demand and kept, so a place that the
//! refinements of several queries share is described once. Held in memory by the engine that
//! owns it (the coarse places are in a HeatMapCache on disk).
//!
//! Threading: one thread at a time (describe() runs the model).
class RefinementCache {
public:
    RefinementCache() = default;
    RefinementCache(const HeatMapGrid& grid, size_t batchSize);

    const HeatMapGrid& grid() const noexcept { return mGrid; }
    //! Describes those of `cells` that are not described yet, in batches (one model call per
    //! batch), and returns how many it described. Throws orinet::Error naming the raster when
    //! a tile cannot be cut; what was described before stays.
    size_t describe(const std::vector<size_t>& cells, DescriptorModel& model,
                    const Preprocessor& preprocessor, const RasterSource& raster);
    bool contains(size_t cell) const { return mRows.count(cell) > 0; }
    //! The inner product of the descriptor of `cell` with `query` (1 x D CV_32F); the cell
    //! must be described.
    float score(size_t cell, const cv::Mat& query) const;
    //! Places described so far.
    size_t size() const noexcept { return mRows.size(); }
    //! Batches sent to the model so far.
    size_t modelCalls() const noexcept { return mModelCalls; }

private:
    HeatMapGrid mGrid;
    size_t mBatchSize = 32;
    std::unordered_map<size_t, int> mRows; //!< cell -> row of mDescriptors
    cv::Mat mDescriptors;                  //!< size() x D, grows by whole batches
    size_t mModelCalls = 0;
};

} // namespace orinet
