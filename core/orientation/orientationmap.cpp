#include "orientation/orientationmap.h"

#include "common/error.h"
#include "orientation/pairtransform.h"

#include <opencv2/imgproc.hpp>

#include <cmath>

namespace orinet {

namespace {

void requirePositive(int rows, int cols, const char* what) {
    if (rows < 1 || cols < 2)
        throw Error(std::string("invalid ") + what + " size " + std::to_string(rows) + "x" +
                    std::to_string(cols) + " (need at least 1x2)");
}

} // namespace

cv::Mat OrientationMap::groundRaw(int rows, int cols) {
    requirePositive(rows, cols, "panorama");
    cv::Mat map(rows, cols, CV_64FC2);
    const double step = 2.0 * M_PI / (cols - 1);
    const double centreRow = (rows - 1) / 2.0;
    for (int r = 0; r < rows; ++r) {
        auto* row = map.ptr<cv::Vec2d>(r);
        const double pitch = (r - centreRow) * step;
        for (int c = 0; c < cols; ++c)
            row[c] = cv::Vec2d(-M_PI + c * step, pitch);
    }
    return map;
}

cv::Mat OrientationMap::satelliteRaw(int size) {
    requirePositive(size, size, "satellite tile");
    cv::Mat map(size, size, CV_64FC2);
    const double centre = (size - 1) / 2.0;
    const double half = size / 2.0;
    for (int y = 0; y < size; ++y) {
        auto* row = map.ptr<cv::Vec2d>(y);
        const double north = centre - y; // image up is north
        for (int x = 0; x < size; ++x) {
            const double east = x - centre;
            const double radius = std::hypot(east, north) / half;
            if (radius > 1.0) {
                row[x] = cv::Vec2d(0.0, 0.0);
                continue;
            }
            // atan2(east, north) is clockwise from north in (-π, π]; due south (east == +0)
            // gives +π, the seam. The centre has no direction: call it north.
            const double azimuth = (east == 0.0 && north == 0.0) ? 0.0 : std::atan2(east, north);
            row[x] = cv::Vec2d(azimuth, radius);
        }
    }
    return map;
}

cv::Mat OrientationMap::groundChannelsFromRaw(const cv::Mat& raw) {
    CV_Assert(raw.type() == CV_64FC2);
    cv::Mat out;
    raw.convertTo(out, CV_32FC2, 1.0 / M_PI);
    return out;
}

cv::Mat OrientationMap::groundChannels(int rows, int cols) {
    return groundChannelsFromRaw(groundRaw(rows, cols));
}

cv::Mat OrientationMap::satelliteChannels(int size) {
    requirePositive(size, size, "satellite tile");
    const cv::Mat raw = satelliteRaw(size);
    cv::Mat out(size, size, CV_32FC2);
    const double centre = (size - 1) / 2.0;
    const double half = size / 2.0;
    for (int y = 0; y < size; ++y) {
        const auto* in = raw.ptr<cv::Vec2d>(y);
        auto* row = out.ptr<cv::Vec2f>(y);
        for (int x = 0; x < size; ++x) {
            // Decide "inside" from geometry, not from the raw values: the centre is (0, 0)
            // raw too, but it is inside.
            const bool inside = std::hypot(x - centre, y - centre) / half <= 1.0;
            row[x] = inside ? cv::Vec2f(static_cast<float>(in[x][0] / M_PI),
                                        static_cast<float>((in[x][1] - 0.5) * 2.0))
                            : cv::Vec2f(0.f, 0.f);
        }
    }
    return out;
}

cv::Mat OrientationMap::cvactGroundRaw(int panoramaRows, int panoramaCols, cv::Size target) {
    const cv::Mat cropped = cropMiddleHalfRows(groundRaw(panoramaRows, panoramaCols));
    cv::Mat out;
    cv::resize(cropped, out, target, 0, 0, cv::INTER_AREA);
    return out;
}

} // namespace orinet
