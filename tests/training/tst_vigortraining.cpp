// Training on a VIGOR-layout root (docs/vigor.md, docs/training.md): every panorama of the train
// split with its positive tile, batches arranged so panoramas rarely share a covering tile, the
// tiles that cover a panorama masked out of the loss as CVACT's nearby pairs are, and `orinet
// train` end to end on the synthetic VIGOR world, and the per-epoch validation of held-out
// panoramas against the whole gallery that chooses best.ckpt.

#include "common/error.h"
#include "common/feedback.h"
#include "dataset/querygallerypairs.h"
#include "dataset/vigorformat.h"
#include "metrics/querygalleryreport.h"
#include "retrieval/querygallerydescriptors.h"
#include "run/checkpoint.h"
#include "run/traininglog.h"
#include "synth/vigorworld.h"
#include "training/trainer.h"
#include "training/trainingdata.h"
#include "training/tripletloss.h"

#include "clirunner.h"
#include "synthetictrainingdata.h"

#include <opencv2/core.hpp>

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <fstream>
#include <numeric>
#include <random>
#include <set>

using namespace orinet;

namespace {

//! `orinet synth --vigor` of a small world into `world`: 64 px tiles, 128 px panoramas,
//! `perCity` panoramas in each of the four cities.
orinet::testing::CliResult synthSmallVigor(const QString& world, int perCity) {
    return orinet::testing::runCli({"synth", "--vigor", "--out", world, "--tile-size", "64",
                                    "--cvact-width", "128", "--panoramas-per-city",
                                    QString::number(perCity), "--quiet"});
}

double softplus(double x) {
    return std::max(x, 0.0) + std::log1p(std::exp(-std::abs(x)));
}

//! The loss by hand over the pairs the mask leaves: sat[i] x ground[j] is dropped when tile i
//! covers panorama j, i.e. notNegative[j·B + i].
double handLoss(const cv::Mat& sat, const cv::Mat& grd, const std::vector<uint8_t>& notNegative,
                double alpha) {
    const int b = sat.rows;
    cv::Mat dist = 2 - 2 * sat * grd.t();
    double sum = 0;
    int count = 0;
    for (int i = 0; i < b; ++i)
        for (int j = 0; j < b; ++j) {
            if (notNegative[static_cast<size_t>(j * b + i)])
                continue;
            const double d = dist.at<double>(i, j);
            sum += softplus(alpha * (dist.at<double>(j, j) - d)) +
                   softplus(alpha * (dist.at<double>(i, i) - d));
            ++count;
        }
    return count == 0 ? 0.0 : sum / (2.0 * count);
}

cv::Mat unitRows(int rows, int cols, uint32_t seed) {
    std::mt19937 rng(seed);
    std::normal_distribution<double> n;
    cv::Mat m(rows, cols, CV_64F);
    for (int r = 0; r < rows; ++r) {
        for (int c = 0; c < cols; ++c)
            m.at<double>(r, c) = n(rng);
        m.row(r) /= cv::norm(m.row(r));
    }
    return m;
}

//! Batches of `batch` consecutive positions of `order` in which two panoramas share a
//! covering tile.
int clashingBatches(const QueryGalleryPairs& pairs, const std::vector<size_t>& order,
                    size_t batch) {
    const QueryGallery& qg = pairs.queryGallery();
    auto covering = [&](size_t p) {
        const int64_t q = pairs.queryOf(pairs.dataset().pairs()[p].id);
        std::vector<int> t = qg.semiPositives(q);
        t.push_back(qg.positive(q));
        return t;
    };
    int clashing = 0;
    for (size_t start = 0; start + batch <= order.size(); start += batch) {
        std::vector<int> seen;
        bool clash = false;
        for (size_t k = start; k < start + batch; ++k)
            for (int t : covering(order[k])) {
                clash |= std::find(seen.begin(), seen.end(), t) != seen.end();
                seen.push_back(t);
            }
        clashing += clash;
    }
    return clashing;
}

std::vector<double> stepLosses(const QString& log) {
    std::vector<double> losses;
    std::ifstream in(log.toStdString());
    for (std::string line; std::getline(in, line);) {
        const QJsonObject record =
            QJsonDocument::fromJson(QByteArray::fromStdString(line)).object();
        if (record.value("type").toString() == "step")
            losses.push_back(record.value("loss").toDouble());
    }
    return losses;
}

//! Every row j is a "covering tile" of every row i: nothing is left to compare.
class MaskEverythingSource : public BatchSource {
public:
    explicit MaskEverythingSource(BatchSource& inner)
        : mInner(inner) {}
    size_t batchesPerEpoch() const override { return mInner.batchesPerEpoch(); }
    void startEpoch(uint64_t epoch, size_t skip) override { mInner.startEpoch(epoch, skip); }
    std::optional<Batch> next() override {
        std::optional<Batch> b = mInner.next();
        if (b)
            b->notNegative.assign(b->size() * b->size(), 1);
        return b;
    }

private:
    BatchSource& mInner;
};

} // namespace

class TestVigorTraining : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void pairsAreQueriesWithTheirPositives();
    void maskedLossDropsCoveringTiles();
    void maskOrientation();
    void arrangedBatchesRarelyShareATile();
    void trainerUsesTheMask();
    void trainsThroughTheCli();
    void holdoutIsSeededPerCity();
    void validatesHeldOutPanoramasEachEpoch();
    void validatesEveryNthEpoch();

private:
    QTemporaryDir mDir{::testing::scratchTemplate()};
    std::string mRoot;
};

void TestVigorTraining::initTestCase() {
    QVERIFY(mDir.isValid());
    VigorWorldOptions options;
    options.outDir = mDir.filePath("vigor").toStdString();
    options.panoramasPerCity = 30;
    options.tileSize = 64;
    options.panoramaWidth = 128;
    Feedback feedback;
    VigorWorld::generate(options, feedback);
    mRoot = options.outDir;
}

void TestVigorTraining::pairsAreQueriesWithTheirPositives() {
    const QueryGalleryPairs pairs = QueryGalleryPairs::readVigor(mRoot, VigorProtocol::SameArea);
    const QueryGallery& qg = pairs.queryGallery();
    const Dataset& d = pairs.dataset();
    QVERIFY(d.layout() == DatasetLayout::Cvact);
    QCOMPARE(int64_t(d.split("train").size()), qg.queryCount());
    QCOMPARE(int64_t(d.pairs().size()), qg.queryCount());
    for (int64_t q = 0; q < qg.queryCount(); ++q) {
        const PairRecord& p = d.pairs()[static_cast<size_t>(q)];
        QCOMPARE(p.panoramaPath, qg.query(q).path);
        QCOMPARE(p.satellitePath, qg.galleryItem(qg.positive(q)).path);
        QCOMPARE(pairs.queryOf(p.id), q);
        // No UTM: the 25 m rule of CVACT must not apply on top of the coverage mask.
        QVERIFY(!p.utm && p.latLon);
    }
    // Cross-area trains on NewYork and Seattle only.
    const QueryGalleryPairs cross = QueryGalleryPairs::readVigor(mRoot, VigorProtocol::CrossArea);
    for (const PairRecord& p : cross.dataset().pairs())
        QVERIFY2(p.id.rfind("NewYork/", 0) == 0 || p.id.rfind("Seattle/", 0) == 0, p.id.c_str());
    QVERIFY_THROWS_EXCEPTION(Error, pairs.queryOf("Chicago/nowhere.jpg"));
}

void TestVigorTraining::maskedLossDropsCoveringTiles() {
    const QueryGalleryPairs pairs = QueryGalleryPairs::readVigor(mRoot, VigorProtocol::SameArea);
    const QueryGallery& qg = pairs.queryGallery();
    // Two panoramas of which one's positive tile covers the other, and two that share nothing.
    int64_t a = -1, b = -1;
    for (int64_t i = 0; i < qg.queryCount() && a < 0; ++i)
        for (int64_t j = 0; j < qg.queryCount(); ++j)
            if (i != j && qg.covers(i, qg.positive(j))) {
                a = i;
                b = j;
                break;
            }
    QVERIFY2(a >= 0, "the world has no two panoramas sharing a covering tile");
    std::vector<int64_t> rows{a, b};
    for (int64_t q = 0; q < qg.queryCount() && rows.size() < 6; ++q) {
        bool free = true;
        for (int64_t r : rows)
            free = free && !qg.covers(q, qg.positive(r)) && !qg.covers(r, qg.positive(q));
        if (free)
            rows.push_back(q);
    }
    QCOMPARE(rows.size(), size_t{6});
    std::vector<std::string> ids;
    for (int64_t q : rows)
        ids.push_back(pairs.dataset().pairs()[static_cast<size_t>(q)].id);
    const std::vector<uint8_t> mask = pairs.notNegative(ids);
    const size_t n = rows.size();
    QCOMPARE(mask.size(), n * n);
    int masked = 0;
    for (size_t i = 0; i < n; ++i)
        for (size_t j = 0; j < n; ++j) {
            QCOMPARE(bool(mask[i * n + j]), qg.covers(rows[i], qg.positive(rows[j])));
            masked += mask[i * n + j];
        }
    QCOMPARE(int(mask[0 * n + 1]), 1);
    QVERIFY(masked > int(n)); // more than the diagonal

    const cv::Mat sat = unitRows(int(n), 16, 1), grd = unitRows(int(n), 16, 2);
    TripletLossOptions options;
    const double loss = tripletLoss(sat, grd, mask, options);
    const double expected = handLoss(sat, grd, mask, options.alpha);
    QVERIFY2(std::abs(loss - expected) < 1e-12 * std::max(1.0, expected),
             qPrintable(QString("%1 vs %2").arg(loss, 0, 'g', 17).arg(expected, 0, 'g', 17)));
    // The plain loss keeps the covering tiles (and the diagonal) in its sums: it differs.
    QVERIFY(std::abs(tripletLoss(sat, grd, options) - loss) > 1e-6);
    // Only the diagonal masked: the CVACT variant with all pairs far apart says the same.
    std::vector<uint8_t> diagonal(n * n, 0);
    std::vector<double> east, north;
    for (size_t i = 0; i < n; ++i) {
        diagonal[i * n + i] = 1;
        east.push_back(1000.0 * double(i));
        north.push_back(0);
    }
    QVERIFY(std::abs(tripletLoss(sat, grd, diagonal, options) -
                     tripletLoss(sat, grd, options, east, north)) < 1e-12);
    QVERIFY_THROWS_EXCEPTION(Error, tripletLoss(sat, grd, std::vector<uint8_t>(5, 0), options));

    // What filling the mask costs a batch of 12 (reported in docs/training.md).
    std::vector<std::string> twelve;
    for (size_t i = 0; i < 12; ++i)
        twelve.push_back(pairs.dataset().pairs()[i].id);
    QElapsedTimer timer;
    timer.start();
    size_t ones = 0;
    for (int k = 0; k < 1000; ++k)
        ones += pairs.notNegative(twelve)[0];
    QCOMPARE(ones, size_t{1000});
    qInfo("notNegative for a batch of 12: %.1f us", double(timer.nsecsElapsed()) / 1000 / 1000);
}

void TestVigorTraining::maskOrientation() {
    // One off-diagonal entry: tile 1 covers panorama 0 ([0·B + 1]). The dropped distance is
    // satellite 1 against ground 0, in both directions; satellite 0 against ground 1 stays.
    const int n = 3;
    const cv::Mat sat = unitRows(n, 8, 3), grd = unitRows(n, 8, 4);
    std::vector<uint8_t> mask(n * n, 0);
    for (int i = 0; i < n; ++i)
        mask[static_cast<size_t>(i * n + i)] = 1;
    mask[0 * n + 1] = 1;
    const double loss = tripletLoss(sat, grd, mask, {});
    QVERIFY(std::abs(loss - handLoss(sat, grd, mask, 10.0)) < 1e-12);
    std::vector<uint8_t> transposed = mask;
    std::swap(transposed[0 * n + 1], transposed[1 * n + 0]);
    QVERIFY(std::abs(loss - tripletLoss(sat, grd, transposed, {})) > 1e-9);
}

void TestVigorTraining::arrangedBatchesRarelyShareATile() {
    const QueryGalleryPairs pairs = QueryGalleryPairs::readVigor(mRoot, VigorProtocol::SameArea);
    const std::vector<PairRecord>& loaded = pairs.dataset().pairs();
    std::vector<size_t> order(loaded.size());
    std::iota(order.begin(), order.end(), size_t{0});
    const size_t batch = 6;
    int plain = 0, arranged = 0;
    for (uint32_t seed = 1; seed <= 5; ++seed) {
        std::shuffle(order.begin(), order.end(), std::mt19937(seed));
        const std::vector<size_t> a = pairs.arrange(order, loaded, batch);
        QCOMPARE(pairs.arrange(order, loaded, batch), a); // deterministic
        std::vector<size_t> sorted = a;
        std::sort(sorted.begin(), sorted.end());
        std::vector<size_t> all(loaded.size());
        std::iota(all.begin(), all.end(), size_t{0});
        QCOMPARE(sorted, all); // a permutation
        plain += clashingBatches(pairs, order, batch);
        arranged += clashingBatches(pairs, a, batch);
    }
    qInfo("batches of %zu with two panoramas sharing a tile, 5 epochs: shuffled %d, arranged %d",
          batch, plain, arranged);
    QVERIFY(plain > 0);
    QVERIFY(arranged < plain);
}

void TestVigorTraining::trainerUsesTheMask() {
    // With every pair masked nothing is compared: the loss is exactly 0, where the same
    // batches without a mask give a positive loss.
    QTemporaryDir dir(::testing::scratchTemplate());
    ::testing::SyntheticSource inner(4, 4, false);
    MaskEverythingSource source(inner);
    TrainingConfig config = ::testing::tinyConfig(1);
    config.recalibrationBatches = 0;
    Feedback f;
    Trainer trainer(dir.path().toStdString(), config, false);
    const std::vector<double> losses = ::testing::runAndCollect(trainer, source, f);
    QCOMPARE(losses.size(), size_t{1});
    QCOMPARE(losses[0], 0.0);
}

void TestVigorTraining::trainsThroughTheCli() {
    // A smaller world: 4 panoramas per city, 2 of each in the same-area train split.
    QTemporaryDir dir(::testing::scratchTemplate());
    const QString world = dir.filePath("world");
    orinet::testing::CliResult r = synthSmallVigor(world, 4);
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    const QString run = dir.filePath("run");
    const QStringList common = {"train", "--dataset",   world,  "--run",
                                run,     "--preset",    "tiny", "--batch",
                                "4",     "--lr",        "1e-4", "--threads",
                                "2",     "--workers",   "1",    "--recalibration-batches",
                                "0",     "--val-split", "none"};
    // Refused before anything is written: a validation split, gathered negatives across ranks.
    r = orinet::testing::runCli(common + QStringList{"--epochs", "1", "--val-split", "val"});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains("no validation split"), qPrintable(r.err));
    r = orinet::testing::runCli(common + QStringList{"--epochs", "1", "--val-pairs", "3"});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains("--val-holdout"), qPrintable(r.err));
    r = orinet::testing::runCli(common + QStringList{"--epochs", "1", "--world-size", "2"});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains("--local-negatives"), qPrintable(r.err));
    QVERIFY(!QFile::exists(run + "/config.json"));

    r = orinet::testing::runCli(common + QStringList{"--epochs", "1"}, 240000);
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY2(r.err.contains("same-area train split, no validation"), qPrintable(r.err));
    QVERIFY(!QFile::exists(run + "/validation"));
    QVERIFY(QFile::exists(run + "/checkpoints/last.ckpt"));
    QVERIFY(!QFile::exists(run + "/checkpoints/best.ckpt"));
    QFile file(run + "/config.json");
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QJsonObject config = QJsonDocument::fromJson(file.readAll()).object();
    QCOMPARE(config.value("layout").toString(), QString("vigor"));
    QCOMPARE(config.value("protocol").toString(), QString("same-area"));
    QCOMPARE(config.value("dataset").toString(), world);

    // Resumed: the run's protocol is kept, whatever is given.
    r = orinet::testing::runCli(
        common + QStringList{"--epochs", "2", "--resume", "--protocol", "cross-area"}, 240000);
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY2(r.err.contains("protocol: the run's \"same-area\" is kept"), qPrintable(r.err));
    const std::vector<double> losses = stepLosses(run + "/log.jsonl");
    QCOMPARE(losses.size(), size_t{4}); // 8 pairs in batches of 4, 2 epochs
    for (double loss : losses)
        QVERIFY(std::isfinite(loss) && loss > 0);

    // The arranged batches replay on resume: 1 epoch + resume = 2 epochs straight.
    const QString straight = dir.filePath("straight");
    QStringList straightArgs = common;
    straightArgs[straightArgs.indexOf(run)] = straight;
    r = orinet::testing::runCli(straightArgs + QStringList{"--epochs", "2"}, 240000);
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    const std::vector<double> uninterrupted = stepLosses(straight + "/log.jsonl");
    QCOMPARE(uninterrupted.size(), losses.size());
    for (size_t i = 0; i < losses.size(); ++i)
        QVERIFY2(std::abs(losses[i] - uninterrupted[i]) < 1e-6, qPrintable(QString::number(i)));

    // A malformed label row is named by file and line before anything is trained.
    const QString labels = world + "/splits/Seattle/same_area_balanced_train.txt";
    QFile labelFile(labels);
    QVERIFY(labelFile.open(QIODevice::Append));
    labelFile.write("broken,1,2,.jpg only three\n");
    labelFile.close();
    const QString third = dir.filePath("third");
    QStringList thirdArgs = common;
    thirdArgs[thirdArgs.indexOf(run)] = third;
    r = orinet::testing::runCli(thirdArgs + QStringList{"--epochs", "1"});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains("same_area_balanced_train.txt:3") && r.err.contains("columns"),
             qPrintable(r.err));
    QVERIFY(!QFile::exists(third + "/checkpoints/last.ckpt"));
}

void TestVigorTraining::holdoutIsSeededPerCity() {
    VigorOptions options;
    options.split = "train";
    const QueryGallery all = VigorFormat::read(mRoot, options);
    const std::vector<int64_t> held = QueryGalleryPairs::heldOutQueries(all, 0.2, 7);
    QCOMPARE(QueryGalleryPairs::heldOutQueries(all, 0.2, 7), held); // a function of the seed
    QVERIFY(QueryGalleryPairs::heldOutQueries(all, 0.2, 8) != held);
    QVERIFY(QueryGalleryPairs::heldOutQueries(all, 0, 7).empty());
    QVERIFY_THROWS_EXCEPTION(Error, QueryGalleryPairs::heldOutQueries(all, 0.6, 7));
    // round(0.2 · n) of each city's n train panoramas.
    std::map<std::string, int> perCity, heldPerCity;
    for (int64_t q = 0; q < all.queryCount(); ++q)
        ++perCity[all.query(q).group];
    for (int64_t q : held)
        ++heldPerCity[all.query(q).group];
    QCOMPARE(perCity.size(), size_t{4});
    for (const auto& [city, n] : perCity)
        QCOMPARE(heldPerCity[city], int(std::lround(0.2 * n)));

    // The pairs trained on are the rest; the held-out ones keep the whole gallery and their
    // semi-positives.
    const QueryGalleryPairs pairs =
        QueryGalleryPairs::readVigor(mRoot, VigorProtocol::SameArea, 0.2, 7);
    const QueryGallery& out = pairs.heldOut();
    QCOMPARE(out.queryCount(), int64_t(held.size()));
    QCOMPARE(out.galleryCount(), all.galleryCount());
    QCOMPARE(pairs.queryGallery().queryCount() + out.queryCount(), all.queryCount());
    std::set<std::string> trained;
    for (const PairRecord& p : pairs.dataset().pairs())
        trained.insert(p.id);
    for (size_t i = 0; i < held.size(); ++i) {
        const int64_t q = held[i];
        QCOMPARE(out.query(int64_t(i)).name, all.query(q).name);
        QCOMPARE(out.positive(int64_t(i)), all.positive(q));
        QCOMPARE(out.semiPositives(int64_t(i)), all.semiPositives(q));
        QCOMPARE(out.queryLatLon(int64_t(i)).latitude, all.queryLatLon(q).latitude);
        QVERIFY(!trained.count(all.query(q).group + "/" + all.query(q).name));
    }
}

void TestVigorTraining::validatesHeldOutPanoramasEachEpoch() {
    QElapsedTimer timer;
    timer.start();
    // 8 panoramas a city, 4 of each in the same-area train split: half held out is 8 queries
    // against the 64 tiles, the other 8 one batch of training pairs.
    QTemporaryDir dir(::testing::scratchTemplate());
    const QString world = dir.filePath("world");
    orinet::testing::CliResult r = synthSmallVigor(world, 8);
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    const QString run = dir.filePath("run");
    const QStringList common = {"train", "--dataset", world,  "--run",
                                run,     "--preset",  "tiny", "--batch",
                                "8",     "--lr",      "1e-3", "--threads",
                                "2",     "--workers", "1",    "--recalibration-batches",
                                "0",     "--seed",    "3"};
    r = orinet::testing::runCli(common + QStringList{"--epochs", "1", "--val-holdout", "0.5"},
                                240000);
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY2(r.err.contains("8 panoramas held out, validated against 64 gallery tiles"),
             qPrintable(r.err));
    const QueryGalleryDescriptors first =
        QueryGalleryDescriptors::load((run + "/validation").toStdString());
    QCOMPARE(first.provenance.epoch, 1);
    // Resumed: the run's holdout, whatever is given, so the same panoramas are validated.
    r = orinet::testing::runCli(
        common + QStringList{"--epochs", "2", "--resume", "--val-holdout", "0.2"}, 240000);
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY2(r.err.contains("validation_holdout: the run's 0.5 is kept"), qPrintable(r.err));
    QVERIFY2(r.err.contains("8 panoramas held out"), qPrintable(r.err));
    const qint64 trained = timer.elapsed();

    // The log: every epoch validated, r@1 chooses, hit rate beside it.
    std::vector<QJsonObject> epochs;
    {
        std::ifstream in((run + "/log.jsonl").toStdString());
        for (std::string line; std::getline(in, line);) {
            const QJsonObject o = QJsonDocument::fromJson(QByteArray::fromStdString(line)).object();
            if (o.value("type").toString() == "epoch")
                epochs.push_back(o);
        }
    }
    QCOMPARE(epochs.size(), size_t{2});
    for (const QJsonObject& e : epochs) {
        QCOMPARE(e.value("val_count").toInt(), 8);
        QCOMPARE(e.value("val_gallery").toInt(), 64);
        QCOMPARE(e.value("val_selects_by").toString(), QString("r1"));
        QVERIFY(e.contains("val_hit"));
        qInfo("epoch %d: val r@1 %.3f, r@5 %.3f, r@10 %.3f, hit %.3f, validation %.2f s",
              e.value("epoch").toInt(), e.value("val_r1").toDouble(), e.value("val_r5").toDouble(),
              e.value("val_r10").toDouble(), e.value("val_hit").toDouble(),
              e.value("val_s").toDouble());
    }

    // The last epoch's figures, computed again from the descriptors it saved, by brute force
    // against the truth read from the label files.
    const QueryGalleryDescriptors saved =
        QueryGalleryDescriptors::load((run + "/validation").toStdString());
    QCOMPARE(saved.provenance.epoch, 2);
    QCOMPARE(saved.queryNames, first.queryNames);
    VigorOptions options;
    options.split = "train";
    const QueryGallery all = VigorFormat::read(world.toStdString(), options);
    const std::vector<int64_t> held = QueryGalleryPairs::heldOutQueries(all, 0.5, 3);
    QCOMPARE(saved.queries.rows, int(held.size()));
    QCOMPARE(saved.gallery.rows, int(all.galleryCount()));
    for (size_t i = 0; i < held.size(); ++i)
        QCOMPARE(saved.queryNames[i], metrics::QueryGalleryReport::itemName(
                                          all.query(held[i]).group, all.query(held[i]).name));
    for (int64_t g = 0; g < all.galleryCount(); ++g)
        QCOMPARE(saved.galleryNames[size_t(g)],
                 metrics::QueryGalleryReport::itemName(all.galleryItem(g).group,
                                                       all.galleryItem(g).name));
    // r@1, r@5, r@10 and hit rate of a saved set.
    auto figures = [&](const QueryGalleryDescriptors& set) {
        std::vector<double> f(4, 0.0);
        for (size_t i = 0; i < held.size(); ++i) {
            const int64_t q = held[i];
            const std::vector<int> semi = all.semiPositives(q);
            std::vector<double> sim(size_t(all.galleryCount()));
            for (int64_t g = 0; g < all.galleryCount(); ++g)
                sim[size_t(g)] = set.queries.row(int(i)).dot(set.gallery.row(int(g)));
            const double positive = sim[size_t(all.positive(q))];
            int above = 0, aboveNotCovering = 0;
            for (int64_t g = 0; g < all.galleryCount(); ++g)
                if (sim[size_t(g)] > positive) {
                    ++above;
                    aboveNotCovering += std::find(semi.begin(), semi.end(), int(g)) == semi.end();
                }
            f[0] += above < 1;
            f[1] += above < 5;
            f[2] += above < 10;
            f[3] += aboveNotCovering == 0;
        }
        for (double& x : f)
            x /= double(held.size());
        return f;
    };
    double anything = 0;
    for (size_t k = 0; k < 2; ++k) {
        const std::vector<double> f = figures(k == 0 ? first : saved);
        QCOMPARE(epochs[k].value("val_r1").toDouble(), f[0]);
        QCOMPARE(epochs[k].value("val_r5").toDouble(), f[1]);
        QCOMPARE(epochs[k].value("val_r10").toDouble(), f[2]);
        QCOMPARE(epochs[k].value("val_hit").toDouble(), f[3]);
        anything += f[0] + f[1] + f[2] + f[3];
    }
    QVERIFY2(anything > 0, "all figures 0: the comparison above would not see a wrong figure");

    // best.ckpt holds the first epoch of highest r@1, with the metadata of a one-to-one run's.
    size_t argmax = 0;
    for (size_t k = 0; k < epochs.size(); ++k)
        if (epochs[k].value("val_r1").toDouble() > epochs[argmax].value("val_r1").toDouble())
            argmax = k;
    const int bestEpoch = int(argmax) + 1;
    const Checkpoint best = Checkpoint::loadHeader((run + "/checkpoints/best.ckpt").toStdString());
    QCOMPARE(best.state.completedEpochs(), bestEpoch);
    QCOMPARE(best.state.bestEpoch, bestEpoch);
    QCOMPARE(best.state.bestRecall, epochs[argmax].value("val_r1").toDouble());
    const Checkpoint lastCheckpoint =
        Checkpoint::loadHeader((run + "/checkpoints/last.ckpt").toStdString());
    QCOMPARE(lastCheckpoint.state.bestEpoch, bestEpoch);
    QCOMPARE(lastCheckpoint.config.validationHoldout, 0.5);
    QFile summaryFile(run + "/results/summary.json");
    QVERIFY(summaryFile.open(QIODevice::ReadOnly));
    const QJsonObject summary = QJsonDocument::fromJson(summaryFile.readAll()).object();
    QCOMPARE(summary.value("best_epoch").toInt(), bestEpoch);
    QCOMPARE(summary.value("best_val_r1").toDouble(), epochs[argmax].value("val_r1").toDouble());

    // The run evaluation of last.ckpt describes the gallery (BatchNorm 'original', the same
    // batches of tiles) exactly as the validation of its epoch did.
    r = orinet::testing::runCli({"eval", "--run", run, "--vigor", world, "--protocol", "same-area",
                                 "--split", "train", "--checkpoint", "last"},
                                240000);
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    const QStringList sets =
        QDir(run + "/descriptors").entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    QCOMPARE(sets.size(), 1);
    const QueryGalleryDescriptors evaluated =
        QueryGalleryDescriptors::load((run + "/descriptors/" + sets[0]).toStdString());
    QCOMPARE(evaluated.galleryNames, saved.galleryNames);
    QVERIFY(cv::norm(evaluated.gallery, saved.gallery, cv::NORM_INF) < 1e-5);
    qInfo("1 epoch + 1 resumed epoch, validated: %lld ms; whole test %lld ms", trained,
          static_cast<long long>(timer.elapsed()));
}

void TestVigorTraining::validatesEveryNthEpoch() {
    // --val-every 2 over 3 epochs: epoch 2 (the cadence) and 3 (the last) are validated, epoch
    // 1 is logged without figures; the run is stopped after epoch 1 and resumed, which must
    // keep the cadence the run was started with.
    QTemporaryDir dir(::testing::scratchTemplate());
    const QString world = dir.filePath("world");
    orinet::testing::CliResult r = synthSmallVigor(world, 8);
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    const QString run = dir.filePath("run");
    TrainingConfig config = ::testing::tinyConfig(3);
    config.batchSize = 8;
    config.learningRate = 1e-3;
    config.seed = config.model.initSeed = 3;
    config.recalibrationBatches = 0;
    config.dataset = world.toStdString();
    config.layout = "vigor";
    config.protocol = "same-area";
    config.validationHoldout = 0.5;
    config.validateEveryEpochs = 2;
    {
        // In this process, stopped after epoch 1 as Ctrl-C stops `orinet train`.
        const auto pairs = std::make_shared<const QueryGalleryPairs>(QueryGalleryPairs::readVigor(
            config.dataset, VigorProtocol::SameArea, config.validationHoldout, config.seed));
        TrainingData::Options options;
        options.validationSplit.clear();
        options.workers = 1;
        const TrainingData data(pairs, config, options);
        Trainer trainer(run.toStdString(), config, false);
        Feedback feedback;
        TrainingCallbacks callbacks;
        callbacks.epoch = [&](const EpochSummary& s) {
            if (s.epoch == 1)
                feedback.cancel();
        };
        const TrainingResult result = trainer.run(data.sources(), feedback, callbacks);
        QVERIFY(result.canceled);
        QCOMPARE(result.epochs.size(), size_t{1});
        QCOMPARE(result.epochs[0].validationCount, int64_t{0});
    }
    QVERIFY(!QFile::exists(run + "/checkpoints/best.ckpt"));
    QVERIFY(!QFile::exists(run + "/validation"));

    // Resumed by the CLI: the run's cadence, whatever is given.
    r = orinet::testing::runCli({"train", "--dataset", world, "--run", run, "--preset", "tiny",
                                 "--threads", "2", "--workers", "1", "--epochs", "3", "--resume",
                                 "--val-every", "5"},
                                240000);
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY2(r.err.contains("validate_every_epochs: the run's 2 is kept, 5 was given"),
             qPrintable(r.err));
    QVERIFY2(r.err.contains("validated every 2 epochs and the last"), qPrintable(r.err));
    QFile configFile(run + "/config.json");
    QVERIFY(configFile.open(QIODevice::ReadOnly));
    QCOMPARE(QJsonDocument::fromJson(configFile.readAll()).object().value("validate_every_epochs"),
             QJsonValue(2));

    const TrainingLog log = TrainingLog::read((run + "/log.jsonl").toStdString());
    QCOMPARE(log.epochs.size(), size_t{3});
    QCOMPARE(log.epochs[0].validationCount, int64_t{0});
    QCOMPARE(log.epochs[0].recallAt1, -1.0);
    QVERIFY(std::isfinite(log.epochs[0].meanLoss));
    for (size_t k : {size_t{1}, size_t{2}}) {
        QCOMPARE(log.epochs[k].epoch, int(k + 1));
        QCOMPARE(log.epochs[k].validationCount, int64_t{8});
        QCOMPARE(log.epochs[k].validationGallery, int64_t{64});
    }
    // log.csv: the unvalidated epoch's figures are empty fields, not -1.
    {
        std::ifstream csv((run + "/log.csv").toStdString());
        std::string line;
        bool found = false;
        while (std::getline(csv, line))
            if (line.rfind("epoch,1,", 0) == 0) {
                found = true;
                const std::string rest = line.substr(line.find(',', 8) + 1);
                QVERIFY2(rest.substr(rest.find(',')).rfind(",,,,,", 0) == 0, line.c_str());
            }
        QVERIFY(found);
    }

    // best.ckpt: the validated epoch of highest r@1 (the first of equals).
    const int bestEpoch = log.epochs[2].recallAt1 > log.epochs[1].recallAt1 ? 3 : 2;
    const Checkpoint last = Checkpoint::loadHeader((run + "/checkpoints/last.ckpt").toStdString());
    QCOMPARE(last.state.bestEpoch, bestEpoch);
    QCOMPARE(last.state.bestRecall, log.epochs[size_t(bestEpoch - 1)].recallAt1);
    const Checkpoint best = Checkpoint::loadHeader((run + "/checkpoints/best.ckpt").toStdString());
    QCOMPARE(best.state.step, int64_t(bestEpoch) * last.state.stepsPerEpoch);
    QCOMPARE(QueryGalleryDescriptors::load((run + "/validation").toStdString()).provenance.epoch,
             3);
}

QTEST_GUILESS_MAIN(TestVigorTraining)
#include "tst_vigortraining.moc"
