#pragma once

#include "run/trainingconfig.h"

#include "common/enumnames.h"
#include "common/outputtarget.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace orinet {

struct Provenance;
namespace metrics {
class EvaluationReport;
}

//! Which of a run's checkpoints to use.
enum class CheckpointChoice {
    Last, //!< the end of training (the paper's protocol reports the last epoch)
    Best, //!< highest validation recall@1% (selection on the validation split)
};
template <> struct EnumNames<CheckpointChoice> {
    static constexpr const char* kind = "checkpoint";
    static constexpr std::array<std::pair<CheckpointChoice, const char*>, 2> names{
        {{CheckpointChoice::Last, "last"}, {CheckpointChoice::Best, "best"}}};
};

//! The one owner of a run folder's layout (docs/training.md). Nothing else spells these paths:
//!   config.json                  the training configuration (also inside every checkpoint)
//!   log.jsonl, log.csv           one record per step and per epoch (run/traininglog.h)
//!   checkpoints/last.ckpt        weights + training state, for resuming
//!   checkpoints/best.ckpt        weights of the best validated epoch (no training state)
//!   descriptors/<key>/           descriptor sets, one folder per Provenance::key() (of a VIGOR
//!                                split: QueryGalleryDescriptors, whose files the sets'
//!                                readers here do not take for theirs)
//!   results/<key>/               evaluation results, one folder per Provenance::key() (of a
//!                                VIGOR split: querygallery.json, QueryGalleryReport)
//!   validation/                  a VIGOR run's latest per-epoch validation descriptors
//!   results/summary.json         the training summary
//!   results/annotations.json     tags and notes of queries (the GUI's failure inspector)
//!   heatmap/                     the localization heat map's tile descriptors
//! An imported run (descriptors of another method, `orinet import-descriptors`) has no
//! config.json and no checkpoints/ but
//!   import.json                  the method, the source files and their SHA-256 (ImportRecord)
//! beside descriptors/ and results/ as above. A run made from another method's model
//! (`orinet import-model`, docs/torchscript.md) has an import.json naming the model and
//!   model/model.pt, model/card.json  the TorchScript model and its card, as given
//! from which its descriptors are extracted like a training run's.
//! Cheap to copy; touches the disk only in the functions that say so.
class RunFolder {
public:
    explicit RunFolder(std::string directory);

    const std::string& directory() const { return mDirectory; }
    std::string configFile() const;
    std::string importFile() const; //!< import.json of an imported run
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
    //! Every descriptor set the run stores, whoever made it: the descriptors folder itself
    //! when it holds one (older versions, or a set placed there by hand), then each of its
    //! subfolders that does, by name. A folder holds a set when it has ground.npy. Touches
    //! the disk, reads no set.
    std::vector<std::string> descriptorSets() const;
    //! validation/: a VIGOR run's latest per-epoch validation descriptors (held-out
    //! panoramas and gallery; QueryGalleryDescriptors), replaced every epoch.
    std::string validationDirectory() const;
    std::string resultsRoot() const;
    std::string resultsDirectory(const Provenance& provenance) const;
    std::string summaryFile() const;
    std::string annotationsFile() const;
    std::string heatmapDirectory() const;
    std::string modelDirectory() const;    //!< model/ of a run made from a model
    std::string scriptedModelFile() const; //!< model/model.pt
    std::string modelCardFile() const;     //!< model/card.json

    //! checkpoints/last.ckpt exists.
    bool hasCheckpoint() const;
    //! An imported run with a TorchScript model (scriptedModelFile() exists).
    bool hasScriptedModel() const;
    //! A folder that looks like a training run: it has config.json or checkpoints/.
    static bool isRun(const std::string& path);
    //! A run of imported descriptors: it has an import.json (ImportRecord) and is no training
    //! run. Its results and descriptors belong to it as a training run's do (ofResults(),
    //! ofDescriptors()).
    static bool isImportedRun(const std::string& path);
    //! The run (a training run or an imported one) whose descriptors folder holds the set at
    //! `set` (RUN/descriptors/<key> or, as older versions wrote it, RUN/descriptors); none for
    //! a set anywhere else.
    static std::optional<RunFolder> ofDescriptors(const std::string& set);
    //! The run whose results `path` is or lies in: RUN/results, RUN/results/<key>, or a file
    //! in one of them. RUN/results and its files are recognised by the layout alone (results
    //! are often copied without the run's checkpoints); a keyed folder needs RUN to be a run
    //! (isRun() or isImportedRun()), so that `--out out/results/aligned` is not taken for a run's.
    //! None for anything else, the run folder itself included.
    static std::optional<RunFolder> ofResults(const std::string& path);
    //! Every results file (eval_*.json) of `fileOrFolder`: the file itself, or those in the
    //! folder, in its results folder and in the keyed folders below that (a run folder),
    //! sorted. Throws orinet::Error naming it when it does not exist.
    static std::vector<std::string> findResults(const std::string& fileOrFolder);
    //! The one results file findResults() finds, preferring g2s; throws orinet::Error naming
    //! `fileOrFolder` when there is none, or several to choose from (it lists them).
    static metrics::EvaluationReport loadResults(const std::string& fileOrFolder);
    //! The results files of `fileOrFolder` that stand for its evaluated directions: the file
    //! itself, or, of a folder, the one eval_g2s.json and the one eval_s2g.json findResults()
    //! finds (g2s first; a run evaluated both ways gives both), else its one results file of
    //! another name. Throws orinet::Error naming `fileOrFolder` when there is none, or several
    //! of one direction to choose from (it lists them).
    static std::vector<std::string> resultsPerDirection(const std::string& fileOrFolder);
    //! What a trainer writes, for OutputTarget: a run folder (isRun()). A folder of anything
    //! else is not made into a run.
    static OutputTarget::FolderKind folderKind();
    //! What `orinet import-descriptors` writes: an imported run (isImportedRun()). A training
    //! run is not one: another method's descriptors are imported into a folder of their own.
    static OutputTarget::FolderKind importedFolderKind();

    //! The configuration saved in the last checkpoint (read from its header only), else in
    //! config.json. Throws orinet::Error naming the file when neither can be read.
    TrainingConfig savedConfig() const;
    //! The configuration in config.json alone. Throws orinet::Error naming the file when it is
    //! missing or invalid.
    TrainingConfig configFileContent() const;

    //! The run whose checkpoints folder holds `checkpointFile`; nothing when the file is not in
    //! a run's checkpoints folder. Touches the disk (the folder may be reached by a link).
    static std::optional<RunFolder> holding(const std::string& checkpointFile);

    //! Which checkpoint file a choice leads to, and whether it had to fall back.
    struct ChosenCheckpoint {
        std::string file;
        CheckpointChoice choice = CheckpointChoice::Last; //!< the one used: Last after a fallback
        bool fellBack = false;                            //!< best was asked for, last used
        std::string reason; //!< why it fell back (an English sentence naming the file used)
    };
    //! The checkpoint file to use for `choice`. A missing best.ckpt falls back to last.ckpt
    //! (callers say so); no checkpoint at all throws orinet::Error naming the folder.
    ChosenCheckpoint chooseCheckpoint(CheckpointChoice choice) const;
    //! chooseCheckpoint()'s file, the reason of a fallback in `note`.
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
