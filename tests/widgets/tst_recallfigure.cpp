#include "recallfigure.h"

#include <QDir>
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
};

namespace {

metrics::EvaluationReport report(const std::string& split, const std::string& direction) {
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
    const metrics::EvaluationReport r = report("test", "g2s");
    const QString expected = "input-s1 (last e4, BN original)";
    QCOMPARE(RecallFigure::defaultName(run, r), expected);
    QCOMPARE(RecallFigure::defaultName(run + "/results", r), expected);
    QCOMPARE(RecallFigure::defaultName(run + "/results/eval_g2s.json", r), expected);
    QCOMPARE(RecallFigure::defaultName(run + "/results/test_last-e4_original/eval_g2s.json", r),
             expected);
    // The same layout outside a run (e.g. `eval --out out/results/aligned`) names the folder.
    QVERIFY(QDir().mkpath(dir.filePath("out/results/aligned")));
    QCOMPARE(RecallFigure::defaultName(dir.filePath("out/results/aligned/eval_g2s.json"), r),
             QString("aligned (last e4, BN original)"));
    // Results elsewhere keep their file's name; unknown provenance adds nothing.
    QCOMPARE(RecallFigure::defaultName(dir.filePath("paper.json"), metrics::EvaluationReport{}),
             QString("paper"));
}

void TestRecallFigure::mismatchedSplitsAreNamed() {
    std::vector<RecallFigure::Run> runs(2);
    runs[0] = {"A", report("test", "g2s")};
    runs[1] = {"B", report("test", "g2s")};
    QVERIFY(RecallFigure::mismatch(runs).isEmpty());
    runs[1].report.provenance.split = "val";
    const QString text = RecallFigure::mismatch(runs);
    QVERIFY2(text.contains("B (val, g2s)") && text.contains("A (test, g2s)"), qPrintable(text));
}

QTEST_MAIN(TestRecallFigure)
#include "tst_recallfigure.moc"
