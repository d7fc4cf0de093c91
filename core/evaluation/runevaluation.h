#pragma once

#include "extraction/descriptorextractor.h"
#include "metrics/evaluationreport.h"
#include "model/normalization.h"
#include "retrieval/evaluation.h"
#include "run/runfolder.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace orinet {

class Dataset;
class DescriptorSet;
class Feedback;

//! Where an evaluation's descriptors came from.
enum class DescriptorOrigin {
    Extracted, //!< described now with the run's checkpoint, saved in its descriptors folder
    Reused,    //!< the run's saved set of the same checkpoint state, BatchNorm mode and inputs
    Stored,    //!< a set made elsewhere and placed in the run folder
    //! another method's descriptors of an imported run (`orinet import-descriptors`,
    //! DescriptorImport): no checkpoint of ours, the method is in the set's provenance
    Imported,
};

//! Evaluates a run folder on a dataset split, the one path of `orinet eval --run` and the
//! studio's Evaluation workspace: descriptors extracted or reused (docs/evaluation.md) →
//! positions → retrieval → metrics → results saved in the run. What happened on the way is in
//! result() as fields, so a caller says it in its own words and language.
//!
//! Two steps, so that the CLI can export the descriptors in between (or stop there):
//! describe() then measure(); run() does both.
//!
//! Threading: one thread at a time; describe() may extract on the calling thread (LibTorch's
//! grad mode is per thread). Progress and cancel through Feedback (orinet::Canceled).
class RunEvaluation {
public:
    struct Options {
        //! Unset: the last checkpoint when extracting; any, when choosing a stored set.
        std::optional<CheckpointChoice> checkpoint;
        //! Unset: kDefaultSplitNormalization when extracting; any, when choosing a stored set.
        std::optional<Normalization> normalization;
        //! Describe every pair turned to a random orientation (DescriptorExtractor::Options).
        std::optional<uint64_t> randomOrientationSeed;
        //! One report per entry, in order.
        std::vector<metrics::Direction> directions = {metrics::Direction::GroundToSatellite};
        EvaluationOptions evaluation; //!< its direction is set from `directions`
        std::string positionsFile;    //!< UTM positions (.npy), instead of the dataset's
        std::string resultsDirectory; //!< empty: the run's results/<key>
    };

    struct Result {
        //! The checkpoint file the descriptors were made with (for a stored set, what its
        //! provenance names; may be empty).
        std::string checkpointFile;
        //! The checkpoint used: last after a fallback; unset for a stored set not made from
        //! one of the run's checkpoints.
        std::optional<CheckpointChoice> checkpoint;
        bool fellBack = false;      //!< best was asked for but the run has none: last used
        std::string fallbackReason; //!< why (an English sentence), when fellBack
        //! The BatchNorm mode of the descriptors; unset for a stored set that does not say.
        std::optional<Normalization> normalization;
        DescriptorOrigin origin = DescriptorOrigin::Reused;
        //! BatchNorm statistics recalibrated for this evaluation (computed) and where kept.
        DescriptorExtractor::Recalibration recalibration;
        std::string descriptorsDirectory; //!< the folder the descriptors are in
        std::shared_ptr<const DescriptorSet> descriptors;

        std::vector<UtmPosition> positions; //!< one per pair, or empty
        //! Why there is no geo-recall, when distances were asked for but there is none.
        std::string noGeoRecall;
        std::string resultsDirectory;                   //!< where the reports were saved
        std::vector<metrics::EvaluationReport> reports; //!< per direction, as saved

        //! The CLI's note: the fallback, then the recalibration; empty when neither happened.
        std::string note() const;
    };

    RunEvaluation(RunFolder run, Options options);

    //! The descriptors of `split`. With a dataset: the run's saved set of the chosen
    //! checkpoint state, BatchNorm mode and inputs when it is newer than the checkpoint, else
    //! extracted and saved in RunFolder::descriptorsDirectory(); a run made from a model of
    //! another method (ModelImport) likewise with its model, whatever the BatchNorm mode
    //! asked; a run without checkpoint (an
    //! imported run among them) uses the one stored set of that split, whose ids must be the
    //! split's. Without a dataset: the one stored set that fits
    //! `split` (may be empty), the checkpoint and the mode as far as they are given. Throws
    //! orinet::Error naming the folder when no set, or several, fit.
    void describe(const Dataset* dataset, const std::string& split, Feedback& feedback);
    //! Positions (Options::positionsFile, else the dataset's), then retrieval, metrics and
    //! the report of every direction saved in the results folder. After describe().
    void measure(Feedback& feedback);
    //! describe() then measure().
    const Result& run(const Dataset* dataset, const std::string& split, Feedback& feedback);

    const Result& result() const { return mResult; }
    const RunFolder& runFolder() const { return mRun; }

    //! Retrieval, metrics and (when `resultsDirectory` is not empty) save for any descriptor
    //! set: one report per direction of `options`, each recording `descriptorsLabel` and
    //! stamped with its creation time before saving (the report in memory equals the file).
    static std::vector<metrics::EvaluationReport>
    measureSet(const DescriptorSet& descriptors, const std::string& descriptorsLabel,
               const std::vector<UtmPosition>& positions, const Options& options,
               const std::string& resultsDirectory, Feedback& feedback);
    //! The positions of `split`'s pairs for descriptors of `rows` pairs: empty, with the
    //! reason in `why`, when a pair has none. Throws orinet::Error naming the dataset when the
    //! split has another number of pairs.
    static std::vector<UtmPosition> positionsOf(const Dataset& dataset, const std::string& split,
                                                size_t rows, std::string* why);

private:
    void extractOrReuse(const Dataset& dataset, const std::string& split, Feedback& feedback);
    void extractWithModelOrReuse(const Dataset& dataset, const std::string& split,
                                 Feedback& feedback);
    void chooseStoredSet(const Dataset* dataset, const std::string& split);

    RunFolder mRun;
    Options mOptions;
    Result mResult;
    const Dataset* mDataset = nullptr;
    std::string mSplit;
};

} // namespace orinet
