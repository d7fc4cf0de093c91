#pragma once

#include "dataset/batch.h"

#include <cstddef>
#include <cstdint>
#include <optional>

namespace orinet {

//! Where the trainer and the descriptor extractor get their batches: a DataLoader (through
//! DataLoaderSource) or anything else that can replay an epoch, e.g. an in-memory set in tests.
//!
//! Contract for reproducible resumes: startEpoch(e, k) followed by next() must yield exactly
//! the batches k, k+1, ... that startEpoch(e, 0) would have yielded.
class BatchSource {
public:
    virtual ~BatchSource() = default;
    virtual size_t batchesPerEpoch() const = 0;
    //! Pairs in an epoch's last batch, so that a consumer can refuse a batch it cannot use
    //! before reading any image; 0 when the source cannot tell in advance.
    virtual size_t lastBatchSize() const { return 0; }
    //! epoch is 0-based; skipBatches lets a resumed run continue mid-epoch.
    virtual void startEpoch(uint64_t epoch, size_t skipBatches = 0) = 0;
    //! The next batch of the epoch, or nothing at its end.
    virtual std::optional<Batch> next() = 0;
};

} // namespace orinet
