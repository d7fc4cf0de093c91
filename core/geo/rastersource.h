#pragma once

#include "geo/crs.h"

#include <opencv2/core/mat.hpp>

#include <memory>
#include <string>

namespace orinet {

//! A georeferenced raster opened through GDAL for reading pieces of it on demand: display
//! tiles at the zoom a map needs (GDAL serves them from the file's overviews) and north-up
//! tiles cut around a point like a dataset's satellite tiles. Nothing is read at open but the
//! header, so a 20,000 x 20,000 orthophoto opens instantly and never sits in memory whole.
//!
//! Pixel space follows GDAL: pixel (col, row) covers [col, col+1) x [row, row+1); the map
//! coordinate of pixel corner (u, v) is (originX + u·pixelWidth, originY − v·pixelHeight).
//!
//! Threading: all const members may be called from any number of threads at once; each call
//! borrows a GDAL dataset handle from a small pool (GDAL handles are single-threaded).
class RasterSource {
public:
    //! Opens `path` and checks that a map can show it. Throws orinet::Error naming the file
    //! when it is not a raster GDAL reads, has no georeferencing (no geotransform), is rotated
    //! or sheared (only north-up rasters are drawn; `gdalwarp` straightens them), has no CRS,
    //! or a CRS PROJ cannot relate to the Earth.
    static std::shared_ptr<const RasterSource> open(const std::string& path);
    ~RasterSource();
    RasterSource(const RasterSource&) = delete;
    RasterSource& operator=(const RasterSource&) = delete;

    const std::string& path() const noexcept { return mPath; }
    int width() const noexcept { return mWidth; }
    int height() const noexcept { return mHeight; }
    int bandCount() const noexcept { return mBands; }
    //! GDAL's name of band 1's data type ("Byte", "UInt16", "Float32", ...).
    const std::string& dataType() const noexcept { return mDataType; }
    //! Internal or external (.ovr) overview levels of band 1.
    int overviewCount() const noexcept { return mOverviews; }
    const Crs& crs() const noexcept { return mCrs; }

    double originX() const noexcept { return mOriginX; }
    double originY() const noexcept { return mOriginY; }
    double pixelWidth() const noexcept { return mPixelWidth; }   //!< map units, > 0
    double pixelHeight() const noexcept { return mPixelHeight; } //!< map units, > 0 (rows go south)

    cv::Point2d pixelToMap(const cv::Point2d& pixel) const;
    cv::Point2d mapToPixel(const cv::Point2d& map) const;
    //! The raster's extent in map units: (minX, minY, width, height).
    cv::Rect2d extent() const;

    //! Display tiles: level L halves the resolution L times. Tile (tx, ty) of level L covers
    //! level-0 pixels [tx·s·2^L, (tx+1)·s·2^L) x [ty·s·2^L, ...), s = tileSize, clipped to the
    //! raster (edge tiles are smaller). levelCount() levels reach one tile for the whole raster.
    int levelCount(int tileSize) const;
    //! An 8-bit BGRA picture of one display tile (CV_8UC4, alpha 0 where the raster has no
    //! data). Byte rasters keep their values (1 band grey, a colour table applied, 3-4 bands
    //! RGB); other types are stretched linearly to mean ± 2.5 σ of band statistics (GDAL's
    //! approximate ones, computed once). Throws orinet::Error naming the file on a read error.
    cv::Mat readDisplayTile(int level, int tileX, int tileY, int tileSize) const;

    //! The north-up size x size tile centred on `centre` (map units) covering `footprint` map
    //! units per side, as the synthetic world cuts satellite tiles: tile pixel
    //! ((size−1)/2, (size−1)/2) lies exactly on `centre`, bilinear resampling from the finest
    //! overview that is at most 2x finer than the tile. Outside the raster: black. 8-bit BGR
    //! (CV_8UC3) for Byte rasters with 3+ bands (grey expanded otherwise).
    cv::Mat cutTile(const cv::Point2d& centre, int size, double footprint) const;
    //! A map rectangle (x = west, y = south edge) resampled to `size` pixels the same way:
    //! 8-bit BGR, black outside the raster (e.g. the background of a heat-map picture).
    cv::Mat readRegion(const cv::Rect2d& map, cv::Size size) const;

private:
    struct Handle;
    struct HandlePool;
    struct Statistics {
        double offset = 0;
        double scale = 1;
    };

    explicit RasterSource(const std::string& path);
    //! Size of level L (GDAL's overview size rule: rounded up).
    cv::Size levelSize(int level) const;
    //! The BGRA display picture of `window` in level-L pixels (clipped by the caller).
    cv::Mat readLevel(int level, const cv::Rect& window) const;
    cv::Mat toDisplay(const cv::Mat& bands, const cv::Mat& valid) const;
    //! Output pixel (i, j) samples level-0 pixel-centre coordinates (ax·i + bx, ay·j + by),
    //! bilinearly, from the level that fits.
    cv::Mat resample(double ax, double bx, double ay, double by, cv::Size size) const;

    std::string mPath;
    int mWidth = 0;
    int mHeight = 0;
    int mBands = 0;
    int mOverviews = 0;
    std::string mDataType;
    bool mByte = true;
    bool mPalette = false;
    Crs mCrs;
    double mOriginX = 0, mOriginY = 0, mPixelWidth = 1, mPixelHeight = 1;
    std::unique_ptr<HandlePool> mPool;
    //! Per display band (up to 3): linear map of raw values to 0..255 for non-Byte rasters.
    std::vector<Statistics> mStretch;
    //! RGBA colour table of a paletted band (256 entries), else empty.
    std::vector<cv::Vec4b> mColourTable;
};

} // namespace orinet
