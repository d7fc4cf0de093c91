#include "training/dataloadersource.h"

#include <algorithm>

namespace orinet {

DataLoaderSource::DataLoaderSource(std::unique_ptr<DataLoader> loader)
    : mLoader(std::move(loader)) {}

std::unique_ptr<DataLoaderSource>
DataLoaderSource::forSplit(const Dataset& dataset, const std::string& split,
                           const TrainingConfig& config, bool training, int workers, size_t limit,
                           int rank, int worldSize) {
    std::vector<size_t> indices = dataset.split(split);
    if (worldSize > 1) {
        // Disjoint shards of equal length: every rank must run the same number of steps.
        const size_t world = static_cast<size_t>(worldSize);
        const size_t per = indices.size() / world;
        std::vector<size_t> shard;
        for (size_t i = 0; i < per; ++i)
            shard.push_back(indices[i * world + static_cast<size_t>(rank)]);
        indices = std::move(shard);
    }
    if (limit > 0 && indices.size() > limit)
        indices.resize(limit);
    LoaderOptions o;
    o.preset = config.model.preset;
    o.orientation = config.model.orientation;
    o.batchSize = static_cast<size_t>(config.batchSize);
    o.shuffle = training;
    o.augment = training;
    o.rotation = config.rotation;
    o.dropLast = training;
    o.seed = config.seed;
    o.workers = std::max(1, workers);
    return std::make_unique<DataLoaderSource>(
        std::make_unique<DataLoader>(dataset, std::move(indices), o));
}

size_t DataLoaderSource::batchesPerEpoch() const {
    return mLoader->batchesPerEpoch();
}

void DataLoaderSource::startEpoch(uint64_t epoch, size_t skipBatches) {
    mLoader->startEpoch(epoch, skipBatches);
}

std::optional<Batch> DataLoaderSource::next() {
    return mLoader->next();
}

} // namespace orinet
