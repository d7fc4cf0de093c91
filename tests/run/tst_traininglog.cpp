#include "common/error.h"
#include "run/traininglog.h"

#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

using namespace orinet;

namespace {

EpochSummary epoch(int e, int64_t step) {
    EpochSummary s;
    s.epoch = e;
    s.step = step;
    s.meanLoss = 1.0 / e;
    s.recallAt1 = 0.1 * e;
    s.recallAt5 = 0.2 * e;
    s.recallAt10 = 0.3 * e;
    s.recallAtOnePercent = 0.25 * e;
    s.validationCount = 40;
    s.normalization = "recalibrated";
    s.byNormalization["recalibrated"] = {0.1 * e, 0.2 * e, 0.3 * e, 0.25 * e, 40};
    s.byNormalization["original"] = {0.05 * e, 0.1 * e, 0.2 * e, 0.15 * e, 40};
    s.unixTime = 1.7e9 + e;
    return s;
}

void writeRun(TrainingLogWriter& log, int epochs, int perEpoch) {
    int64_t step = 0;
    for (int e = 1; e <= epochs; ++e) {
        for (int i = 0; i < perEpoch; ++i) {
            ++step;
            log.append(StepRecord{e, step, 2.0 / static_cast<double>(step), 1e-4, 0.5 * step,
                                  1.7e9 + step});
        }
        log.append(epoch(e, step));
    }
}

} // namespace

class TestTrainingLog : public QObject {
    Q_OBJECT
private slots:
    void readsWhatItWrote();
    void truncatesToWhatTheCheckpointCovers();
    void freshRunStartsEmptyAndToleratesACutLine();
};

void TestTrainingLog::readsWhatItWrote() {
    QTemporaryDir dir;
    const std::string json = dir.filePath("log.jsonl").toStdString(),
                      csv = dir.filePath("log.csv").toStdString();
    {
        TrainingLogWriter log(json, csv, 0, 0);
        writeRun(log, 2, 3);
    }
    const TrainingLog read = TrainingLog::read(json);
    QCOMPARE(read.steps.size(), size_t{6});
    QCOMPARE(read.epochs.size(), size_t{2});
    QCOMPARE(read.steps[4].step, int64_t{5});
    QCOMPARE(read.steps[4].loss, 0.4);
    QCOMPARE(read.steps[4].unixTime, 1.7e9 + 5);
    const EpochSummary& e = read.epochs[1];
    QCOMPARE(e.epoch, 2);
    QCOMPARE(e.recallAtOnePercent, 0.5);
    QCOMPARE(e.normalization, std::string("recalibrated"));
    QCOMPARE(e.byNormalization.at("original").recallAtOnePercent, 0.3);
    QCOMPARE(e.validationCount, int64_t{40});
    QFile f(QString::fromStdString(csv));
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = f.readAll().trimmed().split('\n');
    QCOMPARE(lines.size(), 1 + 6 + 2);
    QVERIFY(lines.last().startsWith("epoch,2,6,0.5,"));
    QVERIFY(lines.last().contains(",recalibrated,"));
    // Absent: an empty log, not an error.
    QVERIFY(TrainingLog::read(dir.filePath("none.jsonl").toStdString()).steps.empty());
}

void TestTrainingLog::truncatesToWhatTheCheckpointCovers() {
    QTemporaryDir dir;
    const std::string json = dir.filePath("log.jsonl").toStdString(),
                      csv = dir.filePath("log.csv").toStdString();
    {
        TrainingLogWriter log(json, csv, 0, 0);
        writeRun(log, 3, 2); // steps 1..6, epochs 1..3
    }
    // The checkpoint covers step 4 but only 1 recorded epoch (stopped during epoch 2's end).
    {
        TrainingLogWriter log(json, csv, 4, 1);
        log.append(epoch(2, 4)); // the resumed run records epoch 2 again
    }
    const TrainingLog read = TrainingLog::read(json);
    QCOMPARE(read.steps.size(), size_t{4});
    QCOMPARE(read.epochs.size(), size_t{2});
    QCOMPARE(read.epochs[0].epoch, 1);
    QCOMPARE(read.epochs[1].epoch, 2);
    QFile f(QString::fromStdString(csv));
    QVERIFY(f.open(QIODevice::ReadOnly));
    QCOMPARE(f.readAll().trimmed().split('\n').size(), 1 + 4 + 2);
}

void TestTrainingLog::freshRunStartsEmptyAndToleratesACutLine() {
    QTemporaryDir dir;
    const std::string json = dir.filePath("log.jsonl").toStdString(),
                      csv = dir.filePath("log.csv").toStdString();
    {
        TrainingLogWriter log(json, csv, 0, 0);
        writeRun(log, 1, 2);
    }
    {
        QFile f(QString::fromStdString(json));
        QVERIFY(f.open(QIODevice::Append));
        f.write("{\"type\":\"step\",\"epoch\":2,\"st"); // a kill in the middle of a line
    }
    QCOMPARE(TrainingLog::read(json).steps.size(), size_t{2});
    // A new run in the folder (the old one died before its first checkpoint) starts empty.
    { TrainingLogWriter log(json, csv, 0, 0); }
    QVERIFY(TrainingLog::read(json).steps.empty());
}

QTEST_APPLESS_MAIN(TestTrainingLog)
#include "tst_traininglog.moc"
