#include "singleimagemodeloptions.h"

#include "choices.h"
#include "clicommand.h"

#include "run/runfolder.h"

#include <cstdio>

namespace orinet::cli {

namespace {

QStringList storedModes() {
    return {QString::fromStdString(toString(Normalization::Recalibrated)),
            QString::fromStdString(toString(Normalization::Running))};
}

} // namespace

void SingleImageModelOptions::add(CliCommand& cmd) {
    cmd.addOption("checkpoint",
                  "last (default), best, or a checkpoint or weights file instead of the run's",
                  "last|best|file", "last");
    const QString fallback = QString::fromStdString(toString(kDefaultPerImageNormalization));
    cmd.addOption("bn",
                  "BatchNorm statistics, " + alternatives(storedModes()) + " (default " + fallback +
                      "; running when the checkpoint has no recalibrated ones). Every image is "
                      "described alone, so the batch statistics of the paper's protocol "
                      "(extract's and eval's default 'original') do not apply",
                  "mode", fallback);
    cmd.addOption("preset", "input size for weights files that do not say", "name", "paper");
}

bool SingleImageModelOptions::fromRun(const CliCommand& cmd) {
    const QString which = cmd.value("checkpoint");
    return which == "last" || which == "best";
}

std::string SingleImageModelOptions::checkpoint(const CliCommand& cmd, const QString& run) {
    if (!fromRun(cmd))
        return cmd.value("checkpoint").toStdString();
    std::string note;
    const std::string file =
        RunFolder(run.toStdString())
            .checkpoint(fromString<CheckpointChoice>(cmd.value("checkpoint").toStdString()), &note);
    if (!note.empty())
        std::fprintf(stderr, "note: %s\n", note.c_str());
    return file;
}

Normalization SingleImageModelOptions::normalization(const CliCommand& cmd) {
    return cmd.enumValue<Normalization>("bn", storedModes());
}

std::string SingleImageModelOptions::fallbackPreset(const CliCommand& cmd) {
    return cmd.choiceValue("preset", presetChoices()).toStdString();
}

} // namespace orinet::cli
