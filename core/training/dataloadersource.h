#pragma once

#include "dataset/dataloader.h"
#include "training/batchsource.h"
#include "training/trainingconfig.h"

#include <memory>

namespace orinet {

//! Feeds the trainer from a DataLoader (which already replays epochs deterministically, as
//! BatchSource asks). Owns the loader; same threading rules as DataLoader.
class DataLoaderSource : public BatchSource {
public:
    explicit DataLoaderSource(std::unique_ptr<DataLoader> loader);

    //! The loader a training run uses for `split`: training = shuffled, augmented, last
    //! incomplete batch dropped (the loss needs negatives); otherwise in split order, no
    //! augmentation, every pair. Preset, orientation, batch size and seed come from `config`.
    //! `limit` > 0 keeps only the first pairs (quick validation). With worldSize > 1 the
    //! split is sharded: rank r gets every worldSize-th pair from r, all shards equally long.
    //! Throws orinet::Error for an unknown split or an empty selection.
    static std::unique_ptr<DataLoaderSource>
    forSplit(const Dataset& dataset, const std::string& split, const TrainingConfig& config,
             bool training, int workers = 2, size_t limit = 0, int rank = 0, int worldSize = 1);

    size_t batchesPerEpoch() const override;
    void startEpoch(uint64_t epoch, size_t skipBatches = 0) override;
    std::optional<Batch> next() override;

    DataLoader& loader() { return *mLoader; }

private:
    std::unique_ptr<DataLoader> mLoader;
};

} // namespace orinet
