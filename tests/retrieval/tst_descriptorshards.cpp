#include "common/error.h"
#include "common/feedback.h"
#include "randomdescriptors.h"
#include "retrieval/descriptorshard.h"
#include "retrieval/descriptorshards.h"
#include "retrieval/evaluation.h"

#include <QFile>
#include <QTemporaryDir>
#include <QtTest>
#include <opencv2/core.hpp>

#include <functional>

using namespace orinet;

namespace {

DescriptorSet randomSet(int n, int d, uint64_t seed) {
    DescriptorSet s = testing::randomDescriptorSet(n, d, seed);
    s.provenance.split = "val";
    s.provenance.checkpoint = "/machine-a/run/checkpoints/last.ckpt";
    s.provenance.checkpointKind = "last";
    s.provenance.epoch = 7;
    s.provenance.step = 595;
    s.provenance.normalization = "original";
    s.provenance.preset = "tiny";
    return s;
}

//! Part `index` of `count` of `whole`, as the extractor makes it with batches of `batch`.
DescriptorSet partOf(const DescriptorSet& whole, int batch, int index, int count,
                     const std::string& weights = "xxh3:00000000000000aa") {
    const DescriptorShard::Range r = DescriptorShard::rows(whole.ground.rows, batch, index, count);
    DescriptorSet part;
    part.ground = whole.ground.rowRange(int(r.begin), int(r.end)).clone();
    part.satellite = whole.satellite.rowRange(int(r.begin), int(r.end)).clone();
    part.ids.assign(whole.ids.begin() + r.begin, whole.ids.begin() + r.end);
    part.provenance = whole.provenance;
    part.shard.index = index;
    part.shard.count = count;
    part.shard.first = r.begin;
    part.shard.splitPairs = whole.ground.rows;
    part.shard.splitIds = DescriptorShard::fingerprint(whole.ids);
    part.shard.weights = weights;
    return part;
}

void expectError(const std::function<void()>& f, const QStringList& fragments) {
    try {
        f();
        QFAIL(qPrintable("no error, expected one mentioning " + fragments.join(", ")));
    } catch (const Error& e) {
        for (const QString& fragment : fragments)
            QVERIFY2(QString(e.what()).contains(fragment), e.what());
    }
}

bool sameMatrix(const cv::Mat& a, const cv::Mat& b) {
    return a.size() == b.size() && a.type() == b.type() && cv::norm(a, b, cv::NORM_INF) == 0;
}

} // namespace

//! Parts of a split extracted on several machines (`orinet extract --shard K/N`) and read back
//! as one set, with everything that could make them not one set refused.
class TestDescriptorShards : public QObject {
    Q_OBJECT
private slots:
    void parseShard();
    void partitionIsDisjointCoveringAndBatchAligned();
    void partitionRefusesMorePartsThanBatches();
    void shardSurvivesSaveAndLoad();
    void joinsPartsGivenInAnyOrder();
    void wholeSetPassesThrough();
    void refusesPartsThatDoNotMakeOneSet();
    void evaluationRefusesALonePart();

private:
    QTemporaryDir mDir;
    Feedback mFeedback;
};

void TestDescriptorShards::parseShard() {
    const DescriptorShard s = DescriptorShard::parse("2/4");
    QCOMPARE(s.index, 2);
    QCOMPARE(s.count, 4);
    QVERIFY(s.isPart());
    QVERIFY(!DescriptorShard().isPart());
    for (const char* bad : {"0/4", "5/4", "2", "a/b", "/4", "2/", "-1/4", "2/4/1", ""})
        expectError([&] { DescriptorShard::parse(bad); }, {"--shard"});
}

void TestDescriptorShards::partitionIsDisjointCoveringAndBatchAligned() {
    for (const int pairs : {1, 7, 25, 100, 8884})
        for (const int batch : {1, 2, 6, 32})
            for (const int count : {1, 2, 3, 7}) {
                int64_t expectedBegin = 0, smallest = pairs, largest = 0;
                const int64_t batches = (pairs + batch - 1) / batch;
                if (batches < count)
                    continue;
                for (int k = 1; k <= count; ++k) {
                    const auto r = DescriptorShard::rows(pairs, batch, k, count);
                    const QString where = QString("%1 pairs, batch %2, part %3/%4")
                                              .arg(pairs)
                                              .arg(batch)
                                              .arg(k)
                                              .arg(count);
                    QVERIFY2(r.begin == expectedBegin, qPrintable(where)); // contiguous
                    QVERIFY2(r.end > r.begin, qPrintable(where));
                    QVERIFY2(r.begin % batch == 0, qPrintable(where)); // whole batches
                    // every part but the last is whole batches; the last ends with the
                    // split's last batch, whatever its size (a single pair runs alone)
                    if (k < count)
                        QVERIFY2((r.end - r.begin) % batch == 0, qPrintable(where));
                    else
                        QVERIFY2((r.end - r.begin - 1) % batch + 1 ==
                                     (pairs % batch == 0 ? batch : pairs % batch),
                                 qPrintable(where));
                    smallest = std::min(smallest, r.end - r.begin);
                    largest = std::max(largest, r.end - r.begin);
                    expectedBegin = r.end;
                }
                QCOMPARE(expectedBegin, int64_t(pairs));  // covers the split
                QVERIFY(largest - smallest <= 2 * batch); // balanced to a batch or so
            }
    // 25 pairs in batches of 6: 6 6 6 6 1, five batches, the last pair a batch of its own as
    // the extractor runs it: five parts give it a part alone.
    const auto last = DescriptorShard::rows(25, 6, 5, 5);
    QCOMPARE(last.begin, int64_t(24));
    QCOMPARE(last.end, int64_t(25));
    const auto fourth = DescriptorShard::rows(25, 6, 4, 4);
    QCOMPARE(fourth.begin, int64_t(18));
    QCOMPARE(fourth.end, int64_t(25));
}

void TestDescriptorShards::partitionRefusesMorePartsThanBatches() {
    expectError([] { DescriptorShard::rows(25, 6, 1, 6); }, {"25 pairs", "5 batches", "at most 5"});
    expectError([] { DescriptorShard::rows(25, 6, 6, 5); }, {"6/5"});
}

void TestDescriptorShards::shardSurvivesSaveAndLoad() {
    const DescriptorSet whole = randomSet(30, 16, 1);
    const DescriptorSet part = partOf(whole, 4, 2, 3);
    const std::string dir = mDir.filePath("roundtrip").toStdString();
    part.save(dir);
    const DescriptorSet back = DescriptorSet::load(dir);
    QCOMPARE(back.shard.index, 2);
    QCOMPARE(back.shard.count, 3);
    QCOMPARE(back.shard.first, part.shard.first);
    QCOMPARE(back.shard.splitPairs, int64_t(30));
    QCOMPARE(back.shard.splitIds, part.shard.splitIds);
    QCOMPARE(back.shard.weights, part.shard.weights);
    QCOMPARE(back.shard.label(back.ground.rows),
             std::string("shard 2/3 (pairs 8-19 of 30)")); // 8 batches of 4 (the last of 2)
    // A whole set writes no "shard" (files of older versions read as whole sets).
    const std::string wholeDir = mDir.filePath("whole").toStdString();
    whole.save(wholeDir);
    QFile meta(QString::fromStdString(wholeDir + "/descriptors.json"));
    QVERIFY(meta.open(QIODevice::ReadOnly));
    QVERIFY(!meta.readAll().contains("shard"));
    QVERIFY(!DescriptorSet::load(wholeDir).shard.isPart());
    // A part that claims more pairs than its split has is damaged.
    DescriptorSet bad = part;
    bad.shard.first = 25;
    expectError([&] { bad.save(mDir.filePath("bad").toStdString()); }, {"cannot start at pair 25"});
}

void TestDescriptorShards::joinsPartsGivenInAnyOrder() {
    const DescriptorSet whole = randomSet(103, 24, 2);
    std::vector<std::string> folders;
    for (int k : {3, 1, 4, 2}) {
        DescriptorSet part = partOf(whole, 8, k, 4);
        // another machine, another path: the weights decide, not the path
        part.provenance.checkpoint = "/machine-" + std::to_string(k) + "/last.ckpt";
        folders.push_back(mDir.filePath("join/part" + QString::number(k)).toStdString());
        part.save(folders.back());
    }
    const DescriptorSet joined = DescriptorShards::load(folders, mFeedback);
    QVERIFY(sameMatrix(joined.ground, whole.ground));
    QVERIFY(sameMatrix(joined.satellite, whole.satellite));
    QVERIFY(joined.ids == whole.ids);
    QVERIFY(!joined.shard.isPart());
    QCOMPARE(joined.provenance.split, std::string("val"));
    QCOMPARE(joined.provenance.epoch, 7);
    QCOMPARE(joined.provenance.checkpoint, std::string("/machine-3/last.ckpt"));
    // The joined set is an ordinary set: it saves and evaluates as one.
    EvaluationOptions options;
    options.top = 5;
    const auto report = Evaluation::run(joined, options, {}, mFeedback);
    QCOMPARE(report.queryCount, int64_t(103));
}

void TestDescriptorShards::wholeSetPassesThrough() {
    const DescriptorSet whole = randomSet(12, 8, 3);
    const std::string dir = mDir.filePath("single").toStdString();
    whole.save(dir);
    const DescriptorSet back = DescriptorShards::load({dir}, mFeedback);
    QVERIFY(sameMatrix(back.ground, whole.ground));
    QVERIFY(back.ids == whole.ids);
}

void TestDescriptorShards::refusesPartsThatDoNotMakeOneSet() {
    const DescriptorSet whole = randomSet(60, 8, 4);
    const auto save = [&](const DescriptorSet& part, const QString& name) {
        const std::string dir = mDir.filePath("bad/" + name).toStdString();
        part.save(dir);
        return dir;
    };
    const std::string p1 = save(partOf(whole, 5, 1, 3), "p1");
    const std::string p2 = save(partOf(whole, 5, 2, 3), "p2");
    const std::string p3 = save(partOf(whole, 5, 3, 3), "p3");
    QCOMPARE(DescriptorShards::load({p1, p2, p3}, mFeedback).ground.rows, 60);

    // missing parts: named, with the pairs they would hold
    expectError(
        [&] {
            DescriptorShards::load({p1, p3}, mFeedback);
        },
        {"split 'val' (60 pairs)", "part 2 of 3 missing", "pairs 20-39", "p1 (1/3)"});
    expectError([&] { DescriptorShards::load({p2}, mFeedback); },
                {"parts 1, 3 of 3 missing", "pairs 0-19, pairs 40-59"});
    // a part given twice
    expectError(
        [&] {
            DescriptorShards::load({p1, p2, p2, p3}, mFeedback);
        },
        {"p2", "shard 2/3 again"});
    // parts cut with another batch size overlap (or leave gaps)
    const std::string q2 = save(partOf(whole, 7, 2, 3), "q2"); // pairs 21-41
    expectError(
        [&] {
            DescriptorShards::load({p1, q2, p3}, mFeedback);
        },
        {"q2", "overlap", "--batch"});
    const std::string r2 = save(partOf(whole, 4, 2, 3), "r2"); // pairs 20-39 too
    const std::string r3 = save(partOf(whole, 4, 3, 3), "r3"); // pairs 40-59
    QCOMPARE(DescriptorShards::load({p1, r2, r3}, mFeedback).ground.rows, 60);
    const std::string s1 = save(partOf(whole, 6, 1, 3), "s1"); // pairs 0-17
    expectError(
        [&] {
            DescriptorShards::load({s1, p2, p3}, mFeedback);
        },
        {"pairs 18-19 are in no part"});
    // another checkpoint, other weights, another BatchNorm mode, another split or dataset
    DescriptorSet other = partOf(whole, 5, 2, 3);
    other.provenance.epoch = 8;
    other.provenance.step = 680;
    expectError(
        [&] {
            DescriptorShards::load({p1, save(other, "epoch"), p3}, mFeedback);
        },
        {"epoch", "another checkpoint", "step 680", "step 595"});
    other = partOf(whole, 5, 2, 3, "xxh3:00000000000000bb");
    expectError(
        [&] {
            DescriptorShards::load({p1, save(other, "weights"), p3}, mFeedback);
        },
        {"weights", "other weights", "xxh3:00000000000000bb"});
    other = partOf(whole, 5, 2, 3);
    other.provenance.normalization = "running";
    expectError(
        [&] {
            DescriptorShards::load({p1, save(other, "bn"), p3}, mFeedback);
        },
        {"BatchNorm mode", "running"});
    DescriptorSet renamed = whole;
    renamed.ids[45] = "pano_other";
    expectError(
        [&] {
            DescriptorShards::load({p1, p2, save(partOf(renamed, 5, 3, 3), "ids")}, mFeedback);
        },
        {"ids", "other pairs"});
    // ids that do not match the fingerprint the parts agree on (a part edited by hand)
    DescriptorSet edited = partOf(whole, 5, 2, 3);
    std::swap(edited.ids[0], edited.ids[1]);
    expectError(
        [&] {
            DescriptorShards::load({p1, save(edited, "edited"), p3}, mFeedback);
        },
        {"joined ids are not the split's ids"});
    // a whole set among parts
    const std::string wholeDir = save(whole, "whole");
    expectError(
        [&] {
            DescriptorShards::load({p1, wholeDir}, mFeedback);
        },
        {"whole", "is a whole descriptor set"});
}

void TestDescriptorShards::evaluationRefusesALonePart() {
    const DescriptorSet whole = randomSet(40, 8, 5);
    const DescriptorSet part = partOf(whole, 4, 1, 2);
    expectError([&] { Evaluation::run(part, EvaluationOptions(), {}, mFeedback); },
                {"shard 1/2 (pairs 0-19 of 40)", "evaluate all parts together"});
    // a single part of one is the whole split
    EvaluationOptions options;
    options.top = 3;
    QCOMPARE(Evaluation::run(partOf(whole, 4, 1, 1), options, {}, mFeedback).queryCount,
             int64_t(40));
}

QTEST_GUILESS_MAIN(TestDescriptorShards)
#include "tst_descriptorshards.moc"
