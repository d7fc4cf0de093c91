#pragma once

#include "retrieval/retrieval.h"

namespace orinet {

class Feedback;

//! Exact re-ranking of an approximate search: every shortlisted gallery item gets its exact
//! inner product with the query (from the full descriptors, not the compressed codes), the
//! shortlist is sorted by it and cut to k. The order and scores within the shortlist are then
//! those of an exact search; what the shortlist missed stays missed.
//!
//! Threading: runs on the caller's thread with up to `threads` OpenMP threads (0 = all).
class ShortlistReranker {
public:
    //! `shortlist`: queryCount x shortlist.k candidate ids (-1 = none), e.g. from
    //! FaissIndex::search. With `trueMatchRanks`, query i's rank is the number of shortlisted
    //! items strictly nearer than gallery item i, or shortlist.k when i was not shortlisted;
    //! the result's rankDepth says so.
    static RetrievalResult rerank(const RetrievalResult& shortlist, const cv::Mat& queries,
                                  const cv::Mat& gallery, int64_t k, bool trueMatchRanks,
                                  int threads, Feedback& feedback);
};

} // namespace orinet
