#pragma once

#include "geo/geopoint.h"

#include <cstdint>
#include <string>
#include <vector>

namespace orinet {

class Dataset;

//! A retrieval problem beyond one-to-one pairs (docs/vigor.md): a query set (panoramas), a
//! gallery set (satellite tiles), both with positions, and per query the one positive gallery
//! item and any number of semi-positives (VIGOR: the other tiles that also cover the
//! panorama), with the panorama's pixel offset in each where the index records it.
//!
//! CVUSA, CVACT and pairs.csv datasets are the special case fromSplit() builds: the gallery is
//! the queries' own tiles in the same order, query i's positive is gallery item i and nobody has
//! semi-positives. Dataset and PairRecord are untouched by this class: the 1:1 code paths do
//! not build it, so they cost what they did before.
//!
//! Threading: an immutable value once built; read it from any number of threads.
class QueryGallery {
public:
    //! One image of either side.
    struct Item {
        std::string name;  //!< file name as the index lists it (VIGOR) or the pair id (1:1)
        std::string path;  //!< absolute
        std::string group; //!< VIGOR: the city; empty for 1:1 datasets
    };
    //! Where a panorama lies in a tile, in that tile's pixels as the index stores it (VIGOR's
    //! "delta": row and column offsets, sign and units in docs/vigor.md).
    struct PixelOffset {
        double row = 0;
        double col = 0;
    };
    //! Which positions the items carry; distances are haversine for LatLon, planar for Utm.
    enum class PositionKind { None, LatLon, Utm };

    //! The 1:1 case: the pairs of `split`, queries = panoramas, gallery = their tiles. Positions
    //! are lat/lon when every pair has one, else UTM when every pair has one, else none.
    static QueryGallery fromSplit(const Dataset& dataset, const std::string& split);

    //! Builder for readers: add every gallery item first, then the queries. Throws
    //! orinet::Error when an index is outside the gallery or the positions' kind differs from
    //! the one given to the first item.
    int addGalleryItem(Item item, const LatLon& position);
    int addGalleryItem(Item item, const UtmPosition& position);
    int addGalleryItem(Item item);
    //! `semiPositives` and `semiOffsets` (empty, or one per semi-positive) for this query.
    int addQuery(Item item, const LatLon& position, int positive,
                 const std::vector<int>& semiPositives = {},
                 const std::vector<PixelOffset>& semiOffsets = {},
                 const PixelOffset* positiveOffset = nullptr);
    int addQuery(Item item, const UtmPosition& position, int positive,
                 const std::vector<int>& semiPositives = {});
    int addQuery(Item item, int positive);

    //! The same gallery with only the queries `queries` (indices, in the order given), each with
    //! its positive, semi-positives, offsets and position: a held-out share of a split, say.
    //! Throws orinet::Error for an index that is no query.
    QueryGallery withQueries(const std::vector<int64_t>& queries) const;

    int64_t queryCount() const noexcept { return static_cast<int64_t>(mQueries.size()); }
    int64_t galleryCount() const noexcept { return static_cast<int64_t>(mGallery.size()); }
    const Item& query(int64_t i) const { return mQueries.at(static_cast<size_t>(i)); }
    const Item& galleryItem(int64_t i) const { return mGallery.at(static_cast<size_t>(i)); }

    int positive(int64_t query) const { return mPositive.at(static_cast<size_t>(query)); }
    //! The semi-positives of `query` (gallery indices), in index order.
    std::vector<int> semiPositives(int64_t query) const;
    //! True when gallery item `item` is `query`'s positive or one of its semi-positives: what
    //! training must never use as a negative for that query.
    bool covers(int64_t query, int64_t item) const;
    //! Offsets are known when the index recorded them (VIGOR); false for 1:1 datasets.
    bool hasOffsets() const noexcept { return !mPositiveOffset.empty(); }
    PixelOffset positiveOffset(int64_t query) const;
    std::vector<PixelOffset> semiOffsets(int64_t query) const;

    PositionKind positionKind() const noexcept { return mKind; }
    //! Distance in metres between a query's position and a gallery item's position (haversine
    //! for lat/lon, utmDistance() for UTM). Throws orinet::Error when there are no positions.
    double distanceMetres(int64_t query, int64_t item) const;
    LatLon queryLatLon(int64_t i) const { return mQueryLatLon.at(static_cast<size_t>(i)); }
    LatLon galleryLatLon(int64_t i) const { return mGalleryLatLon.at(static_cast<size_t>(i)); }

private:
    void setKind(PositionKind kind);
    int checkedAddQuery(Item item, int positive, const std::vector<int>& semiPositives);

    std::vector<Item> mQueries;
    std::vector<Item> mGallery;
    std::vector<int> mPositive;
    //! Compressed rows: query q's semi-positives are mSemi[mSemiStart[q] .. mSemiStart[q+1]).
    std::vector<uint32_t> mSemiStart{0};
    std::vector<int> mSemi;
    std::vector<PixelOffset> mPositiveOffset; //!< empty, or one per query
    std::vector<PixelOffset> mSemiOffset;     //!< empty, or parallel to mSemi
    PositionKind mKind = PositionKind::None;
    bool mKindSet = false;
    std::vector<LatLon> mQueryLatLon, mGalleryLatLon;
    std::vector<UtmPosition> mQueryUtm, mGalleryUtm;
};

} // namespace orinet
