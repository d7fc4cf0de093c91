#pragma once

#include "common/feedback.h"
#include "training/batchsource.h"
#include "training/trainingconfig.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace orinet {

class OriNetModel;
class ProcessGroup;

//! Where a run stands after a step; the CLI prints it as its progress line, the GUI plots it.
struct TrainingProgress {
    int epoch = 0; //!< 1-based
    int epochs = 0;
    int64_t step = 0; //!< global steps completed
    int64_t totalSteps = 0;
    int64_t stepInEpoch = 0; //!< 1-based
    int64_t stepsPerEpoch = 0;
    double loss = 0;
    double elapsedSeconds = 0; //!< in this session (a resumed run restarts the clock)
    double etaSeconds = 0;
};

//! One finished epoch. Validation figures are -1 when there was no validation set.
struct EpochSummary {
    int epoch = 0; //!< 1-based
    int64_t step = 0;
    double meanLoss = 0;
    double recallAt1 = -1;
    double recallAt5 = -1;
    double recallAt10 = -1;
    double recallAtOnePercent = -1;
    int64_t validationCount = 0;
};

//! Called on the training thread; a GUI forwards them with queued signals.
struct TrainingCallbacks {
    std::function<void(const TrainingProgress&)> step;
    std::function<void(const EpochSummary&)> epoch;
};

struct TrainingResult {
    bool canceled = false;
    int64_t steps = 0;
    std::vector<EpochSummary> epochs; //!< finished in this session
    double bestRecallAtOnePercent = -1;
};

//! Trains OriNet with Adam and the weighted soft-margin triplet loss (SPEC §4) and keeps a
//! run folder:
//!   config.json, log.jsonl, log.csv (one record per step and per epoch),
//!   checkpoints/last.ckpt, checkpoints/best.ckpt (highest validation recall@1%),
//!   results/summary.json.
//! Checkpoints are safetensors files (docs/weights.md): model tensors under their public
//! names, Adam moments under "optimizer.exp_avg.<name>" / "optimizer.exp_avg_sq.<name>",
//! LibTorch's CPU generator state as "rng.cpu", and the configuration, step and epoch as
//! metadata. They are written atomically: a kill at any moment leaves the last good one.
//!
//! Threading: construct and run() on one worker thread (LibTorch grad mode is per thread).
//! Feedback::cancel() may be called from any thread: the run stops at the next step
//! boundary, writes last.ckpt and returns with `canceled` set.
class Trainer {
public:
    //! Starts a new run (resume = false): creates the folder, refuses one that already holds a
    //! checkpoint. Or reopens one (resume = true) from checkpoints/last.ckpt; the model part of
    //! `config` must match the checkpoint's, the rest (e.g. more epochs) may change.
    //!
    //! Data-parallel training: pass the joined ProcessGroup (it must outlive the trainer) and
    //! give each rank a disjoint shard of the data with equal batch sizes. Rank 0 broadcasts
    //! its weights at the start, BatchNorm running statistics before every step (as PyTorch's
    //! DistributedDataParallel does), and alone writes the run folder and validates; gradients
    //! are all-reduced. On resume every rank reads the checkpoint from `runDirectory`.
    Trainer(std::string runDirectory, const TrainingConfig& config, bool resume,
            ProcessGroup* group = nullptr);
    ~Trainer();
    Trainer(const Trainer&) = delete;
    Trainer& operator=(const Trainer&) = delete;

    //! The configuration stored in a run folder's last checkpoint (for --resume).
    static TrainingConfig savedConfig(const std::string& runDirectory);

    //! Runs until config.epochs are done or the user cancels. Throws orinet::Error when the
    //! loss becomes NaN or infinite (the last good checkpoint stays), when a batch does not
    //! fit the model, or when the train source's epoch length differs from the checkpoint's.
    TrainingResult run(BatchSource& train, BatchSource* validation, Feedback& feedback,
                       const TrainingCallbacks& callbacks = {});

    const TrainingConfig& config() const;
    OriNetModel& model();
    int64_t completedSteps() const;

    //! Testing only: the loss of global step s (1-based) is multiplied by hook(s) before the
    //! finiteness check, so a test can inject NaN at a chosen step.
    void setLossScaleHookForTesting(std::function<double(int64_t step)> hook);

    struct Impl;

private:
    std::unique_ptr<Impl> mImpl;
};

} // namespace orinet
