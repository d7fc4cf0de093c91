#pragma once

#include "metrics/evaluationreport.h"
#include "metrics/georecall.h"
#include "retrieval/retrieval.h"

#include <string>
#include <vector>

namespace orinet {

class Dataset;
class DescriptorSet;
class Feedback;

//! What `orinet eval` (and the GUI's evaluation) measures.
struct EvaluationOptions {
    metrics::Direction direction = metrics::Direction::GroundToSatellite;
    RetrievalBackend backend = RetrievalBackend::Blocked;
    RetrievalOptions retrieval; //!< k is raised to `top` when smaller
    //! recall@1..top and geo-recall@1..top (clamped to the gallery size); 0: defaultTop(), so
    //! the curves reach the 1 % threshold and every figure the report names is on them.
    int64_t top = 0;
    std::vector<double> geoMetres = {5, 25}; //!< geo-recall thresholds (used with positions)
    //! Approximate backends only: queries of the seeded sample searched exactly to check the
    //! approximate search (ShortlistCheck); 0 = no check.
    int64_t checkSample = 300;
    uint64_t checkSeed = 20190616;
};

//! Runs retrieval on a descriptor set and derives every metric into an EvaluationReport. An
//! approximate search checks itself on a sample of its queries (report.approximation).
//!
//! Threading: as Retrieval::search (runs on the caller's thread, cancellable via feedback).
class Evaluation {
public:
    //! `positions` holds one UTM position per pair (row i of both descriptor matrices), or is
    //! empty for no geo-recall. Throws orinet::Error for invalid descriptors or options.
    static metrics::EvaluationReport run(const DescriptorSet& descriptors,
                                         const EvaluationOptions& options,
                                         const std::vector<UtmPosition>& positions,
                                         Feedback& feedback);

    //! The top an evaluation of a gallery of `galleryCount` items uses unless told otherwise:
    //! max(100, floor(N/100) + 1), the larger of the usual 100 and recall@1%'s threshold (929
    //! for CVACT_test's 92,802 tiles), so that geo-recall at 1 % is on its curve too.
    static int64_t defaultTop(int64_t galleryCount);

    //! Positions from a .npy of N x 2 (easting, northing in metres; float32/64), one per pair.
    static std::vector<UtmPosition> loadPositions(const std::string& npyPath);

    //! Positions of a dataset split's pairs, in split order (row i of its descriptors).
    //! Empty, with the reason in `why`, when a pair has no UTM position (e.g. CVUSA).
    static std::vector<UtmPosition> positions(const Dataset& dataset, const std::string& split,
                                              std::string* why = nullptr);
};

} // namespace orinet
