#include "common/error.h"
#include "training/tripletloss.h"

#include <QtTest>
#include <opencv2/core.hpp>

#include <cmath>

using namespace orinet;

namespace {

cv::Mat unitRows(int rows, int cols, uint64_t seed) {
    cv::RNG rng(seed);
    cv::Mat m(rows, cols, CV_64F);
    rng.fill(m, cv::RNG::NORMAL, 0, 1);
    for (int i = 0; i < rows; ++i)
        m.row(i) /= cv::norm(m.row(i));
    return m;
}

//! The loss written out with plain loops, straight from docs/model.md, "Loss".
double reference(const cv::Mat& s, const cv::Mat& g, double alpha,
                 const std::vector<double>& easting = {}, const std::vector<double>& northing = {},
                 double radius = 25) {
    const int b = s.rows;
    std::vector<std::vector<double>> dist(b, std::vector<double>(b));
    for (int i = 0; i < b; ++i)
        for (int j = 0; j < b; ++j)
            dist[i][j] = 2 - 2 * s.row(i).dot(g.row(j));
    auto softplus = [](double x) { return std::log1p(std::exp(x)); };
    double g2s = 0, s2g = 0, count = 0;
    for (int i = 0; i < b; ++i)
        for (int j = 0; j < b; ++j) {
            if (!easting.empty()) {
                const double de = easting[i] - easting[j], dn = northing[i] - northing[j];
                if (de * de + dn * dn < radius * radius)
                    continue;
            }
            g2s += softplus(alpha * (dist[j][j] - dist[i][j]));
            s2g += softplus(alpha * (dist[i][i] - dist[i][j]));
            count += 1;
        }
    if (easting.empty())
        count = b * (b - 1.0);
    return count == 0 ? 0.0 : (g2s / count + s2g / count) / 2;
}

//! The released CVACT compute_loss written out with plain loops: masked pairs keep their
//! place with a zero argument (log 2 each), the sums divided by the number of useful pairs.
double releasedReference(const cv::Mat& s, const cv::Mat& g, double alpha,
                         const std::vector<double>& easting, const std::vector<double>& northing,
                         double radius = 25) {
    const int b = s.rows;
    double g2s = 0, s2g = 0, useful = 0;
    for (int i = 0; i < b; ++i)
        for (int j = 0; j < b; ++j) {
            const double de = easting[i] - easting[j], dn = northing[i] - northing[j];
            const double keep = de * de + dn * dn >= radius * radius ? 1 : 0;
            const double dij = 2 - 2 * s.row(i).dot(g.row(j));
            const double djj = 2 - 2 * s.row(j).dot(g.row(j));
            const double dii = 2 - 2 * s.row(i).dot(g.row(i));
            g2s += std::log(1 + std::exp(alpha * (djj - dij) * keep));
            s2g += std::log(1 + std::exp(alpha * (dii - dij) * keep));
            useful += keep;
        }
    return (g2s / useful + s2g / useful) / 2;
}

} // namespace

class TestTripletLoss : public QObject {
    Q_OBJECT
private slots:
    void matchesHandComputedValues_data();
    void matchesHandComputedValues();
    void cvactVariantMasksNearbyPairs();
    void perfectMatchesGiveSmallLoss();
    void largeMarginsStayFinite();
    void rejectsBadInput();
    void releasedValueCountsMaskedPairsAsLog2();
};

void TestTripletLoss::matchesHandComputedValues_data() {
    QTest::addColumn<int>("batch");
    QTest::addColumn<double>("alpha");
    QTest::newRow("B=2 alpha=10") << 2 << 10.0;
    QTest::newRow("B=5 alpha=10") << 5 << 10.0;
    QTest::newRow("B=12 alpha=10") << 12 << 10.0;
    QTest::newRow("B=6 alpha=3") << 6 << 3.0;
}

void TestTripletLoss::matchesHandComputedValues() {
    QFETCH(int, batch);
    QFETCH(double, alpha);
    const cv::Mat s = unitRows(batch, 16, 1 + batch), g = unitRows(batch, 16, 100 + batch);
    const double expected = reference(s, g, alpha);
    TripletLossOptions o;
    o.alpha = alpha;
    QVERIFY(std::abs(tripletLoss(s, g, o) - expected) < 1e-12);
    // Float input gives the same value to float precision.
    cv::Mat sf, gf;
    s.convertTo(sf, CV_32F);
    g.convertTo(gf, CV_32F);
    QVERIFY(std::abs(tripletLoss(sf, gf, o) - expected) < 1e-5);
}

void TestTripletLoss::cvactVariantMasksNearbyPairs() {
    const cv::Mat s = unitRows(6, 8, 3), g = unitRows(6, 8, 4);
    // Pairs 0/1 are 10 m apart and 2/3 exactly 25 m (not nearer than 25 m: kept).
    const std::vector<double> e = {0, 6, 100, 100, 300, 1000};
    const std::vector<double> n = {0, 8, 0, 25, 0, 1000};
    const double expected = reference(s, g, 10, e, n);
    const double plain = reference(s, g, 10);
    const double got = tripletLoss(s, g, {}, e, n);
    QVERIFY(std::abs(got - expected) < 1e-12);
    QVERIFY(std::abs(got - plain) > 1e-3);
    // A larger radius masks more.
    TripletLossOptions wide;
    wide.excludeRadius = 150;
    QVERIFY(std::abs(tripletLoss(s, g, wide, e, n) - reference(s, g, 10, e, n, 150)) < 1e-12);
    // All in one place: nothing is a negative, the loss is 0.
    QCOMPARE(tripletLoss(s, g, {}, std::vector<double>(6, 5.0), std::vector<double>(6, 7.0)), 0.0);
}

void TestTripletLoss::perfectMatchesGiveSmallLoss() {
    // Orthonormal rows, ground == satellite: positives at distance 0, negatives at 2.
    const cv::Mat s = cv::Mat::eye(4, 8, CV_64F);
    const double loss = tripletLoss(s, s);
    // Only the diagonal's constant softplus(0) = log 2 remains (plus e^-20 terms).
    QVERIFY(std::abs(loss - std::log(2.0) / 3.0) < 1e-7);
    QVERIFY(loss < tripletLoss(s, unitRows(4, 8, 9)));
}

void TestTripletLoss::largeMarginsStayFinite() {
    const cv::Mat s = unitRows(5, 8, 5), g = unitRows(5, 8, 6);
    TripletLossOptions o;
    o.alpha = 1e5; // e^(alpha*margin) would overflow a double by far
    const double loss = tripletLoss(s, g, o);
    QVERIFY(std::isfinite(loss));
    // softplus(x) -> max(x, 0) for large |x|; the diagonal keeps softplus(0) = log 2.
    double expected = 5 * 2 * std::log(2.0);
    for (int i = 0; i < 5; ++i)
        for (int j = 0; j < 5; ++j) {
            if (i == j)
                continue;
            const double dij = 2 - 2 * s.row(i).dot(g.row(j));
            const double djj = 2 - 2 * s.row(j).dot(g.row(j));
            const double dii = 2 - 2 * s.row(i).dot(g.row(i));
            expected += std::max(o.alpha * (djj - dij), 0.0) + std::max(o.alpha * (dii - dij), 0.0);
        }
    expected /= 2 * 5 * 4;
    QVERIFY(std::abs(loss - expected) / expected < 1e-9);
}

void TestTripletLoss::rejectsBadInput() {
    QVERIFY_THROWS_EXCEPTION(Error, tripletLoss(unitRows(3, 4, 1), unitRows(4, 4, 1)));
    QVERIFY_THROWS_EXCEPTION(Error, tripletLoss(unitRows(1, 4, 1), unitRows(1, 4, 1)));
    QVERIFY_THROWS_EXCEPTION(Error,
                             tripletLoss(unitRows(3, 4, 1), unitRows(3, 4, 2), {}, {1, 2}, {1, 2}));
}

void TestTripletLoss::releasedValueCountsMaskedPairsAsLog2() {
    const cv::Mat s = unitRows(6, 16, 11), g = unitRows(6, 16, 12);
    // Pairs 0-1 and 3-4 are 10 m apart; with the diagonal, 10 of 36 are masked.
    const std::vector<double> east = {0, 10, 200, 400, 410, 700}, north(6, 5.0);
    const double optimised = tripletLoss(s, g, {}, east, north);
    const double released = releasedTripletLoss(s, g, {}, east, north);
    QVERIFY(std::abs(optimised - reference(s, g, 10, east, north)) < 1e-9);
    QVERIFY2(std::abs(released - releasedReference(s, g, 10, east, north)) < 1e-9,
             qPrintable(
                 QString("%1 vs %2").arg(released).arg(releasedReference(s, g, 10, east, north))));
    // The masked pairs add log 2 each to sums divided by the unmasked count.
    QVERIFY(std::abs(released - optimised - std::log(2.0) * 10 / 26) < 1e-9);
    // Without positions the two are the same loss.
    QCOMPARE(releasedTripletLoss(s, g), tripletLoss(s, g));
    // Nothing unmasked: the released code divides by zero.
    const std::vector<double> together(6, 0.0);
    QVERIFY(std::isinf(releasedTripletLoss(s, g, {}, together, together)) ||
            std::isnan(releasedTripletLoss(s, g, {}, together, together)));
    QCOMPARE(tripletLoss(s, g, {}, together, together), 0.0);
}

QTEST_APPLESS_MAIN(TestTripletLoss)
#include "tst_tripletloss.moc"
