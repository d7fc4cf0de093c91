#pragma once

#include "dataset/dataset.h"
#include "heatmap/heatmap.h"
#include "heatmap/heatmapcache.h"
#include "model/normalization.h"

#include <memory>
#include <optional>
#include <string>

namespace orinet {

class Feedback;
class OriNetModel;
class Preprocessor;
class RasterSource;

//! The tile geometry of a dataset's satellite tiles, in metres and pixels.
struct TileGeometry {
    double footprintMetres = 0; //!< ground extent of a tile's side
    int tileSize = 0;           //!< pixels per side
};

//! Everything a localization heat map needs, set up once: the model of a checkpoint, the base
//! raster, the grid of places and their cached descriptors; then each query costs one
//! panorama description and one matrix-vector product. The CLI (`orinet heatmap`) and the
//! GUI's heat-map layer share it.
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
    };

    //! Loads the model, opens the raster, lays out the grid and loads or builds (resuming) its
    //! descriptor cache, reporting progress on `feedback`. Throws orinet::Error (missing or
    //! unusable files, a geographic raster, a footprint that does not fit) or
    //! orinet::Canceled.
    HeatMapEngine(const Settings& settings, Feedback& feedback);
    ~HeatMapEngine();

    //! The heat map of a pair's panorama. Throws orinet::Error naming an unreadable image.
    HeatMap query(const PairRecord& pair);
    //! The heat map of a ground descriptor computed elsewhere (1 x D CV_32F).
    HeatMap query(const cv::Mat& groundDescriptor) const;

    const Settings& settings() const noexcept { return mSettings; }
    const HeatMapCache& cache() const noexcept { return mCache; }
    const RasterSource& raster() const noexcept { return *mRaster; }
    const HeatMapCache::BuildStats& buildStats() const noexcept { return mStats; }
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
    Settings mSettings;
    std::unique_ptr<OriNetModel> mModel;
    std::unique_ptr<Preprocessor> mPreprocessor;
    std::shared_ptr<const RasterSource> mRaster;
    HeatMapCache mCache;
    HeatMapCache::BuildStats mStats;
    double mUnitsPerMetre = 1;
    Normalization mNormalization = kDefaultPerImageNormalization;
    std::string mNote;
};

} // namespace orinet
