#pragma once

#include "run/tripletlossoptions.h"

#include <opencv2/core/mat.hpp>

#include <cstdint>
#include <vector>

namespace orinet {

//! The weighted soft-margin triplet loss of OriNet (docs/model.md, "Loss"), both directions.
//!
//! With S, G (B x D) unit rows, dist = 2 - 2·S·Gᵀ and pos = diag(dist):
//!   g2s = Σ_ij softplus(α·(pos[j] - dist[i][j])) / (B(B-1))
//!   s2g = Σ_ij softplus(α·(pos[i] - dist[i][j])) / (B(B-1)),   loss = (g2s + s2g) / 2.
//! As in the original code the sums run over the whole matrix; the diagonal adds the constant
//! log(2)/(B-1) per direction (no gradient). softplus is evaluated as max(x,0)+log1p(e^-|x|),
//! so large α·margins never overflow.
//!
//! CVACT variant (positions given): pairs whose UTM positions are closer than
//! `excludeRadius` metres (the diagonal included) are not negatives: they are masked out of
//! both sums, which are divided by the number of unmasked pairs instead (0 when none is left).
//! The options are TripletLossOptions (run/tripletlossoptions.h): they are part of a run's
//! configuration, which must not depend on the training code.

//! Plain-data evaluation of the loss, for tests and tools: `satellite` and `ground` are B x D
//! CV_32F or CV_64F with matching shapes (B >= 2). easting/northing: empty, or B values each
//! for the CVACT variant. Throws orinet::Error on mismatched inputs.
double tripletLoss(const cv::Mat& satellite, const cv::Mat& ground,
                   const TripletLossOptions& options = {}, const std::vector<double>& easting = {},
                   const std::vector<double>& northing = {});

//! The loss of a query/gallery batch (VIGOR): `notNegative` is Batch::notNegative, B x B
//! row-major, entry [i·B + j] nonzero when the tile of row j covers the panorama of row i; those
//! pairs (the diagonal among them) are dropped from both sums, which are divided by the number
//! of pairs left, as the CVACT variant does with nearby pairs. Throws orinet::Error on
//! mismatched inputs or a mask of another size.
double tripletLoss(const cv::Mat& satellite, const cv::Mat& ground,
                   const std::vector<uint8_t>& notNegative, const TripletLossOptions& options = {});

//! The CVACT loss as the released training code computes (and logs) it, for comparing loss
//! curves: it does not drop the masked pairs but zeroes their argument, so each still adds
//! softplus(0) = log 2 to the sums, which are divided by the number of unmasked pairs all the
//! same. The extra terms are constants, so the gradient is tripletLoss()'s; the value is higher
//! by log 2 · masked / unmasked (infinite when nothing is unmasked: the released code divides
//! by zero). Without positions it equals tripletLoss(). Same arguments and errors.
double releasedTripletLoss(const cv::Mat& satellite, const cv::Mat& ground,
                           const TripletLossOptions& options = {},
                           const std::vector<double>& easting = {},
                           const std::vector<double>& northing = {});

} // namespace orinet
