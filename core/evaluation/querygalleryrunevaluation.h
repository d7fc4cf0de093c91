#pragma once

#include "dataset/vigorformat.h"
#include "evaluation/runevaluation.h"
#include "metrics/querygalleryreport.h"
#include "model/normalization.h"
#include "run/runfolder.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace orinet {

class Feedback;
class QueryGallery;
class QueryGalleryDescriptors;
namespace metrics {
class QueryGalleryEvaluation;
}

//! Evaluates a run on a VIGOR-layout split (docs/vigor.md, docs/evaluation.md "Query/gallery
//! splits"), the path of `orinet eval --run RUN --vigor ROOT`: the queries described through
//! the ground branch and every gallery tile through the satellite branch, each image once
//! (DescriptorExtractor::extractSides), or the run's saved descriptors of the same checkpoint
//! state and BatchNorm mode reused; then QueryGalleryEvaluation, and the results saved in
//! RUN/results/<key>/querygallery.json. The key's split is "vigor-<protocol>-<split>", so it
//! never meets a one-to-one split's.
//!
//! Threading: one thread at a time; extraction runs on the calling thread. Progress and
//! cancel through Feedback (orinet::Canceled).
class QueryGalleryRunEvaluation {
public:
    struct Options {
        VigorOptions vigor;                         //!< protocol and split
        std::optional<CheckpointChoice> checkpoint; //!< unset: last
        std::optional<Normalization> normalization; //!< unset: kDefaultSplitNormalization
        std::vector<double> geoMetres;              //!< recall within these metres
        int64_t keepTop = 10;                       //!< gallery items saved per query
        int workers = 2;                            //!< image decoding threads
        size_t batchSize = 32; //!< images per batch under per-image BatchNorm statistics
        //! Turns every panorama and tile to a random orientation drawn from this seed
        //! (DescriptorExtractor::extractSides); the descriptors' key says so.
        std::optional<uint64_t> randomOrientationSeed;
    };

    struct Result {
        std::string checkpointFile;
        std::optional<CheckpointChoice> checkpoint; //!< unset for a run made from a model
        bool fellBack = false;
        std::string fallbackReason;
        std::optional<Normalization> normalization; //!< unset for a model of another method
        DescriptorOrigin origin = DescriptorOrigin::Extracted; //!< Extracted or Reused
        DescriptorExtractor::Recalibration recalibration;
        std::string descriptorsDirectory;
        std::string resultsDirectory;
        int64_t queriesDescribed = 0; //!< images through the ground branch now (0 when reused)
        int64_t galleryDescribed = 0; //!< images through the satellite branch now
        double extractionSeconds = 0;
        std::shared_ptr<const QueryGalleryDescriptors> descriptors;
        std::shared_ptr<const metrics::QueryGalleryEvaluation> evaluation;
        metrics::QueryGalleryReport report; //!< as saved
        //! The CLI's note (fallback, recalibration); empty when neither happened.
        std::string note() const;
    };

    QueryGalleryRunEvaluation(RunFolder run, Options options);

    //! Reads the split of `root`, describes (or reuses) and measures; saves descriptors and
    //! results in the run. Throws orinet::Error naming the file for bad input.
    const Result& run(const std::string& root, Feedback& feedback);
    const Result& result() const { return mResult; }

    //! "vigor-<protocol>-<split>": the provenance split of such a run's descriptors.
    static std::string splitName(const VigorOptions& vigor);

private:
    void describe(const std::string& root, const QueryGallery& truth, Feedback& feedback);

    RunFolder mRun;
    Options mOptions;
    Result mResult;
};

} // namespace orinet
