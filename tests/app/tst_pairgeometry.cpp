#include "annotationlayer.h"
#include "crossviewlink.h"
#include "gui/dataset/datasetworkspace.h"
#include "gui/map/mapworkspace.h"
#include "gui/shell/mainwindow.h"
#include "heatmapworld.h"
#include "mapcanvas.h"
#include "pairviewer.h"
#include "zoomview.h"

#include "dataset/dataset.h"
#include "geo/crossview.h"

#include <QDir>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QtTest>

using namespace orinet;

//! The pair viewer's linked geometry inside the studio: hovering the selected pair's panorama
//! draws the bearing on its tile and, from the pair's position, on the map; the values under
//! the cursor reach the status bar. On a synthetic world (CVACT layout: the crop is shaded).
class TestPairGeometry : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void hoveredBearingReachesTheMap();

private:
    QTemporaryDir mDir;
    SynthSummary mWorld;
};

void TestPairGeometry::initTestCase() {
    QVERIFY(mDir.isValid());
    mWorld = orinet::testing::generateHeatMapWorld(mDir.filePath("world").toStdString(), 11);
}

void TestPairGeometry::hoveredBearingReachesTheMap() {
    MainWindow window;
    window.resize(1280, 800);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QSignalSpy opened(window.datasetWorkspace(), &DatasetWorkspace::datasetOpened);
    window.openDataset(QString::fromStdString(mWorld.cvactRoot));
    QVERIFY(opened.wait(30000));
    MapWorkspace* map = window.mapWorkspace();
    QTRY_VERIFY_WITH_TIMEOUT(map->positionsReady() && map->baseLayer(), 20000);

    DatasetWorkspace* browser = window.datasetWorkspace();
    QSignalSpy shown(browser, &DatasetWorkspace::pairShown);
    browser->selectPair(5);
    QTRY_VERIFY_WITH_TIMEOUT(!shown.isEmpty() && shown.last().first().value<size_t>() == 5, 20000);
    PairViewer* viewer = browser->pairViewer();
    QCOMPARE(viewer->panoramaView()->image().width(), 64); // the CVACT sphere, 64 x 32

    // Due west, a few rows below the horizon: the ray on the map starts at the pair and points
    // west, with a dot where the flat ground the pixel sees lies.
    const int w = 64, h = 32;
    const double column = crossview::columnOfYaw(-M_PI / 2, w);
    const double row = (h - 1) / 2.0 + 3;
    viewer->link()->hover(viewer->panoramaView(), QPointF(column + 0.5, row + 0.5));
    QVERIFY(std::abs(viewer->link()->bearing() + M_PI / 2) < 1e-9);
    QCOMPARE(map->rayLayer()->lines().size(), size_t(1));
    const QPolygonF ray = map->rayLayer()->lines().front().points;
    QCOMPARE(ray.front(), map->pairPosition(5));
    const double distance = viewer->link()->groundDistance();
    QVERIFY(std::isfinite(distance));
    QVERIFY(ray.back().x() < ray.front().x() - 100);
    QVERIFY(std::abs(ray.back().y() - ray.front().y()) < 1e-6);
    QCOMPARE(map->rayLayer()->symbols().size(), size_t(1));
    const QPointF ground = map->rayLayer()->symbols().front().position;
    QVERIFY(std::abs(ground.x() - (ray.front().x() - distance)) < 1e-6);
    QVERIFY2(window.statusBar()->currentMessage().contains("yaw -90.0° (W)"),
             qPrintable(window.statusBar()->currentMessage()));
    // The tile's scale came from the world (60 m over 64 px): distances in metres.
    viewer->link()->hover(viewer->tileView(), QPointF(32, 10));
    QVERIFY2(viewer->valuesText().contains(" m from the centre"), qPrintable(viewer->valuesText()));

    viewer->link()->hover(viewer->panoramaView(), QPointF(column + 0.5, row + 0.5));
    const QString dir = QStringLiteral(ORINET_BINARY_DIR "/test-output");
    QDir().mkpath(dir);
    QVERIFY(window.grab().save(dir + "/pair-viewer.png"));
    window.workspaces()->setCurrentWidget(map);
    map->canvas()->zoomTo(QRectF(map->pairPosition(5) - QPointF(60, 60), QSizeF(120, 120)));
    QTest::qWait(300); // tiles of the new view
    QVERIFY(window.grab().save(dir + "/map-ray.png"));

    // Leaving the panorama removes the ray.
    viewer->link()->leave();
    QVERIFY(map->rayLayer()->lines().empty() && map->rayLayer()->symbols().empty());
}

QTEST_MAIN(TestPairGeometry)
#include "tst_pairgeometry.moc"
