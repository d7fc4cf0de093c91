#pragma once

#include "common/enumnames.h"

#include <string>
#include <vector>

namespace orinet {

//! Network input sizes. "paper" is the published setting; the smaller presets keep the same
//! aspect ratios for CPU work. The CVACT crop is always "middle half of the rows" before
//! resizing to groundRows x groundCols.
struct InputPreset {
    std::string name;
    int groundRows = 224;
    int groundCols = 1232;
    int satelliteSize = 512;

    //! "paper" (224x1232 / 512), "small" (112x616 / 256), "tiny" (56x308 / 128).
    //! Throws orinet::Error listing the known names.
    static InputPreset byName(const std::string& name);
    static std::vector<InputPreset> all();
};

//! Whether the network gets the two orientation channels (the paper's released variant) or
//! only colour (the ablation).
enum class OrientationMode { Input, None };

template <> struct EnumNames<OrientationMode> {
    static constexpr const char* kind = "orientation mode";
    static constexpr std::array<std::pair<OrientationMode, const char*>, 2> names{
        {{OrientationMode::Input, "input"}, {OrientationMode::None, "none"}}};
};
//! 5 with orientation, 3 without.
int inputChannels(OrientationMode mode);

} // namespace orinet
