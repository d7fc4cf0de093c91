#pragma once

#include "model/namedtensor.h"
#include "model/normalization.h"
#include "run/trainingconfig.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace orinet {

class OriNetModel;

//! Where a run stood when a checkpoint was written.
struct CheckpointState {
    int64_t step = 0;          //!< global steps done
    int64_t stepsPerEpoch = 0; //!< 0: unknown (imported weights)
    double epochLossSum = 0;   //!< of the epoch in progress, so a mid-epoch resume keeps the mean
    //! Epochs whose end (validation record, best checkpoint) is done. Lags the completed
    //! epochs when a run stopped during validation: the resumed run validates first.
    int recordedEpochs = 0;
    //! Highest validation figure so far in the run's BatchNorm mode: recall@1% for one-to-one
    //! runs, recall@1 for VIGOR runs (TrainingResult::selection); stored as best_recall_1p.
    double bestRecall = -1;
    int bestEpoch = 0; //!< its epoch, 0 = none

    int completedEpochs() const {
        return stepsPerEpoch > 0 ? static_cast<int>(step / stepsPerEpoch) : 0;
    }
};

//! One checkpoint file (docs/weights.md), the single owner of the format, used by the trainer,
//! weight import/export, descriptor extraction and the GUI. A safetensors file whose tensors are
//! - the model: "ground.*" and "satellite.*" under PyTorch's state_dict names, BatchNorm
//!   running statistics included;
//! - optional "recalibrated.<bn>.running_mean|running_var|num_batches_tracked": the
//!   BatchNorm statistics recomputed over training batches (Normalization::Recalibrated);
//! - training state, in `last` checkpoints only: Adam moments "optimizer.exp_avg.<param>" and
//!   "optimizer.exp_avg_sq.<param>", LibTorch's CPU generator state "rng.cpu";
//! and whose metadata holds the training configuration and CheckpointState. A weights file
//! (PyTorch, `orinet export-weights`) is read as a checkpoint with only the model.
//!
//! Plain data: no LibTorch, any thread.
class Checkpoint {
public:
    TrainingConfig config;
    CheckpointState state;
    std::vector<NamedTensor> model;
    std::vector<NamedTensor> recalibrated; //!< names as in `model`; empty when not computed
    std::vector<NamedTensor> optimizer;    //!< full names ("optimizer.exp_avg.<param>")
    std::optional<NamedTensor> rng;
    //! The weights file an imported checkpoint came from (empty otherwise).
    std::string importedFrom;
    //! The file this was loaded from (empty for one built in memory).
    std::string path;
    //! Where `config` came from when the file's metadata lacks it: the config.json of the run
    //! holding the checkpoint (callers say so). Empty when the file carried its configuration.
    std::string configSource;

    bool hasTrainingState() const { return !optimizer.empty(); }

    //! A checkpoint (*.ckpt) or a weights file. For a weights file without a model
    //! configuration the orientation mode is read from conv1's input channels and the preset
    //! taken from `fallbackPreset` (the network is fully convolutional). A training checkpoint
    //! whose metadata lacks its configuration takes it from its run's config.json (setting
    //! configSource), never from `fallbackPreset`: the weights fit every input size, so a guess
    //! would train or describe at the wrong one without a sign. Throws orinet::Error naming the
    //! file for anything it cannot use, including unknown tensors, and naming both files when
    //! such a checkpoint has no usable config.json.
    static Checkpoint load(const std::string& path, const std::string& fallbackPreset = "paper");
    //! Configuration and state only, from the file's header (fast: no tensor data is read).
    static Checkpoint loadHeader(const std::string& path,
                                 const std::string& fallbackPreset = "paper");

    //! Writes everything atomically (a crash or full disk leaves the previous file).
    void save(const std::string& file) const;
    //! This checkpoint without the training state: what a `best` checkpoint keeps.
    Checkpoint withoutTrainingState() const;
    //! Writes only the model tensors plus the model configuration as metadata
    //! "orinet.model_config": a file PyTorch's safetensors.torch.load_file reads.
    void exportWeights(const std::string& file) const;

    //! The network with these weights, normalising as `mode` asks: Recalibrated loads the
    //! recalibrated statistics (throws orinet::Error naming the file when there are none),
    //! Original normalises with batch statistics. `device` overrides the stored one when set.
    std::unique_ptr<OriNetModel> buildModel(Normalization mode,
                                            const std::string& device = {}) const;

    //! Loads `file` for describing images one at a time (the heat map, explanations), where
    //! BatchNorm must use stored statistics: Normalization::Original (the statistics of a
    //! batch) throws orinet::Error naming the file, its reason being that `alone` (e.g. "a heat
    //! map describes each panorama alone"); Recalibrated falls back to Running for a checkpoint
    //! without recalibrated statistics, and `mode` and `note` then say so.
    static std::unique_ptr<OriNetModel> loadForSingleImages(const std::string& file,
                                                            const std::string& fallbackPreset,
                                                            const std::string& alone,
                                                            Normalization& mode, std::string& note);

    //! "last.ckpt (epoch 3, step 255)": how results and legends name their checkpoint.
    std::string label() const;
};

} // namespace orinet
