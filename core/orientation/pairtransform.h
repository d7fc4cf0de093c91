#pragma once

#include <opencv2/core/mat.hpp>

namespace orinet {

//! Geometric transforms applied to an image and its orientation map together, so that every
//! pixel keeps its (value, orientation) pair. Images and maps may have any type and channel
//! count but must have the same size. All functions return new matrices.
struct ImageWithMap {
    cv::Mat image;
    cv::Mat map;
};

//! Circular shift of the columns by `columns` (positive moves content to the right), the
//! panorama augmentation: a 360° panorama has no left edge.
ImageWithMap shiftColumns(const ImageWithMap& in, int columns);

//! Rotation by quarterTurns·90° clockwise (negative values turn counter-clockwise).
ImageWithMap rotateQuarterTurns(const ImageWithMap& in, int quarterTurns);

//! Centred square crop of the given side, then resize to target. The image is resized with
//! `imageInterpolation`, the map always bilinearly (area for downscaling would be equally
//! right; bilinear keeps the map smooth when upscaling).
ImageWithMap centredCropResize(const ImageWithMap& in, int side, cv::Size target,
                               int imageInterpolation);

//! The middle half of the rows (rows H/4 .. H/4 + H/2 - 1; 208..623 for CVACT's 832 rows).
cv::Mat cropMiddleHalfRows(const cv::Mat& mat);

} // namespace orinet
