#include "training/querygalleryvalidation.h"

#include "common/error.h"
#include "common/feedback.h"
#include "dataset/querygallerypairs.h"
#include "extraction/descriptorextractor.h"
#include "metrics/querygalleryevaluation.h"
#include "metrics/querygalleryreport.h"
#include "run/checkpoint.h"
#include "run/trainingconfig.h"

namespace orinet {

namespace {

std::vector<float> rowsOf(const cv::Mat& m) {
    const cv::Mat c = m.isContinuous() ? m : m.clone();
    return {c.ptr<float>(), c.ptr<float>() + c.total()};
}

std::vector<std::string> namesOf(const QueryGallery& truth, bool queries) {
    std::vector<std::string> names;
    const int64_t n = queries ? truth.queryCount() : truth.galleryCount();
    for (int64_t i = 0; i < n; ++i) {
        const QueryGallery::Item& item = queries ? truth.query(i) : truth.galleryItem(i);
        names.push_back(metrics::QueryGalleryReport::itemName(item.group, item.name));
    }
    return names;
}

} // namespace

QueryGalleryValidation::QueryGalleryValidation(std::shared_ptr<const QueryGalleryPairs> pairs,
                                               int workers)
    : mPairs(std::move(pairs))
    , mWorkers(std::max(1, workers)) {
    if (!mPairs || mPairs->heldOut().queryCount() == 0)
        throw Error("a VIGOR validation needs panoramas held out of the training pairs");
}

QueryGalleryValidation::~QueryGalleryValidation() = default;

const QueryGallery& QueryGalleryValidation::truth() const {
    return mPairs->heldOut();
}

std::string QueryGalleryValidation::splitName(const TrainingConfig& config) const {
    return "vigor-" + (config.protocol.empty() ? std::string("same-area") : config.protocol) +
           "-holdout";
}

void QueryGalleryValidation::check(const TrainingConfig& config) const {
    const bool allModes = config.validateAllNormalizations;
    if (config.validationNormalization == Normalization::Adapted)
        throw Error("a VIGOR run cannot validate in BatchNorm mode 'adapted' (its statistics are "
                    "averaged over a split's pairs, and the validation gallery is no list of "
                    "the queries' tiles): use --val-bn original, recalibrated or running");
    if (config.validationNormalization != Normalization::Original && !allModes)
        return;
    const std::string problem = DescriptorExtractor::singlePairProblem(config.model);
    if (problem.empty())
        return;
    const int64_t b = config.batchSize;
    for (const auto& [count, what] :
         {std::pair<int64_t, const char*>{truth().queryCount(), "held-out panoramas"},
          std::pair<int64_t, const char*>{truth().galleryCount(), "gallery tiles"}})
        if (count % b == 1)
            throw Error(
                "validation with BatchNorm mode 'original' would describe the last of the " +
                std::to_string(count) + " " + what +
                " alone (one more than a multiple of the batch size " + std::to_string(b) +
                "), but " + problem +
                ": validate in BatchNorm mode 'recalibrated' or 'running' (--val-bn), "
                "or hold out another share (--val-holdout)");
}

QueryGalleryValidation::Measurement
QueryGalleryValidation::measure(Checkpoint state, Normalization mode, Feedback& feedback) const {
    const QueryGallery& held = truth();
    const Dataset images = QueryGalleryPairs::imagesOf(mPairs->dataset().root(), held, nullptr);
    DescriptorExtractor::Options options;
    options.normalization = mode;
    options.workers = mWorkers;
    // The trainer has just computed them when the mode needs them; never recalibrate here.
    options.recalibrateWhenMissing = false;
    Measurement m;
    {
        Feedback part(feedback, 0.0, 0.95);
        const DescriptorExtractor::Sides sides = DescriptorExtractor::extractSides(
            state, images, QueryGalleryPairs::kQueries, QueryGalleryPairs::kGallery, options, part);
        m.descriptors.queries = sides.ground;
        m.descriptors.gallery = sides.satellite;
    }
    QueryGalleryDescriptors& d = m.descriptors;
    d.queryNames = namesOf(held, true);
    d.galleryNames = namesOf(held, false);
    d.dataset = mPairs->dataset().root();
    d.protocol = state.config.protocol;
    d.provenance =
        DescriptorExtractor::provenanceOf(state, "validation", splitName(state.config), options);
    const metrics::QueryGalleryEvaluation e = metrics::QueryGalleryEvaluation::fromDescriptors(
        rowsOf(d.queries), rowsOf(d.gallery), d.queries.cols, held);
    feedback.checkCanceled();
    ValidationFigures& f = m.figures;
    f.count = e.queryCount();
    f.galleryCount = e.galleryCount();
    f.recallAt1 = e.recallAt(1);
    f.recallAt5 = e.recallAt(5);
    f.recallAt10 = e.recallAt(10);
    f.recallAtOnePercent = e.recallAtOnePercent();
    f.hitRate = e.hitRate();
    feedback.report(1.0, "validated");
    return m;
}

} // namespace orinet
