#include "common/feedback.h"
#include "dataset/dataloader.h"
#include "dataset/dataset.h"
#include "dataset/querygallery.h"
#include "dataset/vigorformat.h"
#include "model/orinetmodel.h"
#include "retrieval/querygallerydescriptors.h"
#include "retrieval/vigordescriptorset.h"
#include "retrieval/vigordescriptorshards.h"
#include "run/checkpoint.h"
#include "run/runfolder.h"
#include "synth/vigorworld.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>
#include <opencv2/core.hpp>

#include <cstring>
#include <optional>

#include "clirunner.h"
#include "untrainedrun.h"

using namespace orinet;
using orinet::testing::CliResult;
using orinet::testing::runCli;

//! `orinet extract --vigor ROOT --shard K/N` and `orinet eval --vigor ROOT --descriptors
//! PART1,PART2,...` end to end on a generated VIGOR-layout world with an untrained tiny
//! network: the parts read as one set are, bit for bit, the descriptors `eval --run --vigor`
//! makes, with its figures; parts that do not make one whole are refused by name; a folder
//! of the user's is not written into.
class TestVigorExtractShards : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void partsEqualTheRunsOwnEvaluation();
    void refusesPartsThatDoNotMakeOneWhole();
    void refusesAnotherSplitAndTheUsersFolder();
    void oneSideDrawsThePairsOrientation();
    void randomOrientationPartsJoin();

private:
    CliResult extract(const QString& run, const QString& out, const QStringList& more = {});
    CliResult evaluate(const QStringList& parts, const QStringList& more = {});
    QString part(int k) const { return mDir.filePath(QString("part%1").arg(k)); }

    QTemporaryDir mDir;
    VigorWorldSummary mWorld;
    std::optional<QueryGallery> mTruth; //!< same-area test
    QString mRun;
};

CliResult TestVigorExtractShards::extract(const QString& run, const QString& out,
                                          const QStringList& more) {
    return runCli(QStringList{"extract", "--run", run, "--vigor",
                              QString::fromStdString(mWorld.root), "--split", "test", "--threads",
                              "2", "--out", out, "--json"} +
                  more);
}

CliResult TestVigorExtractShards::evaluate(const QStringList& parts, const QStringList& more) {
    return runCli(QStringList{"eval", "--vigor", QString::fromStdString(mWorld.root),
                              "--descriptors", parts.join(','), "--geo", "10,40", "--json"} +
                  more);
}

void TestVigorExtractShards::initTestCase() {
    QVERIFY(mDir.isValid());
    VigorWorldOptions options;
    options.outDir = mDir.filePath("vigor").toStdString();
    options.panoramasPerCity = 10;
    options.cityMetres = 200;
    Feedback feedback;
    mWorld = VigorWorld::generate(options, feedback);
    mTruth = VigorFormat::read(mWorld.root, VigorOptions());
    // Batches of 4 under BatchNorm 'original' (the training batch size): at least three of
    // each side, and no batch of one image (a 1x1 map at preset tiny would be refused).
    QVERIFY(mTruth->queryCount() >= 12 && mTruth->galleryCount() >= 12);
    QVERIFY(mTruth->queryCount() % 4 != 1 && mTruth->galleryCount() % 4 != 1);
    mRun = QString::fromStdString(
        orinet::testing::makeUntrainedRun(mDir.filePath("run").toStdString(), 4).directory());
}

void TestVigorExtractShards::partsEqualTheRunsOwnEvaluation() {
    // The unsharded evaluation: the run describes each image once and saves the set.
    CliResult r = runCli({"eval", "--run", mRun, "--vigor", QString::fromStdString(mWorld.root),
                          "--geo", "10,40", "--json"});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    const QJsonObject whole = QJsonDocument::fromJson(r.out.toUtf8()).object();
    const QueryGalleryDescriptors saved =
        QueryGalleryDescriptors::load(whole["descriptors"].toString().toStdString());

    for (int k = 1; k <= 3; ++k) {
        r = extract(mRun, part(k), {"--shard", QString("%1/3").arg(k)});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const QJsonObject shard = QJsonDocument::fromJson(r.out.toUtf8())["shard"].toObject();
        QCOMPARE(shard["index"].toInt(), k);
        QCOMPARE(shard["split_panoramas"].toInteger(), mTruth->queryCount());
    }
    // Each part holds whole batches of each side, contiguous.
    const VigorDescriptorSet second = VigorDescriptorSet::load(part(2).toStdString());
    QCOMPARE(second.part.groundFirst % 4, int64_t{0});
    QCOMPARE(second.part.satelliteFirst % 4, int64_t{0});
    QVERIFY(second.ground.rows < mTruth->queryCount() && second.satellite.rows > 0);
    QCOMPARE(second.provenance.normalization, std::string("original"));

    // Read as one set (in any order): the run's descriptors bit for bit.
    Feedback feedback;
    const VigorDescriptorSet joined = VigorDescriptorShards::load(
        {part(3).toStdString(), part(1).toStdString(), part(2).toStdString()}, feedback);
    QCOMPARE(joined.ground.rows, saved.queries.rows);
    QCOMPARE(joined.satellite.rows, saved.gallery.rows);
    QCOMPARE(joined.ground.cols, saved.queries.cols);
    QVERIFY(std::memcmp(joined.ground.data, saved.queries.data,
                        saved.queries.total() * sizeof(float)) == 0);
    QVERIFY(std::memcmp(joined.satellite.data, saved.gallery.data,
                        saved.gallery.total() * sizeof(float)) == 0);

    // The same figures from eval --vigor over the parts.
    r = evaluate({part(1), part(2), part(3)});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY2(r.err.contains("read 3 parts"), qPrintable(r.err));
    const QJsonObject parts = QJsonDocument::fromJson(r.out.toUtf8()).object();
    for (const char* key : {"queries", "gallery", "recall_at_1", "recall_at_5", "recall_at_10",
                            "recall_at_1_percent", "recall_at_1_percent_strict", "hit_rate",
                            "top1_covers", "median_metres", "within_metres"})
        QVERIFY2(parts[key] == whole[key], key);
    QCOMPARE(parts["queries"].toInteger(), mTruth->queryCount());

    // The joined set saved whole is read as one folder, with the same figures.
    joined.save(mDir.filePath("whole").toStdString());
    QVERIFY(!VigorDescriptorSet::load(mDir.filePath("whole").toStdString()).part.isPart());
    r = evaluate({mDir.filePath("whole")});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY(QJsonDocument::fromJson(r.out.toUtf8())["recall_at_1"] == whole["recall_at_1"]);
}

void TestVigorExtractShards::refusesPartsThatDoNotMakeOneWhole() {
    if (!QFile::exists(part(3) + "/descriptors.json"))
        QSKIP("needs the parts of partsEqualTheRunsOwnEvaluation");
    const auto refused = [&](const QStringList& parts, const QString& named, const char* why) {
        const CliResult r = evaluate(parts);
        QVERIFY2(r.exitCode != 0, why);
        QVERIFY2(r.err.contains(named) && r.err.contains(why), qPrintable(r.err));
    };
    // A missing part: its number, and the parts given.
    refused({part(1), part(3)}, part(3), "part 2 of 3 missing");
    // A part given twice.
    refused({part(1), part(2), part(2), part(3)}, part(2), "again");
    // A part of another checkpoint: the same run state, other weights.
    const QString other = mDir.filePath("other");
    {
        RunFolder run(other.toStdString());
        run.create();
        Checkpoint checkpoint = Checkpoint::load(RunFolder(mRun.toStdString()).lastCheckpoint());
        ModelConfig model = checkpoint.config.model;
        model.initSeed = 11;
        checkpoint.model = OriNetModel(model).namedTensors();
        checkpoint.save(run.lastCheckpoint());
    }
    CliResult r = extract(other, mDir.filePath("other2"), {"--shard", "2/3"});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    refused({part(1), mDir.filePath("other2"), part(3)}, mDir.filePath("other2"), "other weights");
    // An incomplete part: its matrix changed after descriptors.json was written.
    QVERIFY(QDir().mkpath(mDir.filePath("cut")));
    QVERIFY(QFile::copy(part(2) + "/ground.npy", mDir.filePath("cut/ground.npy")));
    QVERIFY(QFile::copy(part(2) + "/satellite.npy", mDir.filePath("cut/satellite.npy")));
    QVERIFY(QFile::copy(part(2) + "/descriptors.json", mDir.filePath("cut/descriptors.json")));
    {
        QFile ground(mDir.filePath("cut/ground.npy"));
        QVERIFY(ground.open(QIODevice::ReadWrite));
        ground.seek(ground.size() - 2);
        ground.write("\x7f", 1);
    }
    refused({part(1), mDir.filePath("cut"), part(3)}, mDir.filePath("cut/descriptors.json"),
            "checksums do not match");
    // A save cut short: the folder says so, is refused when read, and is replaced by the
    // next save (it is recognised as this tool's).
    const QString pending = mDir.filePath("pending");
    QVERIFY(QDir().mkpath(pending));
    QVERIFY(QFile::copy(part(2) + "/ground.npy", pending + "/ground.npy"));
    {
        QFile meta(pending + "/descriptors.json");
        QVERIFY(meta.open(QIODevice::WriteOnly));
        meta.write(R"({"format": "orinet-vigor-descriptors", "version": 1, "incomplete": true})");
    }
    refused({part(1), pending, part(3)}, pending + "/descriptors.json", "cut short");
    Feedback feedback;
    VigorDescriptorSet::load(part(2).toStdString()).save(pending.toStdString());
    QVERIFY(VigorDescriptorShards::load(
                {part(1).toStdString(), pending.toStdString(), part(3).toStdString()}, feedback)
                .ground.rows == mTruth->queryCount());
    // A part of another cut: the whole set among parts.
    refused({part(1), mDir.filePath("whole"), part(3)}, mDir.filePath("whole"), "not a part");
}

void TestVigorExtractShards::refusesAnotherSplitAndTheUsersFolder() {
    if (!QFile::exists(part(3) + "/descriptors.json"))
        QSKIP("needs the parts of partsEqualTheRunsOwnEvaluation");
    // Parts of the same-area test split evaluated as the cross-area test split.
    CliResult r = evaluate({part(1), part(2), part(3)}, {"--protocol", "cross-area"});
    QVERIFY(r.exitCode != 0);
    QVERIFY2(r.err.contains(part(1)) && r.err.contains("same-area test split"), qPrintable(r.err));
    // The one-to-one reader refuses such a set by name.
    r = runCli({"eval", "--descriptors", part(1)});
    QVERIFY(r.exitCode != 0);
    QVERIFY2(r.err.contains("VIGOR split"), qPrintable(r.err));

    // A folder of the user's (VIGOR's own .npy names, no descriptors.json) is not written into.
    const QString mine = mDir.filePath("mine");
    QVERIFY(QDir().mkpath(mine));
    for (const char* name : {"ground.npy", "satellite.npy"}) {
        QFile f(mine + "/" + name);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("the user's own");
    }
    r = extract(mRun, mine, {"--shard", "1/3"});
    QVERIFY(r.exitCode != 0);
    QVERIFY2(r.err.contains(mine), qPrintable(r.err));
    QFile kept(mine + "/ground.npy");
    QVERIFY(kept.open(QIODevice::ReadOnly));
    QCOMPARE(kept.readAll(), QByteArray("the user's own"));
    QVERIFY(!QFile::exists(mine + "/descriptors.json"));

    // Written into a run's descriptors folder, a VIGOR set is no one-to-one set of the run.
    const RunFolder run(mRun.toStdString());
    const std::string inRun = run.descriptorsRoot() + "/vigor-parts-1";
    VigorDescriptorSet::load(part(1).toStdString()).save(inRun);
    for (const std::string& set : run.descriptorSets())
        QVERIFY2(set != inRun, set.c_str());
}

void TestVigorExtractShards::oneSideDrawsThePairsOrientation() {
    // Panorama i with tile i as pairs, and each side alone: a one-side loader with a random
    // orientation gives that side exactly what the pair at the same position gets (panorama
    // shift, tile quarter turn, orientation channels following), also from a later position.
    std::vector<PairRecord> pairs;
    for (int i = 0; i < 4; ++i)
        pairs.push_back({"p" + std::to_string(i), mTruth->query(i).path,
                         mTruth->galleryItem(i).path, std::nullopt, std::nullopt});
    const Dataset dataset = Dataset::fromPairs("/x", "/x", DatasetLayout::Cvact, pairs,
                                               {{"all", {0, 1, 2, 3}}, {"late", {2, 3}}});
    LoaderOptions o;
    o.batchSize = 4;
    o.seed = 7;
    const auto load = [&](const char* split, LoadedSides sides, bool turned, size_t first = 0) {
        LoaderOptions lo = o;
        lo.sides = sides;
        lo.augment = lo.orientationOnly = turned;
        lo.firstPosition = first;
        DataLoader loader(dataset, dataset.split(split), lo);
        return *loader.next();
    };
    const Batch both = load("all", LoadedSides::Both, true);
    const Batch plain = load("all", LoadedSides::Both, false);
    QVERIFY(both.ground.data != plain.ground.data);       // some panorama is shifted
    QVERIFY(both.satellite.data != plain.satellite.data); // some tile is turned
    QVERIFY(load("all", LoadedSides::Ground, true).ground.data == both.ground.data);
    QVERIFY(load("all", LoadedSides::Satellite, true).satellite.data == both.satellite.data);
    // Pairs 2 and 3 loaded alone from their position in the split: the same draws.
    const size_t half = both.ground.data.size() / 2;
    const std::vector<float> lastGround(both.ground.data.begin() + half, both.ground.data.end());
    QVERIFY(load("late", LoadedSides::Ground, true, 2).ground.data == lastGround);
    QVERIFY(load("late", LoadedSides::Ground, true, 0).ground.data != lastGround);
}

void TestVigorExtractShards::randomOrientationPartsJoin() {
    if (!QFile::exists(part(3) + "/descriptors.json"))
        QSKIP("needs the parts of partsEqualTheRunsOwnEvaluation");
    // The run's own evaluation turned by seed 7, and the same in two parts.
    CliResult r = runCli({"eval", "--run", mRun, "--vigor", QString::fromStdString(mWorld.root),
                          "--random-orientation", "7", "--geo", "10,40", "--json"});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    const QJsonObject whole = QJsonDocument::fromJson(r.out.toUtf8()).object();
    const QString descriptors = whole["descriptors"].toString();
    QVERIFY2(descriptors.contains("random-orientation"), qPrintable(descriptors));
    const QueryGalleryDescriptors saved = QueryGalleryDescriptors::load(descriptors.toStdString());
    QCOMPARE(saved.provenance.inputs, std::string("random orientation, seed 7"));
    QStringList parts;
    for (int k = 1; k <= 2; ++k) {
        parts << mDir.filePath(QString("turned%1").arg(k));
        r = extract(mRun, parts.back(),
                    {"--shard", QString("%1/2").arg(k), "--random-orientation", "7"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    }
    Feedback feedback;
    const VigorDescriptorSet joined =
        VigorDescriptorShards::load({parts[0].toStdString(), parts[1].toStdString()}, feedback);
    QVERIFY(cv::norm(joined.ground, saved.queries, cv::NORM_INF) == 0);
    QVERIFY(cv::norm(joined.satellite, saved.gallery, cv::NORM_INF) == 0);
    // Turned, the descriptors are not the upright ones.
    const VigorDescriptorSet upright = VigorDescriptorShards::load(
        {part(1).toStdString(), part(2).toStdString(), part(3).toStdString()}, feedback);
    QVERIFY(cv::norm(upright.ground, joined.ground, cv::NORM_INF) > 0);
    QVERIFY(cv::norm(upright.satellite, joined.satellite, cv::NORM_INF) > 0);
}

QTEST_GUILESS_MAIN(TestVigorExtractShards)
#include "tst_vigorextractshards.moc"
