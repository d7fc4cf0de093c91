#pragma once

#include "model/normalization.h"
#include "retrieval/descriptorset.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

namespace orinet {

class BatchSource;
class Checkpoint;
class Dataset;
class DescriptorModel;
class Feedback;
class ModelCard;
class OriNetModel;
struct ModelConfig;

//! Computes the descriptors of a dataset split with a trained model (no gradients, batched):
//! row i of both matrices belongs to pair i of the split, ids in the same order, and the
//! set's Provenance says which checkpoint and BatchNorm mode made them.
//! Reports progress per batch and throws orinet::Canceled when canceled. Runs on the calling
//! thread (the model is created on it too: LibTorch's grad mode is per thread).
class DescriptorExtractor {
public:
    struct Options {
        Normalization normalization = kDefaultSplitNormalization;
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
        //! from the dataset's "train" split and keep them (see extract()).
        bool recalibrateWhenMissing = true;
        //! Only this part of the split (index and count; DescriptorShard::rows() says which
        //! pairs). The result's `shard` records it with the split's and weights' fingerprints.
        DescriptorShard shard;
    };

    //! Describes every batch of `source` (epoch 0) with `model` as it is set up, in order.
    //! Under batch statistics every batch is normalised on its own, the last partial one too,
    //! even a single pair, as the released code does; only a batch of one pair that
    //! singlePairProblem() rules out is refused (before any image is read when the source
    //! knows its last batch).
    static DescriptorSet describe(OriNetModel& model, BatchSource& source, Feedback& feedback);
    //! The same with a model of another method (TorchScriptModel): each batch's pairs in one
    //! call, whatever its size.
    static DescriptorSet describe(DescriptorModel& model, BatchSource& source, Feedback& feedback);

    //! The descriptors of `split` with a model of another method (a TorchScript model and its
    //! card, docs/torchscript.md): the same batching (Options::batchSize), image threads,
    //! progress, cancel, random orientation and shards as a checkpoint's, the images at the
    //! card's size and channels. The BatchNorm mode and device do not apply: the model runs
    //! as it was exported. `provenance` gets the split and inputs; `fingerprint` identifies the
    //! model's weights in a shard (parts of a split must agree on it).
    static DescriptorSet extract(DescriptorModel& model, const ModelCard& card,
                                 Provenance provenance, const std::string& fingerprint,
                                 const Dataset& dataset, const std::string& split,
                                 const Options& options, Feedback& feedback);

    //! Why batch statistics cannot describe a batch of a single pair with networks of this
    //! configuration, or empty when they can. BatchNorm over one pair normalises each channel
    //! over the positions of its map, which is fine for any map of two or more positions (the
    //! paper's and the small preset's); a 1x1 map leaves one value per channel, which becomes
    //! the layer's beta whatever the image (at preset 'tiny' the satellite branch's layer 7).
    static std::string singlePairProblem(const ModelConfig& config);

    //! What extract() did about recalibrated BatchNorm statistics (Normalization::
    //! Recalibrated with a checkpoint that had none).
    struct Recalibration {
        bool computed = false;  //!< computed now from the dataset's train split
        bool reused = false;    //!< taken from the copy an earlier extraction stored beside it
        std::string checkpoint; //!< the checkpoint file they belong to
        std::string storedIn;   //!< where they are kept (statisticsFile()); empty: nowhere
        //! The English sentence the CLI prints, or empty when nothing was done.
        std::string note() const;
    };

    //! The descriptors of `split` with a checkpoint's weights. `kind` ("last", "best", "file")
    //! goes into the provenance. The checkpoint may gain recalibrated statistics (see
    //! Options::recalibrateWhenMissing). They are kept where they do not rewrite a file the
    //! user gave: a run folder's own checkpoint (checkpoints/last.ckpt, best.ckpt) stores them
    //! itself; any other file (an imported weights file, a checkpoint outside a run folder)
    //! is left as it was and a copy with the statistics is written beside it,
    //! "<name>.recalibrated.ckpt" (statisticsFile()), which later extractions of the same file
    //! use. `recalibration` (when given) says what was recalibrated or reused and where it
    //! went.
    static DescriptorSet extract(Checkpoint& checkpoint, const std::string& kind,
                                 const Dataset& dataset, const std::string& split,
                                 const Options& options, Feedback& feedback,
                                 Recalibration* recalibration = nullptr);

    //! The descriptors of a query/gallery split (docs/vigor.md): each image once, whatever
    //! the number of queries that share a tile. Row i of `ground` is pair i of `groundSplit`
    //! described through the ground branch alone, row j of `satellite` pair j of
    //! `satelliteSplit` through the satellite branch alone; the other image of those pairs is
    //! neither read nor needed (LoadedSides). Batches, progress and cancel as extract().
    struct Sides {
        cv::Mat ground;    //!< one row per pair of groundSplit, CV_32F
        cv::Mat satellite; //!< one row per pair of satelliteSplit
        //! With Options::shard: the row of each side's split where the part's rows begin
        //! (each side is cut into contiguous whole batches on its own; 0 for a whole split).
        int64_t groundFirst = 0;
        int64_t satelliteFirst = 0;
        //! What described them (DescriptorShard::weights): parts of a split must agree. Set by
        //! the checkpoint overload; the caller of the other one knows its model's.
        std::string weights;
    };
    //! With a checkpoint. The per-image BatchNorm modes (recalibrated, running) describe an
    //! image exactly as within a pair. Under 'original' each branch is normalised over its
    //! own batch, as in a split of pairs (the branches never share statistics), but the
    //! batch-mates are the neighbouring queries, or gallery items, in order. 'adapted' is
    //! refused: its statistics are the evaluated split's pairs'. Statistics recalibrated now
    //! come from `dataset`'s "train" split of pairs and are kept as extract() keeps them.
    //! Options::shard describes part K of N of each side (DescriptorShard::rows() of that
    //! side's images, so every row is what the whole split's extraction gives it).
    //! Options::randomOrientationSeed turns panorama i of `groundSplit` as a pair at position
    //! i of a split would be turned (its panorama shift) and tile j of `satelliteSplit` as
    //! pair j's tile (its quarter turn), orientation channels following; the draws depend on
    //! the position in the whole split, so parts join as without it.
    static Sides extractSides(Checkpoint& checkpoint, const Dataset& dataset,
                              const std::string& groundSplit, const std::string& satelliteSplit,
                              const Options& options, Feedback& feedback,
                              Recalibration* recalibration = nullptr);
    //! The same with a model of another method, at its card's size and channels.
    static Sides extractSides(DescriptorModel& model, const ModelCard& card, const Dataset& dataset,
                              const std::string& groundSplit, const std::string& satelliteSplit,
                              const Options& options, Feedback& feedback);

    //! The provenance extract() gives the descriptors it makes with `checkpoint` (its header
    //! is enough): what a saved set must match to stand for them.
    static Provenance provenanceOf(const Checkpoint& checkpoint, const std::string& kind,
                                   const std::string& split, const Options& options);

    //! Where extract() keeps recalibrated statistics computed for `checkpointPath`: the file
    //! itself when it is a run folder's last.ckpt or best.ckpt, else
    //! "<folder>/<name without extension>.recalibrated.ckpt" beside it.
    static std::string statisticsFile(const std::string& checkpointPath);
};

} // namespace orinet
