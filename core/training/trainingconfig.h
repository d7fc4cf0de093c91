#pragma once

#include "dataset/rotationdraw.h"
#include "model/modelconfig.h"
#include "training/tripletloss.h"

#include <cstdint>
#include <string>

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
    //! Informational: the dataset and layout the run was started on.
    std::string dataset;
    std::string layout;

    std::string toJson() const;
    //! Throws orinet::Error (naming `source`) for missing or invalid fields.
    static TrainingConfig fromJson(const std::string& json, const std::string& source = {});
};

} // namespace orinet
