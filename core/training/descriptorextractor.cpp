#include "training/descriptorextractor.h"

#include "common/error.h"
#include "common/feedback.h"
#include "dataset/dataloader.h"
#include "dataset/dataset.h"
#include "model/orinetmodel.h"
#include "training/checkpointfile.h"

#include <opencv2/core.hpp>

#include <filesystem>

namespace orinet {

DescriptorSet DescriptorExtractor::extract(OriNetModel& model, const Dataset& dataset,
                                           const std::string& split, const Options& options,
                                           Feedback& feedback) {
    LoaderOptions lo;
    lo.preset = model.config().preset;
    lo.orientation = model.config().orientation;
    lo.batchSize = std::max<size_t>(1, options.batchSize);
    lo.shuffle = false;
    lo.augment = options.randomOrientationSeed.has_value();
    lo.orientationOnly = true; // only read when augmenting
    lo.seed = options.randomOrientationSeed.value_or(0);
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
    if (options.randomOrientationSeed)
        result.inputs =
            "random orientation, seed " + std::to_string(*options.randomOrientationSeed);
    return result;
}

DescriptorSet DescriptorExtractor::forRun(const std::string& runDirectory, const Dataset& dataset,
                                          const std::string& split, Feedback& feedback,
                                          bool* extracted) {
    namespace fs = std::filesystem;
    const std::string checkpoint = CheckpointFile::resolveForEvaluation(runDirectory);
    const fs::path folder = fs::path(runDirectory) / "descriptors";
    const fs::path meta = folder / "descriptors.json";
    std::error_code error;
    const bool haveCheckpoint = fs::exists(checkpoint, error);
    // Descriptors older than the checkpoint belong to an earlier state of the run; without a
    // checkpoint (descriptors made elsewhere) they are all there is.
    std::string mismatch;
    if (fs::exists(meta, error) &&
        (!haveCheckpoint ||
         fs::last_write_time(meta, error) >= fs::last_write_time(checkpoint, error))) {
        DescriptorSet cached = DescriptorSet::load(folder.string());
        const size_t wanted = dataset.split(split).size();
        // Perturbed descriptors (extract --random-orientation) are not the run's plain ones.
        if ((cached.split == split || cached.split.empty()) &&
            static_cast<size_t>(cached.ground.rows) == wanted &&
            (cached.inputs.empty() || !haveCheckpoint)) {
            if (extracted)
                *extracted = false;
            return cached;
        }
        mismatch = "it holds " + std::to_string(cached.ground.rows) + " descriptors" +
                   (cached.split.empty() ? "" : " of split '" + cached.split + "'") +
                   " but split '" + split + "' has " + std::to_string(wanted) + " pairs, and ";
    }
    if (!haveCheckpoint)
        throw Error(folder.string(), mismatch + "there is no checkpoint (" + checkpoint +
                                         ") to extract the descriptors of split '" + split +
                                         "' with");
    auto model = CheckpointFile::loadModel(checkpoint);
    DescriptorSet set = extract(*model, dataset, split, Options{}, feedback);
    set.checkpoint = checkpoint;
    set.save(folder.string());
    if (extracted)
        *extracted = true;
    return set;
}

} // namespace orinet
