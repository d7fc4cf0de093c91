#include "metrics/querygalleryevaluation.h"

#include "common/error.h"
#include "dataset/querygallery.h"
#include "linalg/sgemm.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>

namespace orinet::metrics {

namespace {

double fraction(const std::vector<char>& flags) {
    if (flags.empty())
        throw Error("metrics of an empty query set");
    return static_cast<double>(std::count(flags.begin(), flags.end(), 1)) /
           static_cast<double>(flags.size());
}

} // namespace

void QueryGalleryEvaluation::addQuery(const QueryGallery& truth, int64_t q, const float* row) {
    const int64_t g = mGalleryCount;
    const float positive = row[truth.positive(q)];
    const std::vector<int> semi = truth.semiPositives(q);
    int64_t higher = 0;
    int64_t higherSemi = 0;
    int64_t best = 0;
    for (int64_t j = 0; j < g; ++j) {
        if (row[j] > positive)
            ++higher;
        if (row[j] > row[best])
            best = j;
    }
    for (int s : semi)
        if (row[s] > positive)
            ++higherSemi;
    mRanks.push_back(higher);
    mHit.push_back(higher - higherSemi == 0 ? 1 : 0);
    mTop1.push_back(best);
    mTop1Covers.push_back(truth.covers(q, best) ? 1 : 0);
    if (truth.positionKind() != QueryGallery::PositionKind::None)
        mMetres.push_back(truth.distanceMetres(q, best));
    if (mKeepTop > 0) {
        // A heap of the best so far, the least of them on top: one pass, K log K per item
        // that enters. "Better" = higher score, then lower index (the order top1 uses).
        const auto better = [row](int64_t a, int64_t b) {
            return row[a] > row[b] || (row[a] == row[b] && a < b);
        };
        std::vector<int64_t> heap;
        heap.reserve(static_cast<size_t>(mKeepTop));
        for (int64_t j = 0; j < g; ++j) {
            if (static_cast<int64_t>(heap.size()) < mKeepTop) {
                heap.push_back(j);
                std::push_heap(heap.begin(), heap.end(), better);
            } else if (better(j, heap.front())) {
                std::pop_heap(heap.begin(), heap.end(), better);
                heap.back() = j;
                std::push_heap(heap.begin(), heap.end(), better);
            }
        }
        std::sort(heap.begin(), heap.end(), better);
        for (int64_t k = 0; k < mKeepTop; ++k) {
            const bool there = k < static_cast<int64_t>(heap.size());
            mTopIndex.push_back(there ? heap[static_cast<size_t>(k)] : -1);
            mTopScore.push_back(there ? row[heap[static_cast<size_t>(k)]] : 0.0f);
        }
    }
}

std::vector<int64_t> QueryGalleryEvaluation::top(int64_t query) const {
    if (query < 0 || query >= queryCount())
        throw Error("query " + std::to_string(query) + " of " + std::to_string(queryCount()));
    std::vector<int64_t> out;
    for (int64_t k = 0; k < mKeepTop; ++k)
        if (const int64_t i = mTopIndex[static_cast<size_t>(query * mKeepTop + k)]; i >= 0)
            out.push_back(i);
    return out;
}

std::vector<float> QueryGalleryEvaluation::topScores(int64_t query) const {
    const size_t n = top(query).size();
    const auto first = mTopScore.begin() + static_cast<std::ptrdiff_t>(query * mKeepTop);
    return {first, first + static_cast<std::ptrdiff_t>(n)};
}

QueryGalleryEvaluation QueryGalleryEvaluation::fromSimilarity(const std::vector<float>& similarity,
                                                              const QueryGallery& truth,
                                                              int64_t keepTop) {
    const int64_t q = truth.queryCount();
    const int64_t g = truth.galleryCount();
    if (q == 0 || g == 0)
        throw Error("metrics of an empty query or gallery set");
    if (static_cast<int64_t>(similarity.size()) != q * g)
        throw Error("query/gallery metrics: " + std::to_string(similarity.size()) +
                    " similarities for " + std::to_string(q) + " queries x " + std::to_string(g) +
                    " gallery items");
    QueryGalleryEvaluation out;
    out.mGalleryCount = g;
    out.mKeepTop = std::clamp<int64_t>(keepTop, 0, g);
    for (int64_t i = 0; i < q; ++i)
        out.addQuery(truth, i, similarity.data() + i * g);
    out.mSortedMetres = out.mMetres;
    std::sort(out.mSortedMetres.begin(), out.mSortedMetres.end());
    return out;
}

QueryGalleryEvaluation QueryGalleryEvaluation::fromDescriptors(const std::vector<float>& queries,
                                                               const std::vector<float>& gallery,
                                                               int64_t dim,
                                                               const QueryGallery& truth,
                                                               int64_t keepTop) {
    const int64_t q = truth.queryCount();
    const int64_t g = truth.galleryCount();
    if (q == 0 || g == 0)
        throw Error("metrics of an empty query or gallery set");
    if (dim < 1 || static_cast<int64_t>(queries.size()) != q * dim ||
        static_cast<int64_t>(gallery.size()) != g * dim)
        throw Error("query/gallery metrics: descriptors of " + std::to_string(queries.size()) +
                    " and " + std::to_string(gallery.size()) + " floats do not make " +
                    std::to_string(q) + " queries and " + std::to_string(g) +
                    " gallery items of dimension " + std::to_string(dim));
    QueryGalleryEvaluation out;
    out.mGalleryCount = g;
    out.mKeepTop = std::clamp<int64_t>(keepTop, 0, g);
    // about 64 MB of similarities per block whatever the gallery size
    const int64_t block = std::clamp<int64_t>((int64_t{16} << 20) / g, 1, 1024);
    std::vector<float> sims(static_cast<size_t>(std::min(block, q) * g));
    for (int64_t start = 0; start < q; start += block) {
        const int64_t rows = std::min(block, q - start);
        Sgemm::multiplyTransposed(SgemmKernel::Blas, rows, g, dim, queries.data() + start * dim,
                                  dim, gallery.data(), dim, sims.data(), g);
        for (int64_t i = 0; i < rows; ++i)
            out.addQuery(truth, start + i, sims.data() + i * g);
    }
    out.mSortedMetres = out.mMetres;
    std::sort(out.mSortedMetres.begin(), out.mSortedMetres.end());
    return out;
}

double QueryGalleryEvaluation::recallAtOnePercent(OnePercentVariant variant) const {
    return recallAtK(mRanks, onePercentThreshold(mGalleryCount, variant));
}

double QueryGalleryEvaluation::hitRate() const {
    return fraction(mHit);
}

double QueryGalleryEvaluation::top1CoversRate() const {
    return fraction(mTop1Covers);
}

double QueryGalleryEvaluation::metresPercentile(double p) const {
    if (mSortedMetres.empty())
        throw Error("no distances in metres: the dataset has no positions");
    if (!(p >= 0 && p <= 100))
        throw Error("a percentile lies in 0..100, not " + std::to_string(p));
    const double position = p / 100.0 * static_cast<double>(mSortedMetres.size() - 1);
    const size_t below = static_cast<size_t>(std::floor(position));
    const size_t above = std::min(below + 1, mSortedMetres.size() - 1);
    const double t = position - static_cast<double>(below);
    return mSortedMetres[below] + t * (mSortedMetres[above] - mSortedMetres[below]);
}

double QueryGalleryEvaluation::recallWithinMetres(double metres) const {
    if (mSortedMetres.empty())
        throw Error("no distances in metres: the dataset has no positions");
    const auto end = std::lower_bound(mSortedMetres.begin(), mSortedMetres.end(), metres);
    return static_cast<double>(end - mSortedMetres.begin()) /
           static_cast<double>(mSortedMetres.size());
}

} // namespace orinet::metrics
