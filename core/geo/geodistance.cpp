#include "geo/geodistance.h"

#include <cmath>
#include <limits>

namespace orinet {

double haversineDistance(const LatLon& a, const LatLon& b) {
    constexpr double kDegree = M_PI / 180.0;
    const double dLat = (b.latitude - a.latitude) * kDegree;
    const double dLon = (b.longitude - a.longitude) * kDegree;
    const double s = std::sin(dLat / 2) * std::sin(dLat / 2) +
                     std::cos(a.latitude * kDegree) * std::cos(b.latitude * kDegree) *
                         std::sin(dLon / 2) * std::sin(dLon / 2);
    // clamp: rounding can push s a hair above 1 for antipodal points
    return 2.0 * kEarthRadiusMetres * std::asin(std::sqrt(std::min(1.0, s)));
}

double utmDistance(const UtmPosition& a, const UtmPosition& b) {
    if (a.hasZone() && b.hasZone() && (a.zone != b.zone || a.south != b.south))
        return std::numeric_limits<double>::infinity();
    return std::hypot(a.easting - b.easting, a.northing - b.northing);
}

} // namespace orinet
