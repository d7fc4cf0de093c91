#include "geo/positionprojector.h"

#include "common/error.h"
#include "dataset/pairrecord.h"
#include "geo/coordinatetransform.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace orinet {

namespace {

int utmEpsg(const UtmPosition& p) {
    return (p.south ? 32700 : 32600) + p.zone;
}

bool validZone(const UtmPosition& p) {
    return p.zone >= 1 && p.zone <= 60;
}

} // namespace

PositionProjector::PositionProjector(const Crs& target)
    : mTarget(target) {
    if (!target.isValid())
        throw Error("positions cannot be placed on a map without a coordinate reference system");
}

PositionProjector::~PositionProjector() = default;
PositionProjector::PositionProjector(PositionProjector&&) noexcept = default;
PositionProjector& PositionProjector::operator=(PositionProjector&&) noexcept = default;

CoordinateTransform& PositionProjector::transformFrom(int key, const Crs& source) {
    auto it = mTransforms.find(key);
    if (it == mTransforms.end())
        it = mTransforms.emplace(key, std::make_unique<CoordinateTransform>(source, mTarget)).first;
    return *it->second;
}

Crs PositionProjector::mapCrsFor(const std::vector<PairRecord>& pairs) {
    for (const PairRecord& pair : pairs) {
        if (pair.utm && validZone(*pair.utm))
            return Crs::utm(pair.utm->zone, pair.utm->south);
        if (pair.latLon) {
            const double lat = pair.latLon->latitude, lon = pair.latLon->longitude;
            const int zone =
                std::clamp(static_cast<int>(std::floor((lon + 180.0) / 6.0)) + 1, 1, 60);
            return Crs::utm(zone, lat < 0);
        }
    }
    return {};
}

cv::Point2d PositionProjector::project(const Crs& source, const cv::Point2d& point) {
    const int key = source.epsg() > 0 ? source.epsg() : -1;
    if (key < 0)
        return CoordinateTransform(source, mTarget).transform(point);
    return transformFrom(key, source).transform(point);
}

std::optional<cv::Point2d> PositionProjector::project(const PairRecord& pair) {
    std::vector<PairRecord> one{pair};
    const cv::Point2d p = project(one).front();
    if (!std::isfinite(p.x) || !std::isfinite(p.y))
        return std::nullopt;
    return p;
}

std::vector<cv::Point2d> PositionProjector::project(const std::vector<PairRecord>& pairs) {
    constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
    std::vector<cv::Point2d> out(pairs.size(), cv::Point2d(kNaN, kNaN));
    // Group by source CRS so each PROJ call transforms a whole batch.
    std::map<int, std::vector<size_t>> groups;
    for (size_t i = 0; i < pairs.size(); ++i) {
        const PairRecord& p = pairs[i];
        if (p.utm && validZone(*p.utm)) {
            groups[utmEpsg(*p.utm)].push_back(i);
            out[i] = {p.utm->easting, p.utm->northing};
        } else if (p.utm && !p.utm->hasZone() && !p.latLon) {
            // A position of unknown zone can only be taken to be in the map's own grid.
            out[i] = {p.utm->easting, p.utm->northing};
        } else if (p.latLon) {
            groups[4326].push_back(i);
            out[i] = {p.latLon->longitude, p.latLon->latitude}; // x = longitude
        }
    }
    for (const auto& [epsg, members] : groups) {
        std::vector<cv::Point2d> batch;
        batch.reserve(members.size());
        for (size_t i : members)
            batch.push_back(out[i]);
        transformFrom(epsg, Crs::fromEpsg(epsg)).transform(batch);
        for (size_t k = 0; k < members.size(); ++k)
            out[members[k]] = batch[k];
    }
    return out;
}

} // namespace orinet
