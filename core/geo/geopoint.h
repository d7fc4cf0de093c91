#pragma once

#include <opencv2/core/types.hpp>

namespace orinet {

//! A WGS84 position in decimal degrees (south and west negative).
struct LatLon {
    double latitude = 0.0;
    double longitude = 0.0;
};

//! Planar coordinates in metres on the grid of ONE raster or map (the zone lives with the
//! raster: GeoTransform, TownMap). For a dataset's positions use UtmPosition, which carries
//! its zone.
struct UtmPoint {
    double easting = 0.0;
    double northing = 0.0;
};

//! A position in UTM metres with its zone: the one position type of datasets, metrics and
//! exports. zone 0 means "unknown" (e.g. positions read from a bare N x 2 array): such a
//! position is taken to share the zone of whatever it is compared with. utmDistance()
//! (geo/geodistance.h) is the one distance between two of them.
struct UtmPosition {
    double easting = 0.0;
    double northing = 0.0;
    int zone = 0;       //!< 1..60, or 0 = unknown
    bool south = false; //!< hemisphere; meaningless while zone is 0

    bool hasZone() const noexcept { return zone != 0; }
    //! The planar coordinates, for raster maths within the position's zone.
    UtmPoint point() const noexcept { return {easting, northing}; }
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
