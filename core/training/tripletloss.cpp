#include "training/tripletloss_p.h"

#include "common/error.h"

namespace orinet {

namespace detail {

namespace {

//! The soft-margin terms of every (satellite i, ground j) pair in both directions: g2s, ground
//! j against satellite negatives i (column-wise); s2g, satellite i against ground negatives j
//! (row-wise). `dist` is 2 - 2·S·Gᵀ, for the masks.
struct Terms {
    torch::Tensor dist, g2s, s2g;
};

Terms terms(const torch::Tensor& satellite, const torch::Tensor& ground,
            const TripletLossOptions& options) {
    Terms t;
    t.dist = 2 - 2 * torch::matmul(satellite, ground.t());
    const torch::Tensor pos = t.dist.diagonal();
    auto softplus = [](const torch::Tensor& x) {
        return torch::relu(x) + torch::log1p(torch::exp(-x.abs()));
    };
    t.g2s = softplus(options.alpha * (pos.unsqueeze(0) - t.dist));
    t.s2g = softplus(options.alpha * (pos.unsqueeze(1) - t.dist));
    return t;
}

//! The loss over the pairs not `excluded` (true: no negative), 0 when none is left.
torch::Tensor maskedMean(const Terms& t, const torch::Tensor& excluded) {
    const torch::Tensor keep = (~excluded).to(t.dist.scalar_type());
    // With nothing left to compare the loss is 0 (and so is its gradient).
    const torch::Tensor denominator = keep.sum().clamp_min(1.0);
    return ((t.g2s * keep).sum() + (t.s2g * keep).sum()) / (2.0 * denominator);
}

torch::Tensor nearPairs(const torch::Tensor& positions, const TripletLossOptions& options) {
    const torch::Tensor delta = positions.unsqueeze(1) - positions.unsqueeze(0);
    return delta.pow(2).sum(2) < options.excludeRadius * options.excludeRadius;
}

} // namespace

torch::Tensor tripletLoss(const torch::Tensor& satellite, const torch::Tensor& ground,
                          const TripletLossOptions& options, const torch::Tensor& positions) {
    const Terms t = terms(satellite, ground, options);
    if (!positions.defined()) {
        const int64_t b = satellite.size(0);
        const double pairs = static_cast<double>(b) * static_cast<double>(b - 1);
        return (t.g2s.sum() + t.s2g.sum()) / (2.0 * pairs);
    }
    return maskedMean(t, nearPairs(positions, options));
}

torch::Tensor tripletLoss(const torch::Tensor& satellite, const torch::Tensor& ground,
                          const TripletLossOptions& options, const torch::Tensor& positions,
                          const torch::Tensor& notNegative) {
    if (!notNegative.defined())
        return tripletLoss(satellite, ground, options, positions);
    const Terms t = terms(satellite, ground, options);
    // dist is satellite x ground; the mask is ground x satellite. One entry serves both
    // directions: tile i is no negative for panorama j, and panorama j none for tile i.
    torch::Tensor excluded = notNegative.to(torch::kBool).t().to(t.dist.device());
    if (positions.defined())
        excluded = excluded.logical_or(nearPairs(positions, options));
    return maskedMean(t, excluded);
}

torch::Tensor releasedTripletLoss(const torch::Tensor& satellite, const torch::Tensor& ground,
                                  const TripletLossOptions& options,
                                  const torch::Tensor& positions) {
    if (!positions.defined())
        return tripletLoss(satellite, ground, options, positions);
    const torch::Tensor dist = 2 - 2 * torch::matmul(satellite, ground.t());
    const torch::Tensor pos = dist.diagonal();
    const torch::Tensor delta = positions.unsqueeze(1) - positions.unsqueeze(0);
    // As the released compute_loss: "useful" pairs are at least the radius apart; the others
    // keep their place in the sum with a zero argument.
    const torch::Tensor useful =
        (delta.pow(2).sum(2) >= options.excludeRadius * options.excludeRadius)
            .to(dist.scalar_type());
    const torch::Tensor count = useful.sum();
    auto softplus = [](const torch::Tensor& x) {
        return torch::relu(x) + torch::log1p(torch::exp(-x.abs()));
    };
    const torch::Tensor g2s =
        softplus(options.alpha * (pos.unsqueeze(0) - dist) * useful).sum() / count;
    const torch::Tensor s2g =
        softplus(options.alpha * (pos.unsqueeze(1) - dist) * useful).sum() / count;
    return (g2s + s2g) / 2.0;
}

} // namespace detail

namespace {

torch::Tensor toTensor(const cv::Mat& m) {
    cv::Mat d;
    m.convertTo(d, CV_64F);
    return torch::from_blob(d.data, {d.rows, d.cols}, torch::kDouble).clone();
}

//! Checks the plain-data arguments and converts the positions (undefined when none).
torch::Tensor checkedPositions(const cv::Mat& satellite, const cv::Mat& ground,
                               const std::vector<double>& easting,
                               const std::vector<double>& northing) {
    if (satellite.size() != ground.size() || satellite.type() != ground.type() ||
        satellite.rows < 2 || (satellite.type() != CV_32F && satellite.type() != CV_64F))
        throw Error("triplet loss: satellite and ground must be B x D float matrices of the "
                    "same shape with B >= 2");
    if (easting.size() != northing.size() ||
        (!easting.empty() && easting.size() != static_cast<size_t>(satellite.rows)))
        throw Error("triplet loss: positions must be empty or one per row");
    torch::Tensor positions;
    if (!easting.empty()) {
        positions = torch::empty({static_cast<int64_t>(easting.size()), 2}, torch::kDouble);
        for (size_t i = 0; i < easting.size(); ++i) {
            positions[i][0] = easting[i];
            positions[i][1] = northing[i];
        }
    }
    return positions;
}

} // namespace

double tripletLoss(const cv::Mat& satellite, const cv::Mat& ground,
                   const TripletLossOptions& options, const std::vector<double>& easting,
                   const std::vector<double>& northing) {
    const torch::Tensor positions = checkedPositions(satellite, ground, easting, northing);
    torch::NoGradGuard noGrad;
    return detail::tripletLoss(toTensor(satellite), toTensor(ground), options, positions)
        .item<double>();
}

double tripletLoss(const cv::Mat& satellite, const cv::Mat& ground,
                   const std::vector<uint8_t>& notNegative, const TripletLossOptions& options) {
    checkedPositions(satellite, ground, {}, {});
    const int64_t b = satellite.rows;
    if (notNegative.size() != static_cast<size_t>(b * b))
        throw Error("triplet loss: the mask must have B x B = " + std::to_string(b * b) +
                    " entries, not " + std::to_string(notNegative.size()));
    const torch::Tensor mask =
        torch::from_blob(const_cast<uint8_t*>(notNegative.data()), {b, b}, torch::kByte).clone();
    torch::NoGradGuard noGrad;
    return detail::tripletLoss(toTensor(satellite), toTensor(ground), options, torch::Tensor(),
                               mask)
        .item<double>();
}

double releasedTripletLoss(const cv::Mat& satellite, const cv::Mat& ground,
                           const TripletLossOptions& options, const std::vector<double>& easting,
                           const std::vector<double>& northing) {
    const torch::Tensor positions = checkedPositions(satellite, ground, easting, northing);
    torch::NoGradGuard noGrad;
    return detail::releasedTripletLoss(toTensor(satellite), toTensor(ground), options, positions)
        .item<double>();
}

} // namespace orinet
