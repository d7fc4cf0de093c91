#include "annotationlayer.h"
#include "datasetpanel.h"
#include "evaluationfixture.h"
#include "evaluationpanel.h"
#include "failureinspector.h"
#include "imageview.h"
#include "mainwindow.h"
#include "mapcanvas.h"
#include "mappanel.h"

#include "dataset/dataset.h"

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
};

void TestMapLinks::evaluationAndMapSelectEachOther() {
    QTemporaryDir dir;
    const QString root = dir.filePath("data"), run = dir.filePath("run");
    writeEvalDataset(root);
    writeDescriptorRun(run, {{3, {5, 6}}}); // query 3 finds 5, then 6, then itself
    MainWindow window;
    window.resize(1280, 800);
    QSignalSpy opened(window.datasetPanel(), &DatasetPanel::datasetOpened);
    window.openDataset(root);
    QVERIFY(opened.wait(30000));
    MapPanel* map = window.mapPanel();
    QTRY_VERIFY_WITH_TIMEOUT(map->positionsReady(), 10000);
    const auto dataset = window.datasetPanel()->dataset();
    auto pairOf = [&dataset](int valRow) { return dataset->split("val").at(valRow); };

    // Evaluation → map: the inspected query and its top-K are drawn by rank.
    EvaluationPanel* evaluation = window.evaluationPanel();
    evaluation->setRunDirectory(run);
    QSignalSpy selected(evaluation, &EvaluationPanel::querySelected);
    evaluation->evaluate();
    QVERIFY(selected.wait(60000));
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
    QCOMPARE(window.datasetPanel()->shownPair().value_or(SIZE_MAX), pairOf(8));
    // The view stayed where the user was: the query and its results were already on screen.
    QCOMPARE(map->canvas()->viewport().unitsPerPixel, viewBefore.unitsPerPixel);
    QCOMPARE(map->canvas()->viewport().centre, viewBefore.centre);

    // A train pair is no query: the inspector keeps its selection.
    QTest::mouseClick(map->canvas(), Qt::LeftButton, {},
                      map->canvas()->toScreen(map->pairPosition(0)).toPoint());
    QTest::qWait(100);
    QCOMPARE(inspector->shownQuery(), 8);
}

QTEST_MAIN(TestMapLinks)
#include "tst_maplinks.moc"
