#include "annotationlayer.h"
#include "crossviewlink.h"
#include "evaluationfixture.h"
#include "gui/dataset/datasetworkspace.h"
#include "gui/evaluation/comparisonfiltermodel.h"
#include "gui/evaluation/comparisonview.h"
#include "gui/evaluation/evaluationdocument.h"
#include "gui/evaluation/evaluationworkspace.h"
#include "gui/evaluation/failureinspector.h"
#include "gui/evaluation/inspectedevaluation.h"
#include "gui/map/mapworkspace.h"
#include "gui/shell/mainwindow.h"
#include "imageview.h"
#include "mapcanvas.h"
#include "pairviewer.h"
#include "palette.h"
#include "zoomview.h"
#include <QDockWidget>

#include "dataset/dataset.h"
#include "metrics/evaluationreport.h"

#include <QSignalSpy>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QtTest>

using namespace orinet;
using namespace orinet::testing;

//! Linked selection between the Map and the Evaluation workspace, both ways, on the small
//! evaluation world (12 val pairs 100 m apart with hand-made descriptors).
class TestMapLinks : public QObject {
    Q_OBJECT
private slots:
    void evaluationAndMapSelectEachOther();
    void circlesFollowTheEvaluationsDistances();
    void mapBesideShowsTheRayNextToTheImages();
    void compareRunsShowsBothTopOnesOnTheMap();

private:
    //! Opens the small evaluation world in `window` and evaluates a run in which query 3 finds
    //! 5, then 6, then itself; returns when the worst query (3) is shown.
    void openAndEvaluate(MainWindow& window, const QTemporaryDir& dir);
};

void TestMapLinks::openAndEvaluate(MainWindow& window, const QTemporaryDir& dir) {
    const QString root = dir.filePath("data"), run = dir.filePath("run");
    writeEvalDataset(root);
    writeDescriptorRun(run, {{3, {5, 6}}});
    window.resize(1280, 800);
    QSignalSpy opened(window.datasetWorkspace(), &DatasetWorkspace::datasetOpened);
    window.openDataset(root);
    QVERIFY(opened.wait(30000));
    QTRY_VERIFY_WITH_TIMEOUT(window.mapWorkspace()->positionsReady(), 10000);
    EvaluationWorkspace* evaluation = window.evaluationWorkspace();
    evaluation->setRunDirectory(run);
    QSignalSpy selected(evaluation, &EvaluationWorkspace::querySelected);
    evaluation->evaluate();
    QVERIFY(selected.wait(60000));
}

void TestMapLinks::evaluationAndMapSelectEachOther() {
    QTemporaryDir dir;
    MainWindow window;
    openAndEvaluate(window, dir);
    if (QTest::currentTestFailed())
        return;
    MapWorkspace* map = window.mapWorkspace();
    const auto dataset = window.datasetWorkspace()->dataset();
    auto pairOf = [&dataset](int valRow) { return dataset->split("val").at(valRow); };

    // Evaluation → map: the inspected query and its top-K are drawn by rank.
    EvaluationWorkspace* evaluation = window.evaluationWorkspace();
    QSignalSpy selected(evaluation, &EvaluationWorkspace::querySelected);
    FailureInspector* inspector = evaluation->inspector();
    QCOMPARE(inspector->shownQuery(), 3); // the worst query first
    QTRY_COMPARE(map->resultsLayer()->symbols().back().id, qint64(pairOf(3)));
    QStringList ranks;
    for (const auto& s : map->resultsLayer()->symbols())
        if (s.labelInside && s.label.toInt() <= 3)
            ranks.prepend(s.label + "@" + QString::number(s.id - pairOf(0)));
    QCOMPARE(ranks.mid(0, 3), QStringList({"1@5", "2@6", "3@3"}));
    // One true-match colour: the truth's ring and the true match among the retrieved are
    // drawn on the map in the colour that frames the true match in the inspector.
    int truthMarks = 0;
    for (const auto& s : map->resultsLayer()->symbols())
        if (s.id == qint64(pairOf(3)) && s.shape != AnnotationLayer::Shape::Star) {
            QCOMPARE(s.colour, inspector->trueMatchView()->frameColor());
            ++truthMarks;
        }
    QCOMPARE(truthMarks, 2);

    // Map → evaluation: clicking another query's pair inspects it (and selects it in the
    // browser), without leaving the map.
    window.workspaces()->setCurrentWidget(map);
    map->canvas()->zoomTo(QRectF(689900, 6089900, 1300, 200));
    const int before = selected.count();
    const MapViewport viewBefore = map->canvas()->viewport();
    QTest::mouseClick(map->canvas(), Qt::LeftButton, {},
                      map->canvas()->toScreen(map->pairPosition(pairOf(8))).toPoint());
    QTRY_COMPARE(inspector->shownQuery(), 8);
    QVERIFY(selected.count() > before);
    QCOMPARE(selected.last().first().value<size_t>(), pairOf(8));
    QCOMPARE(window.workspaces()->currentWidget(), map);
    QCOMPARE(window.datasetWorkspace()->shownPair().value_or(SIZE_MAX), pairOf(8));
    // The view stayed where the user was: the query and its results were already on screen.
    QCOMPARE(map->canvas()->viewport().unitsPerPixel, viewBefore.unitsPerPixel);
    QCOMPARE(map->canvas()->viewport().centre, viewBefore.centre);

    // A train pair is no query: the inspector keeps its selection.
    QTest::mouseClick(map->canvas(), Qt::LeftButton, {},
                      map->canvas()->toScreen(map->pairPosition(0)).toPoint());
    QTest::qWait(100);
    QCOMPARE(inspector->shownQuery(), 8);
}

void TestMapLinks::circlesFollowTheEvaluationsDistances() {
    QTemporaryDir dir;
    MainWindow window;
    openAndEvaluate(window, dir);
    if (QTest::currentTestFailed())
        return;
    MapWorkspace* map = window.mapWorkspace();
    EvaluationWorkspace* evaluation = window.evaluationWorkspace();
    QSignalSpy selected(evaluation, &EvaluationWorkspace::querySelected);
    // The map's circles are drawn in map units; this world's CRS is metric (UTM).
    auto radii = [map] {
        std::vector<double> metres;
        for (const AnnotationLayer::Circle& c : map->circlesLayer()->circles())
            metres.push_back(c.radius);
        return metres;
    };
    QTRY_COMPARE(radii(), (std::vector<double>{5, 25})); // the evaluation's default thresholds

    // The same evaluation measured at 10 and 50 m: the circles follow it.
    FailureInspector* inspector = evaluation->inspector();
    auto other = std::make_shared<InspectedEvaluation>(*inspector->evaluation());
    auto report = std::make_shared<metrics::EvaluationReport>(*other->report);
    QCOMPARE(report->geo.size(), size_t(2));
    report->geo[0].metres = 10;
    report->geo[1].metres = 50;
    other->report = report;
    const int before = selected.count();
    evaluation->document()->setCurrent(other);
    QTRY_VERIFY_WITH_TIMEOUT(selected.count() > before, 30000);
    QTRY_COMPARE(radii(), (std::vector<double>{10, 50}));
    QStringList labels;
    for (const AnnotationLayer::Circle& c : map->circlesLayer()->circles())
        labels << c.label;
    QCOMPARE(labels, QStringList({"10 m", "50 m"}));
}

void TestMapLinks::mapBesideShowsTheRayNextToTheImages() {
    QTemporaryDir dir;
    MainWindow::Options options;
    options.demo = false;
    options.dataDirectory = dir.filePath("studio");
    {
        MainWindow window(options);
        window.show();
        openAndEvaluate(window, dir);
        if (QTest::currentTestFailed())
            return;
        MapWorkspace* map = window.mapWorkspace();
        QCOMPARE(window.workspaces()->indexOf(map), 1); // a tab of its own by default
        QVERIFY(!window.isMapBeside());

        // Beside: the map leaves the tabs and shows next to the dataset browser.
        window.setMapBeside(true);
        QCOMPARE(window.workspaces()->indexOf(map), -1);
        QCOMPARE(window.mapDock()->widget(), map);
        DatasetWorkspace* browser = window.datasetWorkspace();
        window.workspaces()->setCurrentWidget(browser);
        QTRY_VERIFY(map->isVisible() && browser->isVisible());
        QVERIFY(!map->isPanelShown()); // the canvas takes the dock's width
        const auto dataset = browser->dataset();
        const size_t pair = dataset->split("val").at(3);
        browser->selectPair(pair);
        QTRY_COMPARE(browser->shownPair().value_or(SIZE_MAX), pair);

        // Hovering the panorama draws the ray on the visible map, from the selected pair.
        PairViewer* viewer = browser->pairViewer();
        const QImage panorama = viewer->panoramaView()->image();
        QVERIFY(!panorama.isNull());
        viewer->link()->hover(viewer->panoramaView(),
                              QPointF(panorama.width() * 0.75, panorama.height() * 0.6));
        QTRY_COMPARE(map->rayLayer()->lines().size(), size_t(1));
        const QPointF from = map->rayLayer()->lines().front().points.front();
        QVERIFY((from - map->pairPosition(pair)).manhattanLength() < 1e-6);
        // Pinned, it stays while the pointer goes to the map; Escape-like unpin clears it.
        viewer->link()->pin();
        viewer->link()->leave();
        QCOMPARE(map->rayLayer()->lines().size(), size_t(1));
        viewer->link()->unpin();
        QVERIFY(map->rayLayer()->lines().empty());
        // showWorkspace("map") raises the dock and keeps the browser's tab.
        QVERIFY(window.showWorkspace("map"));
        QCOMPARE(window.workspaces()->currentWidget(), browser);
    }
    {
        // Remembered: the next window (same data directory) starts with the map beside;
        // closing the dock puts the map back into its tab, which is remembered too.
        MainWindow window(options);
        window.show();
        QVERIFY(window.isMapBeside());
        QTRY_VERIFY(window.mapDock()->isVisible());
        window.mapDock()->close();
        QTRY_VERIFY(!window.isMapBeside());
        QCOMPARE(window.workspaces()->indexOf(window.mapWorkspace()), 1);
        QVERIFY(window.mapWorkspace()->isPanelShown()); // in its tab the panel is back
    }
    MainWindow window(options);
    QVERIFY(!window.isMapBeside());
    QVERIFY(!window.mapDock()->isVisible());
}

void TestMapLinks::compareRunsShowsBothTopOnesOnTheMap() {
    QTemporaryDir dir;
    MainWindow window;
    openAndEvaluate(window, dir); // run: query 3 finds 5 first
    if (QTest::currentTestFailed())
        return;
    // A second run in which query 3 finds 7 first and query 8 finds 5 first; it becomes A.
    EvaluationWorkspace* evaluation = window.evaluationWorkspace();
    writeDescriptorRun(dir.filePath("other"), {{3, {7}}, {8, {5}}});
    QSignalSpy evaluated(evaluation, &EvaluationWorkspace::evaluated);
    evaluation->setRunDirectory(dir.filePath("other"));
    evaluation->evaluate();
    QVERIFY(evaluated.wait(60000));
    MapWorkspace* map = window.mapWorkspace();
    const auto dataset = window.datasetWorkspace()->dataset();
    auto pairOf = [&dataset](int valRow) { return dataset->split("val").at(valRow); };
    ComparisonView* view = evaluation->comparison();
    auto* views = evaluation->findChild<QTabWidget*>("evaluationViews");
    QVERIFY(views);
    views->setCurrentWidget(view);
    view->setK(1);
    view->setSet(RunComparison::Set::All);
    auto select = [view](int64_t query) {
        ComparisonFilterModel* rows = view->filterModel();
        const int row =
            rows->mapFromSource(view->model()->index(view->model()->rowOfQuery(query), 0)).row();
        view->table()->selectRow(row);
    };
    auto symbolOf = [map](size_t pair) -> const AnnotationLayer::Symbol* {
        for (const auto& s : map->resultsLayer()->symbols())
            if (s.id == qint64(pair) && s.shape != AnnotationLayer::Shape::Star &&
                s.shape != AnnotationLayer::Shape::Ring && s.radius < 11)
                return &s;
        return nullptr;
    };
    auto starLabel = [map] {
        for (const auto& s : map->resultsLayer()->symbols())
            if (s.shape == AnnotationLayer::Shape::Star)
                return s.label;
        return QString();
    };

    // Query 3: A's top-1 is pair 7, B's pair 5, each in its run's colour, named by letter.
    select(3);
    const AnnotationLayer::Symbol* topA = symbolOf(pairOf(7));
    const AnnotationLayer::Symbol* topB = symbolOf(pairOf(5));
    QVERIFY(topA && topB);
    QCOMPARE(topA->colour, Palette::runA());
    QCOMPARE(topB->colour, Palette::runB());
    QCOMPARE(topA->label, QString("A"));
    QCOMPARE(topB->label, QString("B"));
    // Beside each, the run's name (the evaluated runs' folder names).
    QCOMPARE(topA->caption, QString("other"));
    QCOMPARE(topB->caption, QString("run"));
    QVERIFY(!symbolOf(pairOf(6))); // no top-K: only the top-1s
    // Query 8: A wrong (pair 5), B right: the star says so.
    select(8);
    QVERIFY(symbolOf(pairOf(5)) && symbolOf(pairOf(5))->label == "A");
    QVERIFY2(starLabel().contains("B"), qPrintable(starLabel()));
    // Query 0: both right.
    select(0);
    QVERIFY2(starLabel().contains("A, B"), qPrintable(starLabel()));

    // Nothing listed (no query is right only by A at K = 1): --view compare is ready at once
    // instead of waiting for images that never come.
    view->setSet(RunComparison::Set::OnlyA);
    QCOMPARE(view->filterModel()->rowCount(), 0);
    QSignalSpy ready(&window, &MainWindow::viewReady);
    QVERIFY(window.showView("compare"));
    QVERIFY(ready.wait(5000));
    QCOMPARE(ready.first().first().toString(), QString("compare"));
    view->setSet(RunComparison::Set::All);

    // Back in Failures, the map shows the inspected run's top-K by rank again.
    views->setCurrentWidget(evaluation->inspector());
    auto ranked = [map] {
        int n = 0;
        for (const auto& s : map->resultsLayer()->symbols())
            n += s.labelInside && s.label.toInt() > 0;
        return n;
    };
    QTRY_VERIFY(ranked() > 1);
    QVERIFY(!symbolOf(pairOf(7)) || symbolOf(pairOf(7))->labelInside);
}

QTEST_MAIN(TestMapLinks)
#include "tst_maplinks.moc"
