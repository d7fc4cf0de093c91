#pragma once

#include "geo/crs.h"
#include "heatmap/heatmapgrid.h"

#include <opencv2/core/mat.hpp>

#include <optional>
#include <string>
#include <vector>

namespace orinet {

class DescriptorModel;
class Preprocessor;
class RasterSource;
struct PairRecord;

//! A local maximum of a heat map.
struct HeatMapPeak {
    int col = 0;
    int row = 0;
    cv::Point2d position; //!< cell centre, map units
    float score = 0;
};

//! One query's localization heat map: the similarity of its ground descriptor to the
//! satellite descriptor of every cell of a HeatMapGrid (HeatMapCache::scores()). It answers
//! where the model thinks the panorama was taken (peaks()), how the true place ranks among all
//! places (rankOf()), and renders as a float GeoTIFF (QGIS opens it) or a colour picture.
//!
//! Immutable value; any thread.
class HeatMap {
public:
    HeatMap() = default;
    //! `scores`: grid.rows x grid.cols CV_32F; NaN marks cells without a score.
    HeatMap(const HeatMapGrid& grid, cv::Mat scores, Crs crs);
    //! A coarse-to-fine map (docs/heatmap.md): `described` (grid.rows x grid.cols CV_8U) is
    //! non-zero at the places whose tile was described; the other cells' scores are
    //! interpolated from the coarse places. Empty `described`: every place was described.
    HeatMap(const HeatMapGrid& grid, cv::Mat scores, Crs crs, cv::Mat described);
    //! The same, with `rises`: how far the exact scores of a random sample of the places left
    //! unscored rose above their interpolated ones. rankOf() then counts each unscored place
    //! with the sample's share of rises that would lift it above the truth, instead of its
    //! interpolated score alone (which pulls scores towards their neighbours and so undercounts).
    HeatMap(const HeatMapGrid& grid, cv::Mat scores, Crs crs, cv::Mat described,
            std::vector<float> rises);

    const HeatMapGrid& grid() const noexcept { return mGrid; }
    const cv::Mat& scores() const noexcept { return mScores; }
    const Crs& crs() const noexcept { return mCrs; }
    bool isEmpty() const noexcept { return mScores.empty(); }
    //! Whether every place was described (a dense map), not only some (coarse-to-fine).
    bool isDense() const noexcept { return mDescribed.empty(); }
    //! Non-zero where a place was described (CV_8U); empty for a dense map.
    const cv::Mat& described() const noexcept { return mDescribed; }
    //! Places whose tile was described: all of a dense map's.
    size_t describedCount() const;
    //! Lowest and highest finite score.
    std::pair<float, float> range() const;

    //! Up to `count` local maxima, best first, no two closer than `minSeparation` map units
    //! (greedy non-maximum suppression).
    std::vector<HeatMapPeak> peaks(int count, double minSeparation) const;
    //! The score of the cell nearest to `map`; NaN outside the grid.
    float scoreAt(const cv::Point2d& map) const;
    //! How many cells score strictly higher than the cell nearest to `map` (0 = the best);
    //! nothing outside the grid. In a coarse-to-fine map the score compared is that of the
    //! described place nearest to that cell (the cell itself when it was described;
    //! truthScore()), against every cell's score, interpolated ones included; with a sample of
    //! rises (see the constructor) an estimate for the interpolated ones (docs/heatmap.md).
    std::optional<size_t> rankOf(const cv::Point2d& map) const;
    //! The score rankOf() compares: scoreAt() in a dense map, the score of the described place
    //! nearest to the cell of `map` in a coarse-to-fine one; NaN outside the grid.
    float truthScore(const cv::Point2d& map) const;

    //! A float32 GeoTIFF of the scores in the grid's CRS, one pixel per cell, NaN as nodata.
    //! Throws orinet::Error naming the file.
    void writeGeoTiff(const std::string& path) const;
    //! The scores as colours: BGRA, `colormap` (an OpenCV cv::ColormapTypes, e.g.
    //! COLORMAP_INFERNO) from `low` to `high`, cells without a score transparent.
    cv::Mat colourise(int colormap, float low, float high) const;
    //! A 1 x length BGR ramp of `colormap`, low to high, for legends.
    static cv::Mat colourRamp(int colormap, int length);

    //! A picture for papers and reports: the base raster under the coloured scores (about
    //! `width` pixels wide), the true position (green ring) when given, the peaks numbered, and
    //! a colour bar with the score range. 8-bit BGR.
    cv::Mat renderPicture(const RasterSource& raster, const std::vector<HeatMapPeak>& peaks,
                          const std::optional<cv::Point2d>& truth, int width = 1200) const;

    //! The ground descriptor of a pair's panorama (1 x D CV_32F), preprocessed as the dataset's
    //! panoramas are. Throws orinet::Error naming the image.
    static cv::Mat describePanorama(DescriptorModel& model, const Preprocessor& preprocessor,
                                    const PairRecord& pair);

private:
    HeatMapGrid mGrid;
    cv::Mat mScores;
    Crs mCrs;
    cv::Mat mDescribed;
    std::vector<float> mRises; //!< sorted ascending
};

} // namespace orinet
