#include "run/runfolder.h"

#include "common/atomicfile.h"
#include "common/error.h"
#include "common/provenance.h"
#include "metrics/evaluationreport.h"
#include "retrieval/vigordescriptorset.h"
#include "run/checkpoint.h"
#include "run/importrecord.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <sys/file.h>
#include <unistd.h>

namespace orinet {

namespace fs = std::filesystem;

RunFolder::RunFolder(std::string directory)
    : mDirectory(std::move(directory)) {}

std::string RunFolder::path(const char* relative) const {
    return (fs::path(mDirectory) / relative).string();
}

std::string RunFolder::configFile() const {
    return path("config.json");
}
std::string RunFolder::importFile() const {
    return path(ImportRecord::kFileName);
}
std::string RunFolder::logFile() const {
    return path("log.jsonl");
}
std::string RunFolder::csvLogFile() const {
    return path("log.csv");
}
std::string RunFolder::checkpointsDirectory() const {
    return path("checkpoints");
}
std::string RunFolder::lastCheckpoint() const {
    return path("checkpoints/last.ckpt");
}
std::string RunFolder::bestCheckpoint() const {
    return path("checkpoints/best.ckpt");
}
std::string RunFolder::descriptorsRoot() const {
    return path("descriptors");
}
std::string RunFolder::descriptorsDirectory(const Provenance& provenance) const {
    return (fs::path(descriptorsRoot()) / provenance.key()).string();
}
std::string RunFolder::findDescriptors(const Provenance& provenance) const {
    std::error_code ec;
    const std::string keyed = descriptorsDirectory(provenance);
    if (fs::is_regular_file(fs::path(keyed) / "descriptors.json", ec))
        return keyed;
    const fs::path legacy = fs::path(descriptorsRoot()) / "descriptors.json";
    if (!fs::is_regular_file(legacy, ec))
        return {};
    std::ifstream in(legacy);
    std::stringstream text;
    text << in.rdbuf();
    try {
        const Provenance stored = Provenance::fromJson(text.str(), legacy.string());
        if (stored.split.empty() || stored.split == provenance.split)
            return descriptorsRoot();
    } catch (const Error&) {
        // not a set this folder can vouch for
    }
    return {};
}

std::vector<std::string> RunFolder::descriptorSets() const {
    std::vector<std::string> sets;
    std::error_code ec;
    const fs::path root = descriptorsRoot();
    // A VIGOR set (extract --vigor --out into the run) has the same files but no pairs.
    const auto holdsSet = [&](const fs::path& folder) {
        return fs::is_regular_file(folder / "ground.npy", ec) &&
               !VigorDescriptorSet::isSet(folder.string());
    };
    if (holdsSet(root))
        sets.push_back(root.string());
    std::vector<std::string> keyed;
    for (const fs::directory_entry& entry : fs::directory_iterator(root, ec))
        if (entry.is_directory(ec) && holdsSet(entry.path()))
            keyed.push_back(entry.path().string());
    std::sort(keyed.begin(), keyed.end());
    sets.insert(sets.end(), keyed.begin(), keyed.end());
    return sets;
}

std::string RunFolder::validationDirectory() const {
    return (fs::path(mDirectory) / "validation").string();
}

std::string RunFolder::resultsRoot() const {
    return path("results");
}
std::string RunFolder::resultsDirectory(const Provenance& provenance) const {
    return (fs::path(resultsRoot()) / provenance.key()).string();
}
std::string RunFolder::summaryFile() const {
    return path("results/summary.json");
}
std::string RunFolder::annotationsFile() const {
    return path("results/annotations.json");
}
std::string RunFolder::heatmapDirectory() const {
    return path("heatmap");
}
std::string RunFolder::modelDirectory() const {
    return path("model");
}
std::string RunFolder::scriptedModelFile() const {
    return path("model/model.pt");
}
std::string RunFolder::modelCardFile() const {
    return path("model/card.json");
}

bool RunFolder::hasScriptedModel() const {
    std::error_code ec;
    return fs::is_regular_file(scriptedModelFile(), ec) && isImportedRun(mDirectory);
}

bool RunFolder::hasCheckpoint() const {
    std::error_code ec;
    return fs::is_regular_file(lastCheckpoint(), ec);
}

bool RunFolder::isRun(const std::string& directory) {
    std::error_code ec;
    const RunFolder run(directory);
    return fs::is_regular_file(run.configFile(), ec) ||
           fs::is_directory(run.checkpointsDirectory(), ec);
}

bool RunFolder::isImportedRun(const std::string& directory) {
    if (isRun(directory))
        return false;
    std::ifstream in(RunFolder(directory).importFile());
    std::string head(4096, '\0');
    in.read(head.data(), static_cast<std::streamsize>(head.size()));
    head.resize(static_cast<size_t>(in.gcount()));
    return ImportRecord::recognises(head);
}

std::optional<RunFolder> RunFolder::ofDescriptors(const std::string& set) {
    std::error_code ec;
    fs::path path = fs::absolute(set, ec).lexically_normal();
    if (!path.has_filename())
        path = path.parent_path(); // "RUN/descriptors/<key>/"
    for (const fs::path& root : {path, path.parent_path()}) {
        const RunFolder run(root.parent_path().string());
        if (fs::path(run.descriptorsRoot()).lexically_normal() == root &&
            (isRun(run.directory()) || isImportedRun(run.directory())))
            return run;
    }
    return std::nullopt;
}

std::optional<RunFolder> RunFolder::ofResults(const std::string& path) {
    std::error_code ec;
    fs::path folder = fs::absolute(path, ec).lexically_normal();
    if (!folder.has_filename())
        folder = folder.parent_path(); // "RUN/results/<key>/"
    if (!fs::is_directory(folder, ec))
        folder = folder.parent_path(); // a results file (or one that is gone)
    const auto isResultsRoot = [](const fs::path& dir) {
        const RunFolder run(dir.parent_path().string());
        return fs::path(run.resultsRoot()).lexically_normal() == dir;
    };
    if (isResultsRoot(folder))
        return RunFolder(folder.parent_path().string());
    const fs::path root = folder.parent_path();
    if (isResultsRoot(root) &&
        (isRun(root.parent_path().string()) || isImportedRun(root.parent_path().string())))
        return RunFolder(root.parent_path().string());
    return std::nullopt;
}

std::vector<std::string> RunFolder::findResults(const std::string& fileOrFolder) {
    std::error_code ec;
    if (!fs::exists(fileOrFolder, ec))
        throw Error(fileOrFolder, "no such file or folder");
    if (!fs::is_directory(fileOrFolder, ec))
        return {fileOrFolder};
    const RunFolder run(fileOrFolder);
    std::vector<fs::path> folders{fileOrFolder, run.resultsRoot()};
    for (const auto& entry : fs::directory_iterator(run.resultsRoot(), ec))
        if (entry.is_directory(ec))
            folders.push_back(entry.path());
    std::vector<std::string> found;
    for (const fs::path& dir : folders)
        for (const auto& entry : fs::directory_iterator(dir, ec))
            if (metrics::EvaluationReport::isJsonFileName(entry.path().filename().string()))
                found.push_back(entry.path().string());
    std::sort(found.begin(), found.end());
    return found;
}

metrics::EvaluationReport RunFolder::loadResults(const std::string& fileOrFolder) {
    const std::vector<std::string> all = findResults(fileOrFolder);
    if (all.size() == 1)
        return metrics::EvaluationReport::loadJson(all.front());
    std::vector<std::string> g2s;
    for (const std::string& f : all)
        if (fs::path(f).filename() ==
            metrics::EvaluationReport::jsonFileName(metrics::Direction::GroundToSatellite))
            g2s.push_back(f);
    if (g2s.size() == 1)
        return metrics::EvaluationReport::loadJson(g2s.front());
    if (all.empty())
        throw Error(fileOrFolder, "no evaluation results (eval_*.json) in this folder or its "
                                  "results/ folder; run 'orinet eval' first");
    std::string list;
    for (const std::string& f : g2s.empty() ? all : g2s)
        list += (list.empty() ? "" : ", ") + fs::relative(f, fileOrFolder).string();
    throw Error(fileOrFolder, "holds several evaluation results (" + list + "); name the file");
}

std::vector<std::string> RunFolder::resultsPerDirection(const std::string& fileOrFolder) {
    const std::vector<std::string> all = findResults(fileOrFolder);
    if (all.empty())
        throw Error(fileOrFolder, "no evaluation results (eval_*.json) in this folder or its "
                                  "results/ folder; run 'orinet eval' first");
    if (all.size() == 1)
        return all;
    std::vector<std::string> chosen;
    std::string ambiguous;
    for (const metrics::Direction direction :
         {metrics::Direction::GroundToSatellite, metrics::Direction::SatelliteToGround}) {
        std::vector<std::string> files;
        for (const std::string& f : all)
            if (fs::path(f).filename() == metrics::EvaluationReport::jsonFileName(direction))
                files.push_back(f);
        if (files.size() == 1)
            chosen.push_back(files.front());
        for (size_t i = 0; files.size() > 1 && i < files.size(); ++i)
            ambiguous +=
                (ambiguous.empty() ? "" : ", ") + fs::relative(files[i], fileOrFolder).string();
    }
    if (!ambiguous.empty())
        throw Error(fileOrFolder,
                    "holds several evaluation results (" + ambiguous + "); name the file");
    if (chosen.empty()) { // several files, none named after a direction
        std::string list;
        for (const std::string& f : all)
            list += (list.empty() ? "" : ", ") + fs::relative(f, fileOrFolder).string();
        throw Error(fileOrFolder, "holds several evaluation results (" + list + "); name the file");
    }
    return chosen;
}

OutputTarget::FolderKind RunFolder::folderKind() {
    OutputTarget::FolderKind kind;
    kind.name = "run folder (config.json, checkpoints/)";
    kind.recognises = [](const std::string& folder) { return isRun(folder); };
    return kind;
}

OutputTarget::FolderKind RunFolder::importedFolderKind() {
    OutputTarget::FolderKind kind;
    kind.name = "imported run (import.json)";
    kind.recognises = [](const std::string& folder) { return isImportedRun(folder); };
    return kind;
}

TrainingConfig RunFolder::savedConfig() const {
    if (hasCheckpoint())
        return Checkpoint::loadHeader(lastCheckpoint()).config;
    std::error_code ec;
    if (!fs::exists(configFile(), ec))
        throw Error(mDirectory, "not a run folder: it has neither " + lastCheckpoint() + " nor " +
                                    configFile());
    return configFileContent();
}

TrainingConfig RunFolder::configFileContent() const {
    std::error_code ec;
    if (!fs::is_regular_file(configFile(), ec))
        throw Error(configFile(), "is missing");
    std::ifstream in(configFile());
    if (!in)
        throw Error(configFile(), "cannot be read");
    std::stringstream text;
    text << in.rdbuf();
    return TrainingConfig::fromJson(text.str(), configFile());
}

std::optional<RunFolder> RunFolder::holding(const std::string& checkpointFile) {
    const fs::path folder = fs::absolute(fs::path(checkpointFile)).parent_path();
    const RunFolder candidate(folder.parent_path().string());
    std::error_code ec;
    if (fs::equivalent(candidate.checkpointsDirectory(), folder, ec) && !ec)
        return candidate;
    return std::nullopt;
}

RunFolder::ChosenCheckpoint RunFolder::chooseCheckpoint(CheckpointChoice choice) const {
    std::error_code ec;
    ChosenCheckpoint chosen;
    if (choice == CheckpointChoice::Best && fs::is_regular_file(bestCheckpoint(), ec)) {
        chosen.file = bestCheckpoint();
        chosen.choice = CheckpointChoice::Best;
        return chosen;
    }
    if (!hasCheckpoint())
        throw Error(mDirectory,
                    "the run has no checkpoint yet (" + lastCheckpoint() + " is missing)");
    chosen.file = lastCheckpoint();
    if (choice == CheckpointChoice::Best) {
        chosen.fellBack = true;
        chosen.reason =
            "the run has no best checkpoint (no validated epoch yet); using " + lastCheckpoint();
    }
    return chosen;
}

std::string RunFolder::checkpoint(CheckpointChoice choice, std::string* note) const {
    ChosenCheckpoint chosen = chooseCheckpoint(choice);
    if (note && chosen.fellBack)
        *note = chosen.reason;
    return chosen.file;
}

void RunFolder::create() const {
    OutputTarget::checkFolder(mDirectory, folderKind());
    std::error_code ec;
    fs::create_directories(checkpointsDirectory(), ec);
    if (!ec)
        fs::create_directories(resultsRoot(), ec);
    if (ec || !fs::is_directory(checkpointsDirectory()))
        throw Error(mDirectory, "cannot create the run folder: " + ec.message());
}

std::vector<std::string> RunFolder::removeStaleTemporaries() const {
    std::vector<std::string> removed;
    for (const std::string& dir :
         {mDirectory, checkpointsDirectory(), resultsRoot(), validationDirectory()}) {
        std::vector<std::string> more = AtomicFile::removeStale(dir);
        removed.insert(removed.end(), more.begin(), more.end());
    }
    return removed;
}

RunFolder::Lock::~Lock() {
    if (mFd >= 0)
        ::close(mFd); // closing releases the flock
}

std::unique_ptr<RunFolder::Lock> RunFolder::lock() const {
    const std::string file = path(".lock");
    const int fd = ::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0)
        throw Error(file,
                    std::string("cannot create the run's lock file: ") + std::strerror(errno));
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
        const int error = errno;
        ::close(fd);
        if (error == EWOULDBLOCK)
            throw Error(mDirectory, "another process is training in this run folder");
        throw Error(file, std::string("cannot lock the run folder: ") + std::strerror(error));
    }
    return std::unique_ptr<Lock>(new Lock(fd));
}

} // namespace orinet
