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

QImage fromBgr(const cv::Mat& image) {
    // OpenCV's BGRA byte order is QImage's 32-bit ARGB on little-endian machines: painting
    // RGB32/ARGB32 needs no per-paint conversion, unlike RGBA8888.
    static_assert(Q_BYTE_ORDER == Q_LITTLE_ENDIAN, "BGRA bytes are ARGB32 on little-endian");
    cv::Mat bgra;
    QImage::Format format = QImage::Format_RGB32;
    switch (image.channels()) {
    case 1:
        cv::cvtColor(image, bgra, cv::COLOR_GRAY2BGRA);
        break;
    case 3:
        cv::cvtColor(image, bgra, cv::COLOR_BGR2BGRA);
        break;
    case 4:
        bgra = image;
        format = QImage::Format_ARGB32;
        break;
    default:
        return {};
    }
    return QImage(bgra.data, bgra.cols, bgra.rows, static_cast<int>(bgra.step), format).copy();
}

} // namespace orinet::orientationimage
