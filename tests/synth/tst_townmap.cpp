#include "common/error.h"
#include "synth/townmap.h"

#include <QtTest>
#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

using namespace orinet;

class TestTownMap : public QObject {
    Q_OBJECT
private slots:
    void landmarkEastIsInTheTilesEastHalf();
    void tileCentreIsTheLocation_data();
    void tileCentreIsTheLocation();
    void generationIsDeterministic();
    void generatedTownHasStreetsAndAllClasses();
    void badArgumentsThrow();
};

void TestTownMap::landmarkEastIsInTheTilesEastHalf() {
    TownMap map(400, 400, 0.5, {690000.0, 6090000.0});
    const UtmPoint camera{690100.0, 6089900.0};
    map.addBuilding({camera.easting + 30, camera.northing}, 8, 8, 40, {20, 20, 230}, {0, 0, 0});
    const int size = 128;
    const double metres = 100;
    const cv::Mat tile = map.tile(camera, size, metres);
    QCOMPARE(tile.size(), cv::Size(size, size));
    double sx = 0, sy = 0;
    int n = 0;
    for (int r = 0; r < size; ++r)
        for (int c = 0; c < size; ++c) {
            const cv::Vec3b v = tile.at<cv::Vec3b>(r, c);
            if (v[2] > 200 && v[0] < 60) {
                sx += c;
                sy += r;
                ++n;
            }
        }
    QVERIFY(n > 50);
    // north up, east right: 30 m east of the centre is (S-1)/2 + 30 / (metres / S) columns
    const double centre = (size - 1) / 2.0;
    QVERIFY2(std::abs(sx / n - (centre + 30 * size / metres)) < 1.0,
             qPrintable(QString::number(sx / n)));
    QVERIFY2(std::abs(sy / n - centre) < 1.0, qPrintable(QString::number(sy / n)));
}

void TestTownMap::tileCentreIsTheLocation_data() {
    QTest::addColumn<int>("size");
    QTest::addColumn<double>("metres");
    QTest::newRow("upsampled 64 px / 20 m") << 64 << 20.0;
    QTest::newRow("odd 65 px / 40 m") << 65 << 40.0;
    QTest::newRow("from an overview 32 px / 80 m") << 32 << 80.0;
}

void TestTownMap::tileCentreIsTheLocation() {
    QFETCH(int, size);
    QFETCH(double, metres);
    // a single bright map pixel must land on the tile's centre when the tile is centred on it
    TownMap map(256, 256, 0.5, {690000.0, 6090000.0});
    map.paintGround(cv::Rect(0, 0, 256, 256), {0, 0, 0});
    // 4-pixel aligned, so that the 4x reduced level holds it exactly as well
    map.paintGround(cv::Rect(120, 128, 4, 4), {255, 255, 255});
    const UtmPoint spot = map.transform().toUtm({121.5, 129.5}); // the block's centre
    const cv::Mat tile = map.tile(spot, size, metres);
    cv::Mat grey;
    cv::extractChannel(tile, grey, 0);
    cv::Moments m = cv::moments(grey);
    QVERIFY(m.m00 > 0);
    const double centre = (size - 1) / 2.0;
    QVERIFY2(std::abs(m.m10 / m.m00 - centre) < 0.1, qPrintable(QString::number(m.m10 / m.m00)));
    QVERIFY2(std::abs(m.m01 / m.m00 - centre) < 0.1, qPrintable(QString::number(m.m01 / m.m00)));
}

void TestTownMap::generationIsDeterministic() {
    const TownMap a = TownMap::generate(11, 300, 0.5, {690000.0, 6090000.0});
    const TownMap b = TownMap::generate(11, 300, 0.5, {690000.0, 6090000.0});
    const TownMap c = TownMap::generate(12, 300, 0.5, {690000.0, 6090000.0});
    QCOMPARE(cv::norm(a.colour(), b.colour(), cv::NORM_INF), 0.0);
    QCOMPARE(cv::norm(a.height(), b.height(), cv::NORM_INF), 0.0);
    QCOMPARE(cv::norm(a.labels(), b.labels(), cv::NORM_INF), 0.0);
    QVERIFY(cv::norm(a.colour(), c.colour(), cv::NORM_L1) > 0.05 * 255 * a.colour().total());
}

void TestTownMap::generatedTownHasStreetsAndAllClasses() {
    const TownMap town = TownMap::generate(3, 500, 0.5, {690000.0, 6090000.0});
    QCOMPARE(town.colour().cols, 1000);
    QVERIFY(town.streets().size() >= 6);
    for (const Street& s : town.streets()) {
        QVERIFY(town.contains(s.from));
        QVERIFY(town.contains(s.to));
        // the centreline is road
        const UtmPoint mid{(s.from.easting + s.to.easting) / 2,
                           (s.from.northing + s.to.northing) / 2};
        const cv::Point2d p = town.transform().toPixel(mid);
        QCOMPARE(town.labels().at<uchar>(cvRound(p.y), cvRound(p.x)),
                 static_cast<uchar>(SceneClass::Road));
    }
    int counts[6] = {};
    for (auto it = town.labels().begin<uchar>(); it != town.labels().end<uchar>(); ++it)
        ++counts[std::min<int>(*it, 5)];
    QCOMPARE(counts[0], 0); // no sky on the map
    for (int k = 1; k <= 4; ++k)
        QVERIFY2(counts[k] > 1000, qPrintable(QString("class %1: %2").arg(k).arg(counts[k])));
    double maxHeight = 0;
    cv::minMaxLoc(town.height(), nullptr, &maxHeight);
    QVERIFY(maxHeight > 5 && maxHeight < 45);
    QVERIFY(town.colourPyramid().size() >= 4);
}

void TestTownMap::badArgumentsThrow() {
    QVERIFY_THROWS_EXCEPTION(Error, TownMap(0, 10, 0.5, {}));
    QVERIFY_THROWS_EXCEPTION(Error, TownMap(10, 10, 0.0, {}));
    QVERIFY_THROWS_EXCEPTION(Error, TownMap::generate(1, 10, 0.5, {}));
    const TownMap map(10, 10, 1.0, {});
    QVERIFY_THROWS_EXCEPTION(Error, map.tile({}, 0, 10));
    QVERIFY_THROWS_EXCEPTION(Error, map.tile({}, 10, -1));
}

QTEST_APPLESS_MAIN(TestTownMap)
#include "tst_townmap.moc"
