#pragma once

#include "dataset/dataloadersource.h"
#include "dataset/rotationdraw.h"
#include "model/modelconfig.h"
#include "model/normalization.h"
#include "run/tripletlossoptions.h"

#include <cstdint>
#include <string>
#include <vector>

namespace orinet {

//! Everything a training run depends on; written to the run folder's config.json and into
//! every checkpoint, so `--resume` needs nothing but the folder. Defaults are the paper's.
struct TrainingConfig {
    ModelConfig model;
    int epochs = 100;
    int64_t batchSize = 12;
    double learningRate = 1e-5;
    double beta1 = 0.9;
    double beta2 = 0.999;
    double adamEpsilon = 1e-8;
    double weightDecay = 0.0; //!< L2 added to the gradient, as torch.optim.Adam does
    //! Seeds torch (torch::manual_seed) and the data loader; the weight initialisation uses
    //! model.initSeed (set it to the same value for a run defined by one seed).
    uint64_t seed = 0;
    TripletLossOptions loss;
    //! The satellite quarter-turn draw of the augmentation. Configurations saved before this
    //! field existed read as Uniform, the draw those runs used.
    RotationDraw rotation = RotationDraw::Original;
    //! CVACT variant: mask negatives nearer than loss.excludeRadius when batches carry UTM.
    bool maskNearbyNegatives = true;
    //! Also write last.ckpt every N steps (0: only at the end of each epoch and on cancel).
    int64_t checkpointEverySteps = 0;
    //! Ghost batch normalisation: BatchNorm statistics over this many equal slices of each
    //! batch instead of the whole batch. A single process with k shards computes exactly what
    //! k data-parallel processes do (each normalises its own slice).
    int64_t normalizationShards = 1;
    //! Data-parallel runs: gather all ranks' descriptors so the loss sees the negatives of the
    //! global batch (gradients are then summed); otherwise each rank's loss uses its own batch
    //! and gradients are averaged.
    bool gatherDescriptors = true;
    //! BatchNorm statistics of the per-epoch validation (model/normalization.h); the best
    //! checkpoint is chosen by its recall@1%.
    Normalization validationNormalization = kDefaultSplitNormalization;
    //! Also validate under the other BatchNorm modes and log their figures (costs one more
    //! pass over the validation split per mode).
    bool validateAllNormalizations = false;
    //! Validate only every N-th epoch (epochs N, 2N, ...) and always the last one: a VIGOR
    //! gallery's validation can cost hours. The other epochs are logged without validation
    //! figures and best.ckpt is chosen among the validated ones. 1: every epoch.
    int validateEveryEpochs = 1;
    //! True when epoch `epoch` (1-based) of this run is validated.
    bool validatesEpoch(int epoch) const {
        return epoch % validateEveryEpochs == 0 || epoch >= epochs;
    }
    //! Unaugmented training batches averaged into the recalibrated BatchNorm statistics after
    //! every epoch (0: none; Normalization::Recalibrated then cannot be used).
    int64_t recalibrationBatches = 50;
    //! Informational: the dataset and layout the run was started on.
    std::string dataset;
    std::string layout; //!< "vigor" for a VIGOR root (docs/vigor.md)
    //! VIGOR runs: the protocol whose train split is trained on ("same-area", "cross-area");
    //! a resumed run reads the same one. Empty (and not written) for one-to-one datasets.
    std::string protocol;
    //! VIGOR runs: the share of the protocol's train panoramas held out of training and
    //! validated against the whole gallery of the train split after every epoch
    //! (QueryGalleryPairs::heldOutQueries, drawn with `seed`; docs/training.md). 0: none,
    //! and no best.ckpt. Written for VIGOR runs only; runs from before it read as 0.
    double validationHoldout = 0;

    //! How a data loader feeds this run for `purpose`: preset, orientation, batch size and
    //! seed from this configuration (the caller adds workers, limits and shards).
    SourceOptions sourceOptions(SourcePurpose purpose) const;

    std::string toJson() const;
    //! Throws orinet::Error (naming `source`) for missing or invalid fields.
    static TrainingConfig fromJson(const std::string& json, const std::string& source = {});
    //! Throws orinet::Error naming the first invalid setting (e.g. a batch of 1, a negative
    //! learning rate): the same rules for new runs, resumed runs and files.
    void validate(const std::string& source = {}) const;

    //! The one resume policy (CLI and GUI): a resumed run keeps its saved settings, except
    //! the number of epochs and the device; a run that has not trained yet (imported weights,
    //! `stepsDone` 0) keeps only its model. `given` names the settings the user set
    //! explicitly, by their toJson() keys ("epochs", "batch_size", "learning_rate", "device",
    //! ...); those are taken from `requested` when they may change, and otherwise reported in
    //! `kept` ("learning_rate: the run's 0.0001 is kept, 0.001 was given").
    static TrainingConfig resumed(const TrainingConfig& saved, const TrainingConfig& requested,
                                  const std::vector<std::string>& given, int64_t stepsDone,
                                  std::vector<std::string>* kept = nullptr);
};

} // namespace orinet
