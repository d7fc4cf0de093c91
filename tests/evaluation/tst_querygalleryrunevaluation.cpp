#include "common/error.h"
#include "common/feedback.h"
#include "dataset/dataloader.h"
#include "dataset/dataset.h"
#include "dataset/querygallery.h"
#include "dataset/vigorformat.h"
#include "evaluation/querygalleryrunevaluation.h"
#include "metrics/querygalleryevaluation.h"
#include "metrics/querygalleryreport.h"
#include "model/orinetmodel.h"
#include "retrieval/querygallerydescriptors.h"
#include "run/checkpoint.h"
#include "run/runfolder.h"
#include "synth/vigorworld.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>
#include <opencv2/core.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <numeric>
#include <optional>

#include "clirunner.h"
#include "untrainedrun.h"

using namespace orinet;
using orinet::testing::CliResult;
using orinet::testing::runCli;
namespace fs = std::filesystem;

//! A run evaluated on a generated VIGOR-layout world (VigorWorld, tiny options) with an
//! untrained tiny network: each panorama and tile described once, the saved figures those of
//! the saved descriptors (and, per query, of a brute-force sort), and a second evaluation
//! reusing the descriptors.
class TestQueryGalleryRunEvaluation : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void oneSideLoaderReadsOnlyThatSide();
    void describesEachImageOnceSavesAndReuses();
    void refusesAdaptedAndForeignResults();
    void cliExtractsThenReuses();
    void recalibratesFromTheTrainSplitsPairs();

private:
    //! A run whose last.ckpt holds an untrained tiny network, with a training batch size
    //! that leaves no batch of one image (a 1x1 BatchNorm map at preset tiny under
    //! 'original' would be refused, docs/evaluation.md).
    RunFolder makeRun(const QString& name, int64_t batchSize = 0);

    QTemporaryDir mDir;
    VigorWorldSummary mWorld;
    std::optional<QueryGallery> mTruth; //!< same-area test
};

void TestQueryGalleryRunEvaluation::initTestCase() {
    QVERIFY(mDir.isValid());
    VigorWorldOptions options;
    options.outDir = mDir.filePath("vigor").toStdString();
    options.panoramasPerCity = 10;
    options.cityMetres = 200;
    Feedback feedback;
    mWorld = VigorWorld::generate(options, feedback);
    VigorOptions vigor;
    mTruth = VigorFormat::read(mWorld.root, vigor);
    QVERIFY(mTruth->queryCount() > 0);
}

RunFolder TestQueryGalleryRunEvaluation::makeRun(const QString& name, int64_t batchSize) {
    int64_t batch = batchSize > 0 ? batchSize : 4;
    while (batchSize == 0 &&
           (mTruth->queryCount() % batch == 1 || mTruth->galleryCount() % batch == 1))
        ++batch;
    return orinet::testing::makeUntrainedRun(mDir.filePath(name).toStdString(),
                                             static_cast<int>(batch));
}

void TestQueryGalleryRunEvaluation::oneSideLoaderReadsOnlyThatSide() {
    // The other side's image does not exist: a loader of one side never opens it.
    const std::string tile = mTruth->galleryItem(0).path;
    const std::string panorama = mTruth->query(0).path;
    PairRecord pair{"p", panorama, "/nonexistent/tile.png", std::nullopt, std::nullopt};
    PairRecord item{"g", "/nonexistent/panorama.jpg", tile, std::nullopt, std::nullopt};
    const Dataset dataset = Dataset::fromPairs("/x", "/x", DatasetLayout::Cvact, {pair, item},
                                               {{"q", {0}}, {"g", {1}}, {"both", {0}}});
    LoaderOptions o;
    o.sides = LoadedSides::Ground;
    DataLoader ground(dataset, dataset.split("q"), o);
    const std::optional<Batch> g = ground.next();
    QVERIFY(g && g->ground.shape[0] == 1 && g->satellite.shape[0] == 0);
    o.sides = LoadedSides::Satellite;
    DataLoader satellite(dataset, dataset.split("g"), o);
    const std::optional<Batch> s = satellite.next();
    QVERIFY(s && s->satellite.shape[0] == 1 && s->ground.shape[0] == 0);
    // The same sample as a pair's ground row.
    PairRecord whole{"w", panorama, tile, std::nullopt, std::nullopt};
    const Dataset pairs =
        Dataset::fromPairs("/x", "/x", DatasetLayout::Cvact, {whole}, {{"all", {0}}});
    o.sides = LoadedSides::Both;
    DataLoader both(pairs, pairs.split("all"), o);
    const std::optional<Batch> b = both.next();
    QVERIFY(b && b->ground.data == g->ground.data);
    // Reading both sides of the pair with a missing tile fails naming it.
    DataLoader broken(dataset, dataset.split("both"), o);
    try {
        broken.next();
        QFAIL("a missing tile was not reported");
    } catch (const Error& e) {
        QVERIFY(std::string(e.what()).find("/nonexistent/tile.png") != std::string::npos);
    }
}

void TestQueryGalleryRunEvaluation::describesEachImageOnceSavesAndReuses() {
    const RunFolder run = makeRun("run");
    QueryGalleryRunEvaluation::Options options;
    options.geoMetres = {10, 40};
    options.keepTop = 5;
    QueryGalleryRunEvaluation evaluation(run, options);
    Feedback feedback;
    const QueryGalleryRunEvaluation::Result first = evaluation.run(mWorld.root, feedback);

    // (a) Each image once: one row per label row of the test cities, one per listed tile.
    int64_t labelRows = 0;
    for (const VigorWorldPanorama& p : mWorld.panoramas)
        labelRows += p.train ? 0 : 1;
    QCOMPARE(first.queriesDescribed, labelRows);
    QCOMPARE(
        first.galleryDescribed,
        static_cast<int64_t>(mWorld.tilesPerCity) *
            static_cast<int64_t>(VigorFormat::citiesOf(VigorProtocol::SameArea, "test").size()));
    QCOMPARE(first.galleryDescribed, mTruth->galleryCount());
    QVERIFY(first.origin == DescriptorOrigin::Extracted);
    QVERIFY(first.normalization == kDefaultSplitNormalization);
    QCOMPARE(first.descriptors->provenance.split, std::string("vigor-same-area-test"));
    QCOMPARE(first.descriptorsDirectory, run.descriptorsDirectory(first.descriptors->provenance));
    // The one-to-one readers do not see it.
    QVERIFY(run.descriptorSets().empty());

    // (b) The saved figures are those of the saved descriptors.
    const QueryGalleryDescriptors saved = QueryGalleryDescriptors::load(first.descriptorsDirectory);
    QCOMPARE(saved.queries.rows, static_cast<int>(labelRows));
    const auto rows = [](const cv::Mat& m) {
        return std::vector<float>(m.ptr<float>(), m.ptr<float>() + m.total());
    };
    const auto e = metrics::QueryGalleryEvaluation::fromDescriptors(
        rows(saved.queries), rows(saved.gallery), saved.queries.cols, *mTruth, 5);
    const metrics::QueryGalleryReport report = metrics::QueryGalleryReport::load(
        first.resultsDirectory + "/" + metrics::QueryGalleryReport::fileName());
    QCOMPARE(report.protocol, std::string("same-area"));
    QCOMPARE(report.split, std::string("test"));
    QCOMPARE(report.dataset, fs::path(mWorld.root).lexically_normal().string());
    QCOMPARE(report.provenance.checkpoint, run.lastCheckpoint());
    QCOMPARE(report.provenance.normalization, std::string("original"));
    QCOMPARE(report.recallAt1, e.recallAt(1));
    QCOMPARE(report.recallAt5, e.recallAt(5));
    QCOMPARE(report.recallAt10, e.recallAt(10));
    QCOMPARE(report.recallAtOnePercent, e.recallAtOnePercent(metrics::OnePercentVariant::Original));
    QCOMPARE(report.recallAtOnePercentStrict,
             e.recallAtOnePercent(metrics::OnePercentVariant::Strict));
    QCOMPARE(report.hitRate, e.hitRate());
    QCOMPARE(report.top1Covers, e.top1CoversRate());
    QVERIFY(report.hasMetres);
    QCOMPARE(report.medianMetres, e.medianMetres());
    QCOMPARE(report.metres90, e.metresPercentile(90));
    QCOMPARE(report.withinMetres.size(), size_t{2});
    QCOMPARE(report.withinMetres[1].second, e.recallWithinMetres(40));
    QCOMPARE(report.galleryNames.size(), static_cast<size_t>(mTruth->galleryCount()));
    QCOMPARE(report.queries.size(), static_cast<size_t>(labelRows));

    // Per query, against a brute-force sort of double-precision similarities: the rank lies
    // between the counts of items clearly and barely above the positive, and the saved top-K
    // are the K best scores, each the score of its item.
    const double eps = 1e-5;
    const int64_t g = mTruth->galleryCount();
    for (int64_t q = 0; q < mTruth->queryCount(); ++q) {
        std::vector<double> s(static_cast<size_t>(g));
        for (int64_t j = 0; j < g; ++j)
            s[j] =
                saved.queries.row(static_cast<int>(q)).dot(saved.gallery.row(static_cast<int>(j)));
        const metrics::QueryGalleryReport::Query& row = report.queries[static_cast<size_t>(q)];
        QCOMPARE(row.positive, static_cast<int64_t>(mTruth->positive(q)));
        const double positive = s[static_cast<size_t>(row.positive)];
        const auto above = [&](double margin) {
            return std::count_if(s.begin(), s.end(),
                                 [&](double v) { return v > positive + margin; });
        };
        QVERIFY(row.rank >= above(eps) && row.rank <= above(-eps));
        QCOMPARE(row.rank, e.ranks()[static_cast<size_t>(q)]);
        std::vector<int64_t> order(static_cast<size_t>(g));
        std::iota(order.begin(), order.end(), int64_t{0});
        std::stable_sort(order.begin(), order.end(),
                         [&](int64_t a, int64_t b) { return s[a] > s[b]; });
        QCOMPARE(row.top.size(), size_t{5});
        for (size_t k = 0; k < row.top.size(); ++k) {
            QVERIFY(std::abs(row.scores[k] - s[static_cast<size_t>(row.top[k])]) < eps);
            QVERIFY(std::abs(row.scores[k] - s[static_cast<size_t>(order[k])]) < eps);
        }
        QCOMPARE(row.top[0], e.top1()[static_cast<size_t>(q)]);
        QCOMPARE(row.hit, e.hit(q));
        QCOMPARE(row.top1Metres, mTruth->distanceMetres(q, row.top[0]));
    }

    // (c) Evaluated again: the saved descriptors, nothing described, the same figures.
    const auto stamp =
        fs::last_write_time(QueryGalleryDescriptors::metadataFile(first.descriptorsDirectory));
    QueryGalleryRunEvaluation again(run, options);
    const QueryGalleryRunEvaluation::Result second = again.run(mWorld.root, feedback);
    QVERIFY(second.origin == DescriptorOrigin::Reused);
    QCOMPARE(second.queriesDescribed, int64_t{0});
    QCOMPARE(second.galleryDescribed, int64_t{0});
    QCOMPARE(second.descriptorsDirectory, first.descriptorsDirectory);
    QVERIFY(fs::last_write_time(
                QueryGalleryDescriptors::metadataFile(first.descriptorsDirectory)) == stamp);
    QCOMPARE(second.report.recallAt1, first.report.recallAt1);
    QCOMPARE(second.report.hitRate, first.report.hitRate);
}

void TestQueryGalleryRunEvaluation::refusesAdaptedAndForeignResults() {
    const RunFolder run = makeRun("refusals");
    QueryGalleryRunEvaluation::Options options;
    options.normalization = Normalization::Adapted;
    Feedback feedback;
    try {
        QueryGalleryRunEvaluation(run, options).run(mWorld.root, feedback);
        QFAIL("'adapted' was accepted for a split without pairs");
    } catch (const Error& e) {
        QVERIFY(std::string(e.what()).find("adapted") != std::string::npos);
    }

    // A querygallery.json the tool did not write is left as it was, and refused before any
    // image is described (no descriptors saved).
    options.normalization = Normalization::Running;
    DescriptorExtractor::Options running;
    running.normalization = Normalization::Running;
    const Provenance p = DescriptorExtractor::provenanceOf(
        Checkpoint::loadHeader(run.lastCheckpoint()), "last", "vigor-same-area-test", running);
    const std::string results = run.resultsDirectory(p);
    fs::create_directories(results);
    const std::string file = results + "/" + metrics::QueryGalleryReport::fileName();
    std::ofstream(file) << "{\"mine\": true}\n";
    try {
        QueryGalleryRunEvaluation(run, options).run(mWorld.root, feedback);
        QFAIL("a file of the user's was replaced");
    } catch (const Error& e) {
        QVERIFY2(std::string(e.what()).find(file) != std::string::npos, e.what());
    }
    std::ifstream in(file);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    QCOMPARE(text, std::string("{\"mine\": true}\n"));
    QVERIFY(!fs::exists(run.descriptorsDirectory(p)));

    // Under 'original' at preset tiny a lone tile in the last batch would collapse (a 1x1
    // BatchNorm map): refused before any image is read.
    const RunFolder lone = makeRun("lone", mTruth->galleryCount() - 1);
    try {
        QueryGalleryRunEvaluation(lone, QueryGalleryRunEvaluation::Options())
            .run(mWorld.root, feedback);
        QFAIL("a lone gallery tile under 'original' at preset tiny was accepted");
    } catch (const Error& e) {
        const std::string what = e.what();
        QVERIFY2(what.find("single gallery item") != std::string::npos &&
                     what.find("1x1") != std::string::npos,
                 e.what());
    }
    QVERIFY(run.descriptorSets().empty());
    QVERIFY(!fs::exists(lone.descriptorsRoot()) || fs::is_empty(lone.descriptorsRoot()));
}

void TestQueryGalleryRunEvaluation::cliExtractsThenReuses() {
    const RunFolder run = makeRun("cli");
    const QStringList args = {"eval",
                              "--run",
                              QString::fromStdString(run.directory()),
                              "--vigor",
                              QString::fromStdString(mWorld.root),
                              "--protocol",
                              "same-area",
                              "--split",
                              "test",
                              "--geo",
                              "10,40",
                              "--bn",
                              "running",
                              "--json"};
    CliResult r = runCli(args);
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QJsonObject json = QJsonDocument::fromJson(r.out.toUtf8()).object();
    QCOMPARE(json["descriptors_origin"].toString(), QString("extracted"));
    QCOMPARE(json["queries"].toInteger(), mTruth->queryCount());
    QCOMPARE(json["gallery"].toInteger(), mTruth->galleryCount());
    QCOMPARE(json["provenance"].toObject()["normalization"].toString(), QString("running"));
    const std::string results = json["results"].toString().toStdString();
    const metrics::QueryGalleryReport saved = metrics::QueryGalleryReport::load(results);
    QCOMPARE(json["recall_at_1"].toDouble(), saved.recallAt1);
    QCOMPARE(json["hit_rate"].toDouble(), saved.hitRate);
    QVERIFY2(r.err.contains("described"), qPrintable(r.err));

    r = runCli(args);
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    json = QJsonDocument::fromJson(r.out.toUtf8()).object();
    QCOMPARE(json["descriptors_origin"].toString(), QString("reused"));
    QCOMPARE(json["recall_at_1"].toDouble(), saved.recallAt1);

    // The table of the --descriptors path, from the same figures.
    r = runCli({"eval", "--run", QString::fromStdString(run.directory()), "--vigor",
                QString::fromStdString(mWorld.root), "--bn", "running"});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY2(r.out.contains("VIGOR same-area test: " + QString::number(mTruth->queryCount()) +
                            " panoramas x " + QString::number(mTruth->galleryCount()) + " tiles"),
             qPrintable(r.out));
    QVERIFY2(r.out.contains("hit rate " + QString::number(100 * saved.hitRate, 'f', 2)),
             qPrintable(r.out));
}

void TestQueryGalleryRunEvaluation::recalibratesFromTheTrainSplitsPairs() {
    // A checkpoint without recalibrated statistics gets them from the protocol's train split
    // (its panorama, positive tile pairs), kept in the run's own checkpoint.
    const RunFolder run = makeRun("recalibrated");
    QVERIFY(Checkpoint::load(run.lastCheckpoint()).recalibrated.empty());
    QueryGalleryRunEvaluation::Options options;
    options.normalization = Normalization::Recalibrated;
    Feedback feedback;
    const QueryGalleryRunEvaluation::Result r =
        QueryGalleryRunEvaluation(run, options).run(mWorld.root, feedback);
    QVERIFY(r.recalibration.computed);
    QCOMPARE(r.recalibration.storedIn, run.lastCheckpoint());
    QVERIFY(!Checkpoint::load(run.lastCheckpoint()).recalibrated.empty());
    QCOMPARE(r.descriptors->provenance.normalization, std::string("recalibrated"));
    QCOMPARE(r.galleryDescribed, mTruth->galleryCount());
}

QTEST_GUILESS_MAIN(TestQueryGalleryRunEvaluation)
#include "tst_querygalleryrunevaluation.moc"
