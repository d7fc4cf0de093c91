#include "imageview.h"
#include "matimage.h"
#include "orientation/orientationmap.h"
#include "orientationimage.h"

#include <QtTest>

#include <opencv2/core.hpp>

using namespace orinet;

class TestImageView : public QObject {
    Q_OBJECT
private slots:
    void letterboxesAndKeepsAspect();
    void overlayBlendsOverImage();
    void orientationColoursMatchAcrossViews();
    void convertsBgrToRgb();
};

void TestImageView::letterboxesAndKeepsAspect() {
    ImageView view;
    view.resize(400, 400);
    QImage wide(200, 50, QImage::Format_RGB32);
    wide.fill(Qt::blue);
    view.setImage(wide);
    const QRectF r = view.imageRect();
    QCOMPARE(r.width(), 400.0);
    QCOMPARE(r.height(), 100.0);
    QCOMPARE(r.top(), 150.0);
    const QImage shot = view.grab().toImage();
    QCOMPARE(shot.pixelColor(200, 200), QColor(Qt::blue));
    QVERIFY(shot.pixelColor(200, 20) != QColor(Qt::blue)); // letterbox band
}

void TestImageView::overlayBlendsOverImage() {
    ImageView view;
    view.resize(100, 100);
    QImage black(10, 10, QImage::Format_RGB32);
    black.fill(Qt::black);
    QImage white(5, 5, QImage::Format_RGB32);
    white.fill(Qt::white);
    view.setImage(black);
    view.setOverlay(white, 0.5);
    const QColor c = view.grab().toImage().pixelColor(50, 50);
    QVERIFY2(std::abs(c.red() - 128) < 8, qPrintable(QString::number(c.red())));
    view.setOverlay(QImage());
    QCOMPARE(view.grab().toImage().pixelColor(50, 50), QColor(Qt::black));
}

void TestImageView::orientationColoursMatchAcrossViews() {
    // East in a panorama (yaw +π/2, three quarters across) and east in a tile (right of the
    // centre) get the same hue: the overlay shows the shared convention.
    const QImage pano = orientationimage::fromGroundMap(OrientationMap::groundRaw(9, 401));
    const QImage tile = orientationimage::fromSatelliteMap(OrientationMap::satelliteRaw(101));
    const int panoHue = pano.pixelColor(300, 4).hsvHue();
    const int tileHue = tile.pixelColor(90, 50).hsvHue();
    QVERIFY2(std::abs(panoHue - tileHue) <= 2,
             qPrintable(QString("%1 vs %2").arg(panoHue).arg(tileHue)));
    // And north (panorama centre, tile top) differs from east.
    QVERIFY(std::abs(pano.pixelColor(200, 4).hsvHue() - panoHue) > 45);
    QCOMPARE(tile.pixelColor(0, 0), QColor(40, 40, 40)); // outside the circle
}

void TestImageView::convertsBgrToRgb() {
    cv::Mat bgr(2, 2, CV_8UC3, cv::Scalar(255, 0, 0)); // blue in OpenCV's order
    const QImage image = matimage::fromBgr(bgr);
    QCOMPARE(image.pixelColor(1, 1), QColor(0, 0, 255));
}

QTEST_MAIN(TestImageView)
#include "tst_imageview.moc"
