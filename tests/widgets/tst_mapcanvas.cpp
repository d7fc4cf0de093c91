#include "mapcanvas.h"

#include <QSignalSpy>
#include <QtTest>

using namespace orinet;

namespace {

//! 100 x 100 px, 2 m per pixel: west half red, east half green.
QImage halves() {
    QImage image(100, 100, QImage::Format_RGB32);
    for (int y = 0; y < 100; ++y)
        for (int x = 0; x < 100; ++x)
            image.setPixel(x, y, x < 50 ? qRgb(255, 0, 0) : qRgb(0, 255, 0));
    return image;
}

bool near(QColor a, QColor b, int tolerance = 40) {
    return std::abs(a.red() - b.red()) <= tolerance &&
           std::abs(a.green() - b.green()) <= tolerance &&
           std::abs(a.blue() - b.blue()) <= tolerance;
}

} // namespace

class TestMapCanvas : public QObject {
    Q_OBJECT
private slots:
    void rendersBaseImageNorthUp();
    void screenAndProjectedAreInverse();
    void clickReportsNearestMarker();
    void wheelZoomKeepsCursorPoint();
};

void TestMapCanvas::rendersBaseImageNorthUp() {
    MapCanvas canvas;
    canvas.resize(200, 200);
    canvas.setBaseImage(halves(), QPointF(1000, 2000), 2.0);
    canvas.setMarkers({{QPointF(1100, 1900), Qt::blue, {}, 6, 7}}); // image centre
    const QImage shot = canvas.grab().toImage();
    const QPointF centre = canvas.toScreen(QPointF(1100, 1900));
    QVERIFY(std::abs(centre.x() - 100) < 1 && std::abs(centre.y() - 100) < 1);
    QVERIFY(near(shot.pixelColor(centre.toPoint()), Qt::blue));
    // West of the centre is red, east green; the image spans the view (fit on set).
    QVERIFY(near(shot.pixelColor(50, 60), QColor(255, 0, 0)));
    QVERIFY(near(shot.pixelColor(150, 60), QColor(0, 255, 0)));
    // North is up: a point 50 m north of the centre is above it on screen.
    QVERIFY(canvas.toScreen(QPointF(1100, 1950)).y() < centre.y());
}

void TestMapCanvas::screenAndProjectedAreInverse() {
    MapCanvas canvas;
    canvas.resize(320, 240);
    canvas.setBaseImage(halves(), QPointF(500000, 6000000), 0.5);
    canvas.centreOn(QPointF(500010, 5999990), 100);
    for (QPointF p :
         {QPointF(500010, 5999990), QPointF(500000, 6000000), QPointF(500037.5, 5999961)}) {
        const QPointF back = canvas.toProjected(canvas.toScreen(p));
        QVERIFY(std::abs(back.x() - p.x()) < 1e-6 && std::abs(back.y() - p.y()) < 1e-6);
    }
    QCOMPARE(canvas.toScreen(QPointF(500010, 5999990)), QPointF(160, 120));
}

void TestMapCanvas::clickReportsNearestMarker() {
    MapCanvas canvas;
    canvas.resize(200, 200);
    canvas.setBaseImage(halves(), QPointF(0, 200), 2.0);
    canvas.setMarkers(
        {{QPointF(50, 150), Qt::yellow, "a", 4, 1}, {QPointF(150, 50), Qt::yellow, "b", 4, 2}});
    QSignalSpy spy(&canvas, &MapCanvas::markerClicked);
    QTest::mouseClick(&canvas, Qt::LeftButton, {},
                      canvas.toScreen(QPointF(150, 50)).toPoint() + QPoint(2, 1));
    QCOMPARE(spy.count(), 1);
    QCOMPARE(spy.at(0).at(0).toInt(), 2);
    // A click far from every marker reports nothing.
    QTest::mouseClick(&canvas, Qt::LeftButton, {}, canvas.toScreen(QPointF(100, 100)).toPoint());
    QCOMPARE(spy.count(), 1);
}

void TestMapCanvas::wheelZoomKeepsCursorPoint() {
    MapCanvas canvas;
    canvas.resize(200, 200);
    canvas.setBaseImage(halves(), QPointF(0, 200), 2.0);
    const QPointF cursor(40, 70);
    const QPointF before = canvas.toProjected(cursor);
    QWheelEvent wheel(cursor, canvas.mapToGlobal(cursor), QPoint(), QPoint(0, 240), Qt::NoButton,
                      Qt::NoModifier, Qt::NoScrollPhase, false);
    QApplication::sendEvent(&canvas, &wheel);
    const QPointF after = canvas.toProjected(cursor);
    QVERIFY(std::abs(before.x() - after.x()) < 1e-6 && std::abs(before.y() - after.y()) < 1e-6);
    // Zoomed in: the same 10 screen pixels now span fewer metres.
    const double span =
        canvas.toProjected(QPointF(10, 0)).x() - canvas.toProjected(QPointF(0, 0)).x();
    QVERIFY(span < 10 * 2.0 * 1.02 * 0.7);
}

QTEST_MAIN(TestMapCanvas)
#include "tst_mapcanvas.moc"
