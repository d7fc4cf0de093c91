#pragma once

#include <memory>
#include <string>
#include <vector>

namespace orinet {

namespace detail {
struct ProcessGroupAccess; // core-private tensor collectives (training/processgroup_p.h)
}

//! Where this process sits in a multi-process (data-parallel) training job.
struct DistributedOptions {
    int worldSize = 1;
    int rank = 0; //!< 0 .. worldSize-1; rank 0 hosts the rendezvous and writes the run folder
    std::string masterAddress = "127.0.0.1";
    int masterPort = 29500;
    //! How long a collective waits for the other ranks (rank 0 validates alone each epoch).
    int timeoutSeconds = 3600;
    //! How long joining waits for every rank to arrive before giving up.
    int rendezvousTimeoutSeconds = 300;
};

//! A group of training processes joined over TCP (LibTorch's c10d TCPStore for the rendezvous
//! and ProcessGroupGloo for the collectives). Buffers are plain floats so the trainer and
//! tests use it without LibTorch in headers.
//!
//! Every rank must call the same collectives in the same order with equally sized buffers.
//! Threading: one thread at a time.
class ProcessGroup {
public:
    //! Blocks until all ranks have joined (at most options.rendezvousTimeoutSeconds); throws
    //! orinet::Error (naming the address) when the rendezvous fails or times out.
    explicit ProcessGroup(const DistributedOptions& options);
    ~ProcessGroup();
    ProcessGroup(const ProcessGroup&) = delete;
    ProcessGroup& operator=(const ProcessGroup&) = delete;

    int rank() const;
    int worldSize() const;

    //! Element-wise sum over all ranks, in place.
    void allReduceSum(std::vector<float>& data);
    //! The `local` buffers of all ranks concatenated in rank order.
    std::vector<float> allGather(const std::vector<float>& local);
    //! Replaces `data` with root's.
    void broadcast(std::vector<float>& data, int root = 0);

private:
    friend struct detail::ProcessGroupAccess;
    struct Impl;
    std::unique_ptr<Impl> mImpl;
};

} // namespace orinet
