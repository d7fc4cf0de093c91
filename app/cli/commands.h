#pragma once

#include <QStringList>

//! The `orinet` subcommands. Each takes its arguments (args[0] = program name), returns the
//! process exit code, and throws UsageError / orinet::Error for main() to report in one line.
namespace orinet::cli {

int runOrientation(const QStringList& args);
int runDataset(const QStringList& args);
int runSynth(const QStringList& args);
int runMakeDataset(const QStringList& args);
int runTrain(const QStringList& args);
int runExtract(const QStringList& args);
int runExportWeights(const QStringList& args);
int runImportWeights(const QStringList& args);
int runImportDescriptors(const QStringList& args);
int runImportModel(const QStringList& args);
int runEval(const QStringList& args);
int runPlot(const QStringList& args);
int runHeatmap(const QStringList& args);
int runExplain(const QStringList& args);

} // namespace orinet::cli
