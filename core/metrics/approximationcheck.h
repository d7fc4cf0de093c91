#pragma once

#include "metrics/wilsoninterval.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace orinet::metrics {

//! What an approximate evaluation found when it checked itself (docs/evaluation.md, "How
//! approximate an approximate search is"): a seeded sample of its queries searched exactly and
//! compared with the candidates the approximate search looked at (its shortlist), and whether
//! exact search would have served as well.
struct ApproximationCheck {
    int64_t depth = 0;         //!< candidates per query the approximate search looked at
    uint64_t seed = 0;         //!< of the sample
    int64_t sampled = 0;       //!< queries searched exactly
    int64_t exactTop1Held = 0; //!< of them: the exact nearest gallery item was a candidate
    //! of them: the true match is within the exact top-`depth`, so a perfect shortlist holds it
    int64_t trueMatchWithinDepth = 0;
    int64_t trueMatchHeld = 0; //!< of those: the shortlist held the true match
    double sampleSeconds = 0;  //!< the exact search of the sample

    // Whether exact search would have served better: a warning, never a refusal.
    int64_t queryCount = 0;
    int64_t galleryCount = 0;
    int64_t dimension = 0;
    double approximateSeconds = 0; //!< the approximate search (index build or load included)
    //! The exact search of all queries: 2·N·M·D flops at `gflops`.
    double exactSecondsEstimate = 0;
    //! The rate the sample's exact search ran at (GEMM and selection), in GFLOP/s.
    double gflops = 0;
    //! The exact engine's memory budget (RetrievalOptions::memoryBudget, `--memory`).
    size_t memoryBudget = 0;
    //! The exact engine holds the scores of every gallery item for a block of queries within
    //! memoryBudget (BlockedSearch::blockSizes): the gallery is small for exact search.
    bool galleryFitsBudget = false;

    //! exactTop1Held / sampled, and its Wilson 95 % interval.
    double exactTop1Share() const;
    ProportionInterval exactTop1Interval() const;
    //! trueMatchHeld / trueMatchWithinDepth, and its Wilson 95 % interval.
    double trueMatchShare() const;
    ProportionInterval trueMatchInterval() const;
    //! exactSecondsEstimate is below approximateSeconds.
    bool exactFaster() const;

    //! English sentences for the CLI and the results file: the two shares with their intervals,
    //! `backend` naming the search ("faiss-ivfpq").
    std::vector<std::string> coverageLines(const std::string& backend) const;
    //! English warnings suggesting exact search, when it would be faster or the gallery fits.
    std::vector<std::string> warnings() const;
};

} // namespace orinet::metrics
