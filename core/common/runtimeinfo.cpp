#include "common/runtimeinfo.h"

#include "common/memorypolicy.h"
#include "linalg/openblascore.h"

#include <ATen/Parallel.h>
#include <torch/version.h>

#include <faiss/Index.h>
#include <gdal.h>
#include <matio.h>
#include <opencv2/core/version.hpp>

#include <cstdlib>
#include <dlfcn.h>
#include <mutex>
#include <sstream>
#include <thread>

namespace orinet::runtime {

namespace {

template <typename Fn> Fn lookup(const char* symbol) {
    return reinterpret_cast<Fn>(::dlsym(RTLD_DEFAULT, symbol));
}

} // namespace

LibraryVersions libraryVersions() {
    LibraryVersions v;
    v.orinet = ORINET_VERSION;
    v.torch = TORCH_VERSION;
    v.opencv = CV_VERSION;
    v.gdal = GDALVersionInfo("RELEASE_NAME");
    int major = 0, minor = 0, patch = 0;
    Mat_GetLibraryVersion(&major, &minor, &patch);
    v.matio = std::to_string(major) + "." + std::to_string(minor) + "." + std::to_string(patch);
    v.faiss = std::to_string(FAISS_VERSION_MAJOR) + "." + std::to_string(FAISS_VERSION_MINOR) +
              "." + std::to_string(FAISS_VERSION_PATCH);
    const BlasInfo b = blas();
    v.blas = b.vendor + " (" + b.library + ")";
    v.gemm = gemmKernel().summary();
    return v;
}

BlasInfo blas() {
    BlasInfo info;
    info.library = "unknown";
    info.vendor = "unknown";
    // Resolve the symbol LibTorch's CPU GEMM calls, then ask which object it lives in.
    if (void* sgemm = ::dlsym(RTLD_DEFAULT, "sgemm_")) {
        Dl_info where{};
        if (::dladdr(sgemm, &where) && where.dli_fname) {
            char resolved[4096];
            info.library = ::realpath(where.dli_fname, resolved) ? resolved : where.dli_fname;
        }
    }
    if (OpenBlasCore::loaded()) {
        // The core in use, not the configuration string's: OpenBLAS may have fallen back to an
        // older core, and Sgemm::upgradeOpenBlas() may have switched it since.
        info.vendor = "OpenBLAS " + OpenBlasCore::version() + " (" + OpenBlasCore::current() + ")";
        info.optimized = true;
    } else if (lookup<void* (*)()>("bli_info_get_version_str") ||
               lookup<void* (*)()>("mkl_get_version_string")) {
        info.vendor = "optimized";
        info.optimized = true;
    } else if (info.library.find("/blas/") != std::string::npos ||
               info.library.find("libblas.so") != std::string::npos) {
        info.vendor = "reference";
    }
    return info;
}

std::string slowBlasWarning() {
    const BlasInfo b = blas();
    if (b.optimized)
        return {};
    std::ostringstream out;
    out << "The BLAS in use (" << b.library << ", " << b.vendor
        << ") is not an optimized one: matrix products, and with them training and retrieval, "
           "run many times slower. Install OpenBLAS: sudo apt-get install libopenblas0-pthread";
    return out.str();
}

const SgemmReport& gemmKernel() {
    return Sgemm::report();
}

std::string computeWarnings() {
    std::string out = slowBlasWarning();
    const std::string gemm = gemmKernel().warning();
    if (!gemm.empty())
        out += (out.empty() ? "" : "\n") + gemm;
    return out;
}

int configureThreads(int requested) {
    int n = requested;
    if (n <= 0) {
        if (const char* env = std::getenv("ORINET_THREADS"))
            n = std::atoi(env);
    }
    if (n <= 0)
        n = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    at::set_num_threads(n);
    // OpenBLAS keeps its own pool; LibTorch does not size it for us.
    if (auto setThreads = lookup<void (*)(int)>("openblas_set_num_threads"))
        setThreads(n);
    static std::once_flag upgrade;
    std::call_once(upgrade, [] { Sgemm::upgradeOpenBlas(); });
    return n;
}

int threads() {
    return at::get_num_threads();
}

std::string summary() {
    const LibraryVersions v = libraryVersions();
    std::ostringstream out;
    out << "OriNet Studio " << v.orinet << "\n"
        << "LibTorch " << v.torch << "\n"
        << "OpenCV " << v.opencv << "\n"
        << "GDAL " << v.gdal << "\n"
        << "matio " << v.matio << "\n"
        << "faiss " << v.faiss << "\n"
        << "BLAS " << v.blas << "\n"
        << "GEMM kernel " << v.gemm << "\n"
        << "threads " << threads() << "\n"
        << "freed memory " << (keepsFreedMemory() ? "kept for reuse" : "returned (glibc default)");
    return out.str();
}

} // namespace orinet::runtime
