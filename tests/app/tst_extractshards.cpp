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

private:
    QString saveCheckpoint(const QString& name, uint64_t seed);
    CliResult extract(const QString& checkpoint, const QString& out, const QStringList& more);

    QTemporaryDir mDir;
    QString mDataset, mCheckpoint;
};

QString TestExtractShards::saveCheckpoint(const QString& name, uint64_t seed) {
    ModelConfig config;
    config.preset = InputPreset::byName("tiny");
    config.initSeed = seed;
    OriNetModel model(config);
    Checkpoint checkpoint;
    checkpoint.config.model = config;
    // BatchNorm mode 'original' describes in batches of the training batch size: parts must
    // be whole batches of it to give the same descriptors as the whole split.
    checkpoint.config.batchSize = 4;
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

QTEST_GUILESS_MAIN(TestExtractShards)
#include "tst_extractshards.moc"
