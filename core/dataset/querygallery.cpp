#include "dataset/querygallery.h"

#include "common/error.h"
#include "dataset/dataset.h"
#include "geo/geodistance.h"

#include <algorithm>

namespace orinet {

namespace {

const char* kindName(QueryGallery::PositionKind kind) {
    switch (kind) {
    case QueryGallery::PositionKind::None:
        return "no position";
    case QueryGallery::PositionKind::LatLon:
        return "lat/lon";
    case QueryGallery::PositionKind::Utm:
        return "UTM";
    }
    return "?";
}

} // namespace

QueryGallery QueryGallery::fromSplit(const Dataset& dataset, const std::string& split) {
    const std::vector<size_t>& indices = dataset.split(split);
    const std::vector<PairRecord>& pairs = dataset.pairs();
    const bool allLatLon = std::all_of(indices.begin(), indices.end(),
                                       [&](size_t i) { return pairs[i].latLon.has_value(); });
    const bool allUtm = std::all_of(indices.begin(), indices.end(),
                                    [&](size_t i) { return pairs[i].utm.has_value(); });
    QueryGallery out;
    out.mQueries.reserve(indices.size());
    out.mGallery.reserve(indices.size());
    out.mPositive.reserve(indices.size());
    out.mSemiStart.reserve(indices.size() + 1);
    for (size_t i : indices) {
        const PairRecord& p = pairs[i];
        if (allLatLon && !indices.empty())
            out.addGalleryItem({p.id, p.satellitePath, {}}, *p.latLon);
        else if (allUtm && !indices.empty())
            out.addGalleryItem({p.id, p.satellitePath, {}}, *p.utm);
        else
            out.addGalleryItem({p.id, p.satellitePath, {}});
    }
    for (size_t k = 0; k < indices.size(); ++k) {
        const PairRecord& p = pairs[indices[k]];
        const int self = static_cast<int>(k);
        if (allLatLon)
            out.addQuery({p.id, p.panoramaPath, {}}, *p.latLon, self);
        else if (allUtm)
            out.addQuery({p.id, p.panoramaPath, {}}, *p.utm, self);
        else
            out.addQuery({p.id, p.panoramaPath, {}}, self);
    }
    return out;
}

void QueryGallery::setKind(PositionKind kind) {
    if (!mKindSet) {
        mKind = kind;
        mKindSet = true;
    } else if (kind != mKind) {
        throw Error(std::string("query/gallery: an item with ") + kindName(kind) +
                    " among items with " + kindName(mKind));
    }
}

int QueryGallery::addGalleryItem(Item item, const LatLon& position) {
    if (!mQueries.empty())
        throw Error("query/gallery: gallery items must be added before the queries");
    setKind(PositionKind::LatLon);
    mGalleryLatLon.push_back(position);
    mGallery.push_back(std::move(item));
    return static_cast<int>(mGallery.size() - 1);
}

int QueryGallery::addGalleryItem(Item item, const UtmPosition& position) {
    if (!mQueries.empty())
        throw Error("query/gallery: gallery items must be added before the queries");
    setKind(PositionKind::Utm);
    mGalleryUtm.push_back(position);
    mGallery.push_back(std::move(item));
    return static_cast<int>(mGallery.size() - 1);
}

int QueryGallery::addGalleryItem(Item item) {
    if (!mQueries.empty())
        throw Error("query/gallery: gallery items must be added before the queries");
    setKind(PositionKind::None);
    mGallery.push_back(std::move(item));
    return static_cast<int>(mGallery.size() - 1);
}

int QueryGallery::checkedAddQuery(Item item, int positive, const std::vector<int>& semi) {
    const int n = static_cast<int>(mGallery.size());
    auto check = [&](int index) {
        if (index < 0 || index >= n)
            throw Error("query/gallery: query '" + item.name + "' refers to gallery item " +
                        std::to_string(index) + " of " + std::to_string(n));
    };
    check(positive);
    for (int s : semi)
        check(s);
    mPositive.push_back(positive);
    mSemi.insert(mSemi.end(), semi.begin(), semi.end());
    mSemiStart.push_back(static_cast<uint32_t>(mSemi.size()));
    mQueries.push_back(std::move(item));
    return static_cast<int>(mQueries.size() - 1);
}

int QueryGallery::addQuery(Item item, const LatLon& position, int positive,
                           const std::vector<int>& semiPositives,
                           const std::vector<PixelOffset>& semiOffsets,
                           const PixelOffset* positiveOffset) {
    setKind(PositionKind::LatLon);
    // offsets: all queries or none, and one per semi-positive
    const bool withOffsets = positiveOffset != nullptr;
    if (!mQueries.empty() && withOffsets != hasOffsets())
        throw Error("query/gallery: query '" + item.name +
                    "': pixel offsets must be given for every query or for none");
    if (withOffsets && semiOffsets.size() != semiPositives.size())
        throw Error("query/gallery: query '" + item.name + "' has " +
                    std::to_string(semiPositives.size()) + " semi-positives but " +
                    std::to_string(semiOffsets.size()) + " offsets");
    const int index = checkedAddQuery(std::move(item), positive, semiPositives);
    mQueryLatLon.push_back(position);
    if (withOffsets) {
        mPositiveOffset.push_back(*positiveOffset);
        mSemiOffset.insert(mSemiOffset.end(), semiOffsets.begin(), semiOffsets.end());
    }
    return index;
}

int QueryGallery::addQuery(Item item, const UtmPosition& position, int positive,
                           const std::vector<int>& semiPositives) {
    setKind(PositionKind::Utm);
    if (hasOffsets())
        throw Error("query/gallery: query '" + item.name + "' lacks the pixel offsets");
    const int index = checkedAddQuery(std::move(item), positive, semiPositives);
    mQueryUtm.push_back(position);
    return index;
}

int QueryGallery::addQuery(Item item, int positive) {
    setKind(PositionKind::None);
    if (hasOffsets())
        throw Error("query/gallery: query '" + item.name + "' lacks the pixel offsets");
    return checkedAddQuery(std::move(item), positive, {});
}

QueryGallery QueryGallery::withQueries(const std::vector<int64_t>& queries) const {
    QueryGallery out = *this;
    out.mQueries.clear();
    out.mPositive.clear();
    out.mSemiStart.assign(1, 0);
    out.mSemi.clear();
    out.mPositiveOffset.clear();
    out.mSemiOffset.clear();
    out.mQueryLatLon.clear();
    out.mQueryUtm.clear();
    for (const int64_t query : queries) {
        const size_t q = static_cast<size_t>(query);
        if (query < 0 || q >= mQueries.size())
            throw Error("query/gallery: no query " + std::to_string(query));
        out.mQueries.push_back(mQueries[q]);
        out.mPositive.push_back(mPositive[q]);
        out.mSemi.insert(out.mSemi.end(), mSemi.begin() + mSemiStart[q],
                         mSemi.begin() + mSemiStart[q + 1]);
        out.mSemiStart.push_back(static_cast<uint32_t>(out.mSemi.size()));
        if (hasOffsets()) {
            out.mPositiveOffset.push_back(mPositiveOffset[q]);
            out.mSemiOffset.insert(out.mSemiOffset.end(), mSemiOffset.begin() + mSemiStart[q],
                                   mSemiOffset.begin() + mSemiStart[q + 1]);
        }
        if (!mQueryLatLon.empty())
            out.mQueryLatLon.push_back(mQueryLatLon[q]);
        if (!mQueryUtm.empty())
            out.mQueryUtm.push_back(mQueryUtm[q]);
    }
    return out;
}

std::vector<int> QueryGallery::semiPositives(int64_t query) const {
    const size_t q = static_cast<size_t>(query);
    if (q >= mQueries.size())
        throw Error("query/gallery: no query " + std::to_string(query));
    return {mSemi.begin() + mSemiStart[q], mSemi.begin() + mSemiStart[q + 1]};
}

bool QueryGallery::covers(int64_t query, int64_t item) const {
    const size_t q = static_cast<size_t>(query);
    if (q >= mQueries.size())
        throw Error("query/gallery: no query " + std::to_string(query));
    if (mPositive[q] == item)
        return true;
    return std::find(mSemi.begin() + mSemiStart[q], mSemi.begin() + mSemiStart[q + 1], item) !=
           mSemi.begin() + mSemiStart[q + 1];
}

QueryGallery::PixelOffset QueryGallery::positiveOffset(int64_t query) const {
    if (!hasOffsets())
        throw Error("query/gallery: the index records no pixel offsets");
    return mPositiveOffset.at(static_cast<size_t>(query));
}

std::vector<QueryGallery::PixelOffset> QueryGallery::semiOffsets(int64_t query) const {
    if (!hasOffsets())
        throw Error("query/gallery: the index records no pixel offsets");
    const size_t q = static_cast<size_t>(query);
    if (q >= mQueries.size())
        throw Error("query/gallery: no query " + std::to_string(query));
    return {mSemiOffset.begin() + mSemiStart[q], mSemiOffset.begin() + mSemiStart[q + 1]};
}

double QueryGallery::distanceMetres(int64_t query, int64_t item) const {
    const size_t q = static_cast<size_t>(query);
    const size_t g = static_cast<size_t>(item);
    switch (mKind) {
    case PositionKind::LatLon:
        return haversineDistance(mQueryLatLon.at(q), mGalleryLatLon.at(g));
    case PositionKind::Utm:
        return utmDistance(mQueryUtm.at(q), mGalleryUtm.at(g));
    case PositionKind::None:
        break;
    }
    throw Error("query/gallery: the dataset has no positions, so no distances in metres");
}

} // namespace orinet
