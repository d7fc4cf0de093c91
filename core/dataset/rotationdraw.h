#pragma once

#include "common/enumnames.h"

namespace orinet {

//! How training draws the satellite tile's quarter turn (docs/dataset-formats.md).
enum class RotationDraw {
    //! As the released code: randint(0, 4) inclusive times 90°, so 0° (0 or 4) with
    //! probability 0.4 and each other quarter turn 0.2.
    Original,
    //! Each of the four quarter turns with probability 0.25.
    Uniform,
};

template <> struct EnumNames<RotationDraw> {
    static constexpr const char* kind = "rotation draw";
    static constexpr std::array<std::pair<RotationDraw, const char*>, 2> names{
        {{RotationDraw::Original, "original"}, {RotationDraw::Uniform, "uniform"}}};
};

} // namespace orinet
