#pragma once

#include "geo/geopoint.h"

#include <opencv2/core/types.hpp>

#include <cstddef>

namespace orinet {

class RasterSource;

//! The places a localization heat map scores: tile centres on a regular grid over a base
//! raster, each standing for a north-up tile of `footprint` map units cut at `tileSize` pixels
//! (the dataset's tile size, before the preprocessing resizes it to the network's input).
//! Cell (col, row) has its centre at (originX + col·spacing, originY − row·spacing): row 0 is
//! the northernmost, as in a raster, so the grid is itself a north-up raster of `spacing`-sized
//! pixels (transform()).
struct HeatMapGrid {
    double originX = 0; //!< map x of the centre of cell (0, 0), the north-west cell
    double originY = 0; //!< map y of the centre of cell (0, 0)
    double spacing = 1; //!< map units between neighbouring centres
    int cols = 0;
    int rows = 0;
    double footprint = 0; //!< side of a cell's tile, map units
    int tileSize = 0;     //!< pixels a cell's tile is cut at

    size_t cellCount() const noexcept { return static_cast<size_t>(cols) * rows; }
    cv::Point2d centre(int col, int row) const {
        return {originX + col * spacing, originY - row * spacing};
    }
    //! Cell index = row·cols + col, the order of the cache's descriptor rows.
    cv::Point2d centre(size_t cell) const {
        return centre(static_cast<int>(cell % cols), static_cast<int>(cell / cols));
    }
    //! Fractional (col, row) of a map point.
    cv::Point2d cellOf(const cv::Point2d& map) const {
        return {(map.x - originX) / spacing, (originY - map.y) / spacing};
    }
    //! The grid as a north-up raster whose pixels are the cells.
    GeoTransform transform() const {
        return {originX - spacing / 2, originY + spacing / 2, spacing};
    }
    //! The map area the cells cover (x = west, y = south edge).
    cv::Rect2d extent() const {
        return {originX - spacing / 2, originY - (rows - 0.5) * spacing, cols * spacing,
                rows * spacing};
    }

    //! The coarse places of a coarse-to-fine heat map (docs/heatmap.md): every `step`-th cell
    //! in both directions, starting at subsampleOffset(step), so the coarse cells are cells of
    //! this grid and the margin left over is split on both sides. A step below 1 counts as 1.
    HeatMapGrid subsampled(int step) const;
    //! (col, row) of this grid's cell that is cell (0, 0) of subsampled(step).
    cv::Point subsampleOffset(int step) const;

    //! The cells whose whole tile lies inside `raster`, `spacing` apart and centred in it; in
    //! the raster's map units. Throws orinet::Error naming the raster when the spacing or
    //! footprint is not positive, the footprint does not fit, or the grid would exceed 4
    //! million cells.
    static HeatMapGrid over(const RasterSource& raster, double spacing, double footprint,
                            int tileSize);
};

} // namespace orinet
