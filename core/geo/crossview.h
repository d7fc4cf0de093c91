#pragma once

#include <opencv2/core/types.hpp>

#include <string>

namespace orinet {

//! The cross-view geometry that links a panorama to its satellite tile and to the map, in the
//! conventions of docs/geometry.md (the same as the orientation maps): a panorama column looks
//! at yaw = −π + c·2π/(W−1), 0 = north at the centre column, +π/2 = east; row r at
//! pitch = (r − (H−1)/2)·2π/(W−1), negative = up; a tile is north up with its centre at
//! ((S−1)/2, (S−1)/2) and azimuth measured clockwise from north (image up) in (−π, π].
//! One physical direction has one value as yaw and as azimuth.
//!
//! Pixel coordinates are continuous with pixel centres at integers (OpenCV's convention).
//! Pure functions on plain numbers; any thread.
namespace crossview {

//! The angle in (−π, π].
double wrap(double radians);

//! Yaw of (the centre of) column `column` of a `width`-pixel-wide panorama.
double yawOfColumn(double column, int width);
//! The column looking at `yaw` (wrapped), in [0, W−1]; the seam (±π) maps to column 0.
double columnOfYaw(double yaw, int width);
//! Pitch of row `row` of a height x width panorama (negative above the horizon).
double pitchOfRow(double row, int height, int width);
double rowOfPitch(double pitch, int height, int width);

//! The CVACT crop (docs/dataset-formats.md): the network sees the middle half of the rows of
//! a `sourceRows`-row panorama resized to `shownRows`. Row of the source for a shown row and
//! back (area resize: shown pixel i covers source rows sourceRows/4 + [i, i+1)·scale).
double cvactSourceRow(double shownRow, int shownRows, int sourceRows);
double cvactShownRow(double sourceRow, int shownRows, int sourceRows);

//! Azimuth of a tile pixel seen from the tile centre (0 at the centre itself).
double azimuthOfTilePixel(const cv::Point2d& pixel, int size);
//! Distance of a tile pixel from the tile centre, in pixels.
double tileDistance(const cv::Point2d& pixel, int size);
//! The tile pixel `distance` pixels from the centre towards `azimuth`.
cv::Point2d tilePixelAt(double azimuth, double distance, int size);
//! Where the ray from the centre towards `azimuth` leaves the tile: a point on its border
//! (pixel centres span [0, S−1]).
cv::Point2d tileBorderPoint(double azimuth, int size);

//! Horizontal distance to the flat ground seen at `pitch` by a camera `cameraHeight` metres
//! above it; +infinity at and above the horizon (pitch <= 0).
double groundDistance(double pitch, double cameraHeight);

//! The 16-wind compass name of an azimuth: "N", "NNE", "NE", ..., "NNW".
std::string compassName(double azimuth);

} // namespace crossview
} // namespace orinet
