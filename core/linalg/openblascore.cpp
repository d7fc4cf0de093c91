#include "linalg/openblascore.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <cstring>
#include <dlfcn.h>
#include <optional>
#include <sstream>
#include <strings.h>

namespace orinet {

namespace {

template <typename Fn> Fn lookup(const char* symbol) {
    return reinterpret_cast<Fn>(::dlsym(RTLD_DEFAULT, symbol));
}

struct CoreTraits {
    const char* name; // as openblas_get_corename() spells it
    CpuIsa isa;
    const char* extraFeature; // needed beyond the class, or nullptr
    bool upgradeTarget;       // a current, general-purpose kernel set worth switching to
};

// The x86-64 cores of OpenBLAS 0.3.x. Only the instruction sets their kernels use matter here;
// which of them is fastest on a given CPU is measured (Sgemm::upgradeOpenBlas), not assumed.
constexpr CoreTraits kCores[] = {
    {"Cooperlake", CpuIsa::Avx512, "avx512bf16", true},
    {"SkylakeX", CpuIsa::Avx512, nullptr, true},
    {"SapphireRapids", CpuIsa::Avx512, nullptr, false},
    {"Zen", CpuIsa::Avx2, nullptr, true},
    {"Haswell", CpuIsa::Avx2, nullptr, true},
    {"Sandybridge", CpuIsa::Avx, nullptr, true},
    {"Bulldozer", CpuIsa::Avx, nullptr, false},
    {"Piledriver", CpuIsa::Avx, nullptr, false},
    {"Steamroller", CpuIsa::Avx, nullptr, false},
    {"Excavator", CpuIsa::Avx, nullptr, false},
    {"Nehalem", CpuIsa::Sse, nullptr, false},
    {"Barcelona", CpuIsa::Sse, nullptr, false},
    {"Core2", CpuIsa::Sse, nullptr, false},
    {"Penryn", CpuIsa::Sse, nullptr, false},
    {"Dunnington", CpuIsa::Sse, nullptr, false},
    {"Atom", CpuIsa::Sse, nullptr, false},
    {"Nano", CpuIsa::Sse, nullptr, false},
    {"Bobcat", CpuIsa::Sse, nullptr, false},
    {"Opteron", CpuIsa::Sse, nullptr, false},
    {"Opteron_SSE3", CpuIsa::Sse, nullptr, false},
    {"Prescott", CpuIsa::Sse, nullptr, false},
};

const CoreTraits* traits(const std::string& core) {
    for (const CoreTraits& t : kCores)
        if (::strcasecmp(t.name, core.c_str()) == 0)
            return &t;
    return nullptr;
}

// A DYNAMIC_ARCH build exports one kernel table per core, "gotoblas_SKYLAKEX" and so on.
bool built(const std::string& core) {
    std::string symbol = "gotoblas_" + core;
    std::transform(symbol.begin() + 9, symbol.end(), symbol.begin() + 9,
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    return ::dlsym(RTLD_DEFAULT, symbol.c_str()) != nullptr;
}

// gotoblas_dynamic_init() reads OPENBLAS_CORETYPE exactly as at load time; the variable is set
// only around the call so that child processes inherit the user's environment, not ours.
bool reinitialise(const std::string& core) {
    auto quit = lookup<void (*)()>("gotoblas_dynamic_quit");
    auto init = lookup<void (*)()>("gotoblas_dynamic_init");
    if (!quit || !init)
        return false;
    std::optional<std::string> saved;
    if (const char* env = std::getenv("OPENBLAS_CORETYPE"))
        saved = env;
    ::setenv("OPENBLAS_CORETYPE", core.c_str(), 1);
    quit();
    init();
    if (saved)
        ::setenv("OPENBLAS_CORETYPE", saved->c_str(), 1);
    else
        ::unsetenv("OPENBLAS_CORETYPE");
    return ::strcasecmp(OpenBlasCore::current().c_str(), core.c_str()) == 0;
}

} // namespace

bool OpenBlasCore::loaded() {
    return lookup<char* (*)()>("openblas_get_corename") != nullptr;
}

std::string OpenBlasCore::version() {
    auto config = lookup<char* (*)()>("openblas_get_config");
    if (!config)
        return {};
    std::istringstream words(config()); // "OpenBLAS 0.3.21 NO_LAPACKE DYNAMIC_ARCH …"
    std::string name, version;
    words >> name >> version;
    return version;
}

std::string OpenBlasCore::current() {
    auto corename = lookup<char* (*)()>("openblas_get_corename");
    const char* name = corename ? corename() : nullptr;
    return name ? name : std::string();
}

CpuIsa OpenBlasCore::isa(const std::string& core) {
    const CoreTraits* t = traits(core);
    return t ? t->isa : CpuIsa::Unknown;
}

bool OpenBlasCore::runsOnHost(const std::string& core) {
    const CoreTraits* t = traits(core);
    if (!t || t->isa == CpuIsa::Unknown || t->isa > hostCpuIsa())
        return false;
    return !t->extraFeature || hostCpuSupports(t->extraFeature);
}

bool OpenBlasCore::forcedByEnvironment() {
    const char* env = std::getenv("OPENBLAS_CORETYPE");
    return env && *env;
}

std::vector<std::string> OpenBlasCore::upgrades() {
    std::vector<std::string> out;
    if (!loaded() || forcedByEnvironment() || !lookup<void (*)()>("gotoblas_dynamic_init"))
        return out;
    // The CPU's own class and the one below it (AVX2 code can match AVX-512 code on CPUs that
    // split 512-bit operations); older classes are never faster and not worth the time.
    const CpuIsa now = isa(current());
    const CpuIsa lowest = static_cast<CpuIsa>(std::max(int(now) + 1, int(hostCpuIsa()) - 1));
    for (const CoreTraits& t : kCores)
        if (t.upgradeTarget && t.isa >= lowest && runsOnHost(t.name) && built(t.name))
            out.push_back(t.name);
    return out;
}

bool OpenBlasCore::use(const std::string& core) {
    if (!loaded())
        return false;
    const std::string before = current();
    if (::strcasecmp(before.c_str(), core.c_str()) == 0)
        return true;
    if (!runsOnHost(core) || !built(core))
        return false;
    if (reinitialise(core))
        return true;
    reinitialise(before);
    return false;
}

} // namespace orinet
