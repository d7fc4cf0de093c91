#include "orientationimage.h"

#include <QColor>

#include <opencv2/imgproc.hpp>

#include <cmath>

namespace orinet::orientationimage {

namespace {

QRgb directionColour(double radians, double value) {
    // North (0) is red, east green-ish, south cyan, west purple: hue turns with the compass.
    double hue = std::fmod(radians / (2.0 * M_PI) + 1.0, 1.0);
    return QColor::fromHsvF(static_cast<float>(hue), 0.85f,
                            static_cast<float>(std::clamp(value, 0.0, 1.0)))
        .rgb();
}

} // namespace

QImage fromGroundMap(const cv::Mat& raw) {
    CV_Assert(raw.type() == CV_64FC2);
    QImage out(raw.cols, raw.rows, QImage::Format_RGB32);
    for (int r = 0; r < raw.rows; ++r) {
        const auto* in = raw.ptr<cv::Vec2d>(r);
        auto* line = reinterpret_cast<QRgb*>(out.scanLine(r));
        for (int c = 0; c < raw.cols; ++c)
            line[c] = directionColour(in[c][0], 0.95 - 0.5 * std::abs(in[c][1]) / M_PI);
    }
    return out;
}

QImage fromSatelliteMap(const cv::Mat& raw) {
    CV_Assert(raw.type() == CV_64FC2);
    QImage out(raw.cols, raw.rows, QImage::Format_RGB32);
    const double centre = (raw.rows - 1) / 2.0;
    for (int r = 0; r < raw.rows; ++r) {
        const auto* in = raw.ptr<cv::Vec2d>(r);
        auto* line = reinterpret_cast<QRgb*>(out.scanLine(r));
        for (int c = 0; c < raw.cols; ++c) {
            const bool inside = std::hypot(c - centre, r - centre) <= raw.rows / 2.0;
            line[c] = inside ? directionColour(in[c][0], 0.45 + 0.5 * in[c][1]) : qRgb(40, 40, 40);
        }
    }
    return out;
}

} // namespace orinet::orientationimage
