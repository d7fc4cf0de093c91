#pragma once

#include "common/outputtarget.h"
#include "common/provenance.h"

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace orinet {
class QueryGallery;
}

namespace orinet::metrics {

class QueryGalleryEvaluation;

//! The saved results of a query/gallery evaluation (docs/vigor.md, docs/evaluation.md): the
//! figures of QueryGalleryEvaluation, and per query what an inspector of single queries
//! needs (rank of the positive, hit, top-K gallery items with their similarities, metres to
//! the top-1 tile), with the protocol, split, dataset root and provenance. One file,
//! RESULTS/querygallery.json; its name does not match the one-to-one eval_*.json, so the
//! readers of those never take it for theirs.
class QueryGalleryReport {
public:
    struct Query {
        std::string name;          //!< "City/file name"
        int64_t positive = -1;     //!< gallery index of its positive
        int64_t rank = 0;          //!< items strictly more similar than the positive
        bool hit = false;          //!< QueryGalleryEvaluation's hit
        bool top1Covers = false;   //!< top-1 is the positive or a semi-positive
        double top1Metres = -1;    //!< metres to the top-1 tile's centre; -1 without positions
        std::vector<int64_t> top;  //!< gallery indices, most similar first
        std::vector<float> scores; //!< their similarities
    };

    std::string protocol;    //!< "same-area" or "cross-area"
    std::string split;       //!< "train" or "test"
    std::string dataset;     //!< the dataset root
    std::string descriptors; //!< the folder of the descriptors evaluated
    Provenance provenance;
    std::string created; //!< ISO 8601 UTC
    double seconds = 0;  //!< time of the retrieval and metrics

    int64_t galleryCount = 0;
    double recallAt1 = 0, recallAt5 = 0, recallAt10 = 0;
    double recallAtOnePercent = 0, recallAtOnePercentStrict = 0;
    double hitRate = 0, top1Covers = 0;
    bool hasMetres = false;
    double medianMetres = 0, metres25 = 0, metres75 = 0, metres90 = 0;
    std::vector<std::pair<double, double>> withinMetres; //!< (metres, fraction of queries)
    std::vector<std::string> galleryNames;               //!< "City/file name", gallery order
    std::vector<Query> queries;

    //! The figures of `evaluation` (made with keepTop > 0 for the per-query top-K), the names
    //! of `truth`, recall within each of `metres` (when the truth has positions).
    static QueryGalleryReport make(const QueryGalleryEvaluation& evaluation,
                                   const QueryGallery& truth, const std::vector<double>& metres);
    //! "City/file name" of a query or gallery item: unique across a split's cities.
    static std::string itemName(const std::string& group, const std::string& name);

    static const char* fileName(); //!< "querygallery.json"
    //! Writes DIR/querygallery.json atomically; DIR may hold one-to-one results too. A file of
    //! that name this tool did not write is refused before anything is written.
    void save(const std::string& directory) const;
    //! Reads a file save() wrote; throws orinet::Error naming it otherwise.
    static QueryGalleryReport load(const std::string& file);
    //! Throws orinet::Error naming `file` when these results were not computed on `truth` as it
    //! is now (another query or tile count, another query order): the dataset changed since.
    void checkMadeOn(const QueryGallery& truth, const std::string& file) const;
    //! The summary (no per-query arrays) as JSON, for `--json`.
    std::string summaryJson() const;
    static OutputTarget::FileKind fileKind();
};

} // namespace orinet::metrics
