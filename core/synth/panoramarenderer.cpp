#include "synth/panoramarenderer.h"

#include "common/error.h"
#include "synth/townmap.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace orinet {

namespace {

//! Rays go no further than this (metres); farther ground fades into haze.
constexpr double kMaxDistance = 300.0;
const cv::Vec3d kHaze(215, 205, 195);
const cv::Vec3d kSkyHorizon(238, 226, 212);
const cv::Vec3d kSkyZenith(205, 148, 92);
const cv::Vec3d kWindow(78, 64, 52);
constexpr double kHazeMetres = 900.0;

cv::Vec3d bilinear(const cv::Mat& image, double x, double y) {
    x = std::clamp(x, 0.0, image.cols - 1.0);
    y = std::clamp(y, 0.0, image.rows - 1.0);
    const int x0 = std::min(static_cast<int>(x), image.cols - 2 < 0 ? 0 : image.cols - 2);
    const int y0 = std::min(static_cast<int>(y), image.rows - 2 < 0 ? 0 : image.rows - 2);
    const int x1 = std::min(x0 + 1, image.cols - 1);
    const int y1 = std::min(y0 + 1, image.rows - 1);
    const double fx = x - x0;
    const double fy = y - y0;
    const cv::Vec3b a = image.at<cv::Vec3b>(y0, x0);
    const cv::Vec3b b = image.at<cv::Vec3b>(y0, x1);
    const cv::Vec3b c = image.at<cv::Vec3b>(y1, x0);
    const cv::Vec3b d = image.at<cv::Vec3b>(y1, x1);
    cv::Vec3d out;
    for (int k = 0; k < 3; ++k)
        out[k] = (a[k] * (1 - fx) + b[k] * fx) * (1 - fy) + (c[k] * (1 - fx) + d[k] * fx) * fy;
    return out;
}

//! Deterministic pseudo-random value in [0, 1) for leaf texture.
double hash3(int a, int b, int c) {
    uint32_t h = static_cast<uint32_t>(a) * 73856093u ^ static_cast<uint32_t>(b) * 19349663u ^
                 static_cast<uint32_t>(c) * 83492791u;
    h ^= h >> 13;
    h *= 0x5bd1e995u;
    h ^= h >> 15;
    return (h & 0xffffff) / double(0x1000000);
}

cv::Vec3b toPixel(const cv::Vec3d& c) {
    return {cv::saturate_cast<uchar>(c[0]), cv::saturate_cast<uchar>(c[1]),
            cv::saturate_cast<uchar>(c[2])};
}

} // namespace

PanoramaRenderer::PanoramaRenderer(const TownMap& map)
    : mMap(map) {}

double PanoramaRenderer::yaw(int col, int cols) {
    return -M_PI + col * 2.0 * M_PI / (cols - 1);
}

double PanoramaRenderer::pitch(int row, int rows, int cols) {
    return (row - (rows - 1) / 2.0) * 2.0 * M_PI / (cols - 1);
}

RenderedPanorama PanoramaRenderer::render(const UtmPoint& position, double cameraHeight, int rows,
                                          int cols) const {
    if (rows < 1 || cols < 2)
        throw Error("panorama needs at least 1 row and 2 columns, got " + std::to_string(rows) +
                    "x" + std::to_string(cols));
    if (!mMap.contains(position))
        throw Error("panorama position is outside the synthetic town");
    const GeoTransform& geo = mMap.transform();
    const double gsd = geo.pixelSize;
    const cv::Mat& height = mMap.height();
    const cv::Mat& labels = mMap.labels();
    const cv::Mat& side = mMap.sideColour();
    const std::vector<cv::Mat>& pyramid = mMap.colourPyramid();
    const int maxLevel = static_cast<int>(pyramid.size()) - 1;
    const cv::Point2d p0 = geo.toPixel(position);
    const int cx = std::clamp(static_cast<int>(std::lround(p0.x)), 0, height.cols - 1);
    const int cy = std::clamp(static_cast<int>(std::lround(p0.y)), 0, height.rows - 1);
    // the town's ground is flat (height() holds objects on it), so the camera is at
    // cameraHeight whatever overhangs it
    const double zc = cameraHeight;
    const double angularStep = 2.0 * M_PI / (cols - 1);
    const double sunE = std::sin(mMap.sunAzimuth());
    const double sunN = std::cos(mMap.sunAzimuth());

    // physical elevation is minus the pitch (row 0 looks up)
    std::vector<double> elevation(rows);
    std::vector<double> tanElevation(rows);
    for (int r = 0; r < rows; ++r) {
        elevation[r] = -pitch(r, rows, cols);
        tanElevation[r] = std::tan(elevation[r]);
    }

    RenderedPanorama out;
    out.colour.create(rows, cols, CV_8UC3);
    out.labels.create(rows, cols, CV_8UC1);

    auto fog = [](const cv::Vec3d& c, double distance) {
        const double k = 1.0 - std::exp(-distance / kHazeMetres);
        return c * (1 - k) + kHaze * k;
    };

    for (int c = 0; c < cols; ++c) {
        const double theta = yaw(c, cols);
        const double ux = std::sin(theta);  // east component
        const double uy = -std::cos(theta); // pixel rows grow south
        int r = rows - 1;                   // lowest still-empty row
        double tPrev = 0.0;
        int prevX = cx;
        int prevY = cy;
        double t = 0.25;
        while (r >= 0 && t < kMaxDistance) {
            const int ix = static_cast<int>(std::lround(p0.x + ux * t / gsd));
            const int iy = static_cast<int>(std::lround(p0.y + uy * t / gsd));
            if (ix < 0 || iy < 0 || ix >= height.cols || iy >= height.rows)
                break;
            const double h = height.at<float>(iy, ix);
            const double topElevation = std::atan2(h - zc, t);
            while (r >= 0 && elevation[r] <= topElevation) {
                const double tanE = tanElevation[r];
                cv::Vec3d colour;
                uchar label = 0;
                if (zc + tPrev * tanE > h && tanE < 0) {
                    // the ray came down onto this surface (ground, roof) between two samples:
                    // hit it exactly and show the orthophoto there
                    const double d = (zc - h) / -tanE;
                    const double qx = p0.x + ux * d / gsd;
                    const double qy = p0.y + uy * d / gsd;
                    const double footprint = d * angularStep / gsd;
                    const int level = std::clamp(
                        footprint > 1.0 ? static_cast<int>(std::log2(footprint)) : 0, 0, maxLevel);
                    const double f = 1 << level;
                    colour = bilinear(pyramid[level], (qx + 0.5) / f - 0.5, (qy + 0.5) / f - 0.5);
                    const int lx =
                        std::clamp(static_cast<int>(std::lround(qx)), 0, labels.cols - 1);
                    const int ly =
                        std::clamp(static_cast<int>(std::lround(qy)), 0, labels.rows - 1);
                    label = labels.at<uchar>(ly, lx);
                    colour = fog(colour, d);
                } else {
                    // a vertical face (facade, crown) at distance t
                    label = labels.at<uchar>(iy, ix);
                    const cv::Vec3b base = side.at<cv::Vec3b>(iy, ix);
                    colour = cv::Vec3d(base[0], base[1], base[2]);
                    const double z = zc + t * tanE;
                    if (label == static_cast<uchar>(SceneClass::Building)) {
                        // which face: crossing a column boundary means an east/west wall
                        const bool eastWest = ix != prevX || iy == prevY;
                        const double nE = eastWest ? -std::copysign(1.0, ux) : 0.0;
                        const double nN = eastWest ? 0.0 : std::copysign(1.0, uy); // -north
                        const double light = 0.72 + 0.28 * std::max(0.0, nE * sunE + nN * sunN);
                        colour *= light;
                        const double along = (eastWest ? iy : ix) * gsd;
                        const double storey = std::fmod(z, 3.2);
                        const double bay = std::fmod(along, 3.0);
                        if (z > 0.8 && z < h - 0.6 && storey > 1.0 && storey < 2.3 && bay > 0.8 &&
                            bay < 2.2)
                            colour = kWindow * light;
                    } else if (label == static_cast<uchar>(SceneClass::Tree)) {
                        colour *= 0.8 + 0.4 * hash3(ix, iy, static_cast<int>(z * 4));
                    }
                    colour = fog(colour, t);
                }
                out.colour.at<cv::Vec3b>(r, c) = toPixel(colour);
                out.labels.at<uchar>(r, c) = label;
                --r;
            }
            tPrev = t;
            prevX = ix;
            prevY = iy;
            t += 0.2 + 0.008 * t; // finer steps near the camera, where detail is large
        }
        for (; r >= 0; --r) {
            if (elevation[r] > 0) {
                const double k = std::pow(std::min(1.0, elevation[r] / (M_PI / 2)), 0.6);
                out.colour.at<cv::Vec3b>(r, c) = toPixel(kSkyHorizon * (1 - k) + kSkyZenith * k);
                out.labels.at<uchar>(r, c) = static_cast<uchar>(SceneClass::Sky);
            } else {
                out.colour.at<cv::Vec3b>(r, c) = toPixel(kHaze * 0.92);
                out.labels.at<uchar>(r, c) = static_cast<uchar>(SceneClass::Ground);
            }
        }
    }
    return out;
}

} // namespace orinet
