#pragma once

// Core-private: collectives on LibTorch tensors, so the trainer moves gradients and
// descriptors between ranks without copying them through host memory (see the rules in
// model/orinetmodel_p.h).

#include "training/processgroup.h"

#include <torch/torch.h>

namespace orinet::detail {

struct ProcessGroupAccess {
    //! Element-wise sum over all ranks, in place; `tensor` must be contiguous.
    static void allReduceSum(ProcessGroup& group, torch::Tensor& tensor);
    //! Replaces `tensor` with root's, in place; `tensor` must be contiguous.
    static void broadcast(ProcessGroup& group, torch::Tensor& tensor, int root);
    //! Every rank's `local` (same shape everywhere) stacked in rank order along dimension 0.
    static torch::Tensor allGather(ProcessGroup& group, const torch::Tensor& local);
};

} // namespace orinet::detail
