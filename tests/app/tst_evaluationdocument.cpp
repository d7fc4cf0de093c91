#include "gui/evaluation/evaluationdocument.h"
#include "gui/evaluation/inspectedevaluation.h"
#include "metrics/evaluationreport.h"

#include <QSignalSpy>
#include <QtTest>

using namespace orinet;

//! The one place the Evaluation workspace's views read from: which evaluation is current, which
//! runs are listed, which run is the plot's reference, and the signals the views follow.
class TestEvaluationDocument : public QObject {
    Q_OBJECT
private slots:
    void theCurrentEvaluationIsListedOnce();
    void theNewestRunIsTheReferenceWhileShown();
    void editsReachTheObservers();
    void noCurrentEvaluationKeepsTheList();
};

namespace {

metrics::EvaluationReport report(const std::string& split, metrics::Direction direction,
                                 double recallAt1) {
    metrics::EvaluationReport r;
    r.provenance.split = split;
    r.direction = direction;
    r.queryCount = 10;
    r.galleryCount = 10;
    r.recall = {recallAt1, 1.0};
    return r;
}

std::shared_ptr<const InspectedEvaluation> evaluation(const QString& run, const QString& results,
                                                      const metrics::EvaluationReport& r) {
    auto e = std::make_shared<InspectedEvaluation>();
    e->runFolder = run;
    e->resultsFile = results;
    e->report = std::make_shared<const metrics::EvaluationReport>(r);
    return e;
}

} // namespace

void TestEvaluationDocument::theCurrentEvaluationIsListedOnce() {
    EvaluationDocument document;
    QSignalSpy current(&document, &EvaluationDocument::currentChanged);
    QSignalSpy runs(&document, &EvaluationDocument::runsChanged);
    const auto g2s = metrics::Direction::GroundToSatellite;
    document.setCurrent(
        evaluation("/x/runA", "/x/runA/results/k/eval_g2s.json", report("test", g2s, 0.5)));
    QCOMPARE(current.count(), 1);
    QCOMPARE(runs.count(), 1); // one signal for the list, after the current one is set
    QCOMPARE(document.runs().size(), size_t(1));
    QCOMPARE(document.runs()[0].run.name, QString("runA")); // named after its run folder
    QCOMPARE(document.currentRow(), 0);

    // The user renames it; a re-evaluation of the same results replaces it, keeping the name.
    document.setName(0, "ours");
    document.setCurrent(
        evaluation("/x/runA", "/x/runA/results/k/eval_g2s.json", report("test", g2s, 0.7)));
    QCOMPARE(document.runs().size(), size_t(1));
    QCOMPARE(document.runs()[0].run.name, QString("ours"));
    QCOMPARE(document.runs()[0].run.report.recall[0], 0.7);

    // Another direction of the same run is another entry, and becomes current.
    document.setCurrent(evaluation("/x/runA", "/x/runA/results/k/eval_s2g.json",
                                   report("test", metrics::Direction::SatelliteToGround, 0.4)));
    QCOMPARE(document.runs().size(), size_t(2));
    QCOMPARE(document.currentRow(), 1);
    QCOMPARE(document.current()->report->recall[0], 0.4);
}

void TestEvaluationDocument::theNewestRunIsTheReferenceWhileShown() {
    EvaluationDocument document;
    const auto g2s = metrics::Direction::GroundToSatellite;
    QCOMPARE(document.referenceRow(), -1);
    QCOMPARE(document.addRun("a", report("val", g2s, 0.1), "/r/a.json"), 0);
    QCOMPARE(document.addRun("b", report("val", g2s, 0.2), "/r/b.json"), 1);
    QCOMPARE(document.referenceRow(), 1);
    document.setShown(1, false); // hidden: the first shown one takes over
    QCOMPARE(document.referenceRow(), 0);
    document.setShown(1, true);
    document.removeRun(1); // removed: no newest run any more
    QCOMPARE(document.referenceRow(), 0);
    document.setShown(0, false);
    QCOMPARE(document.referenceRow(), -1);
    // A run without a source is never taken for another.
    QCOMPARE(document.addRun("c", report("val", g2s, 0.3)), 1);
    QCOMPARE(document.addRun("c", report("val", g2s, 0.3)), 2);
    QCOMPARE(document.currentRow(), -1); // nothing evaluated in the workspace yet
}

void TestEvaluationDocument::editsReachTheObservers() {
    EvaluationDocument document;
    QSignalSpy runs(&document, &EvaluationDocument::runsChanged);
    document.addRun("a", report("val", metrics::Direction::GroundToSatellite, 0.1), "/r/a.json");
    QCOMPARE(runs.count(), 1);
    document.setShown(0, true); // no change, no signal
    document.setName(0, "a");
    document.setName(0, QString());
    QCOMPARE(runs.count(), 1);
    document.setShown(0, false);
    document.setName(0, "renamed");
    QCOMPARE(runs.count(), 3);
    document.removeRun(5); // out of range: nothing
    QCOMPARE(runs.count(), 3);
    document.removeRun(0);
    QCOMPARE(runs.count(), 4);
    QVERIFY(document.runs().empty());
}

void TestEvaluationDocument::noCurrentEvaluationKeepsTheList() {
    EvaluationDocument document;
    document.setCurrent(evaluation("/x/runA", "/x/runA/results/k/eval_g2s.json",
                                   report("test", metrics::Direction::GroundToSatellite, 0.5)));
    QSignalSpy current(&document, &EvaluationDocument::currentChanged);
    document.setCurrent(nullptr); // e.g. a failed evaluation
    QCOMPARE(current.count(), 1);
    QVERIFY(!document.current());
    QCOMPARE(document.runs().size(), size_t(1));
    QCOMPARE(document.currentRow(), -1);
}

QTEST_MAIN(TestEvaluationDocument)
#include "tst_evaluationdocument.moc"
