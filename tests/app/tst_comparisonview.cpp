#include "evaluationfixture.h"
#include "heatmapworld.h"

#include "gui/evaluation/comparisonfiltermodel.h"
#include "gui/evaluation/comparisonview.h"
#include "gui/evaluation/evaluationdocument.h"
#include "gui/evaluation/evaluationworkspace.h"
#include "gui/evaluation/explanationpanel.h"
#include "gui/evaluation/failureinspector.h"
#include "gui/evaluation/inspectedevaluation.h"
#include "gui/evaluation/runcomparison.h"
#include "gui/evaluation/runsview.h"
#include "imageview.h"
#include "matchexplanationview.h"

#include "common/feedback.h"
#include "dataset/dataset.h"
#include "retrieval/descriptorset.h"
#include "retrieval/evaluation.h"
#include "run/runfolder.h"

#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QtTest>

using namespace orinet;
using namespace orinet::testing;

namespace {

// Run A misses query 3 (rank 5) and query 9 (rank 2); run B misses query 7 (rank 7).
const std::map<int, std::vector<int>> kRunA = {{3, {5, 6, 7, 8}}, {9, {1}}};
const std::map<int, std::vector<int>> kRunB = {{7, {0, 1, 2, 4, 5, 6}}};

std::vector<int64_t> queriesOf(const std::vector<RunComparison::Row>& rows) {
    std::vector<int64_t> out;
    for (const auto& r : rows)
        out.push_back(r.query);
    return out;
}

} // namespace

//! Two runs compared query by query: the sets at K, and the view showing both runs' top-K.
class TestComparisonView : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void setsAtK();
    void refusesIncomparableRuns();
    void showsBothRunsTopK();
    void sameRunFolderKeepsEachEvaluationsDescriptors();
    void addedResultsShowTheirTopK();
    void followsTheSelectedQueryWhenShown();
    void explainsTheChosenRunsMatches();
    void holdsATestSetOf8884Queries();

private:
    //! Evaluates run B in `panel` and adds run A's results, saved by an evaluation elsewhere.
    void evaluateBoth(EvaluationWorkspace& panel);
    metrics::EvaluationReport
    report(const std::map<int, std::vector<int>>& failures,
           metrics::Direction direction = metrics::Direction::GroundToSatellite);

    QTemporaryDir mDir;
    std::shared_ptr<const Dataset> mDataset;
};

void TestComparisonView::initTestCase() {
    writeEvalDataset(mDir.filePath("world"));
    mDataset = std::make_shared<const Dataset>(Dataset::open(mDir.filePath("world").toStdString()));
    writeDescriptorRun(mDir.filePath("runA"), kRunA);
    writeDescriptorRun(mDir.filePath("runB"), kRunB);
}

metrics::EvaluationReport
TestComparisonView::report(const std::map<int, std::vector<int>>& failures,
                           metrics::Direction direction) {
    EvaluationOptions options;
    options.direction = direction;
    Feedback feedback;
    metrics::EvaluationReport r = Evaluation::run(
        evalDescriptors(failures), options, Evaluation::positions(*mDataset, "val"), feedback);
    r.provenance.split = "val";
    return r;
}

void TestComparisonView::setsAtK() {
    const auto a = report(kRunA), b = report(kRunB);
    using Set = RunComparison::Set;
    QCOMPARE(queriesOf(RunComparison::compare(a, b, 1, Set::OnlyA)), std::vector<int64_t>({7}));
    QCOMPARE(queriesOf(RunComparison::compare(a, b, 1, Set::OnlyB)), std::vector<int64_t>({3, 9}));
    QCOMPARE(RunComparison::compare(a, b, 1, Set::Neither).size(), size_t(0));
    QCOMPARE(RunComparison::compare(a, b, 1, Set::Both).size(), size_t(kEvalPairs - 3));
    // At K = 2 run A also finds query 9; at K = 7 both find everything.
    QCOMPARE(queriesOf(RunComparison::compare(a, b, 2, Set::OnlyB)), std::vector<int64_t>({3}));
    QCOMPARE(queriesOf(RunComparison::compare(a, b, 5, Set::OnlyA)), std::vector<int64_t>({7}));
    QCOMPARE(RunComparison::compare(a, b, 7, Set::Both).size(), size_t(kEvalPairs));
    const auto rows = RunComparison::compare(a, b, 1, Set::OnlyB);
    QCOMPARE(rows[0].id, QString("v003"));
    QCOMPARE(rows[0].rankA, int64_t(5));
    QCOMPARE(rows[0].rankB, int64_t(1));
}

void TestComparisonView::refusesIncomparableRuns() {
    const auto a = report(kRunA);
    QVERIFY(RunComparison::incompatibility(a, report(kRunB)).isEmpty());
    QVERIFY(RunComparison::incompatibility(a, report(kRunB, metrics::Direction::SatelliteToGround))
                .contains("direction"));
    auto other = report(kRunB);
    other.provenance.split = "test";
    QVERIFY(RunComparison::incompatibility(a, other).contains("split"));
    other = report(kRunB);
    std::swap(other.ids[0], other.ids[1]);
    QVERIFY(!RunComparison::incompatibility(a, other).isEmpty());

    ComparisonView view;
    view.setDataset(mDataset, mDataset->split("val"));
    view.setCandidates({{"A", std::make_shared<const metrics::EvaluationReport>(a), {}, {}},
                        {"B",
                         std::make_shared<const metrics::EvaluationReport>(
                             report(kRunB, metrics::Direction::SatelliteToGround)),
                         {},
                         {}}});
    view.choose(0, 1);
    QCOMPARE(view.model()->rowCount(), 0);
    QVERIFY2(view.status()->text().contains("cannot be compared"),
             qPrintable(view.status()->text()));
}

void TestComparisonView::showsBothRunsTopK() {
    EvaluationWorkspace panel;
    panel.resize(1280, 860);
    panel.setDataset(mDataset);
    QSignalSpy evaluated(&panel, &EvaluationWorkspace::evaluated);
    panel.setRunDirectory(mDir.filePath("runA"));
    panel.evaluate();
    QVERIFY(evaluated.wait(60000));
    panel.setRunDirectory(mDir.filePath("runB"));
    panel.evaluate();
    QVERIFY(evaluated.wait(60000));
    QCOMPARE(panel.document()->runs().size(), size_t(2));

    // A is the newest evaluation (run B), B the other run (run A).
    ComparisonView* view = panel.comparison();
    QSignalSpy shown(view, &ComparisonView::queryShown);
    view->setK(1);
    view->setSet(RunComparison::Set::OnlyA); // right only by runB: queries 3 and 9
    QCOMPARE(view->model()->rowCount(), 2);
    // Sorted by change, largest first: query 9 (rank 1 vs 2) before query 3 (1 vs 5).
    QVERIFY(shown.wait(30000));
    QCOMPARE(view->shownQuery(), int64_t(9));
    // runB retrieves the true tile first; runA (descriptors read from its folder) tile 1, then
    // the true one.
    QVERIFY(view->viewsOf(0)[0]->frameColor().isValid());
    QVERIFY2(view->viewsOf(0)[0]->caption().contains("true"),
             qPrintable(view->viewsOf(0)[0]->caption()));
    QVERIFY(!view->viewsOf(1)[0]->frameColor().isValid());
    QVERIFY2(view->viewsOf(1)[1]->caption().contains("true"),
             qPrintable(view->viewsOf(1)[1]->caption()));
    QCOMPARE(view->viewsOf(1).size(), size_t(ComparisonView::kShown));
    QVERIFY(!view->viewsOf(1)[4]->image().isNull()); // a full top-5, not only the top-1
    QVERIFY(view->queryView()->caption().contains("rank 1 in A, 2 in B"));
    // Short rank headers keep every column in view; the runs' names are in the tooltips.
    const QAbstractItemModel* model = view->model();
    QCOMPARE(model->headerData(RunComparison::RankBColumn, Qt::Horizontal).toString(),
             QString("Rank B"));
    QVERIFY2(
        model->headerData(RunComparison::RankBColumn, Qt::Horizontal, Qt::ToolTipRole)
            .toString()
            .contains("runA"),
        qPrintable(model->headerData(RunComparison::RankBColumn, Qt::Horizontal, Qt::ToolTipRole)
                       .toString()));

    // Selections faster than the inspections: the newest is shown, a superseded one never is.
    auto* table = view->findChild<QTableView*>();
    QVERIFY(table);
    shown.clear();
    table->selectRow(1); // query 3: its inspection starts...
    table->selectRow(0); // ... and query 9 supersedes it
    QTRY_VERIFY_WITH_TIMEOUT(!shown.isEmpty(), 30000);
    QCOMPARE(shown.first().first().value<int64_t>(), int64_t(9));
    QCOMPARE(view->shownQuery(), int64_t(9));

    panel.findChild<QTabWidget*>()->setCurrentWidget(view);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    QVERIFY(panel.grab().save(outputFolder() + "/compare-runs.png"));
}

void TestComparisonView::sameRunFolderKeepsEachEvaluationsDescriptors() {
    // One run folder evaluated twice (two BatchNorm modes): each side retrieves with its own
    // descriptors from the folder's cache, at every selection, not with the last one read.
    const QString run = mDir.filePath("runC");
    const RunFolder folder(run.toStdString());
    auto a = std::make_shared<metrics::EvaluationReport>(report(kRunA));
    auto b = std::make_shared<metrics::EvaluationReport>(report(kRunB));
    a->provenance.normalization = "recalibrated";
    b->provenance.normalization = "original";
    for (const auto& [evaluation, failures] : {std::pair{a, kRunA}, std::pair{b, kRunB}}) {
        DescriptorSet set = evalDescriptors(failures);
        set.provenance = evaluation->provenance;
        set.save(folder.descriptorsDirectory(evaluation->provenance));
    }
    ComparisonView view;
    view.setDataset(mDataset, mDataset->split("val"));
    view.setCandidates({{"recalibrated", a, run, {}}, {"original", b, run, {}}});
    view.choose(0, 1);
    QSignalSpy shown(&view, &ComparisonView::queryShown);
    view.setK(1);
    view.setSet(RunComparison::Set::OnlyB); // queries 3 and 9: A ranks them 5 and 2
    QCOMPARE(view.model()->rowCount(), 2);
    for (int row = 0; row < 2; ++row) {
        if (row > 0)
            view.table()->selectRow(row);
        QVERIFY(shown.wait(30000));
        QTRY_VERIFY(!view.viewsOf(1)[0]->caption().isEmpty());
        QVERIFY2(!view.viewsOf(0)[0]->caption().contains("true"),
                 qPrintable(view.viewsOf(0)[0]->caption()));
        QVERIFY2(view.viewsOf(1)[0]->caption().contains("true"),
                 qPrintable(view.viewsOf(1)[0]->caption()));
        shown.clear();
    }
}

void TestComparisonView::evaluateBoth(EvaluationWorkspace& panel) {
    {
        EvaluationWorkspace elsewhere;
        elsewhere.setDataset(mDataset);
        QSignalSpy evaluated(&elsewhere, &EvaluationWorkspace::evaluated);
        elsewhere.setRunDirectory(mDir.filePath("runA"));
        elsewhere.evaluate();
        QVERIFY(evaluated.wait(60000));
    }
    panel.setDataset(mDataset);
    QSignalSpy evaluated(&panel, &EvaluationWorkspace::evaluated);
    panel.setRunDirectory(mDir.filePath("runB"));
    panel.evaluate();
    QVERIFY(evaluated.wait(60000));
    panel.document()->addResults(mDir.filePath("runA"));
    QCOMPARE(panel.document()->runs().size(), size_t(2));
}

void TestComparisonView::addedResultsShowTheirTopK() {
    // Run A's results saved by an evaluation elsewhere (another window, or `orinet eval`),
    // then added with Add Results (or --compare): their descriptors are read from the folder
    // the results name, so the comparison shows their top-5 too, not only the top-1.
    EvaluationWorkspace panel;
    evaluateBoth(panel);
    if (QTest::currentTestFailed())
        return;
    ComparisonView* view = panel.comparison();
    QSignalSpy shown(view, &ComparisonView::queryShown);
    view->setK(1);
    view->setSet(RunComparison::Set::OnlyA);
    QVERIFY(shown.wait(30000));
    QCOMPARE(view->shownQuery(), int64_t(9));
    for (size_t i = 0; i < ComparisonView::kShown; ++i)
        QVERIFY2(!view->viewsOf(1)[i]->image().isNull(), qPrintable(QString::number(i)));
    QVERIFY2(view->viewsOf(1)[1]->caption().contains("true"),
             qPrintable(view->viewsOf(1)[1]->caption()));
}

void TestComparisonView::followsTheSelectedQueryWhenShown() {
    // One selected query for the Failures and Compare Runs views (the document's): a query
    // chosen in Failures is the one Compare Runs shows once its tab is opened, and one chosen
    // in Compare Runs is selected in Failures.
    EvaluationWorkspace panel;
    evaluateBoth(panel);
    if (QTest::currentTestFailed())
        return;
    panel.resize(1280, 800);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    auto* views = panel.findChild<QTabWidget*>("evaluationViews");
    QVERIFY(views);
    views->setCurrentWidget(panel.inspector());
    ComparisonView* view = panel.comparison();
    QVERIFY(!view->isVisible());
    view->setK(1);
    view->setSet(RunComparison::Set::All);
    const std::vector<size_t>& splitRows = panel.inspector()->evaluation()->splitRows;
    const auto tableQuery = [view] {
        const auto* sorted = static_cast<QSortFilterProxyModel*>(view->table()->model());
        const QModelIndex current = view->table()->selectionModel()->currentIndex();
        return current.isValid() ? view->model()->row(sorted->mapToSource(current).row()).query
                                 : int64_t(-1);
    };

    // Chosen in Failures: the hidden comparison waits (no retrieval for a hidden view) ...
    const int64_t before = tableQuery();
    const int64_t chosen = before == 7 ? 3 : 7;
    QVERIFY(panel.inspector()->selectQueryPair(splitRows[size_t(chosen)]));
    QCOMPARE(panel.document()->selectedPair(), splitRows[size_t(chosen)]);
    QCOMPARE(tableQuery(), before);
    // ... and shows it when opened.
    QSignalSpy shown(view, &ComparisonView::queryShown);
    views->setCurrentWidget(view);
    QCOMPARE(tableQuery(), chosen);
    QTRY_COMPARE_WITH_TIMEOUT(view->shownQuery(), chosen, 30000);

    // Chosen in Compare Runs: Failures selects it too.
    const int64_t other = chosen == 7 ? 3 : 7;
    const auto* sorted = static_cast<QSortFilterProxyModel*>(view->table()->model());
    int row = -1;
    for (int r = 0; r < sorted->rowCount(); ++r)
        if (view->model()->row(sorted->mapToSource(sorted->index(r, 0)).row()).query == other)
            row = r;
    QVERIFY(row >= 0);
    view->table()->selectionModel()->setCurrentIndex(
        sorted->index(row, 0), QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    QCOMPARE(panel.document()->selectedPair(), splitRows[size_t(other)]);
    QTRY_COMPARE_WITH_TIMEOUT(panel.inspector()->shownQuery(), other, 30000);
}

void TestComparisonView::explainsTheChosenRunsMatches() {
    // Run A has a checkpoint (an untrained tiny model: the split is exact whatever it learned),
    // run B only its results.
    const std::string weights = mDir.filePath("tiny.safetensors").toStdString();
    writeTinyWeights(weights, 3);
    ComparisonView view;
    view.resize(1280, 860);
    view.setDataset(mDataset, mDataset->split("val"));
    ComparisonView::Candidate a, b;
    a.name = "runA";
    auto reportA = std::make_shared<metrics::EvaluationReport>(report(kRunA));
    reportA->provenance.checkpoint = weights;
    reportA->provenance.checkpointKind = "file";
    a.report = reportA;
    a.descriptors = std::make_shared<const DescriptorSet>(evalDescriptors(kRunA));
    b.name = "runB";
    b.report = std::make_shared<metrics::EvaluationReport>(report(kRunB));
    b.runFolder = mDir.filePath("runB");
    QSignalSpy shown(&view, &ComparisonView::queryShown);
    view.setCandidates({a, b});
    view.setK(1);
    view.setSet(RunComparison::Set::OnlyB); // queries 3 and 9, which run A gets wrong
    QTRY_VERIFY_WITH_TIMEOUT(view.shownQuery() >= 0, 30000);
    const int64_t query = view.shownQuery();
    QVERIFY(query == 3 || query == 9);

    QCOMPARE(view.explainedSide(), 0);
    QVERIFY(view.explainButton()->isEnabled());
    view.setExplainedSide(1); // results only
    QVERIFY(!view.explainButton()->isEnabled());
    QVERIFY2(view.explainButton()->toolTip().contains("no checkpoint"),
             qPrintable(view.explainButton()->toolTip()));
    view.setExplaining(true);
    QVERIFY(!view.explainButton()->isChecked());

    view.setExplainedSide(0);
    QSignalSpy explained(view.explanation(), &ExplanationPanel::explained);
    view.setExplaining(true);
    QVERIFY(explained.wait(25000));
    const auto& matches = view.explanation()->view()->matches();
    QCOMPARE(matches.size(), size_t(2));
    const QString id = evalId(int(query));
    // Run A's top-1 is wrong: tile 5 for query 3, tile 1 for query 9.
    const QString top = evalId(query == 3 ? 5 : 1);
    QVERIFY2(matches[0].trueMatch && matches[0].caption.contains(id),
             qPrintable(matches[0].caption));
    QVERIFY2(!matches[1].trueMatch && matches[1].caption.contains(top) &&
                 matches[1].caption.contains("#1"),
             qPrintable(matches[1].caption));
    // The wrong tile's image is that tile (a flat colour per pair).
    const QColor centre = matches[1].tile.pixelColor(24, 24);
    const QColor expected = pairColour(query == 3 ? 5 : 1, false);
    QVERIFY(std::abs(centre.red() - expected.red()) <= 2 &&
            std::abs(centre.green() - expected.green()) <= 2 &&
            std::abs(centre.blue() - expected.blue()) <= 2);
    QVERIFY(!view.explanation()->view()->panoramaView(0)->overlay().isNull());
}

void TestComparisonView::holdsATestSetOf8884Queries() {
    // CVACT's test set: 8,884 queries. Known structure: query q lies 10 m east of q - 1; A ranks
    // its true match q % 7 + 1 (top-1 the next query when wrong: 10 m off), B (q * 3) % 11 + 1
    // (top-1 two queries on: 20 m off).
    constexpr int64_t n = 8884;
    auto a = std::make_shared<metrics::EvaluationReport>();
    auto b = std::make_shared<metrics::EvaluationReport>();
    std::vector<UtmPosition> positions;
    std::vector<size_t> splitRows;
    for (int64_t q = 0; q < n; ++q) {
        const int64_t rankA = q % 7, rankB = (q * 3) % 11;
        a->ranks.push_back(rankA);
        b->ranks.push_back(rankB);
        a->nearest.push_back(rankA == 0 ? q : (q + 1) % n);
        b->nearest.push_back(rankB == 0 ? q : (q + 2) % n);
        a->ids.push_back(QStringLiteral("q%1").arg(q, 5, 10, QLatin1Char('0')).toStdString());
        positions.push_back({690000.0 + 10.0 * double(q), 6090000.0, 55, true});
        splitRows.push_back(size_t(q) + 100); // dataset pairs: the split starts at pair 100
    }
    b->ids = a->ids;
    for (auto* r : {a.get(), b.get()}) {
        r->provenance.split = "test";
        r->nearestScore.assign(size_t(n), 0.5f);
    }
    ComparisonView view;
    view.resize(1280, 800);
    view.setDataset(nullptr, splitRows, positions);
    QSignalSpy tops(&view, &ComparisonView::topsSelected);
    view.setCandidates({{"A", a, {}, {}}, {"B", b, {}, {}}});
    view.setK(1);
    view.setSet(RunComparison::Set::All);
    QCOMPARE(view.model()->rowCount(), int(n));
    ComparisonFilterModel* rows = view.filterModel();
    QCOMPARE(rows->rowCount(), int(n));

    // Sorted by change (rank A - rank B), largest first, and by either rank.
    auto rowAt = [&](int r) -> const RunComparison::Row& {
        return view.model()->row(rows->mapToSource(rows->index(r, 0)).row());
    };
    view.table()->sortByColumn(RunComparison::ChangeColumn, Qt::DescendingOrder);
    for (int r = 1; r < rows->rowCount(); ++r)
        QVERIFY(rowAt(r - 1).change() >= rowAt(r).change());
    QCOMPARE(rowAt(0).change(), int64_t(6 - 0)); // A's worst rank 7, B right
    view.table()->sortByColumn(RunComparison::RankBColumn, Qt::AscendingOrder);
    for (int r = 1; r < rows->rowCount(); ++r)
        QVERIFY(rowAt(r - 1).rankB <= rowAt(r).rankB);

    // Geo errors from the positions: 10 m for A's wrong top-1, 20 m for B's, 0 when right.
    QCOMPARE(rowAt(0).geoErrorB, 0.0);
    for (int r = 0; r < rows->rowCount(); r += 97) {
        const RunComparison::Row& row = rowAt(r);
        QCOMPARE(row.geoErrorA, row.rankA == 1 ? 0.0 : 10.0);
        QCOMPARE(row.geoErrorB, row.rankB == 1 ? 0.0 : 20.0);
        QCOMPARE(row.topIdA, QString::fromStdString(a->ids[size_t(a->nearest[size_t(row.query)])]));
    }

    // "A's top-1 within 15 m, B's beyond": exactly the queries B gets wrong.
    int64_t bWrong = 0;
    for (int64_t q = 0; q < n; ++q)
        bWrong += b->ranks[size_t(q)] != 0;
    using Geo = ComparisonFilterModel::Geo;
    view.setGeoFilter(int(Geo::Within), int(Geo::Beyond), 15);
    QCOMPARE(rows->rowCount(), int(bWrong));
    QVERIFY2(view.countLabel()->text().contains(QLocale().toString(qlonglong(bWrong))),
             qPrintable(view.countLabel()->text()));
    for (int r = 0; r < rows->rowCount(); r += 53)
        QVERIFY(rowAt(r).geoErrorA <= 15 && rowAt(r).geoErrorB > 15);
    // Both beyond 5 m: both wrong.
    view.setGeoFilter(int(Geo::Beyond), int(Geo::Beyond), 5);
    int64_t bothWrong = 0;
    for (int64_t q = 0; q < n; ++q)
        bothWrong += a->ranks[size_t(q)] != 0 && b->ranks[size_t(q)] != 0;
    QCOMPARE(rows->rowCount(), int(bothWrong));

    // The map hears of the selected query with both top-1s, as dataset pairs.
    QVERIFY(view.table()->selectionModel()->currentIndex().isValid());
    view.table()->selectRow(3);
    QVERIFY(!tops.isEmpty());
    const RunComparison::Row& selected = rowAt(3);
    QCOMPARE(tops.last().at(0).value<size_t>(), size_t(selected.query) + 100);
    const auto topPairs = tops.last().at(1).value<std::vector<size_t>>();
    QCOMPARE(topPairs,
             (std::vector<size_t>{size_t(selected.topA) + 100, size_t(selected.topB) + 100}));
    QCOMPARE(tops.last().at(2).toStringList(), QStringList({"A", "B"}));

    // Exported: the listed rows in view order.
    QTemporaryDir dir;
    const QString csv = dir.filePath("compared.csv");
    QString error;
    QVERIFY2(view.exportCsv(csv, &error), qPrintable(error));
    QFile file(csv);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QStringList lines = QString::fromUtf8(file.readAll()).split('\n', Qt::SkipEmptyParts);
    file.close();
    QCOMPARE(lines.size(), int(bothWrong) + 1);
    QCOMPARE(lines[0], QString("query_id,rank_a,rank_b,change,geo_error_a_m,geo_error_b_m,"
                               "top1_id_a,top1_id_b"));
    const RunComparison::Row& first = rowAt(0);
    QCOMPARE(lines[1], QStringLiteral("%1,%2,%3,%4,10.00,20.00,%5,%6")
                           .arg(first.id)
                           .arg(first.rankA)
                           .arg(first.rankB)
                           .arg(first.change())
                           .arg(first.topIdA, first.topIdB));
    // Written again over its own file; a user's file at the path is not replaced.
    QVERIFY2(view.exportCsv(csv, &error), qPrintable(error));
    const QString mine = dir.filePath("mine.csv");
    QFile own(mine);
    QVERIFY(own.open(QIODevice::WriteOnly));
    own.write("my,numbers\n1,2\n");
    own.close();
    QVERIFY(!view.exportCsv(mine, &error));
    QVERIFY2(error.contains("mine.csv"), qPrintable(error));
    QVERIFY(own.open(QIODevice::ReadOnly));
    QCOMPARE(own.readAll(), QByteArray("my,numbers\n1,2\n"));
}

QTEST_MAIN(TestComparisonView)
#include "tst_comparisonview.moc"
