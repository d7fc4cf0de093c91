#pragma once

#include <cstdint>
#include <vector>

namespace orinet::metrics {

//! A position in UTM metres. zone 0 means "unknown": two positions with a known zone are only
//! comparable in the same zone and hemisphere; otherwise they are taken to share one.
struct GeoPoint {
    double easting = 0;
    double northing = 0;
    int zone = 0;
    bool south = false;
};

//! Euclidean distance in metres; +infinity for positions in different known UTM zones.
double utmDistance(const GeoPoint& a, const GeoPoint& b);

//! geo-recall@1..top (CVACT "RecallGeo"): element K-1 is the fraction of queries for which any
//! of its K nearest gallery items lies within `metres` (distance <= metres) of the query.
//!
//! `topIds` holds queryCount x k gallery indices, nearest first (k >= top; negative = none).
//! Throws orinet::Error for mismatched sizes, top > k, an id outside the gallery or
//! metres < 0.
std::vector<double> geoRecallCurve(const std::vector<int64_t>& topIds, int64_t k,
                                   const std::vector<GeoPoint>& queryPositions,
                                   const std::vector<GeoPoint>& galleryPositions, double metres,
                                   int64_t top);

} // namespace orinet::metrics
