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
//! The same loss with the negatives of a query/gallery batch masked (Batch::notNegative):
//! `notNegative` is B x B bool, [i][j] true when the tile of row j covers the panorama of row i
//! (so it is indexed ground x satellite, the transpose of the distance matrix); those pairs are
//! dropped from both sums exactly as CVACT's nearby pairs are, and joined with them when
//! `positions` is defined too. Undefined `notNegative`: the function above, bit for bit.
torch::Tensor tripletLoss(const torch::Tensor& satellite, const torch::Tensor& ground,
                          const TripletLossOptions& options, const torch::Tensor& positions,
                          const torch::Tensor& notNegative);
//! The released code's value of the same loss (training/tripletloss.h, releasedTripletLoss).
torch::Tensor releasedTripletLoss(const torch::Tensor& satellite, const torch::Tensor& ground,
                                  const TripletLossOptions& options,
                                  const torch::Tensor& positions);

} // namespace orinet::detail
