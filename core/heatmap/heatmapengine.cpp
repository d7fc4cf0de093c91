#include "heatmap/heatmapengine.h"

#include "common/error.h"
#include "common/feedback.h"
#include "dataset/imageheader.h"
#include "dataset/preprocessor.h"
#include "geo/rastersource.h"
#include "model/orinetmodel.h"
#include "run/checkpoint.h"
#include "synth/syntheticworld.h"

#include <filesystem>

namespace orinet {

namespace fs = std::filesystem;

namespace {

//! What a cache is made from for these settings, a model of `config` normalising as `mode`.
HeatMapSource sourceOf(const HeatMapEngine::Settings& settings, const RasterSource& raster,
                       const ModelConfig& config, Normalization mode) {
    const double unitsPerMetre = 1.0 / raster.crs().linearUnitMetres();
    const double spacing =
        settings.spacingMetres > 0 ? settings.spacingMetres : settings.footprintMetres / 10;
    HeatMapSource source;
    // One spelling per file, so the CLI and the GUI find each other's caches.
    std::error_code error;
    source.raster = fs::weakly_canonical(fs::absolute(settings.raster), error).string();
    source.checkpoint = fs::weakly_canonical(fs::absolute(settings.checkpoint), error).string();
    source.preset = config.preset.name;
    source.orientation = toString(config.orientation);
    source.normalization = toString(mode);
    source.grid = HeatMapGrid::over(raster, spacing * unitsPerMetre,
                                    settings.footprintMetres * unitsPerMetre, settings.tileSize);
    return source;
}

} // namespace

HeatMapEngine::HeatMapEngine(const Settings& settings, Feedback& feedback)
    : mSettings(settings) {
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

    feedback.report(0.0, "loading the model");
    mNormalization = settings.normalization;
    mModel = Checkpoint::loadForSingleImages(settings.checkpoint, settings.fallbackPreset,
                                             "a heat map describes each panorama alone",
                                             mNormalization, mNote);
    const ModelConfig& config = mModel->config();
    mPreprocessor =
        std::make_unique<Preprocessor>(config.preset, config.orientation, settings.layout);

    const HeatMapSource source = sourceOf(settings, *mRaster, config, mNormalization);
    HeatMapCache::Options options;
    options.batchSize = settings.batchSize;
    mCache = HeatMapCache::build(*mModel, *mPreprocessor, *mRaster, source,
                                 HeatMapCache::folderFor(settings.runDirectory, source), feedback,
                                 options, &mStats);
}

HeatMapEngine::~HeatMapEngine() = default;

HeatMap HeatMapEngine::query(const PairRecord& pair) {
    return query(HeatMap::describePanorama(*mModel, *mPreprocessor, pair));
}

HeatMap HeatMapEngine::query(const cv::Mat& groundDescriptor) const {
    return HeatMap(mCache.grid(), mCache.scores(groundDescriptor), mRaster->crs());
}

bool HeatMapEngine::isCached(const Settings& settings) {
    try {
        if (!(settings.footprintMetres > 0) || settings.tileSize < 1 ||
            settings.normalization == Normalization::Original)
            return false;
        const std::shared_ptr<const RasterSource> raster = RasterSource::open(settings.raster);
        if (raster->crs().isGeographic())
            return false;
        const Checkpoint header =
            Checkpoint::loadHeader(settings.checkpoint, settings.fallbackPreset);
        // The mode asked for, or the one it falls back to without recalibrated statistics
        // (which only loading the tensors would tell).
        for (const Normalization mode : {settings.normalization, Normalization::Running}) {
            const HeatMapSource source = sourceOf(settings, *raster, header.config.model, mode);
            if (HeatMapCache::load(HeatMapCache::folderFor(settings.runDirectory, source), source))
                return true;
        }
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
