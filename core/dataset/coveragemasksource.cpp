#include "dataset/coveragemasksource.h"

#include "dataset/querygallerypairs.h"

namespace orinet {

CoverageMaskSource::CoverageMaskSource(std::unique_ptr<BatchSource> inner,
                                       std::shared_ptr<const QueryGalleryPairs> pairs)
    : mInner(std::move(inner))
    , mPairs(std::move(pairs)) {}

CoverageMaskSource::~CoverageMaskSource() = default;

size_t CoverageMaskSource::batchesPerEpoch() const {
    return mInner->batchesPerEpoch();
}

size_t CoverageMaskSource::lastBatchSize() const {
    return mInner->lastBatchSize();
}

void CoverageMaskSource::startEpoch(uint64_t epoch, size_t skipBatches) {
    mInner->startEpoch(epoch, skipBatches);
}

std::optional<Batch> CoverageMaskSource::next() {
    std::optional<Batch> batch = mInner->next();
    if (batch)
        batch->notNegative = mPairs->notNegative(batch->ids);
    return batch;
}

} // namespace orinet
