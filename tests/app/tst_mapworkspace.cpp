#include "annotationlayer.h"
#include "gui/dataset/datasetworkspace.h"
#include "gui/map/mapworkspace.h"
#include "gui/shell/mainwindow.h"
#include "mapcanvas.h"
#include "markerlayer.h"
#include "rasterlayer.h"

#include "dataset/dataset.h"
#include "geo/coordinatetransform.h"
#include "geo/geotiff.h"
#include "geo/rastersource.h"

#include <QDir>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTreeWidget>
#include <QtTest>

#include <opencv2/imgcodecs.hpp>

#include <fstream>

using namespace orinet;

namespace {

constexpr double kEast = 690000, kNorth = 6090000; // the grid's south-west pair

//! Position of pair i of the test dataset: a 10 x 6 grid with 40 m spacing in UTM 55S.
QPointF gridPosition(int i) {
    return {kEast + 40.0 * (i % 10), kNorth + 40.0 * (i / 10)};
}

QString outputFolder() {
    const QString dir = QStringLiteral(ORINET_BINARY_DIR "/test-output");
    QDir().mkpath(dir);
    return dir;
}

} // namespace

//! The Map workspace with a small generated dataset (60 pairs on a grid in UTM 55S, one more
//! given by latitude/longitude, one without a position) and rasters in two CRSs.
class TestMapWorkspace : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void placesPairsInTheirUtmZoneWithoutRaster();
    void reprojectsPairsToTheRasterCrs();
    void explainsRastersItCannotShow();
    void clickIdentifiesAndSelects();
    void highlightsQueryTopKAndCircles();
    void layerTogglesHideAndShow();
    void cursorReadoutShowsBothCrs();
    void linkedSelectionWithTheDatasetBrowser();
    void screenshotWithLayers();

private:
    void waitForPositions(MapWorkspace& panel);
    void waitForBase(MapWorkspace& panel);
    void openDataset(MapWorkspace& panel);

    QTemporaryDir mDir;
    QString mRoot;
    QString mUtmRaster;
    QString mMercatorRaster;
    std::shared_ptr<const Dataset> mDataset;
};

void TestMapWorkspace::initTestCase() {
    QVERIFY(mDir.isValid());
    mRoot = mDir.filePath("dataset");
    QDir().mkpath(mRoot + "/images");
    const cv::Mat pano(32, 64, CV_8UC3, cv::Scalar(90, 120, 150));
    const cv::Mat tile(32, 32, CV_8UC3, cv::Scalar(60, 160, 60));
    cv::imwrite((mRoot + "/images/pano.png").toStdString(), pano);
    cv::imwrite((mRoot + "/images/tile.png").toStdString(), tile);
    std::ofstream csv((mRoot + "/pairs.csv").toStdString());
    csv << "id,panorama,satellite,easting,northing,zone,lat,lon,split\n";
    const char* splits[] = {"train", "val", "test"};
    for (int i = 0; i < 60; ++i) {
        const QPointF p = gridPosition(i);
        csv << "p" << i << ",images/pano.png,images/tile.png," << std::fixed << p.x() << ","
            << p.y() << ",55S,,," << splits[(i % 10) / 4] << "\n";
    }
    csv << "geo,images/pano.png,images/tile.png,,,,-35.3,149.1,test\n";
    csv << "nowhere,images/pano.png,images/tile.png,,,,,,\n";
    csv.close();
    mDataset = std::make_shared<const Dataset>(Dataset::open(mRoot.toStdString()));
    QCOMPARE(mDataset->pairs().size(), size_t(62));

    // An orthophoto-like raster over the grid, in UTM 55S (0.5 m) and in Web Mercator.
    cv::Mat image(800, 1000, CV_8UC3);
    for (int r = 0; r < image.rows; ++r)
        for (int c = 0; c < image.cols; ++c)
            image.at<cv::Vec3b>(r, c) =
                cv::Vec3b(static_cast<uchar>(40 + c / 8), static_cast<uchar>(90 + r / 10), 70);
    mUtmRaster = mDir.filePath("utm.tif");
    GeoTiff::write(mUtmRaster.toStdString(), image, GeoTransform{kEast - 50, kNorth + 350, 0.5},
                   32755);
    const CoordinateTransform toMercator(Crs::utm(55, true), Crs::fromEpsg(3857));
    const cv::Point2d corner = toMercator.transform(cv::Point2d(kEast - 50, kNorth + 350));
    mMercatorRaster = mDir.filePath("mercator.tif");
    GeoTiff::write(mMercatorRaster.toStdString(), image, GeoTransform{corner.x, corner.y, 0.6},
                   3857);
}

void TestMapWorkspace::waitForPositions(MapWorkspace& panel) {
    QTRY_VERIFY_WITH_TIMEOUT(panel.positionsReady(), 10000);
}

void TestMapWorkspace::waitForBase(MapWorkspace& panel) {
    QTRY_VERIFY_WITH_TIMEOUT(panel.baseLayer() != nullptr, 10000);
    waitForPositions(panel);
}

void TestMapWorkspace::openDataset(MapWorkspace& panel) {
    panel.setDataset(mDataset);
    waitForPositions(panel);
}

void TestMapWorkspace::placesPairsInTheirUtmZoneWithoutRaster() {
    MapWorkspace panel;
    panel.resize(900, 600);
    openDataset(panel);
    QVERIFY(panel.crs().isSame(Crs::utm(55, true)));
    QCOMPARE(panel.pairsLayer()->count(), size_t(62));
    for (int i : {0, 17, 59})
        QCOMPARE(panel.pairPosition(static_cast<size_t>(i)), gridPosition(i));
    // The latitude/longitude pair is reprojected into zone 55S; the last has no position.
    const CoordinateTransform toUtm(Crs::wgs84(), Crs::utm(55, true));
    const cv::Point2d geo = toUtm.transform(cv::Point2d(149.1, -35.3));
    QVERIFY(std::abs(panel.pairPosition(60).x() - geo.x) < 1e-6);
    QVERIFY(std::isnan(panel.pairPosition(61).x()));
    // Categories are the splits, plus "no split".
    QCOMPARE(panel.pairsLayer()->categories().size(), size_t(4));
}

void TestMapWorkspace::reprojectsPairsToTheRasterCrs() {
    MapWorkspace panel;
    panel.resize(900, 600);
    openDataset(panel);
    panel.setBaseRaster(mMercatorRaster);
    QTRY_VERIFY_WITH_TIMEOUT(panel.crs().epsg() == 3857, 10000);
    waitForPositions(panel);
    const CoordinateTransform toMercator(Crs::utm(55, true), Crs::fromEpsg(3857));
    for (int i : {0, 33, 59}) {
        const QPointF p = gridPosition(i);
        const cv::Point2d expected = toMercator.transform(cv::Point2d(p.x(), p.y()));
        const QPointF placed = panel.pairPosition(static_cast<size_t>(i));
        QVERIFY2(std::hypot(placed.x() - expected.x, placed.y() - expected.y) < 1e-6,
                 qPrintable(QString("%1: %2 %3").arg(i).arg(placed.x()).arg(placed.y())));
    }
    QVERIFY(panel.canvas()->crs().isSame(Crs::fromEpsg(3857)));
    QVERIFY2(panel.messageText().contains("Pseudo-Mercator"), qPrintable(panel.messageText()));
}

void TestMapWorkspace::explainsRastersItCannotShow() {
    MapWorkspace panel;
    const QString plain = mDir.filePath("plain.png");
    cv::imwrite(plain.toStdString(), cv::Mat(16, 16, CV_8UC3, cv::Scalar::all(7)));
    panel.setBaseRaster(plain);
    QTRY_VERIFY_WITH_TIMEOUT(panel.messageText().contains("no georeferencing"), 10000);
    QVERIFY(panel.messageText().contains("plain.png"));
    QVERIFY(!panel.baseLayer());
    panel.setBaseRaster(mDir.filePath("missing.tif"));
    QTRY_VERIFY_WITH_TIMEOUT(panel.messageText().contains("missing.tif"), 10000);
}

void TestMapWorkspace::clickIdentifiesAndSelects() {
    MapWorkspace panel;
    panel.resize(900, 600);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    openDataset(panel);
    panel.canvas()->zoomTo(QRectF(kEast - 20, kNorth - 20, 400, 240));
    QSignalSpy selected(&panel, &MapWorkspace::pairSelected);
    QSignalSpy activated(&panel, &MapWorkspace::pairActivated);
    const QPoint at = panel.canvas()->toScreen(gridPosition(23)).toPoint() + QPoint(1, -2);
    QTest::mouseClick(panel.canvas(), Qt::LeftButton, {}, at);
    QCOMPARE(selected.count(), 1);
    QCOMPARE(selected.first().first().value<size_t>(), size_t(23));
    QVERIFY2(panel.identifyText().contains("p23") && panel.identifyText().contains("train"),
             qPrintable(panel.identifyText()));
    QVERIFY(panel.identifyText().contains("690"));
    QCOMPARE(panel.selectionLayer()->symbols().back().id, qint64(23));
    auto* open = panel.findChild<QPushButton*>("openInBrowser");
    QVERIFY(open && open->isEnabled());
    open->click();
    QCOMPARE(activated.count(), 1);
    QCOMPARE(activated.first().first().value<size_t>(), size_t(23));
}

void TestMapWorkspace::highlightsQueryTopKAndCircles() {
    MapWorkspace panel;
    panel.resize(900, 600);
    openDataset(panel);
    panel.canvas()->centreOn(QPointF(0, 0), 100); // far away
    panel.highlight(12, {40, 12, 3});
    const auto& symbols = panel.resultsLayer()->symbols();
    // True position ring, three ranks, the query's star on top.
    QCOMPARE(symbols.size(), size_t(5));
    QCOMPARE(symbols.back().shape, AnnotationLayer::Shape::Star);
    QCOMPARE(symbols.back().position, gridPosition(12));
    QStringList ranks;
    for (const auto& s : symbols)
        if (s.labelInside)
            ranks << s.label + "@" + QString::number(s.id);
    QCOMPARE(ranks, QStringList({"3@3", "2@12", "1@40"}));
    // Geo-recall circles of 5 and 25 m around the query.
    const auto& circles = panel.circlesLayer()->circles();
    QCOMPARE(circles.size(), size_t(2));
    QCOMPARE(circles[0].radius, 5.0);
    QCOMPARE(circles[1].radius, 25.0);
    // The view moved to show the query and every retrieved pair.
    const QRectF view = panel.canvas()->viewport().extent();
    for (int i : {12, 40, 3})
        QVERIFY(view.contains(gridPosition(i)));
}

void TestMapWorkspace::layerTogglesHideAndShow() {
    MapWorkspace panel;
    openDataset(panel);
    auto* tree = panel.findChild<QTreeWidget*>();
    QVERIFY(tree);
    QTreeWidgetItem* pairs = nullptr;
    for (int i = 0; i < tree->topLevelItemCount(); ++i)
        if (tree->topLevelItem(i)->text(0) == "Pairs")
            pairs = tree->topLevelItem(i);
    QVERIFY(pairs);
    QCOMPARE(pairs->childCount(), 4); // train, val, test and the pair in no split
    QTreeWidgetItem* val = nullptr;
    for (int i = 0; i < pairs->childCount(); ++i)
        if (pairs->child(i)->text(0) == "val (24)")
            val = pairs->child(i);
    QVERIFY(val);
    const int valCategory = val->data(0, Qt::UserRole + 1).toInt();
    val->setCheckState(0, Qt::Unchecked);
    QVERIFY(!panel.pairsLayer()->isCategoryVisible(valCategory));
    pairs->setCheckState(0, Qt::Unchecked);
    QVERIFY(!panel.pairsLayer()->isVisible());
    pairs->setCheckState(0, Qt::Checked);
    QVERIFY(panel.pairsLayer()->isVisible());
}

void TestMapWorkspace::cursorReadoutShowsBothCrs() {
    MapWorkspace panel;
    panel.resize(900, 600);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    openDataset(panel);
    panel.setBaseRaster(mUtmRaster);
    waitForBase(panel);
    const QPoint at = panel.canvas()->toScreen(QPointF(kEast, kNorth)).toPoint();
    QTest::mouseMove(panel.canvas(), at);
    QTRY_VERIFY(!panel.cursorText().isEmpty());
    const QString text = panel.cursorText();
    QVERIFY2(text.contains("EPSG:32755") && text.contains("35.") && text.contains("149.") &&
                 text.contains(" S") && text.contains(" E"),
             qPrintable(text));
}

void TestMapWorkspace::linkedSelectionWithTheDatasetBrowser() {
    MainWindow window;
    window.resize(1280, 800);
    QSignalSpy opened(window.datasetWorkspace(), &DatasetWorkspace::datasetOpened);
    window.openDataset(mRoot);
    QVERIFY(opened.wait(30000));
    MapWorkspace* map = window.mapWorkspace();
    waitForPositions(*map);
    auto* table = window.datasetWorkspace()->findChild<QTableView*>();
    QVERIFY(table);

    // Browser → map: selecting a row marks the pair on the map.
    table->selectRow(7);
    QTRY_COMPARE(map->selectionLayer()->symbols().size(), size_t(1));
    QCOMPARE(map->selectionLayer()->symbols().back().position, map->pairPosition(7));

    // Map → browser: a click selects the pair in the table and stays in the map workspace.
    window.workspaces()->setCurrentWidget(map);
    map->canvas()->zoomTo(QRectF(kEast - 20, kNorth - 20, 400, 240));
    QTest::mouseClick(map->canvas(), Qt::LeftButton, {},
                      map->canvas()->toScreen(gridPosition(31)).toPoint());
    QCOMPARE(table->currentIndex().row() >= 0, true);
    QCOMPARE(table->model()->index(table->currentIndex().row(), 0).data().toString(),
             QString("p31"));
    QCOMPARE(window.workspaces()->currentWidget(), map);
}

void TestMapWorkspace::screenshotWithLayers() {
    MapWorkspace panel;
    panel.resize(1100, 700);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    openDataset(panel);
    panel.setBaseRaster(mUtmRaster);
    waitForBase(panel);
    panel.highlight(12, {40, 13, 3, 22, 12});
    panel.selectPair(45);
    panel.showRay(12, 60 * M_PI / 180, 80);
    QCOMPARE(panel.rayLayer()->lines().size(), size_t(1));
    // The ray starts at the pair and points 60° east of north.
    const QPolygonF ray = panel.rayLayer()->lines().front().points;
    QCOMPARE(ray.front(), gridPosition(12));
    QVERIFY(std::abs(ray.back().x() - (gridPosition(12).x() + 80 * std::sin(M_PI / 3))) < 1e-9);
    panel.fitToResults();
    QTRY_VERIFY_WITH_TIMEOUT(panel.baseLayer()->isComplete(panel.canvas()->viewport()), 10000);
    const QImage shot = panel.grab().toImage();
    QVERIFY(shot.save(outputFolder() + "/map-layers.png"));
    // The canvas shows the raster's colours (blue = 40 + column / 8, green = 90 + row / 10)
    // west of the query, and the empty background beyond the raster's west edge.
    const QImage canvas = panel.canvas()->grab().toImage();
    const QPointF west = gridPosition(12) - QPointF(30, 0);
    const int column = static_cast<int>((west.x() - (kEast - 50)) / 0.5);
    const int row = static_cast<int>((kNorth + 350 - west.y()) / 0.5);
    const QColor expected(70, 90 + row / 10, 40 + column / 8);
    const QColor shown = canvas.pixelColor(panel.canvas()->toScreen(west).toPoint());
    QVERIFY2(std::abs(shown.green() - expected.green()) <= 3 &&
                 std::abs(shown.blue() - expected.blue()) <= 3 && shown.red() == 70,
             qPrintable(shown.name() + " " + expected.name()));
    const QPointF outside(kEast - 60, kNorth);
    if (panel.canvas()->viewport().extent().contains(outside))
        QCOMPARE(canvas.pixelColor(panel.canvas()->toScreen(outside).toPoint()),
                 QColor(30, 33, 38));
}

QTEST_MAIN(TestMapWorkspace)
#include "tst_mapworkspace.moc"
