#include "common/error.h"
#include "synth/panoramarenderer.h"
#include "synth/townmap.h"

#include <QtTest>
#include <opencv2/core.hpp>

#include <cmath>

using namespace orinet;

namespace {

const cv::Vec3b kRed(20, 20, 230); // BGR
const cv::Vec3b kBlue(230, 40, 20);
const UtmPoint kCamera{690100.25, 6089899.75};

//! Mean yaw of the panorama columns showing `label` pixels whose colour is close to `colour`.
double meanYawOf(const RenderedPanorama& p, const cv::Vec3b& colour, int* count) {
    double sx = 0, sy = 0;
    *count = 0;
    for (int r = 0; r < p.colour.rows; ++r)
        for (int c = 0; c < p.colour.cols; ++c) {
            if (p.labels.at<uchar>(r, c) != static_cast<uchar>(SceneClass::Building))
                continue;
            const cv::Vec3b v = p.colour.at<cv::Vec3b>(r, c);
            // facades are shaded, so compare the hue-defining channel ordering only
            const bool match = colour == kRed ? v[2] > 2 * v[0] && v[2] > 2 * v[1]
                                              : v[0] > 2 * v[2] && v[0] > 2 * v[1];
            if (!match)
                continue;
            const double yaw = PanoramaRenderer::yaw(c, p.colour.cols);
            sx += std::sin(yaw);
            sy += std::cos(yaw);
            ++*count;
        }
    return std::atan2(sx, sy);
}

} // namespace

class TestPanoramaRenderer : public QObject {
    Q_OBJECT
private slots:
    void init();
    void landmarkEastAppearsAtPlusHalfPi_data();
    void landmarkEastAppearsAtPlusHalfPi();
    void skyAboveGroundBelow();
    void groundShowsTheOrthophoto();
    void rejectsBadArguments();

private:
    std::unique_ptr<TownMap> mMap;
};

void TestPanoramaRenderer::init() {
    // 200 m x 200 m of flat grass, camera in the middle; a tall red building 30 m due east
    // and a blue one 40 m due north
    mMap = std::make_unique<TownMap>(400, 400, 0.5, UtmPoint{690000.0, 6090000.0});
    mMap->addBuilding({kCamera.easting + 30, kCamera.northing}, 8, 8, 40, kRed, kRed);
    mMap->addBuilding({kCamera.easting, kCamera.northing + 40}, 8, 8, 25, kBlue, kBlue);
}

void TestPanoramaRenderer::landmarkEastAppearsAtPlusHalfPi_data() {
    QTest::addColumn<int>("rows");
    QTest::addColumn<int>("cols");
    QTest::newRow("cvusa band 112x616") << 112 << 616;
    QTest::newRow("cvact sphere 256x512") << 256 << 512;
    QTest::newRow("odd 45x247") << 45 << 247;
}

void TestPanoramaRenderer::landmarkEastAppearsAtPlusHalfPi() {
    QFETCH(int, rows);
    QFETCH(int, cols);
    const PanoramaRenderer renderer(*mMap);
    const RenderedPanorama p = renderer.render(kCamera, 2.3, rows, cols);
    QCOMPARE(p.colour.rows, rows);
    QCOMPARE(p.colour.cols, cols);
    int red = 0;
    const double redYaw = meanYawOf(p, kRed, &red);
    QVERIFY2(red > 20, qPrintable(QString::number(red)));
    QVERIFY2(std::abs(redYaw - M_PI / 2) < 0.05, qPrintable(QString::number(redYaw)));
    int blue = 0;
    const double blueYaw = meanYawOf(p, kBlue, &blue);
    QVERIFY(blue > 10);
    QVERIFY2(std::abs(blueYaw) < 0.05, qPrintable(QString::number(blueYaw)));
    // a building of 8 m seen from 30 m spans about 2·atan(4/26) of yaw (front face)
    int redColumns = 0;
    for (int c = 0; c < cols; ++c)
        for (int r = 0; r < rows; ++r)
            if (p.labels.at<uchar>(r, c) == static_cast<uchar>(SceneClass::Building) &&
                std::abs(PanoramaRenderer::yaw(c, cols) - M_PI / 2) < 0.5) {
                ++redColumns;
                break;
            }
    const double expected = 2 * std::atan(4.0 / 26.0) / (2 * M_PI / (cols - 1));
    QVERIFY2(std::abs(redColumns - expected) <= 0.25 * expected + 2,
             qPrintable(QString("%1 vs %2").arg(redColumns).arg(expected)));
}

void TestPanoramaRenderer::skyAboveGroundBelow() {
    const PanoramaRenderer renderer(*mMap);
    const RenderedPanorama p = renderer.render(kCamera, 2.3, 64, 128);
    // full sphere: top row is sky everywhere, bottom row ground everywhere
    for (int c = 0; c < 128; ++c) {
        QCOMPARE(p.labels.at<uchar>(0, c), static_cast<uchar>(SceneClass::Sky));
        QCOMPARE(p.labels.at<uchar>(63, c), static_cast<uchar>(SceneClass::Ground));
    }
    // the 40 m red tower 30 m east rises ~51° above the horizon: rows with pitch down to about
    // -0.85 rad show it in its column
    const int east = static_cast<int>(std::lround((M_PI / 2 + M_PI) / (2 * M_PI / 127)));
    const int row = static_cast<int>(std::lround(-0.7 / (2 * M_PI / 127) + 31.5));
    QCOMPARE(p.labels.at<uchar>(row, east), static_cast<uchar>(SceneClass::Building));
    // ...but not straight up
    QCOMPARE(p.labels.at<uchar>(2, east), static_cast<uchar>(SceneClass::Sky));
}

void TestPanoramaRenderer::groundShowsTheOrthophoto() {
    // paint a yellow square on the ground 10 m south of the camera: it must appear below the
    // horizon at yaw ±π (south), as ground, with the orthophoto's colour
    TownMap map(200, 200, 0.5, {690050.0, 6089950.0});
    const UtmPoint camera{690100.0, 6089900.0};
    const cv::Point2d px = map.transform().toPixel({camera.easting, camera.northing - 10});
    map.paintGround(cv::Rect(static_cast<int>(px.x) - 4, static_cast<int>(px.y) - 4, 9, 9),
                    {0, 220, 230});
    const RenderedPanorama p = PanoramaRenderer(map).render(camera, 2.0, 128, 256);
    // south is the first and last column; the square spans depression angles atan(2/12)..
    // atan(2/8), i.e. 9.5°..14° below the horizon
    const double step = 2 * M_PI / 255;
    const int row = static_cast<int>(std::lround(63.5 + (11.5 * M_PI / 180) / step));
    for (int c : {0, 255}) {
        const cv::Vec3b v = p.colour.at<cv::Vec3b>(row, c);
        QVERIFY2(v[2] > 170 && v[1] > 160 && v[0] < 90,
                 qPrintable(QString("%1 %2 %3").arg(v[0]).arg(v[1]).arg(v[2])));
        QCOMPARE(p.labels.at<uchar>(row, c), static_cast<uchar>(SceneClass::Ground));
    }
    // north (centre column) at the same row is grass
    const cv::Vec3b north = p.colour.at<cv::Vec3b>(row, 128);
    QVERIFY(north[1] > north[2]);
}

void TestPanoramaRenderer::rejectsBadArguments() {
    const PanoramaRenderer renderer(*mMap);
    QVERIFY_THROWS_EXCEPTION(Error, renderer.render(kCamera, 2.0, 0, 100));
    QVERIFY_THROWS_EXCEPTION(Error, renderer.render(kCamera, 2.0, 10, 1));
    QVERIFY_THROWS_EXCEPTION(Error, renderer.render({600000.0, 6000000.0}, 2.0, 10, 20));
}

QTEST_APPLESS_MAIN(TestPanoramaRenderer)
#include "tst_panoramarenderer.moc"
