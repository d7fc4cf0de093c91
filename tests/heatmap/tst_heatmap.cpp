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

private:
    HeatMapEngine::Settings settings(const QString& run, double spacing = 20) const;

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

HeatMapEngine::Settings TestHeatMap::settings(const QString& run, double spacing) const {
    HeatMapEngine::Settings s;
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
    CliResult r =
        runCli({"heatmap", "--run", run, "--checkpoint", QString::fromStdString(mWeights),
                "--preset", "tiny", "--dataset", QString::fromStdString(mWorld.root), "--split",
                "test", "--query", id, "--spacing", "20", "--out", tif, "--png", png});
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
                "test", "--query", "all", "--spacing", "20", "--summary", summary, "--json"});
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
        QCOMPARE(f.size(), 9);
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

QTEST_MAIN(TestHeatMap)
#include "tst_heatmap.moc"
