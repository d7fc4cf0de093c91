#pragma once

#include "retrieval/descriptorset.h"

#include <string>
#include <vector>

namespace orinet {

class Feedback;

//! Reads the parts of a split that `orinet extract --shard K/N` wrote (on one machine or
//! several) as one DescriptorSet, and refuses parts that do not make one whole:
//! - parts of another split, dataset, checkpoint, BatchNorm mode, preset or inputs, or made
//!   with other weights (DescriptorShard::weights) than the first part;
//! - a part given twice, overlapping rows (parts cut with different batch sizes), missing
//!   parts (named, with their pairs), a whole set among parts;
//! - joined ids that are not the split's ids (DescriptorShard::splitIds).
//! Every error names the folders concerned. Parts are loaded one at a time into the joined
//! matrices, so the peak memory is the whole set plus one part.
class DescriptorShards {
public:
    //! The whole split from the parts in `folders`, given in any order: rows in split order,
    //! `shard` cleared, provenance of the first part (checkpoint paths may differ between
    //! machines; the weights' fingerprint decides). A single folder (or .mat) holding a whole
    //! set is returned as DescriptorSet::load reads it. Reports progress per part; throws
    //! orinet::Error.
    static DescriptorSet load(const std::vector<std::string>& folders, Feedback& feedback);
};

} // namespace orinet
