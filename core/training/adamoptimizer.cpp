#include "training/adamoptimizer.h"

#include "common/error.h"
#include "model/orinetmodel_p.h"

#include <cmath>
#include <cstring>
#include <map>

namespace orinet {

namespace {

constexpr const char* kExpAvg = "optimizer.exp_avg.";
constexpr const char* kExpAvgSq = "optimizer.exp_avg_sq.";

NamedTensor toNamed(const std::string& name, const torch::Tensor& tensor) {
    const torch::Tensor t = tensor.detach().to(torch::kCPU).contiguous();
    NamedTensor n;
    n.name = name;
    n.dtype = TensorDType::Float32;
    n.shape.assign(t.sizes().begin(), t.sizes().end());
    n.bytes.resize(static_cast<size_t>(t.numel()) * sizeof(float));
    std::memcpy(n.bytes.data(), t.data_ptr(), n.bytes.size());
    return n;
}

} // namespace

struct AdamOptimizer::Impl {
    AdamOptions options;
    struct Slot {
        std::string name;
        torch::Tensor parameter;
        torch::Tensor expAvg;
        torch::Tensor expAvgSq;
    };
    std::vector<Slot> slots;
};

AdamOptimizer::AdamOptimizer(OriNetModel& model, const AdamOptions& options)
    : mImpl(std::make_unique<Impl>()) {
    mImpl->options = options;
    for (const auto& p : detail::ModelAccess::network(model).named_parameters())
        mImpl->slots.push_back(
            {p.key(), p.value(), torch::zeros_like(p.value()), torch::zeros_like(p.value())});
}

AdamOptimizer::~AdamOptimizer() = default;

void AdamOptimizer::zeroGradients() {
    for (auto& slot : mImpl->slots)
        if (slot.parameter.grad().defined())
            slot.parameter.mutable_grad().zero_();
}

void AdamOptimizer::step(int64_t step) {
    torch::NoGradGuard noGrad;
    const AdamOptions& o = mImpl->options;
    const double t = static_cast<double>(step);
    const double correction1 = 1 - std::pow(o.beta1, t);
    const double correction2 = 1 - std::pow(o.beta2, t);
    for (auto& slot : mImpl->slots) {
        torch::Tensor& p = slot.parameter;
        if (!p.grad().defined())
            continue;
        torch::Tensor g = p.grad();
        if (o.weightDecay != 0)
            g = g.add(p, o.weightDecay);
        slot.expAvg.mul_(o.beta1).add_(g, 1 - o.beta1);
        slot.expAvgSq.mul_(o.beta2).addcmul_(g, g, 1 - o.beta2);
        const torch::Tensor denominator =
            slot.expAvgSq.sqrt().div_(std::sqrt(correction2)).add_(o.epsilon);
        p.addcdiv_(slot.expAvg, denominator, -o.learningRate / correction1);
    }
}

std::vector<NamedTensor> AdamOptimizer::state() const {
    std::vector<NamedTensor> result;
    for (const auto& slot : mImpl->slots) {
        result.push_back(toNamed(kExpAvg + slot.name, slot.expAvg));
        result.push_back(toNamed(kExpAvgSq + slot.name, slot.expAvgSq));
    }
    return result;
}

void AdamOptimizer::restore(const std::vector<NamedTensor>& state, const std::string& source) {
    torch::NoGradGuard noGrad;
    if (state.empty()) {
        for (auto& slot : mImpl->slots) {
            slot.expAvg.zero_();
            slot.expAvgSq.zero_();
        }
        return;
    }
    std::map<std::string, const NamedTensor*> byName;
    for (const NamedTensor& t : state)
        if (!byName.emplace(t.name, &t).second)
            throw Error(source, "optimizer tensor '" + t.name + "' appears twice");
    // Check everything first: a failed restore leaves the optimizer as it was.
    std::vector<std::pair<const NamedTensor*, torch::Tensor*>> plan;
    for (auto& slot : mImpl->slots)
        for (auto [prefix, target] : {std::pair<const char*, torch::Tensor*>{kExpAvg, &slot.expAvg},
                                      {kExpAvgSq, &slot.expAvgSq}}) {
            const std::string name = prefix + slot.name;
            auto it = byName.find(name);
            if (it == byName.end())
                throw Error(source, "checkpoint lacks '" + name + "'");
            const NamedTensor& t = *it->second;
            const std::vector<int64_t> shape(target->sizes().begin(), target->sizes().end());
            if (t.dtype != TensorDType::Float32 || t.shape != shape ||
                t.bytes.size() != static_cast<size_t>(target->numel()) * sizeof(float))
                throw Error(source, "tensor '" + name + "' does not fit the model");
            plan.emplace_back(&t, target);
            byName.erase(it);
        }
    if (!byName.empty())
        throw Error(source, "unknown optimizer tensor '" + byName.begin()->first + "'");
    for (auto& [t, target] : plan)
        target->copy_(torch::from_blob(const_cast<uint8_t*>(t->bytes.data()), target->sizes(),
                                       torch::kFloat));
}

} // namespace orinet
