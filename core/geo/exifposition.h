#pragma once

#include "geo/geopoint.h"

#include <optional>
#include <string>

namespace orinet {

//! The GPS position a camera wrote into an image's EXIF block, read through GDAL's JPEG
//! driver (its EXIF_GPSLatitude / EXIF_GPSLatitudeRef metadata items), so panoramas straight
//! from a 360° camera need no positions file.
class ExifPosition {
public:
    //! WGS84 degrees (south and west negative), or nothing when the image has no EXIF GPS
    //! position (or GDAL cannot open it).
    static std::optional<LatLon> read(const std::string& imagePath);
};

} // namespace orinet
