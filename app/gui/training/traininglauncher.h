#pragma once

#include "training/trainer.h"
#include "trainingcurves.h"

#include <QObject>
#include <QString>
#include <QTimer>

#include <memory>
#include <mutex>
#include <vector>

namespace orinet {

class BackgroundJob;
class Dataset;
struct TrainingConfig;

//! Runs one training (a Trainer on the run's TrainingData) as a BackgroundJob and brings what
//! the trainer reports to the GUI thread. The trainer's callbacks only append to a locked
//! buffer that a 40 ms timer drains into arrived(), so a fast run never floods the GUI thread.
class TrainingLauncher : public QObject {
    Q_OBJECT
public:
    //! One report of the trainer: a step (with the trainer's progress) or a finished epoch.
    struct Record {
        bool isEpoch = false;
        TrainingProgress progress;    //!< of a step
        TrainingHistory::Step step;   //!< of a step
        TrainingHistory::Epoch epoch; //!< of an epoch
    };

    explicit TrainingLauncher(QObject* parent = nullptr);
    //! Stops the training (at its next step) and waits for it.
    ~TrainingLauncher() override;

    //! What a run trains on: an open one-to-one dataset, or a VIGOR root (config.layout
    //! "vigor"), read in the job as `orinet train` reads it (TrainingData::forVigor).
    struct Input {
        std::shared_ptr<const Dataset> dataset;
        QString vigorRoot;
    };

    //! Makes the job that trains `config` into `runDirectory` on `input`, continuing its last
    //! checkpoint when `resume`. The caller connects to the job and starts it. A job still
    //! running is not replaced: null then.
    BackgroundJob* prepare(const QString& title, const Input& input, const QString& runDirectory,
                           const TrainingConfig& config, bool resume);
    BackgroundJob* job() const { return mJob.get(); }
    bool isRunning() const;

signals:
    //! What the trainer reported since the last time, oldest first.
    void arrived(const std::vector<TrainingLauncher::Record>& records);
    //! The job ended (succeeded, failed or stopped), after the last arrived().
    void ended(const QString& runDirectory);

private:
    void drain();

    std::unique_ptr<BackgroundJob> mJob;
    QTimer mDrainTimer;
    std::mutex mMutex; // guards mPending, filled by the training thread
    std::vector<Record> mPending;
};

} // namespace orinet
