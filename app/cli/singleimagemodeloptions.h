#pragma once

#include "model/normalization.h"

#include <QString>

#include <string>

namespace orinet::cli {

class CliCommand;

//! The options of the commands that describe images one at a time with a run's model
//! (`heatmap`, `explain`): --checkpoint, --bn (stored statistics only: the batch statistics of
//! the paper's protocol do not apply to one image) and --preset, and what they choose.
class SingleImageModelOptions {
public:
    static void add(CliCommand& cmd);
    //! Whether --checkpoint names the run's last or best checkpoint (then --run is needed).
    static bool fromRun(const CliCommand& cmd);
    //! The checkpoint file chosen: the run's (`run`), or the file --checkpoint names. A best
    //! checkpoint that falls back to the last one is said on stderr.
    static std::string checkpoint(const CliCommand& cmd, const QString& run);
    static Normalization normalization(const CliCommand& cmd);
    static std::string fallbackPreset(const CliCommand& cmd);
};

} // namespace orinet::cli
