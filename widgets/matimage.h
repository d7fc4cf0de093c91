#pragma once

#include <QImage>

#include <opencv2/core/mat.hpp>

namespace orinet {

//! OpenCV images (as the dataset and the decoders give them) as Qt images for display.
namespace matimage {

//! Converts an 8-bit BGR, BGRA or grey cv::Mat to a QImage (deep copy); a null QImage for
//! other channel counts.
QImage fromBgr(const cv::Mat& image);

} // namespace matimage
} // namespace orinet
