#pragma once

#include "geo/geopoint.h"

#include <opencv2/core/mat.hpp>

namespace orinet {

class TownMap;

//! A rendered panorama and what each pixel shows.
struct RenderedPanorama {
    cv::Mat colour; //!< CV_8UC3, BGR
    cv::Mat labels; //!< CV_8UC1, SceneClass values
};

//! Renders north-aligned 360° panoramas of a TownMap by marching each column's ray over the
//! height field (a "voxel space" renderer: one march per column, every row filled from the
//! nearest surface it meets). The ground and roofs show the same orthophoto pixels the
//! satellite tiles are cut from; facades and tree crowns come from TownMap::sideColour().
//!
//! Conventions (docs/model.md, "Orientation maps"): column c looks at yaw = -π + c·2π/(W-1) (0 =
//! north, +π/2 = east); row r at pitch = (r - (H-1)/2)·2π/(W-1), row 0 looking up. A rows = cols/2
//! panorama is therefore a full sphere (CVACT); 224:1232 gives CVUSA's band of about ±33°.
//!
//! Thread-safe: render() is const and only reads the map.
class PanoramaRenderer {
public:
    //! The map must outlive the renderer.
    explicit PanoramaRenderer(const TownMap& map);

    //! Camera `cameraHeight` metres above the ground at `position`. Throws orinet::Error when
    //! the size is too small (rows < 1, cols < 2) or the position is outside the map.
    RenderedPanorama render(const UtmPoint& position, double cameraHeight, int rows,
                            int cols) const;

    static double yaw(int col, int cols);
    static double pitch(int row, int rows, int cols);

private:
    const TownMap& mMap;
};

} // namespace orinet
