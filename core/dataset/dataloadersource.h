#pragma once

#include "dataset/batchsource.h"
#include "dataset/dataloader.h"
#include "dataset/rotationdraw.h"

#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace orinet {

//! What a batch source is for; it decides order, augmentation and the last batch.
enum class SourcePurpose {
    Training,      //!< shuffled per epoch, augmented, last incomplete batch dropped
    Evaluation,    //!< split order, no augmentation, every pair
    Recalibration, //!< shuffled once (fixed seed), no augmentation, full batches only
};

//! How DataLoaderSource::forSplit reads a split.
struct SourceOptions {
    SourcePurpose purpose = SourcePurpose::Evaluation;
    InputPreset preset = InputPreset::byName("paper");
    OrientationMode orientation = OrientationMode::Input;
    size_t batchSize = 12;
    uint64_t seed = 0;
    RotationDraw rotation = RotationDraw::Original; //!< Training: the quarter-turn draw
    int workers = 2;                                //!< image decoding threads
    size_t limit = 0; //!< > 0: only the first pairs of the split (quick validation)
    //! Leaves out the split's first pairs, before `limit` applies: with it, one contiguous part
    //! of a split (an extraction shared out among machines).
    size_t skip = 0;
    //! Data-parallel training: rank r of worldSize gets every worldSize-th pair from r, all
    //! shards equally long.
    int rank = 0;
    int worldSize = 1;
    //! Evaluation only: turn every pair to a random orientation drawn from this seed (panorama
    //! circular shift, tile quarter turn, orientation channels following; no crop).
    std::optional<uint64_t> randomOrientationSeed;
    //! Training and recalibration: rearranges each epoch's shuffled order (LoaderOptions).
    std::function<std::vector<size_t>(const std::vector<size_t>& order,
                                      const std::vector<PairRecord>& pairs)>
        arrange;
    //! Evaluation only: read one side of each pair (LoadedSides).
    LoadedSides sides = LoadedSides::Both;
};

//! Feeds the trainer or the extractor from a DataLoader (which already replays epochs
//! deterministically, as BatchSource asks). Owns the loader; same threading rules as
//! DataLoader.
class DataLoaderSource : public BatchSource {
public:
    explicit DataLoaderSource(std::unique_ptr<DataLoader> loader);

    //! Throws orinet::Error for an unknown split or an empty selection.
    static std::unique_ptr<DataLoaderSource>
    forSplit(const Dataset& dataset, const std::string& split, const SourceOptions& options);

    size_t batchesPerEpoch() const override;
    size_t lastBatchSize() const override;
    void startEpoch(uint64_t epoch, size_t skipBatches = 0) override;
    std::optional<Batch> next() override;

    DataLoader& loader() { return *mLoader; }

private:
    std::unique_ptr<DataLoader> mLoader;
};

} // namespace orinet
