#pragma once

#include <cstdint>

namespace orinet {

//! A tiny reproducible generator (SplitMix64) with its own bounded draw. The standard
//! distributions are implementation-defined, so they could give other shuffles and
//! augmentations on another standard library; these numbers are the same everywhere.
class SeededRandom {
public:
    explicit SeededRandom(uint64_t seed) noexcept
        : mState(seed) {}

    //! Combines values into one seed, e.g. mix(mix(seed, epoch), position).
    static uint64_t mix(uint64_t a, uint64_t b) noexcept {
        return finalize(a ^ (finalize(b) + 0x9E3779B97F4A7C15ull + (a << 6) + (a >> 2)));
    }

    uint64_t next() noexcept { return finalize(mState += 0x9E3779B97F4A7C15ull); }

    //! Uniform in [0, n), n > 0 (rejection sampling: no modulo bias).
    uint64_t uniform(uint64_t n) noexcept {
        if (n <= 1)
            return 0;
        const uint64_t limit = UINT64_MAX - UINT64_MAX % n;
        uint64_t x;
        do {
            x = next();
        } while (x >= limit);
        return x % n;
    }

private:
    static uint64_t finalize(uint64_t z) noexcept {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    }

    uint64_t mState;
};

} // namespace orinet
