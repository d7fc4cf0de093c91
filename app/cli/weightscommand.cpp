#include "clicommand.h"
#include "commands.h"

#include "choices.h"

#include "common/error.h"
#include "common/outputtarget.h"
#include "model/orinetmodel.h"
#include "run/checkpoint.h"
#include "run/runfolder.h"

#include <QFileInfo>
#include <QJsonObject>

namespace orinet::cli {

int runExportWeights(const QStringList& args) {
    CliCommand cmd("export-weights",
                   "Writes the model tensors of a checkpoint as a safetensors file with "
                   "PyTorch names and layouts (docs/weights.md), e.g. for "
                   "safetensors.torch.load_file().");
    cmd.addOption("checkpoint", "checkpoint file, or a run folder (its last checkpoint)", "file");
    cmd.addFlag("best", "with a run folder: its best checkpoint instead of the last");
    cmd.addOption("out", "output .safetensors file", "file");
    cmd.addOutputOptions();
    if (!cmd.parse(args))
        return 0;
    std::string in = cmd.required("checkpoint").toStdString();
    const std::string out = cmd.required("out").toStdString();
    // Before reading the checkpoint (hundreds of MB): a target that is not ours is refused
    // at once.
    OutputTarget::checkFile(out, OutputTarget::safetensors());
    if (QFileInfo(QString::fromStdString(in)).isDir()) {
        std::string note;
        in = RunFolder(in).checkpoint(
            cmd.isSet("best") ? CheckpointChoice::Best : CheckpointChoice::Last, &note);
        if (!note.empty())
            cmd.note("note: %s", note.c_str());
    }
    const Checkpoint checkpoint = Checkpoint::load(in);
    checkpoint.exportWeights(out);
    cmd.print("wrote %s (from %s)\n", out.c_str(), checkpoint.label().c_str());
    cmd.result() = {{"output", QString::fromStdString(out)},
                    {"checkpoint", QString::fromStdString(in)}};
    return cmd.finish();
}

int runImportWeights(const QStringList& args) {
    CliCommand cmd("import-weights",
                   "Checks a safetensors weights file against the OriNet model (names, dtypes, "
                   "shapes) and writes a checkpoint usable by 'orinet extract' or to start "
                   "training from (placed as RUN/checkpoints/last.ckpt, 'orinet train "
                   "--resume' continues from it with fresh Adam moments).");
    cmd.addPositional("weights", "input .safetensors file");
    cmd.addOption("out", "output checkpoint file", "file");
    cmd.addOption("preset",
                  "input size when the file does not say (paper, small, tiny); weights fit any",
                  "name", "paper");
    cmd.addOutputOptions();
    if (!cmd.parse(args))
        return 0;
    if (cmd.positionals().size() != 1)
        throw UsageError("expected one weights file");
    const std::string in = cmd.positionals().first().toStdString();
    const std::string out = cmd.required("out").toStdString();
    const std::string preset = cmd.choiceValue("preset", presetChoices()).toStdString();
    OutputTarget::checkFile(out, OutputTarget::safetensors());
    Checkpoint checkpoint = Checkpoint::load(in, preset);
    if (checkpoint.hasTrainingState())
        throw Error(in, "is already an OriNet Studio checkpoint with training state");
    // Refuse anything the network cannot load, before writing.
    checkpoint.buildModel(Normalization::Running);
    checkpoint.importedFrom = in;
    checkpoint.path.clear();
    checkpoint.save(out);
    cmd.print("wrote %s\n", out.c_str());
    cmd.result() = {{"output", QString::fromStdString(out)}};
    return cmd.finish();
}

} // namespace orinet::cli
