#pragma once

#include "geo/geopoint.h"

#include <memory>
#include <string>

namespace orinet {

//! Converts between WGS84 latitude/longitude and one UTM zone with PROJ (through GDAL's
//! OGRSpatialReference), so the numbers agree with GIS tools reading our GeoTIFFs.
//! Thread-safe: conversions are serialised internally (PROJ transformations are not
//! re-entrant); for heavy use give each thread its own converter.
class UtmConverter {
public:
    //! zone 1..60, south = southern hemisphere (EPSG 327xx, else 326xx).
    //! Throws orinet::Error when the zone is invalid or PROJ cannot build the transformation.
    UtmConverter(int zone, bool south);
    ~UtmConverter();
    UtmConverter(UtmConverter&&) noexcept;
    UtmConverter& operator=(UtmConverter&&) noexcept;

    //! Zone 55 south (EPSG:32755), the CRS of CVACT (Canberra) and of the synthetic worlds.
    static UtmConverter canberra();
    //! The standard zone for a longitude (no Norway/Svalbard exceptions).
    static int zoneForLongitude(double longitude);

    int zone() const noexcept;
    bool south() const noexcept;
    int epsg() const noexcept;
    //! The CRS as WKT2, e.g. for metadata files.
    std::string wkt() const;

    //! The position in this converter's zone. Throws orinet::Error when PROJ fails (e.g.
    //! latitude outside ±90°).
    UtmPosition toUtm(const LatLon& position) const;
    //! Throws orinet::Error when the position has a known zone other than this converter's.
    LatLon toLatLon(const UtmPosition& position) const;
    //! Planar coordinates on this converter's zone grid (a raster's UtmPoint).
    LatLon toLatLon(const UtmPoint& position) const;

private:
    struct Impl;
    std::unique_ptr<Impl> mImpl;
};

} // namespace orinet
