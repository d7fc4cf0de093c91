#pragma once

#include "geo/geopoint.h"

#include <cstdint>
#include <vector>

namespace orinet::metrics {

//! geo-recall@1..top (CVACT "RecallGeo"): element K-1 is the fraction of queries for which any
//! of its K nearest gallery items lies within `metres` (utmDistance() <= metres) of the query.
//!
//! `topIds` holds queryCount x k gallery indices, nearest first (k >= top; negative = none).
//! Throws orinet::Error for mismatched sizes, top > k, an id outside the gallery or
//! metres < 0.
std::vector<double> geoRecallCurve(const std::vector<int64_t>& topIds, int64_t k,
                                   const std::vector<UtmPosition>& queryPositions,
                                   const std::vector<UtmPosition>& galleryPositions, double metres,
                                   int64_t top);

} // namespace orinet::metrics
