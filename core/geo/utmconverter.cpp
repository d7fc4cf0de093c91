#include "geo/utmconverter.h"

#include "common/error.h"

#include <cpl_error.h>
#include <ogr_spatialref.h>

#include <algorithm>
#include <cmath>
#include <mutex>

namespace orinet {

namespace {

struct TransformDeleter {
    void operator()(OGRCoordinateTransformation* t) const {
        OGRCoordinateTransformation::DestroyCT(t);
    }
};
using TransformPtr = std::unique_ptr<OGRCoordinateTransformation, TransformDeleter>;

std::string lastGdalError() {
    const char* message = CPLGetLastErrorMsg();
    return message && *message ? message : "unknown PROJ error";
}

} // namespace

struct UtmConverter::Impl {
    int zone = 0;
    bool south = false;
    OGRSpatialReference geographic;
    OGRSpatialReference utm;
    TransformPtr toUtm;
    TransformPtr toGeographic;
    std::mutex mutex;
};

UtmConverter::UtmConverter(int zone, bool south)
    : mImpl(std::make_unique<Impl>()) {
    if (zone < 1 || zone > 60)
        throw Error("UTM zone must be 1..60, got " + std::to_string(zone));
    mImpl->zone = zone;
    mImpl->south = south;
    // keep PROJ's complaints off stderr; the Error below carries them
    CPLPushErrorHandler(CPLQuietErrorHandler);
    struct PopHandler {
        ~PopHandler() { CPLPopErrorHandler(); }
    } pop;
    if (mImpl->geographic.importFromEPSG(4326) != OGRERR_NONE ||
        mImpl->utm.importFromEPSG(epsg()) != OGRERR_NONE)
        throw Error("cannot load EPSG:" + std::to_string(epsg()) +
                    " from PROJ's database: " + lastGdalError());
    // GDAL 3 follows the authority's axis order (latitude first for EPSG:4326); we always
    // pass longitude as x and easting as x, so ask for the traditional GIS order.
    mImpl->geographic.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    mImpl->utm.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    mImpl->toUtm.reset(OGRCreateCoordinateTransformation(&mImpl->geographic, &mImpl->utm));
    mImpl->toGeographic.reset(OGRCreateCoordinateTransformation(&mImpl->utm, &mImpl->geographic));
    if (!mImpl->toUtm || !mImpl->toGeographic)
        throw Error("cannot create the WGS84 <-> EPSG:" + std::to_string(epsg()) +
                    " transformation: " + lastGdalError());
}

UtmConverter::~UtmConverter() = default;
UtmConverter::UtmConverter(UtmConverter&&) noexcept = default;
UtmConverter& UtmConverter::operator=(UtmConverter&&) noexcept = default;

UtmConverter UtmConverter::canberra() {
    return UtmConverter(55, true);
}

int UtmConverter::zoneForLongitude(double longitude) {
    const double wrapped = longitude - 360.0 * std::floor((longitude + 180.0) / 360.0);
    return std::clamp(static_cast<int>(std::floor((wrapped + 180.0) / 6.0)) + 1, 1, 60);
}

int UtmConverter::zone() const noexcept {
    return mImpl->zone;
}
bool UtmConverter::south() const noexcept {
    return mImpl->south;
}
int UtmConverter::epsg() const noexcept {
    return (mImpl->south ? 32700 : 32600) + mImpl->zone;
}

std::string UtmConverter::wkt() const {
    char* text = nullptr;
    const char* options[] = {"FORMAT=WKT2", nullptr};
    std::lock_guard<std::mutex> lock(mImpl->mutex);
    mImpl->utm.exportToWkt(&text, options);
    std::string out = text ? text : "";
    CPLFree(text);
    return out;
}

UtmPosition UtmConverter::toUtm(const LatLon& position) const {
    if (!(std::abs(position.latitude) <= 90.0) || !std::isfinite(position.longitude))
        throw Error("latitude/longitude out of range: " + std::to_string(position.latitude) + ", " +
                    std::to_string(position.longitude));
    double x = position.longitude;
    double y = position.latitude;
    std::lock_guard<std::mutex> lock(mImpl->mutex);
    if (!mImpl->toUtm->Transform(1, &x, &y))
        throw Error("PROJ cannot convert " + std::to_string(position.latitude) + ", " +
                    std::to_string(position.longitude) + " to EPSG:" + std::to_string(epsg()));
    return {x, y, zone(), south()};
}

LatLon UtmConverter::toLatLon(const UtmPosition& position) const {
    if (position.hasZone() && (position.zone != zone() || position.south != south()))
        throw Error("position in UTM zone " + std::to_string(position.zone) +
                    (position.south ? "S" : "N") + " given to a converter for zone " +
                    std::to_string(zone()) + (south() ? "S" : "N"));
    return toLatLon(position.point());
}

LatLon UtmConverter::toLatLon(const UtmPoint& position) const {
    double x = position.easting;
    double y = position.northing;
    std::lock_guard<std::mutex> lock(mImpl->mutex);
    if (!std::isfinite(x) || !std::isfinite(y) || !mImpl->toGeographic->Transform(1, &x, &y))
        throw Error("PROJ cannot convert easting " + std::to_string(position.easting) +
                    ", northing " + std::to_string(position.northing) +
                    " from EPSG:" + std::to_string(epsg()));
    return {y, x};
}

} // namespace orinet
