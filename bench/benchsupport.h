#pragma once

// Helpers shared by the benchmarks (header-only; bench/ executables are single files).

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <vector>

namespace orinet::bench {

//! Median of a set of timings (mean of the middle two for an even count; 0 when empty).
inline double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    const size_t n = v.size();
    return n == 0 ? 0 : (n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2);
}

//! Photo-like content (smooth structure + fine noise) so JPEG sizes and decode times are
//! realistic; pure noise would be several times larger than a real photo.
inline cv::Mat photoLike(int rows, int cols, int seed) {
    cv::Mat noise(rows, cols, CV_8UC3);
    cv::RNG rng(seed);
    rng.fill(noise, cv::RNG::UNIFORM, 0, 256);
    cv::Mat smooth;
    cv::GaussianBlur(noise, smooth, cv::Size(0, 0), 4.0);
    cv::Mat image;
    cv::addWeighted(smooth, 3.0, noise, 0.15, -250.0, image);
    return image;
}

} // namespace orinet::bench
