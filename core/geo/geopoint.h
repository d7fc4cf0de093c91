#pragma once

#include <opencv2/core/types.hpp>

namespace orinet {

//! A WGS84 position in decimal degrees (south and west negative).
struct LatLon {
    double latitude = 0.0;
    double longitude = 0.0;
};

//! A projected position in metres within one UTM zone (the zone lives with the converter or
//! the raster that the point belongs to).
struct UtmPoint {
    double easting = 0.0;
    double northing = 0.0;
};

//! North-up raster georeferencing with square pixels, the only kind this project writes.
//! Pixel (0, 0)'s top-left corner sits at (originEasting, originNorthing); rows grow south.
//! toPixel()/toUtm() use OpenCV's continuous coordinates, where the CENTRE of pixel (x, y) is
//! the point (x, y); GDAL's geotransform refers to pixel corners, hence the 0.5 shifts.
struct GeoTransform {
    double originEasting = 0.0;
    double originNorthing = 0.0;
    double pixelSize = 1.0; //!< metres per pixel

    cv::Point2d toPixel(const UtmPoint& p) const {
        return {(p.easting - originEasting) / pixelSize - 0.5,
                (originNorthing - p.northing) / pixelSize - 0.5};
    }
    UtmPoint toUtm(const cv::Point2d& pixel) const {
        return {originEasting + (pixel.x + 0.5) * pixelSize,
                originNorthing - (pixel.y + 0.5) * pixelSize};
    }
};

} // namespace orinet
