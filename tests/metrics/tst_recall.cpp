#include "common/error.h"
#include "metrics/recall.h"

#include <QtTest>

#include <cmath>

using namespace orinet;
using namespace orinet::metrics;

class TestRecall : public QObject {
    Q_OBJECT
private slots:
    void recallAtKCounts();
    void onePercentEdge_data();
    void onePercentEdge();
    void curveIsCumulative();
    void meanAndMedian();
    void emptyThrows();
};

void TestRecall::recallAtKCounts() {
    const TrueMatchRanks ranks = {0, 0, 1, 4, 9, 10};
    QCOMPARE(recallAtK(ranks, 1), 2.0 / 6);
    QCOMPARE(recallAtK(ranks, 5), 4.0 / 6);
    QCOMPARE(recallAtK(ranks, 10), 5.0 / 6);
    QCOMPARE(recallAtK(ranks, 11), 1.0);
}

void TestRecall::onePercentEdge_data() {
    QTest::addColumn<qint64>("gallery");
    QTest::addColumn<qint64>("original");
    QTest::addColumn<qint64>("strict");
    // floor(0.01·N) + 1 and floor(N/100)
    QTest::newRow("N=99") << qint64(99) << qint64(1) << qint64(0);
    QTest::newRow("N=100") << qint64(100) << qint64(2) << qint64(1);
    QTest::newRow("N=199") << qint64(199) << qint64(2) << qint64(1);
    QTest::newRow("N=8884") << qint64(8884) << qint64(89) << qint64(88);
    QTest::newRow("N=92802") << qint64(92802) << qint64(929) << qint64(928);
}

void TestRecall::onePercentEdge() {
    QFETCH(qint64, gallery);
    QFETCH(qint64, original);
    QFETCH(qint64, strict);
    QCOMPARE(onePercentThreshold(gallery, OnePercentVariant::Original), original);
    QCOMPARE(onePercentThreshold(gallery, OnePercentVariant::Strict), strict);
    // A query with exactly `original - 1` items nearer counts for the original variant only.
    const TrueMatchRanks atEdge = {original - 1};
    QCOMPARE(recallAtOnePercent(atEdge, gallery, OnePercentVariant::Original), 1.0);
    QCOMPARE(recallAtOnePercent(atEdge, gallery, OnePercentVariant::Strict), 0.0);
    const TrueMatchRanks beyond = {original};
    QCOMPARE(recallAtOnePercent(beyond, gallery, OnePercentVariant::Original), 0.0);
}

void TestRecall::curveIsCumulative() {
    const TrueMatchRanks ranks = {3, 0, 2, 2, 7, 100};
    const std::vector<double> curve = recallCurve(ranks, 10);
    QCOMPARE(curve.size(), size_t(10));
    for (int64_t k = 1; k <= 10; ++k)
        QCOMPARE(curve[static_cast<size_t>(k - 1)], recallAtK(ranks, k));
    QCOMPARE(curve[0], 1.0 / 6);
    QCOMPARE(curve[2], 3.0 / 6);
}

void TestRecall::meanAndMedian() {
    QCOMPARE(meanRank({0, 1, 2, 5}), (1 + 2 + 3 + 6) / 4.0);
    QCOMPARE(medianRank({0, 1, 2, 5}), 2.5);
    QCOMPARE(medianRank({9, 0, 4}), 5.0);
}

void TestRecall::emptyThrows() {
    QVERIFY_THROWS_EXCEPTION(orinet::Error, recallAtK({}, 1));
    QVERIFY_THROWS_EXCEPTION(orinet::Error, recallCurve({}, 5));
    QVERIFY_THROWS_EXCEPTION(orinet::Error, meanRank({}));
}

QTEST_APPLESS_MAIN(TestRecall)
#include "tst_recall.moc"
