#include "dataset/querygallerypairs.h"

#include "common/error.h"
#include "dataset/datasetfiles.h"
#include "dataset/seededrandom.h"

#include <algorithm>
#include <cmath>
#include <deque>
#include <map>
#include <utility>

namespace orinet {

QueryGalleryPairs::QueryGalleryPairs(QueryGallery queries, const std::string& root,
                                     const std::string& indexPath, const std::string& split)
    : mQueries(std::move(queries)) {
    const bool latLon = mQueries.positionKind() == QueryGallery::PositionKind::LatLon;
    std::vector<PairRecord> pairs;
    pairs.reserve(static_cast<size_t>(mQueries.queryCount()));
    std::vector<size_t> all;
    all.reserve(pairs.capacity());
    for (int64_t q = 0; q < mQueries.queryCount(); ++q) {
        const QueryGallery::Item& query = mQueries.query(q);
        PairRecord p;
        p.id = query.group.empty() ? query.name : query.group + "/" + query.name;
        p.panoramaPath = query.path;
        p.satellitePath = mQueries.galleryItem(mQueries.positive(q)).path;
        // No UTM on purpose: a batch with positions gets CVACT's 25 m rule instead of the
        // coverage mask.
        if (latLon)
            p.latLon = mQueries.queryLatLon(q);
        if (!mQueryOfId.emplace(p.id, q).second)
            throw Error(indexPath, "the panorama '" + p.id + "' is listed twice");
        all.push_back(pairs.size());
        pairs.push_back(std::move(p));
    }
    std::map<std::string, std::vector<size_t>> splits;
    splits[split] = std::move(all);
    mDataset = Dataset::fromPairs(root, indexPath, DatasetLayout::Cvact, std::move(pairs),
                                  std::move(splits));
}

QueryGalleryPairs QueryGalleryPairs::readVigor(const std::string& root, VigorProtocol protocol,
                                               double holdoutShare, uint64_t seed) {
    VigorOptions options;
    options.protocol = protocol;
    options.split = "train";
    const std::string absolute = DatasetFiles::absoluteRoot(root);
    const std::string cities = VigorFormat::citiesOf(protocol, "train").size() == 4
                                   ? std::string("*")
                                   : std::string("{NewYork,Seattle}");
    const std::string index = absolute + "/splits/" + cities + "/" +
                              (protocol == VigorProtocol::SameArea ? "same_area_balanced_train.txt"
                                                                   : "pano_label_balanced.txt");
    QueryGallery all = VigorFormat::read(absolute, options);
    const std::vector<int64_t> held = heldOutQueries(all, holdoutShare, seed);
    if (held.empty())
        return QueryGalleryPairs(std::move(all), absolute, index, "train");
    std::vector<int64_t> kept;
    for (int64_t q = 0, h = 0; q < all.queryCount(); ++q) {
        if (h < static_cast<int64_t>(held.size()) && held[static_cast<size_t>(h)] == q)
            ++h;
        else
            kept.push_back(q);
    }
    QueryGalleryPairs pairs(all.withQueries(kept), absolute, index, "train");
    pairs.mHeldOut = all.withQueries(held);
    return pairs;
}

std::vector<int64_t> QueryGalleryPairs::heldOutQueries(const QueryGallery& all, double share,
                                                       uint64_t seed) {
    if (!(share >= 0 && share <= 0.5))
        throw Error("the share of panoramas held out for validation must be in [0, 0.5], not " +
                    std::to_string(share));
    std::vector<int64_t> held;
    if (share == 0)
        return held;
    std::map<std::string, std::vector<int64_t>> groups; // by name: the draw ignores list order
    for (int64_t q = 0; q < all.queryCount(); ++q)
        groups[all.query(q).group].push_back(q);
    for (auto& [group, queries] : groups) {
        const size_t n = queries.size();
        if (n < 2)
            continue;
        const size_t take =
            std::max<size_t>(1, static_cast<size_t>(std::llround(share * static_cast<double>(n))));
        // Fisher-Yates with the project's portable generator, seeded per group.
        uint64_t groupSeed = SeededRandom::mix(seed, 0x766967u); // "vig"
        for (char c : group)
            groupSeed = SeededRandom::mix(groupSeed, static_cast<unsigned char>(c));
        SeededRandom random(groupSeed);
        for (size_t i = n - 1; i > 0; --i)
            std::swap(queries[i], queries[static_cast<size_t>(random.uniform(i + 1))]);
        held.insert(held.end(), queries.begin(),
                    queries.begin() + static_cast<std::ptrdiff_t>(take));
    }
    std::sort(held.begin(), held.end());
    return held;
}

Dataset QueryGalleryPairs::imagesOf(const std::string& root, const QueryGallery& truth,
                                    const QueryGallery* train) {
    std::vector<PairRecord> pairs;
    std::map<std::string, std::vector<size_t>> splits;
    auto name = [](const QueryGallery::Item& item) {
        return item.group.empty() ? item.name : item.group + "/" + item.name;
    };
    auto& queries = splits[kQueries];
    for (int64_t q = 0; q < truth.queryCount(); ++q) {
        PairRecord pair;
        pair.id = "query:" + name(truth.query(q));
        pair.panoramaPath = truth.query(q).path;
        pair.satellitePath = truth.galleryItem(truth.positive(q)).path;
        queries.push_back(pairs.size());
        pairs.push_back(std::move(pair));
    }
    auto& gallery = splits[kGallery];
    for (int64_t g = 0; g < truth.galleryCount(); ++g) {
        PairRecord pair;
        pair.id = "gallery:" + name(truth.galleryItem(g));
        pair.satellitePath = truth.galleryItem(g).path;
        gallery.push_back(pairs.size());
        pairs.push_back(std::move(pair));
    }
    if (train) {
        auto& pairsOfTrain = splits["train"];
        for (int64_t q = 0; q < train->queryCount(); ++q) {
            PairRecord pair;
            pair.id = "train:" + train->query(q).name;
            pair.panoramaPath = train->query(q).path;
            pair.satellitePath = train->galleryItem(train->positive(q)).path;
            pairsOfTrain.push_back(pairs.size());
            pairs.push_back(std::move(pair));
        }
    }
    return Dataset::fromPairs(root, root, DatasetLayout::Cvact, std::move(pairs),
                              std::move(splits));
}

int64_t QueryGalleryPairs::queryOf(const std::string& pairId) const {
    const auto found = mQueryOfId.find(pairId);
    if (found == mQueryOfId.end())
        throw Error(mDataset.indexPath(), "no panorama '" + pairId + "' in the training pairs");
    return found->second;
}

std::vector<uint8_t> QueryGalleryPairs::notNegative(const std::vector<std::string>& pairIds) const {
    const size_t b = pairIds.size();
    std::vector<int64_t> query(b);
    std::vector<int> positive(b);
    for (size_t i = 0; i < b; ++i) {
        query[i] = queryOf(pairIds[i]);
        positive[i] = mQueries.positive(query[i]);
    }
    std::vector<uint8_t> mask(b * b, 0);
    for (size_t i = 0; i < b; ++i)
        for (size_t j = 0; j < b; ++j)
            mask[i * b + j] = mQueries.covers(query[i], positive[j]) ? 1 : 0;
    return mask;
}

std::vector<size_t> QueryGalleryPairs::arrange(const std::vector<size_t>& order,
                                               const std::vector<PairRecord>& pairs,
                                               size_t batchSize) const {
    if (batchSize < 2)
        return order;
    // The covering tiles of every position, looked up once.
    std::vector<std::vector<int>> tiles(pairs.size());
    for (size_t p : order) {
        const int64_t q = queryOf(pairs.at(p).id);
        std::vector<int>& t = tiles[p];
        t.push_back(mQueries.positive(q));
        const std::vector<int> semi = mQueries.semiPositives(q);
        t.insert(t.end(), semi.begin(), semi.end());
    }
    // stamp[tile] == batch number: the tile covers a panorama of the batch being filled.
    std::vector<size_t> stamp(static_cast<size_t>(mQueries.galleryCount()), 0);
    const size_t patience = 4 * batchSize;
    std::deque<size_t> remaining(order.begin(), order.end());
    std::vector<size_t> out;
    out.reserve(order.size());
    for (size_t batchNumber = 1; !remaining.empty(); ++batchNumber) {
        std::vector<size_t> batch, waiting;
        auto take = [&](size_t p) {
            batch.push_back(p);
            for (int t : tiles[p])
                stamp[static_cast<size_t>(t)] = batchNumber;
        };
        while (batch.size() < batchSize && !remaining.empty() && waiting.size() <= patience) {
            const size_t p = remaining.front();
            remaining.pop_front();
            const bool clash = std::any_of(tiles[p].begin(), tiles[p].end(), [&](int t) {
                return stamp[static_cast<size_t>(t)] == batchNumber;
            });
            if (clash)
                waiting.push_back(p);
            else
                take(p);
        }
        size_t used = 0;
        while (batch.size() < batchSize && used < waiting.size())
            take(waiting[used++]);
        // The ones still waiting go first into the next batch, in their order.
        remaining.insert(remaining.begin(), waiting.begin() + static_cast<std::ptrdiff_t>(used),
                         waiting.end());
        out.insert(out.end(), batch.begin(), batch.end());
    }
    return out;
}

} // namespace orinet
