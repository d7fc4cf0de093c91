#include "evaluationfixture.h"

#include "backgroundjob.h"
#include "evaluationpanel.h"
#include "trainingpanel.h"

#include "dataset/dataset.h"
#include "metrics/evaluationreport.h"
#include "run/checkpoint.h"
#include "run/runfolder.h"
#include "run/traininglog.h"
#include "training/trainer.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QtTest>

using namespace orinet;
using namespace orinet::testing;

class TestTrainingPanel : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void progressTextIsRoundedWithEta();
    void runningTrainingShowsEtaAndRoundedLoss();
    void formStartsAtTheCoresDefaults();
    void resumeShowsTheRunsHistoryAndSettings();
    void evaluationNamesItsCheckpoint();
    void refusedStartShowsThatFoldersRun();
    void resumeWithoutCheckpointSaysSo();

private:
    //! Starts or resumes the panel's run as its form says; true when the run became ready.
    static bool train(TrainingPanel& panel, bool resume);
    static QString status(const TrainingPanel& panel) {
        return panel.findChild<QLabel*>("status")->text();
    }

    QTemporaryDir mDir;
    QString mResumed; //!< a run trained for 1 epoch, then resumed to 2
    std::shared_ptr<const Dataset> mDataset;
};

void TestTrainingPanel::initTestCase() {
    writeEvalDataset(mDir.filePath("world"));
    mDataset = std::make_shared<const Dataset>(Dataset::open(mDir.filePath("world").toStdString()));
}

void TestTrainingPanel::progressTextIsRoundedWithEta() {
    TrainingProgress p;
    p.epoch = 3;
    p.epochs = 10;
    p.step = 120;
    p.totalSteps = 400;
    p.loss = 0.69314718055994529;
    p.etaSeconds = 130.4;
    QCOMPARE(TrainingPanel::progressText(p),
             QString("epoch 3/10 · step 120/400 · loss 0.6931 · ETA 2 min 10 s"));
    p.loss = 12.345678;
    p.etaSeconds = 11100;
    QCOMPARE(TrainingPanel::progressText(p),
             QString("epoch 3/10 · step 120/400 · loss 12.35 · ETA 3 h 05 min"));
    QCOMPARE(TrainingPanel::durationText(44.6), QString("45 s"));
    QCOMPARE(TrainingPanel::durationText(NAN), QString("unknown"));
}

void TestTrainingPanel::runningTrainingShowsEtaAndRoundedLoss() {
    TrainingPanel panel(mDir.filePath("runs"));
    panel.setDataset(mDataset);
    panel.findChild<QComboBox*>("preset")->setCurrentIndex(
        panel.findChild<QComboBox*>("preset")->findData("tiny"));
    panel.findChild<QSpinBox*>("epochs")->setValue(1);
    panel.findChild<QSpinBox*>("batch")->setValue(2);
    panel.findChild<QLineEdit*>("run")->setText(mDir.filePath("runs/eta"));
    QStringList messages;
    connect(&panel, &TrainingPanel::jobStarted, this, [&messages](BackgroundJob* job) {
        connect(job, &BackgroundJob::progressChanged,
                [&messages](double, const QString& message) { messages << message; });
    });
    QSignalSpy ready(&panel, &TrainingPanel::runReady);
    panel.start();
    QVERIFY(ready.wait(120000));
    QVERIFY(!messages.isEmpty());
    const QString last = messages.last();
    QVERIFY2(last.contains("ETA") && last.contains("step 2/2"), qPrintable(last));
    const QRegularExpressionMatch loss = QRegularExpression("loss ([-+0-9.e]+)").match(last);
    QVERIFY2(loss.hasMatch(), qPrintable(last));
    // Four significant digits, not the 17 of a round-trip double.
    QVERIFY2(loss.captured(1).remove('.').remove('-').size() <= 6, qPrintable(last));
}

bool TestTrainingPanel::train(TrainingPanel& panel, bool resume) {
    QSignalSpy ready(&panel, &TrainingPanel::runReady);
    resume ? panel.resume() : panel.start();
    return ready.wait(180000);
}

void TestTrainingPanel::formStartsAtTheCoresDefaults() {
    // One set of defaults: the GUI's form shows what `orinet train` uses without options.
    const TrainingConfig defaults;
    TrainingPanel panel(mDir.filePath("runs"));
    QCOMPARE(panel.findChild<QDoubleSpinBox*>("learningRate")->value(), defaults.learningRate);
    QCOMPARE(panel.findChild<QSpinBox*>("batch")->value(), int(defaults.batchSize));
    QCOMPARE(panel.findChild<QSpinBox*>("epochs")->value(), defaults.epochs);
    QCOMPARE(panel.findChild<QSpinBox*>("seed")->value(), int(defaults.seed));
    QCOMPARE(panel.findChild<QComboBox*>("preset")->currentData().toString().toStdString(),
             defaults.model.preset.name);
    QCOMPARE(panel.findChild<QComboBox*>("orientation")->currentData().toString().toStdString(),
             toString(defaults.model.orientation));
}

void TestTrainingPanel::resumeShowsTheRunsHistoryAndSettings() {
    mResumed = mDir.filePath("runs/rgb-only");
    {
        // An RGB-only run with a learning rate of its own, one epoch.
        TrainingPanel panel(mDir.filePath("runs"));
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
    TrainingPanel panel(mDir.filePath("runs"));
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
    QVERIFY2(log.contains("learning_rate") && log.contains("kept"), qPrintable(log));
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

void TestTrainingPanel::evaluationNamesItsCheckpoint() {
    QVERIFY(!mResumed.isEmpty());
    EvaluationPanel panel;
    panel.setDataset(mDataset);
    panel.setRunDirectory(mResumed);
    QSignalSpy evaluated(&panel, &EvaluationPanel::evaluated);
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

void TestTrainingPanel::refusedStartShowsThatFoldersRun() {
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

    TrainingPanel panel(mDir.filePath("runs"));
    panel.setDataset(mDataset);
    panel.findChild<QLineEdit*>("run")->setText(mResumed);
    QTRY_COMPARE(panel.curves()->histories().size(), size_t(1));
    QTRY_COMPARE(panel.curves()->histories().front().steps.size(), size_t(4));
    // Start into a folder that holds a run is refused at once; the screen shows that run.
    QSignalSpy started(&panel, &TrainingPanel::jobStarted);
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

void TestTrainingPanel::resumeWithoutCheckpointSaysSo() {
    TrainingPanel panel(mDir.filePath("runs"));
    panel.setDataset(mDataset);
    QSignalSpy started(&panel, &TrainingPanel::jobStarted);
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

QTEST_MAIN(TestTrainingPanel)
#include "tst_trainingpanel.moc"
