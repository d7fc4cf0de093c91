#include "common/error.h"
#include "extraction/descriptorextractor.h"
#include "model/orinetmodel.h"
#include "model/safetensors.h"
#include "run/checkpoint.h"
#include "run/runfolder.h"
#include "run/traininglog.h"
#include "synthetictrainingdata.h"

#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <opencv2/core.hpp>

#include <sys/wait.h>
#include <unistd.h>

using namespace orinet;
using namespace testing;

namespace {

//! What a kill at a chosen moment does to the process: nothing after it happens.
struct Killed {};

int countRecords(const QString& log, const char* type, int epoch = -1) {
    int n = 0;
    for (const std::string& line : lines(log))
        if (line.find(std::string("\"type\":\"") + type + "\"") != std::string::npos &&
            (epoch < 0 ||
             line.find("\"epoch\":" + std::to_string(epoch) + ",") != std::string::npos))
            ++n;
    return n;
}

pid_t deadPid() {
    const pid_t child = ::fork();
    if (child == 0)
        ::_exit(0);
    int status = 0;
    ::waitpid(child, &status, 0);
    return child;
}

} // namespace

class TestTrainer : public QObject {
    Q_OBJECT
private slots:
    void nanLossStopsAndKeepsTheLastGoodCheckpoint();
    void validationIsLoggedAndBestIsKept();
    void lossDecreasesOnAFixedBatch();
    void refusesToOverwriteARun();
    void killBetweenBestAndLastRepeatsTheEpochEnd();
    void cancelDuringValidationValidatesOnResume();
    void freshStartForgetsARunKilledBeforeItsFirstCheckpoint();
    void staleTemporariesAreRemovedAndASecondTrainerRefused();
    void originalStatisticsMergeALastSinglePair();
};

void TestTrainer::nanLossStopsAndKeepsTheLastGoodCheckpoint() {
    QTemporaryDir dir(scratchTemplate());
    SyntheticSource source(8, 4, false);
    {
        Feedback f;
        Trainer trainer(dir.path().toStdString(), tinyConfig(2), false);
        trainer.setLossScaleHookForTesting(
            [](int64_t step) { return step == 4 ? std::nan("") : 1.0; });
        try {
            trainer.run({&source}, f);
            QFAIL("a NaN loss must stop the run");
        } catch (const Error& e) {
            QVERIFY2(QString(e.what()).contains("step 4") && QString(e.what()).contains("NaN") &&
                         QString(e.what()).contains("last.ckpt"),
                     e.what());
        }
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
    SyntheticSource train(8, 4, true), validation(8, 4, false, /*salt=*/1),
        recalibration(8, 4, false);
    TrainingConfig config = tinyConfig(2);
    config.validateAllNormalizations = true;
    Feedback f;
    Trainer trainer(dir.path().toStdString(), config, false);
    std::vector<EpochSummary> epochs;
    TrainingCallbacks callbacks;
    callbacks.epoch = [&](const EpochSummary& s) { epochs.push_back(s); };
    const TrainingResult result = trainer.run({&train, &validation, &recalibration}, f, callbacks);
    QVERIFY(!result.canceled);
    QCOMPARE(epochs.size(), size_t{2});
    for (const EpochSummary& s : epochs) {
        QCOMPARE(s.validationCount, int64_t{8});
        QCOMPARE(s.normalization, std::string("recalibrated"));
        QCOMPARE(s.byNormalization.size(), size_t{3}); // every mode measured
        QVERIFY(s.recallAt1 >= 0 && s.recallAt1 <= 1);
        QVERIFY(s.recallAtOnePercent >= s.recallAt1); // 8 tiles: r@1% counts rank < 1, = r@1
        QVERIFY(s.recallAt5 >= s.recallAt1 && s.recallAt10 >= s.recallAt5);
    }
    QCOMPARE(result.bestRecallAtOnePercent,
             std::max(epochs[0].recallAtOnePercent, epochs[1].recallAtOnePercent));
    const RunFolder run(dir.path().toStdString());
    // best.ckpt: the weights of the best epoch and its statistics, no training state.
    const Checkpoint best = Checkpoint::load(run.bestCheckpoint());
    QVERIFY(!best.hasTrainingState());
    QVERIFY(!best.recalibrated.empty());
    QCOMPARE(best.state.bestEpoch,
             epochs[1].recallAtOnePercent > epochs[0].recallAtOnePercent ? 2 : 1);
    const Checkpoint last = Checkpoint::load(run.lastCheckpoint());
    QVERIFY(last.hasTrainingState());
    QCOMPARE(last.state.recordedEpochs, 2);
    // The log holds every mode's figures; reading it gives back what the callback saw.
    const TrainingLog log = TrainingLog::read(run.logFile());
    QCOMPARE(log.epochs.size(), size_t{2});
    QCOMPARE(log.epochs[1].recallAtOnePercent, epochs[1].recallAtOnePercent);
    QCOMPARE(log.epochs[1].byNormalization.at("original").recallAt1,
             epochs[1].byNormalization.at("original").recallAt1);

    // The recalibrated statistics make a descriptor independent of its batch-mates.
    auto model = last.buildModel(Normalization::Recalibrated);
    validation.startEpoch(0, 0);
    const Batch batch = *validation.next();
    TensorBuffer one = batch.satellite;
    one.shape[0] = 1;
    one.data.resize(one.count());
    const cv::Mat all = model->describe(Branch::Satellite, batch.satellite);
    const cv::Mat single = model->describe(Branch::Satellite, one);
    QVERIFY(cv::norm(all.row(0), single.row(0), cv::NORM_INF) < 1e-5);
    // ... which batch statistics do not.
    auto original = last.buildModel(Normalization::Original);
    TensorBuffer two = batch.satellite;
    two.shape[0] = 2;
    two.data.resize(two.count());
    QVERIFY(cv::norm(original->describe(Branch::Satellite, batch.satellite).row(0),
                     original->describe(Branch::Satellite, two).row(0), cv::NORM_INF) > 1e-4);
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
        Trainer trainer(dir.path().toStdString(), tinyConfig(2), false);
        trainer.run({&source}, f);
    }
    QVERIFY_THROWS_EXCEPTION(Error, Trainer(dir.path().toStdString(), tinyConfig(2), false));
    TrainingConfig other = tinyConfig(2);
    other.model.orientation = OrientationMode::None;
    QVERIFY_THROWS_EXCEPTION(Error, Trainer(dir.path().toStdString(), other, true));
    QTemporaryDir empty(scratchTemplate());
    QVERIFY_THROWS_EXCEPTION(Error, Trainer(empty.path().toStdString(), tinyConfig(1), true));
    // Fewer epochs than the run has done is refused with the count.
    Trainer shorter(dir.path().toStdString(), tinyConfig(1), true);
    try {
        shorter.run({&source}, f);
        QFAIL("the run has done 2 epochs");
    } catch (const Error& e) {
        QVERIFY2(QString(e.what()).contains("already done 2 epochs"), e.what());
    }
}

void TestTrainer::killBetweenBestAndLastRepeatsTheEpochEnd() {
    QTemporaryDir dir(scratchTemplate());
    const RunFolder run(dir.path().toStdString());
    SyntheticSource train(8, 4, true), validation(8, 4, false, 1), recalibration(8, 4, false);
    {
        Feedback f;
        Trainer trainer(run.directory(), tinyConfig(1), false);
        // The process dies right after best.ckpt is written, before last.ckpt records it.
        trainer.setEpochEndHookForTesting([](const std::string& point) {
            if (point == "best-written")
                throw Killed{};
        });
        QVERIFY_THROWS_EXCEPTION(Killed, trainer.run({&train, &validation, &recalibration}, f));
    }
    QVERIFY(QFile::exists(QString::fromStdString(run.bestCheckpoint())));
    const Checkpoint interrupted = Checkpoint::loadHeader(run.lastCheckpoint());
    QCOMPARE(interrupted.state.completedEpochs(), 1); // the epoch's weights are safe
    QCOMPARE(interrupted.state.recordedEpochs, 0);    // its end is not recorded
    QCOMPARE(interrupted.state.bestEpoch, 0);
    // Resumed: the epoch's end is done again, recorded once, and best names its file.
    Feedback f;
    Trainer resumed(run.directory(), tinyConfig(1), true);
    const TrainingResult r = resumed.run({&train, &validation, &recalibration}, f);
    QVERIFY(!r.canceled);
    QCOMPARE(r.epochs.size(), size_t{1});
    const Checkpoint last = Checkpoint::loadHeader(run.lastCheckpoint());
    QCOMPARE(last.state.recordedEpochs, 1);
    QCOMPARE(last.state.bestEpoch, 1);
    QCOMPARE(Checkpoint::loadHeader(run.bestCheckpoint()).state.step, last.state.step);
    const QString log = QString::fromStdString(run.logFile());
    QCOMPARE(countRecords(log, "epoch", 1), 1);
    QCOMPARE(countRecords(log, "step"), 2);
}

void TestTrainer::cancelDuringValidationValidatesOnResume() {
    QTemporaryDir dir(scratchTemplate());
    const RunFolder run(dir.path().toStdString());
    SyntheticSource train(8, 4, true), validation(8, 4, false, 1), recalibration(8, 4, false);
    {
        Feedback f;
        Trainer trainer(run.directory(), tinyConfig(2), false);
        // Ctrl-C arrives while epoch 1 is being validated.
        trainer.setEpochEndHookForTesting([&](const std::string& point) {
            if (point == "validated")
                f.cancel();
        });
        const TrainingResult r = trainer.run({&train, &validation, &recalibration}, f);
        QVERIFY(r.canceled);
        QCOMPARE(r.steps, int64_t{2});
    }
    QCOMPARE(Checkpoint::loadHeader(run.lastCheckpoint()).state.recordedEpochs, 0);
    QVERIFY(!QFile::exists(QString::fromStdString(run.bestCheckpoint())));
    Feedback f;
    Trainer resumed(run.directory(), tinyConfig(2), true);
    std::vector<int> validatedEpochs;
    TrainingCallbacks callbacks;
    callbacks.epoch = [&](const EpochSummary& s) { validatedEpochs.push_back(s.epoch); };
    const TrainingResult r = resumed.run({&train, &validation, &recalibration}, f, callbacks);
    QVERIFY(!r.canceled);
    QCOMPARE(validatedEpochs, (std::vector<int>{1, 2})); // epoch 1 first, then on
    const QString log = QString::fromStdString(run.logFile());
    QCOMPARE(countRecords(log, "epoch", 1), 1);
    QCOMPARE(countRecords(log, "epoch", 2), 1);
    QCOMPARE(countRecords(log, "step"), 4);
    QVERIFY(QFile::exists(QString::fromStdString(run.bestCheckpoint())));
}

void TestTrainer::freshStartForgetsARunKilledBeforeItsFirstCheckpoint() {
    QTemporaryDir dir(scratchTemplate());
    const RunFolder run(dir.path().toStdString());
    SyntheticSource source(8, 4, false);
    {
        Feedback f;
        Trainer trainer(run.directory(), tinyConfig(1), false);
        trainer.setLossScaleHookForTesting([](int64_t step) {
            if (step == 2)
                throw Killed{}; // dies in step 2, before the epoch's checkpoint
            return 1.0;
        });
        QVERIFY_THROWS_EXCEPTION(Killed, trainer.run({&source}, f));
    }
    QVERIFY(!run.hasCheckpoint());
    QCOMPARE(countRecords(QString::fromStdString(run.logFile()), "step"), 1);
    Feedback f;
    Trainer again(run.directory(), tinyConfig(1), false);
    again.run({&source}, f);
    // Steps 1, 2 once each: nothing of the dead run is left in either log.
    const TrainingLog log = TrainingLog::read(run.logFile());
    QCOMPARE(log.steps.size(), size_t{2});
    QCOMPARE(log.steps[0].step, int64_t{1});
    QCOMPARE(log.steps[1].step, int64_t{2});
    QCOMPARE(lines(QString::fromStdString(run.csvLogFile())).size(), size_t{1 + 2 + 1});
}

void TestTrainer::staleTemporariesAreRemovedAndASecondTrainerRefused() {
    QTemporaryDir dir(scratchTemplate());
    const RunFolder run(dir.path().toStdString());
    SyntheticSource source(8, 4, false);
    {
        Feedback f;
        Trainer trainer(run.directory(), tinyConfig(1), false);
        trainer.run({&source}, f);
    }
    // A checkpoint write killed half-way leaves its temporary file.
    const QString stale =
        QString::fromStdString(run.lastCheckpoint()) + ".tmp-" + QString::number(deadPid());
    QFile::copy(QString::fromStdString(run.lastCheckpoint()), stale);
    QVERIFY(QFile::exists(stale));
    Trainer resumed(run.directory(), tinyConfig(2), true);
    QVERIFY(!QFile::exists(stale));
    try {
        Trainer second(run.directory(), tinyConfig(2), true);
        QFAIL("two trainers in one run folder");
    } catch (const Error& e) {
        QVERIFY2(QString(e.what()).contains("another process is training"), e.what());
    }
}

void TestTrainer::originalStatisticsMergeALastSinglePair() {
    TrainingConfig c = tinyConfig(1);
    OriNetModel model(c.model);
    model.setBatchStatisticsInEval(true);
    // 5 pairs in batches of 4: the last batch would hold one pair alone.
    SyntheticSource five(5, 4, false, 0);
    struct Remainder : BatchSource {
        SyntheticSource& all;
        SyntheticSource single{1, 1, false, 0};
        size_t next_ = 0;
        explicit Remainder(SyntheticSource& s)
            : all(s) {}
        size_t batchesPerEpoch() const override { return 2; }
        void startEpoch(uint64_t e, size_t) override {
            all.startEpoch(e, 0);
            single.startEpoch(e, 0);
            next_ = 0;
        }
        std::optional<Batch> next() override {
            return next_++ == 0 ? all.next() : next_ == 2 ? single.next() : std::nullopt;
        }
    } source(five);
    Feedback f;
    const DescriptorSet set = DescriptorExtractor::describe(model, source, f);
    QCOMPARE(set.ground.rows, 5);
    // The lone pair was normalised with the four before it: not a constant vector.
    double minValue = 0, maxValue = 0;
    cv::minMaxLoc(set.ground.row(4), &minValue, &maxValue);
    QVERIFY2(maxValue - minValue > 1e-3, qPrintable(QString::number(maxValue - minValue)));
    // A split of a single pair is refused with the reason.
    SyntheticSource one(1, 1, false);
    try {
        DescriptorExtractor::describe(model, one, f);
        QFAIL("one pair cannot be normalised with batch statistics");
    } catch (const Error& e) {
        QVERIFY2(QString(e.what()).contains("at least 2 pairs"), e.what());
    }
}

QTEST_APPLESS_MAIN(TestTrainer)
#include "tst_trainer.moc"
