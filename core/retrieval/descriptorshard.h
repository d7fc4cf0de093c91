#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace orinet {

//! Which part of a split a descriptor set holds when the extraction was shared out among
//! machines (`orinet extract --shard K/N`, docs/evaluation.md). A part is a contiguous run of
//! whole batches of the split, so its rows are exactly what an extraction of the whole split
//! gives them (BatchNorm mode 'original' normalises each batch with its own statistics), and
//! joining the parts in order gives the whole set (DescriptorShards). Plain data.
struct DescriptorShard {
    int index = 0;          //!< 1..count; 0 = the set is a whole split, not a part
    int count = 0;          //!< parts of the split
    int64_t first = 0;      //!< the split's pair index of the part's first row
    int64_t splitPairs = 0; //!< pairs of the whole split
    //! fingerprint() of the whole split's ids in split order: parts of one split agree on it,
    //! and the joined ids must reproduce it.
    std::string splitIds;
    //! A hash of the weights (and BatchNorm statistics) that described the part: parts made
    //! from different checkpoint files or statistics differ here even when the files' paths
    //! and steps agree.
    std::string weights;

    bool isPart() const { return count > 0; }

    //! "K/N" with 1 <= K <= N; throws orinet::Error saying what is wrong otherwise.
    static DescriptorShard parse(const std::string& text);

    //! The pairs [begin, end) that part `index` of `count` holds of a split of `pairs` pairs
    //! read in batches of `batchSize`: the split's batches, dealt out in contiguous runs whose
    //! lengths differ by at most one batch. The last partial batch, even of a single pair, is
    //! a batch of its own, as the extractor describes it. Throws orinet::Error when there are
    //! fewer batches than parts.
    struct Range {
        int64_t begin = 0;
        int64_t end = 0;
    };
    static Range rows(int64_t pairs, int64_t batchSize, int index, int count);

    //! "xxh3:<16 hex digits>" of the ids in order.
    static std::string fingerprint(const std::vector<std::string>& ids);

    //! "shard 2/4 (pairs 100-199 of 400)"; "whole split" when not a part.
    std::string label(int64_t rows) const;

    //! A JSON object: "index", "count", "first", "split_pairs", "split_ids", "weights".
    std::string toJson() const;
    //! Throws orinet::Error naming `source` when a field is missing or out of range.
    static DescriptorShard fromJson(const std::string& json, const std::string& source);
};

} // namespace orinet
