#include "common/error.h"
#include "orientation/orientationmap.h"
#include "orientation/pairtransform.h"

#include <QtTest>
#include <opencv2/imgproc.hpp>

using namespace orinet;

namespace {

//! An image whose pixel value is a unique id, and a "map" holding each pixel's source
//! coordinates: after any joint transform, value and map must still agree everywhere.
ImageWithMap tagged(int rows, int cols) {
    ImageWithMap p{cv::Mat(rows, cols, CV_32SC1), cv::Mat(rows, cols, CV_64FC2)};
    for (int r = 0; r < rows; ++r)
        for (int c = 0; c < cols; ++c) {
            p.image.at<int>(r, c) = r * cols + c;
            p.map.at<cv::Vec2d>(r, c) = cv::Vec2d(r, c);
        }
    return p;
}

bool pairsIntact(const ImageWithMap& p, int sourceCols) {
    for (int r = 0; r < p.image.rows; ++r)
        for (int c = 0; c < p.image.cols; ++c) {
            const int id = p.image.at<int>(r, c);
            const cv::Vec2d src = p.map.at<cv::Vec2d>(r, c);
            if (id != static_cast<int>(src[0]) * sourceCols + static_cast<int>(src[1]))
                return false;
        }
    return true;
}

} // namespace

class TestPairTransform : public QObject {
    Q_OBJECT
private slots:
    void shiftKeepsPairs_data();
    void shiftKeepsPairs();
    void rotationKeepsPairs();
    void rotationTurnsNorthToEast();
    void cropResizeKeepsPairs();
    void middleHalfRows();
    void rejectsMismatchedSizes();
};

void TestPairTransform::shiftKeepsPairs_data() {
    QTest::addColumn<int>("shift");
    for (int k : {0, 1, 5, 11, 12, -3, 25})
        QTest::newRow(qPrintable(QString::number(k))) << k;
}

void TestPairTransform::shiftKeepsPairs() {
    QFETCH(int, shift);
    const int rows = 4, cols = 12;
    const ImageWithMap in = tagged(rows, cols);
    const ImageWithMap out = shiftColumns(in, shift);
    QVERIFY(pairsIntact(out, cols));
    const int k = ((shift % cols) + cols) % cols;
    for (int c = 0; c < cols; ++c)
        QCOMPARE(out.image.at<int>(2, (c + k) % cols), in.image.at<int>(2, c));

    // On a real panorama map: after the shift, the yaw in each column moved with the pixels.
    const cv::Mat ground = OrientationMap::groundRaw(3, cols);
    const ImageWithMap g = shiftColumns({in.image.rowRange(0, 3).clone(), ground}, shift);
    QCOMPARE(g.map.at<cv::Vec2d>(0, k)[0], -M_PI);
}

void TestPairTransform::rotationKeepsPairs() {
    const ImageWithMap in = tagged(6, 6);
    for (int q : {-1, 0, 1, 2, 3, 5}) {
        const ImageWithMap out = rotateQuarterTurns(in, q);
        QVERIFY2(pairsIntact(out, 6), qPrintable(QString("quarter turns %1").arg(q)));
    }
    // A non-square image swaps its dimensions.
    const ImageWithMap wide = rotateQuarterTurns(tagged(3, 5), 1);
    QCOMPARE(wide.image.rows, 5);
    QCOMPARE(wide.image.cols, 3);
    QVERIFY(pairsIntact(wide, 5));
    // Clockwise: the top-left pixel goes to the top-right.
    QCOMPARE(wide.image.at<int>(0, 2), 0);
}

void TestPairTransform::rotationTurnsNorthToEast() {
    const int s = 101;
    cv::Mat image(s, s, CV_8UC3, cv::Scalar(0, 0, 0));
    image.at<cv::Vec3b>(10, 50) = cv::Vec3b(0, 0, 255); // a red pixel due north
    const ImageWithMap out = rotateQuarterTurns({image, OrientationMap::satelliteRaw(s)}, 1);
    // After a clockwise quarter turn the red pixel sits due east and still carries the
    // azimuth it had (north), which is what the augmentation wants.
    QCOMPARE(out.image.at<cv::Vec3b>(50, 90), cv::Vec3b(0, 0, 255));
    QCOMPARE(out.map.at<cv::Vec2d>(50, 90)[0], 0.0);
}

void TestPairTransform::cropResizeKeepsPairs() {
    const ImageWithMap in = tagged(20, 20);
    // Crop side equal to the target: no resampling, so the pairs stay exact.
    const ImageWithMap out = centredCropResize(in, 10, cv::Size(10, 10), cv::INTER_NEAREST);
    QCOMPARE(out.image.size(), cv::Size(10, 10));
    QVERIFY(pairsIntact(out, 20));
    QCOMPARE(out.image.at<int>(0, 0), 5 * 20 + 5);

    // On a satellite tile: cropping and upscaling keeps the centre at radius ~0 and north up.
    const int s = 64;
    const ImageWithMap tile{cv::Mat(s, s, CV_8UC3, cv::Scalar(1, 2, 3)),
                            OrientationMap::satelliteRaw(s)};
    const ImageWithMap up = centredCropResize(tile, 32, cv::Size(s, s), cv::INTER_LINEAR);
    QCOMPARE(up.image.size(), cv::Size(s, s));
    QVERIFY(up.map.at<cv::Vec2d>(32, 32)[1] < 0.1);
    QVERIFY(std::abs(up.map.at<cv::Vec2d>(5, 31)[0]) < 0.1);
    QVERIFY_THROWS_EXCEPTION(orinet::Error, centredCropResize(tile, 65, cv::Size(8, 8), 1));
}

void TestPairTransform::middleHalfRows() {
    const ImageWithMap in = tagged(832, 2);
    const cv::Mat crop = cropMiddleHalfRows(in.image);
    QCOMPARE(crop.rows, 416);
    QCOMPARE(crop.at<int>(0, 0), 208 * 2);
    QCOMPARE(crop.at<int>(415, 1), 623 * 2 + 1);
}

void TestPairTransform::rejectsMismatchedSizes() {
    const ImageWithMap bad{cv::Mat(4, 4, CV_8UC1), cv::Mat(4, 5, CV_64FC2)};
    QVERIFY_THROWS_EXCEPTION(orinet::Error, shiftColumns(bad, 1));
    QVERIFY_THROWS_EXCEPTION(orinet::Error, rotateQuarterTurns(bad, 1));
}

QTEST_APPLESS_MAIN(TestPairTransform)
#include "tst_pairtransform.moc"
