#include "common/feedback.h"
#include "dataset/dataset.h"
#include "extraction/descriptorextractor.h"
#include "model/orinetmodel.h"
#include "retrieval/descriptorset.h"
#include "run/checkpoint.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>
#include <opencv2/core.hpp>

#include "clirunner.h"

using namespace orinet;
using orinet::testing::CliResult;
using orinet::testing::runCli;

//! `orinet extract --shard K/N` and `orinet eval` over the parts, end to end on a small
//! generated world with an untrained tiny-preset model: the parts joined are the whole
//! extraction, and parts that do not belong together are refused by name.
class TestExtractShards : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void partsJoinToTheWholeExtraction();
    void refusesPartsThatDoNotBelongTogether();
    void badShardArguments();
    void aLastSinglePairIsABatchOfItsOwn();
    void defaultOptionsArePaperProtocol();
    void adaptedStatisticsComeFromTheWholeSplit();

private:
    QString saveCheckpoint(const QString& name, uint64_t seed, const char* preset = "tiny",
                           int64_t batch = 4);
    CliResult extract(const QString& checkpoint, const QString& out, const QStringList& more);

    QTemporaryDir mDir;
    QString mDataset, mCheckpoint;
};

QString TestExtractShards::saveCheckpoint(const QString& name, uint64_t seed, const char* preset,
                                          int64_t batch) {
    ModelConfig config;
    config.preset = InputPreset::byName(preset);
    config.initSeed = seed;
    OriNetModel model(config);
    Checkpoint checkpoint;
    checkpoint.config.model = config;
    // BatchNorm mode 'original' describes in batches of the training batch size: parts must
    // be whole batches of it to give the same descriptors as the whole split.
    checkpoint.config.batchSize = batch;
    checkpoint.model = model.namedTensors();
    const QString path = mDir.filePath(name);
    checkpoint.save(path.toStdString());
    return path;
}

CliResult TestExtractShards::extract(const QString& checkpoint, const QString& out,
                                     const QStringList& more) {
    return runCli(QStringList{"extract", "--checkpoint", checkpoint, "--dataset", mDataset,
                              "--split", "train", "--bn", "original", "--threads", "2", "--out",
                              out} +
                  more);
}

void TestExtractShards::initTestCase() {
    QVERIFY(mDir.isValid());
    const CliResult r = runCli({"synth", "--out", mDir.filePath("world"), "--pairs", "40", "--seed",
                                "3", "--threads", "2", "--quiet"});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    mDataset = mDir.filePath("world/cvusa");
    mCheckpoint = saveCheckpoint("a.ckpt", 3);
}

void TestExtractShards::partsJoinToTheWholeExtraction() {
    CliResult r = extract(mCheckpoint, mDir.filePath("whole"), {});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    const DescriptorSet whole = DescriptorSet::load(mDir.filePath("whole").toStdString());
    QVERIFY(whole.ground.rows >= 12);
    for (int k = 1; k <= 3; ++k) {
        r = extract(mCheckpoint, mDir.filePath("part%1").arg(k),
                    {"--shard", QString("%1/3").arg(k), "--json"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const QJsonObject shard = QJsonDocument::fromJson(r.out.toUtf8())["shard"].toObject();
        QCOMPARE(shard["index"].toInt(), k);
        QCOMPARE(shard["split_pairs"].toInt(), whole.ground.rows);
        QCOMPARE(shard["first"].toInt() % 4, 0); // whole batches
    }
    // eval reads the parts as one set (any order, comma-separated or the option repeated);
    // --export-npy --export-only is the merge step.
    const QString merged = mDir.filePath("merged");
    r = runCli({"eval", "--descriptors", mDir.filePath("part3") + "," + mDir.filePath("part1"),
                "--descriptors", mDir.filePath("part2"), "--export-npy", merged, "--export-only"});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY2(r.err.contains("read 3 parts of split 'train' as one set of " +
                            QString::number(whole.ground.rows) + " pairs"),
             qPrintable(r.err));
    const DescriptorSet joined = DescriptorSet::load(merged.toStdString());
    QVERIFY(!joined.shard.isPart());
    QVERIFY(joined.ids == whole.ids);
    QCOMPARE(joined.provenance.key(), whole.provenance.key());
    // The same batches through the same network: the same numbers (batch statistics included).
    QVERIFY2(cv::norm(joined.ground, whole.ground, cv::NORM_INF) <= 1e-6,
             qPrintable(QString::number(cv::norm(joined.ground, whole.ground, cv::NORM_INF))));
    QVERIFY(cv::norm(joined.satellite, whole.satellite, cv::NORM_INF) <= 1e-6);

    // and evaluates as the whole set does
    const auto recall = [&](const QStringList& descriptors) {
        QStringList args{"eval", "--json", "--top", "5", "--out", mDir.filePath("results")};
        for (const QString& d : descriptors)
            args << "--descriptors" << d;
        const CliResult e = runCli(args);
        if (e.exitCode != 0)
            qWarning("%s", qPrintable(e.err));
        return QJsonDocument::fromJson(e.out.toUtf8()).object();
    };
    const QJsonObject a = recall({mDir.filePath("whole")});
    const QJsonObject b =
        recall({mDir.filePath("part1"), mDir.filePath("part2") + "," + mDir.filePath("part3")});
    QVERIFY(!a.isEmpty() && !b.isEmpty() && a["recall_at"].isArray());
    QCOMPARE(b["recall_at"], a["recall_at"]);
    QCOMPARE(b["mean_rank"], a["mean_rank"]);
    QCOMPARE(b["queries"].toInt(), a["queries"].toInt());
}

void TestExtractShards::refusesPartsThatDoNotBelongTogether() {
    // another checkpoint file with the same step and path-independent provenance: the weights
    // tell them apart
    const QString other = saveCheckpoint("b.ckpt", 4);
    CliResult r = extract(other, mDir.filePath("other2"), {"--shard", "2/3"});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    r = runCli(
        {"eval", "--descriptors",
         mDir.filePath("part1") + "," + mDir.filePath("other2") + "," + mDir.filePath("part3")});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains("other2 does not belong with") && r.err.contains("other weights"),
             qPrintable(r.err));
    // a missing part, a part twice, a lone part
    r = runCli({"eval", "--descriptors", mDir.filePath("part1") + "," + mDir.filePath("part3")});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains("part 2 of 3 missing"), qPrintable(r.err));
    r = runCli({"eval", "--descriptors",
                mDir.filePath("part1") + "," + mDir.filePath("part2") + "," +
                    mDir.filePath("part2") + "," + mDir.filePath("part3")});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains("shard 2/3 again"), qPrintable(r.err));
    r = runCli({"eval", "--descriptors", mDir.filePath("part2")});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains("parts 1, 3 of 3 missing"), qPrintable(r.err));
    // parts of the training split checked against another split of the dataset
    r = runCli(
        {"eval", "--descriptors",
         mDir.filePath("part1") + "," + mDir.filePath("part2") + "," + mDir.filePath("part3"),
         "--dataset", mDataset, "--split", "val"});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains("split 'val'"), qPrintable(r.err));
}

void TestExtractShards::badShardArguments() {
    const QString out = mDir.filePath("bad");
    for (const char* bad : {"0/3", "x/y"}) {
        const CliResult r = extract(mCheckpoint, out, {"--shard", bad});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("--shard") && r.err.contains(bad), qPrintable(r.err));
    }
    CliResult r = runCli({"extract", "--checkpoint", mCheckpoint, "--dataset", mDataset, "--split",
                          "train", "--shard", "1/2"});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains("--shard needs --out"), qPrintable(r.err));
    r = extract(mCheckpoint, out, {"--shard", "1/2", "--random-orientation", "1"});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains("--random-orientation"), qPrintable(r.err));
    // more parts than batches: said before any image is read
    r = extract(mCheckpoint, out, {"--shard", "1/40"});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains("at most"), qPrintable(r.err));
    QVERIFY(!QFileInfo::exists(out));
}

void TestExtractShards::aLastSinglePairIsABatchOfItsOwn() {
    const Dataset dataset = Dataset::open(mDataset.toStdString());
    const int pairs = static_cast<int>(dataset.split("train").size());
    QVERIFY(pairs >= 3);
    // Batches of pairs - 1: the last pair is a batch of its own, run alone as the released
    // code runs its last partial batch. At the small preset no BatchNorm map is 1x1.
    const QString small = saveCheckpoint("small.ckpt", 5, "small", pairs - 1);
    CliResult r = extract(small, mDir.filePath("small-whole"), {});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    const DescriptorSet whole = DescriptorSet::load(mDir.filePath("small-whole").toStdString());
    QCOMPARE(whole.ground.rows, pairs);
    // Its part of two is that pair alone; the shard boundaries follow the extractor's batches.
    r = extract(small, mDir.filePath("small-part2"), {"--shard", "2/2"});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    const DescriptorSet part = DescriptorSet::load(mDir.filePath("small-part2").toStdString());
    QCOMPARE(part.ground.rows, 1);
    QCOMPARE(part.shard.first, int64_t(pairs - 1));
    for (const auto& [a, b] : {std::pair{whole.ground.row(pairs - 1), part.ground.row(0)},
                               std::pair{whole.satellite.row(pairs - 1), part.satellite.row(0)}})
        QVERIFY2(cv::norm(a, b, cv::NORM_INF) <= 1e-6,
                 qPrintable(QString::number(cv::norm(a, b, cv::NORM_INF))));
    // With its batch-mates (one batch of all pairs) it is described differently.
    const QString one = saveCheckpoint("small-one-batch.ckpt", 5, "small", pairs);
    r = extract(one, mDir.filePath("small-one-batch"), {});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    const DescriptorSet joined =
        DescriptorSet::load(mDir.filePath("small-one-batch").toStdString());
    QVERIFY(cv::norm(whole.ground.row(pairs - 1), joined.ground.row(pairs - 1), cv::NORM_INF) >
            1e-3);
    // At the tiny preset a lone pair's 1x1 satellite maps would be constants: refused with the
    // reason, before any image is read or anything written.
    const QString tiny = saveCheckpoint("tiny-lone.ckpt", 5, "tiny", pairs - 1);
    r = extract(tiny, mDir.filePath("tiny-lone"), {});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains("single pair") && r.err.contains("'tiny'") &&
                 r.err.contains("layer-7") && r.err.contains("1x1") &&
                 r.err.contains("'recalibrated'"),
             qPrintable(r.err));
    QVERIFY(!QFileInfo::exists(mDir.filePath("tiny-lone")));
}

void TestExtractShards::defaultOptionsArePaperProtocol() {
    // DescriptorExtractor's defaults: batch statistics in batches of the training batch size,
    // number for number what Normalization::Original gives.
    const DescriptorExtractor::Options defaults;
    QVERIFY(defaults.normalization == Normalization::Original);
    const Dataset dataset = Dataset::open(mDataset.toStdString());
    Checkpoint checkpoint = Checkpoint::load(mCheckpoint.toStdString());
    Feedback feedback;
    const DescriptorSet byDefault =
        DescriptorExtractor::extract(checkpoint, "file", dataset, "train", defaults, feedback);
    DescriptorExtractor::Options original;
    original.normalization = Normalization::Original;
    original.batchSize = 7; // ignored: batches of the checkpoint's training batch size
    const DescriptorSet explicitly =
        DescriptorExtractor::extract(checkpoint, "file", dataset, "train", original, feedback);
    QCOMPARE(byDefault.provenance.normalization, std::string("original"));
    QVERIFY(byDefault.ids == explicitly.ids);
    QCOMPARE(cv::norm(byDefault.ground, explicitly.ground, cv::NORM_INF), 0.0);
    QCOMPARE(cv::norm(byDefault.satellite, explicitly.satellite, cv::NORM_INF), 0.0);
    // and the CLI without --bn wrote the same numbers (partsJoinToTheWholeExtraction's
    // whole set was made with --bn original; this one without)
    const CliResult r =
        runCli({"extract", "--checkpoint", mCheckpoint, "--dataset", mDataset, "--split", "train",
                "--threads", "2", "--out", mDir.filePath("default")});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    const DescriptorSet cli = DescriptorSet::load(mDir.filePath("default").toStdString());
    QCOMPARE(cli.provenance.normalization, std::string("original"));
    QVERIFY(cv::norm(cli.ground, byDefault.ground, cv::NORM_INF) <= 1e-6);
    QVERIFY(cv::norm(cli.satellite, byDefault.satellite, cv::NORM_INF) <= 1e-6);
}

void TestExtractShards::adaptedStatisticsComeFromTheWholeSplit() {
    const auto load = [&](const QString& name) {
        return DescriptorSet::load(mDir.filePath(name).toStdString());
    };
    const auto run = [&](const QString& out, const QStringList& more) {
        const CliResult r =
            runCli(QStringList{"extract", "--checkpoint", mCheckpoint, "--dataset", mDataset,
                               "--split", "train", "--threads", "2", "--out", mDir.filePath(out)} +
                   more);
        if (r.exitCode != 0)
            QFAIL(qPrintable(out + ": " + r.err));
    };
    run("adapted", {"--bn", "adapted"});
    run("adapted-b3", {"--bn", "adapted", "--batch", "3"});
    run("running", {"--bn", "running"});
    const DescriptorSet adapted = load("adapted"), small = load("adapted-b3"),
                        running = load("running"), original = load("whole");
    QCOMPARE(adapted.provenance.normalization, std::string("adapted"));
    QCOMPARE(adapted.ground.rows, original.ground.rows);
    // One descriptor per image: the statistics are fixed before describing, so how many
    // images are described together does not matter ...
    QVERIFY2(cv::norm(adapted.ground, small.ground, cv::NORM_INF) <= 1e-5,
             qPrintable(QString::number(cv::norm(adapted.ground, small.ground, cv::NORM_INF))));
    QVERIFY(cv::norm(adapted.satellite, small.satellite, cv::NORM_INF) <= 1e-5);
    // ... and they are statistics of these images, neither the stored running ones nor each
    // batch's own.
    QVERIFY(cv::norm(adapted.ground, running.ground, cv::NORM_INF) > 1e-3);
    QVERIFY(cv::norm(adapted.satellite, original.satellite, cv::NORM_INF) > 1e-3);
    // Parts of the split use the statistics of the whole split, so they join to the whole.
    for (int k = 1; k <= 2; ++k)
        run(QString("adapted-part%1").arg(k),
            {"--bn", "adapted", "--batch", "4", "--shard", QString("%1/2").arg(k)});
    const CliResult r = runCli({"eval", "--descriptors", mDir.filePath("adapted-part1"),
                                "--descriptors", mDir.filePath("adapted-part2"), "--export-npy",
                                mDir.filePath("adapted-joined"), "--export-only"});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    const DescriptorSet joined = load("adapted-joined");
    QVERIFY(joined.ids == adapted.ids);
    QVERIFY(cv::norm(joined.ground, adapted.ground, cv::NORM_INF) <= 1e-5);
    QVERIFY(cv::norm(joined.satellite, adapted.satellite, cv::NORM_INF) <= 1e-5);
}

QTEST_GUILESS_MAIN(TestExtractShards)
#include "tst_extractshards.moc"
