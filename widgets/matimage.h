#pragma once

#include <QImage>

#include <opencv2/core/mat.hpp>

#include <string>

namespace orinet {

//! OpenCV images (as the dataset and the decoders give them) as Qt images for display.
namespace matimage {

//! Converts an 8-bit BGR, BGRA or grey cv::Mat to a QImage (deep copy); a null QImage for
//! other channel counts.
QImage fromBgr(const cv::Mat& image);

//! Reads an image file (any format OpenCV decodes) as a colour QImage; a null QImage when it
//! cannot be read.
QImage read(const std::string& path);

} // namespace matimage
} // namespace orinet
