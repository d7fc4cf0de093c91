#include "heatmap/heatmapgrid.h"

#include "common/error.h"
#include "geo/rastersource.h"

#include <algorithm>
#include <cmath>

namespace orinet {

cv::Point HeatMapGrid::subsampleOffset(int step) const {
    step = std::max(1, step);
    return {((cols - 1) % step) / 2, ((rows - 1) % step) / 2};
}

HeatMapGrid HeatMapGrid::subsampled(int step) const {
    step = std::max(1, step);
    const cv::Point offset = subsampleOffset(step);
    HeatMapGrid coarse = *this;
    const cv::Point2d first = centre(offset.x, offset.y);
    coarse.originX = first.x;
    coarse.originY = first.y;
    coarse.spacing = spacing * step;
    coarse.cols = cols > 0 ? (cols - 1 - offset.x) / step + 1 : 0;
    coarse.rows = rows > 0 ? (rows - 1 - offset.y) / step + 1 : 0;
    return coarse;
}

HeatMapGrid HeatMapGrid::over(const RasterSource& raster, double spacing, double footprint,
                              int tileSize) {
    if (!(spacing > 0) || !(footprint > 0) || tileSize < 1)
        throw Error(raster.path(), "a heat map needs a positive spacing, footprint and tile size");
    const cv::Rect2d e = raster.extent();
    const double innerWidth = e.width - footprint, innerHeight = e.height - footprint;
    if (innerWidth < 0 || innerHeight < 0)
        throw Error(raster.path(), "a " + std::to_string(footprint) +
                                       " unit tile footprint does not fit in the raster (" +
                                       std::to_string(e.width) + " x " + std::to_string(e.height) +
                                       ")");
    HeatMapGrid grid;
    grid.spacing = spacing;
    grid.footprint = footprint;
    grid.tileSize = tileSize;
    grid.cols = static_cast<int>(std::floor(innerWidth / spacing + 1e-9)) + 1;
    grid.rows = static_cast<int>(std::floor(innerHeight / spacing + 1e-9)) + 1;
    if (grid.cellCount() > 4'000'000)
        throw Error(raster.path(), "a heat map of " + std::to_string(grid.cols) + " x " +
                                       std::to_string(grid.rows) +
                                       " cells is too many; use a larger spacing");
    // Centred: the margin left over by the last whole step is split on both sides.
    grid.originX = e.x + footprint / 2 + (innerWidth - (grid.cols - 1) * spacing) / 2;
    grid.originY = e.y + e.height - footprint / 2 - (innerHeight - (grid.rows - 1) * spacing) / 2;
    return grid;
}

} // namespace orinet
