#include "model/normalization.h"

#include "common/error.h"

namespace orinet {

std::string toString(Normalization mode) {
    switch (mode) {
    case Normalization::Original:
        return "original";
    case Normalization::Recalibrated:
        return "recalibrated";
    case Normalization::Running:
        return "running";
    }
    return "running";
}

Normalization normalizationFromString(const std::string& text) {
    for (Normalization mode : allNormalizations())
        if (toString(mode) == text)
            return mode;
    throw Error("unknown BatchNorm mode '" + text + "' (known: original, recalibrated, running)");
}

std::vector<Normalization> allNormalizations() {
    return {Normalization::Original, Normalization::Recalibrated, Normalization::Running};
}

} // namespace orinet
