#include "common/error.h"
#include "geo/geodistance.h"
#include "metrics/georecall.h"

#include <QtTest>

using namespace orinet;
using namespace orinet::metrics;

class TestGeoRecall : public QObject {
    Q_OBJECT
private slots:
    void handChecked();
    void thresholdIsInclusive();
    void differentZonesNeverMatch();
    void badInput();
};

// Three queries, top-3 lists. Gallery positions on a line (metres east of a UTM origin).
void TestGeoRecall::handChecked() {
    const std::vector<UtmPosition> gallery = {
        {500000, 6000000}, {500010, 6000000}, {500100, 6000000}, {500003, 6000004}};
    const std::vector<UtmPosition> queries = {
        {500000, 6000000}, {500100, 6000000}, {500200, 6000000}};
    const std::vector<int64_t> top = {
        1, 3, 0, // query 0: item 1 at 10 m, item 3 at 5 m (3-4-5), item 0 at 0 m
        2, 0, 1, // query 1: its own place first
        0, 1, 3, // query 2: nothing within 25 m (nearest is 100 m away)
    };
    const auto at5 = geoRecallCurve(top, 3, queries, gallery, 5.0, 3);
    QCOMPARE(at5, (std::vector<double>{1.0 / 3, 2.0 / 3, 2.0 / 3}));
    const auto at25 = geoRecallCurve(top, 3, queries, gallery, 25.0, 3);
    QCOMPARE(at25, (std::vector<double>{2.0 / 3, 2.0 / 3, 2.0 / 3}));
    const auto at1Top2 = geoRecallCurve(top, 3, queries, gallery, 1.0, 2);
    QCOMPARE(at1Top2, (std::vector<double>{1.0 / 3, 1.0 / 3}));
}

void TestGeoRecall::thresholdIsInclusive() {
    const std::vector<UtmPosition> gallery = {{3, 4}};
    const std::vector<UtmPosition> queries = {{0, 0}};
    QCOMPARE(geoRecallCurve({0}, 1, queries, gallery, 5.0, 1).front(), 1.0);
    QCOMPARE(geoRecallCurve({0}, 1, queries, gallery, 4.999, 1).front(), 0.0);
}

void TestGeoRecall::differentZonesNeverMatch() {
    const std::vector<UtmPosition> gallery = {{500000, 0, 55, true}, {500000, 0, 56, true}};
    const std::vector<UtmPosition> queries = {{500000, 0, 56, true}};
    QCOMPARE(geoRecallCurve({0, 1}, 2, queries, gallery, 5.0, 2), (std::vector<double>{0.0, 1.0}));
    QVERIFY(std::isinf(utmDistance(gallery[0], queries[0])));
}

void TestGeoRecall::badInput() {
    const std::vector<UtmPosition> p = {{0, 0}, {1, 1}};
    QVERIFY_THROWS_EXCEPTION(orinet::Error, geoRecallCurve({0, 1, 0}, 2, p, p, 5, 1));
    QVERIFY_THROWS_EXCEPTION(orinet::Error, geoRecallCurve({0, 1}, 1, p, p, 5, 2));
    QVERIFY_THROWS_EXCEPTION(orinet::Error, geoRecallCurve({0, 7}, 1, p, p, 5, 1));
    QVERIFY_THROWS_EXCEPTION(orinet::Error, geoRecallCurve({0, 1}, 1, p, p, -1, 1));
    QVERIFY_THROWS_EXCEPTION(orinet::Error, geoRecallCurve({}, 1, {}, p, 5, 1));
}

QTEST_APPLESS_MAIN(TestGeoRecall)
#include "tst_georecall.moc"
