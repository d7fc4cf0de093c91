#include "training/descriptorextractor.h"

#include "common/error.h"
#include "common/feedback.h"
#include "dataset/dataloader.h"
#include "dataset/dataset.h"
#include "model/orinetmodel.h"

#include <opencv2/core.hpp>

namespace orinet {

DescriptorSet DescriptorExtractor::extract(OriNetModel& model, const Dataset& dataset,
                                           const std::string& split, const Options& options,
                                           Feedback& feedback) {
    LoaderOptions lo;
    lo.preset = model.config().preset;
    lo.orientation = model.config().orientation;
    lo.batchSize = std::max<size_t>(1, options.batchSize);
    lo.shuffle = false;
    lo.augment = false;
    lo.dropLast = false;
    lo.workers = std::max(1, options.workers);
    DataLoader loader(dataset, dataset.split(split), lo);
    const size_t batches = loader.batchesPerEpoch();
    loader.startEpoch(0);

    std::vector<cv::Mat> ground, satellite;
    DescriptorSet result;
    size_t done = 0;
    while (auto batch = loader.next()) {
        feedback.checkCanceled();
        ground.push_back(model.describe(Branch::Ground, batch->ground));
        satellite.push_back(model.describe(Branch::Satellite, batch->satellite));
        result.ids.insert(result.ids.end(), batch->ids.begin(), batch->ids.end());
        ++done;
        feedback.report(static_cast<double>(done) / static_cast<double>(batches),
                        "batch " + std::to_string(done) + "/" + std::to_string(batches));
    }
    feedback.checkCanceled();
    if (ground.empty())
        throw Error(dataset.root(), "split '" + split + "' has no pairs");
    cv::vconcat(ground, result.ground);
    cv::vconcat(satellite, result.satellite);
    result.split = split;
    result.preset = model.config().preset.name;
    return result;
}

} // namespace orinet
