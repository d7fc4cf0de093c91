#include "common/error.h"
#include "common/feedback.h"
#include "dataset/dataset.h"
#include "synth/syntheticworld.h"
#include "training/trainingdata.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace orinet;

//! The loaders of a training run, as the CLI and the GUI both build them: which splits, which
//! purposes (order, last batch), and what the options change.
class TestTrainingData : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void defaultsReadTrainValidationAndRecalibration();
    void optionsLeaveOutValidationAndLimitIt();
    void recalibrationFollowsTheConfiguration();
    void aDataParallelRankReadsItsShare();
    void anUnknownSplitIsNamed();

private:
    static TrainingConfig tinyConfig();
    QTemporaryDir mDir;
    SynthSummary mWorld;
};

void TestTrainingData::initTestCase() {
    QVERIFY(mDir.isValid());
    SynthOptions o;
    o.outDir = mDir.filePath("world").toStdString();
    o.pairs = 90;
    o.seed = 5;
    o.tileSize = 64;
    o.tileMetres = 60;
    o.cvusaPanoWidth = 88;
    o.cvactPanoWidth = 64;
    o.threads = 2;
    Feedback feedback;
    mWorld = SyntheticWorld::generate(o, feedback);
    // The checks below need a training split of several full batches and a validation split
    // that ends in a partial one.
    QVERIFY(mWorld.trainCount >= 36);
    QVERIFY(mWorld.valCount > 12 && mWorld.valCount % 12 != 0);
}

TrainingConfig TestTrainingData::tinyConfig() {
    TrainingConfig config;
    config.model.preset = InputPreset::byName("tiny");
    config.batchSize = 12;
    return config;
}

void TestTrainingData::defaultsReadTrainValidationAndRecalibration() {
    const Dataset dataset = Dataset::open(mWorld.cvactRoot);
    const TrainingData data(dataset, tinyConfig(), {});
    const TrainingSources sources = data.sources();
    QVERIFY(sources.train && sources.validation && sources.recalibration);

    // Training drops the last incomplete batch; validation keeps every pair in split order.
    const size_t train = static_cast<size_t>(mWorld.trainCount);
    const size_t val = static_cast<size_t>(mWorld.valCount);
    QCOMPARE(data.stepsPerEpoch(), train / 12);
    QCOMPARE(sources.train->batchesPerEpoch(), train / 12);
    QCOMPARE(sources.validation->batchesPerEpoch(), (val + 11) / 12);
    QCOMPARE(sources.validation->lastBatchSize(), val % 12);
    // Recalibration reads full batches of the training split only.
    QCOMPARE(sources.recalibration->batchesPerEpoch(), train / 12);
    QCOMPARE(sources.recalibration->lastBatchSize(), size_t{12});

    // The validation batches are the val split's first pairs, in order.
    sources.validation->startEpoch(0);
    const std::optional<Batch> first = sources.validation->next();
    QVERIFY(first);
    QCOMPARE(first->indices.size(), size_t{12});
    for (size_t i = 0; i < first->indices.size(); ++i)
        QCOMPARE(first->indices[i], i);
}

void TestTrainingData::optionsLeaveOutValidationAndLimitIt() {
    const Dataset dataset = Dataset::open(mWorld.cvactRoot);
    TrainingData::Options none;
    none.validationSplit.clear();
    QVERIFY(!TrainingData(dataset, tinyConfig(), none).sources().validation);

    TrainingData::Options limited;
    limited.validationLimit = 5;
    const TrainingData data(dataset, tinyConfig(), limited);
    QCOMPARE(data.sources().validation->batchesPerEpoch(), size_t{1});
    QCOMPARE(data.sources().validation->lastBatchSize(), size_t{5});

    // Validating on another split reads that split.
    TrainingData::Options test;
    test.validationSplit = "test";
    const TrainingData onTest(dataset, tinyConfig(), test);
    QCOMPARE(onTest.sources().validation->batchesPerEpoch(),
             static_cast<size_t>((mWorld.testCount + 11) / 12));
}

void TestTrainingData::recalibrationFollowsTheConfiguration() {
    const Dataset dataset = Dataset::open(mWorld.cvactRoot);
    TrainingConfig config = tinyConfig();
    config.recalibrationBatches = 0;
    QVERIFY(!TrainingData(dataset, config, {}).sources().recalibration);
    // The batch size is the run's: 8 gives more, smaller batches.
    config = tinyConfig();
    config.batchSize = 8;
    const TrainingData data(dataset, config, {});
    QCOMPARE(data.stepsPerEpoch(), static_cast<size_t>(mWorld.trainCount) / 8);
    QCOMPARE(data.sources().recalibration->lastBatchSize(), size_t{8});
}

void TestTrainingData::aDataParallelRankReadsItsShare() {
    const Dataset dataset = Dataset::open(mWorld.cvactRoot);
    TrainingData::Options rank;
    rank.rank = 1;
    rank.worldSize = 2;
    const TrainingData data(dataset, tinyConfig(), rank);
    // Every rank gets an equal shard of the training pairs; validation is whole on each rank.
    QCOMPARE(data.stepsPerEpoch(), static_cast<size_t>(mWorld.trainCount / 2) / 12);
    QCOMPARE(data.sources().validation->batchesPerEpoch(),
             static_cast<size_t>((mWorld.valCount + 11) / 12));
}

void TestTrainingData::anUnknownSplitIsNamed() {
    const Dataset dataset = Dataset::open(mWorld.cvactRoot);
    TrainingData::Options options;
    options.validationSplit = "holdout";
    try {
        TrainingData data(dataset, tinyConfig(), options);
        QFAIL("an unknown split was accepted");
    } catch (const Error& e) {
        QVERIFY2(QString(e.what()).contains("holdout"), e.what());
    }
}

QTEST_GUILESS_MAIN(TestTrainingData)
#include "tst_trainingdata.moc"
