#include "evaluationfixture.h"
#include "heatmapworld.h"

#include "gui/evaluation/evaluationdocument.h"
#include "gui/evaluation/evaluationworkspace.h"
#include "gui/evaluation/explanationpanel.h"
#include "gui/evaluation/failureinspector.h"
#include "gui/evaluation/inspectedevaluation.h"
#include "gui/evaluation/queryfiltermodel.h"
#include "gui/evaluation/querynotes.h"
#include "gui/evaluation/querytablemodel.h"
#include "gui/jobs/backgroundjob.h"
#include "imageview.h"
#include "matchexplanationview.h"
#include "zoomview.h"

#include "common/error.h"
#include "common/feedback.h"
#include "dataset/dataset.h"
#include "metrics/evaluationreport.h"
#include "retrieval/evaluation.h"
#include "run/runfolder.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialog>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableView>
#include <QTemporaryDir>
#include <QtTest>

using namespace orinet;
using namespace orinet::testing;

namespace {

// Run A: query 3 ranks its true tile 5th (tile 5 first, 200 m away), query 9 ranks it 2nd
// (tile 1 first, 800 m away); every other query is right at rank 1.
const std::map<int, std::vector<int>> kRunA = {{3, {5, 6, 7, 8}}, {9, {1}}};
// Run B: only query 7 fails, at rank 7 (tile 0 first).
const std::map<int, std::vector<int>> kRunB = {{7, {0, 1, 2, 4, 5, 6}}};

QColor centreColour(const QImage& image) {
    return image.isNull() ? QColor() : image.pixelColor(image.width() / 2, image.height() / 2);
}

bool sameColour(const QColor& a, const QColor& b) {
    return std::abs(a.red() - b.red()) <= 2 && std::abs(a.green() - b.green()) <= 2 &&
           std::abs(a.blue() - b.blue()) <= 2;
}

} // namespace

class TestFailureInspector : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void recordsHoldRanksScoresAndGeoError();
    void sortsAndFilters();
    void tagsAndNotesPersistAndReload();
    void malformedNotesFileIsNeverOverwritten();
    void exportsTheFilteredListAsCsv();
    void groundToSatelliteShowsTilesWithCompass();
    void satelliteToGroundShowsPanoramasWithYaw();
    void reEvaluationReplacesTheInspectedQuery();
    void keyboardMovesThroughQueriesAndRetrievedItems();
    void changedSettingsMarkTheShownResultsStale();
    void explainsTheTrueAndTheWinningWrongTile();
    void explainIsDisabledWithoutACheckpoint();
    void explainsATileQueryWithPanoramas();
    void aBrokenCheckpointIsReported();
    void aNewerQueryReplacesARunningExplanation();

private:
    //! Records of run A, as the evaluation job builds them.
    std::vector<QueryRecord>
    recordsOfRunA(metrics::Direction direction = metrics::Direction::GroundToSatellite);
    EvaluationWorkspace* evaluatedPanel(const QString& run, const QString& direction);
    //! Run A's evaluation as the workspace hands it over; `checkpoint` is what its descriptors
    //! were made with (empty: none, results only).
    std::shared_ptr<InspectedEvaluation>
    evaluationOfRunA(const std::string& checkpoint,
                     metrics::Direction direction = metrics::Direction::GroundToSatellite);

    QTemporaryDir mDir;
    QString mRoot;
    std::shared_ptr<const Dataset> mDataset;
};

void TestFailureInspector::initTestCase() {
    qRegisterMetaType<BackgroundJob*>("BackgroundJob*"); // QSignalSpy on jobStarted()
    QVERIFY(mDir.isValid());
    mRoot = mDir.filePath("world");
    writeEvalDataset(mRoot);
    mDataset = std::make_shared<const Dataset>(Dataset::open(mRoot.toStdString()));
    QCOMPARE(mDataset->split("val").size(), size_t(kEvalPairs));
    writeDescriptorRun(mDir.filePath("runA"), kRunA);
    writeDescriptorRun(mDir.filePath("runB"), kRunB);
}

std::vector<QueryRecord> TestFailureInspector::recordsOfRunA(metrics::Direction direction) {
    const DescriptorSet set = evalDescriptors(kRunA);
    const auto positions = Evaluation::positions(*mDataset, "val");
    EvaluationOptions options;
    options.direction = direction;
    Feedback feedback;
    const metrics::EvaluationReport report = Evaluation::run(set, options, positions, feedback);
    return QueryTableModel::records(report, &set, positions);
}

void TestFailureInspector::recordsHoldRanksScoresAndGeoError() {
    const std::vector<QueryRecord> records = recordsOfRunA();
    QCOMPARE(records.size(), size_t(kEvalPairs));
    const QueryRecord& worst = records[3];
    QCOMPARE(worst.id, QString("v003"));
    QCOMPARE(worst.rank, int64_t(5));
    QCOMPARE(worst.topId, QString("v005"));
    // ground_3 = (5 e5 + 4 e6 + 3 e7 + 2 e8 + 0.5 e3) / |.|, |.| = sqrt(54.25)
    QVERIFY(std::abs(worst.topScore - 5 / std::sqrt(54.25)) < 1e-5);
    QVERIFY(std::abs(worst.trueScore - 0.5 / std::sqrt(54.25)) < 1e-5);
    QVERIFY(std::abs(worst.geoError - 2 * kSpacing) < 1e-6);
    QCOMPARE(records[9].rank, int64_t(2));
    QVERIFY(std::abs(records[9].geoError - 8 * kSpacing) < 1e-6);
    QCOMPARE(records[0].rank, int64_t(1));
    QCOMPARE(records[0].geoError, 0.0);
    QVERIFY(std::abs(records[0].trueScore - 1) < 1e-6);
}

void TestFailureInspector::sortsAndFilters() {
    QueryTableModel model;
    model.setRecords(recordsOfRunA(), QueryNotes());
    QueryFilterModel filter;
    filter.setQueryModel(&model);
    auto idAt = [&](int row) {
        return filter.data(filter.index(row, QueryTableModel::IdColumn)).toString();
    };

    filter.sort(QueryTableModel::RankColumn, Qt::DescendingOrder);
    QCOMPARE(idAt(0), QString("v003"));
    QCOMPARE(idAt(1), QString("v009"));
    filter.sort(QueryTableModel::TrueScoreColumn, Qt::AscendingOrder);
    QCOMPARE(idAt(0), QString("v003"));
    QCOMPARE(idAt(1), QString("v009"));
    filter.sort(QueryTableModel::GeoErrorColumn, Qt::DescendingOrder);
    QCOMPARE(idAt(0), QString("v009")); // 800 m beats 200 m
    filter.sort(QueryTableModel::TopScoreColumn, Qt::AscendingOrder);
    QCOMPARE(idAt(0), QString("v003")); // 5/sqrt(54.25) = 0.679
    QCOMPARE(idAt(1), QString("v009")); // 2/sqrt(4.25) = 0.970; the rest score 1

    filter.setMinimumRank(1);
    QCOMPARE(filter.rowCount(), 2);
    filter.setMinimumRank(2);
    QCOMPARE(filter.rowCount(), 1);
    QCOMPARE(idAt(0), QString("v003"));
    filter.setMinimumRank(0);
    filter.setMinimumGeoError(500);
    QCOMPARE(filter.rowCount(), 1);
    QCOMPARE(idAt(0), QString("v009"));
    filter.setMinimumGeoError(0);
    filter.setSearch("V01");
    QCOMPARE(filter.rowCount(), 2); // v010, v011
    filter.setSearch(QString());
    QCOMPARE(filter.rowCount(), kEvalPairs);

    model.setTags(model.rowOfQuery(4), {"night"});
    model.setTags(model.rowOfQuery(9), {"night", "occluded"});
    filter.setTag("night");
    QCOMPARE(filter.rowCount(), 2);
    filter.setMinimumRank(1); // filters combine
    QCOMPARE(filter.rowCount(), 1);
    QCOMPARE(idAt(0), QString("v009"));
}

void TestFailureInspector::tagsAndNotesPersistAndReload() {
    QTemporaryDir run;
    const QString path =
        QString::fromStdString(RunFolder(run.path().toStdString()).annotationsFile());
    {
        QueryTableModel model;
        model.setRecords(recordsOfRunA(), QueryNotes(path));
        QString error;
        QVERIFY2(model.setTags(3, {"night", " occluded ", "night", ""}, &error), qPrintable(error));
        QVERIFY(model.setNote(3, "tile from 2012, new road since", &error));
        QVERIFY(model.setNote(5, "fine", &error));
        QVERIFY(model.setNote(5, "", &error)); // an emptied entry disappears
        QVERIFY(QFileInfo::exists(path));
    }
    const QueryNotes notes = QueryNotes::load(path);
    QCOMPARE(notes.size(), 1);
    QCOMPARE(notes.entry("v003").tags, QStringList({"night", "occluded"}));
    QCOMPARE(notes.entry("v003").note, QString("tile from 2012, new road since"));

    // A new inspector on the same run shows them.
    auto evaluation = std::make_shared<InspectedEvaluation>();
    evaluation->dataset = mDataset;
    evaluation->splitRows = mDataset->split("val");
    evaluation->records = recordsOfRunA();
    auto report = std::make_shared<metrics::EvaluationReport>();
    report->queryCount = kEvalPairs;
    evaluation->report = report;
    evaluation->notesPath = path;
    EvaluationDocument document;
    FailureInspector inspector(&document);
    document.setCurrent(evaluation);
    const QueryTableModel* model = inspector.queryModel();
    QCOMPARE(model->data(model->index(3, QueryTableModel::TagsColumn)).toString(),
             QString("night, occluded"));
    auto* tagFilter = inspector.findChild<QComboBox*>("tagFilter");
    QVERIFY(tagFilter->findData("occluded") >= 0);
}

void TestFailureInspector::malformedNotesFileIsNeverOverwritten() {
    QTemporaryDir run;
    const QString path = run.filePath("query-notes.json");
    {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("{\"queries\": oops");
    }
    QVERIFY_THROWS_EXCEPTION(Error, QueryNotes::load(path));
    auto evaluation = std::make_shared<InspectedEvaluation>();
    evaluation->dataset = mDataset;
    evaluation->splitRows = mDataset->split("val");
    evaluation->records = recordsOfRunA();
    evaluation->report = std::make_shared<metrics::EvaluationReport>();
    evaluation->notesPath = path;
    EvaluationDocument document;
    FailureInspector inspector(&document);
    document.setCurrent(evaluation);
    bool named = false;
    for (QLabel* label : inspector.findChildren<QLabel*>())
        named |= label->text().contains(path) && label->text().contains("not valid JSON");
    QVERIFY2(named, "the notes problem is shown with the file name");
    inspector.queryModel()->setTags(2, {"kept in memory"});
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), QByteArray("{\"queries\": oops"));
}

void TestFailureInspector::exportsTheFilteredListAsCsv() {
    QTemporaryDir out;
    auto evaluation = std::make_shared<InspectedEvaluation>();
    evaluation->dataset = mDataset;
    evaluation->splitRows = mDataset->split("val");
    evaluation->records = recordsOfRunA();
    evaluation->report = std::make_shared<metrics::EvaluationReport>();
    EvaluationDocument document;
    FailureInspector inspector(&document);
    document.setCurrent(evaluation);
    inspector.queryModel()->setTags(9, {"night", "rain"});
    inspector.queryModel()->setNote(9, "says \"hi\", twice");
    inspector.findChild<QSpinBox*>("minRank")->setValue(1);
    QString error;
    const QString path = out.filePath("failures.csv");
    QVERIFY2(inspector.exportCsv(path, &error), qPrintable(error));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QStringList lines = QString::fromUtf8(file.readAll()).split('\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 3);
    QCOMPARE(lines[0], QString("id,rank,true_score,top1_score,top1_id,geo_error_m,tags,note"));
    QVERIFY2(lines[1].startsWith("v003,5,0.067") && lines[1].contains(",v005,200.00,"),
             qPrintable(lines[1]));
    QVERIFY2(lines[2].startsWith("v009,2,") &&
                 lines[2].endsWith(",v001,800.00,night;rain,\"says \"\"hi\"\", twice\""),
             qPrintable(lines[2]));
    // An unwritable target is refused with its name.
    QVERIFY(!inspector.exportCsv(out.filePath("missing/dir/x.csv"), &error));
    QVERIFY2(error.contains("missing/dir/x.csv"), qPrintable(error));
    // Exporting again replaces the export; a CSV of the user's, or a folder, is left alone.
    QVERIFY2(inspector.exportCsv(path, &error), qPrintable(error));
    const QString mine = out.filePath("mine.csv");
    {
        QFile f(mine);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("city,population\nCanberra,467000\n");
    }
    QVERIFY(!inspector.exportCsv(mine, &error));
    QVERIFY2(error.contains("mine.csv") && error.contains("nothing was changed"),
             qPrintable(error));
    QFile kept(mine);
    QVERIFY(kept.open(QIODevice::ReadOnly));
    QCOMPARE(kept.readAll(), QByteArray("city,population\nCanberra,467000\n"));
    QVERIFY(QDir().mkpath(out.filePath("folder.csv")));
    QVERIFY(!inspector.exportCsv(out.filePath("folder.csv"), &error));
    QVERIFY(QFileInfo(out.filePath("folder.csv")).isDir());
}

EvaluationWorkspace* TestFailureInspector::evaluatedPanel(const QString& run,
                                                          const QString& direction) {
    auto* panel = new EvaluationWorkspace;
    panel->resize(1280, 760);
    panel->setDataset(mDataset);
    panel->setRunDirectory(run);
    auto* directions = panel->findChild<QComboBox*>("direction");
    directions->setCurrentIndex(directions->findData(direction));
    QSignalSpy selected(panel, &EvaluationWorkspace::querySelected);
    panel->evaluate();
    if (!selected.wait(60000)) {
        delete panel;
        return nullptr;
    }
    return panel;
}

void TestFailureInspector::groundToSatelliteShowsTilesWithCompass() {
    std::unique_ptr<EvaluationWorkspace> panel(evaluatedPanel(mDir.filePath("runA"), "g2s"));
    QVERIFY(panel);
    panel->show();
    FailureInspector* inspector = panel->inspector();
    QCOMPARE(inspector->shownQuery(), int64_t(3)); // the worst query comes first
    QCOMPARE(inspector->queryView()->annotation(), ImageView::Annotation::PanoramaYaw);
    QVERIFY(inspector->queryView()->caption().contains("panorama"));
    QCOMPARE(inspector->trueMatchView()->annotation(), ImageView::Annotation::Compass);
    QCOMPARE(inspector->trueMatchView()->caption(), QString("true tile"));
    QVERIFY(sameColour(centreColour(inspector->queryView()->image()), pairColour(3, true)));
    QVERIFY(sameColour(centreColour(inspector->trueMatchView()->image()), pairColour(3, false)));
    const auto& retrieved = inspector->retrievedViews();
    const int expected[] = {5, 6, 7, 8, 3};
    for (int i = 0; i < 5; ++i) {
        QCOMPARE(retrieved[i]->annotation(), ImageView::Annotation::Compass);
        QVERIFY(sameColour(centreColour(retrieved[i]->image()), pairColour(expected[i], false)));
    }
    // Rank, score and ground distance to the truth; the true match is marked.
    QVERIFY2(retrieved[0]->caption().startsWith("#1 · 0.679 · 200 m"),
             qPrintable(retrieved[0]->caption()));
    QVERIFY2(retrieved[4]->caption().contains("0 m") && retrieved[4]->caption().contains("true"),
             qPrintable(retrieved[4]->caption()));
    QVERIFY(retrieved[4]->frameColor().isValid());
    QVERIFY(!retrieved[0]->frameColor().isValid());

    inspector->findChild<QCheckBox*>()->setChecked(true); // orientation overlay
    QVERIFY(panel->grab().save(outputFolder() + "/inspector-g2s.png"));
}

void TestFailureInspector::satelliteToGroundShowsPanoramasWithYaw() {
    std::unique_ptr<EvaluationWorkspace> panel(evaluatedPanel(mDir.filePath("runA"), "s2g"));
    QVERIFY(panel);
    FailureInspector* inspector = panel->inspector();
    const int64_t query = inspector->shownQuery();
    QVERIFY(query >= 0);
    QCOMPARE(inspector->queryView()->annotation(), ImageView::Annotation::Compass);
    QVERIFY2(inspector->queryView()->caption().contains("tile"),
             qPrintable(inspector->queryView()->caption()));
    QCOMPARE(inspector->trueMatchView()->annotation(), ImageView::Annotation::PanoramaYaw);
    QCOMPARE(inspector->trueMatchView()->caption(), QString("true panorama"));
    // The query is a tile, its true match and the retrieved items are panoramas.
    QVERIFY(sameColour(centreColour(inspector->queryView()->image()),
                       pairColour(static_cast<int>(query), false)));
    QVERIFY(sameColour(centreColour(inspector->trueMatchView()->image()),
                       pairColour(static_cast<int>(query), true)));
    for (ImageView* view : inspector->retrievedViews()) {
        QCOMPARE(view->annotation(), ImageView::Annotation::PanoramaYaw);
        QVERIFY(view->image().width() > view->image().height());
    }
    panel->show();
    QVERIFY(QTest::qWaitForWindowExposed(panel.get()));
    // The panoramas go into the columns that show them widest: in this 1280 x 760 window the
    // image area is short, so these 4:1 strips take two columns (about 330 px wide instead of
    // 230 in one); CVACT's 2:1 spheres take two in a wide area, CVUSA's long strips one.
    QVERIFY(panel->grab().save(outputFolder() + "/inspector-s2g.png"));
    QTRY_COMPARE(inspector->shownPanoramaColumns(), 2);
    QVERIFY2(inspector->retrievedViews()[0]->width() > 300,
             qPrintable(QString::number(inspector->retrievedViews()[0]->width())));
    QCOMPARE(FailureInspector::panoramaColumns(QSize(1000, 560), 2.0), 2);
    QCOMPARE(FailureInspector::panoramaColumns(QSize(1000, 560), 5.5), 1);
    QCOMPARE(FailureInspector::panoramaColumns(QSize(500, 900), 2.0), 1);
}

void TestFailureInspector::reEvaluationReplacesTheInspectedQuery() {
    std::unique_ptr<EvaluationWorkspace> panel(evaluatedPanel(mDir.filePath("runA"), "g2s"));
    QVERIFY(panel);
    const size_t firstPair = mDataset->split("val")[3];
    QCOMPARE(panel->inspector()->shownQuery(), int64_t(3));

    // Run B's worst query also sits in row 0: the inspector must still move to it.
    QSignalSpy selected(panel.get(), &EvaluationWorkspace::querySelected);
    panel->setRunDirectory(mDir.filePath("runB"));
    panel->evaluate();
    QVERIFY(selected.wait(60000));
    const size_t secondPair = mDataset->split("val")[7];
    QVERIFY(secondPair != firstPair);
    QCOMPARE(selected.last().at(0).value<size_t>(), secondPair);
    QCOMPARE(panel->inspector()->shownQuery(), int64_t(7));
    QVERIFY(
        sameColour(centreColour(panel->inspector()->queryView()->image()), pairColour(7, true)));
    const auto retrieved = selected.last().at(1).value<std::vector<size_t>>();
    QCOMPARE(retrieved.front(), mDataset->split("val")[0]); // B retrieves tile 0 first
}

void TestFailureInspector::keyboardMovesThroughQueriesAndRetrievedItems() {
    std::unique_ptr<EvaluationWorkspace> panel(evaluatedPanel(mDir.filePath("runA"), "g2s"));
    QVERIFY(panel);
    panel->show();
    QVERIFY(QTest::qWaitForWindowExposed(panel.get()));
    FailureInspector* inspector = panel->inspector();
    QTableView* table = inspector->table();
    table->setFocus();
    QSignalSpy selected(inspector, &FailureInspector::querySelected);
    QTest::keyClick(table, Qt::Key_Down);
    QVERIFY(selected.wait(30000));
    QCOMPARE(inspector->shownQuery(), int64_t(9)); // second worst

    QTest::keyClick(table, Qt::Key_Right);
    QCOMPARE(inspector->focusedRetrieved(), 0);
    QTest::keyClick(table, Qt::Key_Right);
    QCOMPARE(inspector->focusedRetrieved(), 1);
    QTest::keyClick(table, Qt::Key_Left);
    QTest::keyClick(table, Qt::Key_Right);
    QCOMPARE(inspector->focusedRetrieved(), 1);
    QVERIFY(inspector->retrievedViews()[1]->frameColor().isValid());
    // Query 9 retrieves tile 1 first, then its own tile.
    QVERIFY(inspector->retrievedViews()[1]->caption().contains("true"));

    QTest::keyClick(table, Qt::Key_Return);
    QVERIFY(inspector->zoomView());
    QVERIFY(inspector->zoomView()->isVisible());
    QCOMPARE(inspector->zoomView()->image(), inspector->retrievedViews()[1]->image());
    const double fitted = inspector->zoomView()->zoom();
    inspector->zoomView()->zoomAbout(2.0, QPointF(10, 10));
    QVERIFY(std::abs(inspector->zoomView()->zoom() - 2 * fitted) < 1e-9);
}

void TestFailureInspector::changedSettingsMarkTheShownResultsStale() {
    std::unique_ptr<EvaluationWorkspace> panel(evaluatedPanel(mDir.filePath("runA"), "g2s"));
    QVERIFY(panel);
    auto* summary = panel->findChild<QLabel*>("summary");
    auto* stale = panel->findChild<QLabel*>("stale");
    QVERIFY(summary && stale);
    // The line names what was evaluated, its direction included.
    QVERIFY2(summary->text().contains(QStringLiteral("ground → satellite")),
             qPrintable(summary->text()));
    QVERIFY(stale->isHidden());
    // Another direction asked for: the shown figures are not its own until Evaluate.
    auto* directions = panel->findChild<QComboBox*>("direction");
    directions->setCurrentIndex(directions->findData("s2g"));
    QVERIFY(!stale->isHidden());
    directions->setCurrentIndex(directions->findData("g2s"));
    QVERIFY(stale->isHidden());
    auto* modes = panel->findChild<QComboBox*>("normalization");
    modes->setCurrentIndex(modes->findData("running"));
    QVERIFY(!stale->isHidden());
    // Evaluating the new settings makes the figures current again.
    QSignalSpy evaluated(panel.get(), &EvaluationWorkspace::evaluated);
    panel->evaluate();
    QVERIFY(evaluated.wait(60000));
    QVERIFY(stale->isHidden());
}

std::shared_ptr<InspectedEvaluation>
TestFailureInspector::evaluationOfRunA(const std::string& checkpoint,
                                       metrics::Direction direction) {
    auto evaluation = std::make_shared<InspectedEvaluation>();
    evaluation->dataset = mDataset;
    evaluation->splitRows = mDataset->split("val");
    evaluation->records = recordsOfRunA(direction);
    evaluation->descriptors = std::make_shared<const DescriptorSet>(evalDescriptors(kRunA));
    evaluation->runFolder = mDir.filePath("runA");
    auto report = std::make_shared<metrics::EvaluationReport>();
    report->direction = direction;
    report->queryCount = kEvalPairs;
    report->provenance.split = "val";
    report->provenance.checkpoint = checkpoint;
    report->provenance.checkpointKind = checkpoint.empty() ? "" : "file";
    evaluation->report = report;
    return evaluation;
}

void TestFailureInspector::explainsTheTrueAndTheWinningWrongTile() {
    // An untrained tiny model: the split of its similarity is exact whatever it learned
    // (docs/explain.md); its panorama has 1 x 3 cells, its tile one.
    const std::string weights = mDir.filePath("tiny.safetensors").toStdString();
    writeTinyWeights(weights, 5);
    EvaluationDocument document;
    FailureInspector inspector(&document);
    inspector.resize(1280, 760);
    QSignalSpy started(&inspector, &FailureInspector::jobStarted);
    QSignalSpy explained(inspector.explanation(), &ExplanationPanel::explained);
    document.setCurrent(evaluationOfRunA(weights));
    QVERIFY(inspector.explainButton()->isEnabled());
    QTRY_COMPARE(inspector.shownQuery(), int64_t(3)); // the worst query: rank 5, top-1 v005
    inspector.setExplaining(true);
    QVERIFY(inspector.explainButton()->isChecked());
    QVERIFY(explained.wait(25000));
    QCOMPARE(started.count(), 1);
    const MatchExplanationView* view = inspector.explanation()->view();
    QCOMPARE(view->matches().size(), size_t(2));
    const auto& truth = view->matches()[0];
    const auto& wrong = view->matches()[1];
    QVERIFY(truth.trueMatch);
    QVERIFY(!wrong.trueMatch);
    QVERIFY2(truth.caption.contains("v003"), qPrintable(truth.caption));
    QVERIFY2(wrong.caption.contains("v005") && wrong.caption.contains("#1"),
             qPrintable(wrong.caption));
    // The images are the query's panorama and the two tiles (flat colours per pair).
    QVERIFY(sameColour(centreColour(truth.panorama), pairColour(3, true)));
    QVERIFY(sameColour(centreColour(truth.tile), pairColour(3, false)));
    QVERIFY(sameColour(centreColour(wrong.tile), pairColour(5, false)));
    for (const auto* m : {&truth, &wrong}) {
        QCOMPARE(m->explanation.groundShares().cols, 3);
        QVERIFY(std::abs(cv::sum(m->explanation.groundShares())[0] - m->explanation.similarity()) <
                1e-9);
    }
    // The shares are drawn over both panoramas, in the rows the network sees (all of them in
    // this layout).
    for (int match = 0; match < 2; ++match) {
        const QImage overlay = view->panoramaView(match)->overlay();
        QVERIFY(!overlay.isNull());
        QVERIFY(overlay.pixelColor(overlay.width() / 2, 2).alpha() > 0);
        QVERIFY(view->tileView(match)->image().size() == QSize(48, 48));
    }
    QVERIFY2(inspector.explanation()->statusText().contains("described alone (BN "),
             qPrintable(inspector.explanation()->statusText()));

    // A query retrieval got right (rank 1): explained with its best wrong tile, #2.
    QVERIFY(inspector.selectQueryPair(mDataset->split("val")[0]));
    QVERIFY(explained.wait(25000));
    QCOMPARE(started.count(), 2);
    QVERIFY2(view->matches()[1].caption.contains("#2"), qPrintable(view->matches()[1].caption));
    QVERIFY(!view->matches()[1].caption.contains("v000"));
    // Back to the worst query: cached, no job, and the model was loaded once.
    QVERIFY(inspector.selectQueryPair(mDataset->split("val")[3]));
    QTRY_COMPARE(explained.count(), 3);
    QCOMPARE(started.count(), 2);
    QCOMPARE(inspector.explanation()->modelLoads(), 1);
    QVERIFY(view->matches()[1].caption.contains("v005"));
    // Off: the retrieved items are back, and nothing runs.
    inspector.setExplaining(false);
    QVERIFY(!inspector.explanation()->isVisibleTo(&inspector));
}

void TestFailureInspector::explainIsDisabledWithoutACheckpoint() {
    EvaluationDocument document;
    FailureInspector inspector(&document);
    // A run folder of descriptors only (results made elsewhere).
    document.setCurrent(evaluationOfRunA(std::string()));
    QVERIFY(!inspector.explainButton()->isEnabled());
    QVERIFY2(inspector.explainButton()->toolTip().contains("no checkpoint"),
             qPrintable(inspector.explainButton()->toolTip()));
    inspector.setExplaining(true);
    QVERIFY(!inspector.explainButton()->isChecked());
    // Descriptors imported from another method.
    auto imported = evaluationOfRunA(std::string());
    auto report = std::make_shared<metrics::EvaluationReport>(*imported->report);
    report->provenance.checkpointKind = Provenance::kImported;
    imported->report = report;
    document.setCurrent(imported);
    QVERIFY(!inspector.explainButton()->isEnabled());
    QVERIFY2(inspector.explainButton()->toolTip().contains("imported"),
             qPrintable(inspector.explainButton()->toolTip()));
    // Another method's TorchScript model is explained too (by gradient × input,
    // tst_importmodeldialog): offered while its model file exists, refused once it is gone.
    const QString modelFile = mDir.filePath("model.pt");
    {
        QFile file(modelFile);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("a TorchScript archive");
    }
    auto scripted = evaluationOfRunA(modelFile.toStdString());
    auto scriptedReport = std::make_shared<metrics::EvaluationReport>(*scripted->report);
    scriptedReport->provenance.checkpointKind = Provenance::kTorchScript;
    scripted->report = scriptedReport;
    document.setCurrent(scripted);
    QVERIFY(inspector.explainButton()->isEnabled());
    QVERIFY(QFile::remove(modelFile));
    document.setCurrent(evaluationOfRunA(std::string()));
    document.setCurrent(scripted);
    QVERIFY(!inspector.explainButton()->isEnabled());
    QVERIFY2(inspector.explainButton()->toolTip().contains("model.pt"),
             qPrintable(inspector.explainButton()->toolTip()));
    // A checkpoint that is gone.
    document.setCurrent(evaluationOfRunA(mDir.filePath("gone.ckpt").toStdString()));
    QVERIFY(!inspector.explainButton()->isEnabled());
    QVERIFY(inspector.explainButton()->toolTip().contains("gone.ckpt"));
}

void TestFailureInspector::explainsATileQueryWithPanoramas() {
    // Satellite to ground: the query is a tile, its true item and the wrong one panoramas.
    const std::string weights = mDir.filePath("tiny-s2g.safetensors").toStdString();
    writeTinyWeights(weights, 6);
    EvaluationDocument document;
    FailureInspector inspector(&document);
    QSignalSpy explained(inspector.explanation(), &ExplanationPanel::explained);
    document.setCurrent(evaluationOfRunA(weights, metrics::Direction::SatelliteToGround));
    QTRY_VERIFY(inspector.shownQuery() >= 0);
    const int64_t query = inspector.shownQuery();
    inspector.setExplaining(true);
    QVERIFY(explained.wait(25000));
    const auto& matches = inspector.explanation()->view()->matches();
    QCOMPARE(matches.size(), size_t(2));
    QVERIFY2(matches[0].caption.startsWith("true panorama " + evalId(int(query))),
             qPrintable(matches[0].caption));
    QVERIFY2(matches[1].caption.startsWith("wrong panorama "), qPrintable(matches[1].caption));
    for (const auto& m : matches) // the query's tile in both
        QVERIFY(sameColour(centreColour(m.tile), pairColour(int(query), false)));
    QVERIFY(sameColour(centreColour(matches[0].panorama), pairColour(int(query), true)));
    QVERIFY(!sameColour(centreColour(matches[1].panorama), pairColour(int(query), true)));
}

void TestFailureInspector::aBrokenCheckpointIsReported() {
    const QString path = mDir.filePath("broken.safetensors");
    {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("not a checkpoint at all");
    }
    EvaluationDocument document;
    FailureInspector inspector(&document);
    QSignalSpy failed(inspector.explanation(), &ExplanationPanel::failed);
    document.setCurrent(evaluationOfRunA(path.toStdString()));
    QVERIFY(inspector.explainButton()->isEnabled()); // a file is there: loading tells
    QTRY_VERIFY(inspector.shownQuery() >= 0);
    inspector.setExplaining(true);
    QVERIFY(failed.wait(25000));
    const QString status = inspector.explanation()->statusText();
    QVERIFY2(status.startsWith("Explaining failed: ") && status.contains("broken.safetensors"),
             qPrintable(status));
    QVERIFY(inspector.explanation()->view()->matches().empty());
}

void TestFailureInspector::aNewerQueryReplacesARunningExplanation() {
    const std::string weights = mDir.filePath("tiny-newer.safetensors").toStdString();
    writeTinyWeights(weights, 8);
    EvaluationDocument document;
    FailureInspector inspector(&document);
    QSignalSpy started(&inspector, &FailureInspector::jobStarted);
    QSignalSpy explained(inspector.explanation(), &ExplanationPanel::explained);
    document.setCurrent(evaluationOfRunA(weights));
    QTRY_COMPARE(inspector.shownQuery(), int64_t(3));
    inspector.setExplaining(true);
    QCOMPARE(started.count(), 1);
    QVERIFY(inspector.explanation()->job());
    // Another query while the model loads: the running job is canceled, the newest runs next
    // and is the only one shown.
    QVERIFY(inspector.selectQueryPair(mDataset->split("val")[9]));
    QTRY_COMPARE_WITH_TIMEOUT(explained.count(), 1, 25000);
    QCOMPARE(started.count(), 2);
    QVERIFY2(inspector.explanation()->view()->matches()[0].caption.contains("v009"),
             qPrintable(inspector.explanation()->view()->matches()[0].caption));
    QTest::qWait(200);
    QCOMPARE(explained.count(), 1);

    // Cancel, as soon as the job of the next query starts: the status says so and nothing new
    // is shown.
    auto* cancel = inspector.explanation()->findChild<QPushButton*>();
    QVERIFY(cancel);
    bool cancelShown = false;
    const auto clickCancel = connect(&inspector, &FailureInspector::jobStarted, cancel, [&] {
        cancelShown = cancel->isVisibleTo(inspector.explanation());
        cancel->click();
    });
    QVERIFY(inspector.selectQueryPair(mDataset->split("val")[0]));
    QTRY_COMPARE_WITH_TIMEOUT(inspector.explanation()->statusText(), QString("Canceled."), 25000);
    disconnect(clickCancel);
    QVERIFY(cancelShown);
    QVERIFY(!inspector.explanation()->job());
    QVERIFY(!cancel->isVisibleTo(inspector.explanation()));
    QCOMPARE(explained.count(), 1);
}

QTEST_MAIN(TestFailureInspector)
#include "tst_failureinspector.moc"
