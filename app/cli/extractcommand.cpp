#include "choices.h"
#include "clicommand.h"
#include "commands.h"

#include "common/error.h"
#include "common/feedback.h"
#include "common/outputtarget.h"
#include "common/runtimeinfo.h"
#include "dataset/dataset.h"
#include "evaluation/modelimport.h"
#include "evaluation/querygalleryextraction.h"
#include "extraction/descriptorextractor.h"
#include "retrieval/vigordescriptorset.h"
#include "run/checkpoint.h"
#include "run/runfolder.h"

#include <QJsonObject>

#include <cstdio>

namespace orinet::cli {

namespace {

//! The options both kinds of extraction read alike: --bn, --batch, --workers, --device,
//! --random-orientation and --shard.
DescriptorExtractor::Options extractionOptions(const CliCommand& cmd) {
    DescriptorExtractor::Options options;
    options.normalization = cmd.enumValue<Normalization>("bn", enumChoices<Normalization>());
    options.batchSize = static_cast<size_t>(cmd.intValue("batch", 1, 4096));
    options.workers = cmd.intValue("workers", 1, 64);
    if (cmd.isSet("device"))
        options.device = cmd.choiceValue("device", deviceChoices()).toStdString();
    if (cmd.isSet("random-orientation"))
        options.randomOrientationSeed =
            static_cast<uint64_t>(cmd.intValue("random-orientation", 0, 1 << 30));
    if (cmd.isSet("shard")) {
        try {
            options.shard = DescriptorShard::parse(cmd.value("shard").toStdString());
        } catch (const Error& e) {
            throw UsageError(e.what());
        }
    }
    return options;
}

//! The checkpoint --run and --checkpoint name: its file, its kind for provenance ("last",
//! "best" or "file") and a note when the run's choice fell back (best.ckpt missing).
struct ChosenCheckpoint {
    std::string path, kind, note;
};

ChosenCheckpoint chooseCheckpoint(const CliCommand& cmd) {
    ChosenCheckpoint chosen;
    if (cmd.isSet("run")) {
        const RunFolder run(cmd.value("run").toStdString());
        const QString which = cmd.isSet("checkpoint") ? cmd.value("checkpoint") : "last";
        if (which != "last" && which != "best")
            throw UsageError("with --run, --checkpoint is last or best, got '" +
                             which.toStdString() + "'");
        chosen.path =
            run.checkpoint(fromString<CheckpointChoice>(which.toStdString()), &chosen.note);
        chosen.kind = chosen.note.empty() ? which.toStdString() : "last";
    } else {
        if (!cmd.isSet("checkpoint"))
            throw UsageError("give --run DIR or --checkpoint FILE");
        chosen.path = cmd.value("checkpoint").toStdString();
        chosen.kind = "file";
    }
    return chosen;
}

//! `orinet extract --vigor ROOT`: a VIGOR split's panoramas and gallery tiles, each once, or
//! part K of N of both (QueryGalleryExtraction), saved as a VigorDescriptorSet in --out.
int runVigorExtract(CliCommand& cmd) {
    for (const char* other : {"dataset", "layout"})
        if (cmd.isSet(other))
            throw UsageError(std::string("--vigor does not take --") + other);
    QueryGalleryExtraction::Options options;
    const QString protocol = cmd.value("protocol");
    if (protocol != "same-area" && protocol != "cross-area")
        throw UsageError("--protocol is same-area or cross-area, not '" + protocol.toStdString() +
                         "'");
    options.vigor.protocol =
        protocol == "same-area" ? VigorProtocol::SameArea : VigorProtocol::CrossArea;
    options.vigor.split = cmd.required("split").toStdString();
    // A random orientation is drawn per position in each side's whole split: parts join as
    // without it.
    options.extraction = extractionOptions(cmd);
    if (!cmd.isSet("out"))
        throw UsageError("--vigor needs --out DIR (the run's descriptors folder holds the sets "
                         "eval --run RUN --vigor makes)");
    const std::string out = cmd.value("out").toStdString();
    const std::string root = cmd.value("vigor").toStdString();
    const std::string preset = cmd.choiceValue("preset", presetChoices()).toStdString();
    const int threads = cmd.intValue("threads", 0, maxThreads());
    // Before any work: a folder of the user's is refused, never written into.
    OutputTarget::checkFolder(out, VigorDescriptorSet::folderKind());
    runtime::configureThreads(threads);
    const std::string partOf =
        options.extraction.shard.isPart() ? " (part " + cmd.value("shard").toStdString() + ")" : "";

    Feedback feedback;
    cmd.progress().attach(feedback);
    VigorDescriptorSet set;
    DescriptorExtractor::Recalibration statistics;
    if (cmd.isSet("run") && RunFolder(cmd.value("run").toStdString()).hasScriptedModel()) {
        if (cmd.isSet("checkpoint") || cmd.isSet("bn"))
            throw UsageError("--checkpoint and --bn do not apply to a run made from a "
                             "TorchScript model (it runs as it was exported)");
        const RunFolder run(cmd.value("run").toStdString());
        cmd.note("describing the %s %s split%s with the TorchScript model %s", qPrintable(protocol),
                 options.vigor.split.c_str(), partOf.c_str(), run.scriptedModelFile().c_str());
        set = QueryGalleryExtraction::extract(run, root, options, feedback);
    } else {
        const ChosenCheckpoint chosen = chooseCheckpoint(cmd);
        const std::string& kind = chosen.kind;
        Checkpoint checkpoint = Checkpoint::load(chosen.path, preset);
        if (!chosen.note.empty())
            cmd.note("note: %s", chosen.note.c_str());
        cmd.note("describing the %s %s split%s with %s, BatchNorm %s", qPrintable(protocol),
                 options.vigor.split.c_str(), partOf.c_str(), checkpoint.label().c_str(),
                 toString(options.extraction.normalization).c_str());
        set =
            QueryGalleryExtraction::extract(checkpoint, kind, root, options, feedback, &statistics);
        if (!statistics.note().empty())
            cmd.note("note: %s", statistics.note().c_str());
    }
    set.save(out);
    cmd.print("wrote %d panorama and %d tile descriptors of the %s %s split, %s, to %s\n",
              set.ground.rows, set.satellite.rows, qPrintable(protocol),
              options.vigor.split.c_str(), set.label().c_str(), out.c_str());
    const Provenance& p = set.provenance;
    cmd.result() = {{"output", QString::fromStdString(out)},
                    {"protocol", protocol},
                    {"split", QString::fromStdString(options.vigor.split)},
                    {"panoramas", static_cast<qint64>(set.ground.rows)},
                    {"tiles", static_cast<qint64>(set.satellite.rows)},
                    {"dimension", set.ground.cols},
                    {"checkpoint", QString::fromStdString(p.checkpoint)},
                    {"checkpoint_kind", QString::fromStdString(p.checkpointKind)},
                    {"epoch", p.epoch},
                    {"step", static_cast<qint64>(p.step)},
                    {"normalization", QString::fromStdString(p.normalization)}};
    if (set.part.isPart())
        cmd.result()["shard"] =
            QJsonObject{{"index", set.part.index},
                        {"count", set.part.count},
                        {"ground_first", static_cast<qint64>(set.part.groundFirst)},
                        {"satellite_first", static_cast<qint64>(set.part.satelliteFirst)},
                        {"split_panoramas", static_cast<qint64>(set.panoramas)},
                        {"split_tiles", static_cast<qint64>(set.tiles)}};
    return cmd.finish();
}

} // namespace

int runExtract(const QStringList& args) {
    const QStringList modes = enumChoices<Normalization>();
    CliCommand cmd("extract",
                   "Computes the 1536-d descriptors of a dataset split with a trained model and "
                   "writes DIR/ground.npy, DIR/satellite.npy (N x 1536 float32, row i = pair i "
                   "of the split) and DIR/descriptors.json (ids, checkpoint, BatchNorm mode). "
                   "An existing set in DIR is replaced as a whole or not at all.");
    cmd.addOption("run", "run folder", "dir");
    cmd.addOption("checkpoint",
                  "with --run: last (default) or best; without: a checkpoint or weights file",
                  "last|best|file");
    cmd.addOption("dataset", "dataset folder", "dir");
    cmd.addOption("layout", alternatives(enumChoices<DatasetLayout>()), "layout", "auto");
    cmd.addOption("split", "split name (e.g. val, test)", "name");
    cmd.addOption("out", "output folder (default with --run: the run's descriptors folder)", "dir");
    cmd.addOption("bn",
                  "BatchNorm statistics: " + alternatives(modes) + " (default " +
                      QString::fromStdString(toString(kDefaultSplitNormalization)) +
                      ", the paper's protocol; docs/evaluation.md)",
                  "mode", QString::fromStdString(toString(kDefaultSplitNormalization)));
    cmd.addOption("batch",
                  "pairs per batch (ignored by --bn original, which uses the training "
                  "batch size as the original protocol does)",
                  "B", "32");
    cmd.addOption("threads", "LibTorch threads (0: all cores or ORINET_THREADS)", "T", "0");
    cmd.addOption("workers", "image decoding threads", "N", "2");
    cmd.addOption("device", "cpu or cuda (default: the checkpoint's)", "device");
    cmd.addOption("preset",
                  "input size for weights files that do not say: " + alternatives(presetChoices()),
                  "name", "paper");
    cmd.addOption("random-orientation",
                  "turn every pair to a random orientation drawn from seed S (panorama shift, "
                  "tile quarter turn; orientation channels follow the pixels); with --vigor, "
                  "every panorama and tile, also in parts",
                  "S");
    cmd.addOption("shard",
                  "describe only part K of N of the split (contiguous whole batches; every "
                  "part needs the same checkpoint file, --bn and --batch); needs --out. "
                  "eval --descriptors PART1,PART2,... reads the parts as one set "
                  "(docs/evaluation.md)",
                  "K/N");
    cmd.addOption("vigor",
                  "a VIGOR dataset folder instead of --dataset (docs/vigor.md): describe the "
                  "panoramas of --split (ground.npy, label-file order) and every tile of its "
                  "gallery (satellite.npy, gallery order), each image once, as eval --run RUN "
                  "--vigor does; needs --out. With --shard, part K of N of both. eval --vigor "
                  "ROOT --descriptors reads the set, or its parts as one",
                  "DIR");
    cmd.addOption("protocol", "with --vigor: same-area (default) or cross-area", "NAME",
                  "same-area");
    cmd.addOutputOptions();
    if (!cmd.parse(args))
        return 0;
    if (cmd.isSet("vigor"))
        return runVigorExtract(cmd);
    if (cmd.isSet("protocol"))
        throw UsageError("--protocol is a VIGOR protocol: use it with --vigor");
    const std::string datasetDir = cmd.required("dataset").toStdString();
    const std::string split = cmd.required("split").toStdString();
    const DatasetLayout layout = cmd.enumValue<DatasetLayout>("layout");
    DescriptorExtractor::Options options = extractionOptions(cmd);
    if (cmd.isSet("shard")) {
        if (!cmd.isSet("out"))
            throw UsageError("--shard needs --out DIR: each part goes to its own folder (the "
                             "run's descriptors folder holds whole sets only)");
        if (cmd.isSet("random-orientation"))
            throw UsageError("--shard cannot be combined with --random-orientation (the "
                             "orientations are drawn per position in the split)");
    }
    const std::string preset = cmd.choiceValue("preset", presetChoices()).toStdString();
    const int threads = cmd.intValue("threads", 0, maxThreads());

    if (cmd.isSet("run") && RunFolder(cmd.value("run").toStdString()).hasScriptedModel()) {
        // A run made from another method's model (orinet import-model): no checkpoint, and
        // no BatchNorm mode to choose (the model runs as exported).
        if (cmd.isSet("checkpoint") || cmd.isSet("bn"))
            throw UsageError("--checkpoint and --bn do not apply to a run made from a "
                             "TorchScript model (it runs as it was exported)");
        if (cmd.isSet("out"))
            OutputTarget::checkFolder(cmd.value("out").toStdString(), DescriptorSet::folderKind());
        runtime::configureThreads(threads);
        const RunFolder run(cmd.value("run").toStdString());
        const Dataset dataset = Dataset::open(datasetDir, layout);
        cmd.note("extracting split '%s' with the TorchScript model %s", split.c_str(),
                 run.scriptedModelFile().c_str());
        Feedback feedback;
        cmd.progress().attach(feedback);
        const DescriptorSet set = ModelImport::extract(run, dataset, split, options, feedback);
        const std::string out = cmd.isSet("out") ? cmd.value("out").toStdString()
                                                 : run.descriptorsDirectory(set.provenance);
        set.save(out);
        cmd.print("wrote %d descriptors of split '%s' to %s\n", set.ground.rows, split.c_str(),
                  out.c_str());
        cmd.result() = {{"output", QString::fromStdString(out)},
                        {"split", QString::fromStdString(split)},
                        {"count", set.ground.rows},
                        {"dimension", set.ground.cols},
                        {"checkpoint", QString::fromStdString(set.provenance.checkpoint)},
                        {"checkpoint_kind", QString::fromStdString(set.provenance.checkpointKind)},
                        {"method", QString::fromStdString(set.provenance.method)},
                        {"inputs", QString::fromStdString(set.provenance.inputs)}};
        return cmd.finish();
    }

    const ChosenCheckpoint chosen = chooseCheckpoint(cmd);
    const std::string& kind = chosen.kind;
    const std::string& note = chosen.note;
    const std::string& checkpointPath = chosen.path;
    if (!cmd.isSet("out") && !cmd.isSet("run"))
        throw UsageError("give --out DIR (or --run, whose descriptors folder is the default)");
    // Before the extraction: a folder of the user's is refused, never swapped away.
    if (cmd.isSet("out"))
        OutputTarget::checkFolder(cmd.value("out").toStdString(), DescriptorSet::folderKind());
    runtime::configureThreads(threads);

    const Dataset dataset = Dataset::open(datasetDir, layout);
    Checkpoint checkpoint = Checkpoint::load(checkpointPath, preset);
    if (!note.empty())
        cmd.note("note: %s", note.c_str());
    if (!checkpoint.configSource.empty())
        cmd.note("note: %s lacks its training configuration; using its run's %s",
                 checkpointPath.c_str(), checkpoint.configSource.c_str());
    const std::string partOf =
        options.shard.isPart() ? " (part " + cmd.value("shard").toStdString() + ")" : "";
    cmd.note("extracting split '%s'%s with %s, BatchNorm %s", split.c_str(), partOf.c_str(),
             checkpoint.label().c_str(), toString(options.normalization).c_str());
    Feedback feedback;
    cmd.progress().attach(feedback);
    // Where recalibrated statistics went (never into a file given).
    DescriptorExtractor::Recalibration statistics;
    DescriptorSet set = DescriptorExtractor::extract(checkpoint, kind, dataset, split, options,
                                                     feedback, &statistics);
    if (!statistics.note().empty())
        cmd.note("note: %s", statistics.note().c_str());
    const std::string out =
        cmd.isSet("out")
            ? cmd.value("out").toStdString()
            : RunFolder(cmd.value("run").toStdString()).descriptorsDirectory(set.provenance);
    set.save(out);
    const std::string inputs =
        set.provenance.inputs.empty() ? "" : " (" + set.provenance.inputs + ")";
    const std::string part =
        set.shard.isPart() ? ", " + set.shard.label(set.ground.rows) : std::string();
    cmd.print("wrote %d descriptors of split '%s'%s%s to %s\n", set.ground.rows, split.c_str(),
              part.c_str(), inputs.c_str(), out.c_str());
    const Provenance& p = set.provenance;
    cmd.result() = {{"output", QString::fromStdString(out)},
                    {"split", QString::fromStdString(split)},
                    {"count", set.ground.rows},
                    {"dimension", set.ground.cols},
                    {"checkpoint", QString::fromStdString(p.checkpoint)},
                    {"checkpoint_kind", QString::fromStdString(p.checkpointKind)},
                    {"epoch", p.epoch},
                    {"step", static_cast<qint64>(p.step)},
                    {"normalization", QString::fromStdString(p.normalization)},
                    {"inputs", QString::fromStdString(p.inputs)}};
    if (set.shard.isPart())
        cmd.result()["shard"] =
            QJsonObject{{"index", set.shard.index},
                        {"count", set.shard.count},
                        {"first", static_cast<qint64>(set.shard.first)},
                        {"split_pairs", static_cast<qint64>(set.shard.splitPairs)}};
    return cmd.finish();
}

} // namespace orinet::cli
