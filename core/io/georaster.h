#pragma once

#include <opencv2/core/mat.hpp>

#include <memory>
#include <string>

namespace orinet {

//! GDAL's affine geotransform: projected x = originX + col·pixelWidth + row·rowRotation,
//! y = originY + col·colRotation + row·pixelHeight (pixelHeight < 0 for north-up rasters).
struct GeoTransform {
    double originX = 0, pixelWidth = 1, rowRotation = 0;
    double originY = 0, colRotation = 0, pixelHeight = -1;

    //! Projected coordinate of a (fractional) pixel position; (0.5, 0.5) is the centre of the
    //! top-left pixel.
    cv::Point2d toProjected(cv::Point2d pixel) const;
    //! Inverse of toProjected (north-up rasters, no rotation terms).
    cv::Point2d toPixel(cv::Point2d projected) const;
};

//! Read access to a georeferenced raster (GeoTIFF or anything GDAL opens) for display:
//! size, CRS and geotransform, and 8-bit BGR previews that use the file's overviews, so a
//! whole-world preview of a large GeoTIFF reads only a small overview level.
class GeoRaster {
public:
    //! Throws orinet::Error naming the file when GDAL cannot open it.
    static GeoRaster open(const std::string& path);
    ~GeoRaster();
    GeoRaster(GeoRaster&&) noexcept;
    GeoRaster& operator=(GeoRaster&&) noexcept;

    const std::string& path() const { return mPath; }
    int width() const;
    int height() const;
    int bandCount() const;
    int overviewCount() const;
    GeoTransform transform() const;
    //! EPSG code of the CRS, or 0 when it has none or an unidentified one.
    int epsg() const;

    //! The whole raster scaled to fit maxSide x maxSide (aspect kept), as CV_8UC3 BGR
    //! (grey rasters are replicated). Scale factor = width() / result.cols.
    cv::Mat readPreview(int maxSide) const;
    //! A pixel window resampled to `size` (nearest overview + average).
    cv::Mat readWindow(const cv::Rect& window, const cv::Size& size) const;

private:
    GeoRaster() = default;
    struct Handle;
    std::string mPath;
    std::unique_ptr<Handle> mHandle;
};

} // namespace orinet
