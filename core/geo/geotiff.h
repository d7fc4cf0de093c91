#pragma once

#include "geo/crs.h"
#include "geo/geopoint.h"

#include <opencv2/core/mat.hpp>

#include <optional>
#include <string>

namespace orinet {

class Feedback;

//! A raster read back from a GeoTIFF: pixels in OpenCV order (BGR for three bands), its
//! georeferencing, and what the file says about itself.
struct GeoRaster {
    cv::Mat pixels;
    GeoTransform transform;
    int epsg = 0;          //!< 0 when the CRS has no EPSG code
    int overviewCount = 0; //!< internal (or .ovr) overview levels of band 1
    bool rotated = false;  //!< true when the file's geotransform is not north-up
};

//! GeoTIFF input/output through GDAL. Writes are atomic (temporary file + rename), tiled,
//! DEFLATE-compressed, and carry internal overviews (averaged, every power of two down to
//! ~64 px) so GIS viewers and the GUI can zoom out cheaply.
//! Thread-safe: GDAL is initialised once; each call opens its own dataset.
class GeoTiff {
public:
    //! pixels: CV_8UC3 (BGR, stored as an RGB image), CV_8UC1 or CV_32FC1.
    //! Throws orinet::Error naming the file on any GDAL failure; throws orinet::Canceled when
    //! `feedback` (optional) is canceled while overviews are built.
    static void write(const std::string& path, const cv::Mat& pixels, const GeoTransform& transform,
                      int epsg, const Feedback* feedback = nullptr);
    //! The same in any CRS (its WKT is stored, e.g. a base raster's own CRS), with an optional
    //! nodata value for every band (NaN marks empty cells of float rasters; overviews then
    //! average only the valid ones).
    static void write(const std::string& path, const cv::Mat& pixels, const GeoTransform& transform,
                      const Crs& crs, const Feedback* feedback = nullptr,
                      std::optional<double> noData = std::nullopt);

    //! Reads band 1..3 (or 1) at full resolution, or overview `overview` (0-based) when >= 0.
    //! Throws orinet::Error naming the file when it is missing or not a supported raster.
    static GeoRaster read(const std::string& path, int overview = -1);

    //! The whole raster scaled down (area average) to fit maxSide x maxSide, for display:
    //! GDAL serves it from the overviews, so a preview of a large world stays cheap. The
    //! transform describes the preview's pixels.
    static GeoRaster readPreview(const std::string& path, int maxSide);

private:
    static void writeWithSrs(const std::string& path, const cv::Mat& pixels,
                             const GeoTransform& transform, const std::string& srsText,
                             const std::string& srsLabel, const Feedback* feedback,
                             std::optional<double> noData);
    static GeoRaster readScaled(const std::string& path, int overview, int maxSide);
};

} // namespace orinet
