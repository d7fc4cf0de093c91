#include "figurecheck.h"
#include "trainingcurves.h"

#include <QFile>
#include <QImage>
#include <QTemporaryDir>
#include <QXmlStreamReader>
#include <QtTest>

#include <algorithm>
#include <cmath>

using namespace orinet;

namespace {

//! A run of `epochs` epochs of 10 steps: loss falling from 2 with a zigzag, one minute per
//! step, validation r@1 = epoch/10 and r@1% = 0.5 + epoch/20.
TrainingHistory history(const QString& name, int epochs, double start = 1.7e9) {
    TrainingHistory h;
    h.name = name;
    for (int e = 1; e <= epochs; ++e) {
        for (int k = 1; k <= 10; ++k) {
            TrainingHistory::Step s;
            s.step = (e - 1) * 10 + k;
            s.epoch = e;
            s.loss = 2.0 / s.step + (k % 2 ? 0.1 : -0.1);
            s.unixTime = start + 60.0 * s.step;
            h.steps.push_back(s);
        }
        TrainingHistory::Epoch r;
        r.epoch = e;
        r.step = e * 10;
        r.meanLoss = 1.0 / e;
        r.recallAt1 = e / 10.0;
        r.recallAtOnePercent = 0.5 + e / 20.0;
        r.unixTime = start + 60.0 * r.step + 5;
        h.epochs.push_back(r);
    }
    return h;
}

//! A run as real ones look: `epochs` epochs of 25 steps, a loss falling from `start` towards
//! `floor` with step-to-step noise (a fixed pseudo-random sequence per `seed`), and validation
//! recall rising at `rate` per epoch. The runs of a comparison cross and fill the panels.
TrainingHistory realisticHistory(const QString& name, int epochs, double start, double floor,
                                 double rate, unsigned seed) {
    TrainingHistory h;
    h.name = name;
    unsigned state = seed * 2654435761u + 1;
    auto noise = [&state] { // uniform in [-1, 1)
        state = state * 1664525u + 1013904223u;
        return (state >> 8) / double(1 << 23) - 1.0;
    };
    for (int e = 1; e <= epochs; ++e) {
        for (int k = 1; k <= 25; ++k) {
            TrainingHistory::Step s;
            s.step = (e - 1) * 25 + k;
            s.epoch = e;
            s.loss = floor + (start - floor) * std::exp(-s.step / 60.0) + 0.08 * noise();
            s.unixTime = 1.7e9 + 2.0 * s.step;
            h.steps.push_back(s);
        }
        TrainingHistory::Epoch r;
        r.epoch = e;
        r.step = e * 25;
        r.recallAt1 = std::min(0.9, rate * e * (0.9 + 0.1 * noise()));
        r.recallAtOnePercent = std::min(0.99, 2.5 * r.recallAt1);
        r.unixTime = 1.7e9 + 2.0 * r.step + 1;
        h.epochs.push_back(r);
    }
    return h;
}

//! A query/gallery (VIGOR) run: history() with r@5 = r@1 + 0.1, r@10 = r@1 + 0.2 and the hit
//! rate r@1 + 0.05, as runhistory::read gives a held-out validation against the gallery.
TrainingHistory queryGalleryHistory(const QString& name, int epochs, double start = 1.7e9) {
    TrainingHistory h = history(name, epochs, start);
    for (TrainingHistory::Epoch& e : h.epochs) {
        e.recallAt5 = e.recallAt1 + 0.1;
        e.recallAt10 = e.recallAt1 + 0.2;
        e.hitRate = e.recallAt1 + 0.05;
    }
    return h;
}

QCPGraph* graphNamed(const QCustomPlot& plot, const QString& name) {
    for (int i = 0; i < plot.graphCount(); ++i)
        if (plot.graph(i)->name() == name)
            return plot.graph(i);
    return nullptr;
}

//! The names of the visible legends' entries.
QStringList legendEntries(const QCustomPlot& plot) {
    QStringList entries;
    for (QCPLegend* legend : plot.findChildren<QCPLegend*>())
        for (int i = 0; legend->visible() && i < legend->itemCount(); ++i)
            if (auto* item = qobject_cast<QCPPlottableLegendItem*>(legend->item(i)))
                entries << item->plottable()->name();
    return entries;
}

} // namespace

class TestTrainingCurves : public QObject {
    Q_OBJECT
private slots:
    void smoothingIsTensorBoardsDebiasedEma();
    void xByStepEpochAndWallTime();
    void overlaysRunsWithHoverValues();
    void exportsFigureAndCsv();
    void recallAxisFollowsTheData();
    void epochsWithoutValidationAreNoGaps();
    void exportedFigureKeysTheRecallFigures();
    void queryGalleryRunsDrawEveryFigure();
    void clickingAKeyHidesItsFigure();
    void mixedRunKindsSayWhichIsWhich();
    void exportedFigureStaysReadableWithSeveralRuns_data();
    void exportedFigureStaysReadableWithSeveralRuns();
};

void TestTrainingCurves::smoothingIsTensorBoardsDebiasedEma() {
    const std::vector<double> v = {0, 10, NAN, 4};
    QCOMPARE(TrainingCurves::smooth(v, 0.0)[1], 10.0);
    const std::vector<double> s = TrainingCurves::smooth(v, 0.5);
    QCOMPARE(s[0], 0.0);
    // last = 0.5·0 + 0.5·10 = 5, debiased by 1 − 0.5² = 0.75
    QVERIFY(std::abs(s[1] - 5.0 / 0.75) < 1e-12);
    QVERIFY(std::isnan(s[2]));
    // last = 0.5·5 + 0.5·4 = 4.5, debiased by 1 − 0.5³ = 0.875
    QVERIFY(std::abs(s[3] - 4.5 / 0.875) < 1e-12);
    // A constant stays constant whatever the weight (no pull towards 0 at the start).
    for (double x : TrainingCurves::smooth({3, 3, 3, 3}, 0.95))
        QVERIFY(std::abs(x - 3) < 1e-12);
}

void TestTrainingCurves::xByStepEpochAndWallTime() {
    const TrainingHistory h = history("a", 3);
    const auto& step15 = h.steps[14];
    QCOMPARE(TrainingCurves::xOf(h, step15, TrainingCurves::XAxis::Step), 15.0);
    // 10 steps per epoch, inferred from the epoch records: step 15 is half-way through epoch 2.
    QCOMPARE(TrainingCurves::xOf(h, step15, TrainingCurves::XAxis::Epoch), 1.5);
    // Wall time from the run's first record (step 1 at +60 s).
    QCOMPARE(TrainingCurves::xOf(h, step15, TrainingCurves::XAxis::WallTime), 840.0);
    QCOMPARE(TrainingCurves::xOf(h, h.epochs[1], TrainingCurves::XAxis::Epoch), 2.0);
    QCOMPARE(TrainingCurves::xOf(h, h.epochs[1], TrainingCurves::XAxis::Step), 20.0);
}

void TestTrainingCurves::overlaysRunsWithHoverValues() {
    TrainingCurves curves;
    curves.resize(800, 600);
    curves.setHistories({history("runA", 4), history("runB", 2, 1.8e9)});
    curves.setSmoothing(0.0);
    curves.show();
    QVERIFY(QTest::qWaitForWindowExposed(&curves));
    curves.replot();
    QCPAxisRect* loss = curves.axisRect(0);
    const double x = loss->axis(QCPAxis::atBottom)->coordToPixel(5);
    const QString lossText = curves.hoverText(QPointF(x, loss->center().y()));
    // Step 5: loss 2/5 + 0.1 = 0.5 in both runs; no smoothing.
    QVERIFY2(lossText.contains("runA · step 5: loss 0.5 (smoothed 0.5)"), qPrintable(lossText));
    QVERIFY2(lossText.contains("runB · step 5"), qPrintable(lossText));
    QCPAxisRect* recall = curves.axisRect(1);
    const double ex = recall->axis(QCPAxis::atBottom)->coordToPixel(30);
    const QString recallText = curves.hoverText(QPointF(ex, recall->center().y()));
    QVERIFY2(recallText.contains("runA · step 30: r@1 30.00 %, r@1% 65.00 %"),
             qPrintable(recallText));

    // By epoch, the recall points sit on whole epochs; a live step extends run A.
    curves.setXAxis(TrainingCurves::XAxis::Epoch);
    TrainingHistory::Step live;
    live.step = 41;
    live.epoch = 5;
    live.loss = 0.01;
    live.unixTime = 1.7e9 + 60 * 41;
    curves.appendStep(0, live);
    curves.refresh();
    QVERIFY(curves.axisRect(0)->axis(QCPAxis::atBottom)->range().upper >= 4.1);
}

void TestTrainingCurves::recallAxisFollowsTheData() {
    // Early in training: r@1 1.7 %, r@1% 6.7 % (a flat line on a 0-100 % axis).
    TrainingHistory early = history("early", 2);
    early.epochs[0].recallAt1 = 0.017;
    early.epochs[0].recallAtOnePercent = 0.05;
    early.epochs[1].recallAt1 = 0.03;
    early.epochs[1].recallAtOnePercent = 0.067;
    early.epochs[1].recallAt1 = NAN; // a figure that could not be measured is left out
    TrainingCurves curves;
    curves.setHistories({early});
    const QCPRange range = curves.axisRect(1)->axis(QCPAxis::atLeft)->range();
    QVERIFY2(range.lower >= 0 && range.lower <= 1.7 && range.upper >= 6.7 && range.upper < 10,
             qPrintable(QString("%1..%2").arg(range.lower).arg(range.upper)));
    // Near the top it stops at 100 %.
    curves.setHistories({history("late", 10)}); // r@1% up to 100 %
    QCOMPARE(curves.axisRect(1)->axis(QCPAxis::atLeft)->range().upper, 100.0);
    // No recall at all: the full scale.
    TrainingHistory none = history("none", 1);
    none.epochs.clear();
    curves.setHistories({none});
    QCOMPARE(curves.axisRect(1)->axis(QCPAxis::atLeft)->range().lower, 0.0);
    QCOMPARE(curves.axisRect(1)->axis(QCPAxis::atLeft)->range().upper, 100.0);
}

void TestTrainingCurves::epochsWithoutValidationAreNoGaps() {
    // --val-every 2: epochs 1 and 3 have a loss but no validation figures (NaN, as
    // runhistory::read gives them).
    TrainingHistory h = history("runA", 4);
    for (int e : {0, 2})
        h.epochs[size_t(e)].recallAt1 = h.epochs[size_t(e)].recallAtOnePercent = NAN;
    TrainingCurves curves;
    curves.resize(800, 600);
    curves.setHistories({h});
    curves.setSmoothing(0.0);
    curves.show();
    QVERIFY(QTest::qWaitForWindowExposed(&curves));
    curves.replot();
    // Both recall graphs hold the validated epochs only, so their points are joined.
    int recallGraphs = 0;
    for (int i = 0; i < curves.graphCount(); ++i)
        if (curves.graph(i)->name().startsWith("runA r@1")) {
            ++recallGraphs;
            QCOMPARE(curves.graph(i)->data()->size(), 2);
        }
    QCOMPARE(recallGraphs, 2);
    // Hovering over an epoch without validation names the nearest validated one.
    QCPAxisRect* recall = curves.axisRect(1);
    const double x = recall->axis(QCPAxis::atBottom)->coordToPixel(12);
    const QString text = curves.hoverText(QPointF(x, recall->center().y()));
    QVERIFY2(text.contains("runA · step 20: r@1 20.00 %, r@1% 60.00 %"), qPrintable(text));
    // The x axis still spans every epoch, and the CSV keeps every epoch's loss.
    QVERIFY(recall->axis(QCPAxis::atBottom)->range().lower <= 10);
    const std::string csv = curves.csv();
    QVERIFY2(csv.find("runA,epoch,10,1,") != std::string::npos, csv.c_str());
    QVERIFY2(csv.find("runA,epoch,30,3,") != std::string::npos, csv.c_str());
}

void TestTrainingCurves::exportsFigureAndCsv() {
    TrainingCurves curves;
    curves.setHistories({history("run, \"one\"", 2)});
    curves.setSmoothing(0.5);
    QTemporaryDir dir;
    QString error;
    QVERIFY2(curves.saveFigure(dir.filePath("c.png"), 400, 300, 144, &error), qPrintable(error));
    QCOMPARE(QImage(dir.filePath("c.png")).size(), QSize(800, 600));
    QVERIFY2(curves.saveFigure(dir.filePath("c.svg"), 400, 300, 72, &error), qPrintable(error));
    QFile svg(dir.filePath("c.svg"));
    QVERIFY(svg.open(QIODevice::ReadOnly));
    QXmlStreamReader xml(&svg);
    while (!xml.atEnd())
        xml.readNext();
    QVERIFY(!xml.hasError());
    QVERIFY(!curves.saveFigure(dir.filePath("c.bmp"), 400, 300, 72, &error));
    // The figure replaces itself, never a file of the user's that carries its suffix.
    QVERIFY2(curves.saveFigure(dir.filePath("c.png"), 400, 300, 144, &error), qPrintable(error));
    {
        QFile mine(dir.filePath("mine.svg"));
        QVERIFY(mine.open(QIODevice::WriteOnly));
        mine.write("my notes, not a figure");
    }
    QVERIFY(!curves.saveFigure(dir.filePath("mine.svg"), 400, 300, 72, &error));
    QVERIFY2(error.contains("mine.svg"), qPrintable(error));
    QFile mine(dir.filePath("mine.svg"));
    QVERIFY(mine.open(QIODevice::ReadOnly));
    QCOMPARE(mine.readAll(), QByteArray("my notes, not a figure"));
    QCOMPARE(QDir(dir.path()).entryList({"*.tmp-*"}, QDir::Files | QDir::Hidden), QStringList());

    const QStringList lines = QString::fromStdString(curves.csv()).split('\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 1 + 20 + 2);
    QCOMPARE(lines[0], QString("run,kind,step,epoch,wall_time_s,loss,loss_smoothed,r@1,r@1%"));
    // Step 2: loss 2/2 − 0.1 = 0.9; smoothed (0.5·(0.5·2.1) + 0.5·0.9) / 0.75 = 1.3.
    QVERIFY2(lines[2] == "\"run, \"\"one\"\"\",step,2,1,60.000,0.9,1.3,,", qPrintable(lines[2]));
    QVERIFY2(lines[21].endsWith(",epoch,10,1,545.000,1,,0.1,0.55"), qPrintable(lines[21]));
}

void TestTrainingCurves::exportedFigureKeysTheRecallFigures() {
    // Training > Export > Figure at its defaults, 89 x 63.5 mm (252 x 180 pt) at 8 pt, with
    // two runs compared: the legends stay in the figure, and the recall legend keys the two
    // figures (the loss legend names the runs by colour) instead of listing every run twice.
    TrainingCurves curves;
    curves.setFontSize(8);
    curves.setHistories({history("input-s1 (paper)", 8), history("none-s1 (ablation)", 6, 1.71e9)});
    const QRect figure(0, 0, 252, 180);
    testing::paintedFigure(curves, figure); // laid out at the figure's size
    // For people to look at: the figure as exported (300 dpi).
    QString error;
    QVERIFY2(curves.saveFigure(testing::figureOutputFolder() + "/training-figure.png",
                               figure.width(), figure.height(), 300, &error),
             qPrintable(error));
    for (QCPLegend* legend : curves.findChildren<QCPLegend*>())
        QVERIFY2(figure.contains(legend->outerRect()),
                 qPrintable(QStringLiteral("legend %1,%2 %3x%4 leaves the figure")
                                .arg(legend->outerRect().x())
                                .arg(legend->outerRect().y())
                                .arg(legend->outerRect().width())
                                .arg(legend->outerRect().height())));
    // Each legend sits in a corner of its panel where it hides no point.
    const QString hidden = testing::dataUnderLegends(curves);
    QVERIFY2(hidden.isEmpty(), qPrintable(hidden + " is under a legend"));
    QStringList entries;
    for (QCPLegend* legend : curves.findChildren<QCPLegend*>())
        for (int i = 0; legend->visible() && i < legend->itemCount(); ++i)
            if (auto* item = qobject_cast<QCPPlottableLegendItem*>(legend->item(i)))
                entries << item->plottable()->name();
    QCOMPARE(entries.size(), 4);
    QCOMPARE(entries.count("r@1%"), 1);
    QCOMPARE(entries.count("r@1"), 1);
}

void TestTrainingCurves::queryGalleryRunsDrawEveryFigure() {
    TrainingCurves curves;
    curves.resize(800, 600);
    curves.setSmoothing(0.0);
    curves.setHistories({queryGalleryHistory("vigor", 3)});
    curves.show();
    QVERIFY(QTest::qWaitForWindowExposed(&curves));
    curves.replot();
    // Each figure a curve of its own, in percent, one point per validated epoch.
    const std::pair<const char*, double> figures[] = {
        {"vigor r@1", 0.0}, {"vigor r@5", 10.0}, {"vigor r@10", 20.0}, {"vigor hit rate", 5.0}};
    for (const auto& [name, offset] : figures) {
        QCPGraph* graph = graphNamed(curves, name);
        QVERIFY2(graph, name);
        QCOMPARE(graph->data()->size(), 3);
        for (int e = 1; e <= 3; ++e)
            QVERIFY(std::abs(graph->data()->at(e - 1)->value - (10.0 * e + offset)) < 1e-9);
    }
    // Each keyed once by its line style; the title says what was measured.
    const QStringList entries = legendEntries(curves);
    for (const char* key : {"r@1%", "r@1", "r@5", "r@10", "hit rate"})
        QVERIFY2(entries.count(key) == 1, qPrintable(entries.join(" | ")));
    QCOMPARE(entries.size(), 6);
    QCOMPARE(curves.axisRect(1)->axis(QCPAxis::atLeft)->label(),
             QString("validation recall vs. whole gallery (%)"));
    // Hovering names them all.
    QCPAxisRect* recall = curves.axisRect(1);
    const double x = recall->axis(QCPAxis::atBottom)->coordToPixel(20);
    const QString text = curves.hoverText(QPointF(x, recall->center().y()));
    QVERIFY2(text.contains("vigor · step 20: held-out vs. gallery r@1 20.00 %, r@5 30.00 %, "
                           "r@10 40.00 %, r@1% 60.00 %; hit rate 25.00 %"),
             qPrintable(text));
    // The CSV carries them as columns after the one-to-one ones.
    const QStringList lines = QString::fromStdString(curves.csv()).split('\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 1 + 30 + 3);
    QCOMPARE(lines[0], QString("run,kind,step,epoch,wall_time_s,loss,loss_smoothed,r@1,r@1%,r@5,"
                               "r@10,hit_rate"));
    QVERIFY2(lines[1].endsWith(",,,,,") && lines[1].count(',') == 11, qPrintable(lines[1]));
    QVERIFY2(lines[32] == "vigor,epoch,20,2,1145.000,0.5,,0.2,0.6,0.3,0.4,0.25",
             qPrintable(lines[32]));
    // The recall axis spans every figure drawn (r@1% up to 65 %).
    QVERIFY(recall->axis(QCPAxis::atLeft)->range().upper >= 65);
    // Exported at a paper figure's size (Export > Figure's defaults): the five keys stay in
    // the figure, each once, on no curve.
    curves.setFontSize(8);
    const QRect figure(0, 0, 252, 180);
    testing::paintedFigure(curves, figure);
    QString error;
    QVERIFY2(curves.saveFigure(testing::figureOutputFolder() + "/training-figure-vigor.png",
                               figure.width(), figure.height(), 300, &error),
             qPrintable(error));
    testing::paintedFigure(curves, figure);
    const QString hidden = testing::dataUnderLegends(curves);
    QVERIFY2(hidden.isEmpty(), qPrintable(hidden + " is under a legend"));
    const QString misplaced = testing::legendPlacementProblem(curves, figure);
    QVERIFY2(misplaced.isEmpty(), qPrintable(misplaced));
    const QStringList exported = legendEntries(curves);
    for (const char* key : {"r@1%", "r@1", "r@5", "r@10", "hit rate"})
        QVERIFY2(exported.count(key) == 1, qPrintable(exported.join(" | ")));
}

void TestTrainingCurves::clickingAKeyHidesItsFigure() {
    TrainingCurves curves;
    curves.resize(800, 600);
    curves.setHistories({queryGalleryHistory("vigor", 3), queryGalleryHistory("other", 2)});
    curves.show();
    QVERIFY(QTest::qWaitForWindowExposed(&curves));
    curves.replot();
    QVERIFY(curves.axisRect(1)->axis(QCPAxis::atLeft)->range().upper >= 65); // r@1%
    // The r@1% key, wherever the layout put it: hovering says what a click does.
    auto keyItem = [&curves](const QString& name) -> QCPAbstractLegendItem* {
        for (QCPLegend* legend : curves.findChildren<QCPLegend*>())
            for (int i = 0; legend->visible() && i < legend->itemCount(); ++i)
                if (auto* item = qobject_cast<QCPPlottableLegendItem*>(legend->item(i)))
                    if (item->plottable()->name() == name)
                        return item;
        return nullptr;
    };
    QCPAbstractLegendItem* key = keyItem("r@1%");
    QVERIFY(key);
    const QPoint at = key->rect().center();
    QCOMPARE(curves.hoverText(at), QString("Click to hide the r@1% curves"));
    QTest::mouseClick(&curves, Qt::LeftButton, {}, at);
    QTRY_VERIFY(!curves.isFigureShown(TrainingCurves::Figure::RecallAtOnePercent));
    // Both runs' r@1% curves hidden, the others not; the axis follows what is shown (r@10
    // up to 50 %).
    QVERIFY(!graphNamed(curves, "vigor r@1%")->visible());
    QVERIFY(!graphNamed(curves, "other r@1%")->visible());
    QVERIFY(graphNamed(curves, "vigor r@10")->visible());
    const QCPRange range = curves.axisRect(1)->axis(QCPAxis::atLeft)->range();
    QVERIFY2(range.upper >= 50 && range.upper < 60, qPrintable(QString::number(range.upper)));
    // The key stays, greyed, and a second click brings the curves back.
    key = keyItem("r@1%");
    QVERIFY(key);
    QCOMPARE(key->textColor(), QColor(150, 150, 150));
    QCOMPARE(curves.hoverText(key->rect().center()), QString("Click to show the r@1% curves"));
    QTest::mouseClick(&curves, Qt::LeftButton, {}, key->rect().center());
    QTRY_VERIFY(curves.isFigureShown(TrainingCurves::Figure::RecallAtOnePercent));
    QVERIFY(graphNamed(curves, "vigor r@1%")->visible());
    QCOMPARE(keyItem("r@1%")->textColor(), QColor(Qt::black));
}

void TestTrainingCurves::mixedRunKindsSayWhichIsWhich() {
    // A one-to-one run beside a query/gallery one: the one-to-one run keeps its two figures,
    // the title is the plain one and the query/gallery run's name says what it measured.
    TrainingCurves curves;
    curves.resize(800, 600);
    curves.setHistories({history("pairs", 3), queryGalleryHistory("vigor", 2, 1.8e9)});
    curves.show();
    QVERIFY(QTest::qWaitForWindowExposed(&curves));
    curves.replot();
    QCOMPARE(curves.axisRect(1)->axis(QCPAxis::atLeft)->label(), QString("validation recall (%)"));
    QVERIFY(graphNamed(curves, "pairs r@1") && graphNamed(curves, "pairs r@1%"));
    for (const char* name : {"pairs r@5", "pairs r@10", "pairs hit rate"})
        QVERIFY2(!graphNamed(curves, name), name);
    QVERIFY(graphNamed(curves, "vigor hit rate"));
    const QStringList entries = legendEntries(curves);
    QVERIFY2(entries.contains("pairs") && entries.contains("vigor (vs. gallery)"),
             qPrintable(entries.join(" | ")));
    // Hovering: each run's own figures.
    QCPAxisRect* recall = curves.axisRect(1);
    const QString text = curves.hoverText(
        QPointF(recall->axis(QCPAxis::atBottom)->coordToPixel(20), recall->center().y()));
    QVERIFY2(text.contains("pairs · step 20: r@1 20.00 %, r@1% 60.00 %"), qPrintable(text));
    QVERIFY2(text.contains("vigor · step 20: held-out vs. gallery r@1 20.00 %"), qPrintable(text));
    // The CSV: the one-to-one rows with empty query/gallery columns.
    const std::string csv = curves.csv();
    QVERIFY2(csv.find("pairs,epoch,10,1,545.000,1,,0.1,0.55,,,\n") != std::string::npos,
             csv.c_str());
    QVERIFY2(csv.find("vigor,epoch,10,1,545.000,1,,0.1,0.55,0.2,0.3,0.15\n") != std::string::npos,
             csv.c_str());
    // At a paper figure's size too: every figure keyed once, no legend on a curve.
    curves.setFontSize(8);
    const QRect figure(0, 0, 252, 180);
    testing::paintedFigure(curves, figure);
    QString error;
    QVERIFY2(curves.saveFigure(testing::figureOutputFolder() + "/training-figure-mixed-kinds.png",
                               figure.width(), figure.height(), 300, &error),
             qPrintable(error));
    testing::paintedFigure(curves, figure);
    const QString hidden = testing::dataUnderLegends(curves);
    QVERIFY2(hidden.isEmpty(), qPrintable(hidden + " is under a legend"));
    const QString misplaced = testing::legendPlacementProblem(curves, figure);
    QVERIFY2(misplaced.isEmpty(), qPrintable(misplaced));
    const QStringList shown = legendEntries(curves);
    for (const char* key : {"r@1%", "r@1", "r@5", "r@10", "hit rate"})
        QVERIFY2(shown.count(key) == 1, qPrintable(shown.join(" | ")));
}

void TestTrainingCurves::exportedFigureStaysReadableWithSeveralRuns_data() {
    QTest::addColumn<int>("runs");
    QTest::addColumn<double>("fontPt");
    for (int runs = 2; runs <= 5; ++runs)
        QTest::addRow("%d runs", runs) << runs << 8.0;
    // A larger font at the same size: fewer entries per row, names maybe shortened.
    QTest::addRow("5 runs, 10 pt") << 5 << 10.0;
}

void TestTrainingCurves::exportedFigureStaysReadableWithSeveralRuns() {
    // Training > Export > Figure at its defaults (89 x 63.5 mm = 252 x 180 pt, 8 pt) with
    // several runs compared: with three or more, no corner of the loss panel is free for a
    // legend of their names. Whatever the count: no curve under a legend, no legend on tick
    // labels or axis titles, nothing outside the figure or squeezed, every run named.
    QFETCH(int, runs);
    QFETCH(double, fontPt);
    const QStringList names = {"input-s1 (last e8, BN original)", "none-s1 (last e8, BN original)",
                               "input-s2 (best e6, BN recalibrated)", "random-s1 (last e8)",
                               "input-lr3e-5 (last e7, BN original)"};
    std::vector<TrainingHistory> histories;
    for (int i = 0; i < runs; ++i)
        histories.push_back(realisticHistory(names[i], 8 - (i % 3), 2.0 + 0.3 * i, 0.35 + 0.12 * i,
                                             0.03 + 0.015 * i, static_cast<unsigned>(i + 1)));
    TrainingCurves curves;
    curves.resize(900, 600); // the widget on screen first, as in the Training workspace
    curves.setFontSize(fontPt);
    curves.setHistories(histories);
    curves.replot();
    const QRect figure(0, 0, 252, 180);
    testing::paintedFigure(curves, figure);
    QString error;
    QVERIFY2(curves.saveFigure(
                 testing::figureOutputFolder() +
                     QStringLiteral("/training-figure-%1-runs-%2pt.png").arg(runs).arg(fontPt),
                 figure.width(), figure.height(), 300, &error),
             qPrintable(error));
    testing::paintedFigure(curves, figure); // the export's layout, to check

    const QString hidden = testing::dataUnderLegends(curves);
    QVERIFY2(hidden.isEmpty(), qPrintable(hidden + " is under a legend"));
    const QString misplaced = testing::legendPlacementProblem(curves, figure);
    QVERIFY2(misplaced.isEmpty(), qPrintable(misplaced));
    // The curves keep room to be read: a plot area of 40 px for the loss, 24 px (two tick
    // intervals) for the recall, both nearly the figure's width.
    QCOMPARE(curves.axisRects().size(), 2);
    const QRect loss = curves.axisRect(0)->rect(), recall = curves.axisRect(1)->rect();
    QVERIFY2(loss.height() >= 40 && recall.height() >= 24 && loss.width() >= 180 &&
                 recall.width() >= 180,
             qPrintable(QStringLiteral("plot areas %1x%2 and %3x%4")
                            .arg(loss.width())
                            .arg(loss.height())
                            .arg(recall.width())
                            .arg(recall.height())));
    // Value tick labels do not touch: their ticks a font height apart, at least two labelled.
    for (QCPAxisRect* rect : curves.axisRects()) {
        QCPAxis* axis = rect->axis(QCPAxis::atLeft);
        const QVector<double> ticks = axis->tickVector();
        QVERIFY2(ticks.size() >= 2, qPrintable(axis->label()));
        for (int i = 1; i < ticks.size(); ++i) {
            const double gap =
                std::abs(axis->coordToPixel(ticks[i]) - axis->coordToPixel(ticks[i - 1]));
            QVERIFY2(gap >= axis->tickLabelFont().pixelSize() + 1,
                     qPrintable(QStringLiteral("%1: ticks %2 and %3 are %4 px apart")
                                    .arg(axis->label())
                                    .arg(ticks[i - 1])
                                    .arg(ticks[i])
                                    .arg(gap)));
        }
    }
    // Every run has a legend entry in its colour (maybe shortened in the middle, never
    // dropped), and the recall figures are keyed once.
    QStringList shown;
    for (QCPLegend* legend : curves.findChildren<QCPLegend*>())
        for (int i = 0; legend->visible() && i < legend->itemCount(); ++i)
            if (auto* item = qobject_cast<QCPPlottableLegendItem*>(legend->item(i)))
                shown << item->plottable()->name();
    for (int i = 0; i < runs; ++i) {
        const QString& name = names[i];
        const bool named = std::any_of(shown.begin(), shown.end(), [&name](const QString& s) {
            const QStringList parts = s.split(QChar(0x2026)); // "…"
            return s == name || (parts.size() == 2 && name.startsWith(parts[0]) &&
                                 name.endsWith(parts[1]) && !parts[0].isEmpty());
        });
        QVERIFY2(named, qPrintable(name + " is not in " + shown.join(" | ")));
    }
    QCOMPARE(shown.count("r@1%"), 1);
    QCOMPARE(shown.count("r@1"), 1);
    QCOMPARE(shown.size(), runs + 2);
}

QTEST_MAIN(TestTrainingCurves)
#include "tst_trainingcurves.moc"
