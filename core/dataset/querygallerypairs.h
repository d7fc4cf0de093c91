#pragma once

#include "dataset/dataset.h"
#include "dataset/querygallery.h"
#include "dataset/vigorformat.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

namespace orinet {

//! What training on a query/gallery dataset (VIGOR, docs/vigor.md) needs, in one place: the
//! one-to-one pairs it trains on (every query with its positive tile, as a Dataset the existing
//! loaders read) and what a batch of those pairs must respect, which a one-to-one Dataset cannot
//! say: a tile that covers a panorama (its positive or a semi-positive) is no negative for it.
//!
//! The pairs are laid out as DatasetLayout::Cvact for preprocessing: VIGOR's panoramas are
//! full-sphere 2:1 images like CVACT's, so the network sees the middle half of their rows. The
//! satellite orientation channels assume the panorama at the tile centre; in VIGOR it lies
//! anywhere in the positive tile's central half, so those channels are an approximation there.
//!
//! Threading: an immutable value once built; read it from any number of threads.
class QueryGalleryPairs {
public:
    //! Every query of `queries` with its positive tile as one pair of split `split`, in query
    //! order; pair ids are "<group>/<query name>" ("<query name>" without a group). `root` and
    //! `indexPath` name where the queries came from, for messages. Throws orinet::Error naming
    //! `indexPath` when two queries would get the same id.
    QueryGalleryPairs(QueryGallery queries, const std::string& root, const std::string& indexPath,
                      const std::string& split = "train");
    //! The train split of `protocol` of the VIGOR root as pairs of split "train" (reader errors
    //! name the file and line: VigorFormat::read). With `holdoutShare` > 0 the panoramas
    //! heldOutQueries() picks are not made pairs but kept apart (heldOut()) for validation.
    static QueryGalleryPairs readVigor(const std::string& root, VigorProtocol protocol,
                                       double holdoutShare = 0, uint64_t seed = 0);

    //! The queries a validation holds out of `all` (indices, ascending): in each group (city)
    //! separately, round(share · n) of its n queries, at least 1 when share > 0 and the group
    //! has 2 or more, drawn by a seeded shuffle (SeededRandom: the same on every platform), so
    //! every city is validated in proportion and a resumed run holds out the same ones.
    //! `share` in [0, 0.5]; 0 holds out none.
    static std::vector<int64_t> heldOutQueries(const QueryGallery& all, double share,
                                               uint64_t seed);

    //! The images of a query/gallery split as a Dataset the loaders read, each image once:
    //! split kQueries holds one pair per query (its panorama; its positive tile, never read),
    //! split kGallery one per gallery item (its tile; no panorama). With `train`, split "train"
    //! holds that split's (panorama, positive tile) pairs, what BatchNorm statistics are
    //! recalibrated from. Laid out as CVACT (full-sphere 2:1 panoramas). What
    //! DescriptorExtractor::extractSides describes: `orinet eval --run --vigor` and the
    //! per-epoch validation of a VIGOR run.
    static Dataset imagesOf(const std::string& root, const QueryGallery& truth,
                            const QueryGallery* train = nullptr);
    static constexpr const char* kQueries = "queries";
    static constexpr const char* kGallery = "gallery";

    const Dataset& dataset() const noexcept { return mDataset; }
    const QueryGallery& queryGallery() const noexcept { return mQueries; }
    //! The panoramas held out of the pairs (readVigor's holdoutShare), with the whole gallery
    //! of the split; no queries when nothing was held out.
    const QueryGallery& heldOut() const noexcept { return mHeldOut; }

    //! The query a pair id names. Throws orinet::Error for an id of no pair.
    int64_t queryOf(const std::string& pairId) const;
    //! Batch::notNegative for the pairs `pairIds` (rows of a batch, in order): entry [i·B + j]
    //! is 1 when QueryGallery::covers(query i, positive(query j)), the diagonal included.
    std::vector<uint8_t> notNegative(const std::vector<std::string>& pairIds) const;

    //! Rearranges a shuffled epoch `order` (positions into `pairs`, the pairs a loader holds)
    //! so that, where it can, a batch of `batchSize` holds no two panoramas that share a
    //! covering tile, as Sample4Geo's VIGOR shuffle does; then no pair of a batch is masked
    //! but the diagonal. Greedy and deterministic: batches are filled in order from the front
    //! of the remaining order, a panorama that conflicts with the batch waits for the next one
    //! (keeping its place); when more than 4·batchSize wait, or the order runs out, the batch
    //! is completed with waiting ones, conflicts and all (notNegative masks them). Returns a
    //! permutation of `order`.
    std::vector<size_t> arrange(const std::vector<size_t>& order,
                                const std::vector<PairRecord>& pairs, size_t batchSize) const;

private:
    QueryGallery mQueries;
    QueryGallery mHeldOut;
    Dataset mDataset;
    std::unordered_map<std::string, int64_t> mQueryOfId;
};

} // namespace orinet
