#include "common/error.h"
#include "model/orinetmodel.h"
#include "model/safetensors.h"
#include "synthetictrainingdata.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace orinet;
using namespace testing;

class TestTrainer : public QObject {
    Q_OBJECT
private slots:
    void nanLossStopsAndKeepsTheLastGoodCheckpoint();
    void validationIsLoggedAndBestIsKept();
    void lossDecreasesOnAFixedBatch();
    void refusesToOverwriteARun();
};

void TestTrainer::nanLossStopsAndKeepsTheLastGoodCheckpoint() {
    QTemporaryDir dir(scratchTemplate());
    SyntheticSource source(8, 4, false);
    Feedback f;
    Trainer trainer(dir.path().toStdString(), tinyConfig(2), false);
    trainer.setLossScaleHookForTesting([](int64_t step) { return step == 4 ? std::nan("") : 1.0; });
    try {
        trainer.run(source, nullptr, f);
        QFAIL("a NaN loss must stop the run");
    } catch (const Error& e) {
        QVERIFY2(QString(e.what()).contains("step 4") && QString(e.what()).contains("NaN") &&
                     QString(e.what()).contains("last.ckpt"),
                 e.what());
    }
    const SafeTensors last = SafeTensors::load(dir.filePath("checkpoints/last.ckpt").toStdString());
    QCOMPARE(last.metadata.at("step"), std::string("2")); // end of epoch 1
    // The run can go on from there.
    Feedback g;
    Trainer resumed(dir.path().toStdString(), tinyConfig(2), true);
    QCOMPARE(resumed.completedSteps(), int64_t{2});
}

void TestTrainer::validationIsLoggedAndBestIsKept() {
    QTemporaryDir dir(scratchTemplate());
    SyntheticSource train(8, 4, true), validation(8, 4, false, /*salt=*/1);
    Feedback f;
    Trainer trainer(dir.path().toStdString(), tinyConfig(2), false);
    std::vector<EpochSummary> epochs;
    TrainingCallbacks callbacks;
    callbacks.epoch = [&](const EpochSummary& s) { epochs.push_back(s); };
    const TrainingResult result = trainer.run(train, &validation, f, callbacks);
    QVERIFY(!result.canceled);
    QCOMPARE(epochs.size(), size_t{2});
    for (const EpochSummary& s : epochs) {
        QCOMPARE(s.validationCount, int64_t{8});
        QVERIFY(s.recallAt1 >= 0 && s.recallAt1 <= 1);
        QVERIFY(s.recallAtOnePercent >= s.recallAt1); // 8 tiles: r@1% counts rank < 1, = r@1
        QVERIFY(s.recallAt5 >= s.recallAt1 && s.recallAt10 >= s.recallAt5);
    }
    QCOMPARE(result.bestRecallAtOnePercent,
             std::max(epochs[0].recallAtOnePercent, epochs[1].recallAtOnePercent));
    QVERIFY(QFile::exists(dir.filePath("checkpoints/best.ckpt")));
    const auto json = lines(dir.filePath("log.jsonl"));
    QVERIFY(json.back().find("\"val_r1p\"") != std::string::npos);
}

void TestTrainer::lossDecreasesOnAFixedBatch() {
    QTemporaryDir dir(scratchTemplate());
    SyntheticSource source(4, 4, false, 0, /*repeats=*/8);
    TrainingConfig c = tinyConfig(1);
    c.learningRate = 1e-4;
    Feedback f;
    Trainer trainer(dir.path().toStdString(), c, false);
    const auto losses = runAndCollect(trainer, source, f);
    QCOMPARE(losses.size(), size_t{8});
    QVERIFY2(losses.back() < 0.8 * losses.front(),
             qPrintable(QString("%1 -> %2").arg(losses.front()).arg(losses.back())));
}

void TestTrainer::refusesToOverwriteARun() {
    QTemporaryDir dir(scratchTemplate());
    SyntheticSource source(8, 4, false);
    Feedback f;
    {
        Trainer trainer(dir.path().toStdString(), tinyConfig(1), false);
        trainer.run(source, nullptr, f);
    }
    QVERIFY_THROWS_EXCEPTION(Error, Trainer(dir.path().toStdString(), tinyConfig(1), false));
    TrainingConfig other = tinyConfig(1);
    other.model.orientation = OrientationMode::None;
    QVERIFY_THROWS_EXCEPTION(Error, Trainer(dir.path().toStdString(), other, true));
    QTemporaryDir empty(scratchTemplate());
    QVERIFY_THROWS_EXCEPTION(Error, Trainer(empty.path().toStdString(), tinyConfig(1), true));
}

QTEST_APPLESS_MAIN(TestTrainer)
#include "tst_trainer.moc"
