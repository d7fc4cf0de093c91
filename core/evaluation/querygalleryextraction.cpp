#include "evaluation/querygalleryextraction.h"

#include "common/error.h"
#include "common/feedback.h"
#include "dataset/dataset.h"
#include "dataset/querygallery.h"
#include "dataset/querygallerypairs.h"
#include "evaluation/modelimport.h"
#include "evaluation/querygalleryrunevaluation.h"
#include "metrics/querygalleryreport.h"
#include "model/torchscriptmodel.h"
#include "retrieval/descriptorshard.h"
#include "run/checkpoint.h"
#include "run/runfolder.h"

#include <filesystem>
#include <optional>

namespace orinet {

namespace fs = std::filesystem;

namespace {

//! The set's description of the split, before any image is read.
VigorDescriptorSet describing(const std::string& root, const QueryGallery& truth,
                              const QueryGalleryExtraction::Options& options) {
    VigorDescriptorSet set;
    set.protocol = QueryGalleryExtraction::protocolName(options.vigor.protocol);
    set.split = options.vigor.split;
    std::error_code ec;
    set.dataset = fs::absolute(root, ec).lexically_normal().string();
    set.panoramas = truth.queryCount();
    set.tiles = truth.galleryCount();
    set.panoramaIds = DescriptorShard::fingerprint(QueryGalleryExtraction::queryNames(truth));
    set.tileIds = DescriptorShard::fingerprint(QueryGalleryExtraction::galleryNames(truth));
    return set;
}

void take(VigorDescriptorSet& set, DescriptorExtractor::Sides&& sides,
          const DescriptorShard& shard) {
    set.ground = std::move(sides.ground);
    set.satellite = std::move(sides.satellite);
    if (shard.isPart())
        set.part = {shard.index, shard.count, sides.groundFirst, sides.satelliteFirst};
}

QueryGallery readSplit(const std::string& root, VigorOptions vigor) {
    vigor.checkFilesExist = false; // a missing image is named when it is read
    return VigorFormat::read(root, vigor);
}

} // namespace

std::string QueryGalleryExtraction::protocolName(VigorProtocol protocol) {
    return protocol == VigorProtocol::SameArea ? "same-area" : "cross-area";
}

std::vector<std::string> QueryGalleryExtraction::queryNames(const QueryGallery& truth) {
    std::vector<std::string> names;
    names.reserve(static_cast<size_t>(truth.queryCount()));
    for (int64_t q = 0; q < truth.queryCount(); ++q)
        names.push_back(
            metrics::QueryGalleryReport::itemName(truth.query(q).group, truth.query(q).name));
    return names;
}

std::vector<std::string> QueryGalleryExtraction::galleryNames(const QueryGallery& truth) {
    std::vector<std::string> names;
    names.reserve(static_cast<size_t>(truth.galleryCount()));
    for (int64_t g = 0; g < truth.galleryCount(); ++g)
        names.push_back(metrics::QueryGalleryReport::itemName(truth.galleryItem(g).group,
                                                              truth.galleryItem(g).name));
    return names;
}

VigorDescriptorSet
QueryGalleryExtraction::extract(Checkpoint& checkpoint, const std::string& kind,
                                const std::string& root, const Options& options, Feedback& feedback,
                                DescriptorExtractor::Recalibration* recalibration) {
    const QueryGallery truth = readSplit(root, options.vigor);
    VigorDescriptorSet set = describing(root, truth, options);
    const DescriptorExtractor::Options& o = options.extraction;
    // Recalibration needs pairs: the train split's (panorama, positive tile), read only when
    // the checkpoint has no statistics yet (as QueryGalleryRunEvaluation does).
    std::optional<QueryGallery> train;
    if (o.normalization == Normalization::Recalibrated && checkpoint.recalibrated.empty()) {
        VigorOptions trainOptions = options.vigor;
        trainOptions.split = "train";
        train = readSplit(root, trainOptions);
    }
    const Dataset images = QueryGalleryPairs::imagesOf(root, truth, train ? &*train : nullptr);
    DescriptorExtractor::Sides sides =
        DescriptorExtractor::extractSides(checkpoint, images, QueryGalleryPairs::kQueries,
                                          QueryGalleryPairs::kGallery, o, feedback, recalibration);
    set.weights = sides.weights;
    set.batchSize = o.normalization == Normalization::Original
                        ? static_cast<int64_t>(checkpoint.config.batchSize)
                        : static_cast<int64_t>(std::max<size_t>(1, o.batchSize));
    take(set, std::move(sides), o.shard);
    set.provenance = DescriptorExtractor::provenanceOf(
        checkpoint, kind, QueryGalleryRunEvaluation::splitName(options.vigor), o);
    return set;
}

VigorDescriptorSet QueryGalleryExtraction::extract(const RunFolder& run, const std::string& root,
                                                   const Options& options, Feedback& feedback) {
    const QueryGallery truth = readSplit(root, options.vigor);
    VigorDescriptorSet set = describing(root, truth, options);
    const DescriptorExtractor::Options& o = options.extraction;
    const Dataset images = QueryGalleryPairs::imagesOf(root, truth, nullptr);
    TorchScriptModel model = ModelImport::open(run, o.device);
    model.probe(); // a card that disagrees with the model fails before any image is read
    DescriptorExtractor::Sides sides =
        DescriptorExtractor::extractSides(model, model.card(), images, QueryGalleryPairs::kQueries,
                                          QueryGalleryPairs::kGallery, o, feedback);
    set.weights = ModelImport::weightsFingerprint(run);
    set.batchSize = static_cast<int64_t>(std::max<size_t>(1, o.batchSize));
    take(set, std::move(sides), o.shard);
    set.provenance =
        ModelImport::provenanceOf(run, QueryGalleryRunEvaluation::splitName(options.vigor), o);
    return set;
}

} // namespace orinet
