#include "clicommand.h"
#include "commands.h"

#include "common/feedback.h"
#include "common/runtimeinfo.h"
#include "dataset/dataloader.h"
#include "dataset/dataset.h"
#include "model/orinetmodel.h"
#include "training/dataloadersource.h"
#include "training/processgroup.h"
#include "training/trainer.h"

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

} // namespace

int runTrain(const QStringList& args) {
    CliCommand cmd("train",
                   "Trains OriNet (weighted soft-margin triplet loss, Adam) on a dataset and "
                   "keeps a run folder: config.json, log.jsonl, log.csv, checkpoints/last.ckpt "
                   "and best.ckpt (highest validation recall@1%), results/summary.json.\n"
                   "Ctrl-C stops at the next step and writes a checkpoint; --resume continues "
                   "with the same losses an uninterrupted run would have had.");
    cmd.addOption("dataset", "dataset folder", "dir");
    cmd.addOption("run", "run folder (created)", "dir");
    cmd.addOption("layout", "auto, cvusa, cvact or csv (default auto)", "layout", "auto");
    cmd.addOption("preset", "input size: paper, small or tiny (default paper)", "name", "paper");
    cmd.addOption("orientation", "input (5 channels) or none (3, the ablation) (default input)",
                  "mode", "input");
    cmd.addOption("rotation",
                  "satellite quarter-turn draw: original (0 deg with p 0.4, as the released "
                  "code) or uniform (default original)",
                  "draw", "original");
    cmd.addOption("epochs", "number of epochs (default 100)", "E", "100");
    cmd.addOption("batch", "pairs per batch (default 12)", "B", "12");
    cmd.addOption("lr", "Adam learning rate (default 1e-5)", "LR", "1e-5");
    cmd.addOption("weight-decay", "Adam L2 weight decay (default 0)", "W", "0");
    cmd.addOption("alpha", "loss weight alpha (default 10)", "A", "10");
    cmd.addOption("exclude-radius",
                  "metres: with UTM positions (CVACT) nearer pairs are no negatives (default 25)",
                  "M", "25");
    cmd.addOption("seed", "random seed (weights, shuffling, augmentation) (default 0)", "S", "0");
    cmd.addOption("threads", "LibTorch threads (0: all cores or ORINET_THREADS) (default 0)", "T",
                  "0");
    cmd.addOption("workers", "image decoding threads (default 2)", "N", "2");
    cmd.addOption("device", "cpu or cuda (default cpu)", "device", "cpu");
    cmd.addOption("train-split", "split to train on (default train)", "name", "train");
    cmd.addOption("val-split", "split to validate on each epoch ('none' to skip) (default val)",
                  "name", "val");
    cmd.addOption("val-pairs",
                  "validate on the first N pairs of the split only (0: all) (default 0)", "N", "0");
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
    cmd.addFlag("local-negatives",
                "multi-process: each rank's loss uses only its own batch (default: the "
                "descriptors of all ranks are gathered)");
    cmd.addOutputOptions();
    if (!cmd.parse(args))
        return 0;

    const std::string datasetDir = cmd.required("dataset").toStdString();
    const std::string runDir = cmd.required("run").toStdString();
    const bool resume = cmd.isSet("resume");
    const QString layoutName = cmd.choiceValue("layout", {"auto", "cvusa", "cvact", "csv"});

    TrainingConfig config;
    if (resume) {
        config = Trainer::savedConfig(runDir);
        if (cmd.isSet("epochs"))
            config.epochs = cmd.intValue("epochs", 1, 100000);
    } else {
        config.model.preset = InputPreset::byName(
            cmd.choiceValue("preset", {"paper", "small", "tiny"}).toStdString());
        config.model.orientation = orientationModeFromString(
            cmd.choiceValue("orientation", {"input", "none"}).toStdString());
        config.rotation = rotationDrawFromString(
            cmd.choiceValue("rotation", {"original", "uniform"}).toStdString());
        config.epochs = cmd.intValue("epochs", 1, 100000);
        config.batchSize = cmd.intValue("batch", 2, 4096);
        config.learningRate = cmd.doubleValue("lr", 1e-12, 10);
        config.weightDecay = cmd.doubleValue("weight-decay", 0, 10);
        config.loss.alpha = cmd.doubleValue("alpha", 1e-6, 1e6);
        config.loss.excludeRadius = cmd.doubleValue("exclude-radius", 0, 1e7);
        config.seed = static_cast<uint64_t>(cmd.intValue("seed", 0, 2147483647));
        config.model.initSeed = config.seed;
        config.checkpointEverySteps = cmd.intValue("checkpoint-every", 0, 100000000);
        config.dataset = datasetDir;
        config.layout = layoutName.toStdString();
    }
    config.model.device = cmd.choiceValue("device", {"cpu", "cuda"}).toStdString();
    const int threads = runtime::configureThreads(cmd.intValue("threads", 0, 1024));
    const int workers = cmd.intValue("workers", 1, 64);
    const int valPairs = cmd.intValue("val-pairs", 0, 100000000);
    const std::string warning = runtime::slowBlasWarning();
    if (!warning.empty())
        cmd.note("warning: %s", warning.c_str());

    DistributedOptions distributed;
    distributed.worldSize = cmd.intValue("world-size", 1, 4096);
    distributed.rank = cmd.intValue("rank", 0, distributed.worldSize - 1);
    distributed.masterAddress = cmd.value("master-addr").toStdString();
    distributed.masterPort = cmd.intValue("master-port", 1, 65535);
    if (!resume)
        config.gatherDescriptors = !cmd.isSet("local-negatives");

    const Dataset dataset =
        Dataset::open(datasetDir, datasetLayoutFromString(layoutName.toStdString()));
    auto train =
        DataLoaderSource::forSplit(dataset, cmd.value("train-split").toStdString(), config, true,
                                   workers, 0, distributed.rank, distributed.worldSize);
    std::unique_ptr<DataLoaderSource> validation;
    const std::string valSplit = cmd.value("val-split").toStdString();
    if (valSplit != "none")
        validation = DataLoaderSource::forSplit(dataset, valSplit, config, false, workers,
                                                static_cast<size_t>(valPairs));

    std::unique_ptr<ProcessGroup> group;
    if (distributed.worldSize > 1) {
        cmd.note("rank %d of %d: joining %s:%d", distributed.rank, distributed.worldSize,
                 distributed.masterAddress.c_str(), distributed.masterPort);
        group = std::make_unique<ProcessGroup>(distributed);
    }
    Trainer trainer(runDir, config, resume, group.get());
    cmd.note("%s run %s: %s preset, orientation %s, %lld parameters, %zu steps/epoch, "
             "%d threads%s",
             resume ? "resuming" : "starting", runDir.c_str(), config.model.preset.name.c_str(),
             toString(config.model.orientation).c_str(),
             static_cast<long long>(trainer.model().parameterCount()), train->batchesPerEpoch(),
             threads,
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
        if (s.validationCount > 0)
            cmd.note("epoch %d/%d: mean loss %.4f, validation (%lld pairs) r@1 %.2f%%, "
                     "r@5 %.2f%%, r@10 %.2f%%, r@1%% %.2f%%",
                     s.epoch, config.epochs, s.meanLoss, static_cast<long long>(s.validationCount),
                     100 * s.recallAt1, 100 * s.recallAt5, 100 * s.recallAt10,
                     100 * s.recallAtOnePercent);
        else
            cmd.note("epoch %d/%d: mean loss %.4f", s.epoch, config.epochs, s.meanLoss);
    };
    TrainingResult result;
    try {
        result = trainer.run(*train, validation.get(), feedback, callbacks);
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
    json["best_recall_at_1_percent"] = result.bestRecallAtOnePercent >= 0
                                           ? QJsonValue(result.bestRecallAtOnePercent)
                                           : QJsonValue();
    if (result.canceled) {
        cmd.note("stopped at step %lld; checkpoint written, continue with --resume",
                 static_cast<long long>(result.steps));
        return cmd.finish(130);
    }
    if (result.bestRecallAtOnePercent >= 0)
        cmd.print("finished %lld steps; best validation r@1%% %.2f%%; run folder %s\n",
                  static_cast<long long>(result.steps), 100 * result.bestRecallAtOnePercent,
                  runDir.c_str());
    else
        cmd.print("finished %lld steps; run folder %s\n", static_cast<long long>(result.steps),
                  runDir.c_str());
    return cmd.finish();
}

} // namespace orinet::cli
