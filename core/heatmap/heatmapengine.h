#pragma once

#include "dataset/dataset.h"
#include "dataset/inputpreset.h"
#include "heatmap/heatmap.h"
#include "heatmap/heatmapcache.h"
#include "heatmap/refinementcache.h"
#include "model/normalization.h"

#include <memory>
#include <optional>
#include <string>

namespace orinet {

class DescriptorModel;
class Feedback;
class OriNetModel;
class Preprocessor;
class RasterSource;

//! The tile geometry of a dataset's satellite tiles, in metres and pixels.
struct TileGeometry {
    double footprintMetres = 0; //!< ground extent of a tile's side
    int tileSize = 0;           //!< pixels per side
};

//! Everything a localization heat map needs, set up once: the model of a checkpoint (or of a
//! TorchScript run, through DescriptorModel), the base raster, the grid of places and their
//! cached descriptors. Dense: every place is described once, then each query costs one
//! panorama description and one matrix-vector product. Coarse-to-fine (docs/heatmap.md): only
//! every coarseStep-th place is described up front; each query then describes the places
//! around its best coarse peaks, kept in a RefinementCache so that queries share them. The
//! CLI (`orinet heatmap`) and the GUI's heat-map layer share it.
//!
//! Threading: construct and query on one worker thread at a time (the model is LibTorch's).
class HeatMapEngine {
public:
    struct Settings {
        std::string checkpoint;   //!< checkpoint or weights file
        std::string runDirectory; //!< the cache goes to RunFolder::heatmapDirectory()
        //! How BatchNorm normalises tiles and panoramas. Each is described alone, so
        //! Normalization::Original (statistics of the batch) is refused; Recalibrated falls
        //! back to Running for a checkpoint without recalibrated statistics (see note()).
        Normalization normalization = kDefaultPerImageNormalization;
        std::string raster; //!< base raster (a projected CRS in metres or feet)
        DatasetLayout layout = DatasetLayout::Csv; //!< how panoramas are preprocessed
        double spacingMetres = 0;                  //!< between cell centres; 0 = footprint / 10
        double footprintMetres = 0; //!< tile side; must be known (see tileGeometryFor())
        int tileSize = 0;           //!< pixels a tile is cut at; must be known
        size_t batchSize = 32;
        std::string fallbackPreset = "paper"; //!< for weights files that do not say
        //! Non-empty: `checkpoint` is a TorchScript model of another method and this its model
        //! card (docs/torchscript.md); `normalization` does not apply.
        std::string modelCard;
        //! Describe every place (the dense map), the exact map; coarse to fine is faster up
        //! front but its best peak can differ from the dense map's (docs/heatmap.md).
        bool dense = true;
        //! Coarse places are every coarseStep-th place (>= 2). 2, because the maps of the
        //! models measured decorrelate within 2 to 3 places (docs/heatmap.md).
        int coarseStep = 2;
        int refinePeaks = 5; //!< best coarse peaks refined per query
        //! Refined cells around a coarse peak: those within this many places in both
        //! directions (0: coarseStep / 2 rounded up, reaching the neighbouring coarse places'
        //! refinements).
        int refineRadius = 0;
        //! Bound-driven refinement (docs/heatmap.md, "How sure coarse to fine is"): after the
        //! peaks' windows and the climb, the coarse cells whose bound (the best of their corner
        //! scores plus the margin) reaches the best exact score are refined, best bound first,
        //! until none does (the query is certified) or the query has scored this share of all
        //! places exactly beyond the coarse ones. 0: only the windows and the climb (the
        //! behaviour before the bound; a query is then certified only by chance).
        double refineBudget = 0.2;
        //! The margin is this factor times the largest rise of a place's exact score over its
        //! interpolated one among the places refined for the query so far.
        double marginFactor = 1.5;
        //! With a truth: this share of all places, taken in a fixed random order among those
        //! left unscored after the refinement, is scored too; their rises over the
        //! interpolation estimate how many unscored places beat the truth (HeatMap::rankOf()).
        //! 0: unscored places count by their interpolated score.
        double rankSample = 0.03;
    };
    //! What a query cost, and how sure a coarse-to-fine map is of its best place.
    struct QueryStats {
        size_t described = 0; //!< places this query described (not found in the caches)
        size_t exact = 0;     //!< places of the map with a described score
        //! No place without an exact score can exceed the best exact score by the margin
        //! estimate: the best place is the dense map's (if the margin holds). Always for a
        //! dense map.
        bool certified = false;
        //! Refinement stopped at Settings::refineBudget with cells still reaching the best.
        bool budgetSpent = false;
        float margin = 0; //!< the bound's margin at the end (coarse to fine)
    };

    //! Loads the model, opens the raster, lays out the grid and loads or builds (resuming) its
    //! descriptor cache, reporting progress on `feedback`. Throws orinet::Error (missing or
    //! unusable files, a geographic raster, a footprint that does not fit) or
    //! orinet::Canceled.
    HeatMapEngine(const Settings& settings, Feedback& feedback);
    //! The same with a model the caller made (`settings.checkpoint` and `modelCard` only name
    //! the file the cache is made from; `name` is the model's name and part of the cache's
    //! identity): its satellite branch takes `preset`'s input with `orientation`'s channels
    //! and returns `dimension`-d descriptors.
    HeatMapEngine(const Settings& settings, std::unique_ptr<DescriptorModel> model,
                  const InputPreset& preset, OrientationMode orientation, int dimension,
                  const std::string& name, Feedback& feedback);
    ~HeatMapEngine();

    //! The heat map of a pair's panorama. Throws orinet::Error naming an unreadable image.
    //! `truth` (map units): coarse to fine, the place nearest to it is scored exactly too (one
    //! tile), so that HeatMap::rankOf() compares the truth's own exact score, and so is the
    //! rank sample (Settings::rankSample).
    HeatMap query(const PairRecord& pair, const std::optional<cv::Point2d>& truth = {});
    //! The heat map of a ground descriptor computed elsewhere (1 x D CV_32F). Coarse to fine,
    //! it describes the places it refines that no query described before.
    HeatMap query(const cv::Mat& groundDescriptor, const std::optional<cv::Point2d>& truth = {});

    const Settings& settings() const noexcept { return mSettings; }
    bool isDense() const noexcept { return mSettings.dense; }
    //! The places of the heat maps (at the full spacing).
    const HeatMapGrid& grid() const noexcept { return mGrid; }
    //! The descriptors described up front: every place (dense) or the coarse places.
    const HeatMapCache& cache() const noexcept { return mCache; }
    //! The places described for refinements so far (coarse to fine).
    const RefinementCache& refinements() const noexcept { return mRefinements; }
    const QueryStats& lastQuery() const noexcept { return mLastQuery; }
    const RasterSource& raster() const noexcept { return *mRaster; }
    const HeatMapCache::BuildStats& buildStats() const noexcept { return mStats; }
    //! The model's name for people: "OriNet" or the TorchScript card's method.
    const std::string& modelName() const noexcept { return mModelName; }
    //! Whether the model is a TorchScript model of another method.
    bool isTorchScript() const noexcept { return !mSettings.modelCard.empty(); }
    //! The BatchNorm statistics actually used (after a fallback).
    Normalization normalization() const noexcept { return mNormalization; }
    //! Why the settings were not followed to the letter (a fallback), else empty.
    const std::string& note() const noexcept { return mNote; }
    //! Map units per metre of the raster's CRS.
    double unitsPerMetre() const noexcept { return mUnitsPerMetre; }

    //! Whether the constructor would find a complete cache for `settings` (and so only load
    //! the model and map the cache, describing nothing). Reads the raster's header and the
    //! checkpoint's; false for anything unreadable.
    static bool isCached(const Settings& settings);
    //! The synthetic world's tile footprint and size (SyntheticWorld::tileGeometryBeside()),
    //! else the size of the first pair's tile with an unknown footprint (0).
    static TileGeometry tileGeometryFor(const Dataset& dataset);

private:
    void openRaster(Feedback& feedback);
    //! Lays out the grid and loads or builds the cache, once the model is there; the model's
    //! input preset, orientation mode and normalization name its cache.
    void describeUpFront(const std::string& preset, const std::string& orientation,
                         const std::string& normalization, int dimension, Feedback& feedback);
    HeatMap queryCoarseToFine(const cv::Mat& groundDescriptor,
                              const std::optional<cv::Point2d>& truth);

    Settings mSettings;
    std::unique_ptr<OriNetModel> mNative;
    std::unique_ptr<DescriptorModel> mModel; //!< mNative's seam, or the TorchScript model
    std::unique_ptr<Preprocessor> mPreprocessor;
    std::shared_ptr<const RasterSource> mRaster;
    HeatMapGrid mGrid;
    HeatMapCache mCache;
    RefinementCache mRefinements;
    HeatMapCache::BuildStats mStats;
    QueryStats mLastQuery;
    std::vector<int> mSampleOrder; //!< the places in the rank sample's fixed random order
    std::string mModelName;
    double mUnitsPerMetre = 1;
    Normalization mNormalization = kDefaultPerImageNormalization;
    std::string mNote;
};

} // namespace orinet
