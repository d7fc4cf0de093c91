#include "clirunner.h"
#include "evaluationfixture.h"
#include "figurecheck.h"
#include "modalanswer.h"

#include "gui/evaluation/evaluationworkspace.h"
#include "gui/jobs/backgroundjob.h"
#include "gui/jobs/jobstatuswidget.h"
#include "gui/training/comparedrunslist.h"
#include "gui/training/trainingworkspace.h"

#include "dataset/dataset.h"
#include "metrics/evaluationreport.h"
#include "run/checkpoint.h"
#include "run/runfolder.h"
#include "run/traininglog.h"
#include "training/trainer.h"

#include <QApplication>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTimer>

#include <QtTest>
#include <cmath>

using namespace orinet;
using namespace orinet::testing;

class TestTrainingWorkspace : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void progressTextIsRoundedAndTheTimeLeftIsTheTrainers();
    void runningTrainingShowsOneTimeLeftAndRoundedLoss();
    void formStartsAtTheCoresDefaults();
    void validatesEveryNthEpochAsTheCliDoes();
    void resumeShowsTheRunsHistoryAndSettings();
    void evaluationNamesItsCheckpoint();
    void refusedStartShowsThatFoldersRun();
    void resumeWithoutCheckpointSaysSo();
    void overlaysOtherRuns();
    void overlaysAVigorRunBesideAOneToOneRun();
    void exportsCurvesAndTheirData();
    void exportedFigureOfFiveRunsKeepsItsLegendOffTheCurves();
    void knownDatasetProblemsAskBeforeTraining();

private:
    //! A run folder with a configuration and a log of `steps` steps (loss = scale · step) and
    //! one validated epoch per `stepsPerEpoch` steps (r@1 = epoch / 10); no training.
    static void writeLoggedRun(const QString& dir, int steps, int stepsPerEpoch, double scale);
    //! Starts or resumes the panel's run as its form says; true when the run became ready.
    static bool train(TrainingWorkspace& panel, bool resume);
    //! The open test dataset and a form for one epoch at the tiny preset, batch 2, into
    //! `run` (relative to the test's folder).
    void fillTinyOneEpochForm(TrainingWorkspace& panel, const QString& run) const {
        panel.setDataset(mDataset);
        auto* preset = panel.findChild<QComboBox*>("preset");
        preset->setCurrentIndex(preset->findData("tiny"));
        panel.findChild<QSpinBox*>("epochs")->setValue(1);
        panel.findChild<QSpinBox*>("batch")->setValue(2);
        panel.findChild<QLineEdit*>("run")->setText(mDir.filePath(run));
    }
    static QString status(const TrainingWorkspace& panel) {
        return panel.findChild<QLabel*>("status")->text();
    }

    QTemporaryDir mDir;
    QString mResumed; //!< a run trained for 1 epoch, then resumed to 2
    std::shared_ptr<const Dataset> mDataset;
};

void TestTrainingWorkspace::initTestCase() {
    writeEvalDataset(mDir.filePath("world"));
    mDataset = std::make_shared<const Dataset>(Dataset::open(mDir.filePath("world").toStdString()));
}

void TestTrainingWorkspace::progressTextIsRoundedAndTheTimeLeftIsTheTrainers() {
    TrainingProgress p;
    p.epoch = 3;
    p.epochs = 10;
    p.step = 120;
    p.totalSteps = 400;
    p.stepInEpoch = 20;
    p.stepsPerEpoch = 40;
    p.loss = 0.69314718055994529;
    p.etaSeconds = 130.4;
    QCOMPARE(TrainingWorkspace::progressText(p),
             QString("epoch 3/10 · step 120/400 · loss 0.6931"));
    // One time-left figure, the trainer's, worded as every job's (the status bar's).
    QCOMPARE(TrainingWorkspace::remainingSeconds(p), 130.4);
    QCOMPARE(JobStatusWidget::remainingText(TrainingWorkspace::remainingSeconds(p)),
             QString("about 2 min left"));
    // After an epoch's last step the epoch ends (validation, checkpoint): said, not "0 s".
    p.loss = 12.345678;
    p.stepInEpoch = 40;
    QCOMPARE(TrainingWorkspace::progressText(p),
             QString("epoch 3/10 · step 120/400 · loss 12.35 · ending the epoch (validation, "
                     "checkpoint)"));
    p.step = p.totalSteps;
    p.etaSeconds = 0;
    QVERIFY(std::isnan(TrainingWorkspace::remainingSeconds(p)));
    QCOMPARE(JobStatusWidget::remainingText(TrainingWorkspace::remainingSeconds(p)), QString());
}

void TestTrainingWorkspace::runningTrainingShowsOneTimeLeftAndRoundedLoss() {
    TrainingWorkspace panel(mDir.filePath("runs"));
    fillTinyOneEpochForm(panel, "runs/eta");
    QStringList messages;
    connect(&panel, &TrainingWorkspace::jobStarted, this, [&messages](BackgroundJob* job) {
        connect(job, &BackgroundJob::progressChanged,
                [&messages](double, const QString& message) { messages << message; });
    });
    QSignalSpy ready(&panel, &TrainingWorkspace::runReady);
    panel.start();
    QVERIFY(ready.wait(300000)); // the job runs niced: slow beside other tests
    QVERIFY(!messages.isEmpty());
    const QString last = messages.last();
    // The last step ends the only epoch: said so, with no time figure of its own.
    QVERIFY2(last.contains("step 2/2") && last.contains("ending the epoch") &&
                 !last.contains("ETA") && !last.contains("left"),
             qPrintable(last));
    const QRegularExpressionMatch loss = QRegularExpression("loss ([-+0-9.e]+)").match(last);
    QVERIFY2(loss.hasMatch(), qPrintable(last));
    // Four significant digits, not the 17 of a round-trip double.
    QVERIFY2(loss.captured(1).remove('.').remove('-').size() <= 6, qPrintable(last));
}

bool TestTrainingWorkspace::train(TrainingWorkspace& panel, bool resume) {
    QSignalSpy ready(&panel, &TrainingWorkspace::runReady);
    resume ? panel.resume() : panel.start();
    return ready.wait(180000);
}

void TestTrainingWorkspace::formStartsAtTheCoresDefaults() {
    // One set of defaults: the GUI's form shows what `orinet train` uses without options.
    const TrainingConfig defaults;
    TrainingWorkspace panel(mDir.filePath("runs"));
    QCOMPARE(panel.findChild<QDoubleSpinBox*>("learningRate")->value(), defaults.learningRate);
    QCOMPARE(panel.findChild<QSpinBox*>("batch")->value(), int(defaults.batchSize));
    QCOMPARE(panel.findChild<QSpinBox*>("epochs")->value(), defaults.epochs);
    QCOMPARE(panel.findChild<QSpinBox*>("seed")->value(), int(defaults.seed));
    QCOMPARE(panel.findChild<QComboBox*>("preset")->currentData().toString().toStdString(),
             defaults.model.preset.name);
    QCOMPARE(panel.findChild<QComboBox*>("orientation")->currentData().toString().toStdString(),
             toString(defaults.model.orientation));
    QCOMPARE(panel.findChild<QSpinBox*>("validateEvery")->value(), defaults.validateEveryEpochs);
    QCOMPARE(
        panel.findChild<QComboBox*>("validationBatchNorm")->currentData().toString().toStdString(),
        toString(defaults.validationNormalization));
    QCOMPARE(panel.findChild<QSpinBox*>("recalibrationBatches")->value(),
             int(defaults.recalibrationBatches));
}

void TestTrainingWorkspace::validatesEveryNthEpochAsTheCliDoes() {
    // Validate every 2 epochs over 3, with 1 recalibration batch: the run's config.json is
    // `orinet train --val-every 2 --recalibration-batches 1`'s with the same settings (the
    // studio records the layout it opened the dataset with: --layout csv), and its log has
    // validation figures at epochs 2 and 3 (the last) only.
    QElapsedTimer timer;
    timer.start();
    TrainingWorkspace panel(mDir.filePath("runs"));
    fillTinyOneEpochForm(panel, "runs/every2-studio");
    panel.findChild<QSpinBox*>("epochs")->setValue(3);
    panel.findChild<QSpinBox*>("validateEvery")->setValue(2);
    panel.findChild<QSpinBox*>("recalibrationBatches")->setValue(1);
    QVERIFY2(train(panel, false), qPrintable(status(panel)));
    const double studioSeconds = timer.elapsed() / 1000.0;
    const QString studioRun = mDir.filePath("runs/every2-studio");
    const QString cliRun = mDir.filePath("runs/every2-cli");
    const CliResult r = runCli({"train", "--dataset", mDir.filePath("world"), "--run", cliRun,
                                "--layout", "csv", "--preset", "tiny", "--epochs", "3", "--batch",
                                "2", "--val-every", "2", "--recalibration-batches", "1"},
                               120000);
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    auto config = [](const QString& run) {
        QFile file(run + "/config.json");
        return file.open(QIODevice::ReadOnly) ? QJsonDocument::fromJson(file.readAll()).object()
                                              : QJsonObject();
    };
    QVERIFY(!config(studioRun).isEmpty());
    QCOMPARE(config(studioRun), config(cliRun));
    QCOMPARE(config(studioRun).value("validate_every_epochs").toInt(), 2);
    const TrainingLog log = TrainingLog::read(RunFolder(studioRun.toStdString()).logFile());
    QCOMPARE(log.epochs.size(), size_t{3});
    for (size_t i = 0; i < 3; ++i)
        QVERIFY2((log.epochs[i].validationCount > 0) == (i > 0), qPrintable(QString::number(i)));
    // Shown with its saved cadence; the curves join the two validated epochs.
    TrainingWorkspace shown(mDir.filePath("runs"));
    shown.setDataset(mDataset);
    shown.setRunDirectory(studioRun);
    QCOMPARE(shown.findChild<QSpinBox*>("validateEvery")->value(), 2);
    QCOMPARE(shown.findChild<QSpinBox*>("recalibrationBatches")->value(), 1);
    const TrainingHistory& history = shown.curves()->histories().front();
    QCOMPARE(history.epochs.size(), size_t{3});
    QVERIFY(std::isnan(history.epochs[0].recallAt1) && !std::isnan(history.epochs[1].recallAt1));
    qInfo("studio run %.1f s, all %.1f s", studioSeconds, timer.elapsed() / 1000.0);
}

void TestTrainingWorkspace::resumeShowsTheRunsHistoryAndSettings() {
    mResumed = mDir.filePath("runs/rgb-only");
    {
        // An RGB-only run with a learning rate of its own, one epoch.
        TrainingWorkspace panel(mDir.filePath("runs"));
        panel.setDataset(mDataset);
        auto* preset = panel.findChild<QComboBox*>("preset");
        preset->setCurrentIndex(preset->findData("tiny"));
        auto* orientation = panel.findChild<QComboBox*>("orientation");
        orientation->setCurrentIndex(orientation->findData("none"));
        panel.findChild<QSpinBox*>("epochs")->setValue(1);
        panel.findChild<QSpinBox*>("batch")->setValue(2);
        panel.findChild<QDoubleSpinBox*>("learningRate")->setValue(3e-5);
        panel.findChild<QLineEdit*>("run")->setText(mResumed);
        QVERIFY(train(panel, false));
    }
    const TrainingLog firstLog = TrainingLog::read(RunFolder(mResumed.toStdString()).logFile());
    QCOMPARE(firstLog.steps.size(), size_t(2));
    QCOMPARE(firstLog.epochs.size(), size_t(1));

    // A new window: naming the folder shows the run's saved settings and its history.
    TrainingWorkspace panel(mDir.filePath("runs"));
    panel.setDataset(mDataset);
    panel.findChild<QLineEdit*>("run")->setText(mResumed);
    QTRY_COMPARE(panel.curves()->histories().size(), size_t(1));
    QTRY_COMPARE(panel.curves()->histories().front().steps.size(), size_t(2));
    QCOMPARE(panel.curves()->histories().front().epochs.size(), size_t(1));
    QCOMPARE(panel.curves()->histories().front().steps[1].loss, firstLog.steps[1].loss);
    QCOMPARE(panel.findChild<QComboBox*>("orientation")->currentData().toString(), QString("none"));
    QCOMPARE(panel.findChild<QComboBox*>("preset")->currentData().toString(), QString("tiny"));
    QCOMPARE(panel.findChild<QDoubleSpinBox*>("learningRate")->value(), 3e-5);
    QCOMPARE(panel.findChild<QSpinBox*>("batch")->value(), 2);
    QVERIFY2(status(panel).contains("1 of 1 epochs") || status(panel).contains("all 1 epochs"),
             qPrintable(status(panel)));

    // Resume for one more epoch; the changed learning rate is reported and not used (the
    // CLI's policy), the orientation stays RGB-only.
    panel.findChild<QSpinBox*>("epochs")->setValue(2);
    panel.findChild<QDoubleSpinBox*>("learningRate")->setValue(1e-3);
    QVERIFY(train(panel, true));
    const QString log = panel.findChild<QPlainTextEdit*>("log")->toPlainText();
    QVERIFY2(log.contains("keeps the run's learning rate 3e-05 (the form had 0.001)"),
             qPrintable(log));
    // The earlier epoch's line came from the log, the new one live.
    QVERIFY2(log.contains("epoch 1: loss") && log.contains("epoch 2: loss"), qPrintable(log));
    QCOMPARE(panel.findChild<QDoubleSpinBox*>("learningRate")->value(), 3e-5);
    const Checkpoint saved =
        Checkpoint::loadHeader(RunFolder(mResumed.toStdString()).lastCheckpoint());
    QCOMPARE(saved.config.learningRate, 3e-5);
    QVERIFY(saved.config.model.orientation == OrientationMode::None);
    QCOMPARE(saved.state.completedEpochs(), 2);

    // The curves hold the earlier epoch from the log and the new one, each step once.
    const TrainingHistory& history = panel.curves()->histories().front();
    QCOMPARE(history.steps.size(), size_t(4));
    for (size_t i = 0; i < history.steps.size(); ++i)
        QCOMPARE(history.steps[i].step, int64_t(i + 1));
    QCOMPARE(history.epochs.size(), size_t(2));
    QCOMPARE(history.epochs[0].meanLoss, firstLog.epochs[0].meanLoss);
    QCOMPARE(history.epochs[1].epoch, 2);
    // ... and the x range shows the new epoch's point.
    const QCPRange x = panel.curves()->axisRects().at(1)->axis(QCPAxis::atBottom)->range();
    const double newest = TrainingCurves::xOf(history, history.epochs[1], panel.curves()->xAxis());
    QVERIFY2(x.contains(newest) && newest < x.upper, qPrintable(QString::number(x.upper)));
    QVERIFY(x.contains(TrainingCurves::xOf(history, history.epochs[0], panel.curves()->xAxis())));
    panel.resize(1280, 720);
    QVERIFY(panel.grab().save(outputFolder() + "/training-resumed.png"));
}

void TestTrainingWorkspace::evaluationNamesItsCheckpoint() {
    QVERIFY(!mResumed.isEmpty());
    EvaluationWorkspace panel;
    panel.setDataset(mDataset);
    panel.setRunDirectory(mResumed);
    QSignalSpy evaluated(&panel, &EvaluationWorkspace::evaluated);
    panel.evaluate();
    QVERIFY(evaluated.wait(180000));
    const metrics::EvaluationReport* report = panel.report();
    QVERIFY(report);
    // The last checkpoint by default, named in the summary as in plot legends.
    QCOMPARE(report->provenance.checkpointKind, std::string("last"));
    QCOMPARE(report->provenance.epoch, 2);
    const QString summary = panel.findChild<QLabel*>("summary")->text();
    QVERIFY2(summary.contains(QString::fromStdString(report->provenance.label()).toHtmlEscaped()),
             qPrintable(summary));
    QVERIFY2(summary.contains("last.ckpt, epoch 2"), qPrintable(summary));
    panel.resize(1280, 720);
    QTest::qWait(1500); // the inspector decodes its images off the GUI thread
    QVERIFY(panel.grab().save(outputFolder() + "/evaluation-summary.png"));

    // The best checkpoint when asked for.
    auto* checkpoint = panel.findChild<QComboBox*>("checkpoint");
    checkpoint->setCurrentIndex(checkpoint->findData("best"));
    panel.evaluate();
    QVERIFY(evaluated.wait(180000));
    QCOMPARE(panel.report()->provenance.checkpointKind, std::string("best"));
    QVERIFY2(panel.findChild<QLabel*>("summary")->text().contains("best.ckpt"),
             qPrintable(panel.findChild<QLabel*>("summary")->text()));
}

void TestTrainingWorkspace::refusedStartShowsThatFoldersRun() {
    QVERIFY(!mResumed.isEmpty());
    // Another run folder whose log differs from the resumed run's: one epoch of three steps.
    const QString other = mDir.filePath("runs/other");
    const RunFolder folder(other.toStdString());
    folder.create();
    QVERIFY(QFile::copy(QString::fromStdString(RunFolder(mResumed.toStdString()).lastCheckpoint()),
                        QString::fromStdString(folder.lastCheckpoint())));
    {
        TrainingLogWriter writer(folder.logFile(), folder.csvLogFile(), 3, 1);
        for (int step = 1; step <= 3; ++step)
            writer.append(StepRecord{1, step, 10.0 * step, 1e-5, 1.0 * step, 1e9 + step});
        EpochSummary epoch;
        epoch.epoch = 1;
        epoch.step = 3;
        epoch.meanLoss = 20;
        writer.append(epoch);
    }

    TrainingWorkspace panel(mDir.filePath("runs"));
    panel.setDataset(mDataset);
    panel.findChild<QLineEdit*>("run")->setText(mResumed);
    QTRY_COMPARE(panel.curves()->histories().size(), size_t(1));
    QTRY_COMPARE(panel.curves()->histories().front().steps.size(), size_t(4));
    // Start into a folder that holds a run is refused at once; the screen shows that run.
    QSignalSpy started(&panel, &TrainingWorkspace::jobStarted);
    panel.findChild<QLineEdit*>("run")->setText(other);
    panel.start();
    QCOMPARE(started.count(), 0);
    QVERIFY2(status(panel).contains("already holds a run"), qPrintable(status(panel)));
    QCOMPARE(panel.curves()->histories().size(), size_t(1));
    QCOMPARE(panel.curves()->histories().front().steps.size(), size_t(3));
    QCOMPARE(panel.curves()->histories().front().steps[2].loss, 30.0);

    // A new folder: empty curves, not the previous run's.
    panel.findChild<QLineEdit*>("run")->setText(mDir.filePath("runs/fresh"));
    QTRY_COMPARE(panel.curves()->histories().front().name, QString("fresh"));
    QVERIFY(panel.curves()->histories().front().steps.empty());
}

void TestTrainingWorkspace::resumeWithoutCheckpointSaysSo() {
    TrainingWorkspace panel(mDir.filePath("runs"));
    panel.setDataset(mDataset);
    QSignalSpy started(&panel, &TrainingWorkspace::jobStarted);
    // An empty folder, and one with a configuration but no checkpoint.
    const QString empty = mDir.filePath("runs/empty");
    QDir().mkpath(empty);
    const QString configOnly = mDir.filePath("runs/config-only");
    RunFolder(configOnly.toStdString()).create();
    {
        TrainingConfig config;
        config.model.orientation = OrientationMode::None;
        std::ofstream(RunFolder(configOnly.toStdString()).configFile()) << config.toJson();
    }
    for (const QString& dir : {empty, configOnly, mDir.filePath("runs/absent")}) {
        panel.findChild<QLineEdit*>("run")->setText(dir);
        panel.resume();
        QCOMPARE(started.count(), 0);
        const QString text = status(panel);
        QVERIFY2(text.contains("checkpoint") || text.contains("no run folder"), qPrintable(text));
        QVERIFY2(!text.contains("cannot open", Qt::CaseInsensitive), qPrintable(text));
    }
    // The configuration-only folder still shows its settings.
    QCOMPARE(panel.findChild<QComboBox*>("orientation")->currentData().toString(), QString("none"));
}

void TestTrainingWorkspace::writeLoggedRun(const QString& dir, int steps, int stepsPerEpoch,
                                           double scale) {
    const RunFolder folder(dir.toStdString());
    folder.create();
    std::ofstream(folder.configFile()) << TrainingConfig{}.toJson();
    TrainingLogWriter writer(folder.logFile(), folder.csvLogFile(), 0, 0);
    for (int step = 1; step <= steps; ++step) {
        const int epoch = (step - 1) / stepsPerEpoch + 1;
        writer.append(StepRecord{epoch, step, scale * step, 1e-5, 1.0 * step, 1.7e9 + step});
        if (step % stepsPerEpoch == 0) {
            EpochSummary summary;
            summary.epoch = epoch;
            summary.step = step;
            summary.meanLoss = scale * (step - stepsPerEpoch / 2.0);
            summary.recallAt1 = epoch / 10.0;
            summary.recallAtOnePercent = epoch / 5.0;
            summary.validationCount = 20;
            summary.unixTime = 1.7e9 + step;
            writer.append(summary);
        }
    }
}

void TestTrainingWorkspace::overlaysOtherRuns() {
    QTemporaryDir dir;
    const QString root = dir.filePath("runs");
    writeLoggedRun(root + "/alpha", 6, 3, 1.0);
    writeLoggedRun(root + "/beta", 9, 3, 0.5);
    QDir().mkpath(root + "/not-a-run");
    writeLoggedRun(dir.filePath("elsewhere/gamma"), 4, 2, 2.0);

    TrainingWorkspace panel(root);
    panel.setRunDirectory(root + "/alpha");
    panel.comparedRuns()->refresh();
    // The runs under the root are offered; the shown run's own entry is hidden.
    QCOMPARE(
        panel.comparedRuns()->candidates(),
        QStringList({QDir(root).absoluteFilePath("alpha"), QDir(root).absoluteFilePath("beta")}));
    auto* list = panel.findChild<QListWidget*>("overlays");
    QVERIFY(list->item(0)->isHidden());
    QVERIFY(!list->item(1)->isHidden());
    QCOMPARE(panel.curves()->histories().size(), size_t(1));

    // Checking a run overlays its whole history from its log, named after its folder.
    list->item(1)->setCheckState(Qt::Checked);
    QCOMPARE(panel.curves()->histories().size(), size_t(2));
    const TrainingHistory& beta = panel.curves()->histories()[1];
    QCOMPARE(beta.name, QString("beta"));
    const TrainingLog betaLog =
        TrainingLog::read(RunFolder((root + "/beta").toStdString()).logFile());
    QCOMPARE(beta.steps.size(), betaLog.steps.size());
    QCOMPARE(beta.steps.back().loss, betaLog.steps.back().loss);
    QCOMPARE(beta.epochs.size(), size_t(3));
    QCOMPARE(beta.epochs[2].recallAt1, 0.3);
    QCOMPARE(panel.curves()->histories()[0].name, QString("alpha"));
    QCOMPARE(panel.curves()->histories()[0].steps.size(), size_t(6));

    // A run from elsewhere is added to the list and overlaid after the others.
    QVERIFY(panel.comparedRuns()->setOverlaid(dir.filePath("elsewhere/gamma"), true));
    QCOMPARE(panel.curves()->histories().size(), size_t(3));
    QCOMPARE(panel.curves()->histories()[2].name, QString("gamma"));
    QCOMPARE(panel.curves()->histories()[2].steps.back().loss, 8.0);
    QCOMPARE(panel.comparedRuns()->overlaidRuns().size(), 2);

    // A folder that is no run is refused with the reason, and nothing changes.
    QVERIFY(!panel.comparedRuns()->setOverlaid(root + "/not-a-run", true));
    QVERIFY2(status(panel).contains("not a run folder"), qPrintable(status(panel)));
    QCOMPARE(panel.curves()->histories().size(), size_t(3));

    // Unchecking and removing take a run off the curves.
    list->item(1)->setCheckState(Qt::Unchecked);
    QCOMPARE(panel.curves()->histories().size(), size_t(2));
    QCOMPARE(panel.curves()->histories()[1].name, QString("gamma"));
    panel.comparedRuns()->remove(dir.filePath("elsewhere/gamma"));
    QCOMPARE(panel.curves()->histories().size(), size_t(1));
    QCOMPARE(panel.comparedRuns()->candidates().size(), 2);

    // Showing another run keeps the overlays and offers the previous run.
    list->item(1)->setCheckState(Qt::Checked);
    panel.setRunDirectory(root + "/beta");
    QVERIFY(!list->item(0)->isHidden());
    QVERIFY(list->item(1)->isHidden()); // beta is shown, so not overlaid on itself
    QCOMPARE(panel.curves()->histories().size(), size_t(1));
    QCOMPARE(panel.curves()->histories()[0].name, QString("beta"));
    list->item(0)->setCheckState(Qt::Checked);
    QCOMPARE(panel.curves()->histories().size(), size_t(2));
    QCOMPARE(panel.curves()->histories()[1].name, QString("alpha"));
    panel.resize(1280, 720);
    QVERIFY(panel.grab().save(outputFolder() + "/training-overlays.png"));
}

void TestTrainingWorkspace::overlaysAVigorRunBesideAOneToOneRun() {
    // A one-to-one run shown, a VIGOR run's log (held-out panoramas against the whole
    // gallery: r@1, r@5, r@10, r@1%, hit rate) overlaid, and the other way round: each run
    // keeps its own figures, the VIGOR run is named as what it measured, the CSV has a column
    // per figure.
    QTemporaryDir dir;
    const QString root = dir.filePath("runs");
    writeLoggedRun(root + "/pairs", 6, 3, 1.0);
    const QString vigor = root + "/vigor";
    {
        const RunFolder folder(vigor.toStdString());
        folder.create();
        TrainingConfig config;
        config.layout = "vigor";
        config.protocol = "same-area";
        config.validationHoldout = 0.05;
        config.validateEveryEpochs = 2;
        std::ofstream(folder.configFile()) << config.toJson();
        TrainingLogWriter writer(folder.logFile(), folder.csvLogFile(), 0, 0);
        for (int step = 1; step <= 6; ++step) {
            writer.append(StepRecord{(step + 1) / 2, step, 0.7, 1e-4, 1.0 * step, 1.7e9 + step});
            if (step % 2)
                continue;
            EpochSummary summary;
            summary.epoch = step / 2;
            summary.step = step;
            summary.meanLoss = 0.7;
            summary.unixTime = 1.7e9 + step;
            if (summary.epoch != 1) { // validated every 2 epochs and the last
                summary.recallAt1 = 0.125 * summary.epoch;
                summary.recallAt5 = 0.25 * summary.epoch;
                summary.recallAt10 = 0.3 * summary.epoch;
                summary.recallAtOnePercent = 0.2 * summary.epoch;
                summary.hitRate = 0.15 * summary.epoch;
                summary.validationCount = 8;
                summary.validationGallery = 100;
            }
            writer.append(summary);
        }
    }
    TrainingWorkspace panel(root);
    panel.setRunDirectory(root + "/pairs");
    QVERIFY(panel.comparedRuns()->setOverlaid(vigor, true));
    QCOMPARE(panel.curves()->histories().size(), size_t(2));
    const TrainingHistory& overlaid = panel.curves()->histories()[1];
    QCOMPARE(overlaid.epochs.size(), size_t(3));
    QVERIFY(std::isnan(overlaid.epochs[0].recallAt5));
    QCOMPARE(overlaid.epochs[2].recallAt5, 0.75);
    QCOMPARE(overlaid.epochs[2].hitRate, 0.45);
    TrainingCurves* curves = panel.curves();
    QCOMPARE(curves->axisRect(1)->axis(QCPAxis::atLeft)->label(), QString("validation recall (%)"));
    QStringList graphs;
    for (int i = 0; i < curves->graphCount(); ++i)
        graphs << curves->graph(i)->name();
    for (const char* name : {"pairs r@1", "pairs r@1%", "vigor (vs. gallery)", "vigor r@5",
                             "vigor r@10", "vigor hit rate"})
        QVERIFY2(graphs.contains(name), qPrintable(name + (" not in " + graphs.join(" | "))));
    QVERIFY2(!graphs.contains("pairs r@5") && !graphs.contains("pairs hit rate"),
             qPrintable(graphs.join(" | ")));
    QString error;
    QVERIFY2(panel.exportCsv(dir.filePath("mixed.csv"), &error), qPrintable(error));
    QFile csv(dir.filePath("mixed.csv"));
    QVERIFY(csv.open(QIODevice::ReadOnly | QIODevice::Text));
    const QString text = QString::fromUtf8(csv.readAll());
    QVERIFY2(text.startsWith("run,kind,step,epoch,wall_time_s,loss,loss_smoothed,r@1,r@1%,r@5,"
                             "r@10,hit_rate\n"),
             qPrintable(text));
    QVERIFY2(text.contains("pairs,epoch,6,2,5.000,4.5,,0.2,0.4,,,\n"), qPrintable(text));
    QVERIFY2(text.contains("vigor,epoch,6,3,5.000,0.7,,0.375,0.6,0.75,0.9,0.45\n"),
             qPrintable(text));
    QVERIFY2(text.contains("vigor,epoch,2,1,1.000,0.7,,,,,,\n"), qPrintable(text)); // unvalidated
    panel.resize(1280, 800);
    QVERIFY(panel.grab().save(outputFolder() + "/training-overlays-mixed.png"));

    // The VIGOR run shown, the one-to-one run overlaid: its form rows and saved cadence.
    panel.setRunDirectory(vigor);
    QVERIFY(panel.comparedRuns()->setOverlaid(root + "/pairs", true));
    QCOMPARE(panel.curves()->histories().size(), size_t(2));
    QCOMPARE(panel.curves()->histories()[0].name, QString("vigor"));
    QVERIFY(!panel.findChild<QComboBox*>("protocol")->isHidden());
    QCOMPARE(panel.findChild<QSpinBox*>("validateEvery")->value(), 2);
    const QString log = panel.findChild<QPlainTextEdit*>("log")->toPlainText();
    QVERIFY2(log.contains("epoch 3: loss 0.7000 · held-out vs gallery r@1 37.50 % · r@5 75.00 %"),
             qPrintable(log));
}

void TestTrainingWorkspace::exportsCurvesAndTheirData() {
    QTemporaryDir dir;
    const QString root = dir.filePath("runs");
    writeLoggedRun(root + "/alpha", 6, 3, 1.0);
    writeLoggedRun(root + "/beta", 9, 3, 0.5);
    TrainingWorkspace panel(root);
    panel.setRunDirectory(root + "/alpha");
    QVERIFY(panel.comparedRuns()->setOverlaid(root + "/beta", true));

    // The figure in the three formats, at the dialog's default size.
    RecallFigure::Options options;
    for (const QString suffix : {"png", "pdf", "svg"}) {
        const QString path = dir.filePath("curves." + suffix);
        QString error;
        QVERIFY2(panel.exportFigure(path, options, &error), qPrintable(error));
        QVERIFY2(QFileInfo(path).size() > 1000, qPrintable(path));
    }
    const QImage png(dir.filePath("curves.png"));
    QCOMPARE(png.width(), options.effectiveWidthPt() * options.dpi / 72);
    QCOMPARE(png.height(), options.heightPt * options.dpi / 72);
    QFile pdf(dir.filePath("curves.pdf"));
    QVERIFY(pdf.open(QIODevice::ReadOnly));
    QVERIFY(pdf.read(5) == "%PDF-");
    QFile svg(dir.filePath("curves.svg"));
    QVERIFY(svg.open(QIODevice::ReadOnly));
    QVERIFY(svg.readAll().contains("<svg"));

    // The data: every step and epoch of both runs, equal to their logs.
    QString error;
    QVERIFY2(panel.exportCsv(dir.filePath("curves.csv"), &error), qPrintable(error));
    QFile csv(dir.filePath("curves.csv"));
    QVERIFY(csv.open(QIODevice::ReadOnly | QIODevice::Text));
    const QStringList lines = QString::fromUtf8(csv.readAll()).split('\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.front(), QString("run,kind,step,epoch,wall_time_s,loss,loss_smoothed,r@1,r@1%"));
    std::map<QString, TrainingLog> logs;
    for (const QString run : {"alpha", "beta"})
        logs[run] = TrainingLog::read(RunFolder((root + "/" + run).toStdString()).logFile());
    std::map<QString, size_t> steps, epochs;
    for (const QString& line : lines.mid(1)) {
        const QStringList f = line.split(',');
        QCOMPARE(f.size(), 9);
        QVERIFY2(logs.count(f[0]), qPrintable(line));
        const TrainingLog& log = logs[f[0]];
        if (f[1] == "step") {
            const StepRecord& s = log.steps.at(steps[f[0]]++);
            QCOMPARE(f[2].toLongLong(), s.step);
            QCOMPARE(f[3].toInt(), s.epoch);
            QCOMPARE(f[5].toDouble(), s.loss);
            QCOMPARE(f[4].toDouble(), s.unixTime - log.steps.front().unixTime);
        } else {
            QCOMPARE(f[1], QString("epoch"));
            const EpochSummary& e = log.epochs.at(epochs[f[0]]++);
            QCOMPARE(f[3].toInt(), e.epoch);
            QCOMPARE(f[5].toDouble(), e.meanLoss);
            QCOMPARE(f[7].toDouble(), e.recallAt1);
            QCOMPARE(f[8].toDouble(), e.recallAtOnePercent);
        }
    }
    for (const auto& [run, log] : logs) {
        QCOMPARE(steps[run], log.steps.size());
        QCOMPARE(epochs[run], log.epochs.size());
    }
    // A folder that cannot be written: an error naming the file, nothing claimed.
    QVERIFY(!panel.exportCsv(dir.filePath("absent/curves.csv"), &error));
    QVERIFY2(error.contains("absent/curves.csv"), qPrintable(error));
    // The export replaces itself, never a CSV of the user's (or a folder) at the same path.
    QVERIFY2(panel.exportCsv(dir.filePath("curves.csv"), &error), qPrintable(error));
    const QByteArray precious = "date,weight\n2026-12-01,71.5\n";
    {
        QFile f(dir.filePath("mine.csv"));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(precious);
    }
    QVERIFY(!panel.exportCsv(dir.filePath("mine.csv"), &error));
    QVERIFY2(error.contains("mine.csv"), qPrintable(error));
    QFile kept(dir.filePath("mine.csv"));
    QVERIFY(kept.open(QIODevice::ReadOnly));
    QCOMPARE(kept.readAll(), precious);
}

void TestTrainingWorkspace::exportedFigureOfFiveRunsKeepsItsLegendOffTheCurves() {
    // Training > Export > Figure at its defaults with the run and four compared runs, read
    // from their logs: one legend under both panels, on no curve, inside the figure.
    QTemporaryDir dir;
    const QString root = dir.filePath("runs");
    const QStringList names = {"orinet-cvusa", "rgb-only-cvusa", "orinet-lr3e-5", "orinet-seed2",
                               "rgb-only-seed2"};
    for (int i = 0; i < names.size(); ++i)
        writeLoggedRun(root + "/" + names[i], 30 + 6 * i, 6, 0.2 + 0.05 * i);
    TrainingWorkspace panel(root);
    panel.setRunDirectory(root + "/" + names[0]);
    for (int i = 1; i < names.size(); ++i)
        QVERIFY(panel.comparedRuns()->setOverlaid(root + "/" + names[i], true));
    QCOMPARE(panel.curves()->histories().size(), size_t(5));
    RecallFigure::Options options; // the dialog's defaults: 252 x 180 pt, 8 pt
    QString error;
    const QString picture = testing::figureOutputFolder() + "/training-export-five-runs.png";
    QVERIFY2(panel.exportFigure(picture, options, &error), qPrintable(error));
    QCOMPARE(QImage(picture).size(), QSize(options.effectiveWidthPt() * options.dpi / 72,
                                           options.heightPt * options.dpi / 72));
    // The layout the export drew, to check.
    TrainingCurves* curves = panel.curves();
    curves->setFontSize(options.fontPt);
    const QRect figure(0, 0, options.effectiveWidthPt(), options.heightPt);
    testing::paintedFigure(*curves, figure);
    const QString hidden = testing::dataUnderLegends(*curves);
    QVERIFY2(hidden.isEmpty(), qPrintable(hidden + " is under a legend"));
    const QString misplaced = testing::legendPlacementProblem(*curves, figure);
    QVERIFY2(misplaced.isEmpty(), qPrintable(misplaced));
    QStringList entries;
    for (QCPLegend* legend : curves->findChildren<QCPLegend*>())
        for (int i = 0; legend->visible() && i < legend->itemCount(); ++i)
            if (auto* item = qobject_cast<QCPPlottableLegendItem*>(legend->item(i)))
                entries << item->plottable()->name();
    // These names are short enough to stay whole.
    for (const QString& name : names)
        QVERIFY2(entries.contains(name), qPrintable(entries.join(" | ")));
}

void TestTrainingWorkspace::knownDatasetProblemsAskBeforeTraining() {
    TrainingWorkspace panel(mDir.filePath("runs"));
    fillTinyOneEpochForm(panel, "runs/warned");
    panel.setDatasetProblems(1, "pano/t3.png: not an image");
    QSignalSpy started(&panel, &TrainingWorkspace::jobStarted);
    answerModal("dontTrain");
    panel.start();
    QCOMPARE(started.count(), 0);
    QVERIFY2(status(panel).contains("known problems"), qPrintable(status(panel)));

    answerModal("trainAnyway");
    QSignalSpy ready(&panel, &TrainingWorkspace::runReady);
    panel.start();
    QCOMPARE(started.count(), 1);
    QVERIFY(ready.wait(300000)); // the job runs niced: slow beside other tests

    // Without known problems nothing is asked (a question would block here).
    panel.setDatasetProblems(0, QString());
    panel.findChild<QLineEdit*>("run")->setText(mDir.filePath("runs/unwarned"));
    panel.start();
    QCOMPARE(started.count(), 2);
    QVERIFY(ready.wait(300000)); // the job runs niced: slow beside other tests
}

QTEST_MAIN(TestTrainingWorkspace)
#include "tst_trainingworkspace.moc"
