#pragma once

#include "retrieval/retrieval.h"

#include <vector>

namespace orinet {

class Feedback;

//! Exact top-K by blocks: for each block of queries and gallery items one SGEMM (the kernel of
//! RetrievalOptions::kernel, by default the fastest verified one: Sgemm) fills a score block
//! within RetrievalOptions::memoryBudget,
//! then the rows are scanned in parallel to update per-query top-K candidate buffers and to
//! count, per query, the gallery items with a strictly larger score than its true match (ties
//! do not count). Ties in the top-K are ordered by gallery index. Memory: one score block,
//! N·k·8 bytes of kept candidates and the N·k·12 bytes of the result.
//!
//! Inputs are not validated here (Retrieval::search does): CV_32F, continuous, same width.
//! With the environment variable ORINET_RETRIEVAL_PROFILE set, each pass prints its block
//! sizes, each block's GEMM seconds, its setup, GEMM and selection seconds and the time the
//! top-K took to be ordered to stderr (to see where a search's time goes).
class BlockedSearch {
public:
    static RetrievalResult search(const cv::Mat& queries, const cv::Mat& gallery,
                                  const RetrievalOptions& options, Feedback& feedback);
    //! As search(), with query i's true match gallery item trueMatches[i] instead of item i
    //! (queries sampled from a larger set). Throws orinet::Error for a wrong count or an id
    //! outside the gallery.
    static RetrievalResult search(const cv::Mat& queries, const cv::Mat& gallery,
                                  const std::vector<int64_t>& trueMatches,
                                  const RetrievalOptions& options, Feedback& feedback);

    //! Only the true-match ranks (query i against gallery item i): the same blocked pass
    //! without selection.
    static metrics::TrueMatchRanks trueMatchRanks(const cv::Mat& queries, const cv::Mat& gallery,
                                                  const RetrievalOptions& options,
                                                  Feedback& feedback);

    //! The block sizes (query rows, gallery items) the options give for N queries and M items.
    static std::pair<int64_t, int64_t> blockSizes(int64_t queryCount, int64_t galleryCount,
                                                  const RetrievalOptions& options);

private:
    static RetrievalResult search(const cv::Mat& queries, const cv::Mat& gallery,
                                  const int64_t* truthOf, const RetrievalOptions& options,
                                  Feedback& feedback);
};

} // namespace orinet
