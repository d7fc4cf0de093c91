#pragma once

#include <opencv2/core/mat.hpp>

namespace orinet {

//! The features an OriNet descriptor is pooled from, one row per cell of the layer-7 grid
//! (row-major: cell r * cols + c), one column per hypercolumn channel (CV_32F, each value at
//! least GeM's clamp of 1e-6). Pooled with GeM (p = 3) and normalised they give the
//! descriptor (docs/model.md).
struct CellFeatures {
    int rows = 0;
    int cols = 0;
    cv::Mat values;

    int cellCount() const { return rows * cols; }
};

} // namespace orinet
