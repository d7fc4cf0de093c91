#pragma once

// Core-private: the LibTorch side of OriNetModel for core's own .cpp files (trainer, optimizer,
// data parallelism, recalibration). Never include it from a header other than another *_p.h:
// public headers stay free of LibTorch (tests/firewall checks both rules).

#include "model/orinetmodel.h"

#include <torch/torch.h>

namespace orinet::detail {

struct ModelAccess {
    static torch::nn::Module& network(OriNetModel& model);
    static torch::Device device(OriNetModel& model);
    //! The batch as a tensor on the model's device; checks its shape against the preset.
    static torch::Tensor inputTensor(OriNetModel& model, Branch branch, const TensorBuffer& buffer);
    //! One branch's forward pass (with autograd when enabled): N x 1536 unit rows.
    static torch::Tensor forward(OriNetModel& model, Branch branch, const torch::Tensor& input);
    //! Every BatchNorm module of both branches.
    static std::vector<torch::nn::BatchNorm2d> normalizations(OriNetModel& model);
};

} // namespace orinet::detail
