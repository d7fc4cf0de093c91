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
#include <functional>
#include <limits>
#include <numeric>
#include <random>

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

HeatMap HeatMapEngine::query(const PairRecord& pair, const std::optional<cv::Point2d>& truth) {
    return query(HeatMap::describePanorama(*mModel, *mPreprocessor, pair), truth);
}

HeatMap HeatMapEngine::query(const cv::Mat& groundDescriptor,
                             const std::optional<cv::Point2d>& truth) {
    if (!mSettings.dense)
        return queryCoarseToFine(groundDescriptor, truth);
    mLastQuery = {};
    mLastQuery.exact = mGrid.cellCount();
    mLastQuery.certified = true;
    return HeatMap(mCache.grid(), mCache.scores(groundDescriptor), mRaster->crs());
}

HeatMap HeatMapEngine::queryCoarseToFine(const cv::Mat& query,
                                         const std::optional<cv::Point2d>& truth) {
    const HeatMapGrid& fine = mGrid;
    const HeatMapGrid& coarse = mCache.grid();
    const int step = std::max(2, mSettings.coarseStep);
    const cv::Point offset = fine.subsampleOffset(step);
    const int radius = mSettings.refineRadius > 0 ? mSettings.refineRadius : (step + 1) / 2;
    const cv::Mat coarseScores = mCache.scores(query);
    mLastQuery = {};

    // Every place first gets a score interpolated bilinearly from the coarse places (exact at
    // them; beyond the outermost ones the nearest one's), so the map is whole and its maxima
    // lie at described places. Each place belongs to the coarse cell whose corners it is
    // interpolated from (cell = r0 · coarse.cols + c0); the cell's best corner is what the
    // bound starts from.
    cv::Mat scores(fine.rows, fine.cols, CV_32F);
    cv::Mat described(fine.rows, fine.cols, CV_8U, cv::Scalar(0));
    cv::Mat cellOfPlace(fine.rows, fine.cols, CV_32S);
    std::vector<float> cellTop(coarse.cellCount(), -std::numeric_limits<float>::infinity());
    std::vector<int> cellOpen(coarse.cellCount(), 0); // places of the cell without exact score
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
            const float s00 = coarseScores.at<float>(r0, c0), s01 = coarseScores.at<float>(r0, c1),
                        s10 = coarseScores.at<float>(r1, c0), s11 = coarseScores.at<float>(r1, c1);
            const float top = s00 * (1 - tc) + s01 * tc;
            const float bottom = s10 * (1 - tc) + s11 * tc;
            scores.at<float>(r, c) = top * (1 - tr) + bottom * tr;
            const int cell = r0 * coarse.cols + c0;
            cellOfPlace.at<int>(r, c) = cell;
            cellTop[cell] = std::max({cellTop[cell], s00, s01, s10, s11});
            ++cellOpen[cell];
        }
    }
    const cv::Mat interpolated = scores.clone();
    float best = -std::numeric_limits<float>::infinity();
    int bestCol = -1, bestRow = -1;
    auto scored = [&](int r, int c, float score) {
        scores.at<float>(r, c) = score;
        described.at<uchar>(r, c) = 1;
        --cellOpen[cellOfPlace.at<int>(r, c)];
        if (score > best) {
            best = score;
            bestCol = c;
            bestRow = r;
        }
    };
    for (int R = 0; R < coarse.rows; ++R)
        for (int C = 0; C < coarse.cols; ++C)
            scored(offset.y + R * step, offset.x + C * step, coarseScores.at<float>(R, C));

    // Refines places: describes what no query described yet, scores them, and keeps the
    // largest rise of an exact score over its interpolated one (the margin's sample).
    std::vector<size_t> pending;
    size_t refined = 0;
    float rise = 0;
    auto addPlace = [&](int c, int r) {
        if (!described.at<uchar>(r, c)) {
            described.at<uchar>(r, c) = 2; // pending
            pending.push_back(static_cast<size_t>(r) * fine.cols + c);
        }
    };
    auto addWindow = [&](int col, int row) {
        for (int r = std::max(0, row - radius); r <= std::min(fine.rows - 1, row + radius); ++r)
            for (int c = std::max(0, col - radius); c <= std::min(fine.cols - 1, col + radius); ++c)
                addPlace(c, r);
    };
    auto refine = [&] {
        mLastQuery.described += mRefinements.describe(pending, *mModel, *mPreprocessor, *mRaster);
        for (size_t cell : pending) {
            const int r = static_cast<int>(cell / fine.cols),
                      c = static_cast<int>(cell % fine.cols);
            const float score = mRefinements.score(cell, query);
            rise = std::max(rise, score - interpolated.at<float>(r, c));
            scored(r, c, score);
        }
        refined += pending.size();
        pending.clear();
    };
    const double separation = std::max(fine.footprint / 4, 2 * fine.spacing);
    for (const HeatMapPeak& peak : HeatMap(coarse, coarseScores, mRaster->crs())
                                       .peaks(std::max(1, mSettings.refinePeaks), separation))
        addWindow(offset.x + peak.col * step, offset.y + peak.row * step);
    // The truth's own place, so that its rank compares its exact score (one tile).
    if (truth) {
        const cv::Point2d at = fine.cellOf(*truth);
        const int c = static_cast<int>(std::lround(at.x)), r = static_cast<int>(std::lround(at.y));
        if (c >= 0 && r >= 0 && c < fine.cols && r < fine.rows)
            addPlace(c, r);
    }
    refine();
    // Then climbs: while the best described place has a neighbour without a described score,
    // the best may lie beyond the windows, so refine around it too.
    for (int round = 0; round < 16; ++round) {
        bool open = false;
        for (int r = std::max(0, bestRow - 1); r <= std::min(fine.rows - 1, bestRow + 1); ++r)
            for (int c = std::max(0, bestCol - 1); c <= std::min(fine.cols - 1, bestCol + 1); ++c)
                open = open || !described.at<uchar>(r, c);
        if (!open)
            break;
        addWindow(bestCol, bestRow);
        refine();
    }

    // Then the bound: an unrefined place of a cell can score at most the cell's best corner
    // plus the margin, estimated from this query's own refinements (how far an exact score
    // rose above its interpolation). Cells whose bound reaches the best exact score are
    // refined whole, best bound first, a batch of places at a time, until none is left
    // (certified) or the budget is spent.
    const double budget = std::clamp(mSettings.refineBudget, 0.0, 1.0);
    const size_t limit = static_cast<size_t>(std::llround(budget * fine.cellCount()));
    const size_t batch = std::max<size_t>(1, mSettings.batchSize);
    std::vector<int> members; // fine places by cell, filled on the first need
    std::vector<int> firstMember;
    for (;;) {
        const float margin = static_cast<float>(mSettings.marginFactor) * rise;
        std::vector<std::pair<float, int>> reaching; // (bound, cell)
        for (size_t cell = 0; cell < cellTop.size(); ++cell)
            if (cellOpen[cell] > 0 && cellTop[cell] + margin >= best)
                reaching.emplace_back(cellTop[cell] + margin, static_cast<int>(cell));
        mLastQuery.margin = margin;
        if (reaching.empty()) {
            mLastQuery.certified = true;
            break;
        }
        if (refined >= limit) {
            mLastQuery.budgetSpent = true;
            break;
        }
        if (members.empty()) {
            // Counting sort of the places by cell.
            firstMember.assign(cellTop.size() + 1, 0);
            for (int r = 0; r < fine.rows; ++r)
                for (int c = 0; c < fine.cols; ++c)
                    ++firstMember[cellOfPlace.at<int>(r, c) + 1];
            for (size_t k = 1; k < firstMember.size(); ++k)
                firstMember[k] += firstMember[k - 1];
            members.resize(fine.cellCount());
            std::vector<int> next(firstMember.begin(), firstMember.end() - 1);
            for (int r = 0; r < fine.rows; ++r)
                for (int c = 0; c < fine.cols; ++c)
                    members[next[cellOfPlace.at<int>(r, c)]++] = r * fine.cols + c;
        }
        std::sort(reaching.begin(), reaching.end(), std::greater<>());
        for (const auto& [bound, cell] : reaching) {
            if (pending.size() >= batch || refined + pending.size() >= limit)
                break;
            for (int k = firstMember[cell]; k < firstMember[cell + 1]; ++k)
                addPlace(members[k] % fine.cols, members[k] / fine.cols);
        }
        refine();
    }

    // Then, with a truth, the rank sample: places left unscored, in a fixed random order (the
    // same for every query, so that queries share their tiles through the refinement cache),
    // whose rises over their interpolation stand for those of all unscored places.
    std::vector<float> rises;
    const auto sampleSize = static_cast<size_t>(
        std::llround(std::clamp(mSettings.rankSample, 0.0, 1.0) * fine.cellCount()));
    if (truth && sampleSize > 0) {
        if (mSampleOrder.size() != fine.cellCount()) {
            mSampleOrder.resize(fine.cellCount());
            std::iota(mSampleOrder.begin(), mSampleOrder.end(), 0);
            std::shuffle(mSampleOrder.begin(), mSampleOrder.end(), std::mt19937(1));
        }
        for (int place : mSampleOrder) {
            if (pending.size() >= sampleSize)
                break;
            addPlace(place % fine.cols, place / fine.cols);
        }
        const std::vector<size_t> sample = pending;
        refine();
        for (size_t place : sample) {
            const int r = static_cast<int>(place / fine.cols),
                      c = static_cast<int>(place % fine.cols);
            rises.push_back(scores.at<float>(r, c) - interpolated.at<float>(r, c));
        }
    }
    mLastQuery.exact = static_cast<size_t>(cv::countNonZero(described));
    return HeatMap(fine, scores, mRaster->crs(), described, std::move(rises));
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
