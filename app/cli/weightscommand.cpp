#include "clicommand.h"
#include "commands.h"

#include "training/checkpointfile.h"

namespace orinet::cli {

int runExportWeights(const QStringList& args) {
    CliCommand cmd("export-weights",
                   "Writes the model tensors of a checkpoint as a safetensors file with "
                   "PyTorch names and layouts (docs/weights.md), e.g. for "
                   "safetensors.torch.load_file().");
    cmd.addOption("checkpoint", "checkpoint file, or a run folder (its last checkpoint)", "file");
    cmd.addOption("out", "output .safetensors file", "file");
    cmd.addOutputOptions();
    if (!cmd.parse(args))
        return 0;
    const std::string in = cmd.required("checkpoint").toStdString();
    const std::string out = cmd.required("out").toStdString();
    CheckpointFile::exportWeights(in, out);
    cmd.print("wrote %s\n", out.c_str());
    cmd.result() = {{"output", QString::fromStdString(out)}};
    return cmd.finish();
}

int runImportWeights(const QStringList& args) {
    CliCommand cmd("import-weights",
                   "Checks a safetensors weights file against the OriNet model (names, dtypes, "
                   "shapes) and writes a checkpoint usable by 'orinet extract' or to start "
                   "training from.");
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
    const std::string preset = cmd.choiceValue("preset", {"paper", "small", "tiny"}).toStdString();
    CheckpointFile::importWeights(in, out, preset);
    cmd.print("wrote %s\n", out.c_str());
    cmd.result() = {{"output", QString::fromStdString(out)}};
    return cmd.finish();
}

} // namespace orinet::cli
