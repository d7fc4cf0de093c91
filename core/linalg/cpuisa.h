#pragma once

#include "common/enumnames.h"

#include <string>

namespace orinet {

//! Vector instruction-set classes that set a float32 GEMM kernel's speed, in increasing order:
//! each doubles the multiply-adds per instruction (or, for Avx2, adds fused multiply-add).
enum class CpuIsa {
    Unknown, //!< not an x86-64 class we know (or a kernel that does not say)
    Sse,     //!< SSE2 … SSE4.2, 128-bit
    Avx,     //!< 256-bit, no FMA
    Avx2,    //!< 256-bit with FMA3
    Avx512,  //!< AVX-512 F, CD, BW, DQ and VL
};

//! As CPU vendors spell them, for reports.
template <> struct EnumNames<CpuIsa> {
    static constexpr const char* kind = "instruction set";
    static constexpr std::array<std::pair<CpuIsa, const char*>, 5> names{
        {{CpuIsa::Unknown, "unknown"},
         {CpuIsa::Sse, "SSE"},
         {CpuIsa::Avx, "AVX"},
         {CpuIsa::Avx2, "AVX2"},
         {CpuIsa::Avx512, "AVX-512"}}};
};

//! The best class this CPU *and* operating system can run (the compiler's cpuid checks include
//! the OS's saving of the wide registers).
CpuIsa hostCpuIsa();

//! One feature name as GCC's __builtin_cpu_supports spells it ("avx512bf16", "fma", …), for
//! kernels that need more than their class. False for names this build cannot check.
bool hostCpuSupports(const std::string& feature);

} // namespace orinet
