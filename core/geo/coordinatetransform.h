#pragma once

#include "geo/crs.h"

#include <opencv2/core/types.hpp>

#include <memory>
#include <vector>

namespace orinet {

//! Reprojects points from one CRS to another through PROJ (OGRCoordinateTransformation).
//! Points are x first (easting or longitude) in both CRSs, see Crs.
//!
//! Threading: one thread at a time (PROJ transformation objects are not re-entrant); give each
//! worker its own transform. Construction costs about a millisecond, a point well under a
//! microsecond, so batch the points of a layer into one call.
class CoordinateTransform {
public:
    //! Throws orinet::Error when either CRS is invalid or PROJ finds no transformation.
    CoordinateTransform(const Crs& source, const Crs& target);
    ~CoordinateTransform();
    CoordinateTransform(CoordinateTransform&&) noexcept;
    CoordinateTransform& operator=(CoordinateTransform&&) noexcept;

    const Crs& source() const noexcept;
    const Crs& target() const noexcept;
    //! Source and target are the same CRS: points pass unchanged (and exactly).
    bool isIdentity() const noexcept;

    //! Transforms in place. Returns how many points failed; those become NaN (outside the
    //! projection's domain, non-finite input).
    size_t transform(std::vector<cv::Point2d>& points) const;
    //! One point; throws orinet::Error naming both CRSs when it cannot be transformed.
    cv::Point2d transform(const cv::Point2d& point) const;

private:
    struct Impl;
    std::unique_ptr<Impl> mImpl;
};

} // namespace orinet
