#pragma once

#include "model/normalization.h"
#include "retrieval/descriptorset.h"
#include "run/runfolder.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

namespace orinet {

class BatchSource;
class Checkpoint;
class Dataset;
class Feedback;
class OriNetModel;

//! Computes the descriptors of a dataset split with a trained model (no gradients, batched):
//! row i of both matrices belongs to pair i of the split, ids in the same order, and the
//! set's Provenance says which checkpoint and BatchNorm mode made them.
//! Reports progress per batch and throws orinet::Canceled when canceled. Runs on the calling
//! thread (the model is created on it too: LibTorch's grad mode is per thread).
class DescriptorExtractor {
public:
    struct Options {
        Normalization normalization = kDefaultNormalization;
        //! Pairs per batch under per-image statistics. Normalization::Original always uses
        //! the checkpoint's training batch size in split order: the released protocol.
        size_t batchSize = 32;
        int workers = 2; //!< image decoding threads
        //! Turns every pair to a random orientation drawn from this seed: panorama circular
        //! shift and tile quarter turn, orientation channels following the pixels (a
        //! robustness test: the layout no longer tells which way is north).
        std::optional<uint64_t> randomOrientationSeed;
        std::string device; //!< overrides the checkpoint's device when set
        //! Recalibrated: when the checkpoint has no recalibrated statistics yet, compute them
        //! from the dataset's "train" split and store them in the checkpoint file.
        bool recalibrateWhenMissing = true;
        //! Only this part of the split (index and count; DescriptorShard::rows() says which
        //! pairs). The result's `shard` records it with the split's and weights' fingerprints.
        DescriptorShard shard;
    };

    //! Describes every batch of `source` (epoch 0) with `model` as it is set up, in order.
    //! Under batch statistics a last batch of one pair is merged into the batch before it (a
    //! lone pair would normalise to a constant), and a source of a single pair is refused.
    static DescriptorSet describe(OriNetModel& model, BatchSource& source, Feedback& feedback);

    //! The descriptors of `split` with a checkpoint's weights. `kind` ("last", "best", "file")
    //! goes into the provenance. The checkpoint may gain recalibrated statistics (see
    //! Options::recalibrateWhenMissing), written back to its file.
    static DescriptorSet extract(Checkpoint& checkpoint, const std::string& kind,
                                 const Dataset& dataset, const std::string& split,
                                 const Options& options, Feedback& feedback);

    //! What a run folder's evaluation uses.
    struct RunOptions : Options {
        CheckpointChoice checkpoint = CheckpointChoice::Last;
    };
    //! The descriptors of `split` for a run folder, cached in
    //! RunFolder::descriptorsDirectory(): loaded when they were made from the same checkpoint
    //! state and are newer than it, otherwise extracted and saved there. A run without a
    //! checkpoint uses a set made elsewhere for that split when there is exactly one.
    //! `extracted` tells which happened; `note` says when the asked-for checkpoint was missing
    //! and another was used, or statistics were recalibrated.
    static DescriptorSet forRun(const std::string& runDirectory, const Dataset& dataset,
                                const std::string& split, const RunOptions& options,
                                Feedback& feedback, bool* extracted = nullptr,
                                std::string* note = nullptr);
};

} // namespace orinet
