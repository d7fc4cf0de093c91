#include "choices.h"
#include "clicommand.h"
#include "commands.h"

#include "common/error.h"
#include "common/runtimeinfo.h"
#include "evaluation/modelimport.h"
#include "model/modelcard.h"
#include "run/runfolder.h"

#include <QJsonArray>
#include <QJsonObject>

namespace orinet::cli {

int runImportModel(const QStringList& args) {
    CliCommand cmd(
        "import-model",
        "Makes another method's model, saved as TorchScript (torch.jit.save) with a model card "
        "(JSON: input size per branch, colour order and scaling, orientation channels, how "
        "the branches are called, descriptor dimension; docs/torchscript.md), into a run that "
        "'orinet extract --run' and 'orinet eval --run' take like a trained one. Loads the "
        "model and runs one probe batch first, so a card that disagrees with the model is "
        "refused before anything is written; then writes DIR/import.json (method, input, "
        "both source files with size and SHA-256) and copies both files into DIR/model/.");
    cmd.addOption("torchscript", "the TorchScript model file (.pt)", "FILE");
    cmd.addOption("card", "its model card (.json)", "FILE");
    cmd.addOption("out",
                  "the run: a new or empty folder, or a run made earlier from a model of the "
                  "same method (its model is replaced); never a training run",
                  "DIR");
    cmd.addOption("device", "cpu or cuda for the probe batch", "device", "cpu");
    cmd.addOption("threads", "LibTorch threads (0: all cores or ORINET_THREADS)", "T", "0");
    cmd.addOutputOptions();
    if (!cmd.parse(args))
        return 0;
    if (!cmd.positionals().isEmpty())
        throw UsageError("unexpected argument '" + cmd.positionals().first().toStdString() + "'");
    ModelImport::Options options;
    options.modelFile = cmd.required("torchscript").toStdString();
    options.cardFile = cmd.required("card").toStdString();
    options.device = cmd.choiceValue("device", deviceChoices()).toStdString();
    const RunFolder run(cmd.required("out").toStdString());
    runtime::configureThreads(cmd.intValue("threads", 0, maxThreads()));

    const ImportRecord::Model model = ModelImport::importTorchScript(options, run);
    QJsonArray sources;
    for (const ImportRecord::Source& s : model.sources) {
        cmd.print("%-12s %s: %s, %llu bytes (sha256 %.12s…)\n", (s.role + ":").c_str(),
                  s.file.c_str(), s.format.c_str(), static_cast<unsigned long long>(s.bytes),
                  s.sha256.c_str());
        sources.append(QJsonObject{{"role", QString::fromStdString(s.role)},
                                   {"file", QString::fromStdString(s.file)},
                                   {"sha256", QString::fromStdString(s.sha256)},
                                   {"bytes", static_cast<qint64>(s.bytes)},
                                   {"format", QString::fromStdString(s.format)}});
    }
    const ModelCard card = ModelCard::load(run.modelCardFile());
    cmd.print("imported the TorchScript model of %s (%s, %lld-d descriptors) into %s\n",
              card.method.c_str(), model.input.c_str(), static_cast<long long>(model.dimension),
              run.directory().c_str());
    QJsonObject& result = cmd.result();
    result["run"] = QString::fromStdString(run.directory());
    result["method"] = QString::fromStdString(card.method);
    result["kind"] = QString::fromStdString(model.kind);
    result["model"] = QString::fromStdString(run.scriptedModelFile());
    result["card"] = QString::fromStdString(run.modelCardFile());
    result["input"] = QString::fromStdString(model.input);
    result["dimension"] = static_cast<qint64>(model.dimension);
    result["libtorch"] = QString::fromStdString(model.libtorch);
    result["sources"] = sources;
    return cmd.finish();
}

} // namespace orinet::cli
