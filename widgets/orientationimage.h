#pragma once

#include <QImage>

#include <opencv2/core/mat.hpp>

namespace orinet {

//! Colour pictures of raw orientation maps (CV_64FC2, radians) for display.
//! Direction (yaw or azimuth) maps to hue, so one physical direction has one colour on both
//! the panorama and the tile; the second channel (pitch or radius) maps to brightness.
//! Pixels outside a tile's inscribed circle are drawn dark grey.
namespace orientationimage {

QImage fromGroundMap(const cv::Mat& raw);
QImage fromSatelliteMap(const cv::Mat& raw);

} // namespace orientationimage
} // namespace orinet
