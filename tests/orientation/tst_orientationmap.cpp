#include "common/error.h"
#include "io/matfile.h"
#include "orientation/orientationmap.h"

#include <QFileInfo>
#include <QtTest>

#include <cmath>

using namespace orinet;

class TestOrientationMap : public QObject {
    Q_OBJECT
private slots:
    void groundMatchesOriginalCvusaFile();
    void groundConventions_data();
    void groundConventions();
    void satelliteCompassDirections();
    void satelliteRadius();
    void satelliteNetworkChannels();
    void cvactCropThenAreaResize();
    void rejectsDegenerateSizes();
};

void TestOrientationMap::groundMatchesOriginalCvusaFile() {
    const QString path = QStringLiteral(ORINET_SHARED_DATA) + "/cvusa/yaw_pitch_grd_CVUSA.mat";
    if (!QFileInfo::exists(path))
        QSKIP(qPrintable("reference file absent: " + path + " (../shared not checked out)"));
    MatFile file(path.toStdString(), MatFile::Mode::Read);
    const MatArray ref = file.readNumeric("orient_mat");
    QCOMPARE(ref.dims.size(), size_t(3));
    QCOMPARE(ref.dims[0], size_t(224));
    QCOMPARE(ref.dims[1], size_t(1232));
    QCOMPARE(ref.dims[2], size_t(2));

    const cv::Mat map = OrientationMap::groundRaw(224, 1232);
    double worst = 0.0;
    for (int r = 0; r < 224; ++r)
        for (int c = 0; c < 1232; ++c)
            for (int k = 0; k < 2; ++k)
                worst = std::max(worst, std::abs(map.at<cv::Vec2d>(r, c)[k] - ref.at(r, c, k)));
    QVERIFY2(worst < 1e-9, qPrintable(QString("max abs difference %1").arg(worst)));
}

void TestOrientationMap::groundConventions_data() {
    QTest::addColumn<int>("rows");
    QTest::addColumn<int>("cols");
    QTest::newRow("cvusa") << 224 << 1232;
    QTest::newRow("small-odd") << 7 << 9;
    QTest::newRow("tiny") << 1 << 2;
}

void TestOrientationMap::groundConventions() {
    QFETCH(int, rows);
    QFETCH(int, cols);
    const cv::Mat map = OrientationMap::groundRaw(rows, cols);
    QCOMPARE(map.type(), CV_64FC2);
    const double step = 2 * M_PI / (cols - 1);
    QCOMPARE(map.at<cv::Vec2d>(0, 0)[0], -M_PI);
    QVERIFY(std::abs(map.at<cv::Vec2d>(rows - 1, cols - 1)[0] - M_PI) < 1e-12);
    if (cols % 2 == 1)
        QVERIFY(std::abs(map.at<cv::Vec2d>(0, cols / 2)[0]) < 1e-12);
    // Pitch uses the yaw's angular step; row 0 looks up (negative), symmetric about the centre.
    QVERIFY(std::abs(map.at<cv::Vec2d>(0, 0)[1] - (-(rows - 1) / 2.0 * step)) < 1e-12);
    QVERIFY(std::abs(map.at<cv::Vec2d>(0, 0)[1] + map.at<cv::Vec2d>(rows - 1, 0)[1]) < 1e-12);
    if (rows > 1)
        QVERIFY(map.at<cv::Vec2d>(0, 0)[1] < 0);

    const cv::Mat net = OrientationMap::groundChannels(rows, cols);
    QCOMPARE(net.type(), CV_32FC2);
    QCOMPARE(net.at<cv::Vec2f>(0, 0)[0], -1.0f);
    QVERIFY(std::abs(net.at<cv::Vec2f>(rows - 1, cols - 1)[0] - 1.0f) < 1e-6f);
}

void TestOrientationMap::satelliteCompassDirections() {
    const int s = 101; // odd: the centre is pixel (50, 50)
    const cv::Mat map = OrientationMap::satelliteRaw(s);
    auto azimuth = [&](int x, int y) { return map.at<cv::Vec2d>(y, x)[0]; };
    QCOMPARE(azimuth(50, 10), 0.0);                        // north: up
    QVERIFY(std::abs(azimuth(90, 50) - M_PI / 2) < 1e-12); // east: right
    QCOMPARE(azimuth(50, 90), M_PI);                       // south: the seam, +π
    QVERIFY(std::abs(azimuth(10, 50) + M_PI / 2) < 1e-12); // west: left
    QVERIFY(std::abs(azimuth(80, 20) - M_PI / 4) < 1e-12); // north-east
    QCOMPARE(azimuth(50, 50), 0.0);                        // centre: defined as north
    // Just west of south is close to -π: the seam is due south.
    QVERIFY(azimuth(49, 90) < -M_PI + 0.05);
    // Values stay in (-π, π].
    double lo = 10, hi = -10;
    for (int y = 0; y < s; ++y)
        for (int x = 0; x < s; ++x) {
            lo = std::min(lo, azimuth(x, y));
            hi = std::max(hi, azimuth(x, y));
        }
    QVERIFY(lo > -M_PI);
    QCOMPARE(hi, M_PI);
}

void TestOrientationMap::satelliteRadius() {
    for (int s : {100, 101, 512}) {
        const cv::Mat map = OrientationMap::satelliteRaw(s);
        const double centre = (s - 1) / 2.0, half = s / 2.0;
        double maxInside = 0;
        for (int y = 0; y < s; ++y)
            for (int x = 0; x < s; ++x) {
                const double d = std::hypot(x - centre, y - centre) / half;
                const cv::Vec2d v = map.at<cv::Vec2d>(y, x);
                if (d > 1.0) {
                    QCOMPARE(v[0], 0.0);
                    QCOMPARE(v[1], 0.0);
                } else {
                    QVERIFY(std::abs(v[1] - d) < 1e-12);
                    maxInside = std::max(maxInside, v[1]);
                }
            }
        // The outermost inside pixels lie on the circle to within one pixel.
        QVERIFY2(maxInside <= 1.0 && maxInside > 1.0 - 1.0 / half,
                 qPrintable(QString::number(maxInside)));
        // Corners are outside.
        QCOMPARE(map.at<cv::Vec2d>(0, 0)[1], 0.0);
    }
    const cv::Mat odd = OrientationMap::satelliteRaw(101);
    QCOMPARE(odd.at<cv::Vec2d>(50, 50)[1], 0.0);                          // centre
    QVERIFY(std::abs(odd.at<cv::Vec2d>(50, 100)[1] - 50 / 50.5) < 1e-12); // east edge
}

void TestOrientationMap::satelliteNetworkChannels() {
    const cv::Mat net = OrientationMap::satelliteChannels(101);
    QCOMPARE(net.type(), CV_32FC2);
    QCOMPARE(net.at<cv::Vec2f>(50, 50)[0], 0.0f);
    QCOMPARE(net.at<cv::Vec2f>(50, 50)[1], -1.0f);                  // radius 0 → (0 - 0.5)·2
    QVERIFY(std::abs(net.at<cv::Vec2f>(50, 90)[0] - 0.5f) < 1e-6f); // east: π/2 / π
    QCOMPARE(net.at<cv::Vec2f>(90, 50)[0], 1.0f);                   // south
    QCOMPARE(net.at<cv::Vec2f>(0, 0), cv::Vec2f(0, 0));             // outside
    QCOMPARE(net.at<cv::Vec2f>(100, 100), cv::Vec2f(0, 0));
}

void TestOrientationMap::cvactCropThenAreaResize() {
    const cv::Mat map = OrientationMap::cvactGroundRaw(832, 1664, cv::Size(1232, 224));
    QCOMPARE(map.rows, 224);
    QCOMPARE(map.cols, 1232);
    // Pitch is constant along a row and linear in the row index, so an area resize gives the
    // pitch at the overlap-weighted mean of the source rows each output row covers, the
    // source being rows 208 .. 623 of the full panorama.
    const double step = 2 * M_PI / 1663;
    const double scale = 416.0 / 224.0;
    for (int r : {0, 1, 111, 112, 223}) {
        const double lo = r * scale, hi = (r + 1) * scale;
        double weighted = 0, total = 0;
        for (int k = static_cast<int>(lo); k < hi; ++k) {
            const double w = std::min(hi, k + 1.0) - std::max(lo, double(k));
            weighted += w * k;
            total += w;
        }
        const double sourceRow = 208 + weighted / total;
        const double expected = (sourceRow - 831 / 2.0) * step;
        // OpenCV computes area weights in float: 1e-6 still tells rows apart (one row = 4e-3).
        QVERIFY2(std::abs(map.at<cv::Vec2d>(r, 600)[1] - expected) < 1e-6,
                 qPrintable(QString("row %1: %2 vs %3")
                                .arg(r)
                                .arg(map.at<cv::Vec2d>(r, 600)[1])
                                .arg(expected)));
    }
    // The crop is symmetric, so the horizon lies between the two middle rows.
    QVERIFY(std::abs(map.at<cv::Vec2d>(111, 0)[1] + map.at<cv::Vec2d>(112, 0)[1]) < 1e-9);
    // Yaw still spans the full circle.
    QVERIFY(map.at<cv::Vec2d>(0, 0)[0] < -M_PI + 0.01);
    QVERIFY(map.at<cv::Vec2d>(0, 1231)[0] > M_PI - 0.01);
}

void TestOrientationMap::rejectsDegenerateSizes() {
    QVERIFY_THROWS_EXCEPTION(orinet::Error, OrientationMap::groundRaw(10, 1));
    QVERIFY_THROWS_EXCEPTION(orinet::Error, OrientationMap::satelliteRaw(0));
}

QTEST_APPLESS_MAIN(TestOrientationMap)
#include "tst_orientationmap.moc"
