#pragma once

#include "linalg/cpuisa.h"

#include <string>
#include <vector>

namespace orinet {

//! The kernel set ("core") of the loaded OpenBLAS. Debian's OpenBLAS is a DYNAMIC_ARCH build:
//! when it loads it picks a core from the CPU's family and model, and for a model newer than
//! itself falls back to its SSE3 "Prescott" kernels, several times slower than the CPU allows.
//! Everything here goes through the loaded library's own entry points (looked up at run time),
//! so it reports "not loaded" when the system BLAS is another implementation.
//!
//! Threading: the queries may be called from any thread; use() may not (see there).
class OpenBlasCore {
public:
    //! True when the process's BLAS is OpenBLAS.
    static bool loaded();
    //! "0.3.21" (from its configuration string); empty when not loaded.
    static std::string version();
    //! The core in use ("Cooperlake", "Haswell", "Prescott", …); empty when not loaded.
    static std::string current();
    //! The instruction-set class of a core's kernels; Unknown for names not known here.
    static CpuIsa isa(const std::string& core);
    //! Whether this CPU can run the core's kernels (its class and any extra feature it needs).
    static bool runsOnHost(const std::string& core);
    //! Cores worth trying instead of current(): built into the library, runnable on this CPU,
    //! of a higher class than the current one and of the CPU's class or the one below; most
    //! capable first. Empty when OpenBLAS cannot
    //! switch cores or the user chose one (OPENBLAS_CORETYPE).
    static std::vector<std::string> upgrades();
    //! True when the environment variable OPENBLAS_CORETYPE chose the core (a user's choice,
    //! which is never overridden).
    static bool forcedByEnvironment();

    //! Makes every later OpenBLAS call of the process use `core`'s kernels, LibTorch's and
    //! faiss's included, as OPENBLAS_CORETYPE would have at load time. Returns false, with the
    //! previous core still in use, when the library cannot switch, lacks `core` or the CPU
    //! cannot run it.
    //!
    //! Threading: only while no thread is inside OpenBLAS, i.e. at program start
    //! (runtime::configureThreads calls it through Sgemm::upgradeOpenBlas()).
    static bool use(const std::string& core);
};

} // namespace orinet
