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
    case Normalization::Adapted:
        return "adapted";
    }
    return "running";
}

Normalization normalizationFromString(const std::string& text) {
    for (Normalization mode : allNormalizations())
        if (toString(mode) == text)
            return mode;
    std::string known;
    for (Normalization mode : allNormalizations())
        known += (known.empty() ? "" : ", ") + toString(mode);
    throw Error("unknown BatchNorm mode '" + text + "' (known: " + known + ")");
}

std::vector<Normalization> allNormalizations() {
    return {Normalization::Original, Normalization::Recalibrated, Normalization::Running,
            Normalization::Adapted};
}

} // namespace orinet
