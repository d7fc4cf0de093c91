#include "dataset/inputpreset.h"

#include "common/error.h"

namespace orinet {

std::vector<InputPreset> InputPreset::all() {
    return {{"paper", 224, 1232, 512}, {"small", 112, 616, 256}, {"tiny", 56, 308, 128}};
}

InputPreset InputPreset::byName(const std::string& name) {
    std::string known;
    for (const InputPreset& p : all()) {
        if (p.name == name)
            return p;
        known += (known.empty() ? "" : ", ") + p.name;
    }
    throw Error("unknown input preset '" + name + "' (known: " + known + ")");
}

int inputChannels(OrientationMode mode) {
    return mode == OrientationMode::Input ? 5 : 3;
}

} // namespace orinet
