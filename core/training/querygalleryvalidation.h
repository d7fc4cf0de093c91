#pragma once

#include "model/normalization.h"
#include "retrieval/querygallerydescriptors.h"
#include "run/checkpoint.h"
#include "run/traininglog.h"

#include <memory>
#include <string>

namespace orinet {

class Feedback;
class QueryGallery;
class QueryGalleryPairs;
struct TrainingConfig;

//! The per-epoch validation of a VIGOR run (docs/training.md, "A VIGOR root"): the panoramas
//! held out of the protocol's train split (QueryGalleryPairs::heldOut) against the whole
//! gallery of that split, each image once, as `orinet eval --run --vigor` does a split: the
//! same extraction (DescriptorExtractor::extractSides) and the same metrics
//! (QueryGalleryEvaluation). The trainer chooses best.ckpt by its recall@1 of the positive.
//!
//! Threading: measure() on the training thread (it builds a model from the state it is given
//! on the calling thread); an immutable value otherwise.
class QueryGalleryValidation {
public:
    //! `pairs` with held-out queries; `workers` image decoding threads.
    QueryGalleryValidation(std::shared_ptr<const QueryGalleryPairs> pairs, int workers);
    ~QueryGalleryValidation();

    const QueryGallery& truth() const;

    //! Before training: throws orinet::Error when a BatchNorm mode the run validates with cannot
    //! describe these images ('adapted' has no pairs to average; under 'original' a last batch
    //! of a single image whose maps would be constants), with what to change.
    void check(const TrainingConfig& config) const;

    struct Measurement {
        ValidationFigures figures;
        QueryGalleryDescriptors descriptors; //!< what the figures were computed from
    };
    //! Describes the held-out panoramas and the gallery with the weights and statistics of
    //! `state` (a checkpoint of the run in memory) in BatchNorm mode `mode`, and measures.
    //! Throws orinet::Canceled when canceled.
    Measurement measure(Checkpoint state, Normalization mode, Feedback& feedback) const;

    //! The provenance split of the descriptors: "vigor-<protocol>-holdout".
    std::string splitName(const TrainingConfig& config) const;

private:
    std::shared_ptr<const QueryGalleryPairs> mPairs;
    int mWorkers = 2;
};

} // namespace orinet
