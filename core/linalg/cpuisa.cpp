#include "linalg/cpuisa.h"

namespace orinet {

CpuIsa hostCpuIsa() {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512cd") &&
        __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512dq") &&
        __builtin_cpu_supports("avx512vl"))
        return CpuIsa::Avx512;
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"))
        return CpuIsa::Avx2;
    if (__builtin_cpu_supports("avx"))
        return CpuIsa::Avx;
    if (__builtin_cpu_supports("sse2"))
        return CpuIsa::Sse;
#endif
    return CpuIsa::Unknown;
}

bool hostCpuSupports(const std::string& feature) {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_cpu_init();
    // __builtin_cpu_supports takes only string literals.
#define ORINET_FEATURE(name)                                                                       \
    if (feature == name)                                                                           \
        return __builtin_cpu_supports(name);
    ORINET_FEATURE("sse2")
    ORINET_FEATURE("sse3")
    ORINET_FEATURE("sse4.2")
    ORINET_FEATURE("avx")
    ORINET_FEATURE("avx2")
    ORINET_FEATURE("fma")
    ORINET_FEATURE("avx512f")
    ORINET_FEATURE("avx512cd")
    ORINET_FEATURE("avx512bw")
    ORINET_FEATURE("avx512dq")
    ORINET_FEATURE("avx512vl")
    ORINET_FEATURE("avx512bf16")
#undef ORINET_FEATURE
#endif
    return false;
}

} // namespace orinet
