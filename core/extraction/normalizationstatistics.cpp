#include "extraction/normalizationstatistics.h"

#include "common/error.h"
#include "common/feedback.h"
#include "dataset/batchsource.h"
#include "model/orinetmodel_p.h"

namespace orinet {

std::vector<NamedTensor> NormalizationStatistics::recalibrate(OriNetModel& model,
                                                              BatchSource& source, size_t batches,
                                                              Feedback& feedback) {
    using detail::ModelAccess;
    const std::vector<NamedTensor> saved = model.normalizationStatistics();
    const bool wasTraining = model.isTraining();
    std::vector<torch::nn::BatchNorm2d> norms = ModelAccess::normalizations(model);
    auto restore = [&] {
        for (auto& bn : norms)
            bn->options.momentum(0.9);
        model.loadNormalizationStatistics(saved, "running statistics");
        model.setTraining(wasTraining);
    };
    for (auto& bn : norms) {
        bn->reset_running_stats();
        // No momentum: running = cumulative average of the batch statistics.
        bn->options.momentum(c10::nullopt);
    }
    model.setTraining(true);
    size_t done = 0;
    try {
        torch::NoGradGuard noGrad;
        source.startEpoch(0, 0);
        while (done < batches) {
            feedback.checkCanceled();
            std::optional<Batch> batch = source.next();
            if (!batch)
                break;
            for (Branch branch : {Branch::Ground, Branch::Satellite}) {
                const TensorBuffer& buffer =
                    branch == Branch::Ground ? batch->ground : batch->satellite;
                ModelAccess::forward(model, branch,
                                     ModelAccess::inputTensor(model, branch, buffer));
            }
            ++done;
            feedback.report(static_cast<double>(done) / static_cast<double>(batches),
                            "recalibrating BatchNorm statistics: batch " + std::to_string(done) +
                                "/" + std::to_string(batches));
        }
    } catch (...) {
        restore();
        throw;
    }
    std::vector<NamedTensor> result = model.normalizationStatistics();
    restore();
    if (done == 0)
        throw Error("no training batch to recalibrate the BatchNorm statistics with (fewer "
                    "pairs than one batch?)");
    return result;
}

std::vector<NamedTensor> NormalizationStatistics::adapt(OriNetModel& model, BatchSource& source,
                                                        size_t batchSize, Feedback& feedback) {
    size_t batches = source.batchesPerEpoch();
    const size_t last = source.lastBatchSize();
    if (batches > 1 && last > 0 && last < batchSize)
        --batches;
    if (batches == 0)
        throw Error("no images to compute the BatchNorm statistics of (an empty split?)");
    return recalibrate(model, source, batches, feedback);
}

} // namespace orinet
