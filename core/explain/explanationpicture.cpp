#include "explain/explanationpicture.h"

#include <opencv2/imgproc.hpp>

#include <algorithm>

namespace orinet {

namespace {

constexpr int kColumnWidth = 560;
constexpr int kMargin = 12;
constexpr int kCaption = 44;

cv::Mat scaledTo(const cv::Mat& image, int width) {
    cv::Mat out;
    const double f = static_cast<double>(width) / image.cols;
    cv::resize(image, out, cv::Size(width, std::max(1, static_cast<int>(image.rows * f + 0.5))), 0,
               0, f > 1 ? cv::INTER_CUBIC : cv::INTER_AREA);
    return out;
}

void text(cv::Mat& picture, const std::string& line, cv::Point at, double size) {
    cv::putText(picture, line, at, cv::FONT_HERSHEY_SIMPLEX, size, cv::Scalar(20, 20, 20), 1,
                cv::LINE_AA);
}

} // namespace

cv::Mat ExplanationPicture::withShares(const cv::Mat& image, const cv::Mat& shares, double scale,
                                       bool wrapColumns) {
    if (shares.total() < 2)
        return image.clone(); // one cell holds the whole similarity: nothing to tell apart
    const cv::Mat map = MatchExplanation::overlay(shares, image.size(), wrapColumns);
    cv::Mat level;
    map.convertTo(level, CV_8U, scale > 0 ? 255.0 / scale : 0.0);
    cv::Mat colours;
    cv::applyColorMap(level, colours, cv::COLORMAP_INFERNO);
    // The image stays readable under weak shares: the colour's weight follows the share.
    cv::Mat out(image.size(), CV_8UC3);
    for (int y = 0; y < image.rows; ++y)
        for (int x = 0; x < image.cols; ++x) {
            const double w = 0.25 + 0.5 * level.at<uchar>(y, x) / 255.0;
            const cv::Vec3b a = image.at<cv::Vec3b>(y, x), b = colours.at<cv::Vec3b>(y, x);
            for (int c = 0; c < 3; ++c)
                out.at<cv::Vec3b>(y, x)[c] = cv::saturate_cast<uchar>(a[c] * (1 - w) + b[c] * w);
        }
    return out;
}

cv::Mat ExplanationPicture::render(const std::vector<Match>& matches) {
    if (matches.empty())
        return {};
    std::vector<cv::Mat> columns;
    int height = 0;
    for (const Match& m : matches) {
        const MatchExplanation& e = m.explanation;
        // One scale per match: a cell's colour on the panorama and on the tile compare.
        double top = 0, low = 0, high = 0;
        cv::minMaxLoc(e.groundShares(), &low, &high);
        top = high;
        cv::minMaxLoc(e.satelliteShares(), &low, &high);
        top = std::max(top, high);
        const cv::Mat panorama = scaledTo(
            withShares(m.panorama, e.groundShares(), top, /*wrapColumns=*/true), kColumnWidth);
        const int tileSide = std::min(kColumnWidth, 360);
        const cv::Mat tile =
            scaledTo(withShares(m.tile, e.satelliteShares(), top, false), tileSide);
        cv::Mat column(kCaption + panorama.rows + kMargin + tile.rows, kColumnWidth, CV_8UC3,
                       cv::Scalar(255, 255, 255));
        text(column, m.caption, {0, 18}, 0.5);
        char similarity[64];
        std::snprintf(similarity, sizeof similarity, "similarity %.3f", e.similarity());
        text(column, similarity, {0, 38}, 0.5);
        panorama.copyTo(column(cv::Rect(0, kCaption, panorama.cols, panorama.rows)));
        tile.copyTo(column(cv::Rect((kColumnWidth - tile.cols) / 2,
                                    kCaption + panorama.rows + kMargin, tile.cols, tile.rows)));
        height = std::max(height, column.rows);
        columns.push_back(column);
    }
    const int width = static_cast<int>(columns.size()) * (kColumnWidth + 2 * kMargin);
    cv::Mat picture(height + 2 * kMargin, width, CV_8UC3, cv::Scalar(255, 255, 255));
    for (size_t i = 0; i < columns.size(); ++i)
        columns[i].copyTo(
            picture(cv::Rect(kMargin + static_cast<int>(i) * (kColumnWidth + 2 * kMargin), kMargin,
                             columns[i].cols, columns[i].rows)));
    return picture;
}

} // namespace orinet
