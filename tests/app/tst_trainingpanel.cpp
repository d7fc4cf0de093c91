#include "evaluationfixture.h"

#include "backgroundjob.h"
#include "trainingpanel.h"

#include "dataset/dataset.h"
#include "training/trainer.h"

#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
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

private:
    QTemporaryDir mDir;
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

QTEST_MAIN(TestTrainingPanel)
#include "tst_trainingpanel.moc"
