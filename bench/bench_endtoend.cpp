// End-to-end training throughput: the real DataLoader (JPEG decoding, augmentation,
// orientation channels, worker threads) feeding the real Trainer (forward, loss, backward,
// Adam), at paper size. Compare with `python3 bench/orinet_pytorch.py --data DIR`, which
// trains the same network on the same files but loads each batch synchronously with OpenCV
// as the original code does.
//
//   bench_endtoend [--data DIR] [--pairs 48] [--threads 2] [--workers 2] [--batch 12]
//
// DIR (default /tmp/orinet-endtoend) gets `pairs` JPEG pairs (224x1232 panoramas, 750x750
// tiles, photo-like content) and a pairs.csv when it has no pairs.csv yet, and is kept so the
// PyTorch script can read the same files. One epoch is trained: the first step warms up and
// is not counted; prints the median seconds per step (data waiting included) and pairs/s.

#include "benchsupport.h"

#include "common/feedback.h"
#include "common/memorypolicy.h"
#include "common/runtimeinfo.h"
#include "dataset/dataloadersource.h"
#include "dataset/dataset.h"
#include "training/trainer.h"

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <sys/resource.h>
#include <unistd.h>
#include <vector>

using namespace orinet;
using orinet::bench::median;
using orinet::bench::photoLike;

namespace {

void writeDataset(const std::string& dir, int pairs) {
    std::filesystem::create_directories(dir);
    std::ofstream csv(dir + "/pairs.csv.tmp");
    csv << "id,panorama,satellite,split\n";
    for (int i = 0; i < pairs; ++i) {
        const std::string p = "p" + std::to_string(i) + ".jpg",
                          s = "s" + std::to_string(i) + ".jpg";
        cv::imwrite(dir + "/" + p, photoLike(224, 1232, i), {cv::IMWRITE_JPEG_QUALITY, 90});
        cv::imwrite(dir + "/" + s, photoLike(750, 750, 1000 + i), {cv::IMWRITE_JPEG_QUALITY, 90});
        csv << "q" << i << "," << p << "," << s << ",train\n";
    }
    csv.close();
    // pairs.csv appears only when every image is written, so a killed run is regenerated.
    std::filesystem::rename(dir + "/pairs.csv.tmp", dir + "/pairs.csv");
}

} // namespace

int main(int argc, char** argv) {
    std::string dir = "/tmp/orinet-endtoend";
    int pairs = 48, threads = 2, workers = 2;
    int64_t batch = 12;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string key = argv[i], value = argv[i + 1];
        if (key == "--data")
            dir = value;
        else if (key == "--pairs")
            pairs = std::stoi(value);
        else if (key == "--threads")
            threads = std::stoi(value);
        else if (key == "--workers")
            workers = std::stoi(value);
        else if (key == "--batch")
            batch = std::stoll(value);
    }
    try {
        if (!std::filesystem::exists(dir + "/pairs.csv"))
            writeDataset(dir, std::max<int>(pairs, static_cast<int>(2 * batch)));
        runtime::configureThreads(threads);
        runtime::keepFreedMemory();
        std::printf("%s\n", runtime::summary().c_str());
        const Dataset dataset = Dataset::open(dir);

        TrainingConfig config;
        config.model.preset = InputPreset::byName("paper");
        config.batchSize = batch;
        config.epochs = 1;
        SourceOptions options = config.sourceOptions(SourcePurpose::Training);
        options.workers = workers;
        auto source = DataLoaderSource::forSplit(dataset, "train", options);
        const size_t steps = source->batchesPerEpoch();

        const std::string run = "/tmp/orinet-endtoend-run-" + std::to_string(::getpid());
        std::vector<double> seconds;
        double previous = 0;
        {
            Trainer trainer(run, config, false);
            Feedback feedback;
            TrainingCallbacks callbacks;
            callbacks.step = [&](const TrainingProgress& p) {
                if (p.step > 1) // step 1 warms up (allocations, first batches)
                    seconds.push_back(p.elapsedSeconds - previous);
                previous = p.elapsedSeconds;
            };
            trainer.run({source.get()}, feedback, callbacks);
        }
        std::filesystem::remove_all(run);
        rusage usage{};
        getrusage(RUSAGE_SELF, &usage);
        const double m = median(seconds);
        std::printf("end-to-end train  paper batch %lld, %d threads, %d loader workers, %s: "
                    "median %.3f s/step, %.2f pairs/s (%zu of %zu steps), peak RSS %.0f MB\n",
                    static_cast<long long>(batch), threads, workers, dir.c_str(), m, batch / m,
                    seconds.size(), steps, usage.ru_maxrss / 1024.0);
        for (double s : seconds)
            std::printf("  step %.3f s\n", s);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "bench_endtoend: %s\n", e.what());
        return 1;
    }
    return 0;
}
