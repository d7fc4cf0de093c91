#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>

namespace orinet {

class QueryGallery;

//! The ground size of a tile pixel per group (VIGOR: per city), estimated from the index
//! itself: a label row gives the panorama's offset in pixels from the tile's centre, and the
//! file names give both positions, so metres / pixels is the resolution the offsets were made
//! with. VIGOR's code assumes 0.114 m everywhere while its README warns that the cities differ
//! (docs/vigor.md, "The layout as released"); a dataset of one's own area has the resolution
//! it was cut at. The median over every (panorama, covering tile) pair with an offset of at
//! least kMinimumOffset pixels (shorter ones say little about the scale).
//!
//! Threading: an immutable value once estimated.
class TileResolution {
public:
    static constexpr double kMinimumOffset = 4;

    //! Estimates every group of `truth` that has offsets and positions; groups without either
    //! are absent (the footprint is then unknown).
    static TileResolution estimate(const QueryGallery& truth);

    //! Metres per tile pixel of `group`, or nothing when it could not be estimated.
    std::optional<double> metresPerPixel(const std::string& group) const;
    //! How many (panorama, tile) pairs the estimate of `group` rests on; 0 without one.
    int64_t samples(const std::string& group) const;

private:
    struct Estimate {
        double metresPerPixel = 0;
        int64_t samples = 0;
    };
    std::map<std::string, Estimate> mGroups;
};

} // namespace orinet
