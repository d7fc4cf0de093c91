// Approximate retrieval at city scale: faiss IVF-PQ with and without exact re-ranking of its
// shortlist, against the exact blocked engine on the same queries. The gallery is synthetic
// (generated here, never stored): M unit descriptors with the structure of a trained model's,
// i.e. clustered on a low-dimensional manifold (a Gaussian mixture in `--latent` dimensions,
// mapped to D by a random linear map, plus isotropic noise). Query i is a noisy view of gallery
// item i (its true match), drawn as ground descriptors are from the same place.
//
//   bench_ivfpq [--gallery 1000000] [--queries 10000] [--dim 1536] [--threads 2]
//               [--nprobe 4,16,64] [--shortlist 0,100,1000] [--latent 64] [--clusters 4096]
//               [--query-noise 0.35] [--lists 0] [--save DIR]
//
// --save DIR writes the generated set as a descriptor folder (ground.npy = the queries,
// satellite.npy = the gallery; needs --queries equal to --gallery) and stops, so that
// `orinet eval --descriptors DIR` can evaluate it (docs/evaluation.md, "How approximate").
//
// Prints: generation, exact search (time, queries/s, recall@1/@10), IVF-PQ build time, index
// size and the process's peak memory, then per (nprobe, shortlist): queries/s, recall@1/@10,
// and how many of the exact top-1 it returns first.

#include "common/feedback.h"
#include "common/memorypolicy.h"
#include "common/runtimeinfo.h"
#include "linalg/sgemm.h"
#include "metrics/recall.h"
#include "retrieval/descriptorset.h"
#include "retrieval/faissindex.h"
#include "retrieval/retrieval.h"
#include "retrieval/shortlistreranker.h"

#include <opencv2/core.hpp>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <unistd.h>
#include <vector>

using namespace orinet;

namespace {

struct Config {
    int gallery = 1000000;
    int queries = 10000;
    int dim = 1536;
    int threads = 2;
    int latent = 64;
    int clusters = 4096;
    double queryNoise = 0.35;
    int lists = 0;
    std::vector<int> nprobes = {4, 16, 64};
    std::vector<int> shortlists = {0, 100, 1000};
    std::string save;
};

double now() {
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

// Peak resident memory of this process so far, in MiB (VmHWM).
double peakMiB() {
    std::ifstream status("/proc/self/status");
    for (std::string line; std::getline(status, line);)
        if (line.rfind("VmHWM:", 0) == 0)
            return std::atof(line.c_str() + 6) / 1024.0;
    return 0;
}

std::vector<int> parseList(const std::string& text) {
    std::vector<int> out;
    std::stringstream ss(text);
    for (std::string part; std::getline(ss, part, ',');)
        out.push_back(std::stoi(part));
    return out;
}

// Latent points: a mixture of `clusters` unit-variance Gaussians with centres spread 3x wider;
// the query points are noisy copies of the first gallery points.
void makeWorld(const Config& c, cv::Mat& gallery, cv::Mat& queries) {
    cv::RNG rng(20190616);
    cv::Mat centres(c.clusters, c.latent, CV_32F);
    rng.fill(centres, cv::RNG::NORMAL, 0, 3.0);
    cv::Mat latent(c.gallery, c.latent, CV_32F);
    rng.fill(latent, cv::RNG::NORMAL, 0, 1.0);
    for (int i = 0; i < c.gallery; ++i)
        latent.row(i) += centres.row(static_cast<int>(rng.uniform(0, c.clusters)));
    cv::Mat queryLatent(c.queries, c.latent, CV_32F);
    rng.fill(queryLatent, cv::RNG::NORMAL, 0, c.queryNoise);
    queryLatent += latent.rowRange(0, c.queries);
    // The map to D dimensions; D x latent, so that rows map by one product A·Pᵀ.
    cv::Mat map(c.dim, c.latent, CV_32F);
    rng.fill(map, cv::RNG::NORMAL, 0, 1.0 / std::sqrt(double(c.latent)));
    const auto lift = [&](const cv::Mat& points, cv::Mat& out, uint64_t seed) {
        out.create(points.rows, c.dim, CV_32F);
        Sgemm::multiplyTransposed(SgemmKernel::Auto, points.rows, c.dim, c.latent,
                                  points.ptr<float>(), c.latent, map.ptr<float>(), c.latent,
                                  out.ptr<float>(), c.dim);
        // isotropic noise (a fifth of the signal's norm), then unit length; rows in chunks
        // with their own generators so that threads give the same data
        cv::parallel_for_(cv::Range(0, (points.rows + 4095) / 4096), [&](const cv::Range& r) {
            for (int chunk = r.start; chunk < r.end; ++chunk) {
                cv::RNG local(seed * 1000003u + static_cast<uint64_t>(chunk));
                const int end = std::min(points.rows, (chunk + 1) * 4096);
                for (int i = chunk * 4096; i < end; ++i) {
                    cv::Mat row = out.row(i);
                    const double signal = cv::norm(row);
                    cv::Mat noise(1, c.dim, CV_32F);
                    local.fill(noise, cv::RNG::NORMAL, 0, 0.2 * signal / std::sqrt(double(c.dim)));
                    row += noise;
                    cv::normalize(row, row);
                }
            }
        });
    };
    lift(latent, gallery, 1);
    lift(queryLatent, queries, 2);
}

// recall@1, recall@10 from ranks, and the share of queries whose first result is the exact
// first result.
std::string quality(const RetrievalResult& r, const RetrievalResult& exact) {
    int64_t sameFirst = 0;
    for (int64_t i = 0; i < r.queryCount; ++i)
        sameFirst += r.idsOf(i)[0] == exact.idsOf(i)[0];
    char text[160];
    std::snprintf(text, sizeof text, "%.2f | %.2f | %.1f %%", 100 * metrics::recallAtK(r.ranks, 1),
                  100 * metrics::recallAtK(r.ranks, 10),
                  100.0 * double(sameFirst) / double(r.queryCount));
    return text;
}

} // namespace

int main(int argc, char** argv) {
    Config c;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string key = argv[i], value = argv[i + 1];
        if (key == "--gallery")
            c.gallery = std::stoi(value);
        else if (key == "--queries")
            c.queries = std::stoi(value);
        else if (key == "--dim")
            c.dim = std::stoi(value);
        else if (key == "--threads")
            c.threads = std::stoi(value);
        else if (key == "--latent")
            c.latent = std::stoi(value);
        else if (key == "--clusters")
            c.clusters = std::stoi(value);
        else if (key == "--query-noise")
            c.queryNoise = std::stod(value);
        else if (key == "--lists")
            c.lists = std::stoi(value);
        else if (key == "--nprobe")
            c.nprobes = parseList(value);
        else if (key == "--shortlist")
            c.shortlists = parseList(value);
        else if (key == "--save")
            c.save = value;
        else {
            std::fprintf(stderr, "unknown option %s\n", key.c_str());
            return 2;
        }
    }
    runtime::configureThreads(c.threads);
    runtime::keepFreedMemory();
    double load[3] = {0, 0, 0};
    getloadavg(load, 3);
    std::printf("bench_ivfpq: M = %d gallery, %d queries, D = %d, %d threads; load average %.2f "
                "%.2f %.2f (%ld cores)\nGEMM kernel: %s\n",
                c.gallery, c.queries, c.dim, c.threads, load[0], load[1], load[2],
                sysconf(_SC_NPROCESSORS_ONLN), Sgemm::report().summary().c_str());
    std::fflush(stdout);

    double t0 = now();
    cv::Mat gallery, queries;
    makeWorld(c, gallery, queries);
    std::printf("generated in %.1f s: gallery %.0f MiB; peak RSS %.0f MiB\n", now() - t0,
                gallery.total() * 4.0 / (1 << 20), peakMiB());
    std::fflush(stdout);
    if (!c.save.empty()) {
        if (c.queries != c.gallery) {
            std::fprintf(stderr, "--save needs --queries equal to --gallery\n");
            return 2;
        }
        DescriptorSet set;
        set.ground = queries;
        set.satellite = gallery;
        for (int i = 0; i < c.gallery; ++i)
            set.ids.push_back("item_" + std::to_string(i));
        set.save(c.save);
        std::printf("saved %s\n", c.save.c_str());
        return 0;
    }

    Feedback feedback;
    RetrievalOptions exactOptions;
    exactOptions.k = 10;
    exactOptions.threads = c.threads;
    t0 = now();
    const RetrievalResult exact =
        Retrieval::search(queries, gallery, RetrievalBackend::Blocked, exactOptions, feedback);
    const double exactSeconds = now() - t0;
    std::printf("exact (blocked): %.1f s, %.0f queries/s, r@1 %.2f r@10 %.2f; peak RSS %.0f MiB\n",
                exactSeconds, c.queries / exactSeconds, 100 * metrics::recallAtK(exact.ranks, 1),
                100 * metrics::recallAtK(exact.ranks, 10), peakMiB());
    std::fflush(stdout);

    RetrievalOptions options;
    options.threads = c.threads;
    options.ivfLists = c.lists;
    t0 = now();
    FaissIndex index = FaissIndex::build(gallery, FaissIndex::Kind::IvfPq, options, feedback);
    const double buildSeconds = now() - t0;
    char path[] = "/tmp/bench_ivfpq_XXXXXX";
    const int fd = mkstemp(path);
    close(fd);
    index.save(path);
    std::ifstream file(path, std::ios::binary | std::ios::ate);
    const double indexMiB = static_cast<double>(file.tellg()) / (1 << 20);
    std::remove(path);
    std::printf("IVF-PQ build (train + add): %.1f s; index file %.0f MiB; peak RSS %.0f MiB\n",
                buildSeconds, indexMiB, peakMiB());
    std::printf("\n| nprobe | shortlist | queries/s | r@1 | r@10 | exact top-1 first |\n"
                "|---|---|---|---|---|---|\n");
    std::fflush(stdout);
    for (int nprobe : c.nprobes)
        for (int shortlist : c.shortlists) {
            index.setNprobe(nprobe);
            t0 = now();
            RetrievalResult r = index.search(queries, std::max(10, shortlist), c.threads, feedback);
            if (shortlist > 0) {
                r = ShortlistReranker::rerank(r, queries, gallery, 10, /*trueMatchRanks=*/true,
                                              c.threads, feedback);
            } else { // the rank is the position in the approximate list, 10 when absent
                r.ranks.assign(static_cast<size_t>(r.queryCount), r.k);
                for (int64_t i = 0; i < r.queryCount; ++i)
                    for (int64_t j = 0; j < r.k; ++j)
                        if (r.idsOf(i)[j] == i) {
                            r.ranks[static_cast<size_t>(i)] = j;
                            break;
                        }
            }
            const double seconds = now() - t0;
            std::printf("| %d | %s | %.0f | %s |\n", nprobe,
                        shortlist > 0 ? std::to_string(shortlist).c_str() : "none",
                        c.queries / seconds, quality(r, exact).c_str());
            std::fflush(stdout);
        }
    getloadavg(load, 3);
    std::printf("peak RSS %.0f MiB; load average after: %.2f %.2f %.2f\n", peakMiB(), load[0],
                load[1], load[2]);
    return 0;
}
