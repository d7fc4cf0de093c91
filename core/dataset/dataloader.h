#pragma once

#include "dataset/batch.h"
#include "dataset/dataset.h"
#include "dataset/inputpreset.h"
#include "dataset/rotationdraw.h"

#include <condition_variable>
#include <cstdint>
#include <exception>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

namespace orinet {

class Preprocessor;

//! Which images of its pairs a loader reads. A query/gallery split is described one side at a
//! time (docs/vigor.md): its queries through the ground branch, its gallery through the
//! satellite branch, so the other side's image is neither decoded nor needed on disk.
enum class LoadedSides {
    Both,
    Ground,    //!< panoramas only: Batch::satellite stays empty (shape 0)
    Satellite, //!< tiles only: Batch::ground stays empty (shape 0)
};

//! How a DataLoader batches, orders and augments a split.
struct LoaderOptions {
    InputPreset preset = InputPreset::byName("tiny");
    OrientationMode orientation = OrientationMode::Input;
    size_t batchSize = 12;
    bool shuffle = false;
    bool augment = false; //!< training augmentation (Preprocessor / Augmentation)
    RotationDraw rotation = RotationDraw::Original; //!< with augment: the quarter-turn draw
    //! With augment: only the random panorama shift and tile quarter turn (maps follow), no
    //! crop. Evaluates a model on pairs whose orientation it is not told by the layout.
    bool orientationOnly = false;
    bool dropLast = false; //!< drop a last, smaller batch
    //! One side only. With augment, only orientationOnly's draws: that side's part of the
    //! draw a pair at the same position gets (panorama shift, or tile quarter turn).
    LoadedSides sides = LoadedSides::Both;
    //! The split's position of the first loaded pair: draws are made for (seed, epoch,
    //! firstPosition + position), so a contiguous part of a split (SourceOptions::skip) draws
    //! what the whole split draws for the same pairs.
    size_t firstPosition = 0;
    uint64_t seed = 0; //!< with the epoch, fixes the shuffle and every augmentation draw
    int workers = 2;   //!< decoding threads (at least 1); each builds whole batches
    //! Batches ready or being built ahead of the consumer (at least 1). Memory: a paper-size
    //! batch of 12 with 5 channels is ~130 MB (ground 66 MB + satellite 63 MB).
    size_t prefetchBatches = 4;
    //! With shuffle: rearranges each epoch's shuffled order (positions into the loaded pairs,
    //! given with those pairs) before it is cut into batches, e.g. so that a batch holds no two
    //! panoramas of the same tile (QueryGalleryPairs::arrange). It must return a permutation and
    //! depend on its arguments only, so epochs stay reproducible. Empty: the shuffle as is.
    std::function<std::vector<size_t>(const std::vector<size_t>& order,
                                      const std::vector<PairRecord>& pairs)>
        arrange;
};

//! Produces the batches of one split, epoch after epoch, decoding and preprocessing in worker
//! threads ahead of the consumer (bounded by prefetchBatches).
//!
//! Deterministic: the order (shuffled from seed and epoch) and every augmentation draw
//! (from seed, epoch and the sample's position in the epoch) never depend on thread timing,
//! so the same options give bit-identical batches, and a resumed run (startEpoch with
//! skipBatches) continues exactly where the interrupted one stopped.
//!
//! Threading: one consumer thread calls startEpoch()/next(); cancel() may be called from any
//! thread. The loader copies the pairs it needs, so the Dataset may go away after
//! construction. The destructor stops and joins the workers.
class DataLoader {
public:
    //! `pairIndices` are indices into dataset.pairs(), usually dataset.split("train").
    //! Throws orinet::Error for an empty index list, out-of-range indices, or bad options.
    DataLoader(const Dataset& dataset, std::vector<size_t> pairIndices, LoaderOptions options);
    ~DataLoader();
    DataLoader(const DataLoader&) = delete;
    DataLoader& operator=(const DataLoader&) = delete;

    const LoaderOptions& options() const noexcept { return mOptions; }
    size_t pairCount() const noexcept { return mPairs.size(); }
    size_t batchesPerEpoch() const;

    //! Starts epoch `epoch` (deterministic shuffle/augmentation from seed+epoch), skipping the
    //! first `skipBatches` batches (used to resume a run mid-epoch). Stops the previous epoch's
    //! work, and clears a previous cancel().
    void startEpoch(uint64_t epoch, size_t skipBatches = 0);

    //! The next batch of the epoch (epoch 0 is started when none was); std::nullopt at the end
    //! of the epoch or after cancel(). Throws orinet::Error naming the file when an image of
    //! this batch could not be read; the following call continues with the next batch.
    std::optional<Batch> next();

    //! Thread-safe: workers stop after their current sample; next() then returns nullopt.
    void cancel();

    //! The pair positions (indices into `pairIndices`) of an epoch in delivery order.
    std::vector<size_t> epochOrder(uint64_t epoch) const;

private:
    struct Slot {
        std::optional<Batch> batch;
        std::exception_ptr error;
    };

    void stopWorkers();
    void workerLoop();
    Batch buildBatch(size_t batchIndex) const;

    LoaderOptions mOptions;
    DatasetLayout mLayout;
    std::vector<PairRecord> mPairs; //!< copies, in pairIndices order
    std::unique_ptr<Preprocessor> mPreprocessor;
    bool mHasPositions = false;

    // Epoch state, guarded by mMutex.
    mutable std::mutex mMutex;
    std::condition_variable mWorkReady;  //!< workers wait for room in the prefetch window
    std::condition_variable mBatchReady; //!< the consumer waits for its batch
    std::vector<std::thread> mWorkers;
    bool mStarted = false;
    bool mStop = false;
    bool mCanceled = false;
    uint64_t mEpoch = 0;
    std::vector<size_t> mOrder;
    size_t mNextToBuild = 0;   //!< batch index the next idle worker takes
    size_t mNextToDeliver = 0; //!< batch index next() returns next
    size_t mEndBatch = 0;
    std::map<size_t, Slot> mReady;
};

} // namespace orinet
