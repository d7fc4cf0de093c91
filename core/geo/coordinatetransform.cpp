#include "geo/coordinatetransform.h"

#include "common/error.h"
#include "geo/gdalsupport_p.h"

#include <ogr_spatialref.h>

#include <cmath>
#include <limits>

namespace orinet {

namespace {

struct TransformDeleter {
    void operator()(OGRCoordinateTransformation* t) const {
        OGRCoordinateTransformation::DestroyCT(t);
    }
};

} // namespace

struct CoordinateTransform::Impl {
    Crs source;
    Crs target;
    bool identity = false;
    std::unique_ptr<OGRCoordinateTransformation, TransformDeleter> transform;
};

CoordinateTransform::CoordinateTransform(const Crs& source, const Crs& target)
    : mImpl(std::make_unique<Impl>()) {
    if (!source.isValid() || !target.isValid())
        throw Error(
            "cannot reproject: " + std::string(source.isValid() ? "the target" : "the source") +
            " coordinate reference system is unknown");
    mImpl->source = source;
    mImpl->target = target;
    mImpl->identity = source.isSame(target);
    if (mImpl->identity)
        return;
    const gdal::QuietErrors quiet;
    OGRSpatialReference from, to;
    if (from.importFromWkt(source.wkt().c_str()) != OGRERR_NONE ||
        to.importFromWkt(target.wkt().c_str()) != OGRERR_NONE)
        throw Error("cannot read the WKT of " + source.label() + " or " + target.label() + ": " +
                    gdal::lastError("PROJ gave no reason"));
    // x = easting/longitude in and out, whatever the authority's axis order.
    from.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    to.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    mImpl->transform.reset(OGRCreateCoordinateTransformation(&from, &to));
    if (!mImpl->transform)
        throw Error("PROJ has no transformation from " + source.label() + " to " + target.label() +
                    ": " + gdal::lastError("PROJ gave no reason"));
}

CoordinateTransform::~CoordinateTransform() = default;
CoordinateTransform::CoordinateTransform(CoordinateTransform&&) noexcept = default;
CoordinateTransform& CoordinateTransform::operator=(CoordinateTransform&&) noexcept = default;

const Crs& CoordinateTransform::source() const noexcept {
    return mImpl->source;
}

const Crs& CoordinateTransform::target() const noexcept {
    return mImpl->target;
}

bool CoordinateTransform::isIdentity() const noexcept {
    return mImpl->identity;
}

size_t CoordinateTransform::transform(std::vector<cv::Point2d>& points) const {
    constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
    size_t failed = 0;
    if (mImpl->identity) {
        for (cv::Point2d& p : points)
            if (!std::isfinite(p.x) || !std::isfinite(p.y)) {
                p = {kNaN, kNaN};
                ++failed;
            }
        return failed;
    }
    if (points.empty())
        return 0;
    std::vector<double> x(points.size()), y(points.size());
    std::vector<int> ok(points.size(), FALSE);
    for (size_t i = 0; i < points.size(); ++i) {
        x[i] = points[i].x;
        y[i] = points[i].y;
    }
    const gdal::QuietErrors quiet;
    mImpl->transform->Transform(static_cast<int>(points.size()), x.data(), y.data(), nullptr,
                                ok.data());
    for (size_t i = 0; i < points.size(); ++i) {
        if (ok[i] && std::isfinite(x[i]) && std::isfinite(y[i])) {
            points[i] = {x[i], y[i]};
        } else {
            points[i] = {kNaN, kNaN};
            ++failed;
        }
    }
    return failed;
}

cv::Point2d CoordinateTransform::transform(const cv::Point2d& point) const {
    std::vector<cv::Point2d> one{point};
    if (transform(one) != 0)
        throw Error("cannot transform (" + std::to_string(point.x) + ", " +
                    std::to_string(point.y) + ") from " + mImpl->source.label() + " to " +
                    mImpl->target.label());
    return one.front();
}

} // namespace orinet
