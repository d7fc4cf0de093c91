// The localization heat map's cost: how fast places are described into the cache (tiles/s,
// cutting + preprocessing + the satellite branch), how big the cache is, and what one query
// costs (panorama description, the matrix-vector product over every place, peak search).
//
//   bench_heatmap --world DIR --checkpoint F [--spacing M] [--footprint M] [--limit N]
//                 [--queries Q] [--threads T] [--places N]
//
// DIR is a synthetic world (world.tif, world.json, pairs.csv). --limit stops the cache build
// after about N places (the build is resumable, so this measures the rate without paying for
// a whole large world); the full cost is then extrapolated. --places N also times the product
// alone on N random 1536-d rows (e.g. 145,161 for a 2 km x 2 km world at 5 m spacing).

#include "benchsupport.h"
#include "common/error.h"
#include "common/feedback.h"
#include "common/runtimeinfo.h"
#include "dataset/dataset.h"
#include "dataset/preprocessor.h"
#include "heatmap/heatmap.h"
#include "heatmap/heatmapcache.h"
#include "heatmap/heatmapengine.h"
#include "model/orinetmodel.h"
#include "synth/syntheticworld.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

using namespace orinet;

namespace {

double secondsSince(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

void printLoad(const char* when) {
    std::FILE* f = std::fopen("/proc/loadavg", "r");
    char load[64] = {};
    if (f && std::fgets(load, sizeof load, f))
        std::printf("load average %s: %s", when, load);
    if (f)
        std::fclose(f);
}

// The matrix-vector product alone over `places` random 1536-d rows: a query's cost on a grid
// too large to describe within a benchmark.
void productOver(size_t places) {
    if (places == 0)
        return;
    cv::Mat rows(static_cast<int>(places), 1536, CV_32F);
    cv::randn(rows, 0, 1);
    cv::Mat query(1, 1536, CV_32F);
    cv::randn(query, 0, 1);
    std::vector<double> ms;
    for (int i = 0; i < 7; ++i) {
        const auto t0 = std::chrono::steady_clock::now();
        cv::Mat column;
        cv::gemm(rows, query, 1.0, cv::noArray(), 0.0, column, cv::GEMM_2_T);
        ms.push_back(secondsSince(t0) * 1000);
    }
    std::printf("product over %zu places (%.0f MB in memory): median %.1f ms of 7\n", places,
                places * 1536.0 * 4 / 1e6, bench::median(ms));
}

} // namespace

int main(int argc, char** argv) {
    std::string world, checkpoint;
    double spacing = 0, footprint = 0;
    size_t limit = 0;
    int queries = 20, threads = 0;
    size_t places = 0;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string key = argv[i], value = argv[i + 1];
        if (key == "--world")
            world = value;
        else if (key == "--checkpoint")
            checkpoint = value;
        else if (key == "--spacing")
            spacing = std::atof(value.c_str());
        else if (key == "--footprint")
            footprint = std::atof(value.c_str());
        else if (key == "--limit")
            limit = static_cast<size_t>(std::atoll(value.c_str()));
        else if (key == "--queries")
            queries = std::atoi(value.c_str());
        else if (key == "--threads")
            threads = std::atoi(value.c_str());
        else if (key == "--places")
            places = static_cast<size_t>(std::atoll(value.c_str()));
    }
    if (world.empty() || checkpoint.empty()) {
        std::fprintf(stderr, "usage: bench_heatmap --world DIR --checkpoint F [--spacing M] "
                             "[--footprint M] [--limit N] [--queries Q] [--threads T] "
                             "[--places N]\n");
        return 2;
    }
    runtime::configureThreads(threads);
    std::printf("bench_heatmap: %s\n", runtime::summary().c_str());
    printLoad("at start");
    try {
        const Dataset dataset = Dataset::open(world);
        const TileGeometry tiles = HeatMapEngine::tileGeometryFor(dataset);
        HeatMapEngine::Settings settings;
        settings.checkpoint = checkpoint;
        settings.runDirectory =
            (std::filesystem::temp_directory_path() / "orinet-bench-heatmap").string();
        settings.raster = SyntheticWorld::imageBeside(world);
        settings.layout = dataset.layout();
        settings.footprintMetres = footprint > 0 ? footprint : tiles.footprintMetres;
        settings.spacingMetres = spacing;
        settings.tileSize = tiles.tileSize;

        Feedback feedback;
        size_t total = 0;
        feedback.setProgressCallback([&](double fraction, const std::string& message) {
            // "tile k/N": stop after `limit` places (the cache resumes there next time).
            const size_t slash = message.find('/');
            if (slash != std::string::npos)
                total = static_cast<size_t>(std::atoll(message.c_str() + slash + 1));
            if (limit > 0 && total > 0 && fraction * total >= limit)
                feedback.cancel();
        });
        const auto start = std::chrono::steady_clock::now();
        std::unique_ptr<HeatMapEngine> engine;
        try {
            engine = std::make_unique<HeatMapEngine>(settings, feedback);
        } catch (const Canceled&) {
            const double seconds = secondsSince(start);
            std::printf("stopped after %zu of %zu places (--limit) in %.1f s\n", limit, total,
                        seconds);
            std::printf("build rate: %.1f places/s (including model load); whole grid would "
                        "take %.1f min and %.0f MB of cache\n",
                        limit / seconds, total / (limit / seconds) / 60, total * 1536.0 * 4 / 1e6);
            productOver(places);
            printLoad("at end");
            return 0;
        }
        const HeatMapCache::BuildStats& stats = engine->buildStats();
        const HeatMapGrid& grid = engine->cache().grid();
        std::printf("grid %d x %d = %zu places, %.3g m apart, %.3g m tiles at %d px, preset of "
                    "the model\n",
                    grid.cols, grid.rows, grid.cellCount(), grid.spacing / engine->unitsPerMetre(),
                    grid.footprint / engine->unitsPerMetre(), grid.tileSize);
        if (stats.described > 0)
            std::printf("cache build: %zu places in %.1f s = %.1f places/s (resumed at %zu)\n",
                        stats.described, stats.seconds, stats.described / stats.seconds,
                        stats.resumedAt);
        else
            std::printf("cache build: found complete (delete %s to measure the build)\n",
                        engine->cache().folder().c_str());
        std::printf("cache size: %.1f MB (%zu x 1536 float32)\n", engine->cache().bytes() / 1e6,
                    grid.cellCount());

        // Per query: describe the panorama, score every place, find the peaks.
        std::vector<double> describe, product, peaks, whole;
        const std::vector<PairRecord>& pairs = dataset.pairs();
        for (int q = 0; q < queries && q < static_cast<int>(pairs.size()); ++q) {
            const PairRecord& pair = pairs[static_cast<size_t>(q) * pairs.size() / queries];
            auto t0 = std::chrono::steady_clock::now();
            const HeatMap map = engine->query(pair);
            const double all = secondsSince(t0) * 1000;
            t0 = std::chrono::steady_clock::now();
            const cv::Mat query = engine->cache().descriptors().row(0).clone();
            const HeatMap again = engine->query(query);
            const double gemv = secondsSince(t0) * 1000;
            t0 = std::chrono::steady_clock::now();
            const auto found = map.peaks(5, grid.footprint / 4);
            const double peakMs = secondsSince(t0) * 1000;
            whole.push_back(all + peakMs);
            product.push_back(gemv);
            describe.push_back(all - gemv);
            peaks.push_back(peakMs);
            if (found.empty() || again.isEmpty())
                std::printf("no peaks for query %d\n", q);
        }
        std::printf("per query (median of %zu): %.1f ms = describe panorama %.1f ms + product "
                    "%.2f ms + peaks %.2f ms\n",
                    whole.size(), bench::median(whole), bench::median(describe),
                    bench::median(product), bench::median(peaks));

        productOver(places);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "bench_heatmap: %s\n", e.what());
        return 1;
    }
    printLoad("at end");
    return 0;
}
