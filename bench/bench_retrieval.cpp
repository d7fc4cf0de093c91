// Retrieval at CVUSA/CVACT scale: exact top-K + true-match ranks + all metrics for N = M
// random unit 1536-d descriptors, against the machine's GEMM throughput, faiss-flat and a
// full-matrix variant. Every measurement runs in a forked child so that its peak memory
// (ru_maxrss from wait4) is its own; the parent itself never starts OpenMP threads.
//
//   bench_retrieval [--sizes 8884,92802] [--dim 1536] [--top 100] [--threads 2]
//                   [--modes gemm,blocked,paired,faiss,faiss-topk,full,torch] [--repeats 3]
//                   [--kernel auto|blas|onednn]
// gemm: every GEMM kernel's rate on the engine's block shape; R, the best of them, bounds the
// engine: it cannot beat 2·N·M·D / R. blocked: the engine (top-K + true-match ranks) and every
// metric, timed after the process's once-only GEMM kernel selection (printed apart); faiss:
// IndexFlatIP top-K plus the blocked rank pass the metrics need; faiss-topk: IndexFlatIP alone;
// paired: in one process, the search alternated with the GEMM alone on the engine's own block
// shapes (the fastest kernel at that moment), the median ratio: robust to the load of other
// processes, which both then share; full: the engine with one block, i.e. the whole N x M score
// matrix materialised; torch: what a PyTorch script does, the full matrix by LibTorch's mm, then
// topk and the rank count (and a full sort, as scripts that argsort every row do). Default modes:
// all for sizes <= 10000, gemm and blocked for larger ones.

#include "common/feedback.h"
#include "common/memorypolicy.h"
#include "common/runtimeinfo.h"
#include "linalg/sgemm.h"
#include "metrics/georecall.h"
#include "metrics/recall.h"
#include "retrieval/blockedsearch.h"
#include "retrieval/retrieval.h"

#include <ATen/ATen.h>
#include <opencv2/core.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <sstream>
#include <string>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

using namespace orinet;

namespace {

struct Config {
    std::vector<int> sizes = {8884, 92802};
    int dim = 1536;
    int top = 100;
    int threads = 2;
    int repeats = 3;
    SgemmKernel kernel = SgemmKernel::Auto;
    std::vector<std::string> modes; // empty = defaults per size
};

double now() {
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

// Gallery: random unit vectors. Queries: the gallery plus ten times as much noise, renormalised:
// the true match's inner product (~0.1) is then about the largest of ~10^4 random ones, so the
// recall figures land in the range of real models rather than at 100 %.
void makeData(int n, int d, cv::Mat& queries, cv::Mat& gallery) {
    cv::RNG rng(12345);
    gallery.create(n, d, CV_32F);
    rng.fill(gallery, cv::RNG::NORMAL, 0, 1);
    queries.create(n, d, CV_32F);
    rng.fill(queries, cv::RNG::NORMAL, 0, 10.0);
    queries += gallery;
    for (int i = 0; i < n; ++i) {
        cv::normalize(gallery.row(i), gallery.row(i));
        cv::normalize(queries.row(i), queries.row(i));
    }
}

// Runs `body` in a child; returns its printed report and peak RSS in MiB.
std::pair<std::string, double> inChild(const std::function<std::string()>& body) {
    int fds[2];
    if (pipe(fds) != 0)
        std::exit(1);
    const pid_t pid = fork();
    if (pid == 0) {
        close(fds[0]);
        std::string out;
        try {
            out = body();
        } catch (const std::exception& e) {
            out = std::string("error: ") + e.what();
        }
        if (write(fds[1], out.data(), out.size()) < 0)
            _exit(2);
        close(fds[1]);
        _exit(0);
    }
    close(fds[1]);
    std::string out;
    char buffer[4096];
    ssize_t got;
    while ((got = read(fds[0], buffer, sizeof buffer)) > 0)
        out.append(buffer, static_cast<size_t>(got));
    close(fds[0]);
    int status = 0;
    struct rusage usage {};
    wait4(pid, &status, 0, &usage);
    return {out, static_cast<double>(usage.ru_maxrss) / 1024.0};
}

std::string metricsLine(const RetrievalResult& r, int n, int top) {
    const double t0 = now();
    const auto curve = metrics::recallCurve(r.ranks, top);
    const double r1p = metrics::recallAtOnePercent(r.ranks, n);
    const double r1ps = metrics::recallAtOnePercent(r.ranks, n, metrics::OnePercentVariant::Strict);
    const double mean = metrics::meanRank(r.ranks);
    const double median = metrics::medianRank(r.ranks);
    // positions on a 10 m grid, one per pair
    std::vector<UtmPosition> positions(static_cast<size_t>(n));
    const int side = static_cast<int>(std::ceil(std::sqrt(n)));
    for (int i = 0; i < n; ++i)
        positions[static_cast<size_t>(i)] = {10.0 * (i % side), 10.0 * (i / side), 0, false};
    const auto geo5 = metrics::geoRecallCurve(r.ids, r.k, positions, positions, 5, top);
    const auto geo25 = metrics::geoRecallCurve(r.ids, r.k, positions, positions, 25, top);
    const double t1 = now();
    char text[512];
    std::snprintf(text, sizeof text,
                  "r@1 %.2f r@5 %.2f r@10 %.2f r@1%% %.2f (strict %.2f) mean %.1f median %.1f "
                  "geo5@1 %.2f geo25@1 %.2f; metrics %.3f s",
                  100 * curve[0], 100 * curve[4], 100 * curve[9], 100 * r1p, 100 * r1ps, mean,
                  median, 100 * geo5[0], 100 * geo25[0], t1 - t0);
    return text;
}

} // namespace

int main(int argc, char** argv) {
    Config config;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string key = argv[i], value = argv[i + 1];
        if (key == "--sizes") {
            config.sizes.clear();
            std::stringstream ss(value);
            for (std::string part; std::getline(ss, part, ',');)
                config.sizes.push_back(std::stoi(part));
        } else if (key == "--dim") {
            config.dim = std::stoi(value);
        } else if (key == "--top") {
            config.top = std::stoi(value);
        } else if (key == "--threads") {
            config.threads = std::stoi(value);
        } else if (key == "--repeats") {
            config.repeats = std::stoi(value);
        } else if (key == "--kernel") {
            config.kernel = fromString<SgemmKernel>(value);
        } else if (key == "--modes") {
            std::stringstream ss(value);
            for (std::string part; std::getline(ss, part, ',');)
                config.modes.push_back(part);
        } else {
            std::fprintf(stderr, "unknown option %s\n", key.c_str());
            return 2;
        }
    }
    runtime::configureThreads(config.threads);
    runtime::keepFreedMemory();
    double load[3] = {0, 0, 0};
    getloadavg(load, 3);
    std::printf("bench_retrieval: D = %d, top-%d, %d threads, BLAS %s, engine kernel %s\n",
                config.dim, config.top, config.threads, runtime::blas().vendor.c_str(),
                toString(config.kernel).c_str());
    // In a child: the selection runs OpenMP regions, and libgomp's thread pool does not survive
    // a fork (a later child would wait for threads it does not have).
    std::printf("GEMM kernel selection: %s\n",
                inChild([] { return Sgemm::report().summary(); }).first.c_str());
    std::printf("machine load average at start: %.2f %.2f %.2f (%ld cores)\n", load[0], load[1],
                load[2], sysconf(_SC_NPROCESSORS_ONLN));

    for (int n : config.sizes) {
        const int d = config.dim;
        std::vector<std::string> modes = config.modes;
        if (modes.empty())
            modes = n <= 10000
                        ? std::vector<std::string>{"gemm", "blocked", "faiss", "full", "torch"}
                        : std::vector<std::string>{"gemm", "blocked"};
        const double descriptorsMiB = 2.0 * n * d * 4 / (1 << 20);
        const double flops = 2.0 * n * static_cast<double>(n) * d;
        RetrievalOptions options;
        options.k = config.top;
        options.threads = config.threads;
        options.kernel = config.kernel;
        const auto [qb, gb] = BlockedSearch::blockSizes(n, n, options);
        std::printf("\nN = M = %d: descriptors %.0f MiB, 2·N·M·D = %.3g flop, blocks %lld x %lld "
                    "(budget %zu MiB)\n",
                    n, descriptorsMiB, flops, static_cast<long long>(qb),
                    static_cast<long long>(gb), options.memoryBudget >> 20);
        // What the process and the descriptors alone take, so the retrieval's share is clear.
        const double baseline = inChild([&] {
                                    cv::Mat queries, gallery;
                                    makeData(n, d, queries, gallery);
                                    return std::string();
                                }).second;
        std::printf("  baseline peak RSS (process + descriptors, no search): %.0f MiB\n", baseline);
        double gflops = 0;
        for (const std::string& mode : modes) {
            std::pair<std::string, double> out;
            if (mode == "gemm") {
                for (SgemmKernel kernel : {SgemmKernel::Blas, SgemmKernel::OneDnn}) {
                    out = inChild([&] {
                        runtime::configureThreads(config.threads);
                        const double g = Sgemm::measureGflops(kernel, qb, std::min<int64_t>(gb, n),
                                                              d, config.repeats);
                        char text[256];
                        std::snprintf(text, sizeof text, "%.2f %s", g,
                                      Sgemm::describe(kernel).name.c_str());
                        return std::string(text);
                    });
                    const double g = std::atof(out.first.c_str());
                    std::printf("  gemm     %lld x %lld x %d SGEMM, %s: %.1f GFLOP/s (median of "
                                "%d)\n",
                                static_cast<long long>(qb), static_cast<long long>(gb), d,
                                out.first.substr(out.first.find(' ') + 1).c_str(), g,
                                config.repeats);
                    gflops = std::max(gflops, g);
                }
                std::printf("  R = %.1f GFLOP/s (the best kernel): 2·N·M·D takes %.1f s at R\n",
                            gflops, flops / (gflops * 1e9));
                std::fflush(stdout);
                continue;
            }
            if (mode == "paired") {
                out = inChild([&]() -> std::string {
                    runtime::configureThreads(config.threads);
                    cv::Mat queries, gallery;
                    makeData(n, d, queries, gallery);
                    Sgemm::report();
                    // The engine's own products (its block shapes, the last one included) into
                    // one block, without the selection: the bound at this moment, timed
                    // alternately with the search so that both see the same load.
                    std::vector<float> block(static_cast<size_t>(qb * gb));
                    const auto gemmPass = [&](SgemmKernel kernel) {
                        const double t0 = now();
                        for (int64_t q0 = 0; q0 < n; q0 += qb)
                            for (int64_t g0 = 0; g0 < n; g0 += gb)
                                Sgemm::multiplyTransposed(
                                    kernel, std::min<int64_t>(qb, n - q0),
                                    std::min<int64_t>(gb, n - g0), d, queries.ptr<float>(q0), d,
                                    gallery.ptr<float>(g0), d, block.data(),
                                    std::min<int64_t>(gb, n - g0), config.threads);
                        return now() - t0;
                    };
                    // Warm-up (page faults, JIT, thread pools); a kernel 1.5x slower than the
                    // fastest here cannot be the best and is not timed again.
                    std::vector<std::pair<SgemmKernel, double>> kernels;
                    for (SgemmKernel kernel : {SgemmKernel::Blas, SgemmKernel::OneDnn})
                        kernels.push_back({kernel, gemmPass(kernel)});
                    double fastest = kernels[0].second;
                    for (const auto& k : kernels)
                        fastest = std::min(fastest, k.second);
                    Feedback feedback;
                    std::vector<double> ratios, searches, bounds;
                    std::string name;
                    for (int r = 0; r < config.repeats; ++r) {
                        double bound = 0;
                        for (const auto& [kernel, warm] : kernels) {
                            if (warm > 1.5 * fastest)
                                continue;
                            const double t = gemmPass(kernel);
                            if (bound == 0 || t < bound) {
                                bound = t;
                                name = Sgemm::describe(kernel).name;
                            }
                        }
                        const double t0 = now();
                        const RetrievalResult result = Retrieval::search(
                            queries, gallery, RetrievalBackend::Blocked, options, feedback);
                        const double t1 = now();
                        ratios.push_back((t1 - t0) / bound);
                        searches.push_back(t1 - t0);
                        bounds.push_back(bound);
                    }
                    std::string runs;
                    for (double r : ratios) {
                        char one[16];
                        std::snprintf(one, sizeof one, " %.2f", r);
                        runs += one;
                    }
                    const auto median = [](std::vector<double> v) {
                        std::sort(v.begin(), v.end());
                        return v[v.size() / 2];
                    };
                    char text[512];
                    std::snprintf(text, sizeof text,
                                  "%.2f x the GEMM of its own blocks, median of %d (runs%s); "
                                  "search %.2f s, GEMM %.2f s (%s; medians)",
                                  median(ratios), config.repeats, runs.c_str(), median(searches),
                                  median(bounds), name.c_str());
                    return std::string(text);
                });
                std::printf("  %-8s %s\n", mode.c_str(), out.first.c_str());
                std::fflush(stdout);
                continue;
            }
            if (mode == "torch") {
                out = inChild([&]() -> std::string {
                    runtime::configureThreads(config.threads);
                    cv::Mat queries, gallery;
                    makeData(n, d, queries, gallery);
                    const at::Tensor qt = at::from_blob(queries.data, {n, d}, at::kFloat);
                    const at::Tensor gt = at::from_blob(gallery.data, {n, d}, at::kFloat);
                    const double t0 = now();
                    const at::Tensor scores = at::mm(qt, gt.t());
                    const double t1 = now();
                    const at::Tensor top = std::get<1>(at::topk(scores, config.top, 1));
                    const at::Tensor ranks =
                        at::gt(scores, scores.diagonal().unsqueeze(1)).sum(1).contiguous();
                    const double t2 = now();
                    const at::Tensor order = std::get<1>(at::sort(scores, 1, /*descending=*/true));
                    const double t3 = now();
                    char text[256];
                    std::snprintf(text, sizeof text,
                                  "mm %.2f s + topk and ranks %.2f s = %.2f s; full sort of "
                                  "every row instead %.2f s (mm + sort %.2f s); r@1 %.2f",
                                  t1 - t0, t2 - t1, t2 - t0, t3 - t2, t1 - t0 + t3 - t2,
                                  100.0 * at::lt(ranks, 1).to(at::kDouble).mean().item<double>());
                    return text + std::string(top.numel() > 0 && order.numel() > 0 ? "" : "?");
                });
                std::printf("  %-8s %s\n           peak RSS %.0f MiB = baseline + %.0f MiB\n",
                            mode.c_str(), out.first.c_str(), out.second, out.second - baseline);
                std::fflush(stdout);
                continue;
            }
            out = inChild([&]() -> std::string {
                runtime::configureThreads(config.threads);
                cv::Mat queries, gallery;
                makeData(n, d, queries, gallery);
                Feedback feedback;
                RetrievalOptions o = options;
                RetrievalBackend backend = RetrievalBackend::Blocked;
                if (mode == "faiss" || mode == "faiss-topk")
                    backend = RetrievalBackend::FaissFlat;
                if (mode == "full") { // one block: the N x M matrix materialised at once
                    o.queryBlock = n;
                    o.galleryBlock = n;
                }
                // The GEMM kernel selection (docs/evaluation.md, "The GEMM kernel") runs once per
                // process, on first use, and is no part of a search: the gemm mode's rates leave
                // it out too (and their own warm-up run). Timed apart, not charged to the search.
                const double s0 = now();
                Sgemm::report();
                const double selection = now() - s0;
                const double t0 = now();
                RetrievalResult r;
                double topkOnly = 0;
                std::string prefix;
                if (backend == RetrievalBackend::FaissFlat) {
                    // faiss's own top-K, then the rank pass the metrics need
                    o.trueMatchRanks = false;
                    r = Retrieval::search(queries, gallery, backend, o, feedback);
                    topkOnly = now() - t0;
                    if (mode == "faiss-topk") { // faiss alone; no ranks, so no metrics
                        char text[128];
                        std::snprintf(text, sizeof text, "top-K only %.2f s", topkOnly);
                        return text;
                    }
                    r.ranks = BlockedSearch::trueMatchRanks(queries, gallery, o, feedback);
                } else {
                    r = Retrieval::search(queries, gallery, backend, o, feedback);
                }
                const double t1 = now();
                char text[256];
                if (gflops > 0) {
                    std::snprintf(text, sizeof text, "%.2f x the GEMM bound; ",
                                  (t1 - t0) / (flops / (gflops * 1e9)));
                    prefix = text;
                }
                std::snprintf(text, sizeof text, "kernel selection before it %.2f s; ", selection);
                prefix += text;
                if (topkOnly > 0)
                    std::snprintf(text, sizeof text, "top-K %.2f s + ranks %.2f s = %.2f s; ",
                                  topkOnly, t1 - t0 - topkOnly, t1 - t0);
                else
                    std::snprintf(text, sizeof text, "top-K + ranks %.2f s; ", t1 - t0);
                return prefix + text + metricsLine(r, n, config.top);
            });
            std::printf("  %-8s %s\n           peak RSS %.0f MiB = baseline + %.0f MiB\n",
                        mode.c_str(), out.first.c_str(), out.second, out.second - baseline);
            std::fflush(stdout);
        }
        getloadavg(load, 3);
        std::printf("  load average after: %.2f %.2f %.2f\n", load[0], load[1], load[2]);
        std::fflush(stdout);
    }
    return 0;
}
