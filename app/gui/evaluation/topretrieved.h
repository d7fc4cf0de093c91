#pragma once

#include <cstdint>
#include <vector>

namespace orinet {

class DescriptorSet;

//! The gallery rows nearest to one query of a descriptor set, best first, with their scores:
//! what the failure inspector and the run comparison show for a selected query. Exact (the
//! blocked engine, one thread: it runs inside one inspection request).
struct TopRetrieved {
    std::vector<int64_t> rows; //!< split rows, nearest first
    std::vector<float> scores;

    //! Ground queries against satellite tiles when `groundQueries`, else the reverse.
    static TopRetrieved of(const DescriptorSet& set, bool groundQueries, int64_t query, int k);
};

} // namespace orinet
