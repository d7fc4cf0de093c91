#include "evaluation/runevaluation.h"

#include "common/error.h"
#include "common/feedback.h"
#include "common/outputtarget.h"
#include "common/textformat.h"
#include "dataset/dataset.h"
#include "evaluation/modelimport.h"
#include "retrieval/descriptorset.h"
#include "run/checkpoint.h"

#include <filesystem>

namespace orinet {

namespace fs = std::filesystem;

std::string RunEvaluation::Result::note() const {
    std::string text = fellBack ? fallbackReason : std::string();
    const std::string statistics = recalibration.note();
    if (!statistics.empty())
        text += (text.empty() ? "" : "; ") + statistics;
    return text;
}

RunEvaluation::RunEvaluation(RunFolder run, Options options)
    : mRun(std::move(run))
    , mOptions(std::move(options)) {}

const RunEvaluation::Result& RunEvaluation::run(const Dataset* dataset, const std::string& split,
                                                Feedback& feedback) {
    {
        Feedback part(feedback, 0.0, 0.9);
        describe(dataset, split, part);
    }
    Feedback part(feedback, 0.9, 1.0);
    measure(part);
    return mResult;
}

void RunEvaluation::describe(const Dataset* dataset, const std::string& split, Feedback& feedback) {
    mResult = Result();
    mDataset = dataset;
    mSplit = split;
    if (dataset && mRun.hasCheckpoint())
        extractOrReuse(*dataset, split, feedback);
    else if (dataset && mRun.hasScriptedModel())
        extractWithModelOrReuse(*dataset, split, feedback);
    else
        chooseStoredSet(dataset, split);
}

void RunEvaluation::extractOrReuse(const Dataset& dataset, const std::string& split,
                                   Feedback& feedback) {
    Result& r = mResult;
    const RunFolder::ChosenCheckpoint chosen =
        mRun.chooseCheckpoint(mOptions.checkpoint.value_or(CheckpointChoice::Last));
    r.checkpointFile = chosen.file;
    r.checkpoint = chosen.choice;
    r.fellBack = chosen.fellBack;
    r.fallbackReason = chosen.reason;
    DescriptorExtractor::Options options;
    options.normalization = mOptions.normalization.value_or(kDefaultSplitNormalization);
    options.randomOrientationSeed = mOptions.randomOrientationSeed;
    r.normalization = options.normalization;

    const std::string kind = toString(chosen.choice);
    const Provenance wanted = DescriptorExtractor::provenanceOf(Checkpoint::loadHeader(chosen.file),
                                                                kind, split, options);
    r.descriptorsDirectory = mRun.descriptorsDirectory(wanted);
    const fs::path meta = DescriptorSet::metadataFile(r.descriptorsDirectory);
    const size_t pairs = dataset.split(split).size();
    std::error_code ec;
    // Saved descriptors stand for this checkpoint only when made from the same state and
    // newer than the file (a resumed run rewrites last.ckpt in place).
    if (fs::exists(meta, ec) &&
        fs::last_write_time(meta, ec) >= fs::last_write_time(chosen.file, ec)) {
        auto cached = std::make_shared<DescriptorSet>(DescriptorSet::load(r.descriptorsDirectory));
        const Provenance& c = cached->provenance;
        if (c.checkpoint == chosen.file && c.step == wanted.step && c.split == split &&
            c.normalization == wanted.normalization && c.inputs == wanted.inputs &&
            static_cast<size_t>(cached->ground.rows) == pairs) {
            r.origin = DescriptorOrigin::Reused;
            r.descriptors = std::move(cached);
            return;
        }
    }
    Checkpoint checkpoint = Checkpoint::load(chosen.file);
    auto set = std::make_shared<DescriptorSet>(DescriptorExtractor::extract(
        checkpoint, kind, dataset, split, options, feedback, &r.recalibration));
    set->save(r.descriptorsDirectory);
    r.origin = DescriptorOrigin::Extracted;
    r.descriptors = std::move(set);
}

void RunEvaluation::extractWithModelOrReuse(const Dataset& dataset, const std::string& split,
                                            Feedback& feedback) {
    Result& r = mResult;
    DescriptorExtractor::Options options;
    options.randomOrientationSeed = mOptions.randomOrientationSeed;
    const Provenance wanted = ModelImport::provenanceOf(mRun, split, options);
    r.checkpointFile = wanted.checkpoint;
    r.descriptorsDirectory = mRun.descriptorsDirectory(wanted);
    const fs::path meta = DescriptorSet::metadataFile(r.descriptorsDirectory);
    const size_t pairs = dataset.split(split).size();
    std::error_code ec;
    // As for a checkpoint: a saved set stands for the model when newer than its file (a new
    // import replaces the file).
    if (fs::exists(meta, ec) &&
        fs::last_write_time(meta, ec) >= fs::last_write_time(wanted.checkpoint, ec)) {
        auto cached = std::make_shared<DescriptorSet>(DescriptorSet::load(r.descriptorsDirectory));
        const Provenance& c = cached->provenance;
        if (c.isTorchScript() && c.split == split && c.inputs == wanted.inputs &&
            static_cast<size_t>(cached->ground.rows) == pairs) {
            std::vector<std::string> ids;
            for (size_t i : dataset.split(split))
                ids.push_back(dataset.pairs()[i].id);
            if (cached->ids == ids) {
                r.origin = DescriptorOrigin::Reused;
                r.descriptors = std::move(cached);
                return;
            }
        }
    }
    auto set = std::make_shared<DescriptorSet>(
        ModelImport::extract(mRun, dataset, split, options, feedback));
    set->save(r.descriptorsDirectory);
    r.origin = DescriptorOrigin::Extracted;
    r.descriptors = std::move(set);
}

void RunEvaluation::chooseStoredSet(const Dataset* dataset, const std::string& split) {
    // With a dataset (a run without checkpoint): the one set of that split made from the
    // pairs as they are, whatever its checkpoint and mode. Without: the one set that fits
    // what was asked for, as far as it was.
    const size_t pairs = dataset ? dataset->split(split).size() : 0;
    std::vector<std::string> fitting;
    std::shared_ptr<DescriptorSet> chosen;
    for (const std::string& folder : mRun.descriptorSets()) {
        auto set = std::make_shared<DescriptorSet>(DescriptorSet::load(folder));
        const Provenance& p = set->provenance;
        bool fits;
        if (dataset) {
            fits = (p.split == split ||
                    (p.split.empty() && static_cast<size_t>(set->ground.rows) == pairs)) &&
                   p.inputs.empty();
        } else {
            fits =
                (split.empty() || p.split == split) &&
                (!mOptions.checkpoint || p.checkpointKind == toString(*mOptions.checkpoint)) &&
                (!mOptions.normalization || p.normalization == toString(*mOptions.normalization));
        }
        if (!fits)
            continue;
        fitting.push_back(folder);
        if (!chosen)
            chosen = std::move(set);
    }
    if (fitting.size() != 1) {
        if (dataset)
            throw Error(mRun.directory(),
                        "the run has no checkpoint (" + mRun.lastCheckpoint() +
                            ") to extract the descriptors of split '" + split + "' with, " +
                            (fitting.empty()
                                 ? "and no descriptor set of split '" + split + "' is stored there"
                                 : "and " + std::to_string(fitting.size()) +
                                       " descriptor sets of split '" + split +
                                       "' are stored there (evaluate one with --descriptors)"));
        std::string names;
        for (const std::string& folder : fitting)
            names += (names.empty() ? "" : ", ") + fs::path(folder).filename().string();
        throw Error(mRun.descriptorsRoot(),
                    fitting.empty() ? std::string("no stored descriptor set fits; give --dataset "
                                                  "and --split to extract one")
                                    : "several descriptor sets fit (" + names +
                                          "); choose with --split, --checkpoint and --bn");
    }
    Result& r = mResult;
    const Provenance& p = chosen->provenance;
    if (dataset) {
        // A set of another dataset's split of the same name and size must not be measured
        // with this one's positions.
        std::vector<std::string> ids;
        for (size_t i : dataset->split(split))
            ids.push_back(dataset->pairs()[i].id);
        chosen->checkIds(ids, "split '" + split + "' of " + dataset->root());
    }
    r.origin = p.isImported() ? DescriptorOrigin::Imported : DescriptorOrigin::Stored;
    r.descriptorsDirectory = fitting.front();
    r.checkpointFile = p.checkpoint;
    if (p.checkpointKind == toString(CheckpointChoice::Last) ||
        p.checkpointKind == toString(CheckpointChoice::Best))
        r.checkpoint = fromString<CheckpointChoice>(p.checkpointKind);
    if (!p.normalization.empty())
        try {
            r.normalization = fromString<Normalization>(p.normalization);
        } catch (const Error&) {
            // a mode this version does not know: the field stays unset
        }
    r.descriptors = std::move(chosen);
}

void RunEvaluation::measure(Feedback& feedback) {
    Result& r = mResult;
    if (!r.descriptors)
        throw Error(mRun.directory(), "nothing to evaluate: describe() first");
    const bool geoAsked = !mOptions.evaluation.geoMetres.empty();
    r.positions.clear();
    r.noGeoRecall.clear();
    if (!mOptions.positionsFile.empty()) {
        r.positions = Evaluation::loadPositions(mOptions.positionsFile);
    } else if (mDataset) {
        std::string why;
        r.positions =
            positionsOf(*mDataset, mSplit, static_cast<size_t>(r.descriptors->ground.rows), &why);
        if (r.positions.empty() && geoAsked)
            r.noGeoRecall = why;
    } else if (geoAsked) {
        r.noGeoRecall = "neither a dataset nor a positions file gives the pairs' positions";
    }
    r.resultsDirectory = mOptions.resultsDirectory.empty()
                             ? mRun.resultsDirectory(r.descriptors->provenance)
                             : mOptions.resultsDirectory;
    std::error_code ec;
    const fs::path label = fs::absolute(r.descriptorsDirectory, ec).lexically_normal();
    r.reports = measureSet(*r.descriptors, label.string(), r.positions, mOptions,
                           r.resultsDirectory, feedback);
}

std::vector<metrics::EvaluationReport>
RunEvaluation::measureSet(const DescriptorSet& descriptors, const std::string& descriptorsLabel,
                          const std::vector<UtmPosition>& positions, const Options& options,
                          const std::string& resultsDirectory, Feedback& feedback) {
    std::vector<metrics::EvaluationReport> reports;
    const size_t count = options.directions.size();
    for (size_t i = 0; i < count; ++i) {
        EvaluationOptions evaluation = options.evaluation;
        evaluation.direction = options.directions[i];
        if (!resultsDirectory.empty()) {
            OutputTarget::checkFolder(resultsDirectory, metrics::EvaluationReport::folderKind());
            std::error_code ec;
            fs::create_directories(resultsDirectory, ec);
            if (evaluation.backend == RetrievalBackend::FaissIvfPq &&
                evaluation.retrieval.indexPath.empty()) {
                // Our own cache: rebuilt when the descriptors changed since it was made.
                evaluation.retrieval.indexPath =
                    (fs::path(resultsDirectory) /
                     ("gallery_" + metrics::toString(evaluation.direction) + ".ivfpq"))
                        .string();
                evaluation.retrieval.replaceStaleIndex = true;
            }
        }
        Feedback part(feedback, static_cast<double>(i) / static_cast<double>(count),
                      static_cast<double>(i + 1) / static_cast<double>(count));
        metrics::EvaluationReport report =
            Evaluation::run(descriptors, evaluation, positions, part);
        report.descriptors = descriptorsLabel;
        if (!resultsDirectory.empty()) {
            report.created = text::isoTimestampUtc();
            report.save(resultsDirectory);
        }
        reports.push_back(std::move(report));
    }
    return reports;
}

std::vector<UtmPosition> RunEvaluation::positionsOf(const Dataset& dataset,
                                                    const std::string& split, size_t rows,
                                                    std::string* why) {
    const size_t count = dataset.split(split).size();
    if (count != rows)
        throw Error(dataset.root(), "split '" + split + "' has " + std::to_string(count) +
                                        " pairs but the descriptors " + std::to_string(rows));
    return Evaluation::positions(dataset, split, why);
}

} // namespace orinet
