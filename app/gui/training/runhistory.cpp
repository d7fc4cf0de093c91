#include "gui/training/runhistory.h"

#include "run/checkpoint.h"
#include "run/runfolder.h"
#include "run/traininglog.h"

#include <QFileInfo>

namespace orinet::runhistory {

TrainingHistory::Epoch epochOf(const EpochSummary& e) {
    TrainingHistory::Epoch epoch;
    epoch.epoch = e.epoch;
    epoch.step = e.step;
    epoch.meanLoss = e.meanLoss;
    // -1: no validation that epoch.
    epoch.recallAt1 = e.validationCount > 0 ? e.recallAt1 : NAN;
    epoch.recallAtOnePercent = e.validationCount > 0 ? e.recallAtOnePercent : NAN;
    if (e.validationCount > 0 && e.validationGallery > 0) { // held out vs the whole gallery
        epoch.recallAt5 = e.recallAt5;
        epoch.recallAt10 = e.recallAt10;
        epoch.hitRate = e.hitRate;
    }
    // Logs older than the unixTime field have 0 there: unknown, not 1970.
    epoch.unixTime = e.unixTime > 0 ? e.unixTime : NAN;
    return epoch;
}

TrainingHistory read(const std::string& runDirectory, int64_t upToStep, int upToEpochs) {
    const RunFolder folder(runDirectory);
    const TrainingLog log = TrainingLog::read(folder.logFile());
    TrainingHistory history;
    history.name = QFileInfo(QString::fromStdString(runDirectory)).fileName();
    if (folder.hasCheckpoint())
        history.stepsPerEpoch = Checkpoint::loadHeader(folder.lastCheckpoint()).state.stepsPerEpoch;
    auto time = [](double unixTime) { return unixTime > 0 ? unixTime : NAN; };
    for (const StepRecord& s : log.steps)
        if (upToStep < 0 || s.step <= upToStep)
            history.steps.push_back({s.step, s.epoch, s.loss, time(s.unixTime), s.releasedLoss});
    for (const EpochSummary& e : log.epochs) {
        if (upToEpochs >= 0 && e.epoch > upToEpochs)
            continue;
        history.epochs.push_back(epochOf(e));
    }
    return history;
}

} // namespace orinet::runhistory
