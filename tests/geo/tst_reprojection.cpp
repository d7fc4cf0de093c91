#include "common/error.h"
#include "dataset/pairrecord.h"
#include "geo/coordinatetransform.h"
#include "geo/crs.h"
#include "geo/positionprojector.h"
#include "geo/utmconverter.h"

#include <QtTest>

#include <cmath>

using namespace orinet;

class TestReprojection : public QObject {
    Q_OBJECT
private slots:
    void crsFromCodesAndText();
    void unknownAndLocalCrsAreRefused();
    void utmRoundTripAgreesWithUtmConverter();
    void webMercatorMatchesItsFormula();
    void batchMarksFailuresAsNaN();
    void projectorPlacesUtmAndLatLonPairs();
};

void TestReprojection::crsFromCodesAndText() {
    const Crs utm = Crs::utm(55, true);
    QCOMPARE(utm.epsg(), 32755);
    QCOMPARE(QString::fromStdString(utm.name()), QString("WGS 84 / UTM zone 55S"));
    QCOMPARE(QString::fromStdString(utm.label()), QString("EPSG:32755"));
    QVERIFY(!utm.isGeographic());
    QCOMPARE(utm.linearUnitMetres(), 1.0);
    QVERIFY(Crs::wgs84().isGeographic());
    // A WKT without an authority code is identified as the same EPSG CRS.
    const Crs fromWkt = Crs::fromUserInput(utm.wkt());
    QVERIFY(fromWkt.isSame(utm));
    QCOMPARE(fromWkt.epsg(), 32755);
    QVERIFY(!utm.isSame(Crs::utm(55, false)));
    // A US survey foot CRS reports its unit.
    const Crs feet = Crs::fromEpsg(2263); // NAD83 / New York Long Island (ftUS)
    QVERIFY(std::abs(feet.linearUnitMetres() - 1200.0 / 3937.0) < 1e-12);
}

void TestReprojection::unknownAndLocalCrsAreRefused() {
    QVERIFY_THROWS_EXCEPTION(Error, Crs::fromEpsg(999999));
    QVERIFY_THROWS_EXCEPTION(Error, Crs::fromUserInput("not a crs"));
    QVERIFY_THROWS_EXCEPTION(Error, Crs::utm(61, true));
    try {
        Crs::fromUserInput(R"(LOCAL_CS["site grid",LOCAL_DATUM["d",0],UNIT["metre",1],)"
                           R"(AXIS["x",EAST],AXIS["y",NORTH]])");
        QFAIL("a local CRS was accepted");
    } catch (const Error& e) {
        QVERIFY2(QString(e.what()).contains("neither geographic nor projected"), e.what());
    }
    QVERIFY_THROWS_EXCEPTION(Error, CoordinateTransform(Crs(), Crs::wgs84()));
}

void TestReprojection::utmRoundTripAgreesWithUtmConverter() {
    const CoordinateTransform toGeo(Crs::utm(55, true), Crs::wgs84());
    const CoordinateTransform toUtm(Crs::wgs84(), Crs::utm(55, true));
    const UtmConverter reference = UtmConverter::canberra();
    for (const cv::Point2d p : {cv::Point2d(690000, 6090000), cv::Point2d(693512.25, 6093123.5),
                                cv::Point2d(500000, 6000000)}) {
        const cv::Point2d geo = toGeo.transform(p);
        const LatLon expected = reference.toLatLon(UtmPoint{p.x, p.y});
        QVERIFY(std::abs(geo.x - expected.longitude) < 1e-10); // x = longitude
        QVERIFY(std::abs(geo.y - expected.latitude) < 1e-10);
        const cv::Point2d back = toUtm.transform(geo);
        QVERIFY(std::abs(back.x - p.x) < 1e-6 && std::abs(back.y - p.y) < 1e-6);
    }
    const CoordinateTransform same(Crs::utm(55, true), Crs::fromUserInput("EPSG:32755"));
    QVERIFY(same.isIdentity());
    QCOMPARE(same.transform(cv::Point2d(1.5, 2.5)), cv::Point2d(1.5, 2.5));
}

void TestReprojection::webMercatorMatchesItsFormula() {
    // EPSG:3857: x = R·λ, y = R·ln(tan(π/4 + φ/2)), R = 6378137 m.
    const CoordinateTransform toMercator(Crs::wgs84(), Crs::fromEpsg(3857));
    const double R = 6378137.0;
    for (const cv::Point2d geo : {cv::Point2d(149.13, -35.28), cv::Point2d(-73.98, 40.75)}) {
        const cv::Point2d m = toMercator.transform(geo);
        const double phi = geo.y * M_PI / 180;
        QVERIFY(std::abs(m.x - R * geo.x * M_PI / 180) < 1e-6);
        QVERIFY(std::abs(m.y - R * std::log(std::tan(M_PI / 4 + phi / 2))) < 1e-6);
    }
    // UTM 55S → Web Mercator → UTM 55S.
    const CoordinateTransform there(Crs::utm(55, true), Crs::fromEpsg(3857));
    const CoordinateTransform back(Crs::fromEpsg(3857), Crs::utm(55, true));
    const cv::Point2d p(690123.4, 6090567.8);
    const cv::Point2d q = back.transform(there.transform(p));
    QVERIFY(std::hypot(q.x - p.x, q.y - p.y) < 1e-6);
}

void TestReprojection::batchMarksFailuresAsNaN() {
    const CoordinateTransform toUtm(Crs::wgs84(), Crs::utm(55, true));
    std::vector<cv::Point2d> points{{149.1, -35.3}, {NAN, 1}, {0, 95}, {149.2, -35.2}};
    const size_t failed = toUtm.transform(points);
    QCOMPARE(failed, size_t(2));
    QVERIFY(std::isfinite(points[0].x) && std::isfinite(points[3].y));
    QVERIFY(std::isnan(points[1].x) && std::isnan(points[2].y));
    QVERIFY_THROWS_EXCEPTION(Error, toUtm.transform(cv::Point2d(0, 95)));
}

void TestReprojection::projectorPlacesUtmAndLatLonPairs() {
    const UtmConverter utm55 = UtmConverter::canberra();
    std::vector<PairRecord> pairs(4);
    pairs[0].utm = UtmPosition{690000, 6090000, 55, true};
    // Same place given only as latitude/longitude.
    const LatLon geo = utm55.toLatLon(UtmPoint{690000, 6090000});
    pairs[1].latLon = geo;
    // Same place in the neighbouring zone 56 (a dataset spanning a zone border).
    const UtmConverter utm56(56, true);
    pairs[2].utm = utm56.toUtm(geo);
    QCOMPARE(pairs[2].utm->zone, 56);
    // pairs[3] has no position.
    QVERIFY(PositionProjector::mapCrsFor(pairs).isSame(Crs::utm(55, true)));

    PositionProjector projector(Crs::fromEpsg(3857));
    const std::vector<cv::Point2d> placed = projector.project(pairs);
    QCOMPARE(placed.size(), size_t(4));
    for (int i : {1, 2})
        QVERIFY2(std::hypot(placed[i].x - placed[0].x, placed[i].y - placed[0].y) < 1e-3,
                 qPrintable(QString::number(i)));
    QVERIFY(std::isnan(placed[3].x));
    QVERIFY(!projector.project(pairs[3]));
    const auto one = projector.project(pairs[0]);
    QVERIFY(one && std::abs(one->x - placed[0].x) < 1e-9);
    // A position of unknown zone (a bare array) is taken to be in the map's own grid.
    PairRecord bare;
    bare.utm = UtmPosition{123.0, 456.0, 0, false};
    QCOMPARE(*projector.project(bare), cv::Point2d(123, 456));
}

QTEST_MAIN(TestReprojection)
#include "tst_reprojection.moc"
