// Input pipeline throughput: paper-size batches of 12 (224x1232 panoramas, 750x750 tiles ->
// 512x512, 5 channels) decoded from JPEG files by the DataLoader. Prints medians of wall time
// per batch and the process CPU time per batch (the loader's cost, to compare with a model
// training step of several seconds at paper size on this CPU).
//
// Usage: bench_loader [pairs=48] [epochs=3]

#include "benchsupport.h"

#include "dataset/dataloader.h"
#include "dataset/dataset.h"

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <thread>

using namespace orinet;
using orinet::bench::median;
using orinet::bench::photoLike;

namespace {

double cpuSeconds() {
    timespec t{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

double wallSeconds() {
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

struct Result {
    double wallPerBatch;
    double cpuPerBatch;
    double batchesPerSecond;
};

Result run(const Dataset& dataset, int workers, bool augment, int epochs) {
    LoaderOptions o;
    o.preset = InputPreset::byName("paper");
    o.batchSize = 12;
    o.shuffle = true;
    o.augment = augment;
    o.workers = workers;
    o.prefetchBatches = 4;
    DataLoader loader(dataset, dataset.split("train"), o);
    std::vector<double> wall, cpu, rate;
    for (int e = 0; e < epochs; ++e) {
        const double w0 = wallSeconds(), c0 = cpuSeconds();
        loader.startEpoch(static_cast<uint64_t>(e));
        size_t n = 0;
        while (auto b = loader.next())
            ++n;
        const double w = wallSeconds() - w0, c = cpuSeconds() - c0;
        wall.push_back(w / n);
        cpu.push_back(c / n);
        rate.push_back(n / w);
    }
    return {median(wall), median(cpu), median(rate)};
}

} // namespace

int main(int argc, char** argv) {
    const int pairs = argc > 1 ? std::max(12, std::atoi(argv[1])) : 48;
    const int epochs = argc > 2 ? std::max(1, std::atoi(argv[2])) : 3;
    char pattern[] = "/tmp/bench_loader-XXXXXX";
    if (!mkdtemp(pattern)) {
        std::perror("mkdtemp");
        return 1;
    }
    const std::string dir = pattern;
    std::ofstream csv(dir + "/pairs.csv");
    csv << "id,panorama,satellite,split\n";
    size_t bytes = 0;
    for (int i = 0; i < pairs; ++i) {
        const std::string p = "p" + std::to_string(i) + ".jpg",
                          s = "s" + std::to_string(i) + ".jpg";
        cv::imwrite(dir + "/" + p, photoLike(224, 1232, i), {cv::IMWRITE_JPEG_QUALITY, 90});
        cv::imwrite(dir + "/" + s, photoLike(750, 750, 1000 + i), {cv::IMWRITE_JPEG_QUALITY, 90});
        bytes +=
            std::filesystem::file_size(dir + "/" + p) + std::filesystem::file_size(dir + "/" + s);
        csv << "q" << i << "," << p << "," << s << ",train\n";
    }
    csv.close();
    const Dataset dataset = Dataset::open(dir);
    std::printf("bench_loader: %d pairs (JPEG q90, %.0f KB per pair), paper preset 224x1232 + "
                "512x512, 5 channels, batch 12, %d epochs, %u hardware threads\n",
                pairs, bytes / 1024.0 / pairs, epochs, std::thread::hardware_concurrency());
    std::printf("%-8s %-8s %14s %16s %14s\n", "workers", "augment", "batches/s", "wall ms/batch",
                "CPU ms/batch");
    for (int workers : {1, 2})
        for (bool augment : {false, true}) {
            const Result r = run(dataset, workers, augment, epochs);
            std::printf("%-8d %-8s %14.2f %16.1f %14.1f\n", workers, augment ? "yes" : "no",
                        r.batchesPerSecond, r.wallPerBatch * 1e3, r.cpuPerBatch * 1e3);
        }
    std::printf("(medians over epochs; CPU = process CPU time, i.e. what the loader takes from "
                "a training step)\n");
    std::filesystem::remove_all(dir);
    return 0;
}
