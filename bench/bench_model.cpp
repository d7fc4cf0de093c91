// OriNet training-step and descriptor-extraction throughput (pairs/s) and peak memory.
//
//   bench_model [--preset paper|small|tiny] [--batch 12] [--threads 2] [--steps 6]
//               [--orientation input|none]
//   bench_model --describe W.safetensors [--preset tiny]
//     prints the descriptors of a fixed linspace input, to compare with
//     `python3 bench/orinet_pytorch.py --weights W.safetensors --preset tiny`.
//
// Inputs are random tensors (no image decoding): this measures the network, loss and Adam.
// Prints medians over the timed steps (the first step warms up and is not counted).

#include "benchsupport.h"
#include "randomtensor.h"

#include "common/feedback.h"
#include "common/memorypolicy.h"
#include "common/runtimeinfo.h"
#include "model/orinetmodel.h"
#include "run/checkpoint.h"
#include "training/trainer.h"

#include <opencv2/core.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <random>
#include <string>
#include <sys/resource.h>
#include <unistd.h>

using namespace orinet;
using orinet::bench::median;

namespace {

class RandomSource : public BatchSource {
public:
    RandomSource(const InputPreset& p, int channels, int64_t batch, size_t steps)
        : mPreset(p)
        , mChannels(channels)
        , mBatch(batch)
        , mSteps(steps) {}
    size_t batchesPerEpoch() const override { return mSteps; }
    void startEpoch(uint64_t, size_t skip) override { mNext = skip; }
    std::optional<Batch> next() override {
        if (mNext >= mSteps)
            return std::nullopt;
        Batch b;
        b.ground = testing::randomTensor(mBatch, mChannels, mPreset.groundRows, mPreset.groundCols,
                                         static_cast<uint32_t>(2 * mNext));
        b.satellite =
            testing::randomTensor(mBatch, mChannels, mPreset.satelliteSize, mPreset.satelliteSize,
                                  static_cast<uint32_t>(2 * mNext + 1));
        for (int64_t i = 0; i < mBatch; ++i) {
            b.indices.push_back(static_cast<size_t>(i));
            b.ids.push_back(std::to_string(i));
        }
        ++mNext;
        return b;
    }

private:
    InputPreset mPreset;
    int mChannels;
    int64_t mBatch;
    size_t mSteps;
    size_t mNext = 0;
};

double peakMegabytes() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss / 1024.0; // kilobytes on Linux
}

} // namespace

int main(int argc, char** argv) {
    std::string preset = "paper", orientation = "input";
    int64_t batch = 12;
    int threads = 2;
    size_t steps = 6;
    std::string describe;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string key = argv[i], value = argv[i + 1];
        if (key == "--preset")
            preset = value;
        else if (key == "--batch")
            batch = std::stoll(value);
        else if (key == "--threads")
            threads = std::stoi(value);
        else if (key == "--steps")
            steps = std::stoul(value);
        else if (key == "--orientation")
            orientation = value;
        else if (key == "--describe")
            describe = value;
    }
    try {
        if (!describe.empty()) {
            auto model =
                Checkpoint::load(describe, preset).buildModel(Normalization::Running, "cpu");
            const auto& p = model->config().preset;
            const int64_t c = inputChannels(model->config().orientation);
            auto linspace = [](int64_t n, int64_t ch, int64_t h, int64_t w) {
                TensorBuffer b;
                b.shape = {n, ch, h, w};
                b.data.resize(b.count());
                for (size_t i = 0; i < b.data.size(); ++i)
                    b.data[i] = static_cast<float>(-1.0 + 2.0 * i / (b.data.size() - 1));
                return b;
            };
            const cv::Mat g =
                model->describe(Branch::Ground, linspace(1, c, p.groundRows, p.groundCols));
            const cv::Mat s = model->describe(Branch::Satellite,
                                              linspace(1, c, p.satelliteSize, p.satelliteSize));
            // Two values from each hypercolumn part (layers 5, 6, 7).
            const int picks[] = {0, 1, 512, 513, 1024, 1025, 1534, 1535};
            std::printf("ground");
            for (int i : picks)
                std::printf(" %.6e", g.at<float>(0, i));
            std::printf("\nsatellite");
            for (int i : picks)
                std::printf(" %.6e", s.at<float>(0, i));
            std::printf("\n");
            return 0;
        }
        runtime::configureThreads(threads);
        runtime::keepFreedMemory();
        std::printf("%s\n\n", runtime::summary().c_str());
        TrainingConfig config;
        config.model.preset = InputPreset::byName(preset);
        config.model.orientation = fromString<OrientationMode>(orientation);
        config.batchSize = batch;
        config.epochs = 1;
        const int channels = inputChannels(config.model.orientation);

        // Extraction first (eval mode, no gradients), on a fresh model.
        {
            OriNetModel model(config.model);
            const auto& p = config.model.preset;
            const TensorBuffer g =
                testing::randomTensor(batch, channels, p.groundRows, p.groundCols, 1);
            const TensorBuffer s =
                testing::randomTensor(batch, channels, p.satelliteSize, p.satelliteSize, 2);
            std::vector<double> seconds;
            for (size_t i = 0; i <= steps; ++i) {
                const auto t0 = std::chrono::steady_clock::now();
                model.describe(Branch::Ground, g);
                model.describe(Branch::Satellite, s);
                const double dt =
                    std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
                if (i > 0)
                    seconds.push_back(dt);
            }
            const double m = median(seconds);
            std::printf("extract  preset %s batch %lld threads %d: median %.3f s/batch, "
                        "%.2f pairs/s (%zu batches), peak RSS %.0f MB\n",
                        preset.c_str(), static_cast<long long>(batch), threads, m, batch / m,
                        seconds.size(), peakMegabytes());
        }

        // Training steps through the real Trainer (forward, loss, backward, Adam).
        const std::string run = (std::filesystem::exists("/dev/shm")
                                     ? std::string("/dev/shm")
                                     : std::filesystem::temp_directory_path().string()) +
                                "/orinet-bench-" + std::to_string(::getpid());
        std::vector<double> stepSeconds;
        double previous = 0;
        {
            Trainer trainer(run, config, false);
            RandomSource source(config.model.preset, channels, batch, steps + 1);
            Feedback feedback;
            TrainingCallbacks callbacks;
            callbacks.step = [&](const TrainingProgress& p) {
                if (p.step > 1)
                    stepSeconds.push_back(p.elapsedSeconds - previous);
                previous = p.elapsedSeconds;
            };
            trainer.run({&source}, feedback, callbacks);
        }
        std::filesystem::remove_all(run);
        const double m = median(stepSeconds);
        std::printf("train    preset %s batch %lld threads %d: median %.3f s/step, "
                    "%.2f pairs/s (%zu steps), peak RSS %.0f MB\n",
                    preset.c_str(), static_cast<long long>(batch), threads, m, batch / m,
                    stepSeconds.size(), peakMegabytes());
    } catch (const std::exception& e) {
        std::fprintf(stderr, "bench_model: %s\n", e.what());
        return 1;
    }
    return 0;
}
