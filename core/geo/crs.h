#pragma once

#include <memory>
#include <string>

namespace orinet {

//! A coordinate reference system known to PROJ (through GDAL's OGRSpatialReference): from an
//! EPSG code, WKT, or anything `gdalsrsinfo` accepts ("EPSG:32755", a PROJ string, ...).
//!
//! Coordinates are always passed x first: easting (or longitude) as x, northing (or latitude)
//! as y, whatever axis order the authority defines (GDAL's "traditional GIS order").
//!
//! A Crs is an immutable value (it keeps the WKT); copies are cheap and may be used from any
//! thread.
class Crs {
public:
    //! An invalid CRS (isValid() false); what a raster without a CRS reports.
    Crs() = default;

    //! Throws orinet::Error when PROJ does not know the code.
    static Crs fromEpsg(int code);
    //! WKT1/WKT2, "EPSG:n", PROJ strings, ... Throws orinet::Error with PROJ's reason.
    static Crs fromUserInput(const std::string& text);
    //! WGS84 latitude/longitude (EPSG:4326).
    static Crs wgs84();
    //! UTM zone 1..60 of WGS84 (EPSG:326zz north, 327zz south). Throws for a bad zone.
    static Crs utm(int zone, bool south);

    bool isValid() const noexcept { return static_cast<bool>(mInfo); }
    //! e.g. "WGS 84 / UTM zone 55S"; empty when invalid.
    const std::string& name() const;
    //! The EPSG code when the CRS is (or is identified as) one; 0 otherwise.
    int epsg() const noexcept;
    //! "EPSG:32755", or the name when there is no code.
    std::string label() const;
    //! WKT2 (2019); empty when invalid.
    const std::string& wkt() const;
    //! Latitude/longitude in degrees (x = longitude).
    bool isGeographic() const noexcept;
    //! Metres per unit of the projected axes (1 for UTM); 0 for geographic CRSs.
    double linearUnitMetres() const noexcept;

    //! Same CRS (PROJ's equivalence test, ignoring axis order).
    bool isSame(const Crs& other) const;

private:
    struct Info;
    explicit Crs(std::shared_ptr<const Info> info);
    std::shared_ptr<const Info> mInfo;
};

} // namespace orinet
