#include "dataset/dataloadersource.h"

#include <algorithm>

namespace orinet {

DataLoaderSource::DataLoaderSource(std::unique_ptr<DataLoader> loader)
    : mLoader(std::move(loader)) {}

std::unique_ptr<DataLoaderSource> DataLoaderSource::forSplit(const Dataset& dataset,
                                                             const std::string& split,
                                                             const SourceOptions& options) {
    std::vector<size_t> indices = dataset.split(split);
    if (options.worldSize > 1) {
        // Disjoint shards of equal length: every rank must run the same number of steps.
        const size_t world = static_cast<size_t>(options.worldSize);
        const size_t per = indices.size() / world;
        std::vector<size_t> shard;
        for (size_t i = 0; i < per; ++i)
            shard.push_back(indices[i * world + static_cast<size_t>(options.rank)]);
        indices = std::move(shard);
    }
    indices.erase(indices.begin(), indices.begin() + static_cast<std::ptrdiff_t>(
                                                         std::min(options.skip, indices.size())));
    if (options.limit > 0 && indices.size() > options.limit)
        indices.resize(options.limit);
    const bool training = options.purpose == SourcePurpose::Training;
    LoaderOptions o;
    o.preset = options.preset;
    o.orientation = options.orientation;
    o.batchSize = options.batchSize;
    o.shuffle = options.purpose != SourcePurpose::Evaluation;
    o.augment = training || options.randomOrientationSeed.has_value();
    o.orientationOnly = !training; // only read when augmenting
    o.rotation = options.rotation;
    o.dropLast = options.purpose != SourcePurpose::Evaluation;
    o.seed = training ? options.seed : options.randomOrientationSeed.value_or(options.seed);
    o.workers = std::max(1, options.workers);
    o.arrange = options.arrange;
    o.sides = options.sides;
    o.firstPosition = training ? 0 : options.skip; // a part draws as the whole split does
    return std::make_unique<DataLoaderSource>(
        std::make_unique<DataLoader>(dataset, std::move(indices), o));
}

size_t DataLoaderSource::batchesPerEpoch() const {
    return mLoader->batchesPerEpoch();
}

size_t DataLoaderSource::lastBatchSize() const {
    const size_t pairs = mLoader->pairCount(), batch = mLoader->options().batchSize;
    if (pairs == 0 || batch == 0 || (mLoader->options().dropLast && pairs < batch))
        return 0;
    // With dropLast the incomplete rest is never delivered.
    return mLoader->options().dropLast || pairs % batch == 0 ? batch : pairs % batch;
}

void DataLoaderSource::startEpoch(uint64_t epoch, size_t skipBatches) {
    mLoader->startEpoch(epoch, skipBatches);
}

std::optional<Batch> DataLoaderSource::next() {
    return mLoader->next();
}

} // namespace orinet
