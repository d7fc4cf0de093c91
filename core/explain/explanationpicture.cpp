#include "explain/explanationpicture.h"

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <openssl/evp.h>

#include <algorithm>
#include <cstdio>

namespace orinet {

namespace {

constexpr int kColumnWidth = 560;
constexpr int kMargin = 12;
constexpr int kCaption = 44;
constexpr int kTileSide = 360;
constexpr int kScaleGap = 14;    // between the tile and the colour scale
constexpr int kScaleHeight = 10; // the colour bar
constexpr int kScaleText = 30;   // the bar's labels under it

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

std::string format(const char* pattern, double value) {
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, pattern, value);
    return buffer;
}

//! The largest share of a match on the sides drawn (those of more than one cell): one scale
//! for both images of a match, so a cell's colour on the panorama and on the tile compare.
double largestShare(const MatchExplanation& e) {
    double largest = 0;
    for (const cv::Mat* shares : {&e.groundShares(), &e.satelliteShares()}) {
        double low = 0, high = 0;
        if (shares->total() > 1)
            cv::minMaxLoc(*shares, &low, &high);
        largest = std::max(largest, high);
    }
    return largest;
}

//! Inferno's colour (8-bit BGR) at `level` in [0, 255], as applyColorMap draws it.
cv::Vec3b inferno(int level) {
    cv::Mat one(1, 1, CV_8U, cv::Scalar(level)), colour;
    cv::applyColorMap(one, colour, cv::COLORMAP_INFERNO);
    return colour.at<cv::Vec3b>(0, 0);
}

//! One column of the figure, laid out once for the PNG and the SVG.
struct Column {
    cv::Mat panorama; //!< with its shares, at its size in the figure
    cv::Mat tile;
    cv::Rect panoramaAt, tileAt, scaleAt; //!< within the column
    double scale = 0;                     //!< the share drawn at full strength
    bool coloured = false;                //!< false: one cell per side, nothing drawn
    int height = 0;
};

Column layOut(const ExplanationPicture::Match& m) {
    const MatchExplanation& e = m.explanation;
    Column c;
    c.scale = largestShare(e);
    c.coloured = e.groundShares().total() > 1 || e.satelliteShares().total() > 1;
    c.panorama = scaledTo(
        ExplanationPicture::withShares(m.panorama, e.groundShares(), c.scale, true), kColumnWidth);
    c.tile = scaledTo(ExplanationPicture::withShares(m.tile, e.satelliteShares(), c.scale, false),
                      std::min(kColumnWidth, kTileSide));
    c.panoramaAt = {0, kCaption, c.panorama.cols, c.panorama.rows};
    c.tileAt = {(kColumnWidth - c.tile.cols) / 2, c.panoramaAt.br().y + kMargin, c.tile.cols,
                c.tile.rows};
    c.scaleAt = {c.tileAt.x, c.tileAt.br().y + kScaleGap, c.tile.cols, kScaleHeight};
    const int extraLines = e.isExact() ? 0 : 1; // scaleLabel()'s second line
    c.height = c.coloured ? c.scaleAt.br().y + kScaleText + 18 * extraLines : c.tileAt.br().y;
    return c;
}

//! `times` is how the figure writes the product sign: OpenCV's Hershey font has no '×'.
std::vector<std::string> scaleLabel(const MatchExplanation& e, double scale,
                                    const char* times = "x") {
    if (!e.isExact())
        return {std::string("gradient ") + times + " input per pixel, positive part: 0 to " +
                    format("%.2g", scale),
                "an approximation, not an exact split"};
    std::string label = "share of the similarity per cell: 0 to " + format("%.3f", scale);
    if (e.satelliteShares().total() < 2)
        label += " (the tile is one cell)";
    else if (e.groundShares().total() < 2)
        label += " (the panorama is one cell)";
    return {label};
}

std::string xmlEscaped(const std::string& text) {
    std::string out;
    for (char ch : text) {
        switch (ch) {
        case '&':
            out += "&amp;";
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '"':
            out += "&quot;";
            break;
        default:
            out += ch;
        }
    }
    return out;
}

//! An 8-bit BGR image as a data URI of a PNG, for an SVG <image>.
std::string pngDataUri(const cv::Mat& image) {
    std::vector<uchar> png;
    cv::imencode(".png", image, png);
    std::string base64(4 * ((png.size() + 2) / 3) + 1, '\0');
    const int length = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(base64.data()), png.data(),
                                       static_cast<int>(png.size()));
    base64.resize(static_cast<size_t>(std::max(length, 0)));
    return "data:image/png;base64," + base64;
}

std::string hexColour(const cv::Vec3b& bgr) {
    char buffer[8];
    std::snprintf(buffer, sizeof buffer, "#%02x%02x%02x", bgr[2], bgr[1], bgr[0]);
    return buffer;
}

//! Thin lines between the cells of a share grid over `at`, so the blocks the numbers belong
//! to can be told apart on the smooth overlay.
std::string svgCellGrid(const cv::Mat& shares, const cv::Rect& at) {
    std::string out;
    auto line = [&](double x1, double y1, double x2, double y2) {
        out += "<line x1=\"" + format("%.2f", x1) + "\" y1=\"" + format("%.2f", y1) + "\" x2=\"" +
               format("%.2f", x2) + "\" y2=\"" + format("%.2f", y2) + "\"/>\n";
    };
    for (int col = 1; col < shares.cols; ++col) {
        const double x = at.x + at.width * static_cast<double>(col) / shares.cols;
        line(x, at.y, x, at.br().y);
    }
    for (int row = 1; row < shares.rows; ++row) {
        const double y = at.y + at.height * static_cast<double>(row) / shares.rows;
        line(at.x, y, at.br().x, y);
    }
    return out;
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
        const Column c = layOut(m);
        cv::Mat column(c.height, kColumnWidth, CV_8UC3, cv::Scalar(255, 255, 255));
        text(column, m.caption, {0, 18}, 0.5);
        text(column, "similarity " + format("%.3f", m.explanation.similarity()), {0, 38}, 0.5);
        c.panorama.copyTo(column(c.panoramaAt));
        c.tile.copyTo(column(c.tileAt));
        if (c.coloured) {
            for (int x = 0; x < c.scaleAt.width; ++x)
                column(cv::Rect(c.scaleAt.x + x, c.scaleAt.y, 1, c.scaleAt.height))
                    .setTo(inferno(x * 255 / std::max(1, c.scaleAt.width - 1)));
            const std::vector<std::string> lines = scaleLabel(m.explanation, c.scale);
            for (size_t l = 0; l < lines.size(); ++l)
                text(column, lines[l],
                     {c.scaleAt.x, c.scaleAt.br().y + 18 * static_cast<int>(l + 1)}, 0.42);
        }
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

std::string ExplanationPicture::renderSvg(const std::vector<Match>& matches) {
    std::vector<Column> columns;
    int height = 0;
    for (const Match& m : matches) {
        columns.push_back(layOut(m));
        height = std::max(height, columns.back().height);
    }
    const int width = static_cast<int>(columns.size()) * (kColumnWidth + 2 * kMargin);
    height += 2 * kMargin;
    std::string svg = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                      "<svg xmlns=\"http://www.w3.org/2000/svg\" "
                      "xmlns:xlink=\"http://www.w3.org/1999/xlink\" version=\"1.1\" width=\"" +
                      std::to_string(width) + "pt\" height=\"" + std::to_string(height) +
                      "pt\" viewBox=\"0 0 " + std::to_string(width) + " " + std::to_string(height) +
                      "\">\n<title>Why this match (OriNet Studio)</title>\n";
    // The colour scale: inferno, sampled as applyColorMap draws the images.
    svg += "<defs><linearGradient id=\"inferno\" x1=\"0\" x2=\"1\" y1=\"0\" y2=\"0\">\n";
    for (int stop = 0; stop <= 16; ++stop)
        svg += "<stop offset=\"" + format("%.4f", stop / 16.0) + "\" stop-color=\"" +
               hexColour(inferno(stop * 255 / 16)) + "\"/>\n";
    svg += "</linearGradient></defs>\n"
           "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
           "<g font-family=\"Helvetica, Arial, sans-serif\" fill=\"#141414\">\n";
    for (size_t i = 0; i < columns.size(); ++i) {
        const Column& c = columns[i];
        const Match& m = matches[i];
        const int x0 = kMargin + static_cast<int>(i) * (kColumnWidth + 2 * kMargin), y0 = kMargin;
        svg +=
            "<g transform=\"translate(" + std::to_string(x0) + " " + std::to_string(y0) + ")\">\n";
        svg += "<text x=\"0\" y=\"16\" font-size=\"14\">" + xmlEscaped(m.caption) + "</text>\n";
        svg += "<text x=\"0\" y=\"36\" font-size=\"14\">similarity " +
               format("%.3f", m.explanation.similarity()) + "</text>\n";
        for (const auto& [image, at] :
             {std::pair{&c.panorama, c.panoramaAt}, std::pair{&c.tile, c.tileAt}})
            svg += "<image x=\"" + std::to_string(at.x) + "\" y=\"" + std::to_string(at.y) +
                   "\" width=\"" + std::to_string(at.width) + "\" height=\"" +
                   std::to_string(at.height) + "\" xlink:href=\"" + pngDataUri(*image) + "\"/>\n";
        if (c.coloured) {
            if (m.explanation.isExact()) // gradient × input has pixels, no cells
                svg += "<g stroke=\"white\" stroke-opacity=\"0.55\" stroke-width=\"0.6\">\n" +
                       svgCellGrid(m.explanation.groundShares(), c.panoramaAt) +
                       svgCellGrid(m.explanation.satelliteShares(), c.tileAt) + "</g>\n";
            svg += "<rect x=\"" + std::to_string(c.scaleAt.x) + "\" y=\"" +
                   std::to_string(c.scaleAt.y) + "\" width=\"" + std::to_string(c.scaleAt.width) +
                   "\" height=\"" + std::to_string(c.scaleAt.height) +
                   "\" fill=\"url(#inferno)\"/>\n";
            const std::vector<std::string> lines = scaleLabel(m.explanation, c.scale, "×");
            for (size_t l = 0; l < lines.size(); ++l)
                svg += "<text x=\"" + std::to_string(c.scaleAt.x) + "\" y=\"" +
                       std::to_string(c.scaleAt.br().y + 16 + 18 * static_cast<int>(l)) +
                       "\" font-size=\"12\">" + xmlEscaped(lines[l]) + "</text>\n";
        }
        svg += "</g>\n";
    }
    svg += "</g>\n</svg>\n";
    return svg;
}

} // namespace orinet
