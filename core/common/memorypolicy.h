#pragma once

namespace orinet::runtime {

//! Makes the C allocator keep freed memory for reuse instead of handing it back to the kernel.
//!
//! glibc serves every block above 32 MiB with its own mmap() and unmaps it on free(). A
//! training step at paper size allocates and frees gigabytes of such activations, so each step
//! page-faults all of them in again (measured: ~1.4 million faults and a third of the step in
//! the kernel). Served from the heap, the same blocks are reused. Programs call this once
//! before tensor work; `ORINET_KEEP_FREED_MEMORY=0` keeps glibc's defaults (for comparisons).
//! Returns whether the policy is in effect.
bool keepFreedMemory();

//! Whether keepFreedMemory() is in effect.
bool keepsFreedMemory();

//! Hands the memory freed so far back to the system, e.g. when a training or evaluation job
//! of a long-running GUI ends. Cheap when there is nothing to release.
void releaseFreedMemory();

} // namespace orinet::runtime
