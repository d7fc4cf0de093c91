#pragma once

#include "dataset/vigorformat.h"
#include "extraction/descriptorextractor.h"
#include "retrieval/vigordescriptorset.h"

#include <string>
#include <vector>

namespace orinet {

class Checkpoint;
class Feedback;
class QueryGallery;
class RunFolder;

//! `orinet extract --vigor ROOT` (docs/vigor.md, "Described elsewhere, in parts"): a VIGOR
//! split's panoramas through the ground branch and its gallery tiles through the satellite
//! branch, each image once, as `orinet eval --run RUN --vigor ROOT` describes them
//! (DescriptorExtractor::extractSides with the same options gives the same rows bit for bit),
//! or part K of N of each side (Options::extraction.shard), into a VigorDescriptorSet that
//! `orinet eval --vigor ROOT --descriptors` reads. Runs on the calling thread; progress and
//! cancel through Feedback.
class QueryGalleryExtraction {
public:
    struct Options {
        VigorOptions vigor;                      //!< protocol and split
        DescriptorExtractor::Options extraction; //!< BatchNorm mode, batch, workers, shard
    };

    //! With a checkpoint (`kind`: last, best or file). Recalibrated statistics missing from
    //! it are computed from the protocol's train split, as the run evaluation does.
    static VigorDescriptorSet extract(Checkpoint& checkpoint, const std::string& kind,
                                      const std::string& root, const Options& options,
                                      Feedback& feedback,
                                      DescriptorExtractor::Recalibration* recalibration = nullptr);
    //! With a run made from another method's TorchScript model (orinet import-model).
    static VigorDescriptorSet extract(const RunFolder& run, const std::string& root,
                                      const Options& options, Feedback& feedback);

    //! Every query's (gallery item's) "City/name", in order: what a set's ids fingerprint.
    static std::vector<std::string> queryNames(const QueryGallery& truth);
    static std::vector<std::string> galleryNames(const QueryGallery& truth);
    //! "same-area" or "cross-area".
    static std::string protocolName(VigorProtocol protocol);
};

} // namespace orinet
