#include "training/processgroup_p.h"

#include "common/error.h"

#include <torch/csrc/distributed/c10d/ProcessGroupGloo.hpp>
#include <torch/csrc/distributed/c10d/TCPStore.hpp>

namespace orinet {

struct ProcessGroup::Impl {
    DistributedOptions options;
    c10::intrusive_ptr<c10d::TCPStore> store;
    c10::intrusive_ptr<c10d::ProcessGroupGloo> group;

    std::string where() const {
        return options.masterAddress + ":" + std::to_string(options.masterPort);
    }

    template <typename Fn> void collective(const char* what, Fn fn) {
        try {
            fn();
        } catch (const std::exception& e) {
            throw Error(std::string("distributed ") + what + " failed (rank " +
                        std::to_string(options.rank) + " of " + std::to_string(options.worldSize) +
                        ", " + where() + "): " + e.what());
        }
    }
};

ProcessGroup::ProcessGroup(const DistributedOptions& options)
    : mImpl(std::make_unique<Impl>()) {
    mImpl->options = options;
    if (options.worldSize < 1 || options.rank < 0 || options.rank >= options.worldSize)
        throw Error("invalid rank " + std::to_string(options.rank) + " for a world of " +
                    std::to_string(options.worldSize));
    if (options.masterPort < 1 || options.masterPort > 65535)
        throw Error("invalid master port " + std::to_string(options.masterPort));
    const auto timeout = std::chrono::milliseconds(1000LL * options.timeoutSeconds);
    const auto joinTimeout = std::chrono::milliseconds(1000LL * options.rendezvousTimeoutSeconds);
    mImpl->collective("rendezvous", [&] {
        c10d::TCPStoreOptions so;
        so.port = static_cast<std::uint16_t>(options.masterPort);
        so.isServer = options.rank == 0;
        so.numWorkers = options.worldSize;
        so.waitWorkers = true;
        so.timeout = joinTimeout;
        mImpl->store = c10::make_intrusive<c10d::TCPStore>(options.masterAddress, so);
        auto go = c10d::ProcessGroupGloo::Options::create(timeout);
        go->devices.push_back(c10d::ProcessGroupGloo::createDeviceForHostname(
            options.masterAddress == "localhost" ? "127.0.0.1" : options.masterAddress));
        go->threads = 2;
        mImpl->group = c10::make_intrusive<c10d::ProcessGroupGloo>(mImpl->store, options.rank,
                                                                   options.worldSize, go);
        // Joined: later store traffic may wait as long as a collective.
        mImpl->store->setTimeout(timeout);
    });
}

ProcessGroup::~ProcessGroup() = default;

int ProcessGroup::rank() const {
    return mImpl->options.rank;
}

int ProcessGroup::worldSize() const {
    return mImpl->options.worldSize;
}

void ProcessGroup::allReduceSum(std::vector<float>& data) {
    torch::Tensor t =
        torch::from_blob(data.data(), {static_cast<int64_t>(data.size())}, torch::kFloat);
    detail::ProcessGroupAccess::allReduceSum(*this, t);
}

std::vector<float> ProcessGroup::allGather(const std::vector<float>& local) {
    const torch::Tensor t = torch::from_blob(const_cast<float*>(local.data()),
                                             {static_cast<int64_t>(local.size())}, torch::kFloat);
    const torch::Tensor all = detail::ProcessGroupAccess::allGather(*this, t).contiguous();
    return std::vector<float>(all.data_ptr<float>(), all.data_ptr<float>() + all.numel());
}

void ProcessGroup::broadcast(std::vector<float>& data, int root) {
    torch::Tensor t =
        torch::from_blob(data.data(), {static_cast<int64_t>(data.size())}, torch::kFloat);
    detail::ProcessGroupAccess::broadcast(*this, t, root);
}

namespace detail {

void ProcessGroupAccess::allReduceSum(ProcessGroup& group, torch::Tensor& tensor) {
    group.mImpl->collective("all-reduce", [&] {
        std::vector<at::Tensor> tensors{tensor};
        group.mImpl->group->allreduce(tensors)->wait();
    });
}

void ProcessGroupAccess::broadcast(ProcessGroup& group, torch::Tensor& tensor, int root) {
    group.mImpl->collective("broadcast", [&] {
        std::vector<at::Tensor> tensors{tensor};
        c10d::BroadcastOptions o;
        o.rootRank = root;
        group.mImpl->group->broadcast(tensors, o)->wait();
    });
}

torch::Tensor ProcessGroupAccess::allGather(ProcessGroup& group, const torch::Tensor& local) {
    std::vector<at::Tensor> outputs;
    group.mImpl->collective("all-gather", [&] {
        std::vector<at::Tensor> inputs{local.contiguous()};
        std::vector<std::vector<at::Tensor>> out(1);
        for (int r = 0; r < group.worldSize(); ++r)
            out[0].push_back(torch::empty_like(inputs[0]));
        group.mImpl->group->allgather(out, inputs)->wait();
        outputs = std::move(out[0]);
    });
    return torch::cat(outputs, 0);
}

} // namespace detail

} // namespace orinet
