#pragma once

#include "trainingcurves.h"

#include <cstdint>
#include <string>

namespace orinet {
struct EpochSummary;
}

namespace orinet::runhistory {

//! An epoch record as the curves take it, logged or received live: the validation figures
//! are NaN when the epoch was not validated; recall@5, @10 and the hit rate are set for a
//! query/gallery (VIGOR) validation only. The time is the record's (NaN when it has none).
TrainingHistory::Epoch epochOf(const EpochSummary& summary);

//! A run folder's training history for the curves, from its log (RunFolder::logFile()), named
//! after the folder. Records after `upToStep` / `upToEpochs` are left out (a resume drops
//! them from the log: the checkpoint does not cover them); -1 keeps everything. Steps per
//! epoch come from the last checkpoint when there is one. An absent log is an empty history;
//! an unreadable one throws orinet::Error naming the file.
TrainingHistory read(const std::string& runDirectory, int64_t upToStep = -1, int upToEpochs = -1);

} // namespace orinet::runhistory
