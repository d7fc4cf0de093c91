#include "geo/crossview.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace orinet::crossview {

double wrap(double radians) {
    if (!std::isfinite(radians))
        return radians;
    double a = std::fmod(radians, 2 * M_PI); // (−2π, 2π)
    if (a <= -M_PI)
        a += 2 * M_PI;
    else if (a > M_PI)
        a -= 2 * M_PI;
    return a;
}

double yawOfColumn(double column, int width) {
    return -M_PI + column * 2 * M_PI / (width - 1);
}

double columnOfYaw(double yaw, int width) {
    double a = wrap(yaw);
    if (a == M_PI)
        a = -M_PI; // the seam: the left edge
    return (a + M_PI) * (width - 1) / (2 * M_PI);
}

double pitchOfRow(double row, int height, int width) {
    return (row - (height - 1) / 2.0) * 2 * M_PI / (width - 1);
}

double rowOfPitch(double pitch, int height, int width) {
    return pitch * (width - 1) / (2 * M_PI) + (height - 1) / 2.0;
}

double cvactSourceRow(double shownRow, int shownRows, int sourceRows) {
    // Pixel edges: shown [i, i+1) covers source [first + i·scale, first + (i+1)·scale).
    const double first = sourceRows / 4.0;
    const double scale = (sourceRows / 2.0) / shownRows;
    return first + (shownRow + 0.5) * scale - 0.5;
}

double cvactShownRow(double sourceRow, int shownRows, int sourceRows) {
    const double first = sourceRows / 4.0;
    const double scale = (sourceRows / 2.0) / shownRows;
    return (sourceRow + 0.5 - first) / scale - 0.5;
}

double azimuthOfTilePixel(const cv::Point2d& pixel, int size) {
    const double c = (size - 1) / 2.0;
    const double dx = pixel.x - c, dy = pixel.y - c;
    if (dx == 0 && dy == 0)
        return 0;
    // Clockwise from image up: east (+x) is +π/2, south (+y) is π.
    return wrap(std::atan2(dx, -dy));
}

double tileDistance(const cv::Point2d& pixel, int size) {
    const double c = (size - 1) / 2.0;
    return std::hypot(pixel.x - c, pixel.y - c);
}

cv::Point2d tilePixelAt(double azimuth, double distance, int size) {
    const double c = (size - 1) / 2.0;
    return {c + distance * std::sin(azimuth), c - distance * std::cos(azimuth)};
}

cv::Point2d tileBorderPoint(double azimuth, int size) {
    const double c = (size - 1) / 2.0;
    const double dx = std::sin(azimuth), dy = -std::cos(azimuth);
    // The first of the four border lines the ray reaches.
    double t = std::numeric_limits<double>::infinity();
    if (std::abs(dx) > 1e-12)
        t = std::min(t, c / std::abs(dx));
    if (std::abs(dy) > 1e-12)
        t = std::min(t, c / std::abs(dy));
    return {c + t * dx, c + t * dy};
}

double groundDistance(double pitch, double cameraHeight) {
    if (!(pitch > 0))
        return std::numeric_limits<double>::infinity();
    return cameraHeight / std::tan(pitch);
}

std::string compassName(double azimuth) {
    static const char* const kNames[16] = {"N", "NNE", "NE", "ENE", "E", "ESE", "SE", "SSE",
                                           "S", "SSW", "SW", "WSW", "W", "WNW", "NW", "NNW"};
    double a = wrap(azimuth);
    if (a < 0)
        a += 2 * M_PI;
    const int index = static_cast<int>(std::floor(a / (2 * M_PI) * 16 + 0.5)) % 16;
    return kNames[index];
}

} // namespace orinet::crossview
