#include "dataset/tileresolution.h"

#include "dataset/querygallery.h"
#include "geo/geodistance.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace orinet {

TileResolution TileResolution::estimate(const QueryGallery& truth) {
    TileResolution result;
    if (!truth.hasOffsets() || truth.positionKind() == QueryGallery::PositionKind::None)
        return result;
    std::map<std::string, std::vector<double>> ratios;
    auto add = [&](int64_t query, int item, const QueryGallery::PixelOffset& offset) {
        const double pixels = std::hypot(offset.row, offset.col);
        if (!(pixels >= kMinimumOffset))
            return;
        ratios[truth.galleryItem(item).group].push_back(truth.distanceMetres(query, item) / pixels);
    };
    for (int64_t q = 0; q < truth.queryCount(); ++q) {
        add(q, truth.positive(q), truth.positiveOffset(q));
        const std::vector<int> semis = truth.semiPositives(q);
        const std::vector<QueryGallery::PixelOffset> offsets = truth.semiOffsets(q);
        for (size_t k = 0; k < semis.size() && k < offsets.size(); ++k)
            add(q, semis[k], offsets[k]);
    }
    for (auto& [group, values] : ratios) {
        // The upper median of an even count: one of the measured ratios, not a mean of two.
        const auto middle = values.begin() + static_cast<std::ptrdiff_t>(values.size() / 2);
        std::nth_element(values.begin(), middle, values.end());
        result.mGroups[group] = {*middle, static_cast<int64_t>(values.size())};
    }
    return result;
}

std::optional<double> TileResolution::metresPerPixel(const std::string& group) const {
    const auto found = mGroups.find(group);
    if (found == mGroups.end())
        return std::nullopt;
    return found->second.metresPerPixel;
}

int64_t TileResolution::samples(const std::string& group) const {
    const auto found = mGroups.find(group);
    return found == mGroups.end() ? 0 : found->second.samples;
}

} // namespace orinet
