#pragma once

// Core-private: the LibTorch form of the loss in training/tripletloss.h (see the rules in
// model/orinetmodel_p.h).

#include "training/tripletloss.h"

#include <torch/torch.h>

namespace orinet::detail {

//! satellite, ground: B x D. positions: B x 2 (easting, northing), or undefined for the plain
//! loss.
torch::Tensor tripletLoss(const torch::Tensor& satellite, const torch::Tensor& ground,
                          const TripletLossOptions& options, const torch::Tensor& positions);
//! The released code's value of the same loss (training/tripletloss.h, releasedTripletLoss).
torch::Tensor releasedTripletLoss(const torch::Tensor& satellite, const torch::Tensor& ground,
                                  const TripletLossOptions& options,
                                  const torch::Tensor& positions);

} // namespace orinet::detail
