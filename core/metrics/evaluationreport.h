#pragma once

#include "common/outputtarget.h"

#include "common/provenance.h"
#include "metrics/approximationcheck.h"
#include "metrics/direction.h"
#include "metrics/recall.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace orinet::metrics {

//! geo-recall@1..top at one distance threshold.
struct GeoRecall {
    double metres = 0;
    std::vector<double> curve; //!< element K-1 for K
};

//! Everything `orinet eval` measures for one direction, as written to and read from a results
//! folder. Figures that cannot be known are NaN (written as JSON null), e.g. recall@1% beyond
//! the retrieved top-k of an approximate index.
//!
//! Files (see save()): eval_<direction>.json (all of it, including per-query ranks),
//! recall_<direction>.csv (K, recall@K, geo-recall@K per threshold) and ranks_<direction>.csv
//! (per query: id, true-match rank, nearest gallery item and its score).
class EvaluationReport {
public:
    Direction direction = Direction::GroundToSatellite;
    std::string backend;
    std::string descriptors; //!< where the descriptors came from
    Provenance provenance;   //!< split, checkpoint, BatchNorm mode, inputs of the descriptors
    std::string created;     //!< ISO 8601 UTC; filled by save() when empty
    double seconds = 0;      //!< retrieval wall time

    int64_t queryCount = 0;
    int64_t galleryCount = 0;
    std::vector<double> recall; //!< recall@1..top
    double recallOnePercent = 0;
    double recallOnePercentStrict = 0;
    double meanRank = 0;   //!< 1-based
    double medianRank = 0; //!< 1-based
    bool ranksExact = true;
    std::vector<GeoRecall> geo;
    //! An approximate search's check of itself against exact search on a sample of its queries
    //! (Evaluation::run); unset for exact backends and in files written before it existed.
    std::optional<ApproximationCheck> approximation;

    TrueMatchRanks ranks;            //!< per query, 0 = true match first
    std::vector<std::string> ids;    //!< per query; may be empty
    std::vector<int64_t> nearest;    //!< per query: the nearest gallery item
    std::vector<float> nearestScore; //!< its inner product

    //! Fills queryCount, recall, recall@1% (both variants), mean/median rank from `ranks`.
    //! With ranksExact false, ranks >= retrieved mean "not among the first `retrieved`": the
    //! figures that would need them become NaN. Throws orinet::Error for empty ranks.
    void computeFromRanks(const TrueMatchRanks& ranks, int64_t galleryCount, int64_t top,
                          bool ranksExact = true, int64_t retrieved = 0);

    //! recall@K for 1 <= K <= top, else NaN.
    double recallAt(int64_t k) const;

    static std::string jsonFileName(Direction direction);
    //! A name jsonFileName() gives (eval_<anything>.json). Where results of a run lie is
    //! RunFolder's business (RunFolder::findResults).
    static bool isJsonFileName(const std::string& name);
    //! Writes the three files into `directory` (created when needed), each atomically. A
    //! `directory` that holds anything but results (folderKind()) is refused before writing.
    void save(const std::string& directory) const;
    //! A results folder for OutputTarget: absent, empty, or holding eval_*.json,
    //! recall_*.csv, ranks_*.csv or gallery_*.ivfpq files (other files there are kept).
    static OutputTarget::FolderKind folderKind();
    //! The JSON save() writes; without the per-query arrays (ranks, ids, nearest) when
    //! `perQuery` is false, e.g. for a summary on stdout.
    std::string toJson(bool perQuery = true) const;
    //! A file written by save(); throws orinet::Error naming it when it is not one.
    static EvaluationReport loadJson(const std::string& path);
};

} // namespace orinet::metrics
