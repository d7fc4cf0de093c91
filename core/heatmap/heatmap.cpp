#include "heatmap/heatmap.h"

#include "common/error.h"
#include "common/numbertext.h"
#include "dataset/batch.h"
#include "dataset/pairrecord.h"
#include "dataset/preprocessor.h"
#include "geo/geotiff.h"
#include "geo/rastersource.h"
#include "model/descriptormodel.h"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>
#include <limits>

namespace orinet {

namespace {

constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();

std::string formatScore(float v) {
    return text::fixed(static_cast<double>(v), 3);
}

} // namespace

HeatMap::HeatMap(const HeatMapGrid& grid, cv::Mat scores, Crs crs)
    : mGrid(grid)
    , mScores(std::move(scores))
    , mCrs(std::move(crs)) {
    if (mScores.type() != CV_32F || mScores.rows != grid.rows || mScores.cols != grid.cols)
        throw Error("heat-map scores must be a " + std::to_string(grid.rows) + " x " +
                    std::to_string(grid.cols) + " float32 matrix");
}

HeatMap::HeatMap(const HeatMapGrid& grid, cv::Mat scores, Crs crs, cv::Mat described)
    : HeatMap(grid, std::move(scores), std::move(crs)) {
    if (!described.empty() && (described.type() != CV_8U || described.size() != mScores.size()))
        throw Error("a heat map's described places must be a " + std::to_string(grid.rows) + " x " +
                    std::to_string(grid.cols) + " 8-bit mask");
    mDescribed = std::move(described);
}

HeatMap::HeatMap(const HeatMapGrid& grid, cv::Mat scores, Crs crs, cv::Mat described,
                 std::vector<float> rises)
    : HeatMap(grid, std::move(scores), std::move(crs), std::move(described)) {
    mRises = std::move(rises);
    mRises.erase(std::remove_if(mRises.begin(), mRises.end(),
                                [](float rise) { return !std::isfinite(rise); }),
                 mRises.end());
    std::sort(mRises.begin(), mRises.end());
}

size_t HeatMap::describedCount() const {
    return mDescribed.empty() ? mGrid.cellCount()
                              : static_cast<size_t>(cv::countNonZero(mDescribed));
}

std::pair<float, float> HeatMap::range() const {
    float low = std::numeric_limits<float>::infinity(), high = -low;
    for (int r = 0; r < mScores.rows; ++r) {
        const float* row = mScores.ptr<float>(r);
        for (int c = 0; c < mScores.cols; ++c)
            if (std::isfinite(row[c])) {
                low = std::min(low, row[c]);
                high = std::max(high, row[c]);
            }
    }
    return {low, high};
}

std::vector<HeatMapPeak> HeatMap::peaks(int count, double minSeparation) const {
    // Local maxima of the 8-neighbourhood, best first; then greedy suppression by distance. On a
    // plateau of equal scores only its first cell in raster order counts.
    std::vector<HeatMapPeak> candidates;
    for (int r = 0; r < mScores.rows; ++r)
        for (int c = 0; c < mScores.cols; ++c) {
            const float v = mScores.at<float>(r, c);
            if (!std::isfinite(v))
                continue;
            bool maximum = true;
            for (int dr = -1; dr <= 1 && maximum; ++dr)
                for (int dc = -1; dc <= 1; ++dc) {
                    const int rr = r + dr, cc = c + dc;
                    if (!(dr || dc) || rr < 0 || cc < 0 || rr >= mScores.rows || cc >= mScores.cols)
                        continue;
                    const float n = mScores.at<float>(rr, cc);
                    const bool earlier = dr < 0 || (dr == 0 && dc < 0);
                    if (n > v || (earlier && n == v)) {
                        maximum = false;
                        break;
                    }
                }
            if (maximum)
                candidates.push_back({c, r, mGrid.centre(c, r), v});
        }
    std::sort(candidates.begin(), candidates.end(),
              [](const HeatMapPeak& a, const HeatMapPeak& b) { return a.score > b.score; });
    std::vector<HeatMapPeak> out;
    for (const HeatMapPeak& p : candidates) {
        if (static_cast<int>(out.size()) >= count)
            break;
        const bool apart = std::all_of(out.begin(), out.end(), [&](const HeatMapPeak& q) {
            return std::hypot(p.position.x - q.position.x, p.position.y - q.position.y) >=
                   minSeparation;
        });
        if (apart)
            out.push_back(p);
    }
    return out;
}

float HeatMap::scoreAt(const cv::Point2d& map) const {
    const cv::Point2d cell = mGrid.cellOf(map);
    const int c = static_cast<int>(std::lround(cell.x)), r = static_cast<int>(std::lround(cell.y));
    if (c < 0 || r < 0 || c >= mScores.cols || r >= mScores.rows)
        return kNaN;
    return mScores.at<float>(r, c);
}

float HeatMap::truthScore(const cv::Point2d& map) const {
    const cv::Point2d cell = mGrid.cellOf(map);
    const int c = static_cast<int>(std::lround(cell.x)), r = static_cast<int>(std::lround(cell.y));
    if (c < 0 || r < 0 || c >= mScores.cols || r >= mScores.rows)
        return kNaN;
    if (mDescribed.empty() || mDescribed.at<uchar>(r, c))
        return mScores.at<float>(r, c);
    // Square rings outwards until no nearer place can follow; the nearest by distance, the
    // inner ring and then the first in raster order on a tie.
    const int limit = std::max(mScores.rows, mScores.cols);
    int bestDistance = std::numeric_limits<int>::max();
    float best = kNaN;
    for (int ring = 1; ring < limit && ring * ring <= bestDistance; ++ring)
        for (int rr = std::max(0, r - ring); rr <= std::min(mScores.rows - 1, r + ring); ++rr)
            for (int cc = std::max(0, c - ring); cc <= std::min(mScores.cols - 1, c + ring); ++cc) {
                if (std::max(std::abs(rr - r), std::abs(cc - c)) != ring ||
                    !mDescribed.at<uchar>(rr, cc))
                    continue;
                const int d = (rr - r) * (rr - r) + (cc - c) * (cc - c);
                if (d < bestDistance) {
                    bestDistance = d;
                    best = mScores.at<float>(rr, cc);
                }
            }
    return best;
}

std::optional<size_t> HeatMap::rankOf(const cv::Point2d& map) const {
    const float v = truthScore(map);
    if (!std::isfinite(v))
        return std::nullopt;
    const bool estimate = !mDescribed.empty() && !mRises.empty();
    size_t higher = 0;
    double expected = 0; // interpolated places expected above the truth
    for (int r = 0; r < mScores.rows; ++r) {
        const float* row = mScores.ptr<float>(r);
        const uchar* exact = estimate ? mDescribed.ptr<uchar>(r) : nullptr;
        for (int c = 0; c < mScores.cols; ++c) {
            if (exact && !exact[c]) {
                // The share of sampled rises that would lift this place above the truth.
                const auto lifting =
                    mRises.end() - std::upper_bound(mRises.begin(), mRises.end(), v - row[c]);
                expected += static_cast<double>(lifting) / mRises.size();
            } else {
                higher += row[c] > v ? 1 : 0;
            }
        }
    }
    return higher + static_cast<size_t>(std::llround(expected));
}

void HeatMap::writeGeoTiff(const std::string& path) const {
    if (mScores.empty())
        throw Error(path, "the heat map is empty");
    GeoTiff::write(path, mScores, mGrid.transform(), mCrs, nullptr,
                   std::numeric_limits<double>::quiet_NaN());
}

cv::Mat HeatMap::colourRamp(int colormap, int length) {
    cv::Mat ramp(1, std::max(2, length), CV_8UC1);
    for (int i = 0; i < ramp.cols; ++i)
        ramp.at<uchar>(0, i) = static_cast<uchar>(std::lround(255.0 * i / (ramp.cols - 1)));
    cv::Mat colours;
    cv::applyColorMap(ramp, colours, colormap);
    return colours;
}

cv::Mat HeatMap::colourise(int colormap, float low, float high) const {
    const float span = high > low ? high - low : 1.0f;
    cv::Mat grey(mScores.size(), CV_8UC1);
    cv::Mat valid(mScores.size(), CV_8UC1);
    for (int r = 0; r < mScores.rows; ++r) {
        const float* in = mScores.ptr<float>(r);
        uchar* g = grey.ptr<uchar>(r);
        uchar* m = valid.ptr<uchar>(r);
        for (int c = 0; c < mScores.cols; ++c) {
            m[c] = std::isfinite(in[c]) ? 255 : 0;
            g[c] = m[c] ? cv::saturate_cast<uchar>((in[c] - low) / span * 255.0f) : 0;
        }
    }
    cv::Mat colours, bgra;
    cv::applyColorMap(grey, colours, colormap);
    cv::cvtColor(colours, bgra, cv::COLOR_BGR2BGRA);
    // Transparent (and black, i.e. premultiplied) where there is no score.
    bgra.setTo(cv::Scalar::all(0), valid == 0);
    return bgra;
}

cv::Mat HeatMap::renderPicture(const RasterSource& raster, const std::vector<HeatMapPeak>& peaks,
                               const std::optional<cv::Point2d>& truth, int width) const {
    const cv::Rect2d extent = mGrid.extent();
    const int w = std::max(64, width);
    const int h = std::max(1, static_cast<int>(std::lround(w * extent.height / extent.width)));
    const double pixelsPerUnit = w / extent.width;
    cv::Mat base = raster.readRegion(extent, cv::Size(w, h));
    const auto [low, high] = range();
    cv::Mat cells = colourise(cv::COLORMAP_INFERNO, low, high);
    cv::Mat scaled;
    cv::resize(cells, scaled, base.size(), 0, 0, cv::INTER_NEAREST);
    // 60 % heat over the raster where there is a score.
    cv::Mat picture = base.clone();
    for (int r = 0; r < picture.rows; ++r) {
        const cv::Vec4b* heat = scaled.ptr<cv::Vec4b>(r);
        cv::Vec3b* out = picture.ptr<cv::Vec3b>(r);
        for (int c = 0; c < picture.cols; ++c)
            if (heat[c][3])
                for (int k = 0; k < 3; ++k)
                    out[c][k] = cv::saturate_cast<uchar>(0.4 * out[c][k] + 0.6 * heat[c][k]);
    }
    auto toPixel = [&](const cv::Point2d& p) {
        return cv::Point(
            static_cast<int>(std::lround((p.x - extent.x) * pixelsPerUnit)),
            static_cast<int>(std::lround((extent.y + extent.height - p.y) * pixelsPerUnit)));
    };
    const int radius = std::max(6, w / 120);
    for (size_t i = 0; i < peaks.size(); ++i) {
        const cv::Point at = toPixel(peaks[i].position);
        cv::circle(picture, at, radius, cv::Scalar(0, 0, 0), 4, cv::LINE_AA);
        cv::circle(picture, at, radius, cv::Scalar(255, 255, 255), 2, cv::LINE_AA);
        cv::putText(picture, std::to_string(i + 1), at + cv::Point(radius + 2, -radius),
                    cv::FONT_HERSHEY_SIMPLEX, 0.6, cv::Scalar(0, 0, 0), 4, cv::LINE_AA);
        cv::putText(picture, std::to_string(i + 1), at + cv::Point(radius + 2, -radius),
                    cv::FONT_HERSHEY_SIMPLEX, 0.6, cv::Scalar(255, 255, 255), 1, cv::LINE_AA);
    }
    if (truth) {
        const cv::Point at = toPixel(*truth);
        cv::circle(picture, at, radius + 4, cv::Scalar(0, 0, 0), 5, cv::LINE_AA);
        cv::circle(picture, at, radius + 4, cv::Scalar(120, 220, 80), 3, cv::LINE_AA);
    }
    // A colour bar with the score range under the map.
    const int barHeight = 44;
    cv::Mat out(picture.rows + barHeight, picture.cols, CV_8UC3, cv::Scalar(30, 26, 22));
    picture.copyTo(out(cv::Rect(0, 0, picture.cols, picture.rows)));
    const int barWidth = std::min(360, picture.cols - 160);
    cv::Mat ramp;
    cv::resize(colourRamp(cv::COLORMAP_INFERNO, 256), ramp, cv::Size(barWidth, 12), 0, 0,
               cv::INTER_LINEAR);
    const cv::Point origin(80, picture.rows + 8);
    ramp.copyTo(out(cv::Rect(origin, ramp.size())));
    const cv::Scalar text(235, 235, 235);
    cv::putText(out, formatScore(low), origin + cv::Point(-70, 11), cv::FONT_HERSHEY_SIMPLEX, 0.45,
                text, 1, cv::LINE_AA);
    cv::putText(out, formatScore(high), origin + cv::Point(barWidth + 8, 11),
                cv::FONT_HERSHEY_SIMPLEX, 0.45, text, 1, cv::LINE_AA);
    cv::putText(out, "cosine similarity of the query to every place; green ring: true position",
                origin + cv::Point(0, 30), cv::FONT_HERSHEY_SIMPLEX, 0.42, text, 1, cv::LINE_AA);
    return out;
}

cv::Mat HeatMap::describePanorama(DescriptorModel& model, const Preprocessor& preprocessor,
                                  const PairRecord& pair) {
    const cv::Mat image = Preprocessor::readImage(pair.panoramaPath);
    cv::Mat input;
    try {
        input = preprocessor.ground(image);
    } catch (const Error& e) {
        throw Error(pair.panoramaPath, e.what());
    }
    const InputPreset& preset = preprocessor.preset();
    TensorBuffer buffer;
    buffer.shape = {1, preprocessor.channels(), preset.groundRows, preset.groundCols};
    buffer.data.resize(buffer.count());
    Preprocessor::copyToBuffer(input, buffer, 0);
    return model.describe(Branch::Ground, buffer);
}

} // namespace orinet
