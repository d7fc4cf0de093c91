#pragma once

#include "metrics/recall.h"

#include <cstddef>
#include <cstdint>
#include <vector>

namespace orinet {
class QueryGallery;
}

namespace orinet::metrics {

//! The metrics of a query/gallery retrieval as VIGOR and Sample4Geo report them
//! (docs/vigor.md, "Metrics"), from similarities of every query to every gallery item and the
//! truth of a QueryGallery:
//! - rank of the positive: the number of gallery items strictly more similar than the positive
//!   (ties count for the query); recall@K counts rank < K.
//! - hit: no gallery item other than the query's semi-positives is strictly more similar than
//!   the positive (VIGOR's train_SAFA.py validate_top, Sample4Geo's calculate_scores).
//! - top-1 covers: the single most similar item (first of equal maxima) is the positive or a
//!   semi-positive, the looser reading of "hit".
//! - metres: the distance from the query's position to the centre of its top-1 item.
//!
//! Per-query results are kept (a few bytes per query), so figures and subsets need no second
//! pass over the similarities.
class QueryGalleryEvaluation {
public:
    //! `similarity`: queryCount x galleryCount, row-major, larger = more alike. Throws
    //! orinet::Error when the size does not match the truth.
    //! `keepTop` > 0 also keeps each query's `keepTop` most similar items (top()).
    static QueryGalleryEvaluation fromSimilarity(const std::vector<float>& similarity,
                                                 const QueryGallery& truth, int64_t keepTop = 0);
    //! Inner products of row-major descriptors (queryCount x dim and galleryCount x dim), in
    //! blocks of queries: the queryCount x galleryCount matrix (19 GB for VIGOR same-area) is
    //! never held. Normalise the descriptors first for cosine similarity.
    static QueryGalleryEvaluation fromDescriptors(const std::vector<float>& queries,
                                                  const std::vector<float>& gallery, int64_t dim,
                                                  const QueryGallery& truth, int64_t keepTop = 0);

    int64_t queryCount() const noexcept { return static_cast<int64_t>(mRanks.size()); }
    int64_t galleryCount() const noexcept { return mGalleryCount; }

    const TrueMatchRanks& ranks() const noexcept { return mRanks; }
    const std::vector<int64_t>& top1() const noexcept { return mTop1; }
    //! Per query, the gallery items kept (keepTop, or fewer in a smaller gallery), most
    //! similar first, equal scores by gallery index (so top(q)[0] == top1()[q]), and their
    //! similarities; empty when none were kept. What an inspector of single queries shows.
    int64_t keptTop() const noexcept { return mKeepTop; }
    std::vector<int64_t> top(int64_t query) const;
    std::vector<float> topScores(int64_t query) const;
    //! Per query: whether no item but its semi-positives is more similar than its positive.
    bool hit(int64_t query) const { return mHit.at(static_cast<size_t>(query)) != 0; }

    double recallAt(int64_t k) const { return recallAtK(mRanks, k); }
    //! Original: rank < floor(G/100) + 1 (VIGOR); Strict: rank < floor(G/100) (Sample4Geo).
    double recallAtOnePercent(OnePercentVariant variant = OnePercentVariant::Original) const;
    double hitRate() const;        //!< fraction of queries with a hit (definition above)
    double top1CoversRate() const; //!< fraction whose top-1 is the positive or a semi-positive

    //! False when the truth has no positions; the metre figures below then throw.
    bool hasMetres() const noexcept { return !mMetres.empty(); }
    //! Per query: metres from its position to its top-1 item's centre.
    const std::vector<double>& top1Metres() const noexcept { return mMetres; }
    //! Linear-interpolation percentile (numpy's default) of top1Metres(); p in [0, 100].
    double metresPercentile(double p) const;
    double medianMetres() const { return metresPercentile(50); }
    //! Fraction of queries whose top-1 centre lies strictly nearer than `metres` (VIGOR's
    //! distance_accuracy uses distance < threshold).
    double recallWithinMetres(double metres) const;

private:
    void addQuery(const QueryGallery& truth, int64_t q, const float* row);

    int64_t mGalleryCount = 0;
    int64_t mKeepTop = 0;
    std::vector<int64_t> mTopIndex; //!< queryCount x mKeepTop
    std::vector<float> mTopScore;
    TrueMatchRanks mRanks;
    std::vector<int64_t> mTop1;
    std::vector<char> mHit;
    std::vector<char> mTop1Covers;
    std::vector<double> mMetres;
    std::vector<double> mSortedMetres;
};

} // namespace orinet::metrics
