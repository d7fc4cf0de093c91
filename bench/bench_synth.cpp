// Synthetic world throughput at the default sizes (CVUSA panorama 112x616, CVACT 256x512,
// tiles 256 px / 100 m) and the colour-histogram baseline's recall@1 on 200 held-out pairs.
// Usage: bench_synth [pairs=1400] [runs=3] [threads=0]
#include "common/feedback.h"
#include "synth/histogrambaseline.h"
#include "synth/panoramarenderer.h"
#include "synth/syntheticworld.h"
#include "synth/townmap.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

int main(int argc, char* argv[]) {
    const int pairs = argc > 1 ? std::atoi(argv[1]) : 1400;
    const int runs = argc > 2 ? std::atoi(argv[2]) : 3;
    const int threads = argc > 3 ? std::atoi(argv[3]) : 0;
    char pattern[] = "/tmp/bench_synth_XXXXXX";
    if (!mkdtemp(pattern)) {
        std::perror("mkdtemp");
        return 1;
    }
    const std::string base = pattern;
    std::printf("bench_synth: %d pairs, %d runs, %d threads (hardware %u), default sizes\n", pairs,
                runs, threads, std::thread::hardware_concurrency());
    {
        // single-thread cost of each part, in the default 1000-pair town
        using Clock = std::chrono::steady_clock;
        const orinet::SynthOptions defaults;
        auto started = Clock::now();
        const orinet::TownMap town =
            orinet::TownMap::generate(1, defaults.effectiveWorldMetres(), defaults.pixelSize,
                                      orinet::SyntheticWorld::origin());
        const double townSeconds = std::chrono::duration<double>(Clock::now() - started).count();
        const orinet::PanoramaRenderer renderer(town);
        const orinet::Street& street = town.streets()[town.streets().size() / 2];
        auto timeIt = [&](auto&& work) {
            constexpr int kRepeats = 100;
            const auto t0 = Clock::now();
            for (int i = 0; i < kRepeats; ++i) {
                const double f = (i + 0.5) / kRepeats;
                work(orinet::UtmPoint{
                    street.from.easting + f * (street.to.easting - street.from.easting),
                    street.from.northing + f * (street.to.northing - street.from.northing)});
            }
            return 1000 * std::chrono::duration<double>(Clock::now() - t0).count() / kRepeats;
        };
        const double cvusa = timeIt([&](const orinet::UtmPoint& p) {
            renderer.render(p, 2.3, defaults.cvusaPanoHeight(), defaults.cvusaPanoWidth);
        });
        const double cvact = timeIt([&](const orinet::UtmPoint& p) {
            renderer.render(p, 2.3, defaults.cvactPanoHeight(), defaults.cvactPanoWidth);
        });
        const double tile = timeIt([&](const orinet::UtmPoint& p) {
            town.tile(p, defaults.tileSize, defaults.tileMetres);
        });
        std::printf("one thread: town %d px %.2f s; panorama %dx%d %.2f ms, %dx%d %.2f ms; tile "
                    "%d px %.2f ms\n",
                    town.colour().cols, townSeconds, defaults.cvusaPanoHeight(),
                    defaults.cvusaPanoWidth, cvusa, defaults.cvactPanoHeight(),
                    defaults.cvactPanoWidth, cvact, defaults.tileSize, tile);
    }
    std::vector<double> seconds;
    orinet::SynthSummary last;
    for (int r = 0; r < runs; ++r) {
        orinet::SynthOptions options;
        options.outDir = base + "/run" + std::to_string(r);
        options.pairs = pairs;
        options.threads = threads;
        orinet::Feedback feedback;
        last = orinet::SyntheticWorld::generate(options, feedback);
        seconds.push_back(last.seconds);
        std::printf("  run %d: %.2f s, %.1f pairs/s\n", r + 1, last.seconds, pairs / last.seconds);
        if (r + 1 < runs)
            std::filesystem::remove_all(options.outDir);
    }
    std::sort(seconds.begin(), seconds.end());
    const double median = seconds[seconds.size() / 2];
    std::printf("median: %.2f s for %d pairs = %.1f pairs/s (town, GeoTIFFs, rendering, files)\n",
                median, pairs, pairs / median);
    std::printf("world %s: train %d, val %d, test %d\n", last.root.c_str(), last.trainCount,
                last.valCount, last.testCount);
    const orinet::BaselineResult b = orinet::HistogramBaseline::evaluate(last, 200);
    std::printf("colour-histogram baseline on %d held-out pairs: recall@1 %.2f%%, recall@5 "
                "%.2f%% (chance @1 %.2f%%)\n",
                b.pairs, 100 * b.recallAt1, 100 * b.recallAt5, 100 * b.chanceAt1);
    std::filesystem::remove_all(base);
    return 0;
}
