#include "annotationlayer.h"
#include "geo/geotiff.h"
#include "geo/rastersource.h"
#include "mapcanvas.h"
#include "markerlayer.h"
#include "rasterlayer.h"
#include "tilecache.h"

#include <QPainter>
#include <QPicture>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include <opencv2/core.hpp>

#include <random>

using namespace orinet;

namespace {

bool near(QColor a, QColor b, int tolerance = 40) {
    return std::abs(a.red() - b.red()) <= tolerance &&
           std::abs(a.green() - b.green()) <= tolerance &&
           std::abs(a.blue() - b.blue()) <= tolerance;
}

//! Waits until every tile the canvas shows is cached, then grabs it.
QImage settledGrab(MapCanvas& canvas, RasterLayer& layer) {
    for (int i = 0; i < 200; ++i) {
        canvas.grab(); // paint: requests the missing tiles
        if (layer.isComplete(canvas.viewport()))
            break;
        QTest::qWait(20);
    }
    return canvas.grab().toImage();
}

//! `n` random points over a 10 km square (UTM-like coordinates), three categories.
void randomPoints(MarkerLayer& layer, int n, unsigned seed) {
    std::mt19937 rng(seed);
    std::uniform_real_distribution<double> u(0, 10000);
    std::vector<QPointF> points(static_cast<size_t>(n));
    std::vector<qint64> ids(points.size());
    std::vector<quint8> categories(points.size());
    for (size_t i = 0; i < points.size(); ++i) {
        points[i] = QPointF(690000 + u(rng), 6080000 + u(rng));
        ids[i] = static_cast<qint64>(i);
        categories[i] = static_cast<quint8>(i % 3);
    }
    layer.setCategories({{"train", QColor(86, 180, 233)},
                         {"val", QColor(230, 159, 0)},
                         {"test", QColor(204, 121, 167)}});
    layer.setPoints(points, ids, categories);
}

} // namespace

class TestMapCanvas : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void rendersRasterNorthUpFromTiles();
    void screenAndProjectedAreInverse();
    void wheelZoomKeepsCursorPoint();
    void zoomedOutUsesOverviewLevel();
    void clickReportsNearestMarker();
    void hundredThousandMarkersHitAndCluster();
    void clusterClickZoomsIn();
    void fitWhileHiddenIsMadeAtTheShownSize();
    void panningKeepsClusters_data();
    void panningKeepsClusters();
    void cachedSymbolsMatchVectorDrawing();
    void namesAtTheRightEdgeStayOnTheCanvas();
    void exportsPngAndPdf();
    void scaleInGeographicCrs();

private:
    QTemporaryDir mDir;
    QString mHalves; //!< 400 x 400 px, 2 m: west half red, east half green, EPSG:32755
};

void TestMapCanvas::initTestCase() {
    QVERIFY(mDir.isValid());
    cv::Mat image(400, 400, CV_8UC3);
    image.colRange(0, 200).setTo(cv::Scalar(0, 0, 255));   // BGR red
    image.colRange(200, 400).setTo(cv::Scalar(0, 255, 0)); // green
    mHalves = mDir.filePath("halves.tif");
    GeoTiff::write(mHalves.toStdString(), image, GeoTransform{1000, 2000, 2.0}, 32755);
}

void TestMapCanvas::rendersRasterNorthUpFromTiles() {
    MapCanvas canvas;
    canvas.resize(200, 200);
    auto* raster = new RasterLayer(RasterSource::open(mHalves.toStdString()), "halves");
    canvas.addLayer(raster);
    canvas.zoomToAll();
    auto* marks = new AnnotationLayer("marks");
    AnnotationLayer::Symbol centre;
    centre.position = QPointF(1400, 1600); // raster centre
    centre.colour = Qt::blue;
    centre.radius = 5;
    marks->setSymbols({centre});
    canvas.addLayer(marks);
    const QImage shot = settledGrab(canvas, *raster);
    const QPointF c = canvas.toScreen(QPointF(1400, 1600));
    QVERIFY(std::abs(c.x() - 100) < 1 && std::abs(c.y() - 100) < 1);
    QVERIFY(near(shot.pixelColor(c.toPoint()), Qt::blue));
    // West of the centre is red, east green (the raster fills the view).
    QVERIFY2(near(shot.pixelColor(50, 60), QColor(255, 0, 0)),
             qPrintable(shot.pixelColor(50, 60).name()));
    QVERIFY(near(shot.pixelColor(150, 60), QColor(0, 255, 0)));
    // North is up.
    QVERIFY(canvas.toScreen(QPointF(1400, 1650)).y() < c.y());
}

void TestMapCanvas::screenAndProjectedAreInverse() {
    MapCanvas canvas;
    canvas.resize(320, 240);
    canvas.centreOn(QPointF(500010, 5999990), 100);
    for (QPointF p :
         {QPointF(500010, 5999990), QPointF(500000, 6000000), QPointF(500037.5, 5999961)}) {
        const QPointF back = canvas.toProjected(canvas.toScreen(p));
        QVERIFY(std::abs(back.x() - p.x()) < 1e-6 && std::abs(back.y() - p.y()) < 1e-6);
    }
    QCOMPARE(canvas.toScreen(QPointF(500010, 5999990)), QPointF(160, 120));
}

void TestMapCanvas::wheelZoomKeepsCursorPoint() {
    MapCanvas canvas;
    canvas.resize(200, 200);
    canvas.centreOn(QPointF(100, 100), 400);
    const QPointF cursor(40, 70);
    const QPointF before = canvas.toProjected(cursor);
    QWheelEvent wheel(cursor, canvas.mapToGlobal(cursor), QPoint(), QPoint(0, 240), Qt::NoButton,
                      Qt::NoModifier, Qt::NoScrollPhase, false);
    QApplication::sendEvent(&canvas, &wheel);
    const QPointF after = canvas.toProjected(cursor);
    QVERIFY(std::abs(before.x() - after.x()) < 1e-6 && std::abs(before.y() - after.y()) < 1e-6);
    QVERIFY(canvas.viewport().unitsPerPixel < 2.0 * 0.7);
}

void TestMapCanvas::zoomedOutUsesOverviewLevel() {
    // 2048 x 2048 px, 0.5 m: random noise, so each level's pixels differ from the full ones.
    cv::Mat noise(2048, 2048, CV_8UC3);
    cv::randu(noise, cv::Scalar::all(0), cv::Scalar::all(255));
    const QString path = mDir.filePath("noise.tif");
    GeoTiff::write(path.toStdString(), noise, GeoTransform{0, 1024, 0.5}, 32755);
    const auto source = RasterSource::open(path.toStdString());
    QVERIFY(source->overviewCount() >= 4);
    RasterLayer layer(source, "noise");
    QCOMPARE(layer.levelFor(0.25), 0);
    QCOMPARE(layer.levelFor(0.5), 0);
    QCOMPARE(layer.levelFor(0.99), 0);
    QCOMPARE(layer.levelFor(1.0), 1);
    QCOMPARE(layer.levelFor(4.1), 3);
    QCOMPARE(layer.levelFor(1e6), source->levelCount(TileCache::kTileSize) - 1);

    // The whole raster in a 256 px canvas: one tile of level 3 (2048 / 8 = 256 px).
    MapCanvas canvas;
    canvas.resize(256, 256);
    auto* raster = new RasterLayer(source, "noise");
    canvas.addLayer(raster);
    canvas.zoomTo(QRectF(0, 0, 1024, 1024), 0.0);
    settledGrab(canvas, *raster);
    QCOMPARE(raster->levelFor(canvas.viewport().unitsPerPixel), 3);
    QCOMPARE(raster->cache()->tileCount(), 1);
    QVERIFY(raster->cache()->contains({3, 0, 0}));
}

void TestMapCanvas::clickReportsNearestMarker() {
    MapCanvas canvas;
    canvas.resize(200, 200);
    auto* markers = new MarkerLayer("pairs");
    markers->setPoints({QPointF(50, 150), QPointF(150, 50)}, {1, 2}, {0, 0});
    canvas.addLayer(markers);
    canvas.zoomTo(QRectF(0, 0, 200, 200), 0.0);
    QSignalSpy spy(&canvas, &MapCanvas::featureClicked);
    QTest::mouseClick(&canvas, Qt::LeftButton, {},
                      canvas.toScreen(QPointF(150, 50)).toPoint() + QPoint(2, 1));
    QCOMPARE(spy.count(), 1);
    QCOMPARE(spy.at(0).at(1).toLongLong(), 2);
    QCOMPARE(spy.at(0).at(0).value<MapLayer*>(), markers);
    // A click far from every marker reports an empty click instead.
    QSignalSpy empty(&canvas, &MapCanvas::emptyClicked);
    QTest::mouseClick(&canvas, Qt::LeftButton, {}, canvas.toScreen(QPointF(100, 100)).toPoint());
    QCOMPARE(spy.count(), 1);
    QCOMPARE(empty.count(), 1);
    // A hidden layer is not hit.
    markers->setVisible(false);
    QTest::mouseClick(&canvas, Qt::LeftButton, {}, canvas.toScreen(QPointF(50, 150)).toPoint());
    QCOMPARE(spy.count(), 1);
}

void TestMapCanvas::hundredThousandMarkersHitAndCluster() {
    // 100,000 random points over 10 km; ids are their indices.
    const int n = 100000;
    std::mt19937 rng(3);
    std::uniform_real_distribution<double> u(0, 10000);
    std::vector<QPointF> points(n);
    std::vector<qint64> ids(n);
    std::vector<quint8> categories(n);
    for (int i = 0; i < n; ++i) {
        points[i] = QPointF(690000 + u(rng), 6080000 + u(rng));
        ids[i] = i;
        categories[i] = static_cast<quint8>(i % 3);
    }
    MarkerLayer layer("pairs");
    layer.setCategories({{"train", Qt::blue}, {"val", Qt::yellow}, {"test", Qt::magenta}});
    layer.setPoints(points, ids, categories);

    // The index finds exactly what a scan finds.
    const QRectF box(693000, 6083000, 250, 400);
    std::vector<size_t> scan;
    for (int i = 0; i < n; ++i)
        if (box.contains(points[i]))
            scan.push_back(static_cast<size_t>(i));
    std::vector<size_t> indexed = layer.pointsIn(box);
    std::sort(indexed.begin(), indexed.end());
    QCOMPARE(indexed, scan);

    // Zoomed in (1 m per pixel): a click 2 px from a point hits exactly that point.
    MapViewport view;
    view.size = QSize(800, 600);
    view.unitsPerPixel = 0.05;
    for (int k : {0, 12345, 99999}) {
        view.centre = points[k];
        const auto hit = layer.hitTest(view.toScreen(points[k]) + QPointF(2, 0), view, 6);
        QVERIFY(hit);
        QCOMPARE(hit->id, qint64(k));
    }
    // Hidden categories are neither drawn nor hit.
    layer.setCategoryVisible(0, false);
    view.centre = points[0];
    const auto hidden = layer.hitTest(view.toScreen(points[0]), view, 1);
    QVERIFY(!hidden || hidden->id != 0);
    layer.setCategoryVisible(0, true);

    // Zoomed out to everything: drawn as clusters, far fewer than the points.
    view.centre = QPointF(695000, 6085000);
    view.unitsPerPixel = 14;
    QImage image(view.size, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::black);
    {
        QPainter painter(&image);
        layer.paint(painter, view);
    }
    QVERIFY(layer.lastPaintClustered());
    // Every point is in exactly one cluster (zoomed out, whole index cells are aggregated).
    const auto clusters = layer.visibleClusters(view);
    int clustered = 0;
    for (const auto& c : clusters)
        clustered += c.second;
    QCOMPARE(clustered, n);
    QVERIFY(clusters.size() < 2000);
    // A hidden split leaves its points out of the clusters.
    layer.setCategoryVisible(1, false);
    clustered = 0;
    for (const auto& c : layer.visibleClusters(view))
        clustered += c.second;
    QCOMPARE(clustered, n - n / 3);
    layer.setCategoryVisible(1, true);
    // A click on a cluster asks to zoom into it: a rectangle around its points.
    const auto& [centre, count] = clusters.front();
    const auto hit = layer.hitTest(view.toScreen(centre), view, 2);
    QVERIFY(hit && hit->id < 0 && hit->zoomTo.width() > 0);
    // Zoomed in far enough, points are drawn one by one.
    view.unitsPerPixel = 0.5;
    {
        QPainter painter(&image);
        layer.paint(painter, view);
    }
    QVERIFY(!layer.lastPaintClustered());
}

void TestMapCanvas::clusterClickZoomsIn() {
    MapCanvas canvas;
    canvas.resize(300, 300);
    auto* layer = new MarkerLayer("pairs");
    layer->setClusterThreshold(10);
    std::vector<QPointF> points;
    std::vector<qint64> ids;
    for (int i = 0; i < 50; ++i) {
        points.emplace_back(1000 + (i % 5), 1000 + (i / 5) * 0.5);
        ids.push_back(i);
    }
    layer->setPoints(points, ids, std::vector<quint8>(points.size(), 0));
    canvas.addLayer(layer);
    canvas.centreOn(QPointF(1002, 1002), 3000);
    const double before = canvas.viewport().unitsPerPixel;
    QSignalSpy clicked(&canvas, &MapCanvas::featureClicked);
    QTest::mouseClick(&canvas, Qt::LeftButton, {}, canvas.toScreen(QPointF(1002, 1002)).toPoint());
    QCOMPARE(clicked.count(), 0);
    QVERIFY(canvas.viewport().unitsPerPixel < before / 10);
    QVERIFY(QRectF(0, 0, 300, 300).contains(canvas.toScreen(QPointF(1002, 1002))));
}

void TestMapCanvas::fitWhileHiddenIsMadeAtTheShownSize() {
    // A workspace not shown yet (its canvas still at some earlier size) is asked to frame a
    // query's results; when the user opens it, at a larger size, the results fill the view.
    QWidget window;
    auto* canvas = new MapCanvas(&window);
    canvas->setGeometry(0, 0, 320, 240);
    auto* markers = new MarkerLayer("pairs");
    markers->setPoints({QPointF(0, 0), QPointF(5000, 5000)}, {1, 2}, {0, 0});
    canvas->addLayer(markers);
    canvas->zoomTo(QRectF(1000, 1000, 800, 800), 0.0);
    QCOMPARE(canvas->viewport().unitsPerPixel, 800.0 / 240);
    canvas->setGeometry(0, 0, 800, 800);
    window.resize(800, 800);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QCOMPARE(canvas->viewport().unitsPerPixel, 1.0);
    QCOMPARE(canvas->viewport().centre, QPointF(1400, 1400));
    // Once shown, a resize keeps the scale (the user's view), as before.
    canvas->setGeometry(0, 0, 400, 400);
    QCOMPARE(canvas->viewport().unitsPerPixel, 1.0);
}

void TestMapCanvas::panningKeepsClusters_data() {
    QTest::addColumn<double>("unitsPerPixel");
    // 20,000 points: index cells of ~200 m. At 2 m/px clusters (112 m) are formed point by
    // point; at 20 m/px (1,120 m) from whole index cells.
    QTest::newRow("point by point") << 2.0;
    QTest::newRow("whole index cells") << 20.0;
}

void TestMapCanvas::panningKeepsClusters() {
    // The cluster grid is anchored to the map: panning moves the clusters on screen but never
    // regroups the points, so clusters do not jump or change counts while the user drags.
    QFETCH(double, unitsPerPixel);
    MarkerLayer layer("pairs");
    randomPoints(layer, 20000, 5);
    MapViewport start;
    start.size = QSize(800, 600);
    start.unitsPerPixel = unitsPerPixel;
    start.centre = QPointF(693000.3, 6084000.7);
    const double cell = 56 * unitsPerPixel; // the cluster cell, in map units
    const auto before = layer.visibleClusters(start);
    QVERIFY(before.size() > 20);
    // Pans of a few pixels, of a fraction of a cell and of a third of the view.
    for (const QPointF& pixels : {QPointF(3, -1), QPointF(37.3, 21.9), QPointF(-270.5, 190.25)}) {
        MapViewport panned = start;
        panned.centre += pixels * unitsPerPixel;
        const auto after = layer.visibleClusters(panned);
        // Clusters whose cell lies in both views are whole in both.
        const QRectF both =
            start.extent().intersected(panned.extent()).adjusted(cell, cell, -cell, -cell);
        auto inBoth = [&](const std::vector<std::pair<QPointF, int>>& clusters) {
            std::vector<std::tuple<double, double, int>> out;
            for (const auto& [centroid, count] : clusters)
                if (both.contains(centroid))
                    out.emplace_back(centroid.x(), centroid.y(), count);
            std::sort(out.begin(), out.end());
            return out;
        };
        const auto a = inBoth(before), b = inBoth(after);
        QVERIFY(a.size() > 5);
        QCOMPARE(b.size(), a.size());
        for (size_t i = 0; i < a.size(); ++i) {
            QCOMPARE(std::get<2>(b[i]), std::get<2>(a[i]));
            QVERIFY(std::abs(std::get<0>(b[i]) - std::get<0>(a[i])) < 1e-6);
            QVERIFY(std::abs(std::get<1>(b[i]) - std::get<1>(a[i])) < 1e-6);
        }
    }
}

void TestMapCanvas::cachedSymbolsMatchVectorDrawing() {
    // On images the layer blits cached symbols; on vector devices (here a QPicture, as in PDF
    // exports) it draws discs and text. Both must put the same symbols at the same places.
    MarkerLayer layer("pairs");
    randomPoints(layer, 20000, 9);
    MapViewport view;
    view.size = QSize(640, 480);
    view.centre = QPointF(695000, 6085000);
    for (double unitsPerPixel : {12.0, 3.0}) { // clustered, then single markers
        view.unitsPerPixel = unitsPerPixel;
        QImage blitted(view.size, QImage::Format_ARGB32_Premultiplied);
        for (int pass = 0; pass < 2; ++pass) { // the second pass draws from the cache only
            blitted.fill(QColor(30, 33, 38));
            QPainter painter(&blitted);
            layer.paint(painter, view);
        }
        QCOMPARE(layer.lastPaintClustered(), unitsPerPixel > 5);
        QPicture picture;
        {
            QPainter painter(&picture);
            layer.paint(painter, view);
        }
        QImage drawn(view.size, QImage::Format_ARGB32_Premultiplied);
        drawn.fill(QColor(30, 33, 38));
        {
            QPainter painter(&drawn);
            painter.drawPicture(0, 0, picture);
        }
        // Symbols may sit up to half a pixel apart (blits snap to pixels), which moves the
        // edges of digits: compare the images at a quarter of their size, where only a few
        // blocks on such edges may differ much.
        const QImage a =
            blitted.scaled(view.size / 4, Qt::IgnoreAspectRatio, Qt::SmoothTransformation);
        const QImage b =
            drawn.scaled(view.size / 4, Qt::IgnoreAspectRatio, Qt::SmoothTransformation);
        int painted = 0, differing = 0;
        double total = 0;
        for (int y = 0; y < a.height(); ++y)
            for (int x = 0; x < a.width(); ++x) {
                const QColor p = a.pixelColor(x, y), q = b.pixelColor(x, y);
                const int difference =
                    std::max({std::abs(p.red() - q.red()), std::abs(p.green() - q.green()),
                              std::abs(p.blue() - q.blue())});
                total += difference;
                differing += difference > 32 ? 1 : 0;
                painted += near(q, QColor(30, 33, 38), 8) ? 0 : 1;
            }
        const QString stats = QString("at %1 m/px: %2 of %3 painted blocks differ, mean %4")
                                  .arg(unitsPerPixel)
                                  .arg(differing)
                                  .arg(painted)
                                  .arg(total / (a.width() * a.height()));
        QVERIFY2(painted > 1000, qPrintable(stats));
        QVERIFY2(differing < painted / 20, qPrintable(stats));
        QVERIFY2(total / (a.width() * a.height()) < 2, qPrintable(stats));
        qInfo("%s", qPrintable(stats));
    }
}

void TestMapCanvas::namesAtTheRightEdgeStayOnTheCanvas() {
    // A method's top-1 at the map's right edge had its name cut off: names go to the symbol's
    // left where its right has no room, and stay on its right elsewhere.
    MapViewport view;
    view.size = QSize(400, 200);
    const auto paintedColumns = [&](double symbolX) {
        AnnotationLayer layer("top-1");
        AnnotationLayer::Symbol symbol;
        symbol.position = view.toMap(QPointF(symbolX, 100));
        symbol.colour = QColor(0, 0, 255);
        symbol.label = "B";
        symbol.labelInside = true;
        symbol.caption = "ResNet-18 pair, untrained";
        layer.setSymbols({symbol});
        QImage image(view.size, QImage::Format_ARGB32_Premultiplied);
        image.fill(Qt::black);
        {
            QPainter painter(&image);
            layer.paint(painter, view);
        }
        // White caption pixels left and right of the symbol (the "B" inside it not counted).
        int left = 0, right = 0;
        for (int y = 80; y < 120; ++y)
            for (int x = 0; x < image.width(); ++x)
                if (std::abs(x - symbolX) > 2 * symbol.radius &&
                    image.pixelColor(x, y).lightness() > 200)
                    ++(x < symbolX ? left : right);
        return std::make_pair(left, right);
    };
    const auto [edgeLeft, edgeRight] = paintedColumns(390);
    QVERIFY2(edgeLeft > 100 && edgeRight < 10,
             qPrintable(QString("at the edge: %1 left, %2 right").arg(edgeLeft).arg(edgeRight)));
    const auto [middleLeft, middleRight] = paintedColumns(60);
    QVERIFY2(middleRight > 100 && middleLeft < 10,
             qPrintable(QString("inside: %1 left, %2 right").arg(middleLeft).arg(middleRight)));
}

void TestMapCanvas::exportsPngAndPdf() {
    MapCanvas canvas;
    canvas.resize(320, 240);
    canvas.setCrs(Crs::utm(55, true));
    auto* raster = new RasterLayer(RasterSource::open(mHalves.toStdString()), "halves");
    canvas.addLayer(raster);
    canvas.zoomToAll();
    settledGrab(canvas, *raster);
    const QString png = mDir.filePath("view.png");
    QCOMPARE(canvas.exportView(png), QString());
    QImage saved(png);
    QCOMPARE(saved.size(), QSize(320, 240));
    QVERIFY(near(saved.pixelColor(80, 120), QColor(255, 0, 0)));
    QVERIFY(near(saved.pixelColor(240, 120), QColor(0, 255, 0)));
    const QString pdf = mDir.filePath("view.pdf");
    QCOMPARE(canvas.exportView(pdf), QString());
    QFile file(pdf);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QVERIFY(file.read(5) == "%PDF-");
    QVERIFY(file.size() > 1000);
    QVERIFY(!canvas.exportView(mDir.filePath("view.nosuchformat")).isEmpty());
    // Again over its own files; a file of the user's with the suffix, or a folder, is refused.
    QCOMPARE(canvas.exportView(png), QString());
    QCOMPARE(canvas.exportView(pdf), QString());
    const QString mine = mDir.filePath("mine.png");
    {
        QFile f(mine);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("not a picture: the user's notes");
    }
    const QString refused = canvas.exportView(mine);
    QVERIFY2(refused.contains("mine.png"), qPrintable(refused));
    QFile kept(mine);
    QVERIFY(kept.open(QIODevice::ReadOnly));
    QCOMPARE(kept.readAll(), QByteArray("not a picture: the user's notes"));
    QVERIFY(QDir().mkpath(mDir.filePath("folder.pdf")));
    QVERIFY(!canvas.exportView(mDir.filePath("folder.pdf")).isEmpty());
    QVERIFY(QFileInfo(mDir.filePath("folder.pdf")).isDir());
}

void TestMapCanvas::scaleInGeographicCrs() {
    MapCanvas canvas;
    canvas.setCrs(Crs::utm(55, true));
    QCOMPARE(canvas.metresPerUnit(QPointF(690000, 6090000)), 1.0);
    canvas.setCrs(Crs::wgs84());
    // One degree of longitude: ~111.2 km at the equator, half that at 60°.
    QVERIFY(std::abs(canvas.metresPerUnit(QPointF(0, 0)) - 111195) < 50);
    QVERIFY(std::abs(canvas.metresPerUnit(QPointF(10, 60)) - 111195 / 2.0) < 50);
}

QTEST_MAIN(TestMapCanvas)
#include "tst_mapcanvas.moc"
