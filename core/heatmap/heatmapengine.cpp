#include "heatmap/heatmapengine.h"

#include "common/error.h"
#include "common/feedback.h"
#include "dataset/imageheader.h"
#include "dataset/preprocessor.h"
#include "geo/rastersource.h"
#include "model/modelcard.h"
#include "model/orinetdescriptormodel.h"
#include "model/orinetmodel.h"
#include "model/torchscriptmodel.h"
#include "run/checkpoint.h"
#include "synth/syntheticworld.h"

#include <opencv2/core.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <limits>

namespace orinet {

namespace fs = std::filesystem;

namespace {

//! What a model is for a cache: its input preset, orientation mode and how it normalises.
struct ModelIdentity {
    std::string preset;
    std::string orientation;
    std::string normalization;
};

constexpr const char* kTorchScriptNormalization = "torchscript";

//! The places of the heat maps for these settings.
HeatMapGrid fineGridOf(const HeatMapEngine::Settings& settings, const RasterSource& raster) {
    const double unitsPerMetre = 1.0 / raster.crs().linearUnitMetres();
    const double spacing =
        settings.spacingMetres > 0 ? settings.spacingMetres : settings.footprintMetres / 10;
    return HeatMapGrid::over(raster, spacing * unitsPerMetre,
                             settings.footprintMetres * unitsPerMetre, settings.tileSize);
}

//! The grid described up front: every place, or the coarse ones.
HeatMapGrid cachedGridOf(const HeatMapEngine::Settings& settings, const HeatMapGrid& fine) {
    return settings.dense ? fine : fine.subsampled(std::max(2, settings.coarseStep));
}

//! What a cache is made from for these settings and model, over `grid`.
HeatMapSource sourceOf(const HeatMapEngine::Settings& settings, const ModelIdentity& model,
                       const HeatMapGrid& grid) {
    HeatMapSource source;
    // One spelling per file, so the CLI and the GUI find each other's caches.
    std::error_code error;
    source.raster = fs::weakly_canonical(fs::absolute(settings.raster), error).string();
    source.checkpoint = fs::weakly_canonical(fs::absolute(settings.checkpoint), error).string();
    source.preset = model.preset;
    source.orientation = model.orientation;
    source.normalization = model.normalization;
    source.grid = grid;
    return source;
}

ModelIdentity identityOf(const ModelCard& card) {
    return {card.preset().name, toString(card.orientation()), kTorchScriptNormalization};
}

} // namespace

void HeatMapEngine::openRaster(Feedback& feedback) {
    const Settings& settings = mSettings;
    if (!(settings.footprintMetres > 0))
        throw Error(settings.raster, "the tile footprint in metres is not known for this dataset; "
                                     "give it (e.g. --footprint 100)");
    if (settings.tileSize < 1)
        throw Error(settings.raster, "the tile size in pixels is not known for this dataset");
    feedback.report(0.0, "opening the raster");
    mRaster = RasterSource::open(settings.raster);
    const Crs& crs = mRaster->crs();
    if (crs.isGeographic())
        throw Error(settings.raster,
                    "is in a geographic CRS (" + crs.name() +
                        "); a heat map cuts tiles in metres, so warp the raster to a projected "
                        "CRS first (e.g. gdalwarp -t_srs EPSG:326zz for its UTM zone)");
    mUnitsPerMetre = 1.0 / crs.linearUnitMetres();
}

HeatMapEngine::HeatMapEngine(const Settings& settings, std::unique_ptr<DescriptorModel> model,
                             const InputPreset& preset, OrientationMode orientation, int dimension,
                             const std::string& name, Feedback& feedback)
    : mSettings(settings) {
    openRaster(feedback);
    mModel = std::move(model);
    mPreprocessor = std::make_unique<Preprocessor>(preset, orientation, settings.layout);
    mModelName = name;
    describeUpFront(preset.name, toString(orientation), name, dimension, feedback);
}

HeatMapEngine::HeatMapEngine(const Settings& settings, Feedback& feedback)
    : mSettings(settings) {
    openRaster(feedback);
    feedback.report(0.0, "loading the model");
    mNormalization = settings.normalization;
    ModelIdentity identity;
    int dimension = OriNetModel::kDescriptorSize;
    if (!settings.modelCard.empty()) {
        // Another method's model: its own eval-mode BatchNorm, its card's input.
        const ModelCard card = ModelCard::load(settings.modelCard);
        mModel = std::make_unique<TorchScriptModel>(settings.checkpoint, card);
        mPreprocessor =
            std::make_unique<Preprocessor>(card.preset(), card.orientation(), settings.layout);
        identity = identityOf(card);
        dimension = static_cast<int>(card.descriptorDimension);
        mModelName = card.method;
    } else {
        mNative = Checkpoint::loadForSingleImages(settings.checkpoint, settings.fallbackPreset,
                                                  "a heat map describes each panorama alone",
                                                  mNormalization, mNote);
        const ModelConfig& config = mNative->config();
        mPreprocessor =
            std::make_unique<Preprocessor>(config.preset, config.orientation, settings.layout);
        mModel = std::make_unique<OriNetDescriptorModel>(*mNative);
        identity = {config.preset.name, toString(config.orientation), toString(mNormalization)};
        mModelName = "OriNet";
    }
    describeUpFront(identity.preset, identity.orientation, identity.normalization, dimension,
                    feedback);
}

void HeatMapEngine::describeUpFront(const std::string& preset, const std::string& orientation,
                                    const std::string& normalization, int dimension,
                                    Feedback& feedback) {
    const Settings& settings = mSettings;
    const ModelIdentity identity{preset, orientation, normalization};
    mGrid = fineGridOf(settings, *mRaster);
    const HeatMapSource source = sourceOf(settings, identity, cachedGridOf(settings, mGrid));
    HeatMapCache::Options options;
    options.batchSize = settings.batchSize;
    options.dimension = dimension;
    mCache = HeatMapCache::build(*mModel, *mPreprocessor, *mRaster, source,
                                 HeatMapCache::folderFor(settings.runDirectory, source), feedback,
                                 options, &mStats);
    mRefinements = RefinementCache(mGrid, settings.batchSize);
}

HeatMapEngine::~HeatMapEngine() = default;

HeatMap HeatMapEngine::query(const PairRecord& pair) {
    return query(HeatMap::describePanorama(*mModel, *mPreprocessor, pair));
}

HeatMap HeatMapEngine::query(const cv::Mat& groundDescriptor) {
    if (!mSettings.dense)
        return queryCoarseToFine(groundDescriptor);
    mLastQuery = {0, mGrid.cellCount()};
    return HeatMap(mCache.grid(), mCache.scores(groundDescriptor), mRaster->crs());
}

HeatMap HeatMapEngine::queryCoarseToFine(const cv::Mat& query) {
    const HeatMapGrid& fine = mGrid;
    const HeatMapGrid& coarse = mCache.grid();
    const int step = std::max(2, mSettings.coarseStep);
    const cv::Point offset = fine.subsampleOffset(step);
    const int radius = mSettings.refineRadius > 0 ? mSettings.refineRadius : (step + 1) / 2;
    const cv::Mat coarseScores = mCache.scores(query);
    mLastQuery = {};

    // Every place first gets a score interpolated bilinearly from the coarse places (exact at
    // them; beyond the outermost ones the nearest one's), so the map is whole and its maxima
    // lie at described places.
    cv::Mat scores(fine.rows, fine.cols, CV_32F);
    cv::Mat described(fine.rows, fine.cols, CV_8U, cv::Scalar(0));
    auto along = [step](int fineIndex, int origin, int count, int& low, int& high, float& t) {
        const double u = std::clamp((fineIndex - origin) / static_cast<double>(step), 0.0,
                                    static_cast<double>(count - 1));
        low = static_cast<int>(std::floor(u));
        high = std::min(low + 1, count - 1);
        t = static_cast<float>(u - low);
    };
    for (int r = 0; r < fine.rows; ++r) {
        int r0, r1;
        float tr;
        along(r, offset.y, coarse.rows, r0, r1, tr);
        for (int c = 0; c < fine.cols; ++c) {
            int c0, c1;
            float tc;
            along(c, offset.x, coarse.cols, c0, c1, tc);
            const float top =
                coarseScores.at<float>(r0, c0) * (1 - tc) + coarseScores.at<float>(r0, c1) * tc;
            const float bottom =
                coarseScores.at<float>(r1, c0) * (1 - tc) + coarseScores.at<float>(r1, c1) * tc;
            scores.at<float>(r, c) = top * (1 - tr) + bottom * tr;
        }
    }
    for (int R = 0; R < coarse.rows; ++R)
        for (int C = 0; C < coarse.cols; ++C) {
            const int r = offset.y + R * step, c = offset.x + C * step;
            scores.at<float>(r, c) = coarseScores.at<float>(R, C);
            described.at<uchar>(r, c) = 1;
        }

    // Refines windows around places: describes what no query described yet, scores them.
    std::vector<size_t> pending;
    auto addWindow = [&](int col, int row) {
        for (int r = std::max(0, row - radius); r <= std::min(fine.rows - 1, row + radius); ++r)
            for (int c = std::max(0, col - radius); c <= std::min(fine.cols - 1, col + radius); ++c)
                if (!described.at<uchar>(r, c)) {
                    described.at<uchar>(r, c) = 2; // pending
                    pending.push_back(static_cast<size_t>(r) * fine.cols + c);
                }
    };
    auto refine = [&] {
        mLastQuery.described += mRefinements.describe(pending, *mModel, *mPreprocessor, *mRaster);
        for (size_t cell : pending) {
            const int r = static_cast<int>(cell / fine.cols),
                      c = static_cast<int>(cell % fine.cols);
            scores.at<float>(r, c) = mRefinements.score(cell, query);
            described.at<uchar>(r, c) = 1;
        }
        pending.clear();
    };
    const double separation = std::max(fine.footprint / 4, 2 * fine.spacing);
    for (const HeatMapPeak& peak : HeatMap(coarse, coarseScores, mRaster->crs())
                                       .peaks(std::max(1, mSettings.refinePeaks), separation))
        addWindow(offset.x + peak.col * step, offset.y + peak.row * step);
    refine();
    // Then climbs: while the best described place has a neighbour without a described score,
    // the best may lie beyond the windows, so refine around it too.
    for (int round = 0; round < 16; ++round) {
        int bestCol = -1, bestRow = -1;
        float best = -std::numeric_limits<float>::infinity();
        for (int r = 0; r < fine.rows; ++r)
            for (int c = 0; c < fine.cols; ++c)
                if (described.at<uchar>(r, c) && scores.at<float>(r, c) > best) {
                    best = scores.at<float>(r, c);
                    bestCol = c;
                    bestRow = r;
                }
        bool open = false;
        for (int r = std::max(0, bestRow - 1); r <= std::min(fine.rows - 1, bestRow + 1); ++r)
            for (int c = std::max(0, bestCol - 1); c <= std::min(fine.cols - 1, bestCol + 1); ++c)
                open = open || !described.at<uchar>(r, c);
        if (!open)
            break;
        addWindow(bestCol, bestRow);
        refine();
    }
    mLastQuery.exact = static_cast<size_t>(cv::countNonZero(described));
    return HeatMap(fine, scores, mRaster->crs(), described);
}

bool HeatMapEngine::isCached(const Settings& settings) {
    try {
        if (!(settings.footprintMetres > 0) || settings.tileSize < 1 ||
            (settings.modelCard.empty() && settings.normalization == Normalization::Original))
            return false;
        const std::shared_ptr<const RasterSource> raster = RasterSource::open(settings.raster);
        if (raster->crs().isGeographic())
            return false;
        const HeatMapGrid grid = cachedGridOf(settings, fineGridOf(settings, *raster));
        auto found = [&](const ModelIdentity& identity) {
            const HeatMapSource source = sourceOf(settings, identity, grid);
            return HeatMapCache::load(HeatMapCache::folderFor(settings.runDirectory, source),
                                      source)
                .has_value();
        };
        if (!settings.modelCard.empty())
            return found(identityOf(ModelCard::load(settings.modelCard)));
        const Checkpoint header =
            Checkpoint::loadHeader(settings.checkpoint, settings.fallbackPreset);
        const ModelConfig& config = header.config.model;
        // The mode asked for, or the one it falls back to without recalibrated statistics
        // (which only loading the tensors would tell).
        for (const Normalization mode : {settings.normalization, Normalization::Running})
            if (found({config.preset.name, toString(config.orientation), toString(mode)}))
                return true;
    } catch (const std::exception&) {
        // anything unreadable: not cached (the constructor says what is wrong)
    }
    return false;
}

TileGeometry HeatMapEngine::tileGeometryFor(const Dataset& dataset) {
    TileGeometry geometry;
    if (const auto tiles = SyntheticWorld::tileGeometryBeside(dataset.root())) {
        geometry.footprintMetres = tiles->metres;
        geometry.tileSize = tiles->size;
        return geometry;
    }
    if (!dataset.pairs().empty()) {
        try {
            geometry.tileSize = ImageHeader::read(dataset.pairs().front().satellitePath).width;
        } catch (const Error&) {
        }
    }
    return geometry;
}

} // namespace orinet
