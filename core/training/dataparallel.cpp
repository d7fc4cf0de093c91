#include "training/dataparallel_p.h"

#include "training/processgroup_p.h"

namespace orinet::detail {

DataParallel::DataParallel(ProcessGroup* group, OriNetModel& model)
    : mGroup(group)
    , mModel(model) {}

bool DataParallel::active() const {
    return mGroup && mGroup->worldSize() > 1;
}

bool DataParallel::writer() const {
    return !mGroup || mGroup->rank() == 0;
}

std::vector<torch::Tensor> DataParallel::parameters() const {
    return ModelAccess::network(mModel).parameters();
}

void DataParallel::broadcast(const std::vector<torch::Tensor>& tensors) {
    torch::NoGradGuard noGrad;
    std::vector<torch::Tensor> flat;
    for (const torch::Tensor& t : tensors)
        flat.push_back(t.detach().reshape(-1));
    torch::Tensor buffer = torch::cat(flat);
    ProcessGroupAccess::broadcast(*mGroup, buffer, 0);
    int64_t offset = 0;
    for (const torch::Tensor& t : tensors) {
        torch::Tensor target = t;
        target.copy_(buffer.slice(0, offset, offset + t.numel()).view(t.sizes()));
        offset += t.numel();
    }
}

void DataParallel::broadcastParameters() {
    if (active())
        broadcast(parameters());
}

void DataParallel::broadcastNormalizationStatistics() {
    if (!active())
        return;
    std::vector<torch::Tensor> buffers;
    for (const auto& b : ModelAccess::network(mModel).buffers())
        if (b.scalar_type() == torch::kFloat)
            buffers.push_back(b);
    broadcast(buffers);
}

bool DataParallel::anyCanceled(bool canceled) {
    if (!active())
        return canceled;
    torch::Tensor flag = torch::full({1}, canceled ? 1.f : 0.f);
    ProcessGroupAccess::allReduceSum(*mGroup, flag);
    return flag.item<float>() > 0;
}

double DataParallel::averageLoss(double loss) {
    if (!active())
        return loss;
    torch::Tensor v = torch::full({1}, loss, torch::kDouble);
    ProcessGroupAccess::allReduceSum(*mGroup, v);
    return v.item<double>() / mGroup->worldSize();
}

torch::Tensor DataParallel::gatherRows(const torch::Tensor& local) {
    const torch::Tensor all = ProcessGroupAccess::allGather(*mGroup, local.detach());
    const int64_t rows = local.size(0), r = mGroup->rank();
    return torch::cat(
        {all.slice(0, 0, r * rows), local, all.slice(0, (r + 1) * rows, all.size(0))});
}

torch::Tensor DataParallel::gatherPositions(const torch::Tensor& local) {
    const torch::Tensor hi = local.to(torch::kFloat);
    const torch::Tensor lo = (local - hi.to(torch::kDouble)).to(torch::kFloat);
    return ProcessGroupAccess::allGather(*mGroup, hi).to(torch::kDouble) +
           ProcessGroupAccess::allGather(*mGroup, lo).to(torch::kDouble);
}

void DataParallel::reduceGradients(bool average) {
    if (!active())
        return;
    torch::NoGradGuard noGrad;
    std::vector<torch::Tensor> grads, flat;
    for (const torch::Tensor& p : parameters())
        if (p.grad().defined()) {
            grads.push_back(p.grad());
            flat.push_back(p.grad().reshape(-1));
        }
    torch::Tensor buffer = torch::cat(flat);
    ProcessGroupAccess::allReduceSum(*mGroup, buffer);
    if (average)
        buffer.div_(mGroup->worldSize());
    int64_t offset = 0;
    for (torch::Tensor& g : grads) {
        g.copy_(buffer.slice(0, offset, offset + g.numel()).view(g.sizes()));
        offset += g.numel();
    }
}

} // namespace orinet::detail
