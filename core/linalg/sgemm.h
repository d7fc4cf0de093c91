#pragma once

#include "common/enumnames.h"
#include "linalg/cpuisa.h"

#include <cstdint>
#include <string>
#include <vector>

namespace orinet {

//! A single-precision matrix product implementation.
enum class SgemmKernel {
    Auto,   //!< the fastest verified kernel of this process (Sgemm::report())
    Blas,   //!< the system BLAS's cblas_sgemm: OpenBLAS when installed, the one LibTorch and
            //!< faiss call
    OneDnn, //!< oneDNN's dnnl_sgemm, which picks its code path from the CPU's instruction set
};

template <> struct EnumNames<SgemmKernel> {
    static constexpr const char* kind = "GEMM kernel";
    static constexpr std::array<std::pair<SgemmKernel, const char*>, 3> names{
        {{SgemmKernel::Auto, "auto"},
         {SgemmKernel::Blas, "blas"},
         {SgemmKernel::OneDnn, "onednn"}}};
};

//! What was measured of one kernel (or of one OpenBLAS core).
struct SgemmCandidate {
    SgemmKernel kernel = SgemmKernel::Blas;
    std::string name;             //!< e.g. "OpenBLAS 0.3.21 Cooperlake", "oneDNN 2.6.3 avx2"
    CpuIsa isa = CpuIsa::Unknown; //!< the class of the code path it runs
    double gflops = 0;            //!< best of its timed runs on the measurement product
    //! Worst deviation from a float64 reference, in units of the standard float32 rounding
    //! bound k·2⁻²⁴·Σ|a||b| (a correct kernel stays below 1; a broken one is far above).
    double error = 0;

    bool correct() const { return error <= 1.0; }
};

//! How this process's GEMM kernel was chosen, for --version, the About box and the status bar.
struct SgemmReport {
    CpuIsa cpu = CpuIsa::Unknown;
    SgemmKernel chosen = SgemmKernel::Blas;
    std::vector<SgemmCandidate> kernels; //!< every kernel, verified and timed
    std::string openBlasCoreAtLoad;      //!< what OpenBLAS picked itself; empty when not loaded
    std::string openBlasCore;            //!< the core in use (differs after an upgrade)
    bool openBlasCoreForced = false;     //!< chosen by the user through OPENBLAS_CORETYPE
    //! The cores Sgemm::upgradeOpenBlas() verified and timed (empty when it had nothing to try)
    std::vector<SgemmCandidate> openBlasCores;

    const SgemmCandidate& chosenKernel() const;
    //! One line: the chosen kernel, its class and rate, then the others.
    std::string summary() const;
    //! Empty, or why matrix products run below what the CPU supports: no correct kernel uses
    //! the CPU's instruction-set class, or OpenBLAS (which LibTorch and faiss use) runs a lower
    //! class without a faster core having been tried. A lower-class kernel that was *measured*
    //! faster than the CPU's class (AVX2 code on a CPU that splits AVX-512 in two) is no reason
    //! to warn.
    std::string warning() const;
};

//! The GEMM every BLAS-bound part of core runs on (retrieval, similarity matrices), chosen at
//! run time by verifying each available kernel against a float64 reference and timing it.
//!
//! Threading: multiply() may be called from any thread. report() is computed once, on first
//! use, by whichever thread gets there first. upgradeOpenBlas() changes process-wide state and
//! may only run while no other thread uses BLAS (program start).
class Sgemm {
public:
    //! C (m x n) = A (m x k) · Bᵀ, B being n x k; all row-major with the given leading
    //! dimensions (in elements). `threads` > 0 caps oneDNN's OpenMP threads for this call; the
    //! BLAS's own pool is sized by runtime::configureThreads. Throws orinet::Error on failure.
    static void multiplyTransposed(SgemmKernel kernel, int64_t m, int64_t n, int64_t k,
                                   const float* a, int64_t lda, const float* b, int64_t ldb,
                                   float* c, int64_t ldc, int threads = 0);

    //! The kernel Auto stands for in this process; other values are returned as they are.
    static SgemmKernel resolve(SgemmKernel kernel);

    //! Name and instruction-set class of a kernel as it runs now (no measurement).
    static SgemmCandidate describe(SgemmKernel kernel);

    //! Worst error of `kernel` against a float64 reference on random products of awkward sizes
    //! (a single row, odd sizes, a short depth), in units of the rounding bound.
    static double verify(SgemmKernel kernel);

    //! GFLOP/s of an (m x k)·(k x n) product on random data: the median of `repeats` runs
    //! after one untimed run, with the current thread settings.
    static double measureGflops(SgemmKernel kernel, int64_t m, int64_t n, int64_t k,
                                int repeats = 3);

    //! Verifies and times every kernel now and picks the fastest correct one.
    static SgemmReport select();

    //! This process's selection: select() run once, on first use.
    static const SgemmReport& report();

    //! When OpenBLAS runs a core below this CPU's class (e.g. its Prescott fallback on a CPU
    //! newer than the library), tries the higher cores the CPU can run, verifying and timing
    //! each, and keeps the fastest correct one; the process's later OpenBLAS calls (LibTorch,
    //! faiss) then use it. Returns the cores tried (empty when there was nothing to try), which
    //! later reports list too. Never overrides OPENBLAS_CORETYPE.
    static std::vector<SgemmCandidate> upgradeOpenBlas();
};

} // namespace orinet
