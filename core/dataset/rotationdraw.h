#pragma once

#include <string>

namespace orinet {

//! How training draws the satellite tile's quarter turn (docs/dataset-formats.md).
enum class RotationDraw {
    //! As the released code: randint(0, 4) inclusive times 90°, so 0° (0 or 4) with
    //! probability 0.4 and each other quarter turn 0.2.
    Original,
    //! Each of the four quarter turns with probability 0.25.
    Uniform,
};

//! "original" | "uniform"; throws orinet::Error listing the names.
RotationDraw rotationDrawFromString(const std::string& text);
std::string toString(RotationDraw rotation);

} // namespace orinet
