#include "choices.h"
#include "clicommand.h"
#include "commands.h"

#include "common/error.h"
#include "common/feedback.h"
#include "common/runtimeinfo.h"
#include "dataset/dataset.h"
#include "dataset/querygallerypairs.h"
#include "dataset/vigorformat.h"
#include "model/orinetmodel.h"
#include "run/checkpoint.h"
#include "run/runfolder.h"
#include "training/processgroup.h"
#include "training/trainer.h"
#include "training/trainingdata.h"

#include <QJsonObject>
#include <QRegularExpression>

#include <csignal>
#include <cstdio>

namespace orinet::cli {

namespace {

Feedback* sInterruptTarget = nullptr;

// Ctrl-C asks the trainer to stop at the next step boundary, where it writes a checkpoint.
extern "C" void onInterrupt(int) {
    if (sInterruptTarget)
        sInterruptTarget->cancel(); // a lock-free atomic store: async-signal-safe
}

//! "cpu", "cuda" or "cuda:N".
std::string deviceValue(const CliCommand& cmd) {
    const QString device = cmd.value("device");
    if (!QRegularExpression("^(cpu|cuda(:[0-9]+)?)$").match(device).hasMatch())
        throw UsageError("--device must be cpu, cuda or cuda:N, got '" + device.toStdString() +
                         "'");
    return device.toStdString();
}

} // namespace

int runTrain(const QStringList& args) {
    const TrainingConfig defaults;
    CliCommand cmd("train",
                   "Trains OriNet (weighted soft-margin triplet loss, Adam) on a dataset and "
                   "keeps a run folder: config.json, log.jsonl, log.csv, checkpoints/last.ckpt "
                   "and best.ckpt (highest validation recall@1%; VIGOR: recall@1), "
                   "results/summary.json "
                   "(docs/training.md).\n"
                   "Ctrl-C stops at the next step and writes a checkpoint; --resume continues "
                   "with the same losses an uninterrupted run would have had. A resumed run "
                   "keeps its saved settings except --epochs and --device; other settings given "
                   "with --resume are reported and ignored.\n"
                   "A VIGOR root (splits/<City>/satellite_list.txt) trains on its --protocol's "
                   "train split, each panorama with its positive tile, tiles that cover a "
                   "panorama never its negatives; a seeded share of those panoramas is held out "
                   "(--val-holdout) and validated against the whole gallery after every epoch "
                   "(docs/training.md).");
    const QStringList presets = presetChoices(), layouts = enumChoices<DatasetLayout>(),
                      modes = enumChoices<Normalization>();
    cmd.addOption("dataset", "dataset folder", "dir");
    cmd.addOption("run", "run folder (created)", "dir");
    cmd.addOption("layout", alternatives(layouts) + " (default auto)", "layout", "auto");
    const QStringList protocols = enumChoices<VigorProtocol>();
    cmd.addOption("protocol",
                  "VIGOR root: the protocol whose train split is used, " + alternatives(protocols) +
                      " (default same-area)",
                  "name", "same-area");
    cmd.addOption("preset",
                  "input size: " + alternatives(presets) + " (default " +
                      QString::fromStdString(defaults.model.preset.name) + ")",
                  "name", QString::fromStdString(defaults.model.preset.name));
    cmd.addOption("orientation",
                  "input (5 channels) or none (3, the ablation) (default " +
                      QString::fromStdString(toString(defaults.model.orientation)) + ")",
                  "mode", QString::fromStdString(toString(defaults.model.orientation)));
    cmd.addOption("rotation",
                  "satellite quarter-turn draw: original (0 deg with p 0.4, as the released "
                  "code) or uniform (default " +
                      QString::fromStdString(toString(defaults.rotation)) + ")",
                  "draw", QString::fromStdString(toString(defaults.rotation)));
    cmd.addOption("epochs", "number of epochs (default " + defaultText(defaults.epochs) + ")", "E",
                  defaultText(defaults.epochs));
    cmd.addOption("batch", "pairs per batch (default " + defaultText(defaults.batchSize) + ")", "B",
                  defaultText(defaults.batchSize));
    cmd.addOption("lr", "Adam learning rate (default " + defaultText(defaults.learningRate) + ")",
                  "LR", defaultText(defaults.learningRate));
    cmd.addOption("weight-decay",
                  "Adam L2 weight decay (default " + defaultText(defaults.weightDecay) + ")", "W",
                  defaultText(defaults.weightDecay));
    cmd.addOption("alpha", "loss weight alpha (default " + defaultText(defaults.loss.alpha) + ")",
                  "A", defaultText(defaults.loss.alpha));
    cmd.addOption("exclude-radius",
                  "metres: with UTM positions (CVACT) nearer pairs are no negatives (default " +
                      defaultText(defaults.loss.excludeRadius) + ")",
                  "M", defaultText(defaults.loss.excludeRadius));
    cmd.addOption("seed",
                  "random seed (weights, shuffling, augmentation) (default " +
                      defaultText(static_cast<double>(defaults.seed)) + ")",
                  "S", defaultText(static_cast<double>(defaults.seed)));
    cmd.addOption("threads",
                  "LibTorch threads (0: all cores or ORINET_THREADS; at most 4 per core) "
                  "(default 0)",
                  "T", "0");
    cmd.addOption("workers", "image decoding threads (default 2)", "N", "2");
    cmd.addOption("device", "cpu, cuda or cuda:N (default cpu)", "device", "cpu");
    cmd.addOption("train-split", "split to train on (default train)", "name", "train");
    cmd.addOption("val-split", "split to validate on each epoch ('none' to skip) (default val)",
                  "name", "val");
    cmd.addOption("val-holdout",
                  "VIGOR root: share of the train split's panoramas held out of training (per "
                  "city, drawn with --seed) and validated against the split's whole gallery "
                  "after each epoch; 0 or --val-split none: no validation (default " +
                      defaultText(TrainingData::kDefaultValidationHoldout) + ")",
                  "F", defaultText(TrainingData::kDefaultValidationHoldout));
    cmd.addOption("val-pairs",
                  "validate on the first N pairs of the split only (0: all) (default 0)", "N", "0");
    cmd.addOption("val-bn",
                  "BatchNorm statistics of the validation: " + alternatives(modes) + " (default " +
                      QString::fromStdString(toString(defaults.validationNormalization)) +
                      "; docs/evaluation.md)",
                  "mode", QString::fromStdString(toString(defaults.validationNormalization)));
    cmd.addOption("val-every",
                  "validate every N-th epoch only (N, 2N, ...) and the last; best.ckpt is chosen "
                  "among those (default 1: every epoch)",
                  "N", "1");
    cmd.addFlag("val-all-bn", "also validate under the other BatchNorm modes and log them");
    cmd.addOption("recalibration-batches",
                  "unaugmented training batches averaged into the recalibrated BatchNorm "
                  "statistics after each epoch (default " +
                      defaultText(static_cast<double>(defaults.recalibrationBatches)) + ")",
                  "N", defaultText(static_cast<double>(defaults.recalibrationBatches)));
    cmd.addOption("checkpoint-every", "also checkpoint every N steps (0: per epoch) (default 0)",
                  "N", "0");
    cmd.addFlag("resume", "continue the run in --run from its last checkpoint");
    cmd.addOption("world-size",
                  "data-parallel processes (default 1); --batch is per process, rank 0 writes "
                  "the run folder",
                  "N", "1");
    cmd.addOption("rank", "this process's rank, 0 .. world-size-1 (default 0)", "R", "0");
    cmd.addOption("master-addr", "address of rank 0 (default 127.0.0.1)", "host", "127.0.0.1");
    cmd.addOption("master-port", "TCP port of rank 0's rendezvous (default 29500)", "port",
                  "29500");
    cmd.addOption("rendezvous-timeout",
                  "seconds to wait for all ranks to join before giving up (default 300)", "S",
                  "300");
    cmd.addFlag("local-negatives",
                "multi-process: each rank's loss uses only its own batch (default: the "
                "descriptors of all ranks are gathered)");
    cmd.addOutputOptions();
    if (!cmd.parse(args))
        return 0;

    // Every value is checked, also those a resume ignores: a typo never passes silently.
    const std::string datasetDir = cmd.required("dataset").toStdString();
    const std::string runDir = cmd.required("run").toStdString();
    const bool resume = cmd.isSet("resume");
    const QString layoutName = cmd.choiceValue("layout", layouts);
    TrainingConfig requested;
    requested.model.preset = InputPreset::byName(cmd.choiceValue("preset", presets).toStdString());
    requested.model.orientation = cmd.enumValue<OrientationMode>("orientation");
    requested.model.device = deviceValue(cmd);
    requested.rotation = cmd.enumValue<RotationDraw>("rotation");
    requested.epochs = cmd.intValue("epochs", 1, 1000000);
    requested.batchSize = cmd.intValue("batch", 2, 65536);
    requested.learningRate = cmd.doubleValue("lr", 1e-12, 10);
    requested.weightDecay = cmd.doubleValue("weight-decay", 0, 10);
    requested.loss.alpha = cmd.doubleValue("alpha", 1e-6, 1e6);
    requested.loss.excludeRadius = cmd.doubleValue("exclude-radius", 0, 1e7);
    requested.seed = static_cast<uint64_t>(cmd.intValue("seed", 0, 2147483647));
    requested.model.initSeed = requested.seed;
    requested.checkpointEverySteps = cmd.intValue("checkpoint-every", 0, 100000000);
    requested.validationNormalization = cmd.enumValue<Normalization>("val-bn", modes);
    requested.validateAllNormalizations = cmd.isSet("val-all-bn");
    requested.validateEveryEpochs = cmd.intValue("val-every", 1, 1000000);
    requested.recalibrationBatches = cmd.intValue("recalibration-batches", 0, 1000000);
    requested.gatherDescriptors = !cmd.isSet("local-negatives");
    requested.dataset = datasetDir;
    requested.layout = layoutName.toStdString();
    // A VIGOR root is a query/gallery dataset (docs/vigor.md); --layout names one-to-one ones.
    const bool vigor = layoutName == "auto" && VigorFormat::detect(datasetDir);
    const QString protocolName = cmd.choiceValue("protocol", protocols);
    if (vigor) {
        requested.layout = "vigor";
        requested.protocol = protocolName.toStdString();
        if (cmd.isSet("val-split") && cmd.value("val-split") != "none")
            throw UsageError("a VIGOR root has no validation split: it is validated on panoramas "
                             "held out of its train split (--val-holdout; --val-split none for "
                             "no validation)");
        if (cmd.isSet("val-pairs"))
            throw UsageError("--val-pairs is for a split of pairs; a VIGOR root validates the "
                             "share --val-holdout of its train panoramas");
        requested.validationHoldout =
            cmd.value("val-split") == "none" ? 0.0 : cmd.doubleValue("val-holdout", 0, 0.5);
    } else if (cmd.isSet("protocol")) {
        throw UsageError("--protocol is for a VIGOR root (splits/<City>/satellite_list.txt); " +
                         datasetDir + " is none");
    } else if (cmd.isSet("val-holdout")) {
        throw UsageError("--val-holdout is for a VIGOR root (splits/<City>/satellite_list.txt); "
                         "a one-to-one dataset validates on --val-split");
    }
    const int threadsAsked = cmd.intValue("threads", 0, maxThreads());
    const int workers = cmd.intValue("workers", 1, 64);
    const int valPairs = cmd.intValue("val-pairs", 0, 100000000);
    DistributedOptions distributed;
    distributed.worldSize = cmd.intValue("world-size", 1, 4096);
    distributed.rank = cmd.intValue("rank", 0, distributed.worldSize - 1);
    distributed.masterAddress = cmd.value("master-addr").toStdString();
    distributed.masterPort = cmd.intValue("master-port", 1, 65535);
    distributed.rendezvousTimeoutSeconds = cmd.intValue("rendezvous-timeout", 1, 86400);
    requested.validate();
    if (vigor && distributed.worldSize > 1 && requested.gatherDescriptors)
        throw UsageError("data-parallel training on a VIGOR root needs --local-negatives: the "
                         "tiles that cover a panorama are masked within each rank's batch only");

    TrainingConfig config = requested;
    if (resume) {
        // The names the user typed, as TrainingConfig's JSON keys.
        static const std::vector<std::pair<const char*, const char*>> keys = {
            {"preset", "preset"},
            {"orientation", "orientation"},
            {"rotation", "rotation"},
            {"epochs", "epochs"},
            {"batch", "batch_size"},
            {"lr", "learning_rate"},
            {"weight-decay", "weight_decay"},
            {"alpha", "loss_alpha"},
            {"exclude-radius", "exclude_radius_m"},
            {"seed", "seed"},
            {"checkpoint-every", "checkpoint_every_steps"},
            {"val-bn", "validation_normalization"},
            {"val-all-bn", "validate_all_normalizations"},
            {"val-every", "validate_every_epochs"},
            {"recalibration-batches", "recalibration_batches"},
            {"local-negatives", "gather_descriptors"},
            {"protocol", "protocol"},
            {"val-holdout", "validation_holdout"},
            {"device", "device"}};
        std::vector<std::string> given;
        for (const auto& [option, key] : keys)
            if (cmd.isSet(option))
                given.push_back(key);
        std::vector<std::string> kept;
        const RunFolder folder(runDir);
        if (!folder.hasCheckpoint())
            throw Error(runDir, "no checkpoint to resume from (" + folder.lastCheckpoint() +
                                    " is missing); start the run without --resume");
        const Checkpoint saved = Checkpoint::loadHeader(folder.lastCheckpoint());
        if (!saved.configSource.empty())
            cmd.note("note: %s lacks its training configuration; resuming with the run's %s",
                     folder.lastCheckpoint().c_str(), saved.configSource.c_str());
        config = TrainingConfig::resumed(saved.config, requested, given, saved.state.step, &kept);
        for (const std::string& line : kept)
            cmd.note("note: resuming keeps the run's setting: %s", line.c_str());
    }
    const int threads = runtime::configureThreads(threadsAsked);
    const std::string warning = runtime::slowBlasWarning();
    if (!warning.empty())
        cmd.note("warning: %s", warning.c_str());

    if (resume && (config.layout == "vigor") != vigor)
        throw Error(datasetDir, vigor ? "is a VIGOR root, but the run was trained on a "
                                        "one-to-one dataset (" +
                                            config.dataset + ")"
                                      : "is no VIGOR root, but the run was trained on one (" +
                                            config.dataset + ")");
    TrainingData::Options dataOptions;
    dataOptions.trainSplit = cmd.value("train-split").toStdString();
    const QString valSplit = cmd.value("val-split");
    dataOptions.validationSplit =
        valSplit == "none" || vigor ? std::string() : valSplit.toStdString();
    dataOptions.validationLimit = static_cast<size_t>(valPairs);
    dataOptions.workers = workers;
    dataOptions.rank = distributed.rank;
    dataOptions.worldSize = distributed.worldSize;
    std::unique_ptr<TrainingData> dataHolder;
    std::string vigorValidationText;
    if (vigor) {
        // The saved protocol, holdout and seed on --resume (TrainingConfig::resumed), so the
        // pairs and the held-out panoramas are the same.
        dataHolder = TrainingData::forVigor(datasetDir, config, dataOptions);
        const QueryGallery& heldOut = dataHolder->queryGalleryPairs()->heldOut();
        vigorValidationText =
            heldOut.queryCount() > 0
                ? std::to_string(heldOut.queryCount()) + " panoramas held out, validated against " +
                      std::to_string(heldOut.galleryCount()) + " gallery tiles (BatchNorm " +
                      toString(config.validationNormalization) + ", best by r@1)"
                : std::string("no validation");
    } else {
        const Dataset dataset =
            Dataset::open(datasetDir, fromString<DatasetLayout>(layoutName.toStdString()));
        dataHolder = std::make_unique<TrainingData>(dataset, config, dataOptions);
    }
    const TrainingData& data = *dataHolder;

    std::unique_ptr<ProcessGroup> group;
    if (distributed.worldSize > 1) {
        cmd.note("rank %d of %d: joining %s:%d (waiting up to %d s for all ranks; "
                 "--rendezvous-timeout)",
                 distributed.rank, distributed.worldSize, distributed.masterAddress.c_str(),
                 distributed.masterPort, distributed.rendezvousTimeoutSeconds);
        group = std::make_unique<ProcessGroup>(distributed);
    }
    Trainer trainer(runDir, config, resume, group.get());
    std::string validationText =
        vigor ? "VIGOR " + config.protocol + " train split, " + vigorValidationText
              : "validation BatchNorm " + toString(config.validationNormalization);
    if (config.validateEveryEpochs > 1)
        validationText += ", validated every " + std::to_string(config.validateEveryEpochs) +
                          " epochs and the last";
    cmd.note("%s run %s: %s preset, orientation %s, %lld parameters, %zu steps/epoch, "
             "%s, %d threads%s",
             resume ? "resuming" : "starting", runDir.c_str(), config.model.preset.name.c_str(),
             toString(config.model.orientation).c_str(),
             static_cast<long long>(trainer.model().parameterCount()), data.stepsPerEpoch(),
             validationText.c_str(), threads,
             resume ? (" at step " + std::to_string(trainer.completedSteps())).c_str() : "");

    Feedback feedback;
    sInterruptTarget = &feedback;
    std::signal(SIGINT, onInterrupt);
    std::signal(SIGTERM, onInterrupt);

    TrainingCallbacks callbacks;
    callbacks.step = [&](const TrainingProgress& p) {
        char message[96];
        std::snprintf(message, sizeof message, "epoch %d/%d step %lld/%lld loss %.4f", p.epoch,
                      p.epochs, static_cast<long long>(p.step),
                      static_cast<long long>(p.totalSteps), p.loss);
        cmd.progress().update(p.totalSteps > 0 ? double(p.step) / p.totalSteps : 0.0, message,
                              p.etaSeconds);
    };
    callbacks.epoch = [&](const EpochSummary& s) {
        if (s.validationCount > 0 && s.validationGallery > 0) {
            cmd.note("epoch %d/%d: mean loss %.4f, validation (%lld held-out panoramas vs %lld "
                     "tiles, BN %s, %.1f s) r@1 %.2f%%, r@5 %.2f%%, r@10 %.2f%%, r@1%% %.2f%%, "
                     "hit rate %.2f%%",
                     s.epoch, config.epochs, s.meanLoss, static_cast<long long>(s.validationCount),
                     static_cast<long long>(s.validationGallery), s.normalization.c_str(),
                     s.validationSeconds, 100 * s.recallAt1, 100 * s.recallAt5, 100 * s.recallAt10,
                     100 * s.recallAtOnePercent, 100 * s.hitRate);
            for (const auto& [mode, f] : s.byNormalization)
                if (mode != s.normalization)
                    cmd.note("  BN %s: r@1 %.2f%%, hit rate %.2f%%", mode.c_str(),
                             100 * f.recallAt1, 100 * f.hitRate);
        } else if (s.validationCount > 0) {
            cmd.note("epoch %d/%d: mean loss %.4f, validation (%lld pairs, BN %s) r@1 %.2f%%, "
                     "r@5 %.2f%%, r@10 %.2f%%, r@1%% %.2f%%",
                     s.epoch, config.epochs, s.meanLoss, static_cast<long long>(s.validationCount),
                     s.normalization.c_str(), 100 * s.recallAt1, 100 * s.recallAt5,
                     100 * s.recallAt10, 100 * s.recallAtOnePercent);
            for (const auto& [mode, f] : s.byNormalization)
                if (mode != s.normalization)
                    cmd.note("  BN %s: r@1 %.2f%%, r@1%% %.2f%%", mode.c_str(), 100 * f.recallAt1,
                             100 * f.recallAtOnePercent);
        } else if (config.validateEveryEpochs > 1) {
            cmd.note("epoch %d/%d: mean loss %.4f (validated every %d epochs)", s.epoch,
                     config.epochs, s.meanLoss, config.validateEveryEpochs);
        } else {
            cmd.note("epoch %d/%d: mean loss %.4f", s.epoch, config.epochs, s.meanLoss);
        }
    };
    TrainingResult result;
    try {
        result = trainer.run(data.sources(), feedback, callbacks);
    } catch (...) {
        sInterruptTarget = nullptr;
        throw;
    }
    sInterruptTarget = nullptr;
    std::signal(SIGINT, SIG_DFL);
    std::signal(SIGTERM, SIG_DFL);
    QJsonObject& json = cmd.result();
    json["run"] = QString::fromStdString(runDir);
    json["steps"] = static_cast<qint64>(result.steps);
    json["canceled"] = result.canceled;
    json["validation_normalization"] =
        QString::fromStdString(toString(config.validationNormalization));
    json["best_recall_at_1_percent"] = result.bestRecallAtOnePercent >= 0
                                           ? QJsonValue(result.bestRecallAtOnePercent)
                                           : QJsonValue();
    if (vigor)
        json["best_recall_at_1"] =
            result.bestValidation >= 0 ? QJsonValue(result.bestValidation) : QJsonValue();
    json["best_epoch"] = result.bestEpoch;
    if (result.canceled) {
        cmd.note("stopped at step %lld; checkpoint written, continue with --resume",
                 static_cast<long long>(result.steps));
        return cmd.finish(130);
    }
    if (result.selection == "r1" && result.bestValidation >= 0)
        cmd.print("finished %lld steps; best validation r@1 %.2f%% (epoch %d); run folder %s\n",
                  static_cast<long long>(result.steps), 100 * result.bestValidation,
                  result.bestEpoch, runDir.c_str());
    else if (result.bestRecallAtOnePercent >= 0)
        cmd.print("finished %lld steps; best validation r@1%% %.2f%%; run folder %s\n",
                  static_cast<long long>(result.steps), 100 * result.bestRecallAtOnePercent,
                  runDir.c_str());
    else
        cmd.print("finished %lld steps; run folder %s\n", static_cast<long long>(result.steps),
                  runDir.c_str());
    return cmd.finish();
}

} // namespace orinet::cli
