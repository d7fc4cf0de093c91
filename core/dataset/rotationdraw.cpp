#include "dataset/rotationdraw.h"

#include "common/error.h"

namespace orinet {

RotationDraw rotationDrawFromString(const std::string& text) {
    if (text == "original")
        return RotationDraw::Original;
    if (text == "uniform")
        return RotationDraw::Uniform;
    throw Error("unknown rotation draw '" + text + "' (known: original, uniform)");
}

std::string toString(RotationDraw rotation) {
    return rotation == RotationDraw::Uniform ? "uniform" : "original";
}

} // namespace orinet
