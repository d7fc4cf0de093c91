#pragma once

#include "dataset/dataloadersource.h"
#include "run/trainingconfig.h"
#include "training/trainer.h"

#include <cstddef>
#include <memory>
#include <string>

namespace orinet {

class Dataset;
class QueryGalleryPairs;
class QueryGalleryValidation;

//! The loaders a training run reads, built one way for the CLI and the GUI from the run's
//! configuration (TrainingConfig::sourceOptions): the shuffled, augmented training split; the
//! validation split, when one is named; and unaugmented training batches for the recalibrated
//! BatchNorm statistics, when the configuration asks for them.
class TrainingData {
public:
    struct Options {
        std::string trainSplit = "train";
        std::string validationSplit = "val"; //!< empty: no validation after each epoch
        size_t validationLimit = 0;          //!< > 0: validate on the split's first pairs only
        int workers = 2;                     //!< image decoding threads of each loader
        //! Data-parallel training: this process reads every worldSize-th training pair from
        //! rank on; validation and recalibration read the whole split on every rank.
        int rank = 0;
        int worldSize = 1;
    };

    //! The share of a VIGOR root's train panoramas held out for the per-epoch validation when
    //! none is given (`orinet train --val-holdout`, the studio's form).
    static constexpr double kDefaultValidationHoldout = 0.05;

    //! Throws orinet::Error naming the dataset's split when it is unknown or empty.
    TrainingData(const Dataset& dataset, const TrainingConfig& config, const Options& options);
    //! A query/gallery dataset (VIGOR): trains on its pairs' split options.trainSplit with
    //! batches arranged so that panoramas rarely share a covering tile and masked where they do
    //! (QueryGalleryPairs::arrange, Batch::notNegative). Validated after every epoch when
    //! `pairs` holds panoramas out (QueryGalleryPairs::heldOut): those against the whole
    //! gallery (QueryGalleryValidation), not the one-to-one recall of a split of pairs, which
    //! would count a semi-positive above the positive as a miss. options.validationSplit and
    //! validationLimit do not apply: throws orinet::Error when either is set.
    TrainingData(std::shared_ptr<const QueryGalleryPairs> pairs, const TrainingConfig& config,
                 const Options& options);
    //! The data of a VIGOR run (config.layout "vigor") on the VIGOR root `root`: the pairs of
    //! config.protocol's train split with config.validationHoldout of its panoramas held out,
    //! drawn with config.seed (QueryGalleryPairs::readVigor), so a resumed run, which keeps
    //! those settings, trains and validates on the same ones. The one way `orinet train` and
    //! the studio read a VIGOR root for training. Throws orinet::Error naming the file at fault
    //! (a split file missing: VigorFormat::checkSplitFiles; a malformed row: its line).
    static std::unique_ptr<TrainingData>
    forVigor(const std::string& root, const TrainingConfig& config, const Options& options);
    ~TrainingData();
    TrainingData(const TrainingData&) = delete;
    TrainingData& operator=(const TrainingData&) = delete;

    //! Valid while this object lives.
    TrainingSources sources() const;
    size_t stepsPerEpoch() const;
    //! A query/gallery run's pairs (with the held-out panoramas); null for a one-to-one run.
    const QueryGalleryPairs* queryGalleryPairs() const { return mPairs.get(); }

private:
    std::shared_ptr<const QueryGalleryPairs> mPairs;
    std::unique_ptr<BatchSource> mTrain;
    std::unique_ptr<DataLoaderSource> mValidation;
    std::unique_ptr<DataLoaderSource> mRecalibration;
    std::unique_ptr<QueryGalleryValidation> mQueryGallery;
};

} // namespace orinet
