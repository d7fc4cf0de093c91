#include "common/error.h"
#include "figurecheck.h"
#include "recallfigure.h"
#include "recallplot.h"

#include <QDir>
#include <QFile>
#include <QImage>
#include <QTemporaryDir>
#include <QtTest>

using namespace orinet;

//! The names a run gets in legends and tables when the user gives none: the run folder's name
//! wherever its results are read from, then what the results were computed from.
class TestRecallFigure : public QObject {
    Q_OBJECT
private slots:
    void defaultNamesNameTheRunAndTheCheckpoint();
    void mismatchedSplitsAreNamed();
    void legendFitsAOneColumnFigure();
    void legendFitsAOneColumnFigure_data();
    void legendsHideNoCurve();
    void shortKAxesTickWholeNumbers();
    void outputsReplaceOnlyTheirOwnFiles();
    void publishedFiguresAreHollowMarkers();
    void publishedFiguresAreHollowMarkers_data();
};

namespace {

metrics::EvaluationReport
report(const std::string& split,
       metrics::Direction direction = metrics::Direction::GroundToSatellite) {
    metrics::EvaluationReport r;
    r.provenance.split = split;
    r.provenance.checkpoint = "/r/checkpoints/last.ckpt";
    r.provenance.checkpointKind = "last";
    r.provenance.epoch = 4;
    r.provenance.normalization = "original";
    r.direction = direction;
    return r;
}

} // namespace

void TestRecallFigure::defaultNamesNameTheRunAndTheCheckpoint() {
    QTemporaryDir dir;
    const QString run = dir.filePath("input-s1");
    QVERIFY(QDir().mkpath(run + "/results/test_last-e4_original"));
    QVERIFY(QDir().mkpath(run + "/checkpoints")); // what makes it a run folder
    const metrics::EvaluationReport r = report("test");
    const QString expected = "input-s1 (last e4, BN original)";
    QCOMPARE(RecallFigure::defaultName(run, r), expected);
    QCOMPARE(RecallFigure::defaultName(run + "/results", r), expected);
    QCOMPARE(RecallFigure::defaultName(run + "/results/test_last-e4_original", r), expected);
    QCOMPARE(RecallFigure::defaultName(run + "/results/eval_g2s.json", r), expected);
    QCOMPARE(RecallFigure::defaultName(run + "/results/test_last-e4_original/eval_g2s.json", r),
             expected);
    // The same layout outside a run (e.g. `eval --out out/results/aligned`) names the folder.
    QVERIFY(QDir().mkpath(dir.filePath("out/results/aligned")));
    QCOMPARE(RecallFigure::defaultName(dir.filePath("out/results/aligned/eval_g2s.json"), r),
             QString("aligned (last e4, BN original)"));
    // Another method's imported descriptors are named by the method, wherever they sit.
    metrics::EvaluationReport imported = report("test");
    imported.provenance = {};
    imported.provenance.split = "test";
    imported.provenance.checkpointKind = Provenance::kImported;
    imported.provenance.method = "Sample4Geo";
    QCOMPARE(RecallFigure::defaultName(run + "/results/eval_g2s.json", imported),
             QString("Sample4Geo"));
    // So are the descriptors its TorchScript model made (orinet import-model).
    imported.provenance.checkpointKind = Provenance::kTorchScript;
    imported.provenance.method = "ResNet-18 pair";
    QCOMPARE(RecallFigure::defaultName(run + "/results/eval_g2s.json", imported),
             QString("ResNet-18 pair"));
    // Results elsewhere keep their file's name; unknown provenance adds nothing.
    QCOMPARE(RecallFigure::defaultName(dir.filePath("paper.json"), metrics::EvaluationReport{}),
             QString("paper"));
}

void TestRecallFigure::mismatchedSplitsAreNamed() {
    std::vector<RecallFigure::Run> runs(2);
    runs[0] = {"A", report("test")};
    runs[1] = {"B", report("test")};
    QVERIFY(RecallFigure::mismatch(runs).isEmpty());
    runs[1].report.provenance.split = "val";
    const QString text = RecallFigure::mismatch(runs);
    QVERIFY2(text.contains("B (val, g2s)") && text.contains("A (test, g2s)"), qPrintable(text));
}

void TestRecallFigure::legendFitsAOneColumnFigure_data() {
    QTest::addColumn<QStringList>("names");
    QTest::addColumn<bool>("geo");
    QTest::addColumn<bool>("inside"); // the legend may stay inside the axes
    QTest::newRow("short names") << QStringList{"run-a (last e4)", "run-b (last e4)"} << false
                                 << true;
    const QStringList longNames = {
        "cvusa-orientation-input-seed-1-lr-1e-5-batch-12 (last e30, BN recalibrated)",
        "cvusa-rgb-only-ablation-seed-1-lr-1e-5-batch-12 (last e30, BN recalibrated)",
        "cvact-orientation-input-fine-tuned-from-cvusa (best e12, BN running)"};
    QTest::newRow("long names") << longNames << false << false;
    QTest::newRow("long names, geo panel") << longNames << true << false;
}

void TestRecallFigure::legendFitsAOneColumnFigure() {
    QFETCH(QStringList, names);
    QFETCH(bool, geo);
    QFETCH(bool, inside);
    // The figure as `orinet plot` and the studio's Export make it: 252 pt wide (504 with the
    // geo panel), 180 pt high, 8 pt text, laid out at that size.
    RecallFigure::Options options;
    options.geo = geo;
    RecallPlot plot;
    plot.setFontSize(options.fontPt);
    plot.setGeoPanel(geo);
    QVector<RecallPlot::Curve> curves;
    for (int i = 0; i < names.size(); ++i) {
        RecallPlot::Curve c;
        c.name = names[i];
        for (int k = 1; k <= 100; ++k)
            c.recall << 1.0 - std::exp(-k / (4.0 + 3 * i));
        if (geo)
            c.geo = {{25, std::vector<double>(100, 0.5)}};
        curves << c;
    }
    plot.setCurves(curves);
    const QRect figure(0, 0, options.effectiveWidthPt(), options.heightPt);
    const QImage image = testing::paintedFigure(plot, figure);

    const QList<QCPLegend*> legends = plot.findChildren<QCPLegend*>();
    QCOMPARE(legends.size(), geo ? 2 : 1);
    for (QCPLegend* legend : legends) {
        QVERIFY2(figure.contains(legend->outerRect()),
                 qPrintable(QStringLiteral("legend %1,%2 %3x%4 outside the figure")
                                .arg(legend->outerRect().x())
                                .arg(legend->outerRect().y())
                                .arg(legend->outerRect().width())
                                .arg(legend->outerRect().height())));
        // The geo panel's legend is the key of its distances' line styles (one here).
        QCOMPARE(legend->itemCount(), legend == plot.legend ? names.size() : 1);
        for (int i = 0; i < legend->itemCount(); ++i) {
            QCPAbstractLegendItem* item = legend->item(i);
            // Every entry fits the legend: none is drawn past its edge.
            QVERIFY2(item->minimumOuterSizeHint().width() <= legend->outerRect().width(),
                     qPrintable(static_cast<QCPPlottableLegendItem*>(item)->plottable()->name()));
            QVERIFY(figure.contains(item->outerRect()));
        }
        const bool inAxes =
            plot.axisRect(0)->rect().adjusted(-1, -1, 1, 1).contains(legend->outerRect()) ||
            (geo && plot.axisRect(1)->rect().adjusted(-1, -1, 1, 1).contains(legend->outerRect()));
        // The runs' legend; the geo key is small and stays wherever it hides no curve.
        QVERIFY2(legend != plot.legend || inAxes == inside,
                 qPrintable(QStringLiteral("legend %1,%2 %3x%4, axes %5,%6 %7x%8")
                                .arg(legend->outerRect().x())
                                .arg(legend->outerRect().y())
                                .arg(legend->outerRect().width())
                                .arg(legend->outerRect().height())
                                .arg(plot.axisRect(0)->rect().x())
                                .arg(plot.axisRect(0)->rect().y())
                                .arg(plot.axisRect(0)->rect().width())
                                .arg(plot.axisRect(0)->rect().height())));
    }
    // Shortened in the middle: each name keeps its run's start and its checkpoint's end, and
    // hovering still tells the full name.
    for (int i = 0; i < plot.legend->itemCount(); ++i) {
        const QString shown =
            static_cast<QCPPlottableLegendItem*>(plot.legend->item(i))->plottable()->name();
        QVERIFY2(shown.left(8) == names[i].left(8) && shown.right(4) == names[i].right(4),
                 qPrintable(shown));
    }
    const QRect axes = plot.axisRect(0)->rect();
    plot.resize(figure.size());
    QVERIFY(plot.hoverText(axes.center()).contains(names.front()));
    const QString output = QStringLiteral(ORINET_BINARY_DIR "/test-output");
    QDir().mkpath(output);
    QVERIFY(image.save(QDir(output).filePath(QStringLiteral("recall-legend-%1%2.png")
                                                 .arg(names.front().size() > 20 ? "long" : "short")
                                                 .arg(geo ? "-geo" : ""))));
}

// K counts candidates: a short axis labels 1, 2, 3 (not 1.2, 1.4), and an empty plot shows
// 1..10 rather than 1..2.
void TestRecallFigure::shortKAxesTickWholeNumbers() {
    RecallPlot plot;
    plot.resize(600, 300);
    auto ticksOf = [&plot] {
        plot.replot();
        return plot.axisRect(0)->axis(QCPAxis::atBottom)->tickVector();
    };
    QVector<double> ticks = ticksOf();
    QVERIFY(!ticks.isEmpty());
    QCOMPARE(plot.axisRect(0)->axis(QCPAxis::atBottom)->range().upper, 10.0);
    for (double t : ticks)
        QCOMPARE(t, std::round(t));

    RecallPlot::Curve curve;
    curve.name = "run";
    curve.recall = {0.2, 0.5, 0.7};
    plot.setCurves({curve});
    ticks = ticksOf();
    QCOMPARE(plot.axisRect(0)->axis(QCPAxis::atBottom)->range().upper, 3.0);
    QVERIFY(ticks.size() >= 3);
    for (double t : ticks)
        QCOMPARE(t, std::round(t));
}

void TestRecallFigure::outputsReplaceOnlyTheirOwnFiles() {
    // What orinet plot and the studio's Export write: the figure and the table replace what
    // they wrote before, and refuse a paper of the user's that carries their suffix.
    QTemporaryDir dir;
    metrics::EvaluationReport r = report("val");
    r.computeFromRanks({0, 2, 1, 0, 5}, 10, 10);
    const std::vector<RecallFigure::Run> runs = {{"A", r}};
    const QString table = dir.filePath("table.tex"), figure = dir.filePath("figure.pdf");
    for (int i = 0; i < 2; ++i) {
        RecallFigure::writeTable(runs, metrics::TableFormat::Latex, table);
        RecallFigure::writeFigure(runs, RecallFigure::Options(), figure);
    }
    const QByteArray paper = "\\documentclass{article}\n\\begin{document}Years of work.\n";
    for (const QString& name : {QString("paper.tex"), QString("paper.pdf"), QString("paper.csv")}) {
        QFile f(dir.filePath(name));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(paper);
    }
    QVERIFY_THROWS_EXCEPTION(Error, RecallFigure::writeTable(runs, metrics::TableFormat::Latex,
                                                             dir.filePath("paper.tex")));
    QVERIFY_THROWS_EXCEPTION(Error, RecallFigure::writeTable(runs, metrics::TableFormat::Csv,
                                                             dir.filePath("paper.csv")));
    QVERIFY_THROWS_EXCEPTION(
        Error, RecallFigure::writeFigure(runs, RecallFigure::Options(), dir.filePath("paper.pdf")));
    for (const QString& name : {QString("paper.tex"), QString("paper.pdf"), QString("paper.csv")}) {
        QFile f(dir.filePath(name));
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), paper);
    }
}

void TestRecallFigure::legendsHideNoCurve() {
    // Six runs with two geo-recall distances each, at the default figure size: a legend that
    // would hide a curve inside the axes goes under them instead.
    RecallFigure::Options options;
    options.geo = true;
    RecallPlot plot;
    plot.setFontSize(options.fontPt);
    plot.setGeoPanel(true);
    QVector<RecallPlot::Curve> curves;
    for (int i = 0; i < 6; ++i) {
        RecallPlot::Curve c;
        c.name = QStringLiteral("run %1 (last e20, BN original)").arg(i);
        for (int k = 1; k <= 100; ++k)
            c.recall << 1.0 - 0.5 * std::exp(-k / (2.0 + i));
        for (const double metres : {5.0, 25.0}) {
            std::vector<double> curve;
            for (int k = 1; k <= 100; ++k)
                curve.push_back(1.0 - 0.6 * std::exp(-k / (1.5 + i + metres / 25)));
            c.geo.push_back({metres, curve});
        }
        curves << c;
    }
    plot.setCurves(curves);
    const QRect figure(0, 0, options.effectiveWidthPt(), options.heightPt);
    const QImage image = testing::paintedFigure(plot, figure);
    QVERIFY(image.save(testing::figureOutputFolder() + "/recall-legend-six-geo.png"));

    for (QCPLegend* legend : plot.findChildren<QCPLegend*>())
        QVERIFY(figure.contains(legend->outerRect()));
    const QString hidden = testing::dataUnderLegends(plot);
    QVERIFY2(hidden.isEmpty(), qPrintable(hidden + " is under a legend"));
    // The geo legend keys the distances, not the runs again.
    int keys = 0;
    for (QCPLegend* legend : plot.findChildren<QCPLegend*>())
        if (legend != plot.legend)
            keys = legend->itemCount();
    QCOMPARE(keys, 2);
}

void TestRecallFigure::publishedFiguresAreHollowMarkers_data() {
    QTest::addColumn<bool>("logX");
    QTest::addColumn<bool>("geo");
    QTest::newRow("linear") << false << false;
    QTest::newRow("log K") << true << false;
    QTest::newRow("geo panel") << false << true;
}

void TestRecallFigure::publishedFiguresAreHollowMarkers() {
    QFETCH(bool, logX);
    QFETCH(bool, geo);
    // Two runs of CVACT val (N = 500, so their r@1% is at K = 6) and the OriNet paper's table:
    // its CVACT val row is drawn as markers at K = 1, 5, 10 and its own 1% (K = 89 of 8,884),
    // the CVACT test row (geo-recall) only in the geo panel, the CVUSA row not at all.
    std::vector<RecallFigure::Run> runs;
    for (int i = 0; i < 2; ++i) {
        metrics::EvaluationReport r = report("val");
        std::vector<int64_t> ranks;
        for (int q = 0; q < 500; ++q)
            ranks.push_back((q * (7 + 5 * i)) % 160);
        r.computeFromRanks(ranks, 500, 100);
        r.geo = {{5, std::vector<double>(r.recall.begin(), r.recall.end())}};
        runs.push_back({QStringLiteral("run-%1 (last e20)").arg(i), r});
    }
    const metrics::PublishedResults table =
        metrics::PublishedResults::load(ORINET_EXAMPLES "/published-orinet.csv");
    const RecallFigure::Published published = RecallFigure::publishedFor(table, runs, "cvact");
    QCOMPARE(published.size(), size_t(1));
    RecallFigure::Published withGeo = published;
    withGeo.push_back(table.rows()[2]); // CVACT test, geo-recall within 5 m

    RecallFigure::Options options;
    options.geo = geo;
    options.logX = logX;
    RecallPlot plot;
    plot.setFontSize(options.fontPt);
    plot.setLogX(logX);
    plot.setGeoPanel(geo);
    plot.setCurves(RecallFigure::curves(runs));
    plot.setReferences(RecallFigure::references(withGeo, runs));
    const QRect figure(0, 0, options.effectiveWidthPt(), options.heightPt);
    const QImage image = testing::paintedFigure(plot, figure);
    QVERIFY(image.save(testing::figureOutputFolder() + QStringLiteral("/recall-published%1%2.png")
                                                           .arg(logX ? "-log" : "")
                                                           .arg(geo ? "-geo" : "")));

    QVector<QCPGraph*> markers;
    for (int i = 0; i < plot.graphCount(); ++i)
        if (plot.graph(i)->name().endsWith("(published)"))
            markers << plot.graph(i);
    QCOMPARE(markers.size(), geo ? 2 : 1);
    QCPGraph* val = markers.front();
    QCOMPARE(val->name(), QString("OriNet (published)"));
    QCOMPARE(val->keyAxis()->axisRect(), plot.axisRect(0));
    // Unconnected, hollow, in the recall panel's legend.
    QCOMPARE(val->lineStyle(), QCPGraph::lsNone);
    QCOMPARE(val->scatterStyle().brush().style(), Qt::NoBrush);
    QVERIFY(plot.legend->hasItemWithPlottable(val));
    QVector<double> keys, values;
    for (auto it = val->data()->constBegin(); it != val->data()->constEnd(); ++it) {
        keys << it->key;
        values << it->value;
    }
    QCOMPARE(keys, (QVector<double>{1, 5, 10, 89}));
    QCOMPARE(values, (QVector<double>{46.96, 68.28, 75.48, 92.04}));
    // Every marker is in view (the K axis reaches the rows' 1% K).
    QVERIFY(plot.axisRect(0)->axis(QCPAxis::atBottom)->range().contains(89));
    if (geo) {
        QCPGraph* test = markers.back();
        QCOMPARE(test->name(), QString("OriNet, ≤5 m (published)"));
        QCOMPARE(test->keyAxis()->axisRect(), plot.axisRect(1));
        QVERIFY(plot.axisRect(1)->axis(QCPAxis::atBottom)->range().contains(929));
        // ... while the recall panel keeps its own K range.
        QVERIFY(plot.axisRect(0)->axis(QCPAxis::atBottom)->range().upper < 929);
        QVERIFY(!plot.legend->hasItemWithPlottable(test));
    }
    // Measured curves keep their lines: the two kinds cannot be confused.
    int lines = 0;
    for (int i = 0; i < plot.graphCount(); ++i)
        lines += plot.graph(i)->lineStyle() != QCPGraph::lsNone &&
                 plot.graph(i)->name().startsWith("run-");
    QVERIFY(lines >= 2);
    // No legend hides a marker or a curve, and the legends sit where they may.
    const QString hidden = testing::dataUnderLegends(plot);
    QVERIFY2(hidden.isEmpty(), qPrintable(hidden + " is under a legend"));
    const QString problem = testing::legendPlacementProblem(plot, figure);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    // Hovering a marker's K names it with its value.
    plot.resize(figure.size());
    plot.replot();
    const QPointF at(plot.axisRect(0)->axis(QCPAxis::atBottom)->coordToPixel(10),
                     plot.axisRect(0)->center().y());
    QVERIFY2(plot.hoverText(at).contains("OriNet (published)"), qPrintable(plot.hoverText(at)));

    // The written figure carries them too: the SVG's text names the published method.
    QTemporaryDir dir;
    const QString svg = dir.filePath("figure.svg");
    RecallFigure::writeFigure(runs, options, svg, withGeo);
    QFile file(svg);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray text = file.readAll();
    QVERIFY2(text.contains("OriNet (published)"), text.left(400).constData());
}
QTEST_MAIN(TestRecallFigure)
#include "tst_recallfigure.moc"
