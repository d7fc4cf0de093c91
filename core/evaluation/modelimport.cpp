#include "evaluation/modelimport.h"

#include "common/error.h"
#include "common/feedback.h"
#include "common/filedigest.h"
#include "common/outputtarget.h"
#include "common/textformat.h"
#include "model/modelcard.h"
#include "model/torchscriptmodel.h"
#include "retrieval/descriptorset.h"

#include <filesystem>
#include <unistd.h>

namespace orinet {

namespace fs = std::filesystem;

namespace {

ImportRecord::Source sourceOf(const std::string& role, const std::string& file,
                              const std::string& format) {
    const FileDigest digest = FileDigest::ofFile(file);
    ImportRecord::Source s;
    s.role = role;
    std::error_code ec;
    s.file = fs::absolute(file, ec).lexically_normal().string();
    s.sha256 = digest.sha256();
    s.bytes = digest.bytes();
    s.format = format;
    return s;
}

//! RUN/model/ holds only what an import writes there.
OutputTarget::FolderKind modelFolderKind(const RunFolder& run) {
    OutputTarget::FolderKind kind;
    kind.name = "model folder of an imported run (model.pt, card.json)";
    const std::string model = fs::path(run.scriptedModelFile()).filename().string();
    const std::string card = fs::path(run.modelCardFile()).filename().string();
    kind.recognises = [](const std::string&) { return true; };
    kind.ownsEntry = [model, card](const std::string& entry) {
        return entry == model || entry == card || OutputTarget::isTemporaryOf(entry, model) ||
               OutputTarget::isTemporaryOf(entry, card);
    };
    return kind;
}

//! Copies `from` over `to` through a temporary beside it, so `to` is the old or the whole new
//! file.
void copyInto(const std::string& from, const std::string& to) {
    const std::string temporary = to + ".tmp-" + std::to_string(::getpid());
    std::error_code ec;
    fs::copy_file(from, temporary, fs::copy_options::overwrite_existing, ec);
    if (!ec)
        fs::rename(temporary, to, ec);
    if (ec) {
        std::error_code ignored;
        fs::remove(temporary, ignored);
        throw Error(to, "cannot copy " + from + " there: " + ec.message());
    }
}

} // namespace

void ModelImport::checkTarget(const RunFolder& run, const std::string& method) {
    const std::string& dir = run.directory();
    if (RunFolder::isRun(dir))
        throw Error(dir, "is a training run: import another method's model into a folder of its "
                         "own (nothing was changed)");
    OutputTarget::checkFolder(dir, RunFolder::importedFolderKind());
    std::error_code ec;
    if (fs::exists(run.importFile(), ec)) {
        const ImportRecord existing = ImportRecord::load(run.importFile());
        if (!existing.model)
            throw Error(dir, "holds imported descriptors of '" + existing.method +
                                 "', not a model: import the model into a folder of its own "
                                 "(nothing was changed)");
        if (existing.method != method)
            throw Error(dir, "holds the model of '" + existing.method + "', not '" + method +
                                 "': import each model into a folder of its own (nothing was "
                                 "changed)");
    }
    OutputTarget::checkFolder(run.modelDirectory(), modelFolderKind(run));
}

ModelImport::Found ModelImport::examine(const Options& options) {
    Found found;
    found.card = ModelCard::load(options.cardFile);
    TorchScriptModel model(options.modelFile, found.card,
                           options.device.empty() ? std::string("cpu") : options.device);
    model.probe();
    found.methods = model.methodNames();
    found.archiveVersion = TorchScriptModel::archiveVersion(options.modelFile);
    return found;
}

ImportRecord::Model ModelImport::importTorchScript(const Options& options, const RunFolder& run) {
    const ModelCard card = ModelCard::load(options.cardFile);
    checkTarget(run, card.method);
    // Everything the model must do, before anything is written.
    examine(options);
    ImportRecord::Model entry;
    entry.kind = Provenance::kTorchScript;
    entry.file = fs::path(run.scriptedModelFile()).lexically_relative(run.directory()).string();
    entry.card = fs::path(run.modelCardFile()).lexically_relative(run.directory()).string();
    entry.dimension = card.descriptorDimension;
    entry.input = card.inputText();
    entry.libtorch = TorchScriptModel::libtorchVersion();
    const int64_t version = TorchScriptModel::archiveVersion(options.modelFile);
    entry.sources = {
        sourceOf("torchscript", options.modelFile,
                 "TorchScript" + (version >= 0 ? ", file-format version " + std::to_string(version)
                                               : std::string())),
        sourceOf("model card", options.cardFile, "model card")};
    entry.created = text::isoTimestampUtc();

    std::error_code ec;
    fs::create_directories(run.modelDirectory(), ec);
    if (ec)
        throw Error(run.modelDirectory(), "cannot create the folder: " + ec.message());
    ImportRecord record;
    if (fs::exists(run.importFile(), ec))
        record = ImportRecord::load(run.importFile());
    record.method = card.method;
    record.model = entry;
    // import.json first: it makes the folder an imported run, so a second attempt after a
    // failure below may write into it again.
    record.save(run.importFile());
    copyInto(options.modelFile, run.scriptedModelFile());
    copyInto(options.cardFile, run.modelCardFile());
    return entry;
}

TorchScriptModel ModelImport::open(const RunFolder& run, const std::string& device) {
    if (!run.hasScriptedModel())
        throw Error(run.directory(), "is not a run made from a model (it has no " +
                                         run.scriptedModelFile() + "; orinet import-model)");
    return TorchScriptModel(run.scriptedModelFile(), ModelCard::load(run.modelCardFile()),
                            device.empty() ? std::string("cpu") : device);
}

Provenance ModelImport::provenanceOf(const RunFolder& run, const std::string& split,
                                     const DescriptorExtractor::Options& options) {
    const ImportRecord record = ImportRecord::load(run.importFile());
    Provenance p;
    p.split = split;
    p.checkpoint = run.scriptedModelFile();
    p.checkpointKind = Provenance::kTorchScript;
    p.method = record.method;
    p.preset = record.model ? record.model->input : std::string();
    p.inputs = options.randomOrientationSeed
                   ? "random orientation, seed " + std::to_string(*options.randomOrientationSeed)
                   : std::string();
    return p;
}

DescriptorSet ModelImport::extract(const RunFolder& run, const Dataset& dataset,
                                   const std::string& split,
                                   const DescriptorExtractor::Options& options,
                                   Feedback& feedback) {
    TorchScriptModel model = open(run, options.device);
    // One probe batch before any image is read: a card that disagrees with the model fails
    // here, not after the first batch of a long extraction.
    model.probe();
    return DescriptorExtractor::extract(model, model.card(), provenanceOf(run, split, options),
                                        weightsFingerprint(run), dataset, split, options, feedback);
}

std::string ModelImport::weightsFingerprint(const RunFolder& run) {
    const ImportRecord record = ImportRecord::load(run.importFile());
    std::string fingerprint;
    if (record.model)
        for (const ImportRecord::Source& s : record.model->sources)
            if (s.role == "torchscript")
                fingerprint = "sha256:" + s.sha256;
    return fingerprint;
}

} // namespace orinet
