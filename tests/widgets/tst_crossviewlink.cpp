#include "crossviewlink.h"
#include "geo/crossview.h"
#include "imageview.h"
#include "pairviewer.h"
#include "zoomview.h"

#include <QMouseEvent>
#include <QSignalSpy>
#include <QtTest>

#include <cmath>

using namespace orinet;

namespace {

//! A grey image (so the cyan ray stands out).
QImage grey(int width, int height) {
    QImage image(width, height, QImage::Format_RGB32);
    image.fill(QColor(110, 110, 110));
    return image;
}

bool isRay(const QColor& c) {
    return c.blue() > 180 && c.green() > 160 && c.red() < 90;
}

//! How many ray-coloured pixels a widget shows inside a rectangle.
int rayPixels(QWidget& view, const QRect& area) {
    const QImage shot = view.grab().toImage();
    int count = 0;
    for (int y = std::max(0, area.top()); y <= std::min(shot.height() - 1, area.bottom()); ++y)
        for (int x = std::max(0, area.left()); x <= std::min(shot.width() - 1, area.right()); ++x)
            count += isRay(shot.pixelColor(x, y)) ? 1 : 0;
    return count;
}

} // namespace

class TestCrossViewLink : public QObject {
    Q_OBJECT
private slots:
    void panoramaHoverDrawsTheBearingOnTiles();
    void tileHoverMarksThePanoramaColumn();
    void leavingClearsAndSignalsNaN();
    void cvactCropIsShaded();
    void imageViewReportsImagePoints();
    void pairViewerShowsValues();
    void clickPinsUntilTheNextClickOrEscape();
};

void TestCrossViewLink::panoramaHoverDrawsTheBearingOnTiles() {
    ZoomView panorama;
    panorama.resize(616, 112);
    panorama.setImage(grey(616, 112));
    ImageView tile;
    tile.resize(256, 256);
    tile.setImage(grey(256, 256));
    CrossViewLink link;
    link.addPanorama(&panorama);
    link.addTile(&tile, 100.0 / 256);
    QSignalSpy bearings(&link, &CrossViewLink::bearingChanged);

    // Due east, 10 rows below the horizon.
    const double column = crossview::columnOfYaw(M_PI / 2, 616);
    const double row = 55.5 + 10;
    link.hover(&panorama, QPointF(column + 0.5, row + 0.5));
    QCOMPARE(bearings.count(), 1);
    QVERIFY(std::abs(link.bearing() - M_PI / 2) < 1e-9);
    const double pitch = crossview::pitchOfRow(row, 112, 616);
    QVERIFY(std::abs(link.groundDistance() - 2.3 / std::tan(pitch)) < 1e-9);
    QVERIFY2(link.values().contains("yaw 90.0° (E)") && link.values().contains("below"),
             qPrintable(link.values()));

    // The tile shows the ray to the east of its centre, none to the west, with the ground point.
    const QRectF r = tile.imageRect();
    const int cy = static_cast<int>(r.center().y());
    QVERIFY(rayPixels(tile, QRect(static_cast<int>(r.center().x()) + 10, cy - 3, 100, 7)) > 50);
    QCOMPARE(rayPixels(tile, QRect(static_cast<int>(r.left()) + 2, cy - 3, 100, 7)), 0);
}

void TestCrossViewLink::tileHoverMarksThePanoramaColumn() {
    ZoomView panorama;
    panorama.resize(616, 112);
    panorama.setImage(grey(616, 112));
    ImageView tile;
    tile.resize(256, 256);
    tile.setImage(grey(256, 256));
    CrossViewLink link;
    link.addPanorama(&panorama);
    link.addTile(&tile, 100.0 / 256);
    // 30 px north-west of the centre: azimuth −45°, 30·√2 px = 16.6 m away.
    const QPointF pixel(127.5 - 30, 127.5 - 30);
    link.hover(&tile, pixel + QPointF(0.5, 0.5));
    QVERIFY(std::abs(link.bearing() + M_PI / 4) < 1e-9);
    QVERIFY(std::abs(link.groundDistance() - 30 * std::sqrt(2.0) * 100 / 256) < 1e-9);
    QVERIFY2(link.values().contains("NW") && link.values().contains("16.6 m"),
             qPrintable(link.values()));
    // The panorama column looking north-west carries the ray; the one looking south-east not.
    const QTransform t = panorama.imageToWidget();
    const int x =
        static_cast<int>(t.map(QPointF(crossview::columnOfYaw(-M_PI / 4, 616) + 0.5, 0)).x());
    const int opposite =
        static_cast<int>(t.map(QPointF(crossview::columnOfYaw(3 * M_PI / 4, 616) + 0.5, 0)).x());
    QVERIFY(rayPixels(panorama, QRect(x - 2, 0, 5, 112)) > 60);
    QCOMPARE(rayPixels(panorama, QRect(opposite - 2, 0, 5, 112)), 0);
}

void TestCrossViewLink::leavingClearsAndSignalsNaN() {
    ZoomView panorama;
    panorama.setImage(grey(100, 20));
    ImageView tile;
    tile.setImage(grey(64, 64));
    CrossViewLink link;
    link.addPanorama(&panorama);
    link.addTile(&tile);
    QSignalSpy bearings(&link, &CrossViewLink::bearingChanged);
    link.hover(&tile, QPointF(60, 32)); // east, pixel distances (no scale)
    QVERIFY(link.values().contains(" px from the centre"));
    QVERIFY(std::isnan(link.groundDistance()));
    QEvent leave(QEvent::Leave);
    QApplication::sendEvent(&tile, &leave);
    QCOMPARE(bearings.count(), 2);
    QVERIFY(std::isnan(bearings.last().at(0).toDouble()));
    QVERIFY(link.values().isEmpty());
    // A point outside the image counts as leaving too.
    link.hover(&tile, QPointF(10, 10));
    link.hover(&tile, QPointF(-5, 10));
    QVERIFY(std::isnan(link.bearing()));
    // A view destroyed while linked is dropped.
    {
        ImageView temporary;
        temporary.setImage(grey(64, 64));
        link.addTile(&temporary);
    }
    link.hover(&panorama, QPointF(50, 10)); // repaints every linked view: must not crash
    QVERIFY(std::isfinite(link.bearing()));
}

void TestCrossViewLink::cvactCropIsShaded() {
    ZoomView panorama;
    panorama.resize(512, 256);
    panorama.setImage(grey(512, 256));
    CrossViewLink link;
    link.addPanorama(&panorama, {/*cvactCrop=*/true, 2.3});
    const QImage shot = panorama.grab().toImage();
    const QTransform t = panorama.imageToWidget();
    const QPoint top = t.map(QPointF(300, 20)).toPoint();
    const QPoint middle = t.map(QPointF(300, 128)).toPoint();
    const QPoint bottom = t.map(QPointF(300, 240)).toPoint();
    QVERIFY(shot.pixelColor(top).lightness() < shot.pixelColor(middle).lightness() - 20);
    QVERIFY(shot.pixelColor(bottom).lightness() < shot.pixelColor(middle).lightness() - 20);
}

void TestCrossViewLink::imageViewReportsImagePoints() {
    ImageView view;
    view.resize(400, 200);
    view.setImage(grey(200, 100)); // drawn at 2x, filling the widget
    QSignalSpy hovered(&view, &ImageView::imagePointHovered);
    QMouseEvent move(QEvent::MouseMove, QPointF(100, 50), QPointF(100, 50),
                     view.mapToGlobal(QPointF(100, 50)), Qt::NoButton, Qt::NoButton,
                     Qt::NoModifier);
    QApplication::sendEvent(&view, &move);
    QCOMPARE(hovered.count(), 1);
    const QPointF p = hovered.first().first().toPointF();
    QVERIFY(std::abs(p.x() - 50) < 1e-9 && std::abs(p.y() - 25) < 1e-9);
}

void TestCrossViewLink::pairViewerShowsValues() {
    PairViewer viewer;
    viewer.resize(700, 600);
    viewer.setPanorama(grey(616, 112));
    viewer.setTile(grey(256, 256), 100.0 / 256);
    QSignalSpy bearings(&viewer, &PairViewer::bearingChanged);
    viewer.link()->hover(viewer.panoramaView(), QPointF(100.5, 30.5));
    QCOMPARE(bearings.count(), 1);
    QVERIFY2(viewer.valuesText().startsWith("panorama (100, 30): yaw"),
             qPrintable(viewer.valuesText()));
}

void TestCrossViewLink::clickPinsUntilTheNextClickOrEscape() {
    QWidget window;
    auto* panorama = new ImageView(&window);
    panorama->setGeometry(0, 0, 400, 100);
    panorama->setImage(grey(400, 100));
    auto* tile = new ImageView(&window);
    tile->setGeometry(0, 120, 128, 128);
    tile->setImage(grey(128, 128));
    CrossViewLink link;
    link.addPanorama(panorama);
    link.addTile(tile);
    window.resize(400, 260);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QSignalSpy bearings(&link, &CrossViewLink::bearingChanged);

    // Pointer over the east-looking column, then a click there: pinned.
    const int east = static_cast<int>(crossview::columnOfYaw(M_PI / 2, 400));
    QTest::mouseMove(panorama, QPoint(east, 40));
    QTRY_VERIFY(std::abs(link.bearing() - M_PI / 2) < 0.02);
    QTest::mouseClick(panorama, Qt::LeftButton, Qt::NoModifier, QPoint(east, 40));
    QVERIFY(link.isPinned());
    QVERIFY2(link.values().contains("pinned"), qPrintable(link.values()));
    // Moving elsewhere and leaving the images keep the ray: it can be read on the map.
    QTest::mouseMove(panorama, QPoint(20, 40));
    link.hover(panorama, QPointF(20.5, 40.5));
    QEvent leave(QEvent::Leave);
    QApplication::sendEvent(panorama, &leave);
    QVERIFY(std::abs(link.bearing() - M_PI / 2) < 0.02);
    QVERIFY(std::isfinite(bearings.last().at(0).toDouble()));
    const QRectF r = tile->imageRect();
    QVERIFY(rayPixels(*tile, QRect(static_cast<int>(r.center().x()) + 8,
                                   static_cast<int>(r.center().y()) - 3, 40, 7)) > 20);

    // Escape in the window releases it; the ray goes.
    QTest::keyClick(&window, Qt::Key_Escape);
    QVERIFY(!link.isPinned());
    QVERIFY(std::isnan(link.bearing()));
    QVERIFY(std::isnan(bearings.last().at(0).toDouble()));

    // Pinned again on the tile, then the next click on a linked view releases it.
    link.hover(tile, QPointF(100.5, 64.5));
    QTest::mouseClick(tile, Qt::LeftButton, Qt::NoModifier, QPoint(100, 64));
    QVERIFY(link.isPinned());
    const double pinned = link.bearing();
    link.hover(tile, QPointF(64.5, 10.5)); // ignored while pinned
    QCOMPARE(link.bearing(), pinned);
    QTest::mouseClick(panorama, Qt::LeftButton, Qt::NoModifier, QPoint(30, 30));
    QVERIFY(!link.isPinned());
    // A drag (a zoom view's pan) is no click: nothing is pinned.
    link.hover(panorama, QPointF(30.5, 30.5));
    QTest::mousePress(panorama, Qt::LeftButton, Qt::NoModifier, QPoint(30, 30));
    QTest::mouseRelease(panorama, Qt::LeftButton, Qt::NoModifier, QPoint(90, 30));
    QVERIFY(!link.isPinned());
}

QTEST_MAIN(TestCrossViewLink)
#include "tst_crossviewlink.moc"
