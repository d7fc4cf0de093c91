#include "training/trainer.h"

#include "common/atomicfile.h"
#include "common/error.h"
#include "extraction/descriptorextractor.h"
#include "extraction/normalizationstatistics.h"
#include "metrics/recall.h"
#include "retrieval/retrieval.h"
#include "run/checkpoint.h"
#include "run/runfolder.h"
#include "training/adamoptimizer.h"
#include "training/dataparallel_p.h"
#include "training/processgroup.h"
#include "training/querygalleryvalidation.h"
#include "training/tripletloss_p.h"

#include <ATen/CPUGeneratorImpl.h>

#include <nlohmann/json.hpp>

#include <chrono>
#include <cmath>
#include <cstring>

namespace orinet {

namespace {

using detail::ModelAccess;

NamedTensor generatorState() {
    auto generator = at::detail::getDefaultCPUGenerator();
    std::lock_guard<std::mutex> lock(generator.mutex());
    const torch::Tensor state = generator.get_state().contiguous();
    NamedTensor n;
    n.name = "rng.cpu";
    n.dtype = TensorDType::UInt8;
    n.shape = {state.numel()};
    n.bytes.assign(state.data_ptr<uint8_t>(), state.data_ptr<uint8_t>() + state.numel());
    return n;
}

void restoreGeneratorState(const NamedTensor& t, const std::string& source) {
    torch::Tensor state = torch::empty({static_cast<int64_t>(t.bytes.size())}, torch::kByte);
    std::memcpy(state.data_ptr(), t.bytes.data(), t.bytes.size());
    auto generator = at::detail::getDefaultCPUGenerator();
    std::lock_guard<std::mutex> lock(generator.mutex());
    try {
        generator.set_state(state);
    } catch (const std::exception&) {
        throw Error(source, "invalid random generator state");
    }
}

double unixNow() {
    return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

//! Retrieval figures of one validation pass: ground queries against the satellite gallery,
//! through the same engine as `orinet eval`.
ValidationFigures figuresOf(const DescriptorSet& set, Feedback& feedback) {
    RetrievalOptions options;
    options.k = std::min<int64_t>(10, set.satellite.rows);
    options.trueMatchRanks = true;
    const RetrievalResult result =
        Retrieval::search(set.ground, set.satellite, RetrievalBackend::Blocked, options, feedback);
    ValidationFigures f;
    f.count = set.ground.rows;
    f.recallAt1 = metrics::recallAtK(result.ranks, 1);
    f.recallAt5 = metrics::recallAtK(result.ranks, 5);
    f.recallAt10 = metrics::recallAtK(result.ranks, 10);
    f.recallAtOnePercent = metrics::recallAtOnePercent(result.ranks, set.satellite.rows);
    return f;
}

} // namespace

struct Trainer::Impl {
    RunFolder folder;
    TrainingConfig config;
    ProcessGroup* group = nullptr;
    std::unique_ptr<OriNetModel> model;
    std::unique_ptr<AdamOptimizer> adam;
    std::unique_ptr<detail::DataParallel> parallel;
    CheckpointState state;
    std::vector<NamedTensor> recalibrated;
    std::unique_ptr<RunFolder::Lock> lock;
    std::unique_ptr<TrainingLogWriter> log;
    //! The released code's loss values of this epoch's steps (CVACT variant), for the epoch
    //! record's mean; the steps before a resume are read back from the log.
    struct {
        double sum = 0;
        int64_t steps = 0;
    } epochReleased;
    std::function<double(int64_t)> lossHook;
    std::function<void(const std::string&)> epochEndHook;
    std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();

    explicit Impl(std::string directory)
        : folder(std::move(directory)) {}

    bool writer() const { return parallel->writer(); }
    double elapsed() const {
        return std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    }

    Checkpoint checkpoint(bool withTrainingState) const {
        Checkpoint c;
        c.config = config;
        c.state = state;
        c.model = model->namedTensors();
        c.recalibrated = recalibrated;
        if (withTrainingState) {
            c.optimizer = adam->state();
            c.rng = generatorState();
        }
        return c;
    }
    //! Starts epoch `epoch` (1-based) with `skip` steps already done in an earlier session.
    void startEpochReleased(int epoch, int64_t skip) {
        epochReleased = {};
        if (skip == 0 || !writer())
            return;
        for (const StepRecord& r : TrainingLog::read(folder.logFile()).steps)
            if (r.epoch == epoch && r.step <= state.step && !std::isnan(r.releasedLoss)) {
                epochReleased.sum += r.releasedLoss;
                ++epochReleased.steps;
            }
    }

    void saveLast() {
        if (writer())
            checkpoint(true).save(folder.lastCheckpoint());
    }

    //! What a step logs: the loss optimised and, for the CVACT variant, the value the released
    //! code computes for the same batch (NaN otherwise); both the same on every rank.
    struct StepLoss {
        double optimised = 0;
        double released = std::nan("");
    };

    //! One optimisation step on `batch`.
    StepLoss step(const Batch& batch, int64_t epoch, int64_t inEpoch) {
        const TrainingConfig& c = config;
        if (batch.size() < 2)
            throw Error("batch " + std::to_string(inEpoch + 1) + " of epoch " +
                        std::to_string(epoch + 1) +
                        " has fewer than 2 pairs; the loss needs negatives (drop the last "
                        "incomplete batch)");
        OriNetModel& m = *model;
        m.setTraining(true);
        parallel->broadcastNormalizationStatistics();
        auto forward = [&](Branch branch, const TensorBuffer& buffer) {
            const torch::Tensor input = ModelAccess::inputTensor(m, branch, buffer);
            if (c.normalizationShards <= 1)
                return ModelAccess::forward(m, branch, input);
            if (input.size(0) % c.normalizationShards != 0)
                throw Error("the batch of " + std::to_string(input.size(0)) +
                            " pairs does not split into " + std::to_string(c.normalizationShards) +
                            " normalisation shards");
            std::vector<torch::Tensor> parts;
            for (const torch::Tensor& chunk : input.chunk(c.normalizationShards, 0))
                parts.push_back(ModelAccess::forward(m, branch, chunk));
            return torch::cat(parts);
        };
        torch::Tensor ground = forward(Branch::Ground, batch.ground);
        torch::Tensor satellite = forward(Branch::Satellite, batch.satellite);
        torch::Tensor positions;
        if (c.maskNearbyNegatives && batch.hasPositions()) {
            positions = torch::empty({static_cast<int64_t>(batch.size()), 2}, torch::kDouble);
            auto p = positions.accessor<double, 2>();
            for (size_t i = 0; i < batch.size(); ++i) {
                p[static_cast<int64_t>(i)][0] = batch.easting[i];
                p[static_cast<int64_t>(i)][1] = batch.northing[i];
            }
            positions = positions.to(satellite.device());
        }
        const bool gather = parallel->active() && c.gatherDescriptors;
        // Query/gallery datasets (VIGOR): the tiles that cover a panorama are no negatives.
        torch::Tensor notNegative;
        if (!batch.notNegative.empty()) {
            const int64_t b = static_cast<int64_t>(batch.size());
            if (batch.notNegative.size() != static_cast<size_t>(b * b))
                throw Error("batch " + std::to_string(inEpoch + 1) + " of epoch " +
                            std::to_string(epoch + 1) + " carries a negative mask of " +
                            std::to_string(batch.notNegative.size()) + " entries for " +
                            std::to_string(b) + " pairs");
            // Each rank knows only its own batch's coverage; the gathered rows of the others
            // would be compared unmasked.
            if (gather)
                throw Error("data-parallel training with gathered descriptors cannot mask the "
                            "tiles that cover a panorama (VIGOR) across ranks: train with "
                            "--local-negatives (each rank's loss on its own batch) or in one "
                            "process");
            notNegative = torch::from_blob(const_cast<uint8_t*>(batch.notNegative.data()), {b, b},
                                           torch::kByte)
                              .clone();
        }
        if (gather) {
            ground = parallel->gatherRows(ground);
            satellite = parallel->gatherRows(satellite);
            if (positions.defined())
                positions = parallel->gatherPositions(positions);
        }
        torch::Tensor loss = detail::tripletLoss(satellite, ground, c.loss, positions, notNegative);
        if (lossHook)
            loss = loss * lossHook(state.step + 1);
        double value = loss.item<double>();
        // Logged beside the optimised value so loss curves compare with the released code's
        // (it keeps masked pairs in the sum as log 2 each; docs/training.md). No gradient.
        double released = std::nan("");
        if (positions.defined()) {
            torch::NoGradGuard noGrad;
            released =
                detail::releasedTripletLoss(satellite.detach(), ground.detach(), c.loss, positions)
                    .item<double>();
        }
        // Every rank must see the same value, or one would stop and the rest hang.
        if (!gather) {
            value = parallel->averageLoss(value);
            if (positions.defined())
                released = parallel->averageLoss(released);
        }
        if (!std::isfinite(value))
            throw Error("training stopped at step " + std::to_string(state.step + 1) + " (epoch " +
                        std::to_string(epoch + 1) + "): the loss is " +
                        (std::isnan(value) ? "NaN" : "infinite") + "; the last good checkpoint " +
                        folder.lastCheckpoint() + " is kept. Try a lower learning rate.");
        adam->zeroGradients();
        loss.backward();
        // With gathered descriptors each rank holds one part of the global loss's gradient:
        // their sum is the whole. Otherwise average the ranks' gradients.
        parallel->reduceGradients(/*average=*/!gather);
        adam->step(state.step + 1);
        return {value, released};
    }

    //! Validation figures of the model with `mode`'s statistics.
    ValidationFigures validate(BatchSource& source, Normalization mode, Feedback& feedback) {
        std::vector<NamedTensor> running;
        if (mode == Normalization::Recalibrated) {
            running = model->normalizationStatistics();
            model->loadNormalizationStatistics(recalibrated, "recalibrated statistics");
        } else if (mode == Normalization::Adapted) {
            running = model->normalizationStatistics();
            model->loadNormalizationStatistics(
                NormalizationStatistics::adapt(*model, source,
                                               static_cast<size_t>(config.batchSize), feedback),
                "statistics of the validation split");
        }
        model->setBatchStatisticsInEval(mode == Normalization::Original);
        auto restore = [&] {
            model->setBatchStatisticsInEval(false);
            if (!running.empty())
                model->loadNormalizationStatistics(running, "running statistics");
        };
        try {
            const DescriptorSet set = DescriptorExtractor::describe(*model, source, feedback);
            restore();
            return figuresOf(set, feedback);
        } catch (...) {
            restore();
            throw;
        }
    }

    //! The end of epoch `epoch` (1-based) after its steps: statistics, validation, records,
    //! checkpoints. Throws orinet::Canceled when canceled; last.ckpt then still says the epoch
    //! is not recorded, so a resumed run does this again first.
    EpochSummary finishEpoch(int epoch, int64_t steps, const TrainingSources& sources,
                             Feedback& feedback) {
        EpochSummary summary;
        summary.epoch = epoch;
        summary.step = state.step;
        summary.meanLoss = state.epochLossSum / static_cast<double>(std::max<int64_t>(steps, 1));
        if (epochReleased.steps > 0)
            summary.meanReleasedLoss = epochReleased.sum / static_cast<double>(epochReleased.steps);
        const double at = feedback.progress();
        if (writer()) {
            if (sources.recalibration && config.recalibrationBatches > 0) {
                Feedback part(feedback, at, at);
                recalibrated = NormalizationStatistics::recalibrate(
                    *model, *sources.recalibration,
                    static_cast<size_t>(config.recalibrationBatches), part);
            }
            // --val-every: the epochs between are logged without figures; epoch numbers
            // count from the run's start, so a resumed run keeps the cadence.
            if ((sources.validation || sources.queryGallery) && config.validatesEpoch(epoch)) {
                const auto validationStart = std::chrono::steady_clock::now();
                std::vector<Normalization> modes{config.validationNormalization};
                if (config.validateAllNormalizations)
                    for (Normalization n : enumValues<Normalization>())
                        // A query/gallery split has no pairs to adapt statistics to.
                        if (n != config.validationNormalization &&
                            !(sources.queryGallery && n == Normalization::Adapted))
                            modes.push_back(n);
                std::optional<QueryGalleryDescriptors> described;
                for (Normalization mode : modes) {
                    Feedback part(feedback, at, at);
                    if (sources.queryGallery) {
                        QueryGalleryValidation::Measurement m =
                            sources.queryGallery->measure(checkpoint(false), mode, part);
                        summary.byNormalization[toString(mode)] = m.figures;
                        if (mode == config.validationNormalization)
                            described = std::move(m.descriptors);
                    } else {
                        summary.byNormalization[toString(mode)] =
                            validate(*sources.validation, mode, part);
                    }
                }
                const ValidationFigures& f =
                    summary.byNormalization.at(toString(config.validationNormalization));
                summary.normalization = toString(config.validationNormalization);
                summary.recallAt1 = f.recallAt1;
                summary.recallAt5 = f.recallAt5;
                summary.recallAt10 = f.recallAt10;
                summary.recallAtOnePercent = f.recallAtOnePercent;
                summary.validationCount = f.count;
                summary.hitRate = f.hitRate;
                summary.validationGallery = f.galleryCount;
                summary.selection = sources.queryGallery ? "r1" : "r1p";
                // What the figures were computed from, the latest epoch's only (a VIGOR
                // gallery's descriptors are large): which panoramas were held out, and a
                // check of the figures by anyone.
                if (described)
                    described->save(folder.validationDirectory());
                summary.validationSeconds = std::chrono::duration<double>(
                                                std::chrono::steady_clock::now() - validationStart)
                                                .count();
            }
        }
        if (epochEndHook)
            epochEndHook("validated");
        feedback.checkCanceled();
        summary.elapsedSeconds = elapsed();
        summary.unixTime = unixNow();
        if (writer())
            log->append(summary);
        state.recordedEpochs = epoch;
        // One-to-one runs choose by recall@1% (as before); VIGOR runs by recall@1 of the
        // positive, the figure VIGOR and the methods after it report. CheckpointState keeps
        // the chosen figure's value whichever it is.
        const double figure = sources.queryGallery ? summary.recallAt1 : summary.recallAtOnePercent;
        const bool best = summary.validationCount > 0 && figure > state.bestRecall;
        if (best) {
            state.bestRecall = figure;
            state.bestEpoch = epoch;
            // Before last.ckpt names this epoch as the best: a kill in between then repeats
            // the epoch's end instead of leaving a record without its file.
            if (writer())
                checkpoint(false).save(folder.bestCheckpoint());
            if (epochEndHook)
                epochEndHook("best-written");
        }
        saveLast();
        return summary;
    }
};

Trainer::Trainer(std::string runDirectory, const TrainingConfig& config, bool resume,
                 ProcessGroup* group)
    : mImpl(std::make_unique<Impl>(std::move(runDirectory))) {
    Impl& d = *mImpl;
    d.config = config;
    d.group = group;
    config.validate();
    const bool writer = !group || group->rank() == 0;
    std::optional<Checkpoint> saved;
    if (resume) {
        if (!d.folder.hasCheckpoint())
            throw Error(d.folder.lastCheckpoint(),
                        "no checkpoint to resume from (start a new run in this folder instead)");
        saved = Checkpoint::load(d.folder.lastCheckpoint());
        // The device may change between sessions (train on a GPU, continue on a CPU).
        ModelConfig model = saved->config.model;
        model.device = config.model.device;
        if (model.toJson() != config.model.toJson())
            throw Error(d.folder.lastCheckpoint(),
                        "the model configuration differs from the checkpoint's");
    } else if (writer) {
        if (d.folder.hasCheckpoint())
            throw Error(d.folder.directory(),
                        "the run folder already holds a checkpoint; resume it or choose another "
                        "folder");
        d.folder.create();
    }
    if (writer) {
        d.lock = d.folder.lock();
        d.folder.removeStaleTemporaries();
    }
    d.model = std::make_unique<OriNetModel>(config.model);
    d.parallel = std::make_unique<detail::DataParallel>(group, *d.model);
    d.adam = std::make_unique<AdamOptimizer>(
        *d.model, AdamOptions{config.learningRate, config.beta1, config.beta2, config.adamEpsilon,
                              config.weightDecay});
    if (saved) {
        const std::string& file = saved->path;
        d.model->loadNamedTensors(saved->model, file);
        d.adam->restore(saved->optimizer, file);
        if (saved->rng)
            restoreGeneratorState(*saved->rng, file);
        d.state = saved->state;
        d.recalibrated = saved->recalibrated;
    }
    if (writer)
        d.log = std::make_unique<TrainingLogWriter>(d.folder.logFile(), d.folder.csvLogFile(),
                                                    d.state.step, d.state.recordedEpochs);
}

Trainer::~Trainer() = default;

const TrainingConfig& Trainer::config() const {
    return mImpl->config;
}

OriNetModel& Trainer::model() {
    return *mImpl->model;
}

int64_t Trainer::completedSteps() const {
    return mImpl->state.step;
}

void Trainer::setLossScaleHookForTesting(std::function<double(int64_t)> hook) {
    mImpl->lossHook = std::move(hook);
}

void Trainer::setEpochEndHookForTesting(std::function<void(const std::string&)> hook) {
    mImpl->epochEndHook = std::move(hook);
}

TrainingResult Trainer::run(const TrainingSources& sources, Feedback& feedback,
                            const TrainingCallbacks& callbacks) {
    Impl& d = *mImpl;
    const TrainingConfig& c = d.config;
    if (!sources.train)
        throw Error("training needs a source of training batches");
    const int64_t perEpoch = static_cast<int64_t>(sources.train->batchesPerEpoch());
    if (perEpoch < 1)
        throw Error("the training set yields no batch (fewer pairs than the batch size?)");
    if (d.state.stepsPerEpoch > 0 && d.state.stepsPerEpoch != perEpoch)
        throw Error(d.folder.lastCheckpoint(),
                    "the checkpoint was made with " + std::to_string(d.state.stepsPerEpoch) +
                        " steps per epoch, the data now gives " + std::to_string(perEpoch) +
                        " (different dataset or batch size)");
    d.state.stepsPerEpoch = perEpoch;
    if (d.state.step > perEpoch * c.epochs)
        throw Error(d.folder.lastCheckpoint(), "the run has already done " +
                                                   std::to_string(d.state.completedEpochs()) +
                                                   " epochs; ask for at least that many");
    if (sources.validation && sources.queryGallery)
        throw Error("a run validates either on a split of pairs or on a query/gallery holdout, "
                    "not both");
    const bool validates = sources.validation || sources.queryGallery;
    if (sources.queryGallery)
        sources.queryGallery->check(c);
    const bool needsStatistics =
        validates &&
        (c.validationNormalization == Normalization::Recalibrated || c.validateAllNormalizations);
    if (needsStatistics && !sources.recalibration)
        throw Error("validating with recalibrated BatchNorm statistics needs a source of "
                    "unaugmented training batches");
    // Batch statistics describe the validation split's last batch alone, even a single pair:
    // say so now if the network cannot, not after the first epoch.
    const bool batchStatistics =
        sources.validation &&
        (c.validationNormalization == Normalization::Original || c.validateAllNormalizations);
    if (batchStatistics && sources.validation->lastBatchSize() == 1)
        if (const std::string problem = DescriptorExtractor::singlePairProblem(c.model);
            !problem.empty())
            throw Error("validation with BatchNorm mode 'original' would describe the last "
                        "validation pair alone (the split has one pair more than a multiple of "
                        "the batch size " +
                        std::to_string(c.batchSize) + "), but " + problem +
                        ": validate on another number of pairs or in BatchNorm mode "
                        "'recalibrated' (orinet train --val-pairs N or --val-bn recalibrated)");
    if (d.writer())
        AtomicFile::writeAll(d.folder.configFile(), c.toJson() + "\n");
    if (d.state.step == 0)
        torch::manual_seed(c.seed);
    d.parallel->broadcastParameters();
    d.started = std::chrono::steady_clock::now();

    TrainingResult result;
    const int64_t totalSteps = perEpoch * c.epochs;
    const int64_t firstStep = d.state.step;
    auto fillBest = [&] {
        result.selection = sources.queryGallery ? "r1" : "r1p";
        result.bestValidation = d.state.bestRecall;
        result.bestEpoch = d.state.bestEpoch;
        result.bestRecallAtOnePercent = sources.queryGallery ? -1 : d.state.bestRecall;
    };
    auto stop = [&] {
        d.saveLast();
        result.canceled = true;
        result.steps = d.state.step;
        fillBest();
        return result;
    };
    auto endEpoch = [&](int epoch, int64_t steps) {
        const EpochSummary summary = d.finishEpoch(epoch, steps, sources, feedback);
        result.epochs.push_back(summary);
        if (callbacks.epoch)
            callbacks.epoch(summary);
    };

    try {
        // A run stopped during an epoch's end (validation) does that end first.
        if (d.state.recordedEpochs < d.state.completedEpochs()) {
            d.startEpochReleased(d.state.completedEpochs(), perEpoch);
            endEpoch(d.state.completedEpochs(), perEpoch);
        }
        for (int64_t epoch = d.state.step / perEpoch; epoch < c.epochs; ++epoch) {
            const int64_t skip = d.state.step - epoch * perEpoch;
            if (skip == 0)
                d.state.epochLossSum = 0;
            d.startEpochReleased(static_cast<int>(epoch + 1), skip);
            sources.train->startEpoch(static_cast<uint64_t>(epoch), static_cast<size_t>(skip));
            int64_t inEpoch = skip;
            while (inEpoch < perEpoch) {
                if (d.parallel->anyCanceled(feedback.isCanceled())) {
                    feedback.cancel();
                    return stop();
                }
                std::optional<Batch> batch = sources.train->next();
                if (!batch)
                    break;
                const Impl::StepLoss stepLoss = d.step(*batch, epoch, inEpoch);
                const double loss = stepLoss.optimised;
                ++d.state.step;
                ++inEpoch;
                d.state.epochLossSum += loss;
                if (!std::isnan(stepLoss.released)) {
                    d.epochReleased.sum += stepLoss.released;
                    ++d.epochReleased.steps;
                }

                TrainingProgress p;
                p.epoch = static_cast<int>(epoch + 1);
                p.epochs = c.epochs;
                p.step = d.state.step;
                p.totalSteps = totalSteps;
                p.stepInEpoch = inEpoch;
                p.stepsPerEpoch = perEpoch;
                p.loss = loss;
                p.releasedLoss = stepLoss.released;
                p.elapsedSeconds = d.elapsed();
                p.etaSeconds = p.elapsedSeconds / static_cast<double>(d.state.step - firstStep) *
                               static_cast<double>(totalSteps - d.state.step);
                if (d.writer())
                    d.log->append(StepRecord{p.epoch, p.step, loss, c.learningRate,
                                             p.elapsedSeconds, unixNow(), stepLoss.released});
                if (callbacks.step)
                    callbacks.step(p);
                char text[160];
                std::snprintf(text, sizeof text, "epoch %d/%d, step %lld/%lld, loss %.4f", p.epoch,
                              p.epochs, static_cast<long long>(p.step),
                              static_cast<long long>(totalSteps), loss);
                feedback.report(static_cast<double>(d.state.step) / static_cast<double>(totalSteps),
                                text);
                if (c.checkpointEverySteps > 0 && d.state.step % c.checkpointEverySteps == 0 &&
                    inEpoch < perEpoch)
                    d.saveLast();
            }
            // The epoch's weights are safe before the long part of its end.
            if ((validates && c.validatesEpoch(static_cast<int>(epoch + 1))) ||
                sources.recalibration)
                d.saveLast();
            endEpoch(static_cast<int>(epoch + 1), std::max<int64_t>(inEpoch, 1));
        }
    } catch (const Canceled&) {
        return stop();
    }
    if (feedback.isCanceled())
        return stop();
    result.steps = d.state.step;
    fillBest();

    nlohmann::ordered_json out;
    out["steps"] = d.state.step;
    out["epochs"] = c.epochs;
    out["parameters"] = d.model->parameterCount();
    if (sources.queryGallery)
        out["best_val_r1"] = d.state.bestRecall;
    else
        out["best_val_r1p"] = d.state.bestRecall;
    out["best_epoch"] = d.state.bestEpoch;
    out["validation_normalization"] = toString(c.validationNormalization);
    out["config"] = nlohmann::ordered_json::parse(c.toJson());
    nlohmann::ordered_json history = nlohmann::ordered_json::array();
    for (const EpochSummary& s : result.epochs) {
        nlohmann::ordered_json e = {{"epoch", s.epoch},        {"loss", s.meanLoss},
                                    {"val_r1", s.recallAt1},   {"val_r5", s.recallAt5},
                                    {"val_r10", s.recallAt10}, {"val_r1p", s.recallAtOnePercent}};
        if (s.validationGallery > 0)
            e["val_hit"] = s.hitRate;
        history.push_back(e);
    }
    out["epochs_this_session"] = history;
    if (d.writer())
        AtomicFile::writeAll(d.folder.summaryFile(), out.dump(2) + "\n");
    return result;
}

} // namespace orinet
