#include "evaluationfixture.h"

#include "clirunner.h"
#include "gui/common/figureexportdialog.h"
#include "gui/evaluation/evaluationdocument.h"
#include "gui/evaluation/evaluationworkspace.h"
#include "gui/evaluation/runsview.h"
#include "recallfigure.h"
#include "recallplot.h"

#include "common/feedback.h"
#include "dataset/dataset.h"
#include "metrics/evaluationreport.h"
#include "retrieval/evaluation.h"

#include "common/error.h"

#include <QComboBox>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QtTest>

using namespace orinet;
using namespace orinet::testing;

namespace {

QByteArray readAll(const QString& path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace

//! Runs side by side: the overlay refuses mixed splits/directions, the table holds each run's
//! figures, hover shows values, and the window's figure and table exports are byte for byte
//! what `orinet plot recall` writes for the same results and options.
class TestRunsView : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void overlaysOnlyRunsOfOneSplitAndDirection();
    void hoverShowsEachRunsRecall();
    void approximateRunSaysHowApproximate();
    void exportsAreIdenticalToOrinetPlot_data();
    void exportsAreIdenticalToOrinetPlot();
    void evaluatedRunExportsAsItsSavedResults();
    void publishedResultsBesideTheRuns();

private:
    //! Evaluates hand-made descriptors on the val split and saves RUN/results.
    QString saveResults(const QString& run, const std::map<int, std::vector<int>>& failures,
                        metrics::Direction direction);

    QTemporaryDir mDir;
    std::shared_ptr<const Dataset> mDataset;
    QString mA, mB, mBs2g;
};

QString TestRunsView::saveResults(const QString& run,
                                  const std::map<int, std::vector<int>>& failures,
                                  metrics::Direction direction) {
    EvaluationOptions options;
    options.direction = direction;
    Feedback feedback;
    metrics::EvaluationReport report = Evaluation::run(
        evalDescriptors(failures), options, Evaluation::positions(*mDataset, "val"), feedback);
    report.provenance.split = "val";
    report.save(QDir(run).filePath("results").toStdString());
    return QDir(run).filePath(
        "results/" + QString::fromStdString(metrics::EvaluationReport::jsonFileName(direction)));
}

void TestRunsView::initTestCase() {
    writeEvalDataset(mDir.filePath("world"));
    mDataset = std::make_shared<const Dataset>(Dataset::open(mDir.filePath("world").toStdString()));
    mA = saveResults(mDir.filePath("runA"), {{3, {5, 6, 7, 8}}, {9, {1}}},
                     metrics::Direction::GroundToSatellite);
    mB = saveResults(mDir.filePath("runB"), {{7, {0, 1, 2, 4, 5, 6}}},
                     metrics::Direction::GroundToSatellite);
    mBs2g = saveResults(mDir.filePath("runB"), {{7, {0, 1, 2, 4, 5, 6}}},
                        metrics::Direction::SatelliteToGround);
}

void TestRunsView::overlaysOnlyRunsOfOneSplitAndDirection() {
    EvaluationDocument document;
    RunsView view(&document);
    QCOMPARE(document.addResults(mA), 0);
    QCOMPARE(document.addResults(mBs2g), 1);
    // The newest run sets the kind: only runB (s2g) is plotted now.
    QCOMPARE(view.plottedRuns().size(), size_t(1));
    QVERIFY(!view.exclusionReason(0).isEmpty());
    document.addResults(mB);
    QCOMPARE(document.runs().size(), size_t(3));
    QCOMPARE(view.plottedRuns().size(), size_t(2)); // runA and runB, both val g2s
    QCOMPARE(view.plottedRuns()[0].name, QString("runA"));
    QCOMPARE(view.plottedRuns()[1].name, QString("runB"));
    QVERIFY2(view.exclusionReason(1).contains("val, s2g"), qPrintable(view.exclusionReason(1)));
    QCOMPARE(view.plot()->curves().size(), 2);
    // Adding the same results again replaces them instead of listing them twice.
    document.addResults(mB);
    QCOMPARE(document.runs().size(), size_t(3));
    document.setShown(0, false);
    QCOMPARE(view.plottedRuns().size(), size_t(1));

    // The table: runA's r@1 is 10/12 (queries 3 and 9 miss), runB's 11/12.
    auto* table = view.findChild<QTableWidget*>();
    QVERIFY(table);
    QCOMPARE(table->item(0, 4)->text(), QString("83.33"));
    QCOMPARE(table->item(2, 4)->text(), QString("91.67"));
    QVERIFY2(table->item(0, 8)->text().contains("(5 m)"), qPrintable(table->item(0, 8)->text()));
}

void TestRunsView::hoverShowsEachRunsRecall() {
    EvaluationDocument document;
    RunsView view(&document);
    view.resize(900, 300);
    document.addResults(mA);
    document.addResults(mB);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    RecallPlot* plot = view.plot();
    plot->replot();
    QCPAxisRect* rect = plot->axisRect(0);
    const double x = rect->axis(QCPAxis::atBottom)->coordToPixel(2);
    const QString text = plot->hoverText(QPointF(x, rect->center().y()));
    // At K = 2: runA finds 11 of 12 (query 9 ranks 2nd), runB 11 of 12.
    QVERIFY2(text.startsWith("K = 2"), qPrintable(text));
    QVERIFY2(text.contains("runA: 91.67 %") && text.contains("runB: 91.67 %"), qPrintable(text));
    QVERIFY(plot->hoverText(QPointF(1, 1)).isEmpty()); // outside the panels
}

// Results of an approximate search carry its check against exact search (docs/evaluation.md):
// the list says it under the table and in the r@1 cell's tooltip, with the 95 % intervals.
void TestRunsView::approximateRunSaysHowApproximate() {
    metrics::EvaluationReport report = metrics::EvaluationReport::loadJson(mA.toStdString());
    report.backend = "faiss-ivfpq";
    metrics::ApproximationCheck check;
    check.depth = 1000;
    check.sampled = 300;
    check.exactTop1Held = 292; // 97.3 %, Wilson 94.83-98.64 %
    check.trueMatchWithinDepth = 300;
    check.trueMatchHeld = 288; // 96.0 %, Wilson 93.14-97.70 %
    report.approximation = check;
    const QString folder = mDir.filePath("approximate");
    report.save(folder.toStdString());

    EvaluationDocument document;
    RunsView view(&document);
    document.addResults(mA);
    document.addResults(folder);
    const QString expected = "IVF-PQ shortlist held the exact top-1 for 97.3 % of 300 sampled "
                             "queries (95 % CI 94.8–98.6 %), and the true match for 96.0 % of "
                             "the 300 whose exact top-1,000 holds it (95 % CI 93.1–97.7 %)";
    QString notes;
    for (const QLabel* label : view.findChildren<QLabel*>())
        notes += label->text() + "\n";
    QVERIFY2(notes.contains("approximate: " + expected), qPrintable(notes));
    auto* table = view.findChild<QTableWidget*>();
    QCOMPARE(table->item(1, 4)->toolTip(), expected);
    // With the facts that make exact search the better choice, the tooltip says so too.
    report.approximation->galleryCount = 12;
    report.approximation->galleryFitsBudget = true;
    report.approximation->approximateSeconds = 2.5;
    report.approximation->exactSecondsEstimate = 0.5;
    report.save(folder.toStdString());
    document.addResults(folder);
    const QString tip = table->item(1, 4)->toolTip();
    QVERIFY2(tip.startsWith(expected + "\nExact search is estimated at 0.5 s, less than this "
                                       "approximate search's 2.5 s") &&
                 tip.contains("The gallery's 12 items are few enough for exact search"),
             qPrintable(tip));
    QVERIFY(table->item(0, 4)->toolTip().isEmpty()); // an exact run says nothing of it
}

void TestRunsView::exportsAreIdenticalToOrinetPlot_data() {
    QTest::addColumn<QString>("suffix");
    QTest::newRow("pdf") << "pdf";
    QTest::newRow("svg") << "svg";
    QTest::newRow("png") << "png";
}

void TestRunsView::exportsAreIdenticalToOrinetPlot() {
    QFETCH(QString, suffix);
    EvaluationDocument document;
    RunsView view(&document);
    document.addResults(mA);
    document.addResults(mB);
    RecallFigure::Options options;
    options.widthPt = FigureExportDialog::points(120);
    options.heightPt = FigureExportDialog::points(70);
    options.dpi = 150;
    options.fontPt = 7;
    options.logX = true;
    options.geo = true;
    options.title = "Synthetic val";
    QTemporaryDir out;
    const QString window = out.filePath("window." + suffix);
    view.exportFigure(window, options);
    const QString cli = out.filePath("cli." + suffix);
    const CliResult r = runCli({"plot",
                                "recall",
                                "--runs",
                                mA,
                                mB,
                                "--out",
                                cli,
                                "--width",
                                "120mm",
                                "--height",
                                "70mm",
                                "--dpi",
                                "150",
                                "--font",
                                "7",
                                "--log-x",
                                "--geo",
                                "--title",
                                "Synthetic val",
                                "--table",
                                "latex",
                                "--table-out",
                                out.filePath("cli.tex")});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    const QByteArray fromWindow = readAll(window);
    QVERIFY(fromWindow.size() > 1000);
    QVERIFY2(fromWindow == readAll(cli), "the window's figure differs from orinet plot's");

    view.exportTable(out.filePath("window.tex"), metrics::TableFormat::Latex);
    QCOMPARE(readAll(out.filePath("window.tex")), readAll(out.filePath("cli.tex")));
    if (suffix == "png")
        QFile::copy(window, outputFolder() + "/runs-figure.png");
}

void TestRunsView::evaluatedRunExportsAsItsSavedResults() {
    const QString run = mDir.filePath("runC");
    writeDescriptorRun(run, {{2, {4}}});
    EvaluationWorkspace panel;
    panel.resize(1280, 800);
    panel.setDataset(mDataset);
    panel.setRunDirectory(run);
    QSignalSpy evaluated(&panel, &EvaluationWorkspace::evaluated);
    panel.evaluate();
    QVERIFY(evaluated.wait(60000));
    RunsView* runs = panel.runs();
    QCOMPARE(runs->document()->runs().size(), size_t(1));
    runs->document()->addResults(mA); // a second run to compare with
    QCOMPARE(runs->plottedRuns().size(), size_t(2));
    QTemporaryDir out;
    RecallFigure::Options options;
    runs->exportFigure(out.filePath("window.pdf"), options);
    runs->exportTable(out.filePath("window.csv"), metrics::TableFormat::Csv);
    const CliResult r = runCli(
        {"plot", "recall", "--runs", run, mA, "--out", out.filePath("cli.pdf"), "--table", "csv"});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QCOMPARE(readAll(out.filePath("window.pdf")), readAll(out.filePath("cli.pdf")));
    QCOMPARE(readAll(out.filePath("window.csv")), readAll(out.filePath("cli.csv")));
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    QVERIFY(panel.grab().save(outputFolder() + "/runs-side-by-side.png"));
}

void TestRunsView::publishedResultsBesideTheRuns() {
    QTemporaryDir out;
    const QString csv = out.filePath("published.csv");
    {
        QFile file(csv);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("method,dataset,split,r@1,r@5,r@10,r@1%,citation\n"
                   "Paper A,World,val,50,70,80,,keyA\n"
                   "Paper B,World,test,10,20,30,40,keyB\n");
    }
    EvaluationDocument document;
    RunsView view(&document);
    document.addResults(mA);
    document.addResults(mB);
    QSignalSpy changed(&document, &EvaluationDocument::publishedChanged);
    document.setPublishedFile(csv);
    QCOMPARE(changed.size(), 1);
    // The val row is drawn and listed after the runs; the test row is listed, greyed.
    QCOMPARE(view.plottedPublished().size(), size_t(1));
    QCOMPARE(view.plot()->references().size(), 1);
    QCOMPARE(view.plot()->references()[0].name, QString("Paper A (published)"));
    auto* table = view.findChild<QTableWidget*>();
    QCOMPARE(table->rowCount(), 4);
    QCOMPARE(table->item(2, 0)->text(), QString("Paper A (published)"));
    QVERIFY(table->item(2, 0)->font().italic());
    QCOMPARE(table->item(2, 3)->text(), QString("[keyA]"));
    QCOMPARE(table->item(2, 4)->text(), QString("50.00"));
    QVERIFY2(table->item(3, 0)->toolTip().contains("not plotted"),
             qPrintable(table->item(3, 0)->toolTip()));

    // The window's exports are `orinet plot --published`'s, with the row in the table.
    const QString window = out.filePath("window.svg");
    view.exportFigure(window, RecallFigure::Options());
    view.exportTable(out.filePath("window.tex"), metrics::TableFormat::Latex);
    const QString cli = out.filePath("cli.svg");
    const CliResult r = runCli({"plot", "recall", "--runs", mA, mB, "--published", csv, "--out",
                                cli, "--table", "latex", "--table-out", out.filePath("cli.tex")});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY(readAll(window).contains("Paper A (published)"));
    QVERIFY2(readAll(window) == readAll(cli), "the window's figure differs from orinet plot's");
    const QByteArray tex = readAll(out.filePath("window.tex"));
    QCOMPARE(tex, readAll(out.filePath("cli.tex")));
    // (r@1% not given, then the runs' two geo-recall columns)
    QVERIFY2(tex.contains("Paper A~\\cite{keyA} & 50.00 & 70.00 & 80.00 & -- & -- & -- \\\\"),
             tex.constData());

    // A bad file is refused with its line, keeping the table shown.
    const QString bad = out.filePath("bad.csv");
    {
        QFile file(bad);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("method,dataset,split,r@1,citation\nX,World,val,n/a,k\n");
    }
    try {
        document.setPublishedFile(bad);
        QFAIL("a bad published table was accepted");
    } catch (const Error& e) {
        QVERIFY2(QString(e.what()).contains("bad.csv:2"), e.what());
    }
    QCOMPARE(document.publishedFile(), QFileInfo(csv).absoluteFilePath());
    // Remove on a published row unloads the table.
    table->setCurrentCell(2, 0);
    for (QPushButton* button : view.findChildren<QPushButton*>())
        if (button->text() == "Remove")
            button->click();
    QVERIFY(document.publishedFile().isEmpty());
    QCOMPARE(document.runs().size(), size_t(2));
    QCOMPARE(table->rowCount(), 2);
    QVERIFY(view.plot()->references().isEmpty());
}

QTEST_MAIN(TestRunsView)
#include "tst_runsview.moc"
