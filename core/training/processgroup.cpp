#include "training/processgroup.h"

#include "common/error.h"

#include <torch/csrc/distributed/c10d/ProcessGroupGloo.hpp>
#include <torch/csrc/distributed/c10d/TCPStore.hpp>
#include <torch/torch.h>

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
    mImpl->collective("rendezvous", [&] {
        c10d::TCPStoreOptions so;
        so.port = static_cast<std::uint16_t>(options.masterPort);
        so.isServer = options.rank == 0;
        so.numWorkers = options.worldSize;
        so.waitWorkers = true;
        so.timeout = timeout;
        mImpl->store = c10::make_intrusive<c10d::TCPStore>(options.masterAddress, so);
        auto go = c10d::ProcessGroupGloo::Options::create(timeout);
        go->devices.push_back(c10d::ProcessGroupGloo::createDeviceForHostname(
            options.masterAddress == "localhost" ? "127.0.0.1" : options.masterAddress));
        go->threads = 2;
        mImpl->group = c10::make_intrusive<c10d::ProcessGroupGloo>(mImpl->store, options.rank,
                                                                   options.worldSize, go);
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
    mImpl->collective("all-reduce", [&] {
        std::vector<at::Tensor> tensors{
            torch::from_blob(data.data(), {static_cast<int64_t>(data.size())}, torch::kFloat)};
        mImpl->group->allreduce(tensors)->wait();
    });
}

std::vector<float> ProcessGroup::allGather(const std::vector<float>& local) {
    const int64_t n = static_cast<int64_t>(local.size());
    std::vector<float> result(local.size() * static_cast<size_t>(worldSize()));
    mImpl->collective("all-gather", [&] {
        std::vector<at::Tensor> inputs{
            torch::from_blob(const_cast<float*>(local.data()), {n}, torch::kFloat)};
        std::vector<std::vector<at::Tensor>> outputs(1);
        for (int r = 0; r < worldSize(); ++r)
            outputs[0].push_back(torch::from_blob(result.data() + r * n, {n}, torch::kFloat));
        mImpl->group->allgather(outputs, inputs)->wait();
    });
    return result;
}

void ProcessGroup::broadcast(std::vector<float>& data, int root) {
    mImpl->collective("broadcast", [&] {
        std::vector<at::Tensor> tensors{
            torch::from_blob(data.data(), {static_cast<int64_t>(data.size())}, torch::kFloat)};
        c10d::BroadcastOptions o;
        o.rootRank = root;
        mImpl->group->broadcast(tensors, o)->wait();
    });
}

} // namespace orinet
