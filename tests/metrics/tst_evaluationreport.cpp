#include "common/error.h"
#include "metrics/evaluationreport.h"

#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>

using namespace orinet;
using namespace orinet::metrics;

class TestEvaluationReport : public QObject {
    Q_OBJECT
private slots:
    void computeFromRanks();
    void approximateRanksLeaveUnknownsNaN();
    void saveAndLoadRoundTrip();
    void badFiles();
    void directionNames();

private:
    QTemporaryDir mDir;
};

void TestEvaluationReport::computeFromRanks() {
    // 100 queries in a gallery of 100: rank i % 4 → r@1 25 %, r@1% (< 2) 50 %, strict (< 1) 25 %
    TrueMatchRanks ranks(100);
    for (size_t i = 0; i < ranks.size(); ++i)
        ranks[i] = static_cast<int64_t>(i % 4);
    EvaluationReport r;
    r.computeFromRanks(ranks, 100, 10);
    QCOMPARE(r.queryCount, int64_t(100));
    QCOMPARE(r.recall.size(), size_t(10));
    QCOMPARE(r.recallAt(1), 0.25);
    QCOMPARE(r.recallAt(2), 0.5);
    QCOMPARE(r.recallAt(4), 1.0);
    QVERIFY(std::isnan(r.recallAt(11)));
    QCOMPARE(r.recallOnePercent, 0.5);
    QCOMPARE(r.recallOnePercentStrict, 0.25);
    QCOMPARE(r.meanRank, 2.5);
    QCOMPARE(r.medianRank, 2.5);
}

void TestEvaluationReport::approximateRanksLeaveUnknownsNaN() {
    // gallery 1000: 1% threshold 11 > the 5 retrieved, so recall@1% is unknown
    const TrueMatchRanks ranks = {0, 5, 2, 5};
    EvaluationReport r;
    r.computeFromRanks(ranks, 1000, 8, /*ranksExact=*/false, /*retrieved=*/5);
    QCOMPARE(r.recallAt(1), 0.25);
    QCOMPARE(r.recallAt(5), 0.5);
    QVERIFY(std::isnan(r.recallAt(6)));
    QVERIFY(std::isnan(r.recallOnePercent));
    QVERIFY(std::isnan(r.meanRank));
}

void TestEvaluationReport::saveAndLoadRoundTrip() {
    EvaluationReport r;
    r.direction = Direction::SatelliteToGround;
    r.backend = "blocked";
    r.provenance.split = "val";
    r.provenance.checkpoint = "runs/a/checkpoints/best.ckpt";
    r.provenance.checkpointKind = "best";
    r.provenance.epoch = 4;
    r.provenance.step = 340;
    r.provenance.normalization = "original";
    r.computeFromRanks({0, 3, 1}, 3, 3);
    r.geo.push_back({5.0, {0.5, 1.0, 1.0}});
    r.ids = {"a", "b,c", "d"};
    r.nearest = {0, 2, 0};
    r.nearestScore = {0.9f, 0.8f, 0.5f};
    const QString dir = mDir.filePath("res");
    r.save(dir.toStdString());
    const EvaluationReport back =
        EvaluationReport::loadJson((dir + "/eval_s2g.json").toStdString());
    QVERIFY(back.direction == Direction::SatelliteToGround);
    QCOMPARE(back.recall, r.recall);
    QCOMPARE(back.ranks, r.ranks);
    QCOMPARE(back.recallOnePercent, r.recallOnePercent);
    QCOMPARE(back.geo.size(), size_t(1));
    QCOMPARE(back.geo[0].curve, r.geo[0].curve);
    QCOMPARE(back.ids, r.ids);
    QCOMPARE(back.provenance.toJson(), r.provenance.toJson());

    QFile csv(dir + "/recall_s2g.csv");
    QVERIFY(csv.open(QIODevice::ReadOnly));
    const QStringList lines = QString::fromUtf8(csv.readAll()).trimmed().split('\n');
    QCOMPARE(lines.size(), 4);
    QCOMPARE(lines[0], QString("k,recall,geo_recall_5.000000m"));
    QCOMPARE(lines[1], QString("1,%1,0.500000").arg(r.recall[0], 0, 'f', 6));
    QFile ranks(dir + "/ranks_s2g.csv");
    QVERIFY(ranks.open(QIODevice::ReadOnly));
    const QStringList rankLines = QString::fromUtf8(ranks.readAll()).trimmed().split('\n');
    QCOMPARE(rankLines.size(), 4);
    QCOMPARE(rankLines[2], QString("1,\"b,c\",3,2,0.800000"));
}

void TestEvaluationReport::badFiles() {
    const QString path = mDir.filePath("bad.json");
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("{\"format\": \"orinet-evaluation\", \"recall_at\": [0.1,");
    f.close();
    try {
        EvaluationReport::loadJson(path.toStdString());
        QFAIL("truncated JSON accepted");
    } catch (const orinet::Error& e) {
        QVERIFY2(QString(e.what()).contains("bad.json"), e.what());
    }
    QFile g(mDir.filePath("other.json"));
    QVERIFY(g.open(QIODevice::WriteOnly));
    g.write("{\"recall_at\": [0.1]}");
    g.close();
    QVERIFY_THROWS_EXCEPTION(orinet::Error,
                             EvaluationReport::loadJson(mDir.filePath("other.json").toStdString()));
}

void TestEvaluationReport::directionNames() {
    // The names are those of results files, their JSON and `orinet eval --direction`.
    QCOMPARE(toString(Direction::GroundToSatellite), std::string("g2s"));
    QCOMPARE(toString(Direction::SatelliteToGround), std::string("s2g"));
    for (Direction d : {Direction::GroundToSatellite, Direction::SatelliteToGround})
        QVERIFY(fromString<Direction>(toString(d)) == d);
    QVERIFY(queriesAreGround(Direction::GroundToSatellite));
    QVERIFY(!queriesAreGround(Direction::SatelliteToGround));
    QCOMPARE(EvaluationReport::jsonFileName(Direction::SatelliteToGround),
             std::string("eval_s2g.json"));
    QVERIFY_THROWS_EXCEPTION(orinet::Error, fromString<Direction>("G2S"));
    // A results file with an unknown direction is refused, naming the file.
    const QString path = mDir.filePath("sideways.json");
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("{\"format\": \"orinet-evaluation\", \"direction\": \"sideways\", "
            "\"recall_at\": [0.5]}");
    f.close();
    try {
        EvaluationReport::loadJson(path.toStdString());
        QFAIL("unknown direction accepted");
    } catch (const orinet::Error& e) {
        QVERIFY2(QString(e.what()).contains("sideways.json") &&
                     QString(e.what()).contains("unknown direction"),
                 e.what());
    }
}

QTEST_APPLESS_MAIN(TestEvaluationReport)
#include "tst_evaluationreport.moc"
