#include "choices.h"
#include "clicommand.h"
#include "commands.h"
#include "singleimagemodeloptions.h"

#include "common/atomicfile.h"
#include "common/error.h"
#include "common/feedback.h"
#include "common/runtimeinfo.h"
#include "common/textformat.h"
#include "dataset/dataset.h"
#include "geo/positionprojector.h"
#include "geo/rastersource.h"
#include "heatmap/heatmapengine.h"
#include "model/normalization.h"
#include "run/runfolder.h"
#include "synth/syntheticworld.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonObject>

#include <opencv2/imgcodecs.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <sstream>

namespace orinet::cli {

namespace {

//! The summary's first columns: what tells a summary this command wrote from a user's CSV.
constexpr const char* kSummaryHeader = "id,easting,northing,peak_x,peak_y";

struct Located {
    std::optional<cv::Point2d> truth; //!< map units
    std::vector<HeatMapPeak> peaks;
    std::optional<size_t> truthRank;
    double peakDistance = NAN; //!< metres from the best peak to the truth
};

Located locate(const HeatMap& map, const std::optional<cv::Point2d>& truth, int peakCount,
               double separation, double unitsPerMetre) {
    Located out;
    out.truth = truth;
    out.peaks = map.peaks(peakCount, separation);
    if (truth) {
        out.truthRank = map.rankOf(*truth);
        if (!out.peaks.empty())
            out.peakDistance = std::hypot(out.peaks.front().position.x - truth->x,
                                          out.peaks.front().position.y - truth->y) /
                               unitsPerMetre;
    }
    return out;
}

} // namespace

int runHeatmap(const QStringList& args) {
    CliCommand cmd("heatmap",
                   "Where does the model think a panorama was taken? Describes tiles cut from the "
                   "base GeoTIFF on a regular grid (once per run and checkpoint, cached in the "
                   "run folder, resumable) and writes the query's similarity to every place as "
                   "a float32 GeoTIFF in the raster's CRS (QGIS opens it), plus a PNG with "
                   "--png. With --query all: every query of the split, and the share whose "
                   "best peak lies within --within metres of the truth. Every place is described "
                   "(the dense map, exact) unless --coarse-to-fine: one place in --coarse-step "
                   "along each axis up front, then the places around each query's best coarse "
                   "peaks, then the coarse cells whose bound reaches the best exact score until "
                   "none does (certified) or --refine-budget is spent; faster for a first map, "
                   "but a best peak that is not certified can differ from the dense map's "
                   "(docs/heatmap.md). A run made with import-model --torchscript works alike.");
    cmd.addOption("run", "run folder (its checkpoint; the cache goes to RUN/heatmap/)", "dir");
    SingleImageModelOptions::add(cmd);
    cmd.addOption("dataset", "dataset folder", "dir");
    cmd.addOption("layout", alternatives(enumChoices<DatasetLayout>()), "layout", "auto");
    cmd.addOption("split", "split of the query", "name");
    cmd.addOption("query", "pair id of the query panorama, or 'all'", "id");
    cmd.addOption("out", "heat map GeoTIFF (float32, NaN where not scored)", "file");
    cmd.addOption("png", "also a picture: raster, heat map, peaks and the truth", "file");
    cmd.addOption("summary", "with --query all: per-query CSV (peak, distance, truth rank)",
                  "file");
    cmd.addOption("raster", "base raster (default: the synthetic world's world.tif)", "file");
    cmd.addOption("spacing", "metres between places (default: footprint / 10)", "m");
    cmd.addOption("footprint", "tile side in metres (default: the synthetic world's)", "m");
    cmd.addOption("tile-size", "pixels a tile is cut at (default: the dataset's)", "px");
    cmd.addFlag("dense", "describe every place up front (the dense map; the default)");
    cmd.addFlag("coarse-to-fine",
                "describe coarse places up front and refine around each query's peaks "
                "(approximate)");
    const HeatMapEngine::Settings defaults;
    cmd.addOption("coarse-step",
                  "coarse to fine: one place in N along each axis is described up front", "N",
                  QString::number(defaults.coarseStep));
    cmd.addOption("refine-peaks", "coarse to fine: best coarse peaks refined per query", "K",
                  QString::number(defaults.refinePeaks));
    cmd.addOption("refine-budget",
                  "coarse to fine: after the peaks, refine the coarse cells whose bound reaches "
                  "the best exact score until none does (certified) or this share of all places "
                  "is scored exactly per query; 0: only the peaks and the climb",
                  "S", QString::number(defaults.refineBudget));
    cmd.addOption("refine-margin",
                  "coarse to fine: the bound's margin is F times the largest rise of an exact "
                  "score over its interpolation among the query's refined places",
                  "F", QString::number(defaults.marginFactor));
    cmd.addOption("rank-sample",
                  "coarse to fine: this share of all places, drawn at random among those left "
                  "unscored, is scored too, and how far their scores rose above the "
                  "interpolation estimates the truth's rank; 0: unscored places count by their "
                  "interpolated score",
                  "S", QString::number(defaults.rankSample));
    cmd.addOption("peaks", "peaks to list", "K", "5");
    cmd.addOption("within", "distance that counts as found, metres", "m", "25");
    cmd.addOption("batch", "tiles per batch", "B", "32");
    cmd.addOption("threads", "LibTorch threads (0: all cores or ORINET_THREADS)", "T", "0");
    cmd.addOutputOptions();
    if (!cmd.parse(args))
        return 0;
    const QString run = cmd.required("run");
    const std::string datasetDir = cmd.required("dataset").toStdString();
    const std::string split = cmd.required("split").toStdString();
    const QString queryId = cmd.required("query");
    const bool all = queryId == "all";
    if (!all && !cmd.isSet("out"))
        throw UsageError("give --out for the heat map GeoTIFF");
    if (all && cmd.isSet("png"))
        throw UsageError("--png needs one --query");
    // Every output is checked before the long work: a file of the user's is never replaced.
    const OutputTarget::FileKind summaryKind =
        OutputTarget::text("heat-map summary CSV", kSummaryHeader);
    if (cmd.isSet("out"))
        OutputTarget::checkFile(cmd.value("out").toStdString(), OutputTarget::tiff());
    if (cmd.isSet("png"))
        OutputTarget::checkFile(cmd.value("png").toStdString(), OutputTarget::png());
    if (cmd.isSet("summary"))
        OutputTarget::checkFile(cmd.value("summary").toStdString(), summaryKind);
    const Normalization normalization = SingleImageModelOptions::normalization(cmd);
    // A run made from another method's TorchScript model describes with it (its card's input;
    // its own BatchNorm, so --bn does not apply).
    const RunFolder runFolder(run.toStdString());
    const bool scripted = SingleImageModelOptions::fromRun(cmd) && runFolder.hasScriptedModel();
    const std::string checkpoint =
        scripted ? runFolder.scriptedModelFile() : SingleImageModelOptions::checkpoint(cmd, run);
    const int peakCount = cmd.intValue("peaks", 1, 100);
    const double within = cmd.doubleValue("within", 0, 1e6);
    const DatasetLayout layout = cmd.enumValue<DatasetLayout>("layout");
    runtime::configureThreads(cmd.intValue("threads", 0, 1024));

    const Dataset dataset = Dataset::open(datasetDir, layout);
    const std::vector<size_t>& rows = dataset.split(split);
    std::vector<size_t> queries;
    if (all) {
        queries = rows;
    } else {
        for (size_t i : rows)
            if (dataset.pairs()[i].id == queryId.toStdString())
                queries.push_back(i);
        if (queries.empty())
            throw Error(dataset.indexPath(), "split '" + split + "' has no pair with id '" +
                                                 queryId.toStdString() + "'");
    }

    HeatMapEngine::Settings settings;
    settings.checkpoint = checkpoint;
    settings.runDirectory = run.toStdString();
    settings.raster = cmd.isSet("raster") ? cmd.value("raster").toStdString()
                                          : SyntheticWorld::imageBeside(dataset.root());
    if (settings.raster.empty())
        throw UsageError("the dataset has no world.tif beside it; give --raster");
    settings.layout = dataset.layout();
    const TileGeometry tiles = HeatMapEngine::tileGeometryFor(dataset);
    settings.footprintMetres =
        cmd.isSet("footprint") ? cmd.doubleValue("footprint", 1e-3, 1e6) : tiles.footprintMetres;
    settings.tileSize =
        cmd.isSet("tile-size") ? cmd.intValue("tile-size", 8, 8192) : tiles.tileSize;
    if (cmd.isSet("spacing"))
        settings.spacingMetres = cmd.doubleValue("spacing", 1e-3, 1e6);
    settings.batchSize = static_cast<size_t>(cmd.intValue("batch", 1, 4096));
    settings.fallbackPreset = SingleImageModelOptions::fallbackPreset(cmd);
    settings.normalization = normalization;
    if (scripted)
        settings.modelCard = runFolder.modelCardFile();
    if (cmd.isSet("dense") && cmd.isSet("coarse-to-fine"))
        throw UsageError("--dense and --coarse-to-fine exclude each other");
    settings.dense = !cmd.isSet("coarse-to-fine");
    settings.coarseStep = cmd.intValue("coarse-step", 2, 64);
    settings.refinePeaks = cmd.intValue("refine-peaks", 1, 100);
    settings.refineBudget = cmd.doubleValue("refine-budget", 0, 1);
    settings.marginFactor = cmd.doubleValue("refine-margin", 0, 1e3);
    settings.rankSample = cmd.doubleValue("rank-sample", 0, 1);
    if (!(settings.footprintMetres > 0))
        throw UsageError("the tile footprint of this dataset is not known; give --footprint M");

    Feedback feedback;
    cmd.progress().attach(feedback);
    HeatMapEngine engine(settings, feedback);
    if (!engine.note().empty())
        std::fprintf(stderr, "note: %s\n", engine.note().c_str());
    const HeatMapGrid& grid = engine.grid();
    const HeatMapGrid& cachedGrid = engine.cache().grid();
    const HeatMapCache::BuildStats& stats = engine.buildStats();
    const double metres = 1.0 / engine.unitsPerMetre();
    QJsonObject& result = cmd.result();
    result["grid"] = QJsonObject{{"cols", grid.cols},
                                 {"rows", grid.rows},
                                 {"spacing_m", grid.spacing * metres},
                                 {"footprint_m", grid.footprint * metres},
                                 {"tile_size", grid.tileSize},
                                 {"crs", QString::fromStdString(engine.raster().crs().label())}};
    result["mode"] = engine.isDense() ? "dense" : "coarse-to-fine";
    result["model"] = QString::fromStdString(engine.modelName());
    if (!engine.isDense())
        result["coarse"] = QJsonObject{{"cols", cachedGrid.cols},
                                       {"rows", cachedGrid.rows},
                                       {"step", settings.coarseStep},
                                       {"refine_peaks", settings.refinePeaks},
                                       {"refine_budget", settings.refineBudget},
                                       {"refine_margin", settings.marginFactor},
                                       {"rank_sample", settings.rankSample}};
    result["cache"] = QJsonObject{
        {"folder", QString::fromStdString(engine.cache().folder())},
        {"bytes", static_cast<double>(engine.cache().bytes())},
        {"described", static_cast<double>(stats.described)},
        {"resumed_at", static_cast<double>(stats.resumedAt)},
        {"seconds", stats.seconds},
        {"tiles_per_second", stats.seconds > 0 ? stats.described / stats.seconds : 0.0}};
    {
        cmd.print("grid: %d x %d places, %.3g m apart, %.3g m tiles cut at %d px (%s)\n", grid.cols,
                  grid.rows, grid.spacing * metres, grid.footprint * metres, grid.tileSize,
                  engine.raster().crs().label().c_str());
        if (engine.isDense())
            cmd.print("places: dense, every place of the grid (model: %s)\n",
                      engine.modelName().c_str());
        else
            cmd.print("places: coarse to fine, %d x %d coarse places (every %d), refined around "
                      "the best %d coarse peaks of each query, then by the bound (margin %g x "
                      "the largest rise) up to %.3g %% of the places (model: %s)\n",
                      cachedGrid.cols, cachedGrid.rows, settings.coarseStep, settings.refinePeaks,
                      settings.marginFactor, 100 * settings.refineBudget,
                      engine.modelName().c_str());
        if (stats.described > 0)
            cmd.print("cache: described %zu tiles in %.1f s (%.1f tiles/s)%s, %.1f MB in %s\n",
                      stats.described, stats.seconds, stats.described / stats.seconds,
                      stats.resumedAt ? " after resuming" : "", engine.cache().bytes() / 1e6,
                      engine.cache().folder().c_str());
        else
            cmd.print("cache: %.1f MB in %s\n", engine.cache().bytes() / 1e6,
                      engine.cache().folder().c_str());
    }

    PositionProjector projector(engine.raster().crs());
    const double separation = std::max(grid.footprint / 4, 2 * grid.spacing);
    QJsonArray perQuery;
    std::ostringstream csv;
    csv << kSummaryHeader
        << ",peak_score,peak_distance_m,truth_rank,truth_score,places_exact,certified\n";
    size_t found = 0, located = 0, certified = 0;
    std::vector<double> distances;
    double queryMs = 0;
    size_t refinedPlaces = 0, exactPlaces = 0;
    for (size_t index : queries) {
        feedback.checkCanceled();
        const PairRecord& pair = dataset.pairs()[index];
        const auto start = std::chrono::steady_clock::now();
        // The truth's place is scored exactly too (coarse to fine), for its rank.
        const std::optional<cv::Point2d> truth = projector.project(pair);
        const HeatMap map = engine.query(pair, truth);
        queryMs +=
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                .count();
        refinedPlaces += engine.lastQuery().described;
        exactPlaces += engine.lastQuery().exact;
        certified += engine.lastQuery().certified ? 1 : 0;
        const Located where = locate(map, truth, peakCount, separation, engine.unitsPerMetre());
        if (where.truth && where.truthRank) {
            ++located;
            distances.push_back(where.peakDistance);
            found += where.peakDistance <= within ? 1 : 0;
        }
        const float truthScore = where.truth ? map.truthScore(*where.truth) : NAN;
        if (all) {
            const HeatMapPeak best = where.peaks.empty() ? HeatMapPeak{} : where.peaks.front();
            // Fixed decimals: the stream's default 6 significant digits would round a UTM
            // northing (6,089,666.93) to 100 m.
            auto fixed = [](double v, int decimals) {
                char buffer[48];
                std::snprintf(buffer, sizeof buffer, "%.*f", decimals, v);
                return std::string(buffer);
            };
            csv << text::csvField(pair.id) << "," << fixed(pair.utm ? pair.utm->easting : NAN, 2)
                << "," << fixed(pair.utm ? pair.utm->northing : NAN, 2) << ","
                << fixed(best.position.x, 2) << "," << fixed(best.position.y, 2) << ","
                << fixed(best.score, 6) << "," << fixed(where.peakDistance, 2) << ","
                << (where.truthRank ? static_cast<long long>(*where.truthRank) : -1) << ","
                << fixed(truthScore, 6) << "," << engine.lastQuery().exact << ","
                << (engine.lastQuery().certified ? 1 : 0) << "\n";
            continue;
        }
        map.writeGeoTiff(cmd.value("out").toStdString());
        if (cmd.isSet("png")) {
            const cv::Mat picture = map.renderPicture(engine.raster(), where.peaks, where.truth);
            const std::string png = cmd.value("png").toStdString();
            std::vector<uchar> bytes;
            if (!cv::imencode(".png", picture, bytes))
                throw Error(png, "cannot encode the picture");
            AtomicFile::writeAll(png, std::string(bytes.begin(), bytes.end()), OutputTarget::png());
        }
        QJsonArray peaks;
        for (const HeatMapPeak& p : where.peaks) {
            const double d = where.truth ? std::hypot(p.position.x - where.truth->x,
                                                      p.position.y - where.truth->y) *
                                               metres
                                         : NAN;
            peaks.append(
                QJsonObject{{"x", p.position.x},
                            {"y", p.position.y},
                            {"score", p.score},
                            {"distance_m", std::isfinite(d) ? QJsonValue(d) : QJsonValue()}});
        }
        result["query"] = QString::fromStdString(pair.id);
        result["places_described"] = static_cast<double>(engine.lastQuery().described);
        result["places_scored_exactly"] = static_cast<double>(engine.lastQuery().exact);
        result["certified"] = engine.lastQuery().certified;
        result["budget_spent"] = engine.lastQuery().budgetSpent;
        result["margin"] = engine.lastQuery().margin;
        result["peaks"] = peaks;
        if (where.truthRank) {
            result["truth_rank"] = static_cast<double>(*where.truthRank);
            result["truth_score"] = truthScore;
        }
        {
            const auto [low, high] = map.range();
            cmd.print("query %s: scores %.3f .. %.3f; wrote %s%s%s\n", pair.id.c_str(), low, high,
                      cmd.value("out").toUtf8().constData(), cmd.isSet("png") ? " and " : "",
                      cmd.isSet("png") ? cmd.value("png").toUtf8().constData() : "");
            if (!engine.isDense())
                cmd.print("  coarse to fine: %zu of %zu places scored exactly, %zu of them "
                          "described for this query; best place %s (margin %.4f)\n",
                          engine.lastQuery().exact, grid.cellCount(), engine.lastQuery().described,
                          engine.lastQuery().certified     ? "certified"
                          : engine.lastQuery().budgetSpent ? "not certified, the budget ran out"
                                                           : "not certified",
                          engine.lastQuery().margin);
            cmd.print("  #  %14s %14s  score   from truth\n", "x", "y");
            for (size_t k = 0; k < where.peaks.size(); ++k) {
                const HeatMapPeak& p = where.peaks[k];
                const double d = where.truth ? std::hypot(p.position.x - where.truth->x,
                                                          p.position.y - where.truth->y) *
                                                   metres
                                             : NAN;
                cmd.print("  %d  %14.1f %14.1f  %.4f  %8.1f m\n", static_cast<int>(k + 1),
                          p.position.x, p.position.y, p.score, d);
            }
            if (where.truthRank)
                cmd.print("  truth: score %.4f, %zu of %zu places score higher\n", truthScore,
                          *where.truthRank, grid.cellCount());
            else if (where.truth)
                cmd.print("  truth: outside the grid\n");
        }
    }
    result["query_ms"] = queryMs / std::max<size_t>(1, queries.size());
    result["refined_places"] = static_cast<double>(refinedPlaces);
    result["refinement_model_calls"] = static_cast<double>(engine.refinements().modelCalls());
    if (all) {
        std::sort(distances.begin(), distances.end());
        const double fraction = located ? static_cast<double>(found) / located : NAN;
        const double medianDistance = distances.empty() ? NAN : distances[distances.size() / 2];
        result["queries"] = static_cast<double>(queries.size());
        result["located"] = static_cast<double>(located);
        result["within_m"] = within;
        result["peak_within"] = fraction;
        result["median_peak_distance_m"] = medianDistance;
        result["certified"] = static_cast<double>(certified);
        if (cmd.isSet("summary"))
            AtomicFile::writeAll(cmd.value("summary").toStdString(), csv.str(), summaryKind);
        cmd.print("%zu queries of '%s' (%zu inside the grid): best peak within %.0f m of "
                  "the truth for %.1f %%, median distance %.1f m; %.1f ms per query\n",
                  queries.size(), split.c_str(), located, within, 100 * fraction, medianDistance,
                  queryMs / std::max<size_t>(1, queries.size()));
        if (!engine.isDense())
            cmd.print("coarse to fine: %zu places described up front and %zu for the queries "
                      "(%.1f per query; %zu scored exactly per query), of %zu places; best place "
                      "certified for %zu of %zu queries\n",
                      cachedGrid.cellCount(), refinedPlaces,
                      static_cast<double>(refinedPlaces) / std::max<size_t>(1, queries.size()),
                      exactPlaces / std::max<size_t>(1, queries.size()), grid.cellCount(),
                      certified, queries.size());
    }
    return cmd.finish();
}

} // namespace orinet::cli
