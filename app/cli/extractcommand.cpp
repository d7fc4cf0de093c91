#include "clicommand.h"
#include "commands.h"

#include "common/feedback.h"
#include "common/runtimeinfo.h"
#include "dataset/dataset.h"
#include "model/orinetmodel.h"
#include "training/checkpointfile.h"
#include "training/descriptorextractor.h"

#include <QFileInfo>

namespace orinet::cli {

int runExtract(const QStringList& args) {
    CliCommand cmd("extract",
                   "Computes the 1536-d descriptors of a dataset split with a trained model and "
                   "writes DIR/ground.npy, DIR/satellite.npy (N x 1536 float32, row i = pair i "
                   "of the split) and DIR/descriptors.json.");
    cmd.addOption("run", "run folder (uses checkpoints/best.ckpt, else last.ckpt)", "dir");
    cmd.addOption("checkpoint", "checkpoint or weights file", "file");
    cmd.addOption("dataset", "dataset folder", "dir");
    cmd.addOption("layout", "auto, cvusa, cvact or csv", "layout", "auto");
    cmd.addOption("split", "split name (e.g. val, test)", "name");
    cmd.addOption("out", "output folder", "dir");
    cmd.addOption("batch", "pairs per batch", "B", "32");
    cmd.addOption("threads", "LibTorch threads (0: all cores or ORINET_THREADS)", "T", "0");
    cmd.addOption("workers", "image decoding threads", "N", "2");
    cmd.addOption("device", "cpu or cuda", "device", "cpu");
    cmd.addOption("preset", "input size for weights files that do not say", "name", "paper");
    cmd.addOption("random-orientation",
                  "turn every pair to a random orientation drawn from seed S (panorama shift, "
                  "tile quarter turn; orientation channels follow the pixels)",
                  "S");
    cmd.addFlag("batch-statistics",
                "normalise with batch statistics as the original code did (default: running "
                "statistics)");
    cmd.addOutputOptions();
    if (!cmd.parse(args))
        return 0;
    if (cmd.isSet("run") == cmd.isSet("checkpoint"))
        throw UsageError("give either --run or --checkpoint");
    std::string checkpoint;
    if (cmd.isSet("run")) {
        checkpoint = CheckpointFile::resolveForEvaluation(cmd.value("run").toStdString());
    } else {
        checkpoint = cmd.value("checkpoint").toStdString();
    }
    const std::string datasetDir = cmd.required("dataset").toStdString();
    const std::string split = cmd.required("split").toStdString();
    const std::string out = cmd.required("out").toStdString();
    const QString layout = cmd.choiceValue("layout", {"auto", "cvusa", "cvact", "csv"});
    DescriptorExtractor::Options options;
    options.batchSize = static_cast<size_t>(cmd.intValue("batch", 1, 4096));
    options.workers = cmd.intValue("workers", 1, 64);
    if (cmd.isSet("random-orientation"))
        options.randomOrientationSeed =
            static_cast<uint64_t>(cmd.intValue("random-orientation", 0, 1 << 30));
    runtime::configureThreads(cmd.intValue("threads", 0, 1024));

    const Dataset dataset =
        Dataset::open(datasetDir, datasetLayoutFromString(layout.toStdString()));
    auto model = CheckpointFile::loadModel(
        checkpoint, cmd.choiceValue("device", {"cpu", "cuda"}).toStdString(),
        cmd.choiceValue("preset", {"paper", "small", "tiny"}).toStdString());
    if (cmd.isSet("batch-statistics")) {
        ModelConfig c = model->config();
        c.batchStatisticsInEval = true;
        auto withBatchStats = std::make_unique<OriNetModel>(c);
        withBatchStats->loadNamedTensors(model->namedTensors(), checkpoint);
        model = std::move(withBatchStats);
    }
    Feedback feedback;
    cmd.progress().attach(feedback);
    DescriptorSet set = DescriptorExtractor::extract(*model, dataset, split, options, feedback);
    set.checkpoint = checkpoint;
    set.save(out);
    const std::string inputs = set.inputs.empty() ? "" : " (" + set.inputs + ")";
    cmd.print("wrote %d descriptors of split '%s'%s to %s\n", set.ground.rows, split.c_str(),
              inputs.c_str(), out.c_str());
    cmd.result() = {{"output", QString::fromStdString(out)},
                    {"split", QString::fromStdString(split)},
                    {"count", set.ground.rows},
                    {"dimension", set.ground.cols},
                    {"checkpoint", QString::fromStdString(checkpoint)},
                    {"inputs", QString::fromStdString(set.inputs)}};
    return cmd.finish();
}

} // namespace orinet::cli
