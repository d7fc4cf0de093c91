#pragma once

#include "training/trainingconfig.h"

#include "common/outputtarget.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace orinet {

struct Provenance;

//! Which of a run's checkpoints to use.
enum class CheckpointChoice {
    Last, //!< the end of training (the paper's protocol reports the last epoch)
    Best, //!< highest validation recall@1% (selection on the validation split)
};
std::string toString(CheckpointChoice choice); //!< "last" | "best"
//! Throws orinet::Error for anything but "last" and "best".
CheckpointChoice checkpointChoiceFromString(const std::string& text);

//! The one owner of a run folder's layout (docs/training.md). Nothing else spells these paths:
//!   config.json                  the training configuration (also inside every checkpoint)
//!   log.jsonl, log.csv           one record per step and per epoch (run/traininglog.h)
//!   checkpoints/last.ckpt        weights + training state, for resuming
//!   checkpoints/best.ckpt        weights of the best validated epoch (no training state)
//!   descriptors/<key>/           descriptor sets, one folder per Provenance::key()
//!   results/<key>/               evaluation results, one folder per Provenance::key()
//!   results/summary.json         the training summary
//!   results/annotations.json     tags and notes of queries (the GUI's failure inspector)
//!   heatmap/                     the localization heat map's tile descriptors
//! Cheap to copy; touches the disk only in the functions that say so.
class RunFolder {
public:
    explicit RunFolder(std::string directory);

    const std::string& directory() const { return mDirectory; }
    std::string configFile() const;
    std::string logFile() const;
    std::string csvLogFile() const;
    std::string checkpointsDirectory() const;
    std::string lastCheckpoint() const;
    std::string bestCheckpoint() const;
    std::string descriptorsRoot() const;
    std::string descriptorsDirectory(const Provenance& provenance) const;
    //! The folder that holds the descriptors `provenance` names: descriptorsDirectory(), or
    //! the descriptors folder itself where older versions kept one set (when its split
    //! matches). Empty when neither holds a set. Reads descriptors.json.
    std::string findDescriptors(const Provenance& provenance) const;
    std::string resultsRoot() const;
    std::string resultsDirectory(const Provenance& provenance) const;
    std::string summaryFile() const;
    std::string annotationsFile() const;
    std::string heatmapDirectory() const;

    //! checkpoints/last.ckpt exists.
    bool hasCheckpoint() const;
    //! A folder that looks like a run: it has config.json or checkpoints/.
    static bool isRun(const std::string& path);
    //! The run whose descriptors folder holds the set at `set` (RUN/descriptors/<key> or, as
    //! older versions wrote it, RUN/descriptors); none for a set anywhere else.
    static std::optional<RunFolder> ofDescriptors(const std::string& set);
    //! What a trainer writes, for OutputTarget: a run folder (isRun()). A folder of anything
    //! else is not made into a run.
    static OutputTarget::FolderKind folderKind();

    //! The configuration saved in the last checkpoint (read from its header only), else in
    //! config.json. Throws orinet::Error naming the file when neither can be read.
    TrainingConfig savedConfig() const;
    //! The configuration in config.json alone. Throws orinet::Error naming the file when it is
    //! missing or invalid.
    TrainingConfig configFileContent() const;

    //! The run whose checkpoints folder holds `checkpointFile`; nothing when the file is not in
    //! a run's checkpoints folder. Touches the disk (the folder may be reached by a link).
    static std::optional<RunFolder> holding(const std::string& checkpointFile);

    //! The checkpoint file to use for `choice`. A missing best.ckpt falls back to last.ckpt and
    //! says so in `note` (callers show it); no checkpoint at all throws orinet::Error naming
    //! the folder.
    std::string checkpoint(CheckpointChoice choice, std::string* note = nullptr) const;

    //! Creates the folder and its subfolders; throws orinet::Error naming it on failure, and
    //! before anything is created when the folder holds something that is not a run.
    void create() const;
    //! Removes temporary files left by killed writes (AtomicFile) whose writer is gone;
    //! returns their paths.
    std::vector<std::string> removeStaleTemporaries() const;

    //! An exclusive claim on the folder for one writer (a trainer): a second process trying to
    //! train into the same folder gets a clear error instead of corrupting it. Released on
    //! destruction or when the process dies.
    class Lock {
    public:
        ~Lock();
        Lock(const Lock&) = delete;
        Lock& operator=(const Lock&) = delete;

    private:
        friend class RunFolder;
        explicit Lock(int fd)
            : mFd(fd) {}
        int mFd;
    };
    //! Throws orinet::Error naming the folder when another process holds it.
    std::unique_ptr<Lock> lock() const;

private:
    std::string path(const char* relative) const;
    std::string mDirectory;
};

} // namespace orinet
