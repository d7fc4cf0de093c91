#include "common/error.h"
#include "model/orinetmodel.h"
#include "model/safetensors.h"
#include "run/runfolder.h"
#include "synthetictrainingdata.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace orinet;
using namespace testing;

//! The resume guarantee on its own: 368 MB checkpoints make this the slow part.
class TestTrainerResume : public QObject {
    Q_OBJECT
private slots:
    void resumeReproducesAnUninterruptedRun();
};

void TestTrainerResume::resumeReproducesAnUninterruptedRun() {
    QTemporaryDir dir(scratchTemplate());
    const QString straightDir = dir.filePath("straight"), splitDir = dir.filePath("split"),
                  cancelDir = dir.filePath("cancel");
    SyntheticSource source(12, 4, /*shuffle=*/true);
    Feedback f1;
    Trainer straight(straightDir.toStdString(), tinyConfig(2), false);
    const std::vector<double> expected = runAndCollect(straight, source, f1);
    QCOMPARE(expected.size(), size_t{6});

    // 1 epoch, then resume for a second one.
    std::vector<double> split;
    {
        Feedback f;
        Trainer first(splitDir.toStdString(), tinyConfig(1), false);
        split = runAndCollect(first, source, f);
    }
    {
        Feedback f;
        Trainer second(splitDir.toStdString(), tinyConfig(2), true);
        QCOMPARE(second.completedSteps(), int64_t{3});
        const auto more = runAndCollect(second, source, f);
        split.insert(split.end(), more.begin(), more.end());
    }
    // Canceled in the middle of epoch 2, then resumed mid-epoch.
    std::vector<double> canceled;
    {
        Feedback f;
        Trainer first(cancelDir.toStdString(), tinyConfig(2), false);
        canceled = runAndCollect(first, source, f, /*cancelAfter=*/4);
        QCOMPARE(first.completedSteps(), int64_t{4});
    }
    {
        Feedback f;
        Trainer second(cancelDir.toStdString(), RunFolder(cancelDir.toStdString()).savedConfig(),
                       true);
        const auto more = runAndCollect(second, source, f);
        canceled.insert(canceled.end(), more.begin(), more.end());
    }
    QCOMPARE(split.size(), expected.size());
    QCOMPARE(canceled.size(), expected.size());
    for (size_t i = 0; i < expected.size(); ++i) {
        QVERIFY2(std::abs(split[i] - expected[i]) < 1e-6, qPrintable(QString::number(i)));
        QVERIFY2(std::abs(canceled[i] - expected[i]) < 1e-6, qPrintable(QString::number(i)));
    }
    // The losses did change from step to step (the test would be void otherwise).
    QVERIFY(std::abs(expected.front() - expected.back()) > 1e-6);

    // Same final weights, and each log holds every step exactly once.
    const SafeTensors a = SafeTensors::load((straightDir + "/checkpoints/last.ckpt").toStdString());
    const SafeTensors b = SafeTensors::load((cancelDir + "/checkpoints/last.ckpt").toStdString());
    double maxDiff = 0;
    for (const NamedTensor& t : a.tensors) {
        const NamedTensor* u = b.find(t.name);
        QVERIFY(u);
        if (t.dtype != TensorDType::Float32)
            continue;
        const float* x = reinterpret_cast<const float*>(t.bytes.data());
        const float* y = reinterpret_cast<const float*>(u->bytes.data());
        for (int64_t i = 0; i < t.elementCount(); ++i)
            maxDiff = std::max(maxDiff, double(std::abs(x[i] - y[i])));
    }
    QVERIFY2(maxDiff < 1e-5, qPrintable(QString::number(maxDiff)));
    for (const QString& run : {straightDir, cancelDir}) {
        const auto json = lines(run + "/log.jsonl");
        QCOMPARE(std::count_if(json.begin(), json.end(),
                               [](const std::string& l) {
                                   return l.find("\"type\":\"step\"") != std::string::npos;
                               }),
                 std::ptrdiff_t{6});
        const auto csv = lines(run + "/log.csv");
        QCOMPARE(csv.front() + "\n", std::string(TrainingLogWriter::csvHeader()));
        QCOMPARE(csv.size(), size_t{1 + 6 + 2}); // header, steps, epochs
        QVERIFY(QFile::exists(run + "/config.json"));
        QVERIFY(QFile::exists(run + "/results/summary.json"));
    }
}

QTEST_APPLESS_MAIN(TestTrainerResume)
#include "tst_trainerresume.moc"
