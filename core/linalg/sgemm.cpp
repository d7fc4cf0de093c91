#include "linalg/sgemm.h"

#include "common/error.h"
#include "linalg/openblascore.h"

#include <cblas.h>
#include <dlfcn.h>
#include <omp.h>
#include <oneapi/dnnl/dnnl.h>

#include <algorithm>
#include <chrono>
#include <climits>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <mutex>
#include <random>
#include <sstream>
#include <thread>

namespace orinet {

namespace {

// What OpenBLAS picked for itself, captured when core loads (after OpenBLAS, a dependency,
// has initialised) and before anything can switch it.
const std::string kOpenBlasCoreAtLoad = OpenBlasCore::current();

// The cores upgradeOpenBlas() tried, for later reports: OpenBLAS's core is process-wide state,
// and so is the record of how it was chosen.
struct UpgradeRecord {
    std::mutex mutex;
    std::vector<SgemmCandidate> tried;
};

UpgradeRecord& upgradeRecord() {
    static UpgradeRecord record;
    return record;
}

CpuIsa bestCorrectClass(const std::vector<SgemmCandidate>& candidates) {
    CpuIsa best = CpuIsa::Unknown;
    for (const SgemmCandidate& c : candidates)
        if (c.correct())
            best = std::max(best, c.isa);
    return best;
}

// The product selection times: a block of the retrieval engine's shape at the paper's depth.
constexpr int64_t kMeasureRows = 256, kMeasureCols = 2048, kMeasureDepth = 1536;

CpuIsa dnnlIsaClass(dnnl_cpu_isa_t isa) {
    switch (isa) {
    case dnnl_cpu_isa_sse41:
        return CpuIsa::Sse;
    case dnnl_cpu_isa_avx:
        return CpuIsa::Avx;
    case dnnl_cpu_isa_avx2:
    case dnnl_cpu_isa_avx2_vnni:
        return CpuIsa::Avx2;
    case dnnl_cpu_isa_avx512_mic:
    case dnnl_cpu_isa_avx512_mic_4ops:
    case dnnl_cpu_isa_avx512_core:
    case dnnl_cpu_isa_avx512_core_vnni:
    case dnnl_cpu_isa_avx512_core_bf16:
    case dnnl_cpu_isa_avx512_core_amx:
        return CpuIsa::Avx512;
    default:
        return CpuIsa::Unknown;
    }
}

const char* dnnlIsaName(dnnl_cpu_isa_t isa) {
    switch (isa) {
    case dnnl_cpu_isa_sse41:
        return "sse41";
    case dnnl_cpu_isa_avx:
        return "avx";
    case dnnl_cpu_isa_avx2:
        return "avx2";
    case dnnl_cpu_isa_avx2_vnni:
        return "avx2_vnni";
    case dnnl_cpu_isa_avx512_mic:
        return "avx512_mic";
    case dnnl_cpu_isa_avx512_mic_4ops:
        return "avx512_mic_4ops";
    case dnnl_cpu_isa_avx512_core:
        return "avx512_core";
    case dnnl_cpu_isa_avx512_core_vnni:
        return "avx512_core_vnni";
    case dnnl_cpu_isa_avx512_core_bf16:
        return "avx512_core_bf16";
    case dnnl_cpu_isa_avx512_core_amx:
        return "avx512_core_amx";
    default:
        return "unknown ISA";
    }
}

std::string blasLibraryPath() {
    Dl_info where{};
    if (::dladdr(reinterpret_cast<void*>(&cblas_sgemm), &where) && where.dli_fname) {
        char resolved[4096];
        return ::realpath(where.dli_fname, resolved) ? resolved : where.dli_fname;
    }
    return "unknown library";
}

std::vector<float> randomMatrix(int64_t rows, int64_t cols, std::mt19937& rng) {
    std::uniform_real_distribution<float> uniform(-1.0f, 1.0f);
    std::vector<float> m(static_cast<size_t>(rows * cols));
    for (float& v : m)
        v = uniform(rng);
    return m;
}

double seconds(std::chrono::steady_clock::time_point since) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

// Fastest correct candidate; the least wrong one when none is correct (the report warns).
size_t fastestCorrect(const std::vector<SgemmCandidate>& candidates) {
    size_t best = 0;
    for (size_t i = 1; i < candidates.size(); ++i) {
        const SgemmCandidate& c = candidates[i];
        const SgemmCandidate& b = candidates[best];
        if (c.correct() != b.correct() ? c.correct()
                                       : (c.correct() ? c.gflops > b.gflops : c.error < b.error))
            best = i;
    }
    return best;
}

std::string describeRate(const SgemmCandidate& c) {
    std::ostringstream out;
    out << c.name << " (" << toString(c.isa) << ")";
    if (!c.correct())
        out << " failed verification (error " << c.error << " x the rounding bound)";
    else if (c.gflops > 0)
        out << " " << static_cast<int>(std::lround(c.gflops)) << " GFLOP/s";
    return out.str();
}

} // namespace

const SgemmCandidate& SgemmReport::chosenKernel() const {
    for (const SgemmCandidate& c : kernels)
        if (c.kernel == chosen)
            return c;
    static const SgemmCandidate none;
    return none;
}

std::string SgemmReport::summary() const {
    std::ostringstream out;
    out << describeRate(chosenKernel());
    for (const SgemmCandidate& c : kernels)
        if (c.kernel != chosen)
            out << "; also measured: " << describeRate(c);
    if (!openBlasCoreAtLoad.empty() && openBlasCore != openBlasCoreAtLoad)
        out << "; OpenBLAS switched from its " << openBlasCoreAtLoad << " kernels to "
            << openBlasCore;
    if (!openBlasCores.empty()) {
        out << "; OpenBLAS cores tried at start:";
        for (const SgemmCandidate& c : openBlasCores)
            out << " " << describeRate(c) << (&c == &openBlasCores.back() ? "" : ",");
        out << ", kept " << openBlasCore;
    }
    out << "; CPU " << toString(cpu);
    return out.str();
}

std::string SgemmReport::warning() const {
    std::ostringstream out;
    const SgemmCandidate& kernel = chosenKernel();
    std::vector<SgemmCandidate> all = kernels;
    all.insert(all.end(), openBlasCores.begin(), openBlasCores.end());
    if (!kernel.correct())
        out << "No GEMM kernel passed verification against a float64 reference; retrieval uses "
            << kernel.name << ", the least wrong one. ";
    else if (cpu != CpuIsa::Unknown && bestCorrectClass(all) < cpu)
        out << "Matrix products run on " << kernel.name << " (" << toString(kernel.isa)
            << "): no kernel here uses this CPU's " << toString(cpu)
            << " instructions, so retrieval is slower than the machine allows. ";
    const CpuIsa openBlasIsa = OpenBlasCore::isa(openBlasCore);
    if (!openBlasCore.empty() && openBlasIsa != CpuIsa::Unknown && cpu != CpuIsa::Unknown &&
        openBlasIsa < cpu) {
        const char* lead = "OpenBLAS, which LibTorch and faiss call, runs its ";
        if (openBlasCoreForced)
            out << lead << openBlasCore << " kernels (" << toString(openBlasIsa) << ") on this "
                << toString(cpu) << " CPU because OPENBLAS_CORETYPE asks for them.";
        else if (openBlasCores.empty())
            out << lead << openBlasCore << " kernels (" << toString(openBlasIsa) << ") on this "
                << toString(cpu) << " CPU and cannot switch to faster ones.";
        else if (bestCorrectClass(openBlasCores) <= openBlasIsa)
            out << lead << openBlasCore << " kernels (" << toString(openBlasIsa) << ") on this "
                << toString(cpu) << " CPU: no faster core passed verification.";
    }
    std::string text = out.str();
    while (!text.empty() && text.back() == ' ')
        text.pop_back();
    return text;
}

void Sgemm::multiplyTransposed(SgemmKernel kernel, int64_t m, int64_t n, int64_t k, const float* a,
                               int64_t lda, const float* b, int64_t ldb, float* c, int64_t ldc,
                               int threads) {
    if (m <= 0 || n <= 0)
        return;
    if (k <= 0) {
        for (int64_t i = 0; i < m; ++i)
            std::fill(c + i * ldc, c + i * ldc + n, 0.0f);
        return;
    }
    switch (resolve(kernel)) {
    case SgemmKernel::OneDnn: {
        const int before = omp_get_max_threads();
        if (threads > 0 && threads != before)
            omp_set_num_threads(threads);
        const dnnl_status_t status =
            dnnl_sgemm('N', 'T', m, n, k, 1.0f, a, lda, b, ldb, 0.0f, c, ldc);
        if (threads > 0 && threads != before)
            omp_set_num_threads(before);
        if (status != dnnl_success)
            throw Error("oneDNN sgemm failed (status " + std::to_string(status) + ") on a " +
                        std::to_string(m) + " x " + std::to_string(k) + " · " + std::to_string(k) +
                        " x " + std::to_string(n) + " product");
        return;
    }
    case SgemmKernel::Blas:
    case SgemmKernel::Auto:
        // The BLAS interface takes 32-bit sizes.
        if (std::max({m, n, k, lda, ldb, ldc}) > INT_MAX)
            throw Error("matrix product too large for the BLAS interface (" + std::to_string(m) +
                        " x " + std::to_string(k) + " · " + std::to_string(k) + " x " +
                        std::to_string(n) + ")");
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, static_cast<int>(m),
                    static_cast<int>(n), static_cast<int>(k), 1.0f, a, static_cast<int>(lda), b,
                    static_cast<int>(ldb), 0.0f, c, static_cast<int>(ldc));
        return;
    }
}

SgemmKernel Sgemm::resolve(SgemmKernel kernel) {
    return kernel == SgemmKernel::Auto ? report().chosen : kernel;
}

SgemmCandidate Sgemm::describe(SgemmKernel kernel) {
    SgemmCandidate c;
    c.kernel = resolve(kernel);
    if (c.kernel == SgemmKernel::OneDnn) {
        const dnnl_version_t* v = dnnl_version();
        const dnnl_cpu_isa_t isa = dnnl_get_effective_cpu_isa();
        c.name = "oneDNN " + std::to_string(v->major) + "." + std::to_string(v->minor) + "." +
                 std::to_string(v->patch) + " " + dnnlIsaName(isa);
        c.isa = dnnlIsaClass(isa);
    } else if (OpenBlasCore::loaded()) {
        const std::string core = OpenBlasCore::current();
        c.name = "OpenBLAS " + OpenBlasCore::version() + " " + core;
        c.isa = OpenBlasCore::isa(core);
    } else {
        c.name = "system BLAS " + blasLibraryPath();
    }
    return c;
}

double Sgemm::verify(SgemmKernel kernel) {
    struct Shape {
        int64_t m, n, k, padA, padB, padC;
    };
    // One row (a single query, which BLAS may route to GEMV), sizes that are no multiple of any
    // blocking, padded leading dimensions, and a short depth.
    const Shape shapes[] = {
        {1, 257, 1536, 0, 0, 0}, {37, 61, 1543, 5, 3, 7}, {100, 150, 96, 0, 0, 0}};
    std::mt19937 rng(20190616);
    double worst = 0;
    for (const Shape& s : shapes) {
        const int64_t lda = s.k + s.padA, ldb = s.k + s.padB, ldc = s.n + s.padC;
        const std::vector<float> a = randomMatrix(s.m, lda, rng);
        const std::vector<float> b = randomMatrix(s.n, ldb, rng);
        std::vector<float> c(static_cast<size_t>(s.m * ldc), std::nanf(""));
        multiplyTransposed(kernel, s.m, s.n, s.k, a.data(), lda, b.data(), ldb, c.data(), ldc);
        const double unit = std::ldexp(1.0, -24);
        for (int64_t i = 0; i < s.m; ++i)
            for (int64_t j = 0; j < s.n; ++j) {
                double exact = 0, magnitude = 0;
                for (int64_t p = 0; p < s.k; ++p) {
                    const double term = double(a[size_t(i * lda + p)]) * b[size_t(j * ldb + p)];
                    exact += term;
                    magnitude += std::abs(term);
                }
                const double bound = double(s.k) * unit * magnitude + 1e-30;
                const double got = c[size_t(i * ldc + j)];
                const double error = std::abs(got - exact) / bound;
                if (!std::isfinite(error))
                    return std::numeric_limits<double>::infinity();
                worst = std::max(worst, error);
            }
    }
    return worst;
}

double Sgemm::measureGflops(SgemmKernel kernel, int64_t m, int64_t n, int64_t k, int repeats) {
    std::mt19937 rng(7);
    const std::vector<float> a = randomMatrix(m, k, rng);
    const std::vector<float> b = randomMatrix(n, k, rng);
    std::vector<float> c(static_cast<size_t>(m * n));
    multiplyTransposed(kernel, m, n, k, a.data(), k, b.data(), k, c.data(), n); // warm-up
    std::vector<double> times;
    for (int r = 0; r < std::max(1, repeats); ++r) {
        const auto start = std::chrono::steady_clock::now();
        multiplyTransposed(kernel, m, n, k, a.data(), k, b.data(), k, c.data(), n);
        times.push_back(seconds(start));
    }
    std::sort(times.begin(), times.end());
    return 2.0 * double(m) * double(n) * double(k) / times[times.size() / 2] / 1e9;
}

SgemmReport Sgemm::select() {
    SgemmReport report;
    report.cpu = hostCpuIsa();
    report.openBlasCoreAtLoad = kOpenBlasCoreAtLoad;
    report.openBlasCore = OpenBlasCore::current();
    report.openBlasCoreForced = OpenBlasCore::forcedByEnvironment();
    {
        std::lock_guard<std::mutex> lock(upgradeRecord().mutex);
        report.openBlasCores = upgradeRecord().tried;
    }
    for (SgemmKernel kernel : {SgemmKernel::Blas, SgemmKernel::OneDnn}) {
        SgemmCandidate c = describe(kernel);
        c.error = verify(kernel);
        report.kernels.push_back(c);
    }
    // Each kernel runs a few times in a row, and the kernels take turns twice so that a burst
    // of load from other processes hits all of them; the best run of each is its rate on this
    // machine. In a row, not alternating run by run: after a call, a kernel's worker threads
    // keep spinning for a while (OpenBLAS's and oneDNN's OpenMP pool both do), so a run that
    // directly follows the other kernel's shares the cores with its spinning threads. Timed
    // alternately, oneDNN measured 128 instead of 350 GFLOP/s in a third of the processes on a
    // quiet machine and OpenBLAS was kept at half the speed (docs/evaluation.md).
    std::mt19937 rng(11);
    const std::vector<float> a = randomMatrix(kMeasureRows, kMeasureDepth, rng);
    const std::vector<float> b = randomMatrix(kMeasureCols, kMeasureDepth, rng);
    std::vector<float> c(static_cast<size_t>(kMeasureRows * kMeasureCols));
    const double flop = 2.0 * double(kMeasureRows) * double(kMeasureCols) * double(kMeasureDepth);
    for (int pass = 0; pass < 2; ++pass)
        for (SgemmCandidate& candidate : report.kernels) {
            // OpenBLAS's threads spin for about 2^28 cycles (~0.1 s) after each call; let them
            // sleep before the other kernel's runs (oneDNN's OpenMP pool waits far shorter).
            if (candidate.kernel != SgemmKernel::Blas)
                std::this_thread::sleep_for(std::chrono::milliseconds(150));
            for (int run = 0; run < 4; ++run) {
                const auto start = std::chrono::steady_clock::now();
                multiplyTransposed(candidate.kernel, kMeasureRows, kMeasureCols, kMeasureDepth,
                                   a.data(), kMeasureDepth, b.data(), kMeasureDepth, c.data(),
                                   kMeasureCols);
                if (run > 0) // the first run warms caches and its own thread pool up
                    candidate.gflops = std::max(candidate.gflops, flop / seconds(start) / 1e9);
            }
        }
    report.chosen = report.kernels[fastestCorrect(report.kernels)].kernel;
    return report;
}

const SgemmReport& Sgemm::report() {
    static const SgemmReport report = select();
    return report;
}

std::vector<SgemmCandidate> Sgemm::upgradeOpenBlas() {
    const std::vector<std::string> upgrades = OpenBlasCore::upgrades();
    if (upgrades.empty())
        return {};
    std::vector<std::string> cores = {OpenBlasCore::current()};
    cores.insert(cores.end(), upgrades.begin(), upgrades.end());
    std::vector<SgemmCandidate> tried;
    std::vector<std::string> triedCores;
    for (const std::string& core : cores) {
        if (!OpenBlasCore::use(core))
            continue;
        triedCores.push_back(core);
        SgemmCandidate c = describe(SgemmKernel::Blas);
        c.error = verify(SgemmKernel::Blas);
        if (c.correct())
            c.gflops = measureGflops(SgemmKernel::Blas, kMeasureRows, kMeasureCols / 2,
                                     kMeasureDepth, /*repeats=*/3);
        tried.push_back(c);
    }
    // tried[0] is the core OpenBLAS picked; keep it unless another is correct and faster.
    OpenBlasCore::use(tried.empty() ? cores[0] : triedCores[fastestCorrect(tried)]);
    std::lock_guard<std::mutex> lock(upgradeRecord().mutex);
    upgradeRecord().tried = tried;
    return tried;
}

} // namespace orinet
