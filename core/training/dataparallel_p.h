#pragma once

// Core-private: what data-parallel training adds to a training step (see the rules in
// model/orinetmodel_p.h). Used by trainer.cpp only.

#include "model/orinetmodel_p.h"

namespace orinet {

class ProcessGroup;

namespace detail {

//! The collectives of data-parallel training, as PyTorch's DistributedDataParallel does them:
//! rank 0's weights at the start, its BatchNorm running statistics before every step, and
//! gradients summed (or averaged) after backward. Without a group (or a group of one) every
//! call is a no-op, so the trainer's loop reads the same either way.
class DataParallel {
public:
    DataParallel(ProcessGroup* group, OriNetModel& model);

    bool active() const;
    //! Rank 0 (or a single process): the one that writes the run folder and validates.
    bool writer() const;

    void broadcastParameters();
    void broadcastNormalizationStatistics();
    //! True when any rank asked to stop: all ranks stop at the same step.
    bool anyCanceled(bool canceled);
    //! The loss every rank reports: the mean of the ranks' values.
    double averageLoss(double loss);
    //! The rows of every rank in rank order, this rank's rows keeping their gradient.
    torch::Tensor gatherRows(const torch::Tensor& local);
    //! UTM positions (double) of every rank: gathered as float high and low parts, which is
    //! exact to far below a millimetre.
    torch::Tensor gatherPositions(const torch::Tensor& local);
    //! Sums the gradients over the ranks (in one flat buffer on the model's device), then
    //! divides by the world size when `average`.
    void reduceGradients(bool average);

private:
    std::vector<torch::Tensor> parameters() const;
    void broadcast(const std::vector<torch::Tensor>& tensors);

    ProcessGroup* mGroup;
    OriNetModel& mModel;
};

} // namespace detail
} // namespace orinet
