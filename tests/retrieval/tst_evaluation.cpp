#include "common/error.h"
#include "common/feedback.h"
#include "retrieval/descriptorset.h"
#include "retrieval/evaluation.h"

#include "randomdescriptors.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>
#include <opencv2/core.hpp>

using namespace orinet;

namespace {

// Three pairs with exactly representable inner products (see the expected ranks below).
DescriptorSet threePairs() {
    DescriptorSet s;
    s.ground = (cv::Mat_<float>(3, 2) << 1, 0, 0, 1, 0.5, 0.5);
    s.satellite = (cv::Mat_<float>(3, 2) << 0.5, 0.25, 0.75, 0.5, 0.25, 0.25);
    s.ids = {"a", "b", "c"};
    return s;
}

} // namespace

class TestEvaluation : public QObject {
    Q_OBJECT
private slots:
    void bothDirectionsHandChecked_data();
    void bothDirectionsHandChecked();
    void geoRecallFromPositions();
    void badOptions();
    void defaultTopReachesTheOnePercentThreshold();
};

void TestEvaluation::bothDirectionsHandChecked_data() {
    QTest::addColumn<QString>("backend");
    QTest::newRow("blocked") << "blocked";
    QTest::newRow("faiss-flat") << "faiss-flat";
}

void TestEvaluation::bothDirectionsHandChecked() {
    QFETCH(QString, backend);
    EvaluationOptions options;
    options.backend = fromString<RetrievalBackend>(backend.toStdString());
    options.top = 3;
    Feedback feedback;
    // g2s: g0·S = (0.5, 0.75, 0.25) → 1 nearer; g1·S = (0.25, 0.5, 0.25) → 0;
    //      g2·S = (0.375, 0.625, 0.25) → 2.
    const auto g2s = Evaluation::run(threePairs(), options, {}, feedback);
    QCOMPARE(g2s.ranks, (metrics::TrueMatchRanks{1, 0, 2}));
    QCOMPARE(g2s.recall, (std::vector<double>{1.0 / 3, 2.0 / 3, 1.0}));
    QCOMPARE(g2s.nearest, (std::vector<int64_t>{1, 1, 1}));
    QCOMPARE(g2s.meanRank, 2.0);
    QVERIFY(g2s.direction == metrics::Direction::GroundToSatellite);
    // s2g: s0·G = (0.5, 0.25, 0.375) → 0; s1·G = (0.75, 0.5, 0.625) → 2;
    //      s2·G = (0.25, 0.25, 0.25) → 0 (ties with the true match do not count).
    options.direction = metrics::Direction::SatelliteToGround;
    const auto s2g = Evaluation::run(threePairs(), options, {}, feedback);
    QCOMPARE(s2g.ranks, (metrics::TrueMatchRanks{0, 2, 0}));
    QCOMPARE(s2g.recall, (std::vector<double>{2.0 / 3, 2.0 / 3, 1.0}));
    // N = 3: floor(0.03) + 1 = 1 → rank 0 counts; strict threshold 0 → nothing counts.
    QCOMPARE(s2g.recallOnePercent, 2.0 / 3);
    QCOMPARE(s2g.recallOnePercentStrict, 0.0);
    QCOMPARE(s2g.ids, (std::vector<std::string>{"a", "b", "c"}));
}

void TestEvaluation::geoRecallFromPositions() {
    // Pair 1 sits 5 m from pair 0; pair 2 is 100 m away. Every g2s list is [1, 0, 2].
    const std::vector<UtmPosition> positions = {{0, 0}, {4, 3}, {100, 0}};
    EvaluationOptions options;
    options.top = 3;
    options.geoMetres = {1, 5};
    Feedback feedback;
    const auto r = Evaluation::run(threePairs(), options, positions, feedback);
    QCOMPARE(r.geo.size(), size_t(2));
    QCOMPARE(r.geo[0].metres, 1.0);
    QCOMPARE(r.geo[0].curve, r.recall); // within 1 m only the pair itself
    QCOMPARE(r.geo[1].curve, (std::vector<double>{2.0 / 3, 2.0 / 3, 1.0}));
}

void TestEvaluation::badOptions() {
    Feedback feedback;
    QVERIFY_THROWS_EXCEPTION(orinet::Error, fromString<metrics::Direction>("sideways"));
    const EvaluationOptions defaults;
    QVERIFY_THROWS_EXCEPTION(orinet::Error,
                             Evaluation::run(threePairs(), defaults, {{0, 0}}, feedback));
    EvaluationOptions negative;
    negative.geoMetres = {-5};
    QVERIFY_THROWS_EXCEPTION(
        orinet::Error, Evaluation::run(threePairs(), negative, {{0, 0}, {0, 0}, {0, 0}}, feedback));
    EvaluationOptions negativeTop;
    negativeTop.top = -1;
    QVERIFY_THROWS_EXCEPTION(orinet::Error,
                             Evaluation::run(threePairs(), negativeTop, {}, feedback));
    const DescriptorSet empty;
    QVERIFY_THROWS_EXCEPTION(orinet::Error, Evaluation::run(empty, defaults, {}, feedback));
}

void TestEvaluation::defaultTopReachesTheOnePercentThreshold() {
    QCOMPARE(Evaluation::defaultTop(50), int64_t{100});
    QCOMPARE(Evaluation::defaultTop(8884), int64_t{100}); // CVUSA, CVACT_val: threshold 89
    QCOMPARE(Evaluation::defaultTop(9999), int64_t{100});
    QCOMPARE(Evaluation::defaultTop(10000), int64_t{101});
    QCOMPARE(Evaluation::defaultTop(92802), int64_t{929}); // CVACT_test
    Feedback feedback;
    const EvaluationOptions defaults;
    QCOMPARE(defaults.top, int64_t{0}); // "the default": decided by the gallery
    // A gallery past 10,000 items: recall and geo-recall curves reach K = floor(N/100) + 1,
    // so the figures the summary names (r@1%, geo-recall at 1%) are on them.
    const int n = 12345;
    const DescriptorSet set = testing::randomDescriptorSet(n, 8, 7);
    std::vector<UtmPosition> positions;
    for (int i = 0; i < n; ++i)
        positions.push_back({3.0 * i, 0});
    const auto big = Evaluation::run(set, defaults, positions, feedback);
    const size_t k = 124; // floor(12345 / 100) + 1
    QCOMPARE(big.recall.size(), k);
    QCOMPARE(big.recallAt(124), big.recallOnePercent);
    QCOMPARE(big.geo.size(), size_t{2});
    for (const auto& g : big.geo)
        QCOMPARE(g.curve.size(), k);
    const auto json = [](const metrics::EvaluationReport& r) {
        return QJsonDocument::fromJson(QByteArray::fromStdString(r.toJson(false))).object();
    };
    const QJsonObject summary = json(big);
    QCOMPARE(summary["top"].toInt(), int(k));
    QCOMPARE(summary["geo"].toArray()[0].toObject()["r1_percent"].toDouble(),
             big.geo[0].curve[k - 1]);
    // An explicit top shorter than the threshold leaves geo-recall at 1 % unknown (null).
    EvaluationOptions shortTop;
    shortTop.top = 100;
    const auto cut = Evaluation::run(set, shortTop, positions, feedback);
    QCOMPARE(cut.recall.size(), size_t{100});
    QVERIFY(json(cut)["geo"].toArray()[0].toObject()["r1_percent"].isNull());
    // Small galleries: 100, or the whole gallery when it is smaller.
    QCOMPARE(Evaluation::run(testing::randomDescriptorSet(150, 8, 1), defaults, {}, feedback)
                 .recall.size(),
             size_t{100});
    QCOMPARE(Evaluation::run(testing::randomDescriptorSet(50, 8, 1), defaults, {}, feedback)
                 .recall.size(),
             size_t{50});
}

QTEST_APPLESS_MAIN(TestEvaluation)
#include "tst_evaluation.moc"
