#include "geo/exifposition.h"

#include "geo/gdalsupport_p.h"

#include <cmath>
#include <cstdlib>
#include <vector>

namespace orinet {

namespace {

//! GDAL writes an EXIF rational triple as "(35) (19) (3.4512)": degrees, minutes, seconds.
std::optional<double> degreesOf(const char* text) {
    if (!text)
        return std::nullopt;
    std::vector<double> parts;
    for (const char* p = text; *p;) {
        if (*p == '(') {
            char* end = nullptr;
            const double value = std::strtod(p + 1, &end);
            if (end == p + 1 || !std::isfinite(value))
                return std::nullopt;
            parts.push_back(value);
            p = end;
        } else {
            ++p;
        }
    }
    if (parts.empty() || parts.size() > 3)
        return std::nullopt;
    double degrees = 0, unit = 1;
    for (double part : parts) {
        degrees += part / unit;
        unit *= 60;
    }
    return degrees;
}

} // namespace

std::optional<LatLon> ExifPosition::read(const std::string& imagePath) {
    gdal::registerDrivers();
    const gdal::QuietErrors quiet;
    // The JPEG driver alone: GDAL would otherwise try every driver on a non-JPEG file.
    const char* const drivers[] = {"JPEG", nullptr};
    GDALDatasetH dataset =
        GDALOpenEx(imagePath.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY, drivers, nullptr, nullptr);
    if (!dataset)
        return std::nullopt;
    const auto latitude = degreesOf(GDALGetMetadataItem(dataset, "EXIF_GPSLatitude", nullptr));
    const auto longitude = degreesOf(GDALGetMetadataItem(dataset, "EXIF_GPSLongitude", nullptr));
    const char* latitudeRef = GDALGetMetadataItem(dataset, "EXIF_GPSLatitudeRef", nullptr);
    const char* longitudeRef = GDALGetMetadataItem(dataset, "EXIF_GPSLongitudeRef", nullptr);
    std::optional<LatLon> position;
    if (latitude && longitude && *latitude <= 90 && *longitude <= 180) {
        position = LatLon{*latitude, *longitude};
        if (latitudeRef && (latitudeRef[0] == 'S' || latitudeRef[0] == 's'))
            position->latitude = -position->latitude;
        if (longitudeRef && (longitudeRef[0] == 'W' || longitudeRef[0] == 'w'))
            position->longitude = -position->longitude;
    }
    GDALClose(dataset);
    return position;
}

} // namespace orinet
