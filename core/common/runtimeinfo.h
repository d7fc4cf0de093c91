#pragma once

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
};

//! Which BLAS LibTorch's GEMMs call. Debian's LibTorch links the system libblas.so.3, which is
//! the ~30x slower reference implementation unless an optimised one (OpenBLAS) is installed.
struct BlasInfo {
    std::string library; //!< resolved shared object path, or "unknown"
    std::string vendor;  //!< "OpenBLAS …", "reference", …
    bool optimized = false;
};

namespace runtime {

LibraryVersions libraryVersions();
BlasInfo blas();

//! A one-paragraph warning when the slow reference BLAS is in use, otherwise empty.
std::string slowBlasWarning();

//! Sets LibTorch's intra-op threads and OpenBLAS's threads. requested <= 0 means: the
//! ORINET_THREADS environment variable when set, else the number of hardware threads.
//! Returns the count in effect.
int configureThreads(int requested = 0);
int threads();

//! Multi-line human-readable summary of the versions, threads and BLAS.
std::string summary();

} // namespace runtime
} // namespace orinet
