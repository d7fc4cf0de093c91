#include "dataset/preprocessor.h"
#include "geo/crossview.h"
#include "synth/panoramarenderer.h"
#include "synth/townmap.h"

#include <QtTest>

#include <opencv2/core.hpp>

#include <cmath>

using namespace orinet;
using namespace orinet::crossview;

namespace {

constexpr double kDegree = M_PI / 180.0;

//! A flat 160 m field at 0.25 m/px with the camera in the middle, a landmark tower (red walls,
//! magenta roof) 50 m away at bearing atan2(30, 40) = 36.87°, and a 6 m blue ground patch
//! 7..13 m due west.
struct Scene {
    static constexpr double kCameraHeight = 2.3;
    UtmPoint camera{690080, 6090080};
    UtmPoint tower{690110, 6090120};
    double towerBearing = std::atan2(30.0, 40.0);
    UtmPoint patch{690070, 6090080};
    TownMap map{640, 640, 0.25, UtmPoint{690000, 6090160}};

    Scene() {
        map.addBuilding(tower, 6, 6, 14, cv::Vec3b(255, 0, 255), cv::Vec3b(0, 0, 255));
        const cv::Point2d p = map.transform().toPixel(patch);
        map.paintGround(cv::Rect(static_cast<int>(p.x) - 12, static_cast<int>(p.y) - 12, 24, 24),
                        cv::Vec3b(255, 0, 0), SceneClass::Road);
    }
};

bool isBlue(const cv::Vec3b& v) {
    return v[0] > 170 && v[1] < 90 && v[2] < 90;
}

//! Columns [first, last] of the panorama showing the tower (building label).
std::pair<int, int> towerColumns(const RenderedPanorama& pano) {
    int first = pano.labels.cols, last = -1;
    for (int r = 0; r < pano.labels.rows; ++r)
        for (int c = 0; c < pano.labels.cols; ++c)
            if (pano.labels.at<uchar>(r, c) == static_cast<uchar>(SceneClass::Building)) {
                first = std::min(first, c);
                last = std::max(last, c);
            }
    return {first, last};
}

//! Mean row of the blue patch in column `column` of a BGR image; -1 when absent.
double patchRow(const cv::Mat& bgr, int column) {
    double sum = 0;
    int count = 0;
    for (int r = 0; r < bgr.rows; ++r)
        if (isBlue(bgr.at<cv::Vec3b>(r, column))) {
            sum += r;
            ++count;
        }
    return count ? sum / count : -1;
}

} // namespace

class TestCrossView : public QObject {
    Q_OBJECT
private slots:
    void panoramaColumnsAndRows();
    void cvactCropRows();
    void tileAzimuthAndDistance();
    void compassNames();
    void landmarkLandsUnderTheRay_data();
    void landmarkLandsUnderTheRay();
    void cvactCropAsTheNetworkSeesIt();
};

void TestCrossView::panoramaColumnsAndRows() {
    const int w = 1232, h = 224;
    QCOMPARE(yawOfColumn(0, w), -M_PI);
    QCOMPARE(yawOfColumn(w - 1, w), M_PI);
    QVERIFY(std::abs(yawOfColumn((w - 1) / 2.0, w)) < 1e-12);             // north in the middle
    QVERIFY(std::abs(columnOfYaw(M_PI / 2, w) - 0.75 * (w - 1)) < 1e-9);  // east
    QVERIFY(std::abs(columnOfYaw(-M_PI / 2, w) - 0.25 * (w - 1)) < 1e-9); // west
    QCOMPARE(columnOfYaw(M_PI, w), 0.0); // the seam is the left edge
    QVERIFY(std::abs(columnOfYaw(5 * M_PI / 2, w) - columnOfYaw(M_PI / 2, w)) < 1e-9);
    for (double c : {0.0, 1.0, 100.25, 615.5, 1230.0})
        QVERIFY(std::abs(columnOfYaw(yawOfColumn(c, w), w) - c) < 1e-9);
    // Same angular step along rows as along columns; row 0 looks up (negative).
    QVERIFY(pitchOfRow(0, h, w) < 0);
    QVERIFY(std::abs(pitchOfRow((h - 1) / 2.0, h, w)) < 1e-12);
    QVERIFY(std::abs(pitchOfRow(10, h, w) - pitchOfRow(9, h, w) - 2 * M_PI / (w - 1)) < 1e-12);
    for (double r : {0.0, 17.5, 223.0})
        QVERIFY(std::abs(rowOfPitch(pitchOfRow(r, h, w), h, w) - r) < 1e-9);
    // A 2:1 panorama spans the sphere: its top row looks (almost) straight up.
    QVERIFY(std::abs(pitchOfRow(0, 832, 1664) + M_PI / 2) < 0.01);
    QCOMPARE(wrap(3 * M_PI / 2), -M_PI / 2);
    QCOMPARE(wrap(-M_PI), M_PI);
}

void TestCrossView::cvactCropRows() {
    // CVACT: 832 rows, the network sees rows 208..623 resized to 224.
    QVERIFY(std::abs(cvactSourceRow(-0.5, 224, 832) - 207.5) < 1e-9); // top edge of the crop
    QVERIFY(std::abs(cvactSourceRow(223.5, 224, 832) - 623.5) < 1e-9);
    for (double r : {0.0, 55.5, 223.0})
        QVERIFY(std::abs(cvactShownRow(cvactSourceRow(r, 224, 832), 224, 832) - r) < 1e-9);
    // The horizon stays the horizon.
    QVERIFY(std::abs(cvactSourceRow(111.5, 224, 832) - 415.5) < 1e-9);
}

void TestCrossView::tileAzimuthAndDistance() {
    const int s = 256;                                       // centre 127.5
    QCOMPARE(azimuthOfTilePixel({127.5, 20}, s), 0.0);       // up = north
    QCOMPARE(azimuthOfTilePixel({200, 127.5}, s), M_PI / 2); // right = east
    QCOMPARE(azimuthOfTilePixel({127.5, 200}, s), M_PI);     // down = south (the seam)
    QCOMPARE(azimuthOfTilePixel({20, 127.5}, s), -M_PI / 2); // left = west
    QCOMPARE(azimuthOfTilePixel({127.5, 127.5}, s), 0.0);    // the centre itself
    QVERIFY(std::abs(azimuthOfTilePixel({227.5, 27.5}, s) - M_PI / 4) < 1e-12);
    QCOMPARE(tileDistance({127.5 + 30, 127.5 - 40}, s), 50.0);
    for (double a : {-2.0, -0.3, 0.0, 1.0, 3.0}) {
        const cv::Point2d p = tilePixelAt(a, 40, s);
        QVERIFY(std::abs(azimuthOfTilePixel(p, s) - a) < 1e-12);
        QVERIFY(std::abs(tileDistance(p, s) - 40) < 1e-9);
        const cv::Point2d border = tileBorderPoint(a, s);
        const bool onBorder = std::abs(border.x) < 1e-9 || std::abs(border.x - 255) < 1e-9 ||
                              std::abs(border.y) < 1e-9 || std::abs(border.y - 255) < 1e-9;
        QVERIFY(onBorder);
        QVERIFY(std::abs(azimuthOfTilePixel(border, s) - a) < 1e-12);
    }
    QVERIFY(cv::norm(tileBorderPoint(0, s) - cv::Point2d(127.5, 0)) < 1e-9);
    QVERIFY(cv::norm(tileBorderPoint(M_PI / 4, s) - cv::Point2d(255, 0)) < 1e-9);
}

void TestCrossView::compassNames() {
    QCOMPARE(QString::fromStdString(compassName(0)), QString("N"));
    QCOMPARE(QString::fromStdString(compassName(M_PI / 2)), QString("E"));
    QCOMPARE(QString::fromStdString(compassName(-M_PI / 2)), QString("W"));
    QCOMPARE(QString::fromStdString(compassName(M_PI)), QString("S"));
    QCOMPARE(QString::fromStdString(compassName(36.87 * kDegree)), QString("NE"));
    QCOMPARE(QString::fromStdString(compassName(-170 * kDegree)), QString("S"));
    QCOMPARE(QString::fromStdString(compassName(-160 * kDegree)), QString("SSW"));
}

void TestCrossView::landmarkLandsUnderTheRay_data() {
    QTest::addColumn<int>("rows");
    QTest::addColumn<int>("cols");
    QTest::newRow("CVUSA band 112x616") << 112 << 616;
    QTest::newRow("CVACT sphere 256x512") << 256 << 512;
}

void TestCrossView::landmarkLandsUnderTheRay() {
    QFETCH(int, rows);
    QFETCH(int, cols);
    const Scene scene;
    const RenderedPanorama pano =
        PanoramaRenderer(scene.map).render(scene.camera, Scene::kCameraHeight, rows, cols);

    // Panorama → bearing: the tower's columns straddle the column of its bearing, and their
    // middle looks at it (the tower is 6 m wide at 50 m: about ±3.4°).
    const auto [first, last] = towerColumns(pano);
    QVERIFY2(last >= first, "the tower is not in the panorama");
    const double towerColumn = columnOfYaw(scene.towerBearing, cols);
    QVERIFY2(first <= towerColumn && towerColumn <= last,
             qPrintable(QString("%1 not in [%2, %3]").arg(towerColumn).arg(first).arg(last)));
    const double yaw = yawOfColumn((first + last) / 2.0, cols);
    QVERIFY2(std::abs(yaw - scene.towerBearing) < 1.5 * kDegree,
             qPrintable(QString::number(yaw / kDegree)));

    // Bearing → tile: the ray from the tile centre towards that yaw meets the tower's roof
    // 50 m out, and the roof's centroid has the tower's azimuth and distance.
    const int size = 256;
    const double metres = 100, perPixel = metres / size;
    const cv::Mat tile = scene.map.tile(scene.camera, size, metres);
    cv::Point2d sum(0, 0);
    int roof = 0;
    for (int y = 0; y < size; ++y)
        for (int x = 0; x < size; ++x) {
            const cv::Vec3b v = tile.at<cv::Vec3b>(y, x);
            if (v[0] > 200 && v[1] < 60 && v[2] > 200) {
                sum += cv::Point2d(x, y);
                ++roof;
            }
        }
    QVERIFY(roof > 50);
    const cv::Point2d centroid = sum / roof;
    QVERIFY(std::abs(azimuthOfTilePixel(centroid, size) - scene.towerBearing) < 0.5 * kDegree);
    QVERIFY(std::abs(tileDistance(centroid, size) * perPixel - 50.0) < 0.5);
    const cv::Point2d hit = tilePixelAt(yaw, 50.0 / perPixel, size);
    const cv::Vec3b under = tile.at<cv::Vec3b>(cvRound(hit.y), cvRound(hit.x));
    QVERIFY2(under[0] > 200 && under[2] > 200, "the ray misses the roof");

    // Tile → panorama column: the roof's azimuth picks a column that shows the tower.
    const int column = cvRound(columnOfYaw(azimuthOfTilePixel(centroid, size), cols));
    bool tower = false;
    for (int r = 0; r < rows; ++r)
        tower |= pano.labels.at<uchar>(r, column) == static_cast<uchar>(SceneClass::Building);
    QVERIFY(tower);

    // Pitch → ground distance: the blue patch due west (7..13 m) seen below the horizon; its
    // middle row looks at about 9.5 m (rows are even in angle, not in distance).
    const int west = cvRound(columnOfYaw(-M_PI / 2, cols));
    const double row = patchRow(pano.colour, west);
    QVERIFY2(row >= 0, "the patch is not in the panorama");
    const double distance = groundDistance(pitchOfRow(row, rows, cols), Scene::kCameraHeight);
    QVERIFY2(distance > 8.0 && distance < 12.0, qPrintable(QString::number(distance)));
}

void TestCrossView::cvactCropAsTheNetworkSeesIt() {
    // The CVACT path of the real preprocessing: middle half of the rows, then an area resize.
    const Scene scene;
    const int rows = 256, cols = 512;
    const RenderedPanorama pano =
        PanoramaRenderer(scene.map).render(scene.camera, Scene::kCameraHeight, rows, cols);
    const InputPreset tiny = InputPreset::byName("tiny"); // 56 x 308
    const Preprocessor preprocessor(tiny, OrientationMode::Input, DatasetLayout::Cvact);
    const cv::Mat input = preprocessor.ground(pano.colour);
    QCOMPARE(input.rows, tiny.groundRows);
    // Channels B, G, R in [-1, 1], then yaw/π and pitch/π of each input pixel.
    const int west = cvRound(columnOfYaw(-M_PI / 2, tiny.groundCols));
    double sum = 0;
    int count = 0;
    for (int r = 0; r < input.rows; ++r) {
        const float* px = input.ptr<float>(r) + west * input.channels();
        if (px[0] > 0.3f && px[1] < -0.3f && px[2] < -0.3f) {
            sum += r;
            ++count;
        }
    }
    QVERIFY2(count > 0, "the patch is not in the cropped input");
    const double shown = sum / count;
    const double source = patchRow(pano.colour, cvRound(columnOfYaw(-M_PI / 2, cols)));
    // The shown row maps back to the source row (one shown row spans 2.3 source rows).
    QVERIFY2(
        std::abs(cvactSourceRow(shown, tiny.groundRows, rows) - source) < 2.5,
        qPrintable(
            QString("%1 vs %2").arg(cvactSourceRow(shown, tiny.groundRows, rows)).arg(source)));
    // And the network's own pitch channel agrees with the geometry.
    const float pitchChannel =
        input.ptr<float>(cvRound(shown))[west * input.channels() + 4] * static_cast<float>(M_PI);
    const double expected =
        pitchOfRow(cvactSourceRow(cvRound(shown), tiny.groundRows, rows), rows, cols);
    QVERIFY2(std::abs(pitchChannel - expected) < 0.02,
             qPrintable(QString("%1 vs %2").arg(pitchChannel).arg(expected)));
    const float yawChannel =
        input.ptr<float>(cvRound(shown))[west * input.channels() + 3] * static_cast<float>(M_PI);
    QVERIFY(std::abs(yawChannel - yawOfColumn(west, tiny.groundCols)) < 0.01);
}

QTEST_MAIN(TestCrossView)
#include "tst_crossview.moc"
