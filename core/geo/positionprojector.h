#pragma once

#include "geo/crs.h"

#include <opencv2/core/types.hpp>

#include <map>
#include <memory>
#include <optional>
#include <vector>

namespace orinet {

class CoordinateTransform;
struct PairRecord;

//! Places dataset positions on a map in any CRS: UTM positions (any zone, either hemisphere)
//! and WGS84 latitude/longitude are reprojected through PROJ, one transformation per source
//! CRS, built on first use.
//!
//! Threading: one thread at a time (it owns PROJ transformations); a worker that projects a
//! whole dataset creates its own.
class PositionProjector {
public:
    //! Throws orinet::Error when `target` is invalid.
    explicit PositionProjector(const Crs& target);
    ~PositionProjector();
    PositionProjector(PositionProjector&&) noexcept;
    PositionProjector& operator=(PositionProjector&&) noexcept;

    const Crs& target() const noexcept { return mTarget; }

    //! The pair's position in the target CRS: from its UTM position when it has one, else from
    //! its latitude/longitude; nothing when it has neither or PROJ cannot transform it. A UTM
    //! position of unknown zone (zone 0) without latitude/longitude is taken as is, i.e. in the
    //! target's own grid.
    std::optional<cv::Point2d> project(const PairRecord& pair);
    //! All pairs at once (NaN where a pair has no usable position); much faster than one by
    //! one for large datasets.
    std::vector<cv::Point2d> project(const std::vector<PairRecord>& pairs);
    //! A point of `source` in the target CRS (throws orinet::Error when it cannot).
    cv::Point2d project(const Crs& source, const cv::Point2d& point);

    //! A sensible projected map CRS for pairs without a raster: the UTM zone of the first pair
    //! with a position; invalid when none has one.
    static Crs mapCrsFor(const std::vector<PairRecord>& pairs);

private:
    CoordinateTransform& transformFrom(int key, const Crs& source);

    Crs mTarget;
    //! Keyed by EPSG code of the source (4326 or 326zz/327zz).
    std::map<int, std::unique_ptr<CoordinateTransform>> mTransforms;
};

} // namespace orinet
