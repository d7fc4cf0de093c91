#pragma once

// Test helpers shared by tst_trainer and tst_trainerresume.

#include "training/trainer.h"

#include <algorithm>
#include <fstream>
#include <numeric>
#include <random>
#include <string>
#include <vector>

#include <QDir>
#include <QString>

using namespace orinet;

namespace testing {

//! Template for QTemporaryDir: RAM-backed when /dev/shm exists. Every checkpoint is 368 MB
//! (weights + Adam moments) and fsync'ed; on a disk that dominates the test time.
inline QString scratchTemplate() {
    return QDir("/dev/shm").exists() ? QStringLiteral("/dev/shm/orinet-test-XXXXXX") : QString();
}

//! A zero-filled batch of `count` pairs at the tiny preset with orientation channels.
inline Batch tinyBatch(int64_t count) {
    const InputPreset p = InputPreset::byName("tiny");
    Batch b;
    b.ground.shape = {count, 5, p.groundRows, p.groundCols};
    b.satellite.shape = {count, 5, p.satelliteSize, p.satelliteSize};
    b.ground.data.resize(b.ground.count());
    b.satellite.data.resize(b.satellite.count());
    return b;
}

//! Deterministic in-memory pairs (tiny preset): pair i's images come from seed i, epoch e's
//! order from seed e, so startEpoch(e, k) replays exactly as the contract asks.
class SyntheticSource : public BatchSource {
public:
    SyntheticSource(size_t pairs, int64_t batch, bool shuffle, uint32_t salt = 0,
                    size_t repeats = 1)
        : mPairs(pairs)
        , mBatch(batch)
        , mShuffle(shuffle)
        , mSalt(salt)
        , mRepeats(repeats) {}

    size_t batchesPerEpoch() const override {
        return mPairs / static_cast<size_t>(mBatch) * mRepeats;
    }

    void startEpoch(uint64_t epoch, size_t skip) override {
        mOrder.resize(mPairs);
        std::iota(mOrder.begin(), mOrder.end(), size_t{0});
        if (mShuffle) {
            std::mt19937 rng(static_cast<uint32_t>(epoch) * 7919u + 1u);
            std::shuffle(mOrder.begin(), mOrder.end(), rng);
        }
        mNext = skip;
    }

    std::optional<Batch> next() override {
        if (mNext >= batchesPerEpoch())
            return std::nullopt;
        Batch b = tinyBatch(mBatch);
        const size_t gPer = b.ground.count() / mBatch, sPer = b.satellite.count() / mBatch;
        for (int64_t i = 0; i < mBatch; ++i) {
            const size_t pair =
                mOrder[(mNext % (mPairs / static_cast<size_t>(mBatch))) * mBatch + i];
            // Both views of a pair share a per-pair "colour", so they are learnable matches.
            std::mt19937 rng(static_cast<uint32_t>(pair) + mSalt * 100000u);
            std::uniform_real_distribution<float> u(-1.f, 1.f);
            const float tone = u(rng);
            for (size_t k = 0; k < gPer; ++k)
                b.ground.data[i * gPer + k] = 0.5f * tone + 0.5f * u(rng);
            for (size_t k = 0; k < sPer; ++k)
                b.satellite.data[i * sPer + k] = 0.5f * tone + 0.5f * u(rng);
            b.indices.push_back(pair);
            b.ids.push_back(std::to_string(pair));
        }
        ++mNext;
        return b;
    }

private:
    size_t mPairs;
    int64_t mBatch;
    bool mShuffle;
    uint32_t mSalt;
    size_t mRepeats;
    std::vector<size_t> mOrder;
    size_t mNext = 0;
};

TrainingConfig tinyConfig(int epochs) {
    TrainingConfig c;
    c.model.preset = InputPreset::byName("tiny");
    c.model.initSeed = 5;
    c.epochs = epochs;
    c.batchSize = 4;
    c.learningRate = 1e-4;
    c.seed = 5;
    return c;
}

std::vector<double> runAndCollect(Trainer& trainer, BatchSource& source, Feedback& feedback,
                                  int64_t cancelAfter = -1) {
    std::vector<double> losses;
    TrainingCallbacks callbacks;
    callbacks.step = [&](const TrainingProgress& p) {
        losses.push_back(p.loss);
        if (p.step == cancelAfter)
            feedback.cancel();
    };
    trainer.run({&source}, feedback, callbacks);
    return losses;
}

std::vector<std::string> lines(const QString& file) {
    std::ifstream in(file.toStdString());
    std::vector<std::string> result;
    for (std::string line; std::getline(in, line);)
        result.push_back(line);
    return result;
}

} // namespace testing
