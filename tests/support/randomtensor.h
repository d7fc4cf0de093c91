#pragma once

// Random network inputs shared by the model tests and bench/bench_model.

#include "dataset/batch.h"

#include <cstdint>
#include <random>

namespace orinet::testing {

//! An n x c x h x w tensor of values drawn uniformly from [-1, 1], the range of the network's
//! colour and orientation channels; the same seed gives the same values.
inline TensorBuffer randomTensor(int64_t n, int64_t c, int64_t h, int64_t w, uint32_t seed) {
    TensorBuffer b;
    b.shape = {n, c, h, w};
    b.data.resize(b.count());
    std::mt19937 rng(seed);
    std::uniform_real_distribution<float> u(-1.f, 1.f);
    for (float& v : b.data)
        v = u(rng);
    return b;
}

} // namespace orinet::testing
