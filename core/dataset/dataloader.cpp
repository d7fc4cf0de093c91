#include "dataset/dataloader.h"

#include "common/error.h"
#include "dataset/preprocessor.h"
#include "dataset/seededrandom.h"

#include <algorithm>
#include <numeric>

namespace orinet {

namespace {

// Distinct streams for the shuffle and the per-sample draws of one (seed, epoch).
const uint64_t kShuffleStream = 0x53485546464C45ull; // "SHUFFLE"

//! Thrown inside a worker to abandon a batch nobody will consume any more.
struct Abandoned {};

} // namespace

DataLoader::DataLoader(const Dataset& dataset, std::vector<size_t> pairIndices,
                       LoaderOptions options)
    : mOptions(std::move(options))
    , mLayout(dataset.layout()) {
    if (pairIndices.empty())
        throw Error(dataset.indexPath(), "no pairs to load (the split is empty)");
    if (mOptions.batchSize < 1)
        throw Error("batch size must be at least 1");
    mOptions.workers = std::max(mOptions.workers, 1);
    mOptions.prefetchBatches = std::max<size_t>(mOptions.prefetchBatches, 1);
    if (mOptions.sides != LoadedSides::Both && mOptions.augment && !mOptions.orientationOnly)
        throw Error("augmentation draws are made for pairs: a loader of one side draws only "
                    "the orientation (panorama shift, tile quarter turn)");
    mPairs.reserve(pairIndices.size());
    for (size_t i : pairIndices) {
        if (i >= dataset.pairs().size())
            throw Error(dataset.indexPath(),
                        "pair index " + std::to_string(i) + " is out of range (the dataset has " +
                            std::to_string(dataset.pairs().size()) + " pairs)");
        mPairs.push_back(dataset.pairs()[i]);
    }
    mHasPositions = std::all_of(mPairs.begin(), mPairs.end(),
                                [](const PairRecord& p) { return p.utm.has_value(); });
    mPreprocessor = std::make_unique<Preprocessor>(mOptions.preset, mOptions.orientation, mLayout,
                                                   mOptions.rotation);
}

DataLoader::~DataLoader() {
    stopWorkers();
}

size_t DataLoader::batchesPerEpoch() const {
    const size_t n = mPairs.size(), b = mOptions.batchSize;
    return mOptions.dropLast ? n / b : (n + b - 1) / b;
}

std::vector<size_t> DataLoader::epochOrder(uint64_t epoch) const {
    std::vector<size_t> order(mPairs.size());
    std::iota(order.begin(), order.end(), size_t(0));
    if (mOptions.shuffle) {
        SeededRandom random(
            SeededRandom::mix(SeededRandom::mix(mOptions.seed, epoch), kShuffleStream));
        for (size_t i = order.size(); i > 1; --i)
            std::swap(order[i - 1], order[random.uniform(i)]);
        if (mOptions.arrange) {
            std::vector<size_t> arranged = mOptions.arrange(order, mPairs);
            // A batch that repeats or loses a pair would break the epoch silently.
            std::vector<char> seen(order.size(), 0);
            for (size_t p : arranged) {
                if (p >= seen.size() || seen[p])
                    throw Error("the batch arrangement did not return a permutation of the epoch");
                seen[p] = 1;
            }
            if (arranged.size() != order.size())
                throw Error("the batch arrangement did not return a permutation of the epoch");
            order = std::move(arranged);
        }
    }
    return order;
}

void DataLoader::stopWorkers() {
    {
        std::lock_guard<std::mutex> lock(mMutex);
        mStop = true;
    }
    mWorkReady.notify_all();
    mBatchReady.notify_all();
    for (std::thread& t : mWorkers)
        t.join();
    mWorkers.clear();
}

void DataLoader::startEpoch(uint64_t epoch, size_t skipBatches) {
    stopWorkers();
    std::lock_guard<std::mutex> lock(mMutex);
    mEpoch = epoch;
    mOrder = epochOrder(epoch);
    mEndBatch = batchesPerEpoch();
    mNextToBuild = mNextToDeliver = std::min(skipBatches, mEndBatch);
    mReady.clear();
    mStop = false;
    mCanceled = false;
    mStarted = true;
    const size_t remaining = mEndBatch - mNextToBuild;
    const size_t workers = std::min<size_t>(static_cast<size_t>(mOptions.workers), remaining);
    for (size_t i = 0; i < workers; ++i)
        mWorkers.emplace_back([this] { workerLoop(); });
}

void DataLoader::workerLoop() {
    std::unique_lock<std::mutex> lock(mMutex);
    for (;;) {
        mWorkReady.wait(lock, [this] {
            return mStop || mNextToBuild >= mEndBatch ||
                   mNextToBuild < mNextToDeliver + mOptions.prefetchBatches;
        });
        if (mStop || mNextToBuild >= mEndBatch)
            return;
        const size_t index = mNextToBuild++;
        lock.unlock();
        Slot slot;
        try {
            slot.batch = buildBatch(index);
        } catch (const Abandoned&) {
            lock.lock();
            return;
        } catch (...) {
            slot.error = std::current_exception();
        }
        lock.lock();
        if (mStop)
            return;
        mReady.emplace(index, std::move(slot));
        mBatchReady.notify_all();
    }
}

Batch DataLoader::buildBatch(size_t batchIndex) const {
    const size_t first = batchIndex * mOptions.batchSize;
    const size_t last = std::min(first + mOptions.batchSize, mPairs.size());
    const int64_t count = static_cast<int64_t>(last - first);
    const int64_t channels = mPreprocessor->channels();
    const InputPreset& preset = mOptions.preset;

    const bool ground = mOptions.sides != LoadedSides::Satellite;
    const bool satellite = mOptions.sides != LoadedSides::Ground;
    Batch batch;
    if (ground) {
        batch.ground.shape = {count, channels, preset.groundRows, preset.groundCols};
        batch.ground.data.resize(batch.ground.count());
    }
    if (satellite) {
        batch.satellite.shape = {count, channels, preset.satelliteSize, preset.satelliteSize};
        batch.satellite.data.resize(batch.satellite.count());
    }
    const uint64_t epochSeed = SeededRandom::mix(mOptions.seed, mEpoch);
    for (size_t k = first; k < last; ++k) {
        {
            // Reading the flag under the lock keeps the check simple; once per sample is cheap.
            std::lock_guard<std::mutex> lock(mMutex);
            if (mStop)
                throw Abandoned();
        }
        const size_t position = mOrder[k];
        const PairRecord& pair = mPairs[position];
        // The draw depends on (seed, epoch, position in the epoch) only, never on which
        // thread builds the batch or when.
        const uint64_t sampleSeed = SeededRandom::mix(epochSeed, mOptions.firstPosition + k);
        const uint64_t* draw = mOptions.augment ? &sampleSeed : nullptr;
        if (ground && satellite)
            mPreprocessor->processInto(pair, draw, batch.ground, batch.satellite, k - first,
                                       mOptions.orientationOnly);
        else if (ground)
            mPreprocessor->groundInto(pair.panoramaPath, batch.ground, k - first, draw);
        else
            mPreprocessor->satelliteInto(pair.satellitePath, batch.satellite, k - first, draw);
        batch.indices.push_back(position);
        batch.ids.push_back(pair.id);
        if (mHasPositions) {
            batch.easting.push_back(pair.utm->easting);
            batch.northing.push_back(pair.utm->northing);
        }
    }
    return batch;
}

std::optional<Batch> DataLoader::next() {
    bool started = false;
    {
        std::lock_guard<std::mutex> lock(mMutex);
        started = mStarted;
    }
    if (!started)
        startEpoch(0);
    std::unique_lock<std::mutex> lock(mMutex);
    if (mCanceled || mNextToDeliver >= mEndBatch)
        return std::nullopt;
    const size_t index = mNextToDeliver;
    mBatchReady.wait(lock, [&] { return mCanceled || mStop || mReady.count(index) > 0; });
    if (mCanceled || mStop)
        return std::nullopt;
    Slot slot = std::move(mReady.at(index));
    mReady.erase(index);
    ++mNextToDeliver;
    lock.unlock();
    mWorkReady.notify_all();
    if (slot.error)
        std::rethrow_exception(slot.error);
    return std::move(slot.batch);
}

void DataLoader::cancel() {
    {
        std::lock_guard<std::mutex> lock(mMutex);
        mCanceled = true;
        mStop = true;
    }
    mWorkReady.notify_all();
    mBatchReady.notify_all();
}

} // namespace orinet
