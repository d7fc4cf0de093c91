#include "annotationlayer.h"
#include "gui/jobs/backgroundjob.h"
#include "gui/map/heatmapview.h"
#include "gui/map/mapworkspace.h"
#include "heatmapworld.h"
#include "imagelayer.h"
#include "mapcanvas.h"
#include "rasterlayer.h"

#include "common/feedback.h"
#include "dataset/dataset.h"
#include "model/orinetmodel.h"
#include "model/safetensors.h"
#include "run/runfolder.h"
#include "synth/syntheticworld.h"

#include <QComboBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace orinet;

//! The heat-map layer of the Map workspace on a small synthetic world with an untrained tiny
//! model (the plumbing, not the model's skill): describing places as a background job, the
//! layer, legend and peaks of a selected query, and cancel + resume.
class TestHeatMapView : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void describesPlacesAndDrawsTheQuerysHeatMap();
    void cancelKeepsWhatWasDescribed();
    void cachedPlacesLoadWithoutAsking();
    void controlsKeepTheirHeightInASmallWindow();

private:
    void openWorld(MapWorkspace& panel);

    QTemporaryDir mDir;
    SynthSummary mWorld;
    std::shared_ptr<const Dataset> mDataset;
    QString mRun;
};

void TestHeatMapView::initTestCase() {
    QVERIFY(mDir.isValid());
    mWorld = orinet::testing::generateHeatMapWorld(mDir.filePath("world").toStdString(), 3);
    mDataset = std::make_shared<const Dataset>(Dataset::open(mWorld.cvactRoot));
    // A run folder holding an untrained tiny model as its last checkpoint.
    mRun = mDir.filePath("run");
    const RunFolder run(mRun.toStdString());
    run.create();
    orinet::testing::writeTinyWeights(run.lastCheckpoint(), 0);
}

void TestHeatMapView::openWorld(MapWorkspace& panel) {
    panel.setDataset(mDataset);
    panel.setBaseRaster(QString::fromStdString(mWorld.worldImage));
    QTRY_VERIFY_WITH_TIMEOUT(panel.baseLayer() && panel.positionsReady(), 20000);
    panel.setRunDirectory(mRun);
}

void TestHeatMapView::describesPlacesAndDrawsTheQuerysHeatMap() {
    MapWorkspace panel;
    panel.resize(1200, 760);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    openWorld(panel);
    HeatMapView* heat = panel.heatMapView();
    // The synthetic world's footprint is the default; 20 m spacing: 14 x 14 places.
    auto boxes = heat->findChildren<QDoubleSpinBox*>();
    QCOMPARE(boxes.size(), 2);
    QCOMPARE(boxes[1]->value(), 60.0);
    boxes[0]->setValue(20);
    QSignalSpy jobs(&panel, &MapWorkspace::jobStarted);
    heat->describePlaces();
    QCOMPARE(jobs.count(), 1);
    QTRY_VERIFY_WITH_TIMEOUT(heat->isReady(), 180000);
    QVERIFY2(heat->statusText().contains("196 places"), qPrintable(heat->statusText()));

    QSignalSpy shown(heat, &HeatMapView::heatMapShown);
    const size_t query = mDataset->split("test").front();
    panel.highlight(query, {query});
    QVERIFY(shown.wait(60000));
    QCOMPARE(shown.last().first().value<size_t>(), query);
    const ImageLayer* layer = panel.heatMapLayer();
    QCOMPARE(layer->image().size(), QSize(14, 14));
    const QRectF extent = *layer->extent();
    // The cells cover the raster minus half a footprint on each side (320 − 60 = 260 m of
    // centres, plus half a cell on each side).
    QVERIFY(std::abs(extent.width() - 280) < 1e-6);
    QCOMPARE(panel.peaksLayer()->symbols().size(), size_t(5));
    QVERIFY(heat->statusText().contains(QString::fromStdString(mDataset->pairs()[query].id)));
    // Coarse to fine by default, and the status line says so, and whether the best place is
    // certified.
    QVERIFY(!heat->isDense());
    QVERIFY2(heat->statusText().contains("coarse to fine") &&
                 heat->statusText().contains("of 196 places described;") &&
                 (heat->statusText().contains("best place certified") ||
                  heat->statusText().contains("best place not certified")),
             qPrintable(heat->statusText()));

    // The dense map is one switch away: every place described, then the same query again.
    heat->findChild<QComboBox*>("heatMapPlaces")->setCurrentIndex(1);
    QVERIFY(heat->isDense() && !heat->isReady());
    heat->describePlaces();
    QTRY_VERIFY_WITH_TIMEOUT(heat->isReady(), 180000);
    // Ready, the view draws the selected query's map at once; the status may already say so.
    QVERIFY2(heat->statusText().contains("Every place described (dense): 196 places") ||
                 heat->statusText().contains("dense: every place described"),
             qPrintable(heat->statusText()));
    heat->setQuery(query);
    QVERIFY(shown.wait(60000));
    QCOMPARE(layer->image().size(), QSize(14, 14));
    QVERIFY2(heat->statusText().contains("dense: every place described"),
             qPrintable(heat->statusText()));

    panel.canvas()->zoomToAll();
    QTRY_VERIFY_WITH_TIMEOUT(panel.baseLayer()->isComplete(panel.canvas()->viewport()), 10000);
    const QString dir = QStringLiteral(ORINET_BINARY_DIR "/test-output");
    QDir().mkpath(dir);
    QVERIFY(panel.grab().save(dir + "/map-heatmap.png"));
}

void TestHeatMapView::cancelKeepsWhatWasDescribed() {
    MapWorkspace panel;
    openWorld(panel);
    HeatMapView* heat = panel.heatMapView();
    heat->setDense(true);
    heat->findChildren<QDoubleSpinBox*>()[0]->setValue(8); // 33 x 33 places: several batches
    QSignalSpy jobs(&panel, &MapWorkspace::jobStarted);
    heat->describePlaces();
    QCOMPARE(jobs.count(), 1);
    auto* job = jobs.first().first().value<BackgroundJob*>();
    QSignalSpy canceled(job, &BackgroundJob::canceled);
    auto described = [heat] {
        const QRegularExpressionMatch m =
            QRegularExpression("tile (\\d+)/").match(heat->statusText());
        return m.hasMatch() ? m.captured(1).toInt() : 0;
    };
    QTRY_VERIFY_WITH_TIMEOUT(described() >= 64, 120000);
    job->cancel();
    QVERIFY(canceled.wait(60000));
    QVERIFY(!heat->isReady());
    QVERIFY2(heat->statusText().contains("continues where it stopped"),
             qPrintable(heat->statusText()));
    // The descriptors written so far stay in the run folder for the next attempt.
    const QDir heatmaps(QString::fromStdString(RunFolder(mRun.toStdString()).heatmapDirectory()));
    bool partial = false;
    for (const QString& name : heatmaps.entryList(QDir::Dirs | QDir::NoDotAndDotDot))
        partial |=
            QFileInfo(heatmaps.filePath(name + "/descriptors.f32")).size() >= qint64(64) * 1536 * 4;
    QVERIFY(partial);
}

void TestHeatMapView::controlsKeepTheirHeightInASmallWindow() {
    // At 1280 x 800 the side column's splitter squeezed the heat map's spin boxes until their
    // values were cut off (the status wraps to three lines there): they keep their height.
    MapWorkspace panel;
    panel.resize(1240, 660);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    openWorld(panel);
    auto* view = panel.findChild<HeatMapView*>();
    QVERIFY(view);
    view->findChild<QLabel*>("heatMapStatus")
        ->setText("A status long enough to wrap to several lines in the side column of the "
                  "map, as the heat map's own summaries do after a query is drawn");
    QTest::qWait(50);
    for (QDoubleSpinBox* box : view->findChildren<QDoubleSpinBox*>())
        QVERIFY2(
            box->height() >= box->sizeHint().height(),
            qPrintable(QString("%1 px of %2").arg(box->height()).arg(box->sizeHint().height())));
}

void TestHeatMapView::cachedPlacesLoadWithoutAsking() {
    // Places described in an earlier session (here: a first view, 20 m spacing) are loaded by
    // a new view as soon as it has the same run, dataset, raster and settings: the heat map
    // follows the selection without pressing Describe Places again.
    const auto prepare = [this](MapWorkspace& panel, double spacing) {
        panel.setDataset(mDataset);
        panel.setBaseRaster(QString::fromStdString(mWorld.worldImage));
        QTRY_VERIFY_WITH_TIMEOUT(panel.baseLayer() && panel.positionsReady(), 20000);
        panel.heatMapView()->findChildren<QDoubleSpinBox*>()[0]->setValue(spacing);
    };
    {
        MapWorkspace earlier;
        prepare(earlier, 20);
        earlier.setRunDirectory(mRun);
        earlier.heatMapView()->describePlaces();
        QTRY_VERIFY_WITH_TIMEOUT(earlier.heatMapView()->isReady(), 180000);
    }
    MapWorkspace panel;
    prepare(panel, 20);
    QSignalSpy jobs(&panel, &MapWorkspace::jobStarted);
    panel.setRunDirectory(mRun);
    QTRY_VERIFY_WITH_TIMEOUT(panel.heatMapView()->isReady(), 60000);
    QCOMPARE(jobs.count(), 1);
    QVERIFY2(panel.heatMapView()->statusText().contains("196 places"),
             qPrintable(panel.heatMapView()->statusText()));
    QVERIFY2(!panel.heatMapView()->statusText().contains("described at"),
             qPrintable(panel.heatMapView()->statusText())); // loaded, nothing described
    QSignalSpy shown(panel.heatMapView(), &HeatMapView::heatMapShown);
    const size_t query = mDataset->split("test").front();
    panel.highlight(query, {query});
    QVERIFY(shown.wait(60000));
    panel.resize(1200, 760);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    panel.canvas()->zoomToAll();
    QTRY_VERIFY_WITH_TIMEOUT(panel.baseLayer()->isComplete(panel.canvas()->viewport()), 10000);
    QVERIFY(panel.grab().save(QStringLiteral(ORINET_BINARY_DIR "/test-output") +
                              "/map-heatmap-loaded.png"));

    // Settings without a complete cache start nothing: describing stays the user's choice.
    MapWorkspace other;
    prepare(other, 11);
    QSignalSpy otherJobs(&other, &MapWorkspace::jobStarted);
    other.setRunDirectory(mRun);
    QTest::qWait(500);
    QCOMPARE(otherJobs.count(), 0);
    QVERIFY(!other.heatMapView()->isReady());
}

QTEST_MAIN(TestHeatMapView)
#include "tst_heatmapview.moc"
