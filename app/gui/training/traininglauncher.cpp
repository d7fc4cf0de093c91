#include "gui/training/traininglauncher.h"

#include "dataset/dataset.h"
#include "gui/jobs/backgroundjob.h"
#include "gui/training/runhistory.h"
#include "run/trainingconfig.h"
#include "training/trainingdata.h"

#include <QDateTime>
#include <QFile>

#include <cmath>

namespace orinet {

TrainingLauncher::TrainingLauncher(QObject* parent)
    : QObject(parent) {
    mDrainTimer.setInterval(40);
    connect(&mDrainTimer, &QTimer::timeout, this, &TrainingLauncher::drain);
}

TrainingLauncher::~TrainingLauncher() {
    mJob.reset(); // stop the worker before the buffer it appends to goes away
}

bool TrainingLauncher::isRunning() const {
    return mJob && mJob->isRunning();
}

BackgroundJob* TrainingLauncher::prepare(const QString& title, const Input& input,
                                         const QString& runDirectory,
                                         const TrainingConfig& trainingConfig, bool resume) {
    if (isRunning())
        return nullptr;
    {
        std::lock_guard<std::mutex> lock(mMutex);
        mPending.clear();
    }
    const std::string runDir = runDirectory.toStdString();
    const TrainingConfig config = trainingConfig;
    const std::shared_ptr<const Dataset> dataset = input.dataset;
    const std::string vigorRoot = QFile::encodeName(input.vigorRoot).toStdString();
    mJob = std::make_unique<BackgroundJob>(title, [=](Feedback& feedback) {
        TrainingData::Options dataOptions;
        std::unique_ptr<TrainingData> holder;
        if (!vigorRoot.empty()) {
            // As `orinet train` on a VIGOR root: it has no validation split, it holds out.
            dataOptions.validationSplit.clear();
            holder = TrainingData::forVigor(vigorRoot, config, dataOptions);
        } else {
            if (!dataset->hasSplit("val"))
                dataOptions.validationSplit.clear();
            holder = std::make_unique<TrainingData>(*dataset, config, dataOptions);
        }
        const TrainingData& data = *holder;
        // Trainer and its modules are created here: LibTorch's grad mode is per thread.
        Trainer trainer(runDir, config, resume);
        TrainingCallbacks callbacks;
        callbacks.step = [this](const TrainingProgress& p) {
            Record record;
            record.progress = p;
            record.step = {p.step, p.epoch, p.loss, QDateTime::currentMSecsSinceEpoch() / 1000.0};
            record.step.releasedLoss = p.releasedLoss;
            std::lock_guard<std::mutex> lock(mMutex);
            mPending.push_back(std::move(record));
        };
        callbacks.epoch = [this](const EpochSummary& s) {
            Record record;
            record.isEpoch = true;
            record.epoch = runhistory::epochOf(s);
            if (!std::isfinite(record.epoch.unixTime))
                record.epoch.unixTime = QDateTime::currentMSecsSinceEpoch() / 1000.0;
            std::lock_guard<std::mutex> lock(mMutex);
            mPending.push_back(std::move(record));
        };
        trainer.run(data.sources(), feedback, callbacks);
    });
    connect(mJob.get(), &BackgroundJob::finished, this, [this, runDirectory] {
        mDrainTimer.stop();
        drain();
        emit ended(runDirectory);
    });
    mDrainTimer.start();
    return mJob.get();
}

void TrainingLauncher::drain() {
    std::vector<Record> records;
    {
        std::lock_guard<std::mutex> lock(mMutex);
        records.swap(mPending);
    }
    if (!records.empty())
        emit arrived(records);
}

} // namespace orinet
