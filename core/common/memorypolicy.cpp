#include "common/memorypolicy.h"

#include <atomic>
#include <cstdlib>
#include <cstring>
#include <malloc.h>

namespace orinet::runtime {

namespace {
// Mirrors a setting of the process-wide allocator, so it is process-wide too.
std::atomic<bool> gKeeping{false};
} // namespace

bool keepFreedMemory() {
    if (const char* env = std::getenv("ORINET_KEEP_FREED_MEMORY");
        env && std::strcmp(env, "0") == 0)
        return gKeeping.load();
    // No mmap'ed blocks: large requests come from the heap, whose freed space is reused. The
    // heap is never trimmed on its own (releaseFreedMemory() does that at job ends) and grows in
    // 256 MiB steps so a step's activations do not move the break thousands of times.
    const bool ok = mallopt(M_MMAP_MAX, 0) == 1 && mallopt(M_TRIM_THRESHOLD, -1) == 1 &&
                    mallopt(M_TOP_PAD, 256 << 20) == 1;
    gKeeping.store(ok);
    return ok;
}

bool keepsFreedMemory() {
    return gKeeping.load();
}

void releaseFreedMemory() {
    malloc_trim(0);
}

} // namespace orinet::runtime
