#include "common/error.h"
#include "metrics/wilsoninterval.h"

#include <QtTest>

#include <cmath>

using namespace orinet;

class TestWilsonInterval : public QObject {
    Q_OBJECT
private slots:
    void publishedValues_data();
    void publishedValues();
    void mirrorsAndNarrows();
    void edges();
};

void TestWilsonInterval::publishedValues_data() {
    QTest::addColumn<qint64>("successes");
    QTest::addColumn<qint64>("trials");
    QTest::addColumn<double>("low");
    QTest::addColumn<double>("high");
    // Newcombe (1998), "Two-sided confidence intervals for the single proportion: comparison of
    // seven methods", Statistics in Medicine 17, Table II, method 3 (Wilson score, no continuity
    // correction), 95 %: printed to four decimals.
    QTest::newRow("81/263") << qint64(81) << qint64(263) << 0.2553 << 0.3662;
    QTest::newRow("15/148") << qint64(15) << qint64(148) << 0.0624 << 0.1605;
    QTest::newRow("0/20") << qint64(0) << qint64(20) << 0.0 << 0.1611;
    QTest::newRow("1/29") << qint64(1) << qint64(29) << 0.0061 << 0.1718;
}

void TestWilsonInterval::publishedValues() {
    QFETCH(qint64, successes);
    QFETCH(qint64, trials);
    QFETCH(double, low);
    QFETCH(double, high);
    const metrics::ProportionInterval i = metrics::wilsonInterval(successes, trials);
    QVERIFY2(std::abs(i.low - low) < 0.5e-4, qPrintable(QString::number(i.low, 'f', 6)));
    QVERIFY2(std::abs(i.high - high) < 0.5e-4, qPrintable(QString::number(i.high, 'f', 6)));
}

void TestWilsonInterval::mirrorsAndNarrows() {
    // Failures are successes of the complement: the interval of n - s mirrors that of s.
    for (int s = 0; s <= 40; s += 7) {
        const auto a = metrics::wilsonInterval(s, 40), b = metrics::wilsonInterval(40 - s, 40);
        QVERIFY(std::abs(a.low - (1 - b.high)) < 1e-12);
        QVERIFY(std::abs(a.high - (1 - b.low)) < 1e-12);
        const double p = s / 40.0;
        QVERIFY(a.low <= p && p <= a.high);
    }
    // Four times the trials at the same share: about half the width.
    const auto small = metrics::wilsonInterval(30, 100), large = metrics::wilsonInterval(120, 400);
    const double ratio = (large.high - large.low) / (small.high - small.low);
    QVERIFY2(ratio > 0.48 && ratio < 0.52, qPrintable(QString::number(ratio)));
    // A wider quantile (99 %: z = 2.5758) gives a wider interval.
    const auto wide = metrics::wilsonInterval(30, 100, 2.5758293035489);
    QVERIFY(wide.low < small.low && wide.high > small.high);
}

void TestWilsonInterval::edges() {
    // All successes: the upper bound is exactly 1, the lower n / (n + z²).
    const auto all = metrics::wilsonInterval(300, 300);
    QCOMPARE(all.high, 1.0);
    const double z = 1.959963984540054;
    QVERIFY(std::abs(all.low - 300 / (300 + z * z)) < 1e-12);
    const auto none = metrics::wilsonInterval(0, 0);
    QCOMPARE(none.low, 0.0);
    QCOMPARE(none.high, 1.0);
    QVERIFY_THROWS_EXCEPTION(Error, metrics::wilsonInterval(5, 4));
    QVERIFY_THROWS_EXCEPTION(Error, metrics::wilsonInterval(-1, 4));
}

QTEST_APPLESS_MAIN(TestWilsonInterval)
#include "tst_wilsoninterval.moc"
