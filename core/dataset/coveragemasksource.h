#pragma once

#include "dataset/batchsource.h"

#include <memory>

namespace orinet {

class QueryGalleryPairs;

//! A BatchSource over the pairs of a query/gallery dataset (QueryGalleryPairs::dataset()) that
//! hands on the inner source's batches with Batch::notNegative filled in: which tiles of the
//! batch cover which of its panoramas, so the loss does not use them as negatives. It reads the
//! pair ids of each batch, so any sharding, skipping or order of the inner source is fine.
//!
//! Threading: as the inner source (one consumer thread).
class CoverageMaskSource : public BatchSource {
public:
    CoverageMaskSource(std::unique_ptr<BatchSource> inner,
                       std::shared_ptr<const QueryGalleryPairs> pairs);
    ~CoverageMaskSource() override;

    size_t batchesPerEpoch() const override;
    size_t lastBatchSize() const override;
    void startEpoch(uint64_t epoch, size_t skipBatches = 0) override;
    //! Throws orinet::Error when a batch holds a pair the query/gallery dataset does not know.
    std::optional<Batch> next() override;

private:
    std::unique_ptr<BatchSource> mInner;
    std::shared_ptr<const QueryGalleryPairs> mPairs;
};

} // namespace orinet
