#pragma once

#include "retrieval/vigordescriptorset.h"

#include <string>
#include <vector>

namespace orinet {

class Feedback;

//! Reads the parts of a VIGOR split that `orinet extract --vigor --shard K/N` wrote (on one
//! machine or several) as one VigorDescriptorSet, and refuses, naming the folder, parts that
//! do not make one whole: a part of another protocol, split, gallery, checkpoint, BatchNorm
//! mode, preset, inputs or weights than the first; a part given twice or overlapping another
//! (cut with another batch size); a whole set among parts; an incomplete part (its files do
//! not match its descriptors.json); and missing parts, by number, with the rows they would
//! hold. Parts are copied one at a time into the joined matrices.
class VigorDescriptorShards {
public:
    //! The whole split from `folders`, in any order. A single folder of a whole set is
    //! returned as VigorDescriptorSet::load reads it. Throws orinet::Error.
    static VigorDescriptorSet load(const std::vector<std::string>& folders, Feedback& feedback);
};

} // namespace orinet
