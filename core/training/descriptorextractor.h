#pragma once

#include "retrieval/descriptorset.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

namespace orinet {

class Dataset;
class Feedback;
class OriNetModel;

//! Computes the descriptors of a dataset split with a trained model (eval mode, batched):
//! row i of both matrices belongs to pair i of the split, ids in the same order.
//! Reports progress per batch and throws orinet::Canceled when canceled. Runs on the calling
//! thread (create the model on it too).
class DescriptorExtractor {
public:
    struct Options {
        size_t batchSize = 32;
        int workers = 2; //!< image decoding threads
        //! Turns every pair to a random orientation drawn from this seed: panorama circular
        //! shift and tile quarter turn, orientation channels following the pixels (a
        //! robustness test: the layout no longer tells which way is north).
        std::optional<uint64_t> randomOrientationSeed;
    };

    static DescriptorSet extract(OriNetModel& model, const Dataset& dataset,
                                 const std::string& split, const Options& options,
                                 Feedback& feedback);

    //! The descriptors of `split` for a run folder, cached in RUN/descriptors (where
    //! `orinet extract --run` writes them): loaded when they belong to that split and are newer
    //! than the run's last checkpoint, otherwise extracted with that checkpoint and saved there.
    //! `extracted` (optional) tells which happened. Same threading rules as extract().
    static DescriptorSet forRun(const std::string& runDirectory, const Dataset& dataset,
                                const std::string& split, Feedback& feedback,
                                bool* extracted = nullptr);
};

} // namespace orinet
