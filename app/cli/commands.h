#pragma once

#include <QStringList>

//! The `orinet` subcommands. Each takes its arguments (args[0] = program name), returns the
//! process exit code, and throws UsageError / orinet::Error for main() to report in one line.
namespace orinet::cli {

int runOrientation(const QStringList& args);

} // namespace orinet::cli
