#pragma once

#include "translatedtexts.h"

#include <QTimer>
#include <QWidget>

#include <memory>
#include <mutex>
#include <vector>

class QComboBox;
class QCPGraph;
class QCustomPlot;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;

namespace orinet {

class BackgroundJob;
class Dataset;
struct TrainingProgress;

//! Trains OriNet on the open dataset: the run's settings, start / resume / stop, and live
//! curves (per-step loss, per-epoch validation recall). Training runs as a BackgroundJob; the
//! trainer's callbacks only append to a locked buffer that a 40 ms timer drains into the plot,
//! so a fast run never floods the GUI thread.
class TrainingPanel : public QWidget {
    Q_OBJECT
public:
    explicit TrainingPanel(const QString& runsDirectory, QWidget* parent = nullptr);
    ~TrainingPanel() override;

    void setDataset(std::shared_ptr<const Dataset> dataset);
    QString runDirectory() const;

    //! The status of a running training: "epoch 3/10 · step 120/400 · loss 0.6931 · ETA 2 min
    //! 10 s" (loss to four significant digits).
    static QString progressText(const TrainingProgress& progress);
    //! A duration as people read it: "45 s", "2 min 10 s", "3 h 05 min".
    static QString durationText(double seconds);

public slots:
    void start();
    void resume();
    void stop();

signals:
    void jobStarted(BackgroundJob* job);
    //! A run ended (finished or stopped with a checkpoint) and can be evaluated.
    void runReady(const QString& runDirectory);

protected:
    void changeEvent(QEvent* event) override;

private:
    struct Point {
        bool epoch = false;
        double x = 0;
        double loss = 0;
        double recallAt1 = -1;
        double recallAtOnePercent = -1;
        QString text;
        QString progress; //!< progressText() of a step
    };

    void launch(bool resume);
    void drain();
    void setRunning(bool running);

    std::shared_ptr<const Dataset> mDataset;
    std::unique_ptr<BackgroundJob> mJob;
    QString mRunsDirectory;

    QLabel* mDatasetLabel;
    QLineEdit* mRun;
    QComboBox* mPreset;
    QComboBox* mOrientation;
    QSpinBox* mEpochs;
    QSpinBox* mBatch;
    QDoubleSpinBox* mLearningRate;
    QSpinBox* mSeed;
    QPushButton* mStart;
    QPushButton* mResume;
    QPushButton* mStop;
    QLabel* mStatus;
    QCustomPlot* mPlot;
    QCPGraph* mLossGraph = nullptr;
    QCPGraph* mRecallGraph = nullptr;
    QCPGraph* mTop1Graph = nullptr;
    QPlainTextEdit* mLog;
    QTimer mDrainTimer;
    QString mProgressText; //!< of the last drained step; empty before the first

    std::mutex mMutex; // guards mPending, filled by the training thread
    std::vector<Point> mPending;
    TranslatedTexts mTexts; //!< every text this widget shows (docs/translations.md)
};

} // namespace orinet
