#pragma once

#include "geo/geopoint.h"

namespace orinet {

//! Mean Earth radius (IUGG), the usual choice for the haversine formula.
constexpr double kEarthRadiusMetres = 6371008.8;

//! Great-circle distance on a sphere of kEarthRadiusMetres. Good to ~0.5 % anywhere; use it
//! for positions in different UTM zones.
double haversineDistance(const LatLon& a, const LatLon& b);

//! Euclidean distance in metres of two UTM positions, as CVACT's evaluation measures it
//! (geo-recall within d metres, the 25 m negative mask). +infinity when both zones are known
//! and differ (zone or hemisphere): planar distances across zones mean nothing. A position of
//! unknown zone is taken to lie in the other's zone.
double utmDistance(const UtmPosition& a, const UtmPosition& b);

} // namespace orinet
