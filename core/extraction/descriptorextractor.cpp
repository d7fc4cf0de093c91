#include "extraction/descriptorextractor.h"

#include "common/error.h"
#include "common/feedback.h"
#include "dataset/dataloadersource.h"
#include "dataset/dataset.h"
#include "extraction/normalizationstatistics.h"
#include "model/descriptormodel.h"
#include "model/modelcard.h"
#include "model/orinetmodel.h"
#include "run/checkpoint.h"
#include "run/runfolder.h"

#include <opencv2/core.hpp>
#include <xxhash.h>

#include <cstdio>
#include <filesystem>

namespace orinet {

namespace fs = std::filesystem;

namespace {

//! What describes a pair: the model's tensors, and the recalibrated statistics when they are
//! used. Parts of one split must agree on it (a part made after the run moved on, or with
//! statistics recalibrated elsewhere, would not belong to the others).
std::string weightsFingerprint(const Checkpoint& checkpoint, Normalization normalization,
                               const std::vector<NamedTensor>& adapted) {
    XXH3_state_t* state = XXH3_createState();
    XXH3_64bits_reset(state);
    const auto add = [&](const std::vector<NamedTensor>& tensors) {
        for (const NamedTensor& t : tensors) {
            XXH3_64bits_update(state, t.name.data(), t.name.size() + 1);
            XXH3_64bits_update(state, t.shape.data(), t.shape.size() * sizeof(int64_t));
            XXH3_64bits_update(state, t.bytes.data(), t.bytes.size());
        }
    };
    add(checkpoint.model);
    if (normalization == Normalization::Recalibrated)
        add(checkpoint.recalibrated);
    if (normalization == Normalization::Adapted)
        add(adapted);
    const XXH64_hash_t hash = XXH3_64bits_digest(state);
    XXH3_freeState(state);
    char text[32];
    std::snprintf(text, sizeof text, "xxh3:%016llx", static_cast<unsigned long long>(hash));
    return text;
}

} // namespace

namespace {

//! Why BatchNorm over a batch of one image of `branch` collapses, or empty when it does not.
std::string singleImageProblem(const ModelConfig& config, Branch branch) {
    // Layers 2..7 end in BatchNorm; maps only shrink, so the first 1x1 one is the one to name.
    for (int layer = 2; layer <= 7; ++layer) {
        const auto size = OriNetModel::layerSize(config.preset, branch, layer);
        if (size[0] == 1 && size[1] == 1)
            return "at preset '" + config.preset.name + "' the " +
                   (branch == Branch::Ground ? "ground" : "satellite") + " branch's layer-" +
                   std::to_string(layer) +
                   " maps are 1x1, and BatchNorm over a batch of one pair turns a 1x1 map "
                   "into a constant (the layer's beta) whatever the image";
    }
    return {};
}

} // namespace

std::string DescriptorExtractor::singlePairProblem(const ModelConfig& config) {
    for (Branch branch : {Branch::Ground, Branch::Satellite})
        if (std::string problem = singleImageProblem(config, branch); !problem.empty())
            return problem;
    return {};
}

namespace {

//! The error for a batch of one pair that batch statistics cannot describe.
Error singlePairError(const std::string& problem, const std::string& items = "pairs",
                      const std::string& item = "pair") {
    return Error("BatchNorm mode 'original' normalises each batch with its own statistics and "
                 "the last batch of these " +
                 items + " holds a single " + item +
                 ", which it describes alone as the released code does; but " + problem +
                 ". Use BatchNorm mode 'recalibrated' or 'running', or a number of " + items +
                 " that is not one more than a multiple of the batch size "
                 "(docs/evaluation.md)");
}

//! The pairs of a split's last batch in batches of `batch`.
size_t lastBatchOf(size_t pairs, size_t batch) {
    return pairs == 0 ? 0 : pairs % batch == 0 ? batch : pairs % batch;
}

bool sameTensors(const std::vector<NamedTensor>& a, const std::vector<NamedTensor>& b) {
    if (a.size() != b.size())
        return false;
    for (size_t i = 0; i < a.size(); ++i)
        if (a[i].name != b[i].name || a[i].dtype != b[i].dtype || a[i].shape != b[i].shape ||
            a[i].bytes != b[i].bytes)
            return false;
    return true;
}

} // namespace

namespace {

//! Every batch of `source` (epoch 0) through `describePairs(batch, ground, satellite)`, in
//! order, with progress and cancel; `problem` (when set) refuses a batch of one pair.
template <typename DescribePairs>
DescriptorSet describeBatches(BatchSource& source, Feedback& feedback, const std::string& problem,
                              DescribePairs describePairs) {
    if (!problem.empty() && source.lastBatchSize() == 1)
        throw singlePairError(problem);
    const size_t batches = source.batchesPerEpoch();
    std::vector<cv::Mat> ground, satellite;
    DescriptorSet result;
    size_t done = 0;
    source.startEpoch(0, 0);
    while (std::optional<Batch> batch = source.next()) {
        feedback.checkCanceled();
        // Every batch alone, the last partial one too (the released next_batch_scan).
        if (!problem.empty() && batch->size() == 1)
            throw singlePairError(problem);
        ground.emplace_back();
        satellite.emplace_back();
        describePairs(*batch, ground.back(), satellite.back());
        result.ids.insert(result.ids.end(), batch->ids.begin(), batch->ids.end());
        ++done;
        feedback.report(static_cast<double>(done) / static_cast<double>(batches),
                        "batch " + std::to_string(done) + "/" + std::to_string(batches));
    }
    feedback.checkCanceled();
    if (ground.empty())
        throw Error("no pairs to describe");
    cv::vconcat(ground, result.ground);
    cv::vconcat(satellite, result.satellite);
    return result;
}

//! Narrows `so` to the part of `split` that options.shard names and fills in the shard's
//! rows and split fingerprint; returns the pairs described.
size_t applyShard(const Dataset& dataset, const std::string& split,
                  const DescriptorExtractor::Options& options, SourceOptions& so,
                  DescriptorShard& shard) {
    shard = options.shard;
    std::vector<std::string> ids;
    for (size_t i : dataset.split(split))
        ids.push_back(dataset.pairs()[i].id);
    if (!shard.isPart())
        return ids.size();
    if (options.randomOrientationSeed)
        throw Error("a random orientation is drawn per position in the split, so the parts "
                    "of a split extracted in parts would not join up: extract the whole "
                    "split for --random-orientation");
    const DescriptorShard::Range range =
        DescriptorShard::rows(static_cast<int64_t>(ids.size()), static_cast<int64_t>(so.batchSize),
                              shard.index, shard.count);
    so.skip = static_cast<size_t>(range.begin);
    so.limit = static_cast<size_t>(range.end - range.begin);
    shard.first = range.begin;
    shard.splitPairs = static_cast<int64_t>(ids.size());
    shard.splitIds = DescriptorShard::fingerprint(ids);
    return so.limit;
}

} // namespace

DescriptorSet DescriptorExtractor::describe(OriNetModel& model, BatchSource& source,
                                            Feedback& feedback) {
    const std::string problem =
        model.batchStatisticsInEval() ? singlePairProblem(model.config()) : std::string();
    return describeBatches(source, feedback, problem,
                           [&](const Batch& batch, cv::Mat& ground, cv::Mat& satellite) {
                               ground = model.describe(Branch::Ground, batch.ground);
                               satellite = model.describe(Branch::Satellite, batch.satellite);
                           });
}

DescriptorSet DescriptorExtractor::describe(DescriptorModel& model, BatchSource& source,
                                            Feedback& feedback) {
    return describeBatches(
        source, feedback, {}, [&](const Batch& batch, cv::Mat& ground, cv::Mat& satellite) {
            model.describePairs(batch.ground, batch.satellite, ground, satellite);
        });
}

DescriptorSet DescriptorExtractor::extract(DescriptorModel& model, const ModelCard& card,
                                           Provenance provenance, const std::string& fingerprint,
                                           const Dataset& dataset, const std::string& split,
                                           const Options& options, Feedback& feedback) {
    SourceOptions so;
    so.purpose = SourcePurpose::Evaluation;
    so.preset = card.preset();
    so.orientation = card.orientation();
    so.batchSize = std::max<size_t>(1, options.batchSize);
    so.workers = std::max(1, options.workers);
    so.randomOrientationSeed = options.randomOrientationSeed;
    DescriptorShard shard;
    applyShard(dataset, split, options, so, shard);
    if (shard.isPart())
        shard.weights = fingerprint;
    auto source = DataLoaderSource::forSplit(dataset, split, so);
    DescriptorSet set = describe(model, *source, feedback);
    set.shard = shard;
    provenance.split = split;
    provenance.inputs =
        options.randomOrientationSeed
            ? "random orientation, seed " + std::to_string(*options.randomOrientationSeed)
            : std::string();
    set.provenance = provenance;
    return set;
}

std::string DescriptorExtractor::Recalibration::note() const {
    if (storedIn.empty())
        return {};
    if (reused)
        return "used the recalibrated BatchNorm statistics of " + checkpoint + " stored in " +
               storedIn;
    if (!computed)
        return {};
    return "recalibrated the BatchNorm statistics of " + checkpoint +
           " from the dataset's train split and stored them " +
           (storedIn == checkpoint ? std::string("in it")
                                   : "in " + storedIn + " (" + checkpoint +
                                         " is left as it was; later extractions of it use them)");
}

std::string DescriptorExtractor::statisticsFile(const std::string& checkpointPath) {
    std::error_code ec;
    fs::path file = fs::absolute(checkpointPath, ec);
    if (ec)
        file = checkpointPath;
    const fs::path runDirectory = file.parent_path().parent_path();
    if (!runDirectory.empty() && RunFolder::isRun(runDirectory.string())) {
        const RunFolder run(runDirectory.string());
        for (const std::string& own : {run.lastCheckpoint(), run.bestCheckpoint()})
            if (fs::equivalent(own, file, ec))
                return checkpointPath;
    }
    fs::path beside = fs::path(checkpointPath);
    beside.replace_extension();
    beside += ".recalibrated.ckpt";
    return beside.string();
}

namespace {

//! Under Normalization::Recalibrated, gives `checkpoint` recalibrated statistics when it has
//! none: from the copy an earlier extraction kept beside it, else computed from `dataset`'s
//! "train" split and kept (DescriptorExtractor::statisticsFile()). Returns whether they were
//! computed now (the first tenth of `feedback`'s range).
bool ensureStatistics(Checkpoint& checkpoint, const Dataset& dataset,
                      const DescriptorExtractor::Options& options, Feedback& feedback,
                      DescriptorExtractor::Recalibration* recalibration) {
    bool recalibrate =
        options.normalization == Normalization::Recalibrated && checkpoint.recalibrated.empty();
    const std::string store = checkpoint.path.empty()
                                  ? std::string()
                                  : DescriptorExtractor::statisticsFile(checkpoint.path);
    std::error_code ec;
    if (recalibrate && !store.empty() && store != checkpoint.path && fs::exists(store, ec)) {
        // Made by an earlier extraction of this file: use it if it still holds its weights.
        const Checkpoint stored = Checkpoint::load(store);
        if (stored.recalibrated.empty() || !sameTensors(stored.model, checkpoint.model))
            throw Error(store, "holds other weights than " + checkpoint.path +
                                   " (recalibrated for an earlier version of it?), so its "
                                   "BatchNorm statistics do not belong to it and it is not "
                                   "replaced: remove it to recalibrate again, or use BatchNorm "
                                   "mode 'original' or 'running'");
        checkpoint.recalibrated = stored.recalibrated;
        recalibrate = false;
        if (recalibration)
            *recalibration = {false, true, checkpoint.path, store};
    }
    Feedback recalibrating(feedback, 0.0, recalibrate ? 0.1 : 0.0);
    if (recalibrate) {
        if (!options.recalibrateWhenMissing || !dataset.hasSplit("train"))
            throw Error(checkpoint.path.empty() ? std::string("checkpoint") : checkpoint.path,
                        "has no recalibrated BatchNorm statistics, and " +
                            std::string(options.recalibrateWhenMissing
                                            ? "the dataset has no 'train' split to compute "
                                              "them from"
                                            : "computing them was not allowed") +
                            " (use BatchNorm mode 'original' or 'running')");
        auto model = checkpoint.buildModel(Normalization::Running, options.device);
        SourceOptions ro = checkpoint.config.sourceOptions(SourcePurpose::Recalibration);
        ro.workers = options.workers;
        auto train = DataLoaderSource::forSplit(dataset, "train", ro);
        const int64_t batches = checkpoint.config.recalibrationBatches > 0
                                    ? checkpoint.config.recalibrationBatches
                                    : TrainingConfig().recalibrationBatches;
        checkpoint.recalibrated = NormalizationStatistics::recalibrate(
            *model, *train, static_cast<size_t>(batches), recalibrating);
        if (store == checkpoint.path && !store.empty()) {
            checkpoint.save(store); // the run's own checkpoint
        } else if (!store.empty()) {
            // A file the user gave is never rewritten: a copy with the statistics goes beside.
            Checkpoint copy = checkpoint.withoutTrainingState();
            copy.save(store);
        }
        if (recalibration)
            *recalibration = {true, false, checkpoint.path, store};
    }

    return recalibrate;
}

} // namespace

DescriptorSet DescriptorExtractor::extract(Checkpoint& checkpoint, const std::string& kind,
                                           const Dataset& dataset, const std::string& split,
                                           const Options& options, Feedback& feedback,
                                           Recalibration* recalibration) {
    SourceOptions so = checkpoint.config.sourceOptions(SourcePurpose::Evaluation);
    if (options.normalization != Normalization::Original)
        so.batchSize = std::max<size_t>(1, options.batchSize);
    so.workers = std::max(1, options.workers);
    so.randomOrientationSeed = options.randomOrientationSeed;
    DescriptorShard shard;
    const size_t pairs = applyShard(dataset, split, options, so, shard);
    // Before the long parts (recalibration, reading images).
    if (options.normalization == Normalization::Original && lastBatchOf(pairs, so.batchSize) == 1)
        if (const std::string problem = singlePairProblem(checkpoint.config.model);
            !problem.empty())
            throw singlePairError(problem);

    const bool recalibrate =
        ensureStatistics(checkpoint, dataset, options, feedback, recalibration);
    const bool adapt = options.normalization == Normalization::Adapted;
    auto model = checkpoint.buildModel(adapt ? Normalization::Running : options.normalization,
                                       options.device);
    std::vector<NamedTensor> adapted;
    if (adapt) {
        // Over the whole split as it is described (every part of a split extracted in parts
        // gets the same statistics), in batches of the training batch size.
        SourceOptions ao = checkpoint.config.sourceOptions(SourcePurpose::Evaluation);
        ao.workers = so.workers;
        ao.randomOrientationSeed = options.randomOrientationSeed;
        auto images = DataLoaderSource::forSplit(dataset, split, ao);
        Feedback part(feedback, 0.0, 0.5);
        adapted = NormalizationStatistics::adapt(*model, *images, ao.batchSize, part);
        model->loadNormalizationStatistics(adapted, "statistics of split '" + split + "'");
    }
    if (shard.isPart())
        shard.weights = weightsFingerprint(checkpoint, options.normalization, adapted);
    auto source = DataLoaderSource::forSplit(dataset, split, so);
    Feedback description(feedback, recalibrate ? 0.1 : adapt ? 0.5 : 0.0, 1.0);
    DescriptorSet set = describe(*model, *source, description);
    set.shard = shard;
    set.provenance = provenanceOf(checkpoint, kind, split, options);
    return set;
}

namespace {

//! Every batch of one side of `source` (epoch 0) through `describe(batch)`, rows in order,
//! with progress and cancel. `problem` (when set) refuses a batch of one image.
template <typename DescribeBatch>
cv::Mat describeSide(BatchSource& source, Feedback& feedback, const std::string& problem,
                     const char* what, DescribeBatch describe) {
    const size_t batches = source.batchesPerEpoch();
    std::vector<cv::Mat> rows;
    size_t done = 0;
    source.startEpoch(0, 0);
    while (std::optional<Batch> batch = source.next()) {
        feedback.checkCanceled();
        if (!problem.empty() && batch->size() == 1)
            throw singlePairError(problem, std::string(what) + " images",
                                  std::string(what) + " image");
        rows.push_back(describe(*batch));
        ++done;
        feedback.report(static_cast<double>(done) / static_cast<double>(batches),
                        std::string(what) + " batch " + std::to_string(done) + "/" +
                            std::to_string(batches));
    }
    feedback.checkCanceled();
    if (rows.empty())
        throw Error(std::string("no ") + what + " images to describe");
    cv::Mat out;
    cv::vconcat(rows, out);
    return out;
}

//! Narrows `so` to part options.shard of a side of `images` images (whole batches of
//! so.batchSize); returns the side's row where the part begins.
int64_t narrowToPart(const DescriptorShard& shard, size_t images, SourceOptions& so,
                     const char* what) {
    if (!shard.isPart())
        return 0;
    const size_t batches = (images + so.batchSize - 1) / so.batchSize;
    if (batches < static_cast<size_t>(shard.count))
        throw Error("the split's " + std::to_string(images) + " " + what + " are " +
                    std::to_string(batches) + " batch" + (batches == 1 ? "" : "es") + " of " +
                    std::to_string(so.batchSize) + ": they cannot be cut into " +
                    std::to_string(shard.count) + " parts of whole batches (use at most " +
                    std::to_string(batches) + " parts" +
                    (so.batchSize > 1 ? std::string(", or a smaller batch") : std::string()) + ")");
    const DescriptorShard::Range range = DescriptorShard::rows(
        static_cast<int64_t>(images), static_cast<int64_t>(so.batchSize), shard.index, shard.count);
    so.skip = static_cast<size_t>(range.begin);
    so.limit = static_cast<size_t>(range.end - range.begin);
    return range.begin;
}

//! The loader options of one side: split order, that side's images only, and with a random
//! orientation seed that side's part of the draw a pair at the same position of a split
//! would get (panorama shift, tile quarter turn; no crop).
SourceOptions sideOptions(SourceOptions so, LoadedSides side,
                          const DescriptorExtractor::Options& options) {
    so.purpose = SourcePurpose::Evaluation;
    so.randomOrientationSeed = options.randomOrientationSeed;
    so.sides = side;
    return so;
}

} // namespace

DescriptorExtractor::Sides
DescriptorExtractor::extractSides(Checkpoint& checkpoint, const Dataset& dataset,
                                  const std::string& groundSplit, const std::string& satelliteSplit,
                                  const Options& options, Feedback& feedback,
                                  Recalibration* recalibration) {
    if (options.normalization == Normalization::Adapted)
        throw Error("BatchNorm mode 'adapted' averages the statistics of the evaluated split's "
                    "pairs, and a query/gallery split has none (its gallery is no list of "
                    "the queries' tiles): use 'original', 'recalibrated' or 'running'");
    SourceOptions so = checkpoint.config.sourceOptions(SourcePurpose::Evaluation);
    if (options.normalization != Normalization::Original)
        so.batchSize = std::max<size_t>(1, options.batchSize);
    so.workers = std::max(1, options.workers);
    const bool original = options.normalization == Normalization::Original;
    const std::string groundProblem =
        original ? singleImageProblem(checkpoint.config.model, Branch::Ground) : std::string();
    const std::string satelliteProblem =
        original ? singleImageProblem(checkpoint.config.model, Branch::Satellite) : std::string();
    // Before the long parts (recalibration, reading images). The whole split's last batch:
    // every part is made with the same settings, and the last part holds it.
    if (!groundProblem.empty() && lastBatchOf(dataset.split(groundSplit).size(), so.batchSize) == 1)
        throw singlePairError(groundProblem, "queries", "query");
    if (!satelliteProblem.empty() &&
        lastBatchOf(dataset.split(satelliteSplit).size(), so.batchSize) == 1)
        throw singlePairError(satelliteProblem, "gallery items", "gallery item");
    Sides out;
    SourceOptions groundOptions = sideOptions(so, LoadedSides::Ground, options);
    SourceOptions satelliteOptions = sideOptions(so, LoadedSides::Satellite, options);
    out.groundFirst =
        narrowToPart(options.shard, dataset.split(groundSplit).size(), groundOptions, "panoramas");
    out.satelliteFirst = narrowToPart(options.shard, dataset.split(satelliteSplit).size(),
                                      satelliteOptions, "gallery tiles");

    const bool recalibrated =
        ensureStatistics(checkpoint, dataset, options, feedback, recalibration);
    out.weights = weightsFingerprint(checkpoint, options.normalization, {});
    auto model = checkpoint.buildModel(options.normalization, options.device);
    const double begin = recalibrated ? 0.1 : 0.0;
    const double queryShare = begin + (1.0 - begin) * 0.3; // a panorama costs about as a tile
    {
        auto source = DataLoaderSource::forSplit(dataset, groundSplit, groundOptions);
        Feedback part(feedback, begin, queryShare);
        out.ground = describeSide(*source, part, groundProblem, "query", [&](const Batch& b) {
            return model->describe(Branch::Ground, b.ground);
        });
    }
    auto source = DataLoaderSource::forSplit(dataset, satelliteSplit, satelliteOptions);
    Feedback part(feedback, queryShare, 1.0);
    out.satellite = describeSide(*source, part, satelliteProblem, "gallery", [&](const Batch& b) {
        return model->describe(Branch::Satellite, b.satellite);
    });
    return out;
}

DescriptorExtractor::Sides
DescriptorExtractor::extractSides(DescriptorModel& model, const ModelCard& card,
                                  const Dataset& dataset, const std::string& groundSplit,
                                  const std::string& satelliteSplit, const Options& options,
                                  Feedback& feedback) {
    SourceOptions so;
    so.preset = card.preset();
    so.orientation = card.orientation();
    so.batchSize = std::max<size_t>(1, options.batchSize);
    so.workers = std::max(1, options.workers);
    Sides out;
    SourceOptions groundOptions = sideOptions(so, LoadedSides::Ground, options);
    SourceOptions satelliteOptions = sideOptions(so, LoadedSides::Satellite, options);
    out.groundFirst =
        narrowToPart(options.shard, dataset.split(groundSplit).size(), groundOptions, "panoramas");
    out.satelliteFirst = narrowToPart(options.shard, dataset.split(satelliteSplit).size(),
                                      satelliteOptions, "gallery tiles");
    {
        auto source = DataLoaderSource::forSplit(dataset, groundSplit, groundOptions);
        Feedback part(feedback, 0.0, 0.3);
        out.ground = describeSide(*source, part, {}, "query", [&](const Batch& b) {
            return model.describe(Branch::Ground, b.ground);
        });
    }
    auto source = DataLoaderSource::forSplit(dataset, satelliteSplit, satelliteOptions);
    Feedback part(feedback, 0.3, 1.0);
    out.satellite = describeSide(*source, part, {}, "gallery", [&](const Batch& b) {
        return model.describe(Branch::Satellite, b.satellite);
    });
    return out;
}

Provenance DescriptorExtractor::provenanceOf(const Checkpoint& checkpoint, const std::string& kind,
                                             const std::string& split, const Options& options) {
    Provenance p;
    p.split = split;
    p.checkpoint = checkpoint.path;
    p.checkpointKind = kind;
    p.epoch = checkpoint.state.completedEpochs();
    p.step = checkpoint.state.step;
    p.normalization = toString(options.normalization);
    p.inputs = options.randomOrientationSeed
                   ? "random orientation, seed " + std::to_string(*options.randomOrientationSeed)
                   : std::string();
    p.preset = checkpoint.config.model.preset.name;
    return p;
}

} // namespace orinet
