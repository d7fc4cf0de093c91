#pragma once

#include "dataset/inputpreset.h"

#include <cstdint>
#include <string>

namespace orinet {

//! Everything that fixes the shape and behaviour of an OriNet network. Stored in every
//! checkpoint (as JSON) so a checkpoint alone is enough to rebuild its network.
struct ModelConfig {
    InputPreset preset = InputPreset::byName("paper");
    OrientationMode orientation = OrientationMode::Input;
    //! "cpu" or "cuda" / "cuda:N"; the same code runs on a CUDA build of LibTorch.
    std::string device = "cpu";
    //! Seed of the weight initialisation.
    uint64_t initSeed = 0;

    std::string toJson() const;
    //! Throws orinet::Error (naming `source`) for missing or invalid fields, and for a preset
    //! whose name or sizes are not one of InputPreset::all().
    static ModelConfig fromJson(const std::string& json, const std::string& source = {});
};

} // namespace orinet
