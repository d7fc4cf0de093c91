#pragma once

namespace orinet {

//! The settings of OriNet's weighted soft-margin triplet loss (training/tripletloss.h has the
//! formula; docs/model.md, "Loss").
struct TripletLossOptions {
    double alpha = 10.0;         //!< the weight α of every margin inside softplus
    double excludeRadius = 25.0; //!< metres; used only when positions are given (CVACT)
};

} // namespace orinet
