#pragma once

#include "geo/geopoint.h"

namespace orinet {

//! Mean Earth radius (IUGG), the usual choice for the haversine formula.
constexpr double kEarthRadiusMetres = 6371008.8;

//! Great-circle distance on a sphere of kEarthRadiusMetres. Good to ~0.5 % anywhere; use it
//! for positions in different UTM zones.
double haversineDistance(const LatLon& a, const LatLon& b);

//! Euclidean distance of two points in the SAME UTM zone, in metres. This is what CVACT's
//! evaluation uses (geo-recall within d metres, the 25 m negative mask).
double utmDistance(const UtmPoint& a, const UtmPoint& b);

} // namespace orinet
