#pragma once

#include <opencv2/core/mat.hpp>

namespace orinet {

//! Per-pixel orientation maps (docs/model.md, "Orientation maps"), the paper's key idea: every
//! input pixel also says in which direction it looks.
//!
//! Conventions, shared by panoramas and tiles so that one physical direction gets one value:
//! - Ground panorama (equirectangular, 360° wide, H x W): yaw = -π + c·2π/(W-1) (left column -π,
//!   right column +π, centre 0); pitch = (r - (H-1)/2)·2π/(W-1) (row 0 negative).
//! - Satellite tile (S x S, north up): azimuth = angle of (pixel - centre) clockwise from north
//!   (image up), in (-π, π], seam pointing south: north 0, east +π/2, west -π/2, south +π.
//!   radius = distance from the centre ((S-1)/2, (S-1)/2) divided by S/2.
//!   Pixels outside the inscribed circle (radius > 1) have both values 0; the exact centre has
//!   azimuth 0.
//! - Network channels: ground (yaw/π, pitch/π); satellite (azimuth/π, (radius-0.5)·2), both 0
//!   outside the inscribed circle.
//!
//! Raw maps are CV_64FC2 in radians (channel 0 yaw/azimuth, channel 1 pitch/radius); network
//! channels are CV_32FC2.
class OrientationMap {
public:
    static cv::Mat groundRaw(int rows, int cols);
    static cv::Mat satelliteRaw(int size);

    static cv::Mat groundChannels(int rows, int cols);
    static cv::Mat satelliteChannels(int size);

    //! Converts a raw ground map (possibly cropped/resized) to network channels.
    static cv::Mat groundChannelsFromRaw(const cv::Mat& raw);

    //! The CVACT path: the map of a full rows x cols panorama (832 x 1664 for CVACT), cropped
    //! to its middle half of rows like the image, then resized to target with area
    //! interpolation. Returns a raw CV_64FC2 map of the target size.
    static cv::Mat cvactGroundRaw(int panoramaRows, int panoramaCols, cv::Size target);
};

} // namespace orinet
