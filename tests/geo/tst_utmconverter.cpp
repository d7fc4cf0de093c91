#include "common/error.h"
#include "geo/geodistance.h"
#include "geo/utmconverter.h"

#include <QtTest>

#include <cmath>

using namespace orinet;

class TestUtmConverter : public QObject {
    Q_OBJECT
private slots:
    void canberraIsInZone55South();
    void roundTripNearCanberra();
    void utmDistanceAgreesWithHaversine();
    void haversineKnownArcs();
    void badInputThrows();
};

void TestUtmConverter::canberraIsInZone55South() {
    // Canberra, about 35.28 S 149.13 E: zone 55 (144..150 E), EPSG:32755. Published rough
    // figures (easting ~693 km, northing ~6093 km) are good to ~1 km at this precision.
    QCOMPARE(UtmConverter::zoneForLongitude(149.13), 55);
    QCOMPARE(UtmConverter::zoneForLongitude(-179.9), 1);
    QCOMPARE(UtmConverter::zoneForLongitude(179.9), 60);
    const UtmConverter utm = UtmConverter::canberra();
    QCOMPARE(utm.epsg(), 32755);
    QVERIFY(utm.south());
    QVERIFY2(QString::fromStdString(utm.wkt()).contains("55S"), utm.wkt().c_str());
    const UtmPosition p = utm.toUtm({-35.28, 149.13});
    QCOMPARE(p.zone, 55);
    QVERIFY(p.south);
    QVERIFY2(std::abs(p.easting - 693000) < 1500, qPrintable(QString::number(p.easting, 'f', 1)));
    QVERIFY2(std::abs(p.northing - 6093000) < 1500,
             qPrintable(QString::number(p.northing, 'f', 1)));
    // the central meridian 147 E maps to the false easting exactly
    QVERIFY(std::abs(utm.toUtm({-35.0, 147.0}).easting - 500000.0) < 1e-6);
}

void TestUtmConverter::roundTripNearCanberra() {
    const UtmConverter utm = UtmConverter::canberra();
    for (double lat = -35.6; lat <= -35.0; lat += 0.1)
        for (double lon = 148.8; lon <= 149.4; lon += 0.1) {
            const LatLon back = utm.toLatLon(utm.toUtm({lat, lon}));
            QVERIFY(std::abs(back.latitude - lat) < 1e-9);
            QVERIFY(std::abs(back.longitude - lon) < 1e-9);
        }
    const UtmPosition p{690123.4, 6090567.8, 55, true};
    const UtmPosition q = utm.toUtm(utm.toLatLon(p));
    QVERIFY(utmDistance(p, q) < 1e-5);
    // planar grid coordinates are read in the converter's zone
    const LatLon viaPoint = utm.toLatLon(p.point());
    QCOMPARE(viaPoint.latitude, utm.toLatLon(p).latitude);
}

void TestUtmConverter::utmDistanceAgreesWithHaversine() {
    // Within a zone, UTM distances equal true distances up to the scale factor (0.9996 on the
    // central meridian, ~1.0001 at Canberra) and the sphere-vs-ellipsoid difference (< 0.5 %).
    const UtmConverter utm = UtmConverter::canberra();
    const LatLon a{-35.28, 149.13};
    for (const LatLon b :
         {LatLon{-35.27, 149.13}, LatLon{-35.28, 149.14}, LatLon{-35.30, 149.10}}) {
        const double ratio = utmDistance(utm.toUtm(a), utm.toUtm(b)) / haversineDistance(a, b);
        QVERIFY2(std::abs(ratio - 1.0) < 0.006, qPrintable(QString::number(ratio, 'f', 6)));
    }
}

void TestUtmConverter::haversineKnownArcs() {
    const double degree = kEarthRadiusMetres * M_PI / 180.0;
    QVERIFY(std::abs(haversineDistance({0, 0}, {1, 0}) - degree) < 1e-6);
    QVERIFY(std::abs(haversineDistance({0, 0}, {0, 90}) - 90 * degree) < 1e-6);
    QVERIFY(std::abs(haversineDistance({90, 0}, {-90, 0}) - 180 * degree) < 1e-6);
    QCOMPARE(haversineDistance({-35.3, 149.1}, {-35.3, 149.1}), 0.0);
    QCOMPARE(utmDistance({0, 0}, {3, 4}), 5.0);
    // zones: unknown shares the other's; two known, different zones are not comparable
    QCOMPARE(utmDistance({0, 0, 55, true}, {3, 4}), 5.0);
    QCOMPARE(utmDistance({0, 0, 55, true}, {3, 4, 55, true}), 5.0);
    QVERIFY(std::isinf(utmDistance({0, 0, 55, true}, {3, 4, 55, false})));
    QVERIFY(std::isinf(utmDistance({0, 0, 55, true}, {3, 4, 56, true})));
}

void TestUtmConverter::badInputThrows() {
    QVERIFY_THROWS_EXCEPTION(Error, UtmConverter(0, true));
    QVERIFY_THROWS_EXCEPTION(Error, UtmConverter(61, false));
    const UtmConverter utm = UtmConverter::canberra();
    QVERIFY_THROWS_EXCEPTION(Error, utm.toUtm({95.0, 149.0}));
    QVERIFY_THROWS_EXCEPTION(Error, utm.toUtm({-35.0, NAN}));
    QVERIFY_THROWS_EXCEPTION(Error, utm.toLatLon(UtmPoint{NAN, 6090000.0}));
    // a position of another zone is not silently read as this one's
    QVERIFY_THROWS_EXCEPTION(Error, utm.toLatLon(UtmPosition{690000.0, 6090000.0, 56, true}));
    QVERIFY_THROWS_EXCEPTION(Error, utm.toLatLon(UtmPosition{690000.0, 6090000.0, 55, false}));
}

QTEST_APPLESS_MAIN(TestUtmConverter)
#include "tst_utmconverter.moc"
