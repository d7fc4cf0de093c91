#include "dataset/imagecheck.h"

namespace orinet {

std::string ImageCheck::shapeProblem(DatasetLayout layout, bool panorama, const ImageHeader& h) {
    const std::string size = std::to_string(h.width) + "x" + std::to_string(h.height);
    if (panorama) {
        if (h.height < 2 || h.width <= h.height)
            return "panorama is " + size + " (width x height); expected wider than tall";
        if (layout == DatasetLayout::Cvact && h.width != 2 * h.height)
            return "CVACT panorama is " + size +
                   "; expected a full 2:1 panorama (1664x832) whose middle rows are cropped";
        return {};
    }
    if (h.width != h.height || h.width < 3)
        return "satellite tile is " + size + "; expected square (at least 3x3)";
    return {};
}

} // namespace orinet
