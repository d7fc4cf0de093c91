#pragma once

#include "metrics/approximationcheck.h"
#include "retrieval/retrieval.h"

#include <cstdint>
#include <vector>

namespace orinet {

class Feedback;

//! An approximate search checks itself: a seeded sample of its queries is searched exactly
//! (BlockedSearch, a few hundred queries: a small fraction of an exact search of all of them)
//! and compared with the candidates the approximate search looked at, which says how much of
//! its recall the approximation lost (docs/evaluation.md, "How approximate an approximate
//! search is"). From the sample's speed it also estimates what exact search of every query
//! would have cost, so that an approximate search slower than exact one says so.
//!
//! Threading: as Retrieval::search (caller's thread, up to options.threads workers, cancellable).
class ShortlistCheck {
public:
    //! `approximate`: the approximate search of all `queries` (query i's true match is gallery
    //! item i) with its true-match ranks, where a rank of `rankDepth` or more means "not among
    //! the rankDepth candidates looked at", and its ids the candidates' first `k` in exact order
    //! when re-ranked (RetrievalBackend::FaissIvfPq with a shortlist), or all of them when not.
    //! Its exact top-1 is held when the exact nearest gallery item is among those ids: re-ranked
    //! with exact scores, a shortlisted exact nearest item comes first (up to equal scores).
    //! `approximateSeconds` is what the approximate search took. `options` gives threads and
    //! the memory budget of the exact sample search.
    static metrics::ApproximationCheck run(const RetrievalResult& approximate,
                                           const cv::Mat& queries, const cv::Mat& gallery,
                                           const RetrievalOptions& options,
                                           double approximateSeconds, int64_t sampleSize,
                                           uint64_t seed, Feedback& feedback);

    //! min(size, count) distinct query indices out of 0..count-1, in increasing order, drawn
    //! uniformly without replacement by a generator seeded with `seed` (the same on every
    //! platform: std::mt19937_64 and a partial Fisher-Yates shuffle).
    static std::vector<int64_t> sample(int64_t count, int64_t size, uint64_t seed);
};

} // namespace orinet
