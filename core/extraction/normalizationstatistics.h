#pragma once

#include "model/namedtensor.h"

#include <cstddef>
#include <vector>

namespace orinet {

class BatchSource;
class Feedback;
class OriNetModel;

//! The BatchNorm statistics of Normalization::Recalibrated and Normalization::Adapted
//! (docs/evaluation.md).
class NormalizationStatistics {
public:
    //! Averages the batch statistics of the first `batches` batches of `source` (epoch 0)
    //! into running statistics, each batch weighing the same: PyTorch's BatchNorm with
    //! momentum=None, as torch.optim.swa_utils.update_bn does. Feed unaugmented training
    //! batches (SourcePurpose::Recalibration). The model's weights and its own running
    //! statistics are left as they were; the result is named as
    //! OriNetModel::normalizationStatistics(). Throws orinet::Error when the source yields no
    //! batch and orinet::Canceled on cancel. Runs on the calling thread.
    static std::vector<NamedTensor> recalibrate(OriNetModel& model, BatchSource& source,
                                                size_t batches, Feedback& feedback);

    //! The statistics of Normalization::Adapted: recalibrate() over every batch of `source`,
    //! the images about to be described, but a partial last one (of fewer than `batchSize`
    //! pairs), which would weigh as much as a full batch; a source of a single partial batch
    //! uses it.
    static std::vector<NamedTensor> adapt(OriNetModel& model, BatchSource& source, size_t batchSize,
                                          Feedback& feedback);
};

} // namespace orinet
