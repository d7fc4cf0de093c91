#include "evaluation/querygalleryrunevaluation.h"

#include "common/error.h"
#include "common/feedback.h"
#include "common/outputtarget.h"
#include "common/textformat.h"
#include "dataset/dataset.h"
#include "dataset/querygallery.h"
#include "dataset/querygallerypairs.h"
#include "evaluation/modelimport.h"
#include "evaluation/querygalleryextraction.h"
#include "metrics/querygalleryevaluation.h"
#include "model/torchscriptmodel.h"
#include "retrieval/querygallerydescriptors.h"
#include "run/checkpoint.h"

#include <chrono>
#include <filesystem>

namespace orinet {

namespace fs = std::filesystem;

namespace {

const char* const kQueries = QueryGalleryPairs::kQueries;
const char* const kGallery = QueryGalleryPairs::kGallery;

std::string protocolName(VigorProtocol protocol) {
    return QueryGalleryExtraction::protocolName(protocol);
}

std::vector<std::string> queryNames(const QueryGallery& truth) {
    return QueryGalleryExtraction::queryNames(truth);
}

std::vector<std::string> galleryNames(const QueryGallery& truth) {
    return QueryGalleryExtraction::galleryNames(truth);
}

std::vector<float> rowsOf(const cv::Mat& m) {
    const cv::Mat c = m.isContinuous() ? m : m.clone();
    return {c.ptr<float>(), c.ptr<float>() + c.total()};
}

} // namespace

std::string QueryGalleryRunEvaluation::Result::note() const {
    std::string text = fellBack ? fallbackReason : std::string();
    const std::string statistics = recalibration.note();
    if (!statistics.empty())
        text += (text.empty() ? "" : "; ") + statistics;
    return text;
}

QueryGalleryRunEvaluation::QueryGalleryRunEvaluation(RunFolder run, Options options)
    : mRun(std::move(run))
    , mOptions(std::move(options)) {}

std::string QueryGalleryRunEvaluation::splitName(const VigorOptions& vigor) {
    return "vigor-" + protocolName(vigor.protocol) + "-" + vigor.split;
}

const QueryGalleryRunEvaluation::Result& QueryGalleryRunEvaluation::run(const std::string& root,
                                                                        Feedback& feedback) {
    mResult = Result();
    if (!mRun.hasCheckpoint() && !mRun.hasScriptedModel())
        throw Error(mRun.directory(), "the run has neither a checkpoint (" + mRun.lastCheckpoint() +
                                          ") nor a model to describe the VIGOR images with");
    VigorOptions vigor = mOptions.vigor;
    vigor.checkFilesExist = false; // a missing image is named when it is read
    const QueryGallery truth = VigorFormat::read(root, vigor);
    {
        Feedback part(feedback, 0.0, 0.95);
        describe(root, truth, part);
    }
    Result& r = mResult;
    const auto start = std::chrono::steady_clock::now();
    auto evaluation = std::make_shared<metrics::QueryGalleryEvaluation>(
        metrics::QueryGalleryEvaluation::fromDescriptors(
            rowsOf(r.descriptors->queries), rowsOf(r.descriptors->gallery),
            r.descriptors->queries.cols, truth, mOptions.keepTop));
    feedback.checkCanceled();
    metrics::QueryGalleryReport report =
        metrics::QueryGalleryReport::make(*evaluation, truth, mOptions.geoMetres);
    report.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    report.protocol = protocolName(vigor.protocol);
    report.split = vigor.split;
    std::error_code ec;
    report.dataset = fs::absolute(root, ec).lexically_normal().string();
    report.descriptors = fs::absolute(r.descriptorsDirectory, ec).lexically_normal().string();
    report.provenance = r.descriptors->provenance;
    report.created = text::isoTimestampUtc();
    r.resultsDirectory = mRun.resultsDirectory(r.descriptors->provenance);
    report.save(r.resultsDirectory);
    r.report = std::move(report);
    r.evaluation = std::move(evaluation);
    feedback.report(1.0, "evaluated");
    return r;
}

void QueryGalleryRunEvaluation::describe(const std::string& root, const QueryGallery& truth,
                                         Feedback& feedback) {
    Result& r = mResult;
    const std::string split = splitName(mOptions.vigor);
    DescriptorExtractor::Options options;
    options.normalization = mOptions.normalization.value_or(kDefaultSplitNormalization);
    options.workers = mOptions.workers;
    options.batchSize = mOptions.batchSize;
    options.randomOrientationSeed = mOptions.randomOrientationSeed;

    // What the descriptors must have been made with, and from which file.
    Provenance wanted;
    std::string modelFile;
    if (mRun.hasCheckpoint()) {
        const RunFolder::ChosenCheckpoint chosen =
            mRun.chooseCheckpoint(mOptions.checkpoint.value_or(CheckpointChoice::Last));
        r.checkpointFile = modelFile = chosen.file;
        r.checkpoint = chosen.choice;
        r.fellBack = chosen.fellBack;
        r.fallbackReason = chosen.reason;
        r.normalization = options.normalization;
        wanted = DescriptorExtractor::provenanceOf(Checkpoint::loadHeader(chosen.file),
                                                   toString(chosen.choice), split, options);
    } else {
        wanted = ModelImport::provenanceOf(mRun, split, options);
        r.checkpointFile = modelFile = wanted.checkpoint;
    }
    r.descriptorsDirectory = mRun.descriptorsDirectory(wanted);
    // Every output before any work: what is there is replaced only when this tool wrote it.
    r.resultsDirectory = mRun.resultsDirectory(wanted);
    OutputTarget::checkFile(
        (fs::path(r.resultsDirectory) / metrics::QueryGalleryReport::fileName()).string(),
        metrics::QueryGalleryReport::fileKind());
    OutputTarget::checkFolder(r.descriptorsDirectory, QueryGalleryDescriptors::folderKind());

    const std::vector<std::string> queries = queryNames(truth);
    const std::vector<std::string> gallery = galleryNames(truth);
    const std::string meta = QueryGalleryDescriptors::metadataFile(r.descriptorsDirectory);
    std::error_code ec;
    // Saved descriptors stand for this model only when made from the same state, newer than
    // its file (a resumed run rewrites last.ckpt in place), and of the same images in order.
    if (fs::exists(meta, ec) &&
        fs::last_write_time(meta, ec) >= fs::last_write_time(modelFile, ec)) {
        try {
            auto cached = std::make_shared<QueryGalleryDescriptors>(
                QueryGalleryDescriptors::load(r.descriptorsDirectory));
            const Provenance& c = cached->provenance;
            if (c.checkpoint == wanted.checkpoint && c.checkpointKind == wanted.checkpointKind &&
                c.step == wanted.step && c.split == split &&
                c.normalization == wanted.normalization && c.inputs == wanted.inputs &&
                cached->queryNames == queries && cached->galleryNames == gallery) {
                r.origin = DescriptorOrigin::Reused;
                r.descriptors = std::move(cached);
                return;
            }
        } catch (const Canceled&) {
            throw;
        } catch (const Error&) {
            // a set cut short or made for other images: described again and replaced below
        }
    }

    const auto start = std::chrono::steady_clock::now();
    DescriptorExtractor::Sides sides;
    if (mRun.hasCheckpoint()) {
        Checkpoint checkpoint = Checkpoint::load(modelFile);
        // Recalibration needs pairs: the train split's (panorama, positive tile), read only
        // when the checkpoint has no statistics yet.
        std::optional<QueryGallery> train;
        if (options.normalization == Normalization::Recalibrated &&
            checkpoint.recalibrated.empty()) {
            VigorOptions trainOptions = mOptions.vigor;
            trainOptions.split = "train";
            trainOptions.checkFilesExist = false;
            train = VigorFormat::read(root, trainOptions);
        }
        const Dataset images = QueryGalleryPairs::imagesOf(root, truth, train ? &*train : nullptr);
        sides = DescriptorExtractor::extractSides(checkpoint, images, kQueries, kGallery, options,
                                                  feedback, &r.recalibration);
    } else {
        const Dataset images = QueryGalleryPairs::imagesOf(root, truth, nullptr);
        TorchScriptModel model = ModelImport::open(mRun);
        model.probe(); // a card that disagrees with the model fails before any image is read
        sides = DescriptorExtractor::extractSides(model, model.card(), images, kQueries, kGallery,
                                                  options, feedback);
    }
    r.extractionSeconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    auto set = std::make_shared<QueryGalleryDescriptors>();
    set->queries = sides.ground;
    set->gallery = sides.satellite;
    set->queryNames = queries;
    set->galleryNames = gallery;
    set->dataset = fs::absolute(root, ec).lexically_normal().string();
    set->protocol = protocolName(mOptions.vigor.protocol);
    set->provenance = wanted;
    set->save(r.descriptorsDirectory);
    r.queriesDescribed = sides.ground.rows;
    r.galleryDescribed = sides.satellite.rows;
    r.origin = DescriptorOrigin::Extracted;
    r.descriptors = std::move(set);
}

} // namespace orinet
