#pragma once

// Random descriptor sets shared by the descriptor-file tests.

#include "retrieval/descriptorset.h"

#include <opencv2/core.hpp>

#include <cstdint>
#include <string>

namespace orinet::testing {

//! n ground and n satellite descriptors of dimension d, unit rows drawn from a normal
//! distribution (ground first, then satellite, from one generator: the same seed gives the same
//! set), ids "pano_0" … "pano_<n-1>". Provenance is left to the caller.
inline DescriptorSet randomDescriptorSet(int n, int d, uint64_t seed) {
    cv::RNG rng(seed);
    DescriptorSet s;
    s.ground.create(n, d, CV_32F);
    s.satellite.create(n, d, CV_32F);
    rng.fill(s.ground, cv::RNG::NORMAL, 0, 1);
    rng.fill(s.satellite, cv::RNG::NORMAL, 0, 1);
    for (int i = 0; i < n; ++i) {
        cv::normalize(s.ground.row(i), s.ground.row(i));
        cv::normalize(s.satellite.row(i), s.satellite.row(i));
        s.ids.push_back("pano_" + std::to_string(i));
    }
    return s;
}

} // namespace orinet::testing
