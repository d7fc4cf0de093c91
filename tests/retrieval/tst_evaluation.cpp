#include "common/error.h"
#include "common/feedback.h"
#include "retrieval/descriptorset.h"
#include "retrieval/evaluation.h"

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
};

void TestEvaluation::bothDirectionsHandChecked_data() {
    QTest::addColumn<QString>("backend");
    QTest::newRow("blocked") << "blocked";
    QTest::newRow("faiss-flat") << "faiss-flat";
}

void TestEvaluation::bothDirectionsHandChecked() {
    QFETCH(QString, backend);
    EvaluationOptions options;
    options.backend = retrievalBackendFromString(backend.toStdString());
    options.top = 3;
    Feedback feedback;
    // g2s: g0·S = (0.5, 0.75, 0.25) → 1 nearer; g1·S = (0.25, 0.5, 0.25) → 0;
    //      g2·S = (0.375, 0.625, 0.25) → 2.
    const auto g2s = Evaluation::run(threePairs(), options, {}, feedback);
    QCOMPARE(g2s.ranks, (metrics::TrueMatchRanks{1, 0, 2}));
    QCOMPARE(g2s.recall, (std::vector<double>{1.0 / 3, 2.0 / 3, 1.0}));
    QCOMPARE(g2s.nearest, (std::vector<int64_t>{1, 1, 1}));
    QCOMPARE(g2s.meanRank, 2.0);
    QCOMPARE(g2s.direction, std::string("g2s"));
    // s2g: s0·G = (0.5, 0.25, 0.375) → 0; s1·G = (0.75, 0.5, 0.625) → 2;
    //      s2·G = (0.25, 0.25, 0.25) → 0 (ties with the true match do not count).
    options.direction = "s2g";
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
    EvaluationOptions sideways;
    sideways.direction = "sideways";
    QVERIFY_THROWS_EXCEPTION(orinet::Error, Evaluation::run(threePairs(), sideways, {}, feedback));
    const EvaluationOptions defaults;
    QVERIFY_THROWS_EXCEPTION(orinet::Error,
                             Evaluation::run(threePairs(), defaults, {{0, 0}}, feedback));
    EvaluationOptions negative;
    negative.geoMetres = {-5};
    QVERIFY_THROWS_EXCEPTION(
        orinet::Error, Evaluation::run(threePairs(), negative, {{0, 0}, {0, 0}, {0, 0}}, feedback));
    EvaluationOptions noTop;
    noTop.top = 0;
    QVERIFY_THROWS_EXCEPTION(orinet::Error, Evaluation::run(threePairs(), noTop, {}, feedback));
    const DescriptorSet empty;
    QVERIFY_THROWS_EXCEPTION(orinet::Error, Evaluation::run(empty, defaults, {}, feedback));
}

QTEST_APPLESS_MAIN(TestEvaluation)
#include "tst_evaluation.moc"
