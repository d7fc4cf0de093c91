#include "common/runtimeinfo.h"

#include "common/memorypolicy.h"

#include <ATen/Parallel.h>
#include <torch/version.h>

#include <faiss/Index.h>
#include <gdal.h>
#include <matio.h>
#include <opencv2/core/version.hpp>

#include <cstdlib>
#include <dlfcn.h>
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
    if (auto config = lookup<char* (*)()>("openblas_get_config")) {
        // The config string is "OpenBLAS 0.3.21 NO_LAPACKE DYNAMIC_ARCH … SkylakeX …": keep
        // the name, version and the kernel it picked (the last word before MAX_THREADS).
        std::istringstream words(config());
        std::string word, name, version, kernel;
        words >> name >> version;
        while (words >> word)
            if (word.rfind("MAX_THREADS", 0) != 0 && word.find('_') == std::string::npos)
                kernel = word;
        info.vendor = name + " " + version + (kernel.empty() ? "" : " (" + kernel + ")");
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
        << "threads " << threads() << "\n"
        << "freed memory " << (keepsFreedMemory() ? "kept for reuse" : "returned (glibc default)");
    return out.str();
}

} // namespace orinet::runtime
