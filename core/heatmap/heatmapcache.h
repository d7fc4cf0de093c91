#pragma once

#include "heatmap/heatmapgrid.h"

#include <opencv2/core/mat.hpp>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace orinet {

class DescriptorModel;
class Feedback;
class Preprocessor;
class RasterSource;

//! What a heat-map cache is made of: two caches with equal sources hold the same descriptors.
//! Files are identified by path, size and modification time, so a retrained checkpoint or an
//! edited raster gets a new cache.
struct HeatMapSource {
    std::string raster;     //!< absolute path of the base raster
    std::string checkpoint; //!< absolute path of the checkpoint or weights file
    std::string preset;     //!< input preset name of the model
    std::string orientation;
    std::string normalization; //!< how BatchNorm normalises when describing
    HeatMapGrid grid;

    //! Fills the file stamps from the file system; throws orinet::Error naming a missing file.
    std::string key() const;
};

//! The satellite descriptors of every cell of a HeatMapGrid for one model: cut from the base
//! raster, preprocessed exactly like the dataset's tiles (Preprocessor::satellite) and
//! described with the model's satellite branch. Built once per run, checkpoint and grid, then
//! each query's heat map is one matrix-vector product (scores()).
//!
//! On disk, in its own folder (folderFor()): `descriptors.f32` (cells x 1536 float32,
//! little-endian, row = row·cols + col of the grid) and `heatmap.json` (the source, the grid,
//! how many rows are complete). A build writes whole batches and records them in the JSON
//! (atomically) after they are on disk, so a canceled or killed build resumes at the last
//! complete batch. A complete cache is memory-mapped, not read into memory.
//!
//! Threading: build() runs on the calling thread (create and use the model on it too); a
//! loaded cache is immutable and may be shared between threads.
class HeatMapCache {
public:
    struct Options {
        size_t batchSize = 32;
        int dimension = 1536; //!< D of the model's descriptors (OriNet's 1536)
    };
    struct BuildStats {
        size_t described = 0; //!< cells described by this call
        size_t resumedAt = 0; //!< cells found complete when it started
        double seconds = 0;
    };

    //! RunFolder::heatmapDirectory()/<checkpoint>-s<spacing>-f<footprint>-<hash of the source>.
    static std::string folderFor(const std::string& runDirectory, const HeatMapSource& source);

    //! Loads the cache in `folder` when it is complete and made from `source`, else builds it,
    //! resuming a partial build of the same source (a different source's files are replaced).
    //! Reports progress on `feedback` per batch; throws orinet::Canceled when canceled (the
    //! batches written so far stay) and orinet::Error naming the file on I/O problems.
    static HeatMapCache build(DescriptorModel& model, const Preprocessor& preprocessor,
                              const RasterSource& raster, const HeatMapSource& source,
                              const std::string& folder, Feedback& feedback, const Options& options,
                              BuildStats* stats = nullptr);
    //! The satellite descriptors of the given cells of `grid` (cells.size() x D CV_32F, in that
    //! order): each tile cut from `raster` at its cell and preprocessed like a dataset tile,
    //! described in batches of `batchSize` (one model call per batch). Throws orinet::Error
    //! naming the raster when a tile cannot be cut.
    static cv::Mat describePlaces(DescriptorModel& model, const Preprocessor& preprocessor,
                                  const RasterSource& raster, const HeatMapGrid& grid,
                                  const std::vector<size_t>& cells, size_t batchSize);
    //! The complete cache of `source` in `folder`, if there is one.
    static std::optional<HeatMapCache> load(const std::string& folder, const HeatMapSource& source);
    //! Complete cells of `source` found in `folder` (0 when there is no matching cache).
    static size_t completedCells(const std::string& folder, const HeatMapSource& source);

    const HeatMapGrid& grid() const noexcept { return mGrid; }
    const std::string& folder() const noexcept { return mFolder; }
    //! cells x D, CV_32F, memory-mapped (read-only).
    const cv::Mat& descriptors() const noexcept { return mDescriptors; }
    //! Bytes of the descriptor file.
    size_t bytes() const noexcept;
    //! The inner product of every cell's descriptor with `query` (1 x D, CV_32F): a rows x cols
    //! CV_32F matrix (cosine similarities, as descriptors are unit vectors).
    cv::Mat scores(const cv::Mat& query) const;

private:
    struct Mapping;
    static HeatMapCache open(const std::string& folder, const HeatMapGrid& grid, int dimension);

    HeatMapGrid mGrid;
    std::string mFolder;
    std::shared_ptr<const Mapping> mMapping;
    cv::Mat mDescriptors;
};

} // namespace orinet
