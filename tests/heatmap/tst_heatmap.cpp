#include "clirunner.h"
#include "heatmapworld.h"

#include "common/error.h"
#include "common/feedback.h"
#include "dataset/dataset.h"
#include "dataset/preprocessor.h"
#include "geo/geotiff.h"
#include "geo/rastersource.h"
#include "heatmap/heatmap.h"
#include "heatmap/heatmapcache.h"
#include "heatmap/heatmapengine.h"
#include "heatmap/heatmapgrid.h"
#include "heatmap/refinementcache.h"
#include "model/descriptormodel.h"
#include "model/orinetmodel.h"
#include "model/safetensors.h"
#include "run/runfolder.h"
#include "synth/syntheticworld.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <cmath>
#include <fstream>
#include <iterator>
#include <set>

using namespace orinet;
using orinet::testing::CliResult;
using orinet::testing::runCli;

//! The localization heat map on a small synthetic world (16 pairs, 320 m, tiles of 60 m at
//! 64 px) with an untrained tiny model: the tests check the plumbing (grid, cache, resume,
//! geometry, files), which does not need a trained model.
class TestHeatMap : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void gridCoversTheRasterCentred();
    void cacheHoldsTheDescriptorsOfTheCutTiles();
    void canceledBuildResumesToTheSameCache();
    void aTilesOwnDescriptorPeaksAtItsPlace();
    void peaksAreLocalMaximaApart();
    void geoTiffIsInTheRastersCrsAndGrid();
    void engineReadsTheWorldsTileGeometry();
    void cliWritesHeatMapAndSummary();
    void cliExplainsBadInput();
    void subsampledGridIsCellsOfTheFineGrid();
    void coarseToFineFindsTheDensePeak();
    void coarseToFineScoresDescribedPlacesAsTheDenseMap();
    void refinementsSharedByQueriesAreDescribedOnce();
    void certifiedBestIsTheDenseBestAndTheBudgetStops();
    void rankCountsUnscoredPlacesBySampledRises();
    void rankSampleEstimatesTheDenseRank();
    void refinementCacheCallsTheModelOncePerNewBatch();

private:
    HeatMapEngine::Settings settings(const QString& run, double spacing = 20,
                                     bool dense = true) const;

    QTemporaryDir mDir;
    SynthSummary mWorld;
    std::string mWeights;
    std::shared_ptr<const RasterSource> mRaster;
};

void TestHeatMap::initTestCase() {
    QVERIFY(mDir.isValid());
    mWorld = orinet::testing::generateHeatMapWorld(mDir.filePath("world").toStdString(), 42);
    mRaster = RasterSource::open(mWorld.worldImage);
    mWeights = mDir.filePath("tiny.safetensors").toStdString();
    orinet::testing::writeTinyWeights(mWeights, 5);
}

HeatMapEngine::Settings TestHeatMap::settings(const QString& run, double spacing,
                                              bool dense) const {
    HeatMapEngine::Settings s;
    s.dense = dense;
    s.checkpoint = mWeights;
    s.runDirectory = run.toStdString();
    s.raster = mWorld.worldImage;
    s.layout = DatasetLayout::Csv;
    s.spacingMetres = spacing;
    s.footprintMetres = 60;
    s.tileSize = 64;
    s.batchSize = 16;
    s.fallbackPreset = "tiny";
    return s;
}

void TestHeatMap::gridCoversTheRasterCentred() {
    const cv::Rect2d e = mRaster->extent(); // 320 m
    const HeatMapGrid grid = HeatMapGrid::over(*mRaster, 25, 60, 64);
    // (320 − 60) / 25 = 10.4: 11 places per side, 10 m of margin split on both sides.
    QCOMPARE(grid.cols, 11);
    QCOMPARE(grid.rows, 11);
    QVERIFY(std::abs(grid.originX - (e.x + 30 + 5)) < 1e-9);
    QVERIFY(std::abs(grid.originY - (e.y + e.height - 30 - 5)) < 1e-9);
    const cv::Point2d last = grid.centre(10, 10);
    QVERIFY(std::abs(last.x - (e.x + e.width - 35)) < 1e-9);
    QVERIFY(std::abs(last.y - (e.y + 35)) < 1e-9);
    QCOMPARE(grid.centre(size_t(12)), grid.centre(1, 1));
    QCOMPARE(grid.cellOf(grid.centre(3, 7)), cv::Point2d(3, 7));
    // As a raster: pixel (c, r)'s centre is the cell's centre.
    const GeoTransform t = grid.transform();
    QCOMPARE(t.toUtm(cv::Point2d(3, 7)).easting, grid.centre(3, 7).x);
    QCOMPARE(t.toUtm(cv::Point2d(3, 7)).northing, grid.centre(3, 7).y);
    QVERIFY_THROWS_EXCEPTION(Error, HeatMapGrid::over(*mRaster, 25, 400, 64)); // too big
    QVERIFY_THROWS_EXCEPTION(Error, HeatMapGrid::over(*mRaster, 0, 60, 64));
    QVERIFY_THROWS_EXCEPTION(Error, HeatMapGrid::over(*mRaster, 0.01, 60, 64)); // too many
}

void TestHeatMap::cacheHoldsTheDescriptorsOfTheCutTiles() {
    Feedback feedback;
    HeatMapEngine engine(settings(mDir.filePath("run-a")), feedback);
    const HeatMapCache& cache = engine.cache();
    const HeatMapGrid& grid = cache.grid();
    QCOMPARE(grid.cols, 14); // (320 − 60) / 20 + 1
    QCOMPARE(cache.descriptors().rows, 14 * 14);
    QCOMPARE(cache.descriptors().cols, OriNetModel::kDescriptorSize);
    QCOMPARE(cache.bytes(), size_t(14 * 14 * 1536 * 4));
    QVERIFY(QDir(QString::fromStdString(cache.folder())).exists("heatmap.json"));
    QVERIFY(QString::fromStdString(cache.folder())
                .startsWith(QString::fromStdString(
                    RunFolder(mDir.filePath("run-a").toStdString()).heatmapDirectory())));
    // A weights file has no recalibrated statistics: the running ones, and a note says so.
    QVERIFY(engine.normalization() == Normalization::Running);
    QVERIFY(!engine.note().empty());
    QCOMPARE(engine.buildStats().described, size_t(196));

    // Each row is the tile cut at its cell, preprocessed like a dataset tile, described alone.
    ModelConfig config;
    config.preset = InputPreset::byName("tiny");
    config.initSeed = 5;
    OriNetModel model(config);
    const Preprocessor preprocessor(config.preset, config.orientation, DatasetLayout::Csv);
    for (size_t cell : {size_t(0), size_t(77), size_t(195)}) {
        const cv::Mat tile = mRaster->cutTile(grid.centre(cell), 64, 60);
        TensorBuffer buffer;
        buffer.shape = {1, 5, 128, 128};
        buffer.data.resize(buffer.count());
        Preprocessor::copyToBuffer(preprocessor.satellite(tile), buffer, 0);
        const cv::Mat alone = model.describe(Branch::Satellite, buffer);
        const double difference =
            cv::norm(alone, cache.descriptors().row(static_cast<int>(cell)), cv::NORM_INF);
        QVERIFY2(difference < 1e-4, qPrintable(QString::number(difference)));
    }
    // A second engine finds the complete cache and describes nothing.
    HeatMapEngine again(settings(mDir.filePath("run-a")), feedback);
    QCOMPARE(again.buildStats().described, size_t(0));
    QCOMPARE(again.cache().folder(), cache.folder());
    // Another spacing is another cache.
    HeatMapEngine coarse(settings(mDir.filePath("run-a"), 65), feedback);
    QVERIFY(coarse.cache().folder() != cache.folder());
    QCOMPARE(coarse.cache().grid().cols, 5);
}

void TestHeatMap::canceledBuildResumesToTheSameCache() {
    // The reference, built in one go (by the test above).
    Feedback plain;
    HeatMapEngine reference(settings(mDir.filePath("run-a")), plain);
    QCOMPARE(reference.buildStats().described, size_t(0));
    // The same, canceled after its second batch of 16.
    Feedback canceling;
    canceling.setProgressCallback([&canceling](double fraction, const std::string&) {
        if (fraction >= 32.0 / 196 - 1e-9)
            canceling.cancel();
    });
    const QString run = mDir.filePath("run-c");
    QVERIFY_THROWS_EXCEPTION(Canceled, HeatMapEngine(settings(run), canceling));
    QDir heatmaps(QString::fromStdString(RunFolder(run.toStdString()).heatmapDirectory()));
    const QStringList folders = heatmaps.entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    QCOMPARE(folders.size(), 1);
    const QString data = heatmaps.filePath(folders.front() + "/descriptors.f32");
    QCOMPARE(QFileInfo(data).size(), qint64(32) * 1536 * 4);
    // A kill in the middle of a batch leaves bytes the record does not claim.
    {
        std::ofstream garbage(data.toStdString(), std::ios::app | std::ios::binary);
        garbage << std::string(5000, 'x');
    }
    Feedback resume;
    HeatMapEngine resumed(settings(run), resume);
    QCOMPARE(resumed.buildStats().resumedAt, size_t(32));
    QCOMPARE(resumed.buildStats().described, size_t(196 - 32));
    QCOMPARE(cv::norm(resumed.cache().descriptors(), reference.cache().descriptors(), cv::NORM_INF),
             0.0);
}

void TestHeatMap::aTilesOwnDescriptorPeaksAtItsPlace() {
    Feedback feedback;
    HeatMapEngine engine(settings(mDir.filePath("run-a")), feedback);
    const HeatMapGrid& grid = engine.cache().grid();
    // The satellite descriptor of the tile at a place, used as the query, finds that place.
    for (size_t cell : {size_t(20), size_t(101)}) {
        const cv::Mat query = engine.cache().descriptors().row(static_cast<int>(cell)).clone();
        const HeatMap map = engine.query(query);
        QCOMPARE(map.scores().size(), cv::Size(grid.cols, grid.rows));
        const cv::Point2d place = grid.centre(cell);
        QVERIFY(std::abs(map.scoreAt(place) - 1.0f) < 1e-4);
        QCOMPARE(*map.rankOf(place), size_t(0));
        const std::vector<HeatMapPeak> peaks = map.peaks(3, 40);
        QCOMPARE(peaks.front().position, place);
        QVERIFY(!map.rankOf(cv::Point2d(0, 0))); // outside the grid
    }
    // A panorama query runs end to end (the untrained model puts its peak anywhere).
    const Dataset dataset = Dataset::open(mWorld.root);
    const HeatMap map = engine.query(dataset.pairs().front());
    const auto [low, high] = map.range();
    QVERIFY(std::isfinite(low) && high <= 1.0001f && low < high);
}

void TestHeatMap::peaksAreLocalMaximaApart() {
    HeatMapGrid grid;
    grid.cols = 6;
    grid.rows = 4;
    grid.spacing = 10;
    grid.originX = 1000;
    grid.originY = 2000;
    // A gentle slope towards the south-east, so the background has no plateau.
    cv::Mat scores(4, 6, CV_32F);
    for (int r = 0; r < 4; ++r)
        for (int c = 0; c < 6; ++c)
            scores.at<float>(r, c) = 0.1f + 0.01f * static_cast<float>(r + c);
    scores.at<float>(1, 1) = 0.9f;  // the best
    scores.at<float>(1, 2) = 0.85f; // next to it: not a local maximum
    scores.at<float>(3, 5) = 0.7f;  // far: a peak
    scores.at<float>(0, 4) = 0.6f;  // 31.6 m from (3, 5)... kept at 20 m separation
    scores.at<float>(2, 3) = NAN;   // no score
    const HeatMap map(grid, scores, Crs::utm(55, true));
    const std::vector<HeatMapPeak> peaks = map.peaks(5, 20);
    QCOMPARE(peaks.size(), size_t(3));
    QCOMPARE(peaks[0].col, 1);
    QCOMPARE(peaks[0].row, 1);
    QCOMPARE(peaks[0].position, cv::Point2d(1010, 1990));
    QCOMPARE(peaks[1].col, 5);
    QCOMPARE(peaks[2].col, 4);
    // At 40 m separation the third is suppressed by the second (31.6 m apart).
    QCOMPARE(map.peaks(5, 40).size(), size_t(2));
    QCOMPARE(*map.rankOf({1020, 1990}), size_t(1));
    QVERIFY(std::isnan(map.scoreAt({1030, 1980})));
    QCOMPARE(map.range(), std::make_pair(0.1f, 0.9f));
    // A plateau counts once.
    cv::Mat flat(4, 6, CV_32F, cv::Scalar(0.5f));
    QCOMPARE(HeatMap(grid, flat, Crs()).peaks(5, 0).size(), size_t(1));
    const cv::Mat colours = map.colourise(cv::COLORMAP_INFERNO, 0.1f, 0.9f);
    QCOMPARE(colours.type(), CV_8UC4);
    QCOMPARE(colours.at<cv::Vec4b>(2, 3)[3], uchar(0)); // transparent without a score
    QCOMPARE(colours.at<cv::Vec4b>(1, 1)[3], uchar(255));
    // Inferno: dark for the lowest, bright for the highest.
    const cv::Vec4b lowest = colours.at<cv::Vec4b>(0, 0), highest = colours.at<cv::Vec4b>(1, 1);
    QVERIFY(lowest[0] + lowest[1] + lowest[2] < 60 && highest[1] + highest[2] > 400);
}

void TestHeatMap::geoTiffIsInTheRastersCrsAndGrid() {
    Feedback feedback;
    HeatMapEngine engine(settings(mDir.filePath("run-a")), feedback);
    cv::Mat query = engine.cache().descriptors().row(30).clone();
    const HeatMap map = engine.query(query);
    const std::string path = mDir.filePath("heat.tif").toStdString();
    map.writeGeoTiff(path);
    const auto written = RasterSource::open(path);
    QVERIFY(written->crs().isSame(mRaster->crs()));
    QCOMPARE(QString::fromStdString(written->dataType()), QString("Float32"));
    const HeatMapGrid& grid = map.grid();
    QCOMPARE(written->width(), grid.cols);
    QCOMPARE(written->height(), grid.rows);
    for (const auto& [c, r] : {std::pair{0, 0}, std::pair{5, 9}, std::pair{13, 13}}) {
        const cv::Point2d centre = written->pixelToMap({c + 0.5, r + 0.5});
        QVERIFY(cv::norm(centre - grid.centre(c, r)) < 1e-6);
    }
    const GeoRaster back = GeoTiff::read(path);
    QCOMPARE(cv::norm(back.pixels, map.scores(), cv::NORM_INF), 0.0);
}

void TestHeatMap::engineReadsTheWorldsTileGeometry() {
    for (const std::string& root : {mWorld.root, mWorld.cvactRoot, mWorld.cvusaRoot}) {
        const Dataset dataset = Dataset::open(root);
        const TileGeometry geometry = HeatMapEngine::tileGeometryFor(dataset);
        QCOMPARE(geometry.footprintMetres, 60.0);
        QCOMPARE(geometry.tileSize, 64);
        QVERIFY(QFileInfo(QString::fromStdString(SyntheticWorld::imageBeside(root))).fileName() ==
                "world.tif");
    }
    // A geographic raster is refused with the reason.
    const std::string geographic = mDir.filePath("geographic.tif").toStdString();
    GeoTiff::write(geographic, cv::Mat(64, 64, CV_8UC3, cv::Scalar::all(50)),
                   GeoTransform{149.0, -35.0, 0.001}, 4326);
    HeatMapEngine::Settings s = settings(mDir.filePath("run-d"));
    s.raster = geographic;
    Feedback feedback;
    try {
        HeatMapEngine engine(s, feedback);
        QFAIL("a geographic raster was accepted");
    } catch (const Error& e) {
        QVERIFY2(QString(e.what()).contains("geographic"), e.what());
        QVERIFY(QString(e.what()).contains("geographic.tif"));
    }
}

void TestHeatMap::cliWritesHeatMapAndSummary() {
    // The run folder of the tests above: the CLI finds the cache they built.
    const QString run = mDir.filePath("run-a");
    const Dataset dataset = Dataset::open(mWorld.root);
    const std::vector<size_t>& test = dataset.split("test");
    QVERIFY(!test.empty());
    const QString id = QString::fromStdString(dataset.pairs()[test.front()].id);
    const QString tif = mDir.filePath("cli.tif"), png = mDir.filePath("cli.png");
    CliResult r = runCli({"heatmap",
                          "--run",
                          run,
                          "--checkpoint",
                          QString::fromStdString(mWeights),
                          "--preset",
                          "tiny",
                          "--dataset",
                          QString::fromStdString(mWorld.root),
                          "--split",
                          "test",
                          "--query",
                          id,
                          "--spacing",
                          "20",
                          "--dense",
                          "--out",
                          tif,
                          "--png",
                          png});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY2(r.out.contains("grid: 14 x 14 places") && r.out.contains("truth:") &&
                 !r.out.contains("described"),
             qPrintable(r.out));
    QCOMPARE(RasterSource::open(tif.toStdString())->width(), 14);
    const cv::Mat picture = cv::imread(png.toStdString());
    QVERIFY(picture.cols >= 1000 && picture.rows > picture.cols * 0.9);

    const QString summary = mDir.filePath("summary.csv");
    r = runCli({"heatmap", "--run", run, "--checkpoint", QString::fromStdString(mWeights),
                "--preset", "tiny", "--dataset", QString::fromStdString(mWorld.root), "--split",
                "test", "--query", "all", "--spacing", "20", "--dense", "--summary", summary,
                "--json"});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY2(r.out.contains("\"peak_within\"") && r.out.contains("\"described\": 0"),
             qPrintable(r.out));
    QFile csv(summary);
    QVERIFY(csv.open(QIODevice::ReadOnly));
    const QStringList lines = QString::fromUtf8(csv.readAll()).split('\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), static_cast<int>(test.size()) + 1);
    QVERIFY(lines.front().startsWith("id,"));
    // Positions to the centimetre (UTM northings have 7 digits) and the distance agreeing with
    // them: peak_distance_m is the distance from (easting, northing) to (peak_x, peak_y).
    for (int row = 1; row < lines.size(); ++row) {
        const QStringList f = lines[row].split(',');
        QCOMPARE(f.size(), 11);
        QCOMPARE(f[10], QString("1")); // a dense map's best is certain
        const PairRecord& pair = dataset.pairs()[test[row - 1]];
        QCOMPARE(f[0], QString::fromStdString(pair.id));
        QVERIFY2(std::abs(f[1].toDouble() - pair.utm->easting) <= 0.005 &&
                     std::abs(f[2].toDouble() - pair.utm->northing) <= 0.005,
                 qPrintable(lines[row]));
        const double distance =
            std::hypot(f[3].toDouble() - f[1].toDouble(), f[4].toDouble() - f[2].toDouble());
        QVERIFY2(std::abs(distance - f[6].toDouble()) <= 0.02, qPrintable(lines[row]));
    }
}

void TestHeatMap::cliExplainsBadInput() {
    const QString run = mDir.filePath("run-a");
    CliResult r =
        runCli({"heatmap", "--run", run, "--checkpoint", QString::fromStdString(mWeights),
                "--preset", "tiny", "--dataset", QString::fromStdString(mWorld.root), "--split",
                "test", "--query", "no-such-id", "--out", mDir.filePath("x.tif"), "--quiet"});
    QVERIFY(r.exitCode != 0);
    QVERIFY2(r.err.contains("no-such-id"), qPrintable(r.err));
    r = runCli({"heatmap", "--run", run, "--dataset", QString::fromStdString(mWorld.root),
                "--split", "test", "--query", "all", "--png", "x.png"});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains("--png"), qPrintable(r.err));
    // Each tile is described alone: batch statistics would make no sense.
    r = runCli({"heatmap", "--run", run, "--checkpoint", QString::fromStdString(mWeights), "--bn",
                "original", "--dataset", QString::fromStdString(mWorld.root), "--split", "test",
                "--query", "all", "--quiet"});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains("original"), qPrintable(r.err));
    // A run folder without checkpoints names itself.
    r = runCli({"heatmap", "--run", run, "--dataset", QString::fromStdString(mWorld.root),
                "--split", "test", "--query", "all", "--quiet"});
    QVERIFY(r.exitCode != 0);
    QVERIFY2(r.err.contains("run-a"), qPrintable(r.err));
}

void TestHeatMap::subsampledGridIsCellsOfTheFineGrid() {
    const HeatMapGrid fine = HeatMapGrid::over(*mRaster, 10, 60, 64); // 27 x 27
    QCOMPARE(fine.cols, 27);
    const HeatMapGrid coarse = fine.subsampled(4);
    // 26 = 6·4 + 2: one cell of margin on each side, 7 coarse places per side.
    QCOMPARE(fine.subsampleOffset(4), cv::Point(1, 1));
    QCOMPARE(coarse.cols, 7);
    QCOMPARE(coarse.rows, 7);
    QCOMPARE(coarse.spacing, 40.0);
    for (const auto& [c, r] : {std::pair{0, 0}, std::pair{6, 2}, std::pair{3, 6}})
        QVERIFY(cv::norm(coarse.centre(c, r) - fine.centre(1 + 4 * c, 1 + 4 * r)) < 1e-9);
    QCOMPARE(fine.subsampled(1).cellCount(), fine.cellCount());
}

namespace {

//! A model whose similarity falls smoothly with distance, as a trained model's does near its
//! peak: a tile's descriptor is the angle of its mean green (east) and red (north) value on a
//! raster whose green grows eastwards and red northwards, so two tiles' similarity is
//! (cos Δθx + cos Δθy) / 2, 1 only for the same place.
class SmoothModel : public DescriptorModel {
public:
    cv::Mat describe(Branch, const TensorBuffer& input) override {
        const int n = static_cast<int>(input.shape[0]);
        const size_t plane = static_cast<size_t>(input.shape[2] * input.shape[3]);
        const size_t per = static_cast<size_t>(input.shape[1]) * plane;
        cv::Mat out(n, 4, CV_32F);
        for (int i = 0; i < n; ++i) {
            double green = 0, red = 0;
            for (size_t k = 0; k < plane; ++k) {
                green += input.data[static_cast<size_t>(i) * per + plane + k];
                red += input.data[static_cast<size_t>(i) * per + 2 * plane + k];
            }
            const double x = 1.5 * green / plane, y = 1.5 * red / plane;
            out.at<float>(i, 0) = static_cast<float>(std::cos(x) / std::sqrt(2.0));
            out.at<float>(i, 1) = static_cast<float>(std::sin(x) / std::sqrt(2.0));
            out.at<float>(i, 2) = static_cast<float>(std::cos(y) / std::sqrt(2.0));
            out.at<float>(i, 3) = static_cast<float>(std::sin(y) / std::sqrt(2.0));
        }
        return out;
    }
};

} // namespace

void TestHeatMap::coarseToFineFindsTheDensePeak() {
    // A 320 m raster at 1 m, green growing eastwards, red northwards, in the world's CRS.
    const cv::Rect2d e = mRaster->extent();
    cv::Mat pixels(320, 320, CV_8UC3);
    for (int r = 0; r < 320; ++r)
        for (int c = 0; c < 320; ++c)
            pixels.at<cv::Vec3b>(r, c) = cv::Vec3b(90, static_cast<uchar>(c * 255 / 319),
                                                   static_cast<uchar>((319 - r) * 255 / 319));
    const std::string raster = mDir.filePath("gradient.tif").toStdString();
    GeoTiff::write(raster, pixels, GeoTransform{e.x, e.y + e.height, 1.0}, 32755);
    HeatMapEngine::Settings s = settings(mDir.filePath("run-s"), 10); // 27 x 27 places
    s.raster = raster;
    s.coarseStep = 4; // 7 x 7 coarse places
    s.refinePeaks = 3;
    // The windows and the climb alone (no bound): on a smooth map they find the dense peak.
    s.refineBudget = 0;
    const InputPreset preset = InputPreset::byName("tiny");
    auto engine = [&](bool dense) {
        s.dense = dense;
        Feedback feedback;
        return std::make_unique<HeatMapEngine>(s, std::make_unique<SmoothModel>(), preset,
                                               OrientationMode::Input, 4, "smooth", feedback);
    };
    const auto dense = engine(true);
    const auto fine = engine(false);
    const HeatMapGrid& grid = dense->grid();
    QCOMPARE(grid.cols, 27);
    QCOMPARE(fine->grid().cellCount(), grid.cellCount());
    QCOMPARE(fine->buildStats().described, size_t(49));
    const double separation = std::max(grid.footprint / 4, 2 * grid.spacing);
    size_t described = 0, refined = 0;
    // A query at every 11th place, on coarse places and between them, borders included.
    for (size_t cell = 0; cell < grid.cellCount(); cell += 11) {
        const cv::Mat query = dense->cache().descriptors().row(static_cast<int>(cell)).clone();
        const HeatMap d = dense->query(query);
        const HeatMap f = fine->query(query);
        described += fine->lastQuery().described;
        refined += f.describedCount() - 49;
        const HeatMapPeak best = d.peaks(1, separation).front();
        const HeatMapPeak found = f.peaks(1, separation).front();
        QCOMPARE(size_t(best.row) * grid.cols + best.col, cell);
        QVERIFY2(found.col == best.col && found.row == best.row,
                 qPrintable(QString("place %1: dense peak (%2, %3), coarse to fine (%4, %5)")
                                .arg(cell)
                                .arg(best.col)
                                .arg(best.row)
                                .arg(found.col)
                                .arg(found.row)));
        QCOMPARE(*f.rankOf(grid.centre(cell)), size_t(0));
        QVERIFY(std::abs(found.score - best.score) < 1e-6);
        QVERIFY(!f.isDense() && f.describedCount() < grid.cellCount() / 4);
    }
    // Each place was described once, though the queries' refinements overlap.
    QCOMPARE(fine->refinements().size(), described);
    QVERIFY2(refined > described, qPrintable(QString("%1 %2").arg(refined).arg(described)));
}

void TestHeatMap::coarseToFineScoresDescribedPlacesAsTheDenseMap() {
    // The refinements are the dense map's tiles: cut, preprocessed and described alike.
    Feedback feedback;
    HeatMapEngine dense(settings(mDir.filePath("run-a")), feedback);
    HeatMapEngine::Settings s = settings(mDir.filePath("run-a"), 20, false);
    s.coarseStep = 3; // 5 x 5 coarse places
    HeatMapEngine fine(s, feedback);
    QCOMPARE(fine.cache().grid().cellCount(), size_t(25));
    QCOMPARE(fine.buildStats().described, size_t(25));
    const Dataset dataset = Dataset::open(mWorld.root);
    const PairRecord& pair = dataset.pairs().front();
    const HeatMap d = dense.query(pair);
    const HeatMap f = fine.query(pair);
    QVERIFY(fine.lastQuery().described > 0);
    QCOMPARE(f.describedCount(), fine.lastQuery().described + 25);
    double worst = 0;
    for (int r = 0; r < f.grid().rows; ++r)
        for (int c = 0; c < f.grid().cols; ++c)
            if (f.described().at<uchar>(r, c))
                worst = std::max(worst, std::abs(static_cast<double>(f.scores().at<float>(r, c)) -
                                                 d.scores().at<float>(r, c)));
    QVERIFY2(worst < 1e-5, qPrintable(QString::number(worst)));
    // The truth's rank: among every place, with the score of the described place nearest to
    // the truth (its own when described).
    const cv::Point2d truth(pair.utm->easting, pair.utm->northing);
    QVERIFY(f.rankOf(truth).has_value());
    const cv::Point2d cell = f.grid().cellOf(truth);
    const int c = static_cast<int>(std::lround(cell.x)), r = static_cast<int>(std::lround(cell.y));
    if (f.described().at<uchar>(r, c))
        QVERIFY(std::abs(f.truthScore(truth) - d.scoreAt(truth)) < 1e-5);
}

void TestHeatMap::refinementsSharedByQueriesAreDescribedOnce() {
    Feedback feedback;
    HeatMapEngine::Settings s = settings(mDir.filePath("run-a"), 20, false);
    s.coarseStep = 3;
    s.refinePeaks = 3;
    HeatMapEngine engine(s, feedback);
    QCOMPARE(engine.buildStats().described, size_t(0)); // the coarse cache of the test above
    const HeatMapGrid& grid = engine.grid();
    const cv::Point offset = grid.subsampleOffset(3);
    auto refinedOf = [&](const HeatMap& map) {
        // Described places that are not coarse ones.
        std::set<size_t> cells;
        for (int r = 0; r < grid.rows; ++r)
            for (int c = 0; c < grid.cols; ++c)
                if (map.described().at<uchar>(r, c) &&
                    !((c - offset.x) % 3 == 0 && (r - offset.y) % 3 == 0 && c >= offset.x &&
                      r >= offset.y))
                    cells.insert(static_cast<size_t>(r) * grid.cols + c);
        return cells;
    };
    // Two neighbouring coarse places as queries: their refinements overlap.
    const cv::Mat a = engine.cache().descriptors().row(6).clone(); // coarse (1, 1)
    const cv::Mat b = engine.cache().descriptors().row(7).clone(); // coarse (2, 1)
    const std::set<size_t> first = refinedOf(engine.query(a));
    QCOMPARE(engine.lastQuery().described, first.size());
    QVERIFY(!first.empty());
    const size_t calls = engine.refinements().modelCalls();
    QVERIFY(calls > 0);
    // The same query again describes nothing and calls no model.
    const std::set<size_t> again = refinedOf(engine.query(a));
    QCOMPARE(again, first);
    QCOMPARE(engine.lastQuery().described, size_t(0));
    QCOMPARE(engine.refinements().modelCalls(), calls);
    // Another query describes only what the first did not.
    const std::set<size_t> second = refinedOf(engine.query(b));
    std::vector<size_t> shared, fresh;
    std::set_intersection(first.begin(), first.end(), second.begin(), second.end(),
                          std::back_inserter(shared));
    std::set_difference(second.begin(), second.end(), first.begin(), first.end(),
                        std::back_inserter(fresh));
    QVERIFY2(!shared.empty(), "the test needs overlapping refinements");
    QCOMPARE(engine.lastQuery().described, fresh.size());
    QCOMPARE(engine.refinements().size(), first.size() + fresh.size());
}

void TestHeatMap::certifiedBestIsTheDenseBestAndTheBudgetStops() {
    // The untrained model's maps are rough: many near-equal peaks, so the bound has work.
    Feedback feedback;
    HeatMapEngine dense(settings(mDir.filePath("run-a")), feedback);
    HeatMapEngine::Settings s = settings(mDir.filePath("run-a"), 20, false);
    s.coarseStep = 3; // 5 x 5 coarse places of 14 x 14
    s.refinePeaks = 2;
    s.refineBudget = 1; // refine until certain
    s.rankSample = 0;   // the budgets below count the bound's refinements alone
    HeatMapEngine certain(s, feedback);
    s.refineBudget = 0; // the peaks' windows and the climb only
    HeatMapEngine peaksOnly(s, feedback);
    s.refineBudget = 0.1; // at most ~20 places beyond the windows' (plus one cell)
    HeatMapEngine budgeted(s, feedback);
    const HeatMapGrid& grid = dense.grid();
    const size_t coarse = certain.cache().grid().cellCount();
    const double separation = std::max(grid.footprint / 4, 2 * grid.spacing);
    const Dataset dataset = Dataset::open(mWorld.root);
    int certifiedCount = 0, spent = 0, beyondPeaks = 0;
    for (const PairRecord& pair : dataset.pairs()) {
        const cv::Point2d truth(pair.utm->easting, pair.utm->northing);
        const HeatMap d = dense.query(pair);
        const HeatMap f = certain.query(pair, truth);
        const HeatMapEngine::QueryStats stats = certain.lastQuery();
        // With the whole grid as budget the bound is always met (at worst every place).
        QVERIFY(stats.certified && !stats.budgetSpent);
        ++certifiedCount;
        const HeatMapPeak best = d.peaks(1, separation).front();
        const HeatMapPeak found = f.peaks(1, separation).front();
        QVERIFY2(std::abs(found.score - best.score) < 1e-5 &&
                     f.described().at<uchar>(found.row, found.col),
                 qPrintable(QString("%1: dense best (%2, %3) %4, certified (%5, %6) %7, margin %8")
                                .arg(QString::fromStdString(pair.id))
                                .arg(best.col)
                                .arg(best.row)
                                .arg(best.score)
                                .arg(found.col)
                                .arg(found.row)
                                .arg(found.score)
                                .arg(stats.margin)));
        // The truth's own place is scored exactly, so its rank compares its exact score.
        QVERIFY(std::abs(f.truthScore(truth) - d.scoreAt(truth)) < 1e-5);

        const HeatMap p = peaksOnly.query(pair, truth);
        const size_t windows = peaksOnly.lastQuery().exact - coarse;
        const HeatMap b = budgeted.query(pair, truth);
        const HeatMapEngine::QueryStats limited = budgeted.lastQuery();
        QVERIFY(b.describedCount() == limited.exact);
        // Budget 0.1 of 196 places: 20, overshot by at most one coarse cell (4 x 4 places).
        const size_t refined = limited.exact - coarse;
        QVERIFY2(refined <= std::max<size_t>(windows, 20 + 16),
                 qPrintable(QString("%1 refined, %2 by the windows").arg(refined).arg(windows)));
        QVERIFY(refined >= windows);
        QVERIFY(limited.certified != limited.budgetSpent);
        spent += limited.budgetSpent ? 1 : 0;
        beyondPeaks += stats.exact > peaksOnly.lastQuery().exact ? 1 : 0;
        if (limited.certified) {
            const HeatMapPeak within = b.peaks(1, separation).front();
            QVERIFY(std::abs(within.score - best.score) < 1e-5);
        }
    }
    // The rough maps make the bound refine beyond the peaks, and the small budget stop it.
    QVERIFY2(beyondPeaks > 0 && spent > 0,
             qPrintable(QString("%1 queries, %2 refined beyond the peaks, %3 stopped by the budget")
                            .arg(certifiedCount)
                            .arg(beyondPeaks)
                            .arg(spent)));
}

void TestHeatMap::rankCountsUnscoredPlacesBySampledRises() {
    HeatMapGrid grid;
    grid.cols = 3;
    grid.rows = 2;
    grid.spacing = 10;
    grid.originX = 1000;
    grid.originY = 2000;
    // Row 0 scored exactly (0.2, 0.5, 0.8; the truth is the 0.5); row 1 interpolated.
    const cv::Mat scores = (cv::Mat_<float>(2, 3) << 0.2f, 0.5f, 0.8f, 0.45f, 0.3f, 0.1f);
    const cv::Mat described = (cv::Mat_<uchar>(2, 3) << 1, 1, 1, 0, 0, 0);
    const cv::Point2d truth = grid.centre(1, 0);
    // Without rises the interpolated scores count as they are: only 0.8 beats 0.5.
    QCOMPARE(*HeatMap(grid, scores, Crs(), described).rankOf(truth), size_t(1));
    // Rises -0.1, 0.1, 0.25, 0.3 (NaN ignored): 0.45 needs > 0.05 (3 of 4), 0.3 needs > 0.2
    // (2 of 4), 0.1 needs > 0.4 (none): 1 + 0.75 + 0.5 = 2.25, rounded 2.
    const HeatMap sampled(grid, scores, Crs(), described, {0.3f, -0.1f, NAN, 0.25f, 0.1f});
    QCOMPARE(*sampled.rankOf(truth), size_t(2));
    // The best exact place still ranks first: no rise lifts 0.45 over 0.8.
    QCOMPARE(*sampled.rankOf(grid.centre(2, 0)), size_t(0));
}

void TestHeatMap::rankSampleEstimatesTheDenseRank() {
    // Interpolation pulls unscored places towards their coarse neighbours and so misses the
    // isolated ones above the truth; the sampled rises count them. On the untrained model's
    // rough maps the sampled estimate must come nearer the dense rank, summed over the queries.
    Feedback feedback;
    HeatMapEngine dense(settings(mDir.filePath("run-a")), feedback);
    HeatMapEngine::Settings s = settings(mDir.filePath("run-a"), 20, false);
    s.coarseStep = 3;
    s.refinePeaks = 2;
    s.refineBudget = 0;
    s.rankSample = 0;
    HeatMapEngine interpolated(s, feedback);
    s.rankSample = 0.25; // 49 of 196 places
    HeatMapEngine sampled(s, feedback);
    const Dataset dataset = Dataset::open(mWorld.root);
    double interpolatedError = 0, sampledError = 0;
    for (const PairRecord& pair : dataset.pairs()) {
        const cv::Point2d truth(pair.utm->easting, pair.utm->northing);
        const double exact = static_cast<double>(*dense.query(pair).rankOf(truth));
        const HeatMap i = interpolated.query(pair, truth);
        const size_t before = interpolated.lastQuery().exact;
        const HeatMap m = sampled.query(pair, truth);
        // The sample is scored beyond the refinement, exactly 49 places (or all left).
        QCOMPARE(sampled.lastQuery().exact,
                 std::min(before + 49, static_cast<size_t>(dense.grid().cellCount())));
        interpolatedError += std::abs(static_cast<double>(*i.rankOf(truth)) - exact);
        sampledError += std::abs(static_cast<double>(*m.rankOf(truth)) - exact);
    }
    qInfo("summed rank error: sampled %g, interpolated %g", sampledError, interpolatedError);
    QVERIFY2(sampledError < interpolatedError,
             qPrintable(QString("summed rank error: sampled %1, interpolated %2")
                            .arg(sampledError)
                            .arg(interpolatedError)));
}

namespace {

//! Counts the model calls and the tiles in them; describes a tile by its mean value.
class CountingModel : public DescriptorModel {
public:
    cv::Mat describe(Branch, const TensorBuffer& input) override {
        ++calls;
        const int n = static_cast<int>(input.shape[0]);
        tiles += static_cast<size_t>(n);
        const size_t per = input.count() / static_cast<size_t>(n);
        cv::Mat out(n, 4, CV_32F, cv::Scalar(1));
        for (int i = 0; i < n; ++i) {
            double sum = 0;
            for (size_t k = 0; k < per; ++k)
                sum += input.data[static_cast<size_t>(i) * per + k];
            out.at<float>(i, 0) = static_cast<float>(sum / per);
            const cv::Mat row = out.row(i);
            row /= cv::norm(row);
        }
        return out;
    }
    int calls = 0;
    size_t tiles = 0;
};

} // namespace

void TestHeatMap::refinementCacheCallsTheModelOncePerNewBatch() {
    const HeatMapGrid grid = HeatMapGrid::over(*mRaster, 20, 60, 64);
    const InputPreset preset = InputPreset::byName("tiny");
    const Preprocessor preprocessor(preset, OrientationMode::Input, DatasetLayout::Csv);
    CountingModel model;
    RefinementCache cache(grid, 4);
    QCOMPARE(cache.describe({3, 4, 5}, model, preprocessor, *mRaster), size_t(3));
    QCOMPARE(model.calls, 1);
    // Known places are not described again; a duplicate counts once, a cell beyond the grid
    // not at all; the new ones go in batches of 4.
    QCOMPARE(cache.describe({4, 5, 6, 6, 7, 8, 9, 10, 11, 100000}, model, preprocessor, *mRaster),
             size_t(6));
    QCOMPARE(model.calls, 3);
    QCOMPARE(model.tiles, size_t(9));
    QCOMPARE(cache.describe({3, 11}, model, preprocessor, *mRaster), size_t(0));
    QCOMPARE(model.calls, 3);
    QCOMPARE(cache.modelCalls(), size_t(3));
    QCOMPARE(cache.size(), size_t(9));
    // A place's score is that of its own descriptor: the tile cut at that cell.
    TensorBuffer buffer;
    buffer.shape = {1, preprocessor.channels(), preset.satelliteSize, preset.satelliteSize};
    buffer.data.resize(buffer.count());
    Preprocessor::copyToBuffer(
        preprocessor.satellite(mRaster->cutTile(grid.centre(size_t(7)), 64, 60)), buffer, 0);
    const cv::Mat own = model.describe(Branch::Satellite, buffer);
    QVERIFY(std::abs(cache.score(7, own) - 1.0f) < 1e-6);
    QVERIFY(cache.contains(7) && !cache.contains(12));
}

QTEST_MAIN(TestHeatMap)
#include "tst_heatmap.moc"
