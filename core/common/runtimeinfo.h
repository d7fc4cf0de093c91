#pragma once

#include "linalg/sgemm.h"

#include <string>

namespace orinet {

//! Versions of the libraries core was built and runs with, for About boxes and bug reports.
struct LibraryVersions {
    std::string orinet;
    std::string torch;
    std::string opencv;
    std::string gdal;
    std::string matio;
    std::string faiss;
    std::string blas; //!< the BLAS library LibTorch resolved at run time (path and vendor)
    //! The GEMM kernel retrieval runs on, as measured at run time (Sgemm::report())
    std::string gemm;
};

//! Which BLAS LibTorch's GEMMs call. Debian's LibTorch links the system libblas.so.3, which is
//! the ~30x slower reference implementation unless an optimised one (OpenBLAS) is installed.
struct BlasInfo {
    std::string library; //!< resolved shared object path, or "unknown"
    //! "OpenBLAS 0.3.21 (Cooperlake)" with the kernel set in use now, "reference", …
    std::string vendor;
    bool optimized = false;
};

namespace runtime {

LibraryVersions libraryVersions();
BlasInfo blas();

//! A one-paragraph warning when the slow reference BLAS is in use, otherwise empty.
std::string slowBlasWarning();

//! How the GEMM kernel was chosen; measured on first use (a fraction of a second).
const SgemmReport& gemmKernel();

//! The warnings of slowBlasWarning() and of the GEMM kernel (running below what the CPU
//! supports), one paragraph each; empty when there is nothing to warn about. Measures the
//! kernels when they have not been yet.
std::string computeWarnings();

//! Sets LibTorch's intra-op threads and OpenBLAS's threads. requested <= 0 means: the
//! ORINET_THREADS environment variable when set, else the number of hardware threads.
//! Returns the count in effect. The first call also moves OpenBLAS off a kernel set below the
//! CPU's (Sgemm::upgradeOpenBlas()), so call it at program start, before other threads compute.
int configureThreads(int requested = 0);
int threads();

//! Multi-line human-readable summary of the versions, threads, BLAS and GEMM kernel (which it
//! measures when that has not been done yet).
std::string summary();

} // namespace runtime
} // namespace orinet
