#include "common/error.h"
#include "common/feedback.h"
#include "dataset/dataset.h"
#include "evaluation/runevaluation.h"
#include "metrics/evaluationreport.h"
#include "model/orinetmodel.h"
#include "retrieval/descriptorset.h"
#include "run/checkpoint.h"
#include "run/runfolder.h"

#include <QDir>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QtTest>
#include <opencv2/core.hpp>

#include <filesystem>
#include <optional>

#include "clirunner.h"
#include "randomdescriptors.h"
#include "untrainedrun.h"

using namespace orinet;
using orinet::testing::CliResult;
using orinet::testing::runCli;

//! RunEvaluation on a small generated world (`orinet synth`) with untrained tiny-preset runs:
//! what its result says happened (extracted, reused, fell back, recalibrated, stored set, no
//! positions) is what happened on disk, and every saved report names its descriptors.
class TestRunEvaluation : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void extractsThenReuses();
    void missingBestFallsBackToLastAndSaysWhy();
    void recalibratesACheckpointWithoutStatistics();
    void aDatasetWithoutPositionsSaysWhy();
    void usesTheOneStoredSetOfARunWithoutCheckpoint();

private:
    //! A run folder whose last.ckpt holds an untrained tiny network (no recalibrated
    //! statistics), 2 epochs of 2 steps done.
    RunFolder makeRun(const QString& name);
    RunEvaluation::Result evaluate(const RunFolder& run, const Dataset& dataset,
                                   RunEvaluation::Options options);
    RunEvaluation::Result evaluate(const RunFolder& run, const Dataset& dataset) {
        return evaluate(run, dataset, RunEvaluation::Options());
    }

    QTemporaryDir mDir;
    std::optional<Dataset> mWorld; //!< pairs.csv: UTM positions
    std::optional<Dataset> mCvusa; //!< the same pairs as CVUSA lays them out: no positions
};

void TestRunEvaluation::initTestCase() {
    QVERIFY(mDir.isValid());
    const CliResult r = runCli({"synth", "--out", mDir.filePath("world"), "--pairs", "40", "--seed",
                                "3", "--threads", "2", "--quiet"});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    mWorld = Dataset::open(mDir.filePath("world").toStdString());
    mCvusa = Dataset::open(mDir.filePath("world/cvusa").toStdString());
    QVERIFY(mWorld->hasSplit("val") && mWorld->hasSplit("train"));
    QVERIFY(mCvusa->hasSplit("val"));
}

RunFolder TestRunEvaluation::makeRun(const QString& name) {
    return orinet::testing::makeUntrainedRun(mDir.filePath(name).toStdString(), 4);
}

RunEvaluation::Result TestRunEvaluation::evaluate(const RunFolder& run, const Dataset& dataset,
                                                  RunEvaluation::Options options) {
    options.evaluation.top = 5;
    RunEvaluation evaluation(run, options);
    Feedback feedback;
    return evaluation.run(&dataset, "val", feedback);
}

void TestRunEvaluation::extractsThenReuses() {
    const RunFolder run = makeRun("plain");
    RunEvaluation::Options options;
    options.directions = {metrics::Direction::GroundToSatellite,
                          metrics::Direction::SatelliteToGround};
    const RunEvaluation::Result first = evaluate(run, *mWorld, options);
    QVERIFY(first.origin == DescriptorOrigin::Extracted);
    QCOMPARE(first.checkpointFile, run.lastCheckpoint());
    QVERIFY(first.checkpoint == CheckpointChoice::Last);
    QVERIFY(!first.fellBack && first.fallbackReason.empty());
    QVERIFY(first.normalization == kDefaultSplitNormalization);
    QVERIFY(!first.recalibration.computed);
    QVERIFY(first.note().empty());
    const Provenance& p = first.descriptors->provenance;
    QCOMPARE(p.split, std::string("val"));
    QCOMPARE(p.epoch, 2);
    QCOMPARE(first.descriptorsDirectory, run.descriptorsDirectory(p));
    QVERIFY(QFileInfo::exists(
        QString::fromStdString(DescriptorSet::metadataFile(first.descriptorsDirectory))));
    QCOMPARE(first.resultsDirectory, run.resultsDirectory(p));
    QCOMPARE(first.positions.size(), mWorld->split("val").size());
    QVERIFY(first.noGeoRecall.empty());

    // One report per direction, each as saved, each naming the descriptors' folder.
    QCOMPARE(first.reports.size(), size_t{2});
    const std::string folder =
        std::filesystem::absolute(first.descriptorsDirectory).lexically_normal().string();
    for (const metrics::EvaluationReport& report : first.reports) {
        QCOMPARE(report.descriptors, folder);
        QVERIFY(!report.geo.empty());
        const metrics::EvaluationReport saved = metrics::EvaluationReport::loadJson(
            first.resultsDirectory + "/" +
            metrics::EvaluationReport::jsonFileName(report.direction));
        QCOMPARE(saved.descriptors, folder);
        QCOMPARE(saved.created, report.created);
        QVERIFY(saved.ranks == report.ranks);
    }
    QVERIFY(first.reports[0].direction == metrics::Direction::GroundToSatellite);
    QVERIFY(first.reports[1].direction == metrics::Direction::SatelliteToGround);

    // Evaluated again: the saved descriptors, the same figures.
    const RunEvaluation::Result second = evaluate(run, *mWorld, options);
    QVERIFY(second.origin == DescriptorOrigin::Reused);
    QCOMPARE(second.descriptorsDirectory, first.descriptorsDirectory);
    QCOMPARE(cv::norm(second.descriptors->ground, first.descriptors->ground, cv::NORM_INF), 0.0);
    QVERIFY(second.reports[0].ranks == first.reports[0].ranks);

    // Another BatchNorm mode is another set.
    options.normalization = Normalization::Running;
    const RunEvaluation::Result running = evaluate(run, *mWorld, options);
    QVERIFY(running.origin == DescriptorOrigin::Extracted);
    QVERIFY(running.descriptorsDirectory != first.descriptorsDirectory);
    QVERIFY(running.resultsDirectory != first.resultsDirectory);
}

void TestRunEvaluation::missingBestFallsBackToLastAndSaysWhy() {
    const RunFolder run = makeRun("nobest");
    RunEvaluation::Options options;
    options.checkpoint = CheckpointChoice::Best;
    const RunEvaluation::Result r = evaluate(run, *mWorld, options);
    QVERIFY(r.fellBack);
    QVERIFY2(QString::fromStdString(r.fallbackReason).contains("no best checkpoint"),
             r.fallbackReason.c_str());
    QVERIFY(r.checkpoint == CheckpointChoice::Last);
    QCOMPARE(r.checkpointFile, run.lastCheckpoint());
    QCOMPARE(r.descriptors->provenance.checkpointKind, std::string("last"));
    QCOMPARE(r.note(), r.fallbackReason);

    // With a best checkpoint there is nothing to fall back from.
    Checkpoint::load(run.lastCheckpoint()).withoutTrainingState().save(run.bestCheckpoint());
    const RunEvaluation::Result best = evaluate(run, *mWorld, options);
    QVERIFY(!best.fellBack);
    QVERIFY(best.checkpoint == CheckpointChoice::Best);
    QCOMPARE(best.checkpointFile, run.bestCheckpoint());
    QVERIFY(best.origin == DescriptorOrigin::Extracted);
}

void TestRunEvaluation::recalibratesACheckpointWithoutStatistics() {
    const RunFolder run = makeRun("recalibrated");
    QVERIFY(Checkpoint::load(run.lastCheckpoint()).recalibrated.empty());
    RunEvaluation::Options options;
    options.normalization = Normalization::Recalibrated;
    const RunEvaluation::Result r = evaluate(run, *mWorld, options);
    QVERIFY(r.recalibration.computed);
    QCOMPARE(r.recalibration.storedIn, run.lastCheckpoint()); // the run's own checkpoint
    QVERIFY(!Checkpoint::load(run.lastCheckpoint()).recalibrated.empty());
    QVERIFY(r.normalization == Normalization::Recalibrated);
    QVERIFY(r.origin == DescriptorOrigin::Extracted);
    QVERIFY2(QString::fromStdString(r.note()).contains("recalibrated the BatchNorm statistics"),
             r.note().c_str());

    // The statistics are kept: the next evaluation neither recalibrates nor extracts.
    const RunEvaluation::Result again = evaluate(run, *mWorld, options);
    QVERIFY(!again.recalibration.computed);
    QVERIFY(again.origin == DescriptorOrigin::Reused);
}

void TestRunEvaluation::aDatasetWithoutPositionsSaysWhy() {
    const RunFolder run = makeRun("cvusa");
    const RunEvaluation::Result r = evaluate(run, *mCvusa);
    QVERIFY(r.positions.empty());
    QVERIFY(!r.noGeoRecall.empty());
    QVERIFY(r.reports.front().geo.empty());
    // No distances asked, nothing missing.
    RunEvaluation::Options options;
    options.evaluation.geoMetres.clear();
    QVERIFY(evaluate(run, *mCvusa, options).noGeoRecall.empty());
}

void TestRunEvaluation::usesTheOneStoredSetOfARunWithoutCheckpoint() {
    // A set made elsewhere placed in a run folder without checkpoint.
    DescriptorSet made =
        orinet::testing::randomDescriptorSet(static_cast<int>(mWorld->split("val").size()), 16, 7);
    // ids of the split itself: a set of another split or dataset is refused (below)
    made.ids.clear();
    for (size_t i : mWorld->split("val"))
        made.ids.push_back(mWorld->pairs()[i].id);
    made.provenance.split = "val";
    made.provenance.checkpoint = "/elsewhere/checkpoints/last.ckpt";
    made.provenance.checkpointKind = "last";
    made.provenance.normalization = "original";
    const RunFolder run(mDir.filePath("stored").toStdString());
    run.create();
    const std::string folder = run.descriptorsRoot() + "/from-elsewhere";
    made.save(folder);
    const RunEvaluation::Result r = evaluate(run, *mWorld);
    QVERIFY(r.origin == DescriptorOrigin::Stored);
    QCOMPARE(r.descriptorsDirectory, folder);
    QCOMPARE(r.checkpointFile, made.provenance.checkpoint);
    QVERIFY(r.checkpoint == CheckpointChoice::Last);
    QVERIFY(r.normalization == Normalization::Original);
    QCOMPARE(r.resultsDirectory, run.resultsDirectory(made.provenance));
    QCOMPARE(r.reports.front().descriptors,
             std::filesystem::absolute(folder).lexically_normal().string());
    // The figures are those of the set itself.
    RunEvaluation::Options same;
    same.evaluation.top = 5;
    Feedback quiet;
    const std::vector<metrics::EvaluationReport> direct =
        RunEvaluation::measureSet(made, "elsewhere", r.positions, same, {}, quiet);
    QVERIFY(r.reports.front().ranks == direct.front().ranks);
    QCOMPARE(direct.front().descriptors, std::string("elsewhere"));

    // A set of the same size whose ids are another split's is not measured with this one's
    // positions.
    DescriptorSet foreign = made;
    foreign.ids.back() = "from-another-dataset";
    const RunFolder other(mDir.filePath("stored-foreign").toStdString());
    other.create();
    foreign.save(other.descriptorsRoot() + "/set");
    try {
        evaluate(other, *mWorld);
        QFAIL("a set of another split's ids was evaluated");
    } catch (const Error& e) {
        QVERIFY2(QString(e.what()).contains("from-another-dataset"), e.what());
    }

    // Without a dataset the stored set is chosen by what is asked; two that fit are refused.
    RunEvaluation::Options options;
    options.evaluation.top = 5;
    options.normalization = Normalization::Running;
    RunEvaluation none(run, options);
    Feedback feedback;
    try {
        none.describe(nullptr, "val", feedback);
        QFAIL("no stored set is of BatchNorm mode running");
    } catch (const Error& e) {
        QVERIFY2(QString(e.what()).contains("no stored descriptor set fits"), e.what());
    }
    made.save(run.descriptorsRoot() + "/copy");
    RunEvaluation two(run, RunEvaluation::Options());
    try {
        two.describe(nullptr, "val", feedback);
        QFAIL("two stored sets fit, one taken silently");
    } catch (const Error& e) {
        QVERIFY2(QString(e.what()).contains("several descriptor sets fit (copy, from-elsewhere)"),
                 e.what());
    }
}

QTEST_GUILESS_MAIN(TestRunEvaluation)
#include "tst_runevaluation.moc"
