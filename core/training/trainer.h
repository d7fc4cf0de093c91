#pragma once

#include "common/feedback.h"
#include "dataset/batchsource.h"
#include "run/trainingconfig.h"
#include "run/traininglog.h"

#include <cmath>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace orinet {

class OriNetModel;
class ProcessGroup;
class QueryGalleryValidation;

//! Where a run stands after a step; the CLI prints it as its progress line, the GUI plots it.
struct TrainingProgress {
    int epoch = 0; //!< 1-based
    int epochs = 0;
    int64_t step = 0; //!< global steps completed
    int64_t totalSteps = 0;
    int64_t stepInEpoch = 0; //!< 1-based
    int64_t stepsPerEpoch = 0;
    double loss = 0;
    //! CVACT variant: the released code's value of the same loss (training/tripletloss.h,
    //! releasedTripletLoss); NaN when no negatives are masked.
    double releasedLoss = std::nan("");
    double elapsedSeconds = 0; //!< in this session (a resumed run restarts the clock)
    double etaSeconds = 0;
};

//! Called on the training thread; a GUI forwards them with queued signals.
struct TrainingCallbacks {
    std::function<void(const TrainingProgress&)> step;
    std::function<void(const EpochSummary&)> epoch;
};

//! Where a run's batches come from.
struct TrainingSources {
    BatchSource* train = nullptr; //!< shuffled and augmented (SourcePurpose::Training)
    //! Validated after every epoch when set (every TrainingConfig::validateEveryEpochs-th and
    //! the last: TrainingConfig::validatesEpoch), in split order with the training batch size.
    BatchSource* validation = nullptr;
    //! Unaugmented training batches (SourcePurpose::Recalibration) for the recalibrated
    //! BatchNorm statistics written after every epoch; needed when the run validates with them.
    BatchSource* recalibration = nullptr;
    //! A VIGOR run's validation after every epoch (as above) instead of `validation`: held-out
    //! panoramas against the whole gallery (QueryGalleryValidation); best.ckpt is then chosen by
    //! recall@1 and its descriptors are kept in RunFolder::validationDirectory().
    const QueryGalleryValidation* queryGallery = nullptr;
};

struct TrainingResult {
    bool canceled = false;
    int64_t steps = 0;
    std::vector<EpochSummary> epochs;   //!< finished in this session
    double bestRecallAtOnePercent = -1; //!< one-to-one runs; -1 for a VIGOR run
    //! The figure best.ckpt is chosen by ("r1p" one-to-one, "r1" VIGOR), its best value
    //! (-1: no validated epoch) and epoch.
    std::string selection = "r1p";
    double bestValidation = -1;
    int bestEpoch = 0;
};

//! Trains OriNet with Adam and the weighted soft-margin triplet loss (docs/training.md) in a
//! run folder laid out as RunFolder says. Each epoch ends with: last.ckpt written (the epoch's
//! weights are safe before the long part), the recalibrated BatchNorm statistics computed,
//! validation (on the epochs TrainingConfig::validatesEpoch names), the epoch record logged,
//! best.ckpt written when the epoch is the best so far, and last.ckpt written again recording all
//! of that. A kill or a full disk at any moment leaves a consistent folder: best.ckpt is written
//! before last.ckpt names its epoch, and a run stopped during validation validates that epoch first
//! when resumed.
//!
//! Threading: construct and run() on one worker thread (LibTorch grad mode is per thread).
//! Feedback::cancel() may be called from any thread: the run stops at the next step
//! boundary (or inside validation), writes last.ckpt and returns with `canceled` set.
class Trainer {
public:
    //! Starts a new run (resume = false): creates the folder, refuses one that already holds a
    //! checkpoint, and empties logs left by a run killed before its first checkpoint. Or
    //! reopens one (resume = true) from its last checkpoint; `config` is then what
    //! TrainingConfig::resumed() made of the saved one (its model part must match the
    //! checkpoint's). Claims the folder (RunFolder::lock) and removes stale temporary files.
    //!
    //! Data-parallel training: pass the joined ProcessGroup (it must outlive the trainer) and
    //! give each rank a disjoint shard of the data with equal batch sizes. Rank 0 broadcasts
    //! its weights at the start and its BatchNorm running statistics before every step (as
    //! PyTorch's DistributedDataParallel does), and alone writes the run folder and
    //! validates; gradients are all-reduced. On resume every rank reads the checkpoint.
    Trainer(std::string runDirectory, const TrainingConfig& config, bool resume,
            ProcessGroup* group = nullptr);
    ~Trainer();
    Trainer(const Trainer&) = delete;
    Trainer& operator=(const Trainer&) = delete;

    //! Runs until config.epochs are done or the user cancels. Throws orinet::Error when the
    //! loss becomes NaN or infinite (the last good checkpoint stays), when a batch does not
    //! fit the model, or when the train source's epoch length differs from the checkpoint's.
    TrainingResult run(const TrainingSources& sources, Feedback& feedback,
                       const TrainingCallbacks& callbacks = {});

    const TrainingConfig& config() const;
    OriNetModel& model();
    int64_t completedSteps() const;

    //! Testing only: the loss of global step s (1-based) is multiplied by hook(s) before the
    //! finiteness check, so a test can inject NaN at a chosen step.
    void setLossScaleHookForTesting(std::function<double(int64_t step)> hook);
    //! Testing only: called at named points of the epoch's end ("validated", "best-written")
    //! so a test can stop or kill the run there.
    void setEpochEndHookForTesting(std::function<void(const std::string& point)> hook);

private:
    struct Impl;
    std::unique_ptr<Impl> mImpl;
};

} // namespace orinet
