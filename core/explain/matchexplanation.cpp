#include "explain/matchexplanation.h"

#include "common/error.h"

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>

namespace orinet {

namespace {

//! Per-cell terms of a unit descriptor: cells x channels (CV_64F) whose column sums are the
//! descriptor. With f_c = (mean_i x_ic³)^(1/3) (GeM) and |f| its norm, term_ic =
//! x_ic³ / (n · f_c² · |f|): the sum over i is f_c / |f|.
cv::Mat unitTerms(const CellFeatures& cells) {
    const int n = cells.values.rows, channels = cells.values.cols;
    cv::Mat cubes(n, channels, CV_64F);
    std::vector<double> f(static_cast<size_t>(channels), 0.0);
    for (int i = 0; i < n; ++i) {
        const float* x = cells.values.ptr<float>(i);
        double* out = cubes.ptr<double>(i);
        for (int c = 0; c < channels; ++c) {
            const double v = std::max(static_cast<double>(x[c]), 1e-6); // GeM's clamp
            out[c] = v * v * v;
            f[static_cast<size_t>(c)] += out[c];
        }
    }
    double norm = 0;
    for (double& fc : f) {
        fc = std::cbrt(fc / n);
        norm += fc * fc;
    }
    norm = std::max(std::sqrt(norm), 1e-12); // the model's normalisation eps
    for (int i = 0; i < n; ++i) {
        double* out = cubes.ptr<double>(i);
        for (int c = 0; c < channels; ++c) {
            const double fc = f[static_cast<size_t>(c)];
            out[c] /= n * fc * fc * norm;
        }
    }
    return cubes;
}

void checkCells(const CellFeatures& cells, const char* side) {
    if (cells.values.type() != CV_32F || cells.values.rows != cells.cellCount() ||
        cells.values.rows < 1 || cells.values.cols < 1)
        throw Error(std::string("the ") + side + " cells are not a " + std::to_string(cells.rows) +
                    " x " + std::to_string(cells.cols) + " grid of float features");
}

} // namespace

MatchExplanation::MatchExplanation(const CellFeatures& ground, const CellFeatures& satellite) {
    checkCells(ground, "ground");
    checkCells(satellite, "satellite");
    if (ground.values.cols != satellite.values.cols)
        throw Error("the ground cells have " + std::to_string(ground.values.cols) +
                    " channels, the satellite cells " + std::to_string(satellite.values.cols));
    const cv::Mat a = unitTerms(ground), b = unitTerms(satellite);
    mCellPairs = a * b.t();
    // Summing one side's cells gives its descriptor: the other side's shares are its terms
    // against that descriptor.
    cv::Mat groundDescriptor, satelliteDescriptor;
    cv::reduce(a, groundDescriptor, 0, cv::REDUCE_SUM, CV_64F);
    cv::reduce(b, satelliteDescriptor, 0, cv::REDUCE_SUM, CV_64F);
    mGroundShares = cv::Mat(a * satelliteDescriptor.t()).reshape(1, ground.rows);
    mSatelliteShares = cv::Mat(b * groundDescriptor.t()).reshape(1, satellite.rows);
    mSimilarity = groundDescriptor.dot(satelliteDescriptor);
}

MatchExplanation MatchExplanation::fromGradientTimesInput(double similarity, const cv::Mat& ground,
                                                          const cv::Mat& satellite) {
    MatchExplanation e;
    e.mMethod = Method::GradientTimesInput;
    e.mSimilarity = similarity;
    ground.convertTo(e.mGroundAttribution, CV_64F);
    satellite.convertTo(e.mSatelliteAttribution, CV_64F);
    const auto shown = [](const cv::Mat& map) {
        cv::Mat positive = cv::max(map, 0.0);
        if (positive.empty())
            return positive;
        const double sigma =
            std::max(0.5, kAttributionSmoothing * std::max(positive.rows, positive.cols));
        cv::GaussianBlur(positive, positive, cv::Size(), sigma, sigma, cv::BORDER_REFLECT);
        return positive;
    };
    e.mGroundShares = shown(e.mGroundAttribution);
    e.mSatelliteShares = shown(e.mSatelliteAttribution);
    return e;
}

cv::Mat MatchExplanation::pool(const CellFeatures& cells) {
    checkCells(cells, "pooled");
    cv::Mat descriptor;
    cv::reduce(unitTerms(cells), descriptor, 0, cv::REDUCE_SUM, CV_64F);
    descriptor.convertTo(descriptor, CV_32F);
    return descriptor;
}

cv::Mat MatchExplanation::overlay(const cv::Mat& shares, cv::Size size, bool wrapColumns) {
    cv::Mat grid;
    shares.convertTo(grid, CV_64F);
    const int rows = grid.rows, cols = grid.cols;
    cv::Mat out(size, CV_32F);
    if (rows < 1 || cols < 1) {
        out.setTo(0);
        return out;
    }
    // Fractional cell coordinates of each pixel centre; cell centres sit at k + 0.5.
    auto weights = [](double u, int count, bool wrap, int& k0, int& k1, double& t) {
        const double p = u - 0.5;
        k0 = static_cast<int>(std::floor(p));
        t = p - k0;
        k1 = k0 + 1;
        if (wrap) {
            k0 = ((k0 % count) + count) % count;
            k1 = ((k1 % count) + count) % count;
        } else {
            if (k0 < 0)
                k0 = 0, t = 0;
            if (k1 > count - 1) {
                k1 = count - 1;
                if (k0 >= count - 1)
                    k0 = count - 1, t = 0;
            }
        }
    };
    for (int y = 0; y < size.height; ++y) {
        int r0, r1;
        double ty;
        weights((y + 0.5) * rows / size.height, rows, false, r0, r1, ty);
        float* line = out.ptr<float>(y);
        for (int x = 0; x < size.width; ++x) {
            int c0, c1;
            double tx;
            weights((x + 0.5) * cols / size.width, cols, wrapColumns, c0, c1, tx);
            const double top = grid.at<double>(r0, c0) * (1 - tx) + grid.at<double>(r0, c1) * tx;
            const double bottom = grid.at<double>(r1, c0) * (1 - tx) + grid.at<double>(r1, c1) * tx;
            line[x] = static_cast<float>(top * (1 - ty) + bottom * ty);
        }
    }
    return out;
}

} // namespace orinet
