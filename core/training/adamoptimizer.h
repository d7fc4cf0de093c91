#pragma once

#include "model/namedtensor.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace orinet {

class OriNetModel;

//! Adam's settings (torch.optim.Adam without amsgrad).
struct AdamOptions {
    double learningRate = 1e-5;
    double beta1 = 0.9;
    double beta2 = 0.999;
    double epsilon = 1e-8;
    double weightDecay = 0; //!< L2 added to the gradient, as torch.optim.Adam does
};

//! Adam over every trainable parameter of an OriNetModel, written out so its state is ours to
//! checkpoint exactly (a resumed run continues with the same moments and step count).
//!
//! Threading: use on the thread that trains the model.
class AdamOptimizer {
public:
    //! Starts with zero moments. The model must outlive the optimizer.
    AdamOptimizer(OriNetModel& model, const AdamOptions& options);
    ~AdamOptimizer();
    AdamOptimizer(const AdamOptimizer&) = delete;
    AdamOptimizer& operator=(const AdamOptimizer&) = delete;

    //! Sets the gradients to zero in place (reallocating them each step costs page faults).
    void zeroGradients();
    //! One update from the current gradients; `step` is the 1-based global step (bias
    //! correction).
    void step(int64_t step);

    //! The moments as "optimizer.exp_avg.<param>" and "optimizer.exp_avg_sq.<param>".
    std::vector<NamedTensor> state() const;
    //! Restores state() output; an empty list means zero moments (weights imported without
    //! training state). Throws orinet::Error naming `source` and the tensor when one is
    //! missing, unknown or misshapen; nothing is changed then.
    void restore(const std::vector<NamedTensor>& state, const std::string& source);

private:
    struct Impl;
    std::unique_ptr<Impl> mImpl;
};

} // namespace orinet
