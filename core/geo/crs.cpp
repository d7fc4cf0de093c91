#include "geo/crs.h"

#include "common/error.h"
#include "geo/gdalsupport_p.h"

#include <cpl_conv.h>
#include <ogr_spatialref.h>

#include <cstdlib>

namespace orinet {

struct Crs::Info {
    std::string wkt;
    std::string name;
    int epsg = 0;
    bool geographic = false;
    double linearUnit = 0;
};

Crs::Crs(std::shared_ptr<const Info> info)
    : mInfo(std::move(info)) {}

Crs Crs::fromUserInput(const std::string& text) {
    const gdal::QuietErrors quiet;
    OGRSpatialReference srs;
    if (text.empty() || srs.SetFromUserInput(text.c_str()) != OGRERR_NONE)
        throw Error("unknown coordinate reference system '" + text.substr(0, 80) +
                    "': " + gdal::lastError("PROJ gave no reason"));
    // A local (engineering) CRS has no relation to the Earth: nothing can be placed on it.
    if (srs.IsLocal() || !(srs.IsGeographic() || srs.IsProjected()))
        throw Error("coordinate reference system '" +
                    std::string(srs.GetName() ? srs.GetName() : text.substr(0, 80)) +
                    "' is neither geographic nor projected, so positions cannot be placed on it");
    auto info = std::make_shared<Info>();
    char* wkt = nullptr;
    const char* options[] = {"FORMAT=WKT2_2019", nullptr};
    if (srs.exportToWkt(&wkt, options) != OGRERR_NONE || !wkt) {
        CPLFree(wkt);
        throw Error("cannot express coordinate reference system '" + text.substr(0, 80) +
                    "' as WKT: " + gdal::lastError("PROJ gave no reason"));
    }
    info->wkt = wkt;
    CPLFree(wkt);
    info->name = srs.GetName() ? srs.GetName() : "unnamed";
    info->geographic = srs.IsGeographic();
    info->linearUnit = info->geographic ? 0.0 : srs.GetLinearUnits();
    OGRSpatialReference identified(srs);
    if (identified.GetAuthorityName(nullptr) == nullptr)
        identified.AutoIdentifyEPSG();
    if (const char* authority = identified.GetAuthorityName(nullptr))
        if (std::string(authority) == "EPSG")
            if (const char* code = identified.GetAuthorityCode(nullptr))
                info->epsg = std::atoi(code);
    return Crs(std::move(info));
}

Crs Crs::fromEpsg(int code) {
    if (code <= 0)
        throw Error("EPSG code must be positive, got " + std::to_string(code));
    return fromUserInput("EPSG:" + std::to_string(code));
}

Crs Crs::wgs84() {
    return fromEpsg(4326);
}

Crs Crs::utm(int zone, bool south) {
    if (zone < 1 || zone > 60)
        throw Error("UTM zone must be 1..60, got " + std::to_string(zone));
    return fromEpsg((south ? 32700 : 32600) + zone);
}

const std::string& Crs::name() const {
    static const std::string kEmpty;
    return mInfo ? mInfo->name : kEmpty;
}

int Crs::epsg() const noexcept {
    return mInfo ? mInfo->epsg : 0;
}

std::string Crs::label() const {
    if (!mInfo)
        return {};
    return mInfo->epsg > 0 ? "EPSG:" + std::to_string(mInfo->epsg) : mInfo->name;
}

const std::string& Crs::wkt() const {
    static const std::string kEmpty;
    return mInfo ? mInfo->wkt : kEmpty;
}

bool Crs::isGeographic() const noexcept {
    return mInfo && mInfo->geographic;
}

double Crs::linearUnitMetres() const noexcept {
    return mInfo ? mInfo->linearUnit : 0.0;
}

bool Crs::isSame(const Crs& other) const {
    if (!mInfo || !other.mInfo)
        return !mInfo && !other.mInfo;
    if (mInfo == other.mInfo || mInfo->wkt == other.mInfo->wkt)
        return true;
    const gdal::QuietErrors quiet;
    OGRSpatialReference a, b;
    if (a.importFromWkt(mInfo->wkt.c_str()) != OGRERR_NONE ||
        b.importFromWkt(other.mInfo->wkt.c_str()) != OGRERR_NONE)
        return false;
    const char* options[] = {"IGNORE_DATA_AXIS_TO_SRS_AXIS_MAPPING=YES", nullptr};
    return a.IsSame(&b, options) != 0;
}

} // namespace orinet
