#include "common/error.h"
#include "extraction/descriptorextractor.h"
#include "extraction/normalizationstatistics.h"
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
    void validationCadenceSkipsEpochs();
    void lossDecreasesOnAFixedBatch();
    void refusesToOverwriteARun();
    void killBetweenBestAndLastRepeatsTheEpochEnd();
    void cancelDuringValidationValidatesOnResume();
    void freshStartForgetsARunKilledBeforeItsFirstCheckpoint();
    void staleTemporariesAreRemovedAndASecondTrainerRefused();
    void originalStatisticsRunALastSinglePairAlone();
    void singlePairIsRefusedOnlyWhereAMapIs1x1();
    void validationOfALoneTinyPairIsRefusedBeforeTraining();
    void releasedLossIsLoggedBesideTheOptimisedOne();
    void adaptedStatisticsAreThoseOfTheDescribedImages();
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
        QCOMPARE(s.normalization, std::string("original")); // the paper's protocol by default
        QCOMPARE(s.byNormalization.size(),
                 enumValues<Normalization>().size()); // every mode measured
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

void TestTrainer::validationCadenceSkipsEpochs() {
    // A one-to-one run with validateEveryEpochs 2 over 3 epochs: epochs 2 and 3 (the last)
    // are validated, epoch 1 is logged without figures, and best.ckpt is one of 2 and 3.
    QTemporaryDir dir(scratchTemplate());
    SyntheticSource train(8, 4, true), validation(8, 4, false, /*salt=*/1);
    TrainingConfig config = tinyConfig(3);
    config.recalibrationBatches = 0;
    config.validateEveryEpochs = 2;
    Feedback f;
    Trainer trainer(dir.path().toStdString(), config, false);
    std::vector<EpochSummary> epochs;
    TrainingCallbacks callbacks;
    callbacks.epoch = [&](const EpochSummary& s) { epochs.push_back(s); };
    const TrainingResult result = trainer.run({&train, &validation}, f, callbacks);
    QVERIFY(!result.canceled);
    QCOMPARE(epochs.size(), size_t{3});
    QCOMPARE(epochs[0].validationCount, int64_t{0});
    QVERIFY(epochs[0].byNormalization.empty());
    QCOMPARE(epochs[1].validationCount, int64_t{8});
    QCOMPARE(epochs[2].validationCount, int64_t{8});
    const int bestEpoch = epochs[2].recallAtOnePercent > epochs[1].recallAtOnePercent ? 3 : 2;
    QCOMPARE(result.bestEpoch, bestEpoch);
    const RunFolder run(dir.path().toStdString());
    QCOMPARE(Checkpoint::loadHeader(run.bestCheckpoint()).state.step, int64_t{2} * bestEpoch);
    const TrainingLog log = TrainingLog::read(run.logFile());
    QCOMPARE(log.epochs.size(), size_t{3});
    QCOMPARE(log.epochs[0].validationCount, int64_t{0});
    QCOMPARE(log.epochs[0].recallAtOnePercent, -1.0);
    QCOMPARE(log.epochs[2].recallAtOnePercent, epochs[2].recallAtOnePercent);
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

namespace {

//! Pair i of a deterministic set at any preset (images from seed i + 1000·salt), with UTM
//! positions when `positions` gives them.
Batch pairsBatch(const InputPreset& preset, const std::vector<size_t>& pairs,
                 const std::vector<std::pair<double, double>>& positions = {}) {
    Batch b;
    const auto count = static_cast<int64_t>(pairs.size());
    b.ground.shape = {count, 5, preset.groundRows, preset.groundCols};
    b.satellite.shape = {count, 5, preset.satelliteSize, preset.satelliteSize};
    b.ground.data.resize(b.ground.count());
    b.satellite.data.resize(b.satellite.count());
    const size_t gPer = b.ground.count() / pairs.size(), sPer = b.satellite.count() / pairs.size();
    for (size_t i = 0; i < pairs.size(); ++i) {
        std::mt19937 rng(static_cast<uint32_t>(pairs[i]) + 1000u);
        std::uniform_real_distribution<float> u(-1.f, 1.f);
        const float tone = u(rng);
        for (size_t k = 0; k < gPer; ++k)
            b.ground.data[i * gPer + k] = 0.5f * tone + 0.5f * u(rng);
        for (size_t k = 0; k < sPer; ++k)
            b.satellite.data[i * sPer + k] = 0.5f * tone + 0.5f * u(rng);
        b.indices.push_back(pairs[i]);
        b.ids.push_back(std::to_string(pairs[i]));
        if (!positions.empty()) {
            b.easting.push_back(positions[pairs[i]].first);
            b.northing.push_back(positions[pairs[i]].second);
        }
    }
    return b;
}

//! Yields the given batches in order; says how large the last one is only when asked to
//! (`announceLast`), as a DataLoaderSource does.
class ListSource : public BatchSource {
public:
    ListSource(const InputPreset& preset, std::vector<std::vector<size_t>> batches,
               bool announceLast = true, std::vector<std::pair<double, double>> positions = {})
        : mPreset(preset)
        , mBatches(std::move(batches))
        , mAnnounceLast(announceLast)
        , mPositions(std::move(positions)) {}
    size_t batchesPerEpoch() const override { return mBatches.size(); }
    size_t lastBatchSize() const override {
        return mAnnounceLast && !mBatches.empty() ? mBatches.back().size() : 0;
    }
    void startEpoch(uint64_t, size_t skip) override { mNext = skip; }
    std::optional<Batch> next() override {
        if (mNext >= mBatches.size())
            return std::nullopt;
        ++delivered;
        return pairsBatch(mPreset, mBatches[mNext++], mPositions);
    }
    int delivered = 0;

private:
    InputPreset mPreset;
    std::vector<std::vector<size_t>> mBatches;
    bool mAnnounceLast;
    std::vector<std::pair<double, double>> mPositions;
    size_t mNext = 0;
};

} // namespace

void TestTrainer::originalStatisticsRunALastSinglePairAlone() {
    // At the small preset no BatchNorm map is 1x1 (the smallest are 1x5 and 2x2), so a lone
    // pair has statistics of its own, as in the released code's last batch.
    ModelConfig config;
    config.preset = InputPreset::byName("small");
    config.initSeed = 5;
    QVERIFY(DescriptorExtractor::singlePairProblem(config).empty());
    OriNetModel model(config);
    model.setBatchStatisticsInEval(true);
    const InputPreset& p = config.preset;
    Feedback f;
    // 5 pairs in batches of 4: the last batch holds pair 4 alone.
    ListSource split(p, {{0, 1, 2, 3}, {4}});
    const DescriptorSet set = DescriptorExtractor::describe(model, split, f);
    QCOMPARE(set.ground.rows, 5);
    QCOMPARE(set.ids.back(), std::string("4"));
    // Its descriptors are those of pair 4 described alone as a batch of one ...
    ListSource alone(p, {{4}});
    const DescriptorSet single = DescriptorExtractor::describe(model, alone, f);
    QCOMPARE(single.ground.rows, 1);
    for (const auto& [a, b] : {std::pair{set.ground.row(4), single.ground.row(0)},
                               std::pair{set.satellite.row(4), single.satellite.row(0)}})
        QVERIFY2(cv::norm(a, b, cv::NORM_INF) < 1e-6,
                 qPrintable(QString::number(cv::norm(a, b, cv::NORM_INF))));
    // ... not those of the earlier rule, which merged it into the batch before it.
    ListSource merged(p, {{0, 1, 2, 3, 4}});
    const DescriptorSet joined = DescriptorExtractor::describe(model, merged, f);
    QVERIFY2(cv::norm(set.ground.row(4), joined.ground.row(4), cv::NORM_INF) > 1e-3,
             qPrintable(
                 QString::number(cv::norm(set.ground.row(4), joined.ground.row(4), cv::NORM_INF))));
    QVERIFY(cv::norm(set.satellite.row(4), joined.satellite.row(4), cv::NORM_INF) > 1e-3);
    // A lone pair is no constant: two pairs described alone differ, and a split of a single
    // pair is described.
    ListSource other(p, {{3}});
    const DescriptorSet three = DescriptorExtractor::describe(model, other, f);
    QVERIFY(cv::norm(three.ground.row(0), single.ground.row(0), cv::NORM_INF) > 1e-3);
    QVERIFY(cv::norm(three.satellite.row(0), single.satellite.row(0), cv::NORM_INF) > 1e-3);
}

void TestTrainer::singlePairIsRefusedOnlyWhereAMapIs1x1() {
    for (const InputPreset& p : InputPreset::all()) {
        ModelConfig c;
        c.preset = p;
        bool anySinglePixel = false;
        for (Branch b : {Branch::Ground, Branch::Satellite})
            for (int layer = 2; layer <= 7; ++layer) {
                const auto size = OriNetModel::layerSize(p, b, layer);
                anySinglePixel |= size[0] == 1 && size[1] == 1;
            }
        QCOMPARE(!DescriptorExtractor::singlePairProblem(c).empty(), anySinglePixel);
    }
    // The paper's sizes: layer 7 is 2x10 and 4x4; tiny's satellite branch ends at 1x1.
    QCOMPARE(OriNetModel::layerSize(InputPreset::byName("paper"), Branch::Ground, 7),
             (std::array<int64_t, 2>{2, 10}));
    QCOMPARE(OriNetModel::layerSize(InputPreset::byName("tiny"), Branch::Satellite, 7),
             (std::array<int64_t, 2>{1, 1}));
    ModelConfig tiny;
    tiny.preset = InputPreset::byName("tiny");
    tiny.initSeed = 5;
    OriNetModel model(tiny);
    model.setBatchStatisticsInEval(true);
    Feedback f;
    // The collapse the refusal is about: the layer-7 map of a lone tiny tile carries nothing
    // of the image, so two different lone tiles share that part of the hypercolumn.
    const auto expectRefusal = [&](ListSource& source) {
        try {
            DescriptorExtractor::describe(model, source, f);
            QFAIL("a lone pair at the tiny preset must be refused");
        } catch (const Error& e) {
            const QString what = e.what();
            QVERIFY2(what.contains("'tiny'") && what.contains("satellite") &&
                         what.contains("layer-7") && what.contains("1x1") &&
                         what.contains("single pair"),
                     e.what());
        }
    };
    // Known in advance: refused before any image is read.
    ListSource announced(tiny.preset, {{0, 1, 2, 3}, {4}});
    expectRefusal(announced);
    QCOMPARE(announced.delivered, 0);
    // Found on the way: refused at the lone batch.
    ListSource found(tiny.preset, {{0, 1, 2, 3}, {4}}, /*announceLast=*/false);
    expectRefusal(found);
    QCOMPARE(found.delivered, 2);
    // Per-image statistics have no such limit, and a batch of two is fine under batch ones.
    ListSource two(tiny.preset, {{0, 1}});
    QCOMPARE(DescriptorExtractor::describe(model, two, f).ground.rows, 2);
    model.setBatchStatisticsInEval(false);
    ListSource lone(tiny.preset, {{4}});
    QCOMPARE(DescriptorExtractor::describe(model, lone, f).ground.rows, 1);
}

void TestTrainer::validationOfALoneTinyPairIsRefusedBeforeTraining() {
    QTemporaryDir dir(scratchTemplate());
    SyntheticSource train(8, 4, true);
    // 5 validation pairs in batches of 4 at the tiny preset.
    ListSource validation(InputPreset::byName("tiny"), {{0, 1, 2, 3}, {4}});
    TrainingConfig config = tinyConfig(1);
    QVERIFY(config.validationNormalization == Normalization::Original); // the default
    Feedback f;
    Trainer trainer(dir.path().toStdString(), config, false);
    try {
        trainer.run({&train, &validation}, f);
        QFAIL("the lone validation pair cannot be described at the tiny preset");
    } catch (const Error& e) {
        QVERIFY2(QString(e.what()).contains("1x1") && QString(e.what()).contains("--val-bn"),
                 e.what());
    }
    QCOMPARE(trainer.completedSteps(), int64_t{0}); // before the first step
    QCOMPARE(validation.delivered, 0);
}

void TestTrainer::releasedLossIsLoggedBesideTheOptimisedOne() {
    QTemporaryDir dir(scratchTemplate());
    // CVACT-like positions: pairs 0 and 1 are 10 m apart (no negatives of each other), the
    // rest 100 m apart on a line.
    std::vector<std::pair<double, double>> positions;
    for (size_t i = 0; i < 8; ++i)
        positions.emplace_back(i == 1 ? 10.0 : 100.0 * static_cast<double>(i), 0.0);
    const InputPreset tiny = InputPreset::byName("tiny");
    ListSource train(tiny, {{0, 1, 2, 3}, {4, 5, 6, 7}}, true, positions);
    Feedback f;
    Trainer trainer(dir.path().toStdString(), tinyConfig(1), false);
    std::vector<TrainingProgress> steps;
    TrainingCallbacks callbacks;
    callbacks.step = [&](const TrainingProgress& p) { steps.push_back(p); };
    trainer.run({&train}, f, callbacks);
    QCOMPARE(steps.size(), size_t{2});
    // released = optimised + log 2 · masked / unmasked: batch 1 masks the diagonal and the
    // pair (0, 1) both ways (6 of 16), batch 2 only the diagonal (4 of 16).
    const double expected[] = {std::log(2.0) * 6 / 10, std::log(2.0) * 4 / 12};
    for (size_t i = 0; i < 2; ++i)
        QVERIFY2(std::abs(steps[i].releasedLoss - steps[i].loss - expected[i]) < 1e-5,
                 qPrintable(QString("%1 %2").arg(steps[i].releasedLoss).arg(steps[i].loss)));
    // Both go to the log (JSON and CSV), per step and as the epoch's mean.
    const RunFolder run(dir.path().toStdString());
    const TrainingLog log = TrainingLog::read(run.logFile());
    QCOMPARE(log.steps.size(), size_t{2});
    for (size_t i = 0; i < 2; ++i) {
        QCOMPARE(log.steps[i].loss, steps[i].loss);
        QCOMPARE(log.steps[i].releasedLoss, steps[i].releasedLoss);
    }
    QCOMPARE(log.epochs.size(), size_t{1});
    QVERIFY(std::abs(log.epochs[0].meanReleasedLoss -
                     (steps[0].releasedLoss + steps[1].releasedLoss) / 2) < 1e-12);
    const std::vector<std::string> csv = lines(QString::fromStdString(run.csvLogFile()));
    QVERIFY(csv.front().find(",loss_released") != std::string::npos);
    QVERIFY(csv[1].rfind("step,", 0) == 0 && csv[1].back() != ','); // the value is there
    // Without positions nothing is masked: no released value to log.
    QTemporaryDir plain(scratchTemplate());
    SyntheticSource synthetic(8, 4, false);
    Trainer second(plain.path().toStdString(), tinyConfig(1), false);
    second.run({&synthetic}, f);
    for (const StepRecord& r :
         TrainingLog::read(RunFolder(plain.path().toStdString()).logFile()).steps)
        QVERIFY(std::isnan(r.releasedLoss));
}

void TestTrainer::adaptedStatisticsAreThoseOfTheDescribedImages() {
    ModelConfig config;
    config.preset = InputPreset::byName("tiny");
    config.initSeed = 7;
    OriNetModel model(config);
    const InputPreset& p = config.preset;
    const std::vector<NamedTensor> stored = model.normalizationStatistics();
    Feedback f;
    const auto same = [](const std::vector<NamedTensor>& a, const std::vector<NamedTensor>& b) {
        if (a.size() != b.size())
            return false;
        for (size_t i = 0; i < a.size(); ++i)
            if (a[i].name != b[i].name || a[i].bytes != b[i].bytes)
                return false;
        return true;
    };
    // 10 pairs in batches of 4: the averages of the two full batches; the partial last one
    // would weigh as much as a full batch and is left out.
    ListSource split(p, {{0, 1, 2, 3}, {4, 5, 6, 7}, {8, 9}});
    ListSource full(p, {{0, 1, 2, 3}, {4, 5, 6, 7}});
    const std::vector<NamedTensor> adapted = NormalizationStatistics::adapt(model, split, 4, f);
    QVERIFY(same(adapted, NormalizationStatistics::recalibrate(model, full, 2, f)));
    QCOMPARE(split.delivered, 2);
    QVERIFY(same(model.normalizationStatistics(), stored)); // the model's own are kept
    // Other images, other statistics; a split of one partial batch uses it.
    ListSource others(p, {{10, 11, 12, 13}, {14, 15, 16, 17}});
    QVERIFY(!same(NormalizationStatistics::adapt(model, others, 4, f), adapted));
    ListSource lone(p, {{8, 9}});
    ListSource loneAgain(p, {{8, 9}});
    QVERIFY(same(NormalizationStatistics::adapt(model, lone, 4, f),
                 NormalizationStatistics::recalibrate(model, loneAgain, 1, f)));
    // Fixed, they give each image one descriptor whatever its batch-mates.
    model.loadNormalizationStatistics(adapted, "adapted statistics");
    model.setBatchStatisticsInEval(false);
    ListSource four(p, {{0, 1, 2, 3}}), one(p, {{0}});
    const DescriptorSet a = DescriptorExtractor::describe(model, four, f);
    const DescriptorSet b = DescriptorExtractor::describe(model, one, f);
    QVERIFY(cv::norm(a.ground.row(0), b.ground.row(0), cv::NORM_INF) < 1e-5);
    QVERIFY(cv::norm(a.satellite.row(0), b.satellite.row(0), cv::NORM_INF) < 1e-5);
    // No network is built for it without the images.
    Checkpoint c;
    c.config.model = config;
    c.model = model.namedTensors();
    QVERIFY_THROWS_EXCEPTION(Error, c.buildModel(Normalization::Adapted));
}

QTEST_APPLESS_MAIN(TestTrainer)
#include "tst_trainer.moc"
