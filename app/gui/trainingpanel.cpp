#include "trainingpanel.h"

#include "backgroundjob.h"
#include "common/error.h"
#include "common/runtimeinfo.h"
#include "dataset/dataloadersource.h"
#include "dataset/dataset.h"
#include "run/checkpoint.h"
#include "run/runfolder.h"
#include "training/trainer.h"

#include <QComboBox>
#include <QDateTime>
#include <QDir>
#include <QDoubleSpinBox>
#include <QEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QVBoxLayout>

#include <cmath>

#include <qcustomplot.h>

namespace orinet {

TrainingPanel::TrainingPanel(const QString& runsDirectory, QWidget* parent)
    : QWidget(parent)
    , mRunsDirectory(runsDirectory)
    , mDatasetLabel(new QLabel)
    , mRun(new QLineEdit)
    , mPreset(new QComboBox)
    , mOrientation(new QComboBox)
    , mEpochs(new QSpinBox)
    , mBatch(new QSpinBox)
    , mLearningRate(new QDoubleSpinBox)
    , mSeed(new QSpinBox)
    , mStart(new QPushButton)
    , mResume(new QPushButton)
    , mStop(new QPushButton)
    , mStatus(new QLabel)
    , mPlot(new QCustomPlot)
    , mLog(new QPlainTextEdit) {
    for (const InputPreset& p : InputPreset::all())
        mPreset->addItem(QStringLiteral("%1 (%2x%3 / %4)")
                             .arg(QString::fromStdString(p.name))
                             .arg(p.groundRows)
                             .arg(p.groundCols)
                             .arg(p.satelliteSize),
                         QString::fromStdString(p.name));
    mPreset->setCurrentIndex(mPreset->findData("tiny")); // CPU-friendly default
    mTexts.setText(mDatasetLabel, [] { return tr("No dataset open."); });
    mTexts.setText(mStart, [] { return tr("Start"); });
    mTexts.setText(mResume, [] { return tr("Resume"); });
    mTexts.setText(mStop, [] { return tr("Stop"); });
    mOrientation->addItem(QString(), "input");
    mOrientation->addItem(QString(), "none");
    mTexts.bind(mOrientation, "items", [this] {
        mOrientation->setItemText(0, tr("RGB + orientation (paper)"));
        mOrientation->setItemText(1, tr("RGB only (ablation)"));
    });
    mEpochs->setRange(1, 10000);
    mEpochs->setValue(10);
    mBatch->setRange(2, 512);
    mBatch->setValue(12);
    mLearningRate->setDecimals(6);
    mLearningRate->setRange(1e-7, 1.0);
    mLearningRate->setSingleStep(1e-5);
    mLearningRate->setValue(1e-4);
    mSeed->setRange(0, 1 << 30);
    // Object names let tests and scripts drive the panel.
    mRun->setObjectName("run");
    mPreset->setObjectName("preset");
    mOrientation->setObjectName("orientation");
    mEpochs->setObjectName("epochs");
    mBatch->setObjectName("batch");
    mLearningRate->setObjectName("learningRate");
    mSeed->setObjectName("seed");
    mStart->setObjectName("start");
    mResume->setObjectName("resume");
    mStop->setObjectName("stop");
    auto* browse = new QPushButton;
    mTexts.setText(browse, [] { return tr("Browse…"); });
    auto* runRow = new QHBoxLayout;
    runRow->addWidget(mRun, 1);
    runRow->addWidget(browse);

    auto* form = new QFormLayout;
    form->addRow(mTexts.label([] { return tr("Dataset"); }), mDatasetLabel);
    form->addRow(mTexts.label([] { return tr("Run folder"); }), runRow);
    form->addRow(mTexts.label([] { return tr("Input size"); }), mPreset);
    form->addRow(mTexts.label([] { return tr("Orientation"); }), mOrientation);
    form->addRow(mTexts.label([] { return tr("Epochs"); }), mEpochs);
    form->addRow(mTexts.label([] { return tr("Batch size"); }), mBatch);
    form->addRow(mTexts.label([] { return tr("Learning rate"); }), mLearningRate);
    form->addRow(mTexts.label([] { return tr("Seed"); }), mSeed);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(mStart);
    buttons->addWidget(mResume);
    buttons->addWidget(mStop);
    buttons->addStretch();
    form->addRow(buttons);
    form->addRow(mStatus);
    mStatus->setWordWrap(true);
    mStop->setEnabled(false);

    mPlot->plotLayout()->clear();
    auto* lossRect = new QCPAxisRect(mPlot);
    auto* recallRect = new QCPAxisRect(mPlot);
    mPlot->plotLayout()->addElement(0, 0, lossRect);
    mPlot->plotLayout()->addElement(1, 0, recallRect);
    recallRect->axis(QCPAxis::atLeft)->setRange(0, 100);
    mLossGraph =
        mPlot->addGraph(lossRect->axis(QCPAxis::atBottom), lossRect->axis(QCPAxis::atLeft));
    mLossGraph->setPen(QPen(QColor(0, 114, 178), 1));
    mRecallGraph =
        mPlot->addGraph(recallRect->axis(QCPAxis::atBottom), recallRect->axis(QCPAxis::atLeft));
    mRecallGraph->setPen(QPen(QColor(213, 94, 0), 2));
    mRecallGraph->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, 6));
    mTop1Graph =
        mPlot->addGraph(recallRect->axis(QCPAxis::atBottom), recallRect->axis(QCPAxis::atLeft));
    mTop1Graph->setPen(QPen(QColor(0, 158, 115), 2));
    mTop1Graph->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, 6));
    auto* legend = new QCPLegend;
    recallRect->insetLayout()->addElement(legend, Qt::AlignTop | Qt::AlignLeft);
    legend->setLayer("legend");
    legend->addItem(new QCPPlottableLegendItem(legend, mRecallGraph));
    legend->addItem(new QCPPlottableLegendItem(legend, mTop1Graph));
    mPlot->setMinimumHeight(300);
    mTexts.bind(mPlot, "labels", [=] {
        lossRect->axis(QCPAxis::atBottom)->setLabel(tr("step"));
        lossRect->axis(QCPAxis::atLeft)->setLabel(tr("loss"));
        recallRect->axis(QCPAxis::atBottom)->setLabel(tr("epoch"));
        recallRect->axis(QCPAxis::atLeft)->setLabel(tr("validation recall (%)"));
        mRecallGraph->setName(tr("r@1%"));
        mTop1Graph->setName(tr("r@1"));
        mPlot->replot(QCustomPlot::rpQueuedReplot);
    });

    mLog->setReadOnly(true);
    mLog->setMaximumBlockCount(2000);

    auto* left = new QWidget;
    auto* leftLayout = new QVBoxLayout(left);
    leftLayout->addLayout(form);
    leftLayout->addWidget(mLog, 1);
    auto* splitter = new QSplitter(Qt::Horizontal);
    splitter->addWidget(left);
    splitter->addWidget(mPlot);
    splitter->setStretchFactor(1, 2);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(splitter);

    connect(browse, &QPushButton::clicked, this, [this] {
        const QString dir =
            QFileDialog::getExistingDirectory(this, tr("Run folder"), mRunsDirectory);
        if (!dir.isEmpty())
            mRun->setText(dir);
    });
    connect(mStart, &QPushButton::clicked, this, &TrainingPanel::start);
    connect(mResume, &QPushButton::clicked, this, &TrainingPanel::resume);
    connect(mStop, &QPushButton::clicked, this, &TrainingPanel::stop);
    mDrainTimer.setInterval(40);
    connect(&mDrainTimer, &QTimer::timeout, this, &TrainingPanel::drain);
}

TrainingPanel::~TrainingPanel() {
    mJob.reset(); // stop the worker before the buffer it appends to goes away
}

void TrainingPanel::setDataset(std::shared_ptr<const Dataset> dataset) {
    mDataset = std::move(dataset);
    mTexts.setText(mDatasetLabel,
                   [root = mDataset ? QString::fromStdString(mDataset->root()) : QString()] {
                       return root.isEmpty() ? tr("No dataset open.") : root;
                   });
    if (mRun->text().isEmpty() || !QFileInfo::exists(mRun->text() + "/checkpoints"))
        mRun->setText(QDir(mRunsDirectory)
                          .filePath(QDateTime::currentDateTime().toString("yyyyMMdd-HHmmss")));
}

QString TrainingPanel::runDirectory() const {
    return mRun->text();
}

void TrainingPanel::start() {
    launch(false);
}

void TrainingPanel::resume() {
    launch(true);
}

void TrainingPanel::stop() {
    if (mJob) {
        mJob->cancel();
        mTexts.setText(mStatus, [] {
            return tr("Stopping after the current step; a checkpoint will be written.");
        });
    }
}

void TrainingPanel::launch(bool resume) {
    if (mJob && mJob->isRunning())
        return;
    if (!mDataset) {
        mTexts.setText(mStatus, [] { return tr("Open a dataset first."); });
        return;
    }
    if (!mDataset->hasSplit("train")) {
        mTexts.setText(mStatus, [] { return tr("The dataset has no 'train' split."); });
        return;
    }
    const std::string runDir = mRun->text().toStdString();
    TrainingConfig config;
    if (!resume) {
        config.model.preset = InputPreset::byName(mPreset->currentData().toString().toStdString());
        config.model.orientation =
            orientationModeFromString(mOrientation->currentData().toString().toStdString());
        config.epochs = mEpochs->value();
        config.batchSize = mBatch->value();
        config.learningRate = mLearningRate->value();
        config.seed = static_cast<uint64_t>(mSeed->value());
        config.model.initSeed = config.seed;
        config.dataset = mDataset->root();
        config.layout = toString(mDataset->layout());
        mLossGraph->data()->clear();
        mRecallGraph->data()->clear();
        mTop1Graph->data()->clear();
        mLog->clear();
    }
    const int epochs = mEpochs->value();
    const std::shared_ptr<const Dataset> dataset = mDataset;

    mJob = std::make_unique<BackgroundJob>(
        resume ? tr("Resuming training") : tr("Training"), [=](Feedback& feedback) mutable {
            if (resume) {
                const RunFolder folder(runDir);
                if (!folder.hasCheckpoint())
                    throw Error(runDir, "this run folder has no checkpoint to resume from; "
                                        "start a new run instead");
                const Checkpoint saved = Checkpoint::loadHeader(folder.lastCheckpoint());
                TrainingConfig requested = saved.config;
                requested.epochs = epochs;
                config =
                    TrainingConfig::resumed(saved.config, requested, {"epochs"}, saved.state.step);
            }
            auto train = DataLoaderSource::forSplit(*dataset, "train",
                                                    config.sourceOptions(SourcePurpose::Training));
            std::unique_ptr<DataLoaderSource> validation, recalibration;
            if (dataset->hasSplit("val"))
                validation = DataLoaderSource::forSplit(
                    *dataset, "val", config.sourceOptions(SourcePurpose::Evaluation));
            if (config.recalibrationBatches > 0)
                recalibration = DataLoaderSource::forSplit(
                    *dataset, "train", config.sourceOptions(SourcePurpose::Recalibration));
            // Trainer and its modules are created here: LibTorch's grad mode is per thread.
            Trainer trainer(runDir, config, resume);
            TrainingCallbacks callbacks;
            callbacks.step = [this](const TrainingProgress& p) {
                const QString text = progressText(p);
                std::lock_guard<std::mutex> lock(mMutex);
                mPending.push_back({false, double(p.step), p.loss, -1, -1, {}, text});
            };
            callbacks.epoch = [this](const EpochSummary& s) {
                const QString text =
                    s.validationCount > 0
                        ? QStringLiteral("epoch %1: loss %2 · val r@1 %3% · r@1% %4%")
                              .arg(s.epoch)
                              .arg(s.meanLoss, 0, 'f', 4)
                              .arg(100 * s.recallAt1, 0, 'f', 2)
                              .arg(100 * s.recallAtOnePercent, 0, 'f', 2)
                        : QStringLiteral("epoch %1: loss %2")
                              .arg(s.epoch)
                              .arg(s.meanLoss, 0, 'f', 4);
                std::lock_guard<std::mutex> lock(mMutex);
                mPending.push_back({true,
                                    double(s.epoch),
                                    s.meanLoss,
                                    s.recallAt1,
                                    s.recallAtOnePercent,
                                    text,
                                    {}});
            };
            trainer.run({train.get(), validation.get(), recalibration.get()}, feedback, callbacks);
        });
    connect(mJob.get(), &BackgroundJob::finished, this, [this, runDir] {
        drain();
        setRunning(false);
        if (RunFolder(runDir).hasCheckpoint())
            emit runReady(QString::fromStdString(runDir));
    });
    connect(mJob.get(), &BackgroundJob::succeeded, this, [this] {
        mTexts.setText(mStatus,
                       [] { return tr("Finished. Evaluate the run in the Evaluation tab."); });
    });
    connect(mJob.get(), &BackgroundJob::canceled, this, [this] {
        mTexts.setText(mStatus, [] {
            return tr("Stopped; the last checkpoint is kept. Resume continues the run.");
        });
    });
    connect(mJob.get(), &BackgroundJob::failed, this, [this](const QString& message) {
        mTexts.setText(mStatus, [message] { return tr("Training stopped: %1").arg(message); });
        mLog->appendPlainText(tr("error: %1").arg(message));
    });
    // The trainer's own progress message has neither an ETA nor a rounded loss: show ours.
    mProgressText.clear();
    mJob->setMessageSource([this] { return mProgressText; });
    setRunning(true);
    mTexts.setText(mStatus,
                   [] { return tr("Training with %n thread(s)…", "", runtime::threads()); });
    emit jobStarted(mJob.get());
    mJob->start();
}

QString TrainingPanel::durationText(double seconds) {
    if (!std::isfinite(seconds) || seconds < 0)
        return tr("unknown");
    const qint64 s = std::llround(seconds);
    if (s < 60)
        return tr("%1 s").arg(s);
    if (s < 3600)
        return tr("%1 min %2 s").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
    return tr("%1 h %2 min").arg(s / 3600).arg((s % 3600) / 60, 2, 10, QLatin1Char('0'));
}

QString TrainingPanel::progressText(const TrainingProgress& p) {
    return tr("epoch %1/%2 · step %3/%4 · loss %5 · ETA %6")
        .arg(p.epoch)
        .arg(p.epochs)
        .arg(p.step)
        .arg(p.totalSteps)
        .arg(QString::number(p.loss, 'g', 4))
        .arg(durationText(p.etaSeconds));
}

void TrainingPanel::drain() {
    std::vector<Point> points;
    {
        std::lock_guard<std::mutex> lock(mMutex);
        points.swap(mPending);
    }
    if (points.empty())
        return;
    for (const Point& p : points) {
        if (!p.epoch) {
            mLossGraph->addData(p.x, p.loss);
            mProgressText = p.progress;
            continue;
        }
        mLog->appendPlainText(p.text);
        if (p.recallAtOnePercent >= 0) {
            mRecallGraph->addData(p.x, 100 * p.recallAtOnePercent);
            mTop1Graph->addData(p.x, 100 * p.recallAt1);
        }
    }
    if (!mProgressText.isEmpty() && mJob && mJob->isRunning())
        mTexts.setText(mStatus, [text = mProgressText] { return text; }); // made with tr()
    mLossGraph->rescaleAxes();
    mRecallGraph->keyAxis()->setRange(0, std::max(1.0, mRecallGraph->data()->size() + 0.5));
    mPlot->replot(QCustomPlot::rpQueuedReplot);
}

void TrainingPanel::setRunning(bool running) {
    mStart->setEnabled(!running);
    mResume->setEnabled(!running);
    mStop->setEnabled(running);
    running ? mDrainTimer.start() : mDrainTimer.stop();
}

void TrainingPanel::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange)
        mTexts.retranslate();
    QWidget::changeEvent(event);
}

} // namespace orinet
