#include "extraction/descriptorextractor.h"

#include "common/error.h"
#include "common/feedback.h"
#include "dataset/dataloadersource.h"
#include "dataset/dataset.h"
#include "extraction/normalizationstatistics.h"
#include "model/orinetmodel.h"
#include "run/checkpoint.h"

#include <opencv2/core.hpp>
#include <xxhash.h>

#include <cstdio>
#include <filesystem>

namespace orinet {

namespace fs = std::filesystem;

namespace {

void appendBuffer(TensorBuffer& into, const TensorBuffer& more) {
    into.data.insert(into.data.end(), more.data.begin(), more.data.end());
    into.shape[0] += more.shape[0];
}

//! `more`'s pairs after `into`'s, as one batch.
void appendBatch(Batch& into, const Batch& more) {
    appendBuffer(into.ground, more.ground);
    appendBuffer(into.satellite, more.satellite);
    into.indices.insert(into.indices.end(), more.indices.begin(), more.indices.end());
    into.ids.insert(into.ids.end(), more.ids.begin(), more.ids.end());
    into.easting.insert(into.easting.end(), more.easting.begin(), more.easting.end());
    into.northing.insert(into.northing.end(), more.northing.begin(), more.northing.end());
}

std::string inputsOf(const DescriptorExtractor::Options& options) {
    return options.randomOrientationSeed
               ? "random orientation, seed " + std::to_string(*options.randomOrientationSeed)
               : std::string();
}

//! A set made elsewhere and placed in the run folder (any subfolder of descriptors/, or the
//! folder itself as older versions wrote it) for `split`.
std::optional<DescriptorSet> findStoredSet(const RunFolder& run, const std::string& split,
                                           size_t pairs, std::string* why) {
    std::vector<fs::path> candidates;
    std::error_code ec;
    const fs::path root = run.descriptorsRoot();
    if (fs::exists(root / "ground.npy", ec))
        candidates.push_back(root);
    for (const fs::directory_entry& entry : fs::directory_iterator(root, ec))
        if (entry.is_directory(ec) && fs::exists(entry.path() / "ground.npy", ec))
            candidates.push_back(entry.path());
    std::vector<DescriptorSet> matching;
    for (const fs::path& dir : candidates) {
        DescriptorSet set = DescriptorSet::load(dir.string());
        const bool splitFits =
            set.provenance.split == split ||
            (set.provenance.split.empty() && static_cast<size_t>(set.ground.rows) == pairs);
        if (splitFits && set.provenance.inputs.empty())
            matching.push_back(std::move(set));
    }
    if (matching.size() == 1)
        return std::move(matching.front());
    *why = matching.empty()
               ? "and no descriptor set of split '" + split + "' is stored there"
               : "and " + std::to_string(matching.size()) + " descriptor sets of split '" + split +
                     "' are stored there (evaluate one with --descriptors)";
    return std::nullopt;
}

//! What describes a pair: the model's tensors, and the recalibrated statistics when they are
//! used. Parts of one split must agree on it (a part made after the run moved on, or with
//! statistics recalibrated elsewhere, would not belong to the others).
std::string weightsFingerprint(const Checkpoint& checkpoint, Normalization normalization) {
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
    const XXH64_hash_t hash = XXH3_64bits_digest(state);
    XXH3_freeState(state);
    char text[32];
    std::snprintf(text, sizeof text, "xxh3:%016llx", static_cast<unsigned long long>(hash));
    return text;
}

} // namespace

DescriptorSet DescriptorExtractor::describe(OriNetModel& model, BatchSource& source,
                                            Feedback& feedback) {
    const bool batchStatistics = model.batchStatisticsInEval();
    const size_t batches = source.batchesPerEpoch();
    std::vector<cv::Mat> ground, satellite;
    DescriptorSet result;
    size_t done = 0;
    auto run = [&](const Batch& batch) {
        if (batchStatistics && batch.size() < 2)
            throw Error("BatchNorm mode 'original' normalises each batch with its own "
                        "statistics and needs at least 2 pairs; the split has " +
                        std::to_string(batch.size()));
        ground.push_back(model.describe(Branch::Ground, batch.ground));
        satellite.push_back(model.describe(Branch::Satellite, batch.satellite));
        result.ids.insert(result.ids.end(), batch.ids.begin(), batch.ids.end());
        ++done;
        feedback.report(static_cast<double>(done) / static_cast<double>(batches),
                        "batch " + std::to_string(done) + "/" + std::to_string(batches));
    };
    // One batch is held back so that a last batch of a single pair can join it.
    std::optional<Batch> pending;
    source.startEpoch(0, 0);
    while (std::optional<Batch> batch = source.next()) {
        feedback.checkCanceled();
        if (pending && batchStatistics && batch->size() == 1) {
            appendBatch(*pending, *batch);
            continue;
        }
        if (pending)
            run(*pending);
        pending = std::move(batch);
    }
    feedback.checkCanceled();
    if (pending)
        run(*pending);
    if (ground.empty())
        throw Error("no pairs to describe");
    cv::vconcat(ground, result.ground);
    cv::vconcat(satellite, result.satellite);
    return result;
}

DescriptorSet DescriptorExtractor::extract(Checkpoint& checkpoint, const std::string& kind,
                                           const Dataset& dataset, const std::string& split,
                                           const Options& options, Feedback& feedback) {
    const bool recalibrate =
        options.normalization == Normalization::Recalibrated && checkpoint.recalibrated.empty();
    Feedback recalibration(feedback, 0.0, recalibrate ? 0.1 : 0.0);
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
        SourceOptions so = checkpoint.config.sourceOptions(SourcePurpose::Recalibration);
        so.workers = options.workers;
        auto train = DataLoaderSource::forSplit(dataset, "train", so);
        const int64_t batches = checkpoint.config.recalibrationBatches > 0
                                    ? checkpoint.config.recalibrationBatches
                                    : TrainingConfig().recalibrationBatches;
        checkpoint.recalibrated = NormalizationStatistics::recalibrate(
            *model, *train, static_cast<size_t>(batches), recalibration);
        if (!checkpoint.path.empty())
            checkpoint.save(checkpoint.path);
    }

    auto model = checkpoint.buildModel(options.normalization, options.device);
    SourceOptions so = checkpoint.config.sourceOptions(SourcePurpose::Evaluation);
    if (options.normalization != Normalization::Original)
        so.batchSize = std::max<size_t>(1, options.batchSize);
    so.workers = std::max(1, options.workers);
    so.randomOrientationSeed = options.randomOrientationSeed;
    DescriptorShard shard = options.shard;
    if (shard.isPart()) {
        if (options.randomOrientationSeed)
            throw Error("a random orientation is drawn per position in the split, so the parts "
                        "of a split extracted in parts would not join up: extract the whole "
                        "split for --random-orientation");
        std::vector<std::string> ids;
        for (size_t i : dataset.split(split))
            ids.push_back(dataset.pairs()[i].id);
        const DescriptorShard::Range range =
            DescriptorShard::rows(static_cast<int64_t>(ids.size()),
                                  static_cast<int64_t>(so.batchSize), shard.index, shard.count);
        so.skip = static_cast<size_t>(range.begin);
        so.limit = static_cast<size_t>(range.end - range.begin);
        shard.first = range.begin;
        shard.splitPairs = static_cast<int64_t>(ids.size());
        shard.splitIds = DescriptorShard::fingerprint(ids);
        shard.weights = weightsFingerprint(checkpoint, options.normalization);
    }
    auto source = DataLoaderSource::forSplit(dataset, split, so);
    Feedback description(feedback, recalibrate ? 0.1 : 0.0, 1.0);
    DescriptorSet set = describe(*model, *source, description);
    set.shard = shard;
    Provenance& p = set.provenance;
    p.split = split;
    p.checkpoint = checkpoint.path;
    p.checkpointKind = kind;
    p.epoch = checkpoint.state.completedEpochs();
    p.step = checkpoint.state.step;
    p.normalization = toString(options.normalization);
    p.inputs = inputsOf(options);
    p.preset = checkpoint.config.model.preset.name;
    return set;
}

DescriptorSet DescriptorExtractor::forRun(const std::string& runDirectory, const Dataset& dataset,
                                          const std::string& split, const RunOptions& options,
                                          Feedback& feedback, bool* extracted, std::string* note) {
    const RunFolder run(runDirectory);
    if (extracted)
        *extracted = false;
    if (!run.hasCheckpoint()) {
        std::string why;
        if (auto stored = findStoredSet(run, split, dataset.split(split).size(), &why))
            return std::move(*stored);
        throw Error(runDirectory, "the run has no checkpoint (" + run.lastCheckpoint() +
                                      ") to extract the descriptors of split '" + split +
                                      "' with, " + why);
    }
    std::string fallback;
    const std::string path = run.checkpoint(options.checkpoint, &fallback);
    if (note)
        *note = fallback;
    const Checkpoint header = Checkpoint::loadHeader(path);
    Provenance wanted;
    wanted.split = split;
    wanted.checkpoint = path;
    wanted.checkpointKind = fallback.empty() ? toString(options.checkpoint) : "last";
    wanted.epoch = header.state.completedEpochs();
    wanted.step = header.state.step;
    wanted.normalization = toString(options.normalization);
    wanted.inputs = inputsOf(options);
    wanted.preset = header.config.model.preset.name;
    const fs::path folder = run.descriptorsDirectory(wanted);
    const fs::path meta = folder / "descriptors.json";
    std::error_code ec;
    if (fs::exists(meta, ec) && fs::last_write_time(meta, ec) >= fs::last_write_time(path, ec)) {
        DescriptorSet cached = DescriptorSet::load(folder.string());
        const Provenance& c = cached.provenance;
        if (c.checkpoint == path && c.step == wanted.step && c.split == split &&
            c.normalization == wanted.normalization && c.inputs == wanted.inputs &&
            static_cast<size_t>(cached.ground.rows) == dataset.split(split).size())
            return cached;
    }
    Checkpoint checkpoint = Checkpoint::load(path);
    const bool hadStatistics = !checkpoint.recalibrated.empty();
    DescriptorSet set =
        extract(checkpoint, wanted.checkpointKind, dataset, split, options, feedback);
    if (note && !hadStatistics && options.normalization == Normalization::Recalibrated)
        *note += std::string(note->empty() ? "" : "; ") +
                 "recalibrated the BatchNorm statistics of " + path +
                 " from the dataset's train split";
    set.save(folder.string());
    if (extracted)
        *extracted = true;
    return set;
}

} // namespace orinet
