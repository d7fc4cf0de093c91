#include "retrieval/rowselector_p.h"

#include <immintrin.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <vector>

namespace orinet {

namespace {

// Shared by the per-ISA scans below (inlined into each; they differ only in vector width).

//! Offers the scores whose bits are set in `hits` (bit b: x[j + b] beat the bar when the
//! vector was compared); the bar may have risen since, so each is checked again.
inline void offerHits(RowSelector& s, const float* x, int64_t j, unsigned hits, int32_t firstId) {
    for (; hits; hits &= hits - 1) {
        const int b = __builtin_ctz(hits);
        if (x[j + b] > s.bar())
            s.add(x[j + b], firstId + static_cast<int32_t>(j + b));
    }
}

//! The scalar rest x[j..n): offers each score and returns how many beat `truth`.
inline int64_t scanTail(RowSelector& s, const float* x, int64_t j, int64_t n, int32_t firstId,
                        float truth) {
    int64_t count = 0;
    for (; j < n; ++j) {
        count += x[j] > truth;
        if (x[j] > s.bar())
            s.add(x[j], firstId + static_cast<int32_t>(j));
    }
    return count;
}

// The three widths of the same loop: count scores > truth, hand scores > bar to the selector.
// The bar is re-read after every hand-over, since a compaction raises it.

__attribute__((target("avx512f"))) int64_t scanAvx512(RowSelector& s, const float* x, int64_t n,
                                                      int32_t firstId, float truth) {
    const __m512 t = _mm512_set1_ps(truth);
    __m512 bar = _mm512_set1_ps(s.bar());
    int64_t count = 0, j = 0;
    for (; j + 16 <= n; j += 16) {
        const __m512 v = _mm512_loadu_ps(x + j);
        count += __builtin_popcount(_mm512_cmp_ps_mask(v, t, _CMP_GT_OQ));
        unsigned hits = _mm512_cmp_ps_mask(v, bar, _CMP_GT_OQ);
        if (__builtin_expect(hits != 0, 0)) {
            offerHits(s, x, j, hits, firstId);
            bar = _mm512_set1_ps(s.bar());
        }
    }
    return count + scanTail(s, x, j, n, firstId, truth);
}

__attribute__((target("avx2"))) int64_t scanAvx2(RowSelector& s, const float* x, int64_t n,
                                                 int32_t firstId, float truth) {
    const __m256 t = _mm256_set1_ps(truth);
    __m256 bar = _mm256_set1_ps(s.bar());
    // per lane, -1 per score above truth (a row has fewer than 2^31 scores per lane)
    __m256i counts = _mm256_setzero_si256();
    int64_t count = 0, j = 0;
    for (; j + 8 <= n; j += 8) {
        const __m256 v = _mm256_loadu_ps(x + j);
        counts = _mm256_add_epi32(counts, _mm256_castps_si256(_mm256_cmp_ps(v, t, _CMP_GT_OQ)));
        unsigned hits =
            static_cast<unsigned>(_mm256_movemask_ps(_mm256_cmp_ps(v, bar, _CMP_GT_OQ)));
        if (__builtin_expect(hits != 0, 0)) {
            offerHits(s, x, j, hits, firstId);
            bar = _mm256_set1_ps(s.bar());
        }
    }
    alignas(32) int32_t lanes[8];
    _mm256_store_si256(reinterpret_cast<__m256i*>(lanes), counts);
    for (int32_t lane : lanes)
        count -= lane;
    return count + scanTail(s, x, j, n, firstId, truth);
}

int64_t scanSse2(RowSelector& s, const float* x, int64_t n, int32_t firstId, float truth) {
    const __m128 t = _mm_set1_ps(truth);
    __m128 bar = _mm_set1_ps(s.bar());
    __m128i counts = _mm_setzero_si128();
    int64_t count = 0, j = 0;
    for (; j + 4 <= n; j += 4) {
        const __m128 v = _mm_loadu_ps(x + j);
        counts = _mm_add_epi32(counts, _mm_castps_si128(_mm_cmpgt_ps(v, t)));
        unsigned hits = static_cast<unsigned>(_mm_movemask_ps(_mm_cmpgt_ps(v, bar)));
        if (__builtin_expect(hits != 0, 0)) {
            offerHits(s, x, j, hits, firstId);
            bar = _mm_set1_ps(s.bar());
        }
    }
    alignas(16) int32_t lanes[4];
    _mm_store_si128(reinterpret_cast<__m128i*>(lanes), counts);
    for (int32_t lane : lanes)
        count -= lane;
    return count + scanTail(s, x, j, n, firstId, truth);
}

// Group maxima for the first bar: lane l of 16 consecutive vectors is one group of 16 scores,
// so the maxima are plain vertical maxes. Tail scores that fill no whole set of groups are left
// out (any set of disjoint groups gives a valid bound). Returns the number of maxima written.
constexpr int64_t kGroup = 16;

__attribute__((target("avx512f"))) int64_t groupMaxAvx512(const float* x, int64_t n, float* out) {
    int64_t groups = 0;
    for (int64_t j = 0; j + 16 * kGroup <= n; j += 16 * kGroup, groups += 16) {
        __m512 m = _mm512_loadu_ps(x + j);
        // the zero-masked form: GCC 12 warns about the plain one's _mm512_undefined_ps
        for (int64_t v = 1; v < kGroup; ++v)
            m = _mm512_maskz_max_ps(0xFFFF, m, _mm512_loadu_ps(x + j + 16 * v));
        _mm512_storeu_ps(out + groups, m);
    }
    return groups;
}

__attribute__((target("avx2"))) int64_t groupMaxAvx2(const float* x, int64_t n, float* out) {
    int64_t groups = 0;
    for (int64_t j = 0; j + 8 * kGroup <= n; j += 8 * kGroup, groups += 8) {
        __m256 m = _mm256_loadu_ps(x + j);
        for (int64_t v = 1; v < kGroup; ++v)
            m = _mm256_max_ps(m, _mm256_loadu_ps(x + j + 8 * v));
        _mm256_storeu_ps(out + groups, m);
    }
    return groups;
}

int64_t groupMaxSse2(const float* x, int64_t n, float* out) {
    int64_t groups = 0;
    for (int64_t j = 0; j + 4 * kGroup <= n; j += 4 * kGroup, groups += 4) {
        __m128 m = _mm_loadu_ps(x + j);
        for (int64_t v = 1; v < kGroup; ++v)
            m = _mm_max_ps(m, _mm_loadu_ps(x + j + 4 * v));
        _mm_storeu_ps(out + groups, m);
    }
    return groups;
}

// A value that at least k of v[0..count) reach, no larger than their k-th largest (count >= k
// >= 1). A histogram finds it in two passes where nth_element took ~5 µs on the ~550 group
// maxima of an 8,884-score row, most of a query's first selection. Bins are monotone in the
// value, so each value of a bin is smaller than every value of the bins above it: the smallest
// value of the bin where the count from the top reaches k is reached by at least k values. It
// is looser than the k-th largest only by that bin's other values (a few more candidates).
float lowerBoundOfKth(float* v, int64_t count, int64_t k) {
    constexpr int kBins = 128;
    float lo = v[0], hi = v[0];
    for (int64_t i = 1; i < count; ++i) {
        lo = v[i] < lo ? v[i] : lo;
        hi = v[i] > hi ? v[i] : hi;
    }
    const float range = hi - lo, scale = float(kBins) / range;
    if (!(range > 0) || !std::isfinite(range) || !std::isfinite(scale)) {
        // all equal, a range beyond float (overflowed scores) or one so small that its
        // reciprocal is: the exact k-th largest
        std::nth_element(v, v + (k - 1), v + count, std::greater<float>());
        return v[k - 1];
    }
    int32_t counts[kBins] = {};
    float minima[kBins];
    std::fill(minima, minima + kBins, std::numeric_limits<float>::infinity());
    for (int64_t i = 0; i < count; ++i) {
        const float t = (v[i] - lo) * scale; // in [0, kBins] up to rounding
        const int b = t < float(kBins - 1) ? static_cast<int>(t) : kBins - 1;
        ++counts[b];
        minima[b] = v[i] < minima[b] ? v[i] : minima[b];
    }
    int64_t reached = 0;
    for (int b = kBins - 1; b > 0; --b) {
        reached += counts[b];
        if (reached >= k)
            return minima[b];
    }
    return lo;
}

RowSelector::Width bestWidth() {
    static const RowSelector::Width best = [] {
        __builtin_cpu_init();
        if (__builtin_cpu_supports("avx512f"))
            return RowSelector::Width::Avx512;
        if (__builtin_cpu_supports("avx2"))
            return RowSelector::Width::Avx2;
        return RowSelector::Width::Sse2;
    }();
    return best;
}

} // namespace

bool RowSelector::supported(Width width) {
    return width == Width::Best || width == Width::Sse2 ||
           (width == Width::Avx2 && bestWidth() != Width::Sse2) ||
           (width == Width::Avx512 && bestWidth() == Width::Avx512);
}

RowSelector::ScanFunction RowSelector::function(Width width) {
    switch (width == Width::Best ? bestWidth() : width) {
    case Width::Avx512:
        return scanAvx512;
    case Width::Avx2:
        return scanAvx2;
    default:
        return scanSse2;
    }
}

RowSelector::GroupMaxFunction RowSelector::groupMaxFunction(Width width) {
    switch (width == Width::Best ? bestWidth() : width) {
    case Width::Avx512:
        return groupMaxAvx512;
    case Width::Avx2:
        return groupMaxAvx2;
    default:
        return groupMaxSse2;
    }
}

const char* RowSelector::name(Width width) {
    switch (width == Width::Best ? bestWidth() : width) {
    case Width::Avx512:
        return "AVX-512";
    case Width::Avx2:
        return "AVX2";
    default:
        return "SSE2";
    }
}

RowSelector::RowSelector(Entry* scratch, int64_t k, Width width)
    : mScan(function(width))
    , mGroupMax(groupMaxFunction(width))
    , mBuffer(scratch)
    , mK(k)
    , mCapacity(capacity(k)) {}

void RowSelector::begin(Entry* kept, int64_t size, float bar) {
    mKept = kept;
    mSize = size;
    mBar = mK > 0 ? bar : std::numeric_limits<float>::infinity();
    mLoaded = false;
}

int64_t RowSelector::scan(const float* scores, int64_t n, int32_t firstId, float truth) {
    // Until k candidates are kept the bar is -inf and every score would be a candidate: start
    // from a lower bound of this piece's k-th best score instead. With the scores cut into
    // groups, the k-th largest group maximum is one (k groups hold a score at least that
    // large); it lets through about k·1.1 scores where a bar rising from -inf lets ~10k.
    if (mK > 0 && mSize < mK && n >= 32 * mK) {
        thread_local std::vector<float> maxima;
        if (maxima.size() < static_cast<size_t>(n / kGroup + 16))
            maxima.resize(static_cast<size_t>(n / kGroup + 16));
        const int64_t groups = mGroupMax(scores, n, maxima.data());
        if (groups >= mK)
            // scores equal to the bound may still belong to the top k: let them pass
            mBar = std::max(mBar, std::nextafter(lowerBoundOfKth(maxima.data(), groups, mK),
                                                 -std::numeric_limits<float>::infinity()));
    }
    return mScan(*this, scores, n, firstId, truth);
}

void RowSelector::load() {
    std::copy(mKept, mKept + mSize, mBuffer);
    mLoaded = true;
}

void RowSelector::compact() {
    std::nth_element(mBuffer, mBuffer + (mK - 1), mBuffer + mSize, Nearer());
    mSize = mK;
    mBar = mBuffer[mK - 1].score;
}

int64_t RowSelector::end() {
    if (!mLoaded)
        return mSize;
    if (mSize > mK)
        compact();
    else if (mSize == mK) // the farthest kept entry sets the bar
        mBar = std::max_element(mBuffer, mBuffer + mK, Nearer())->score;
    std::copy(mBuffer, mBuffer + mSize, mKept);
    mLoaded = false;
    return mSize;
}

} // namespace orinet
