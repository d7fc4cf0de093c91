#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace orinet {

//! What a descriptor set, and every figure computed from it, was made from. It travels with
//! descriptors.json and every results file, and names curves in plot legends and the GUI, so
//! a number can always be traced to its split, checkpoint and BatchNorm mode.
struct Provenance {
    std::string split;
    std::string checkpoint; //!< file path; empty for descriptors made elsewhere
    //! "last", "best", "file" (a file given directly), or kImported (descriptors of another
    //! method, `orinet import-descriptors`)
    std::string checkpointKind;
    int epoch = -1;            //!< completed epochs of the checkpoint; -1 unknown
    int64_t step = -1;         //!< global steps of the checkpoint; -1 unknown
    std::string normalization; //!< BatchNorm mode (model/normalization.h); empty = unknown
    //! How the inputs were presented: empty = as in the dataset, else e.g. "random
    //! orientation, seed 1".
    std::string inputs;
    std::string preset;
    //! The method that made imported descriptors, as the user named it ("Sample4Geo"); empty
    //! for this tool's own.
    std::string method;

    //! checkpointKind of descriptors imported from another method: no checkpoint of ours.
    static constexpr const char* kImported = "imported";
    bool isImported() const { return checkpointKind == kImported; }
    //! checkpointKind of descriptors extracted with another method's TorchScript model
    //! (`orinet import-model`); `checkpoint` is the model file, `method` its card's name.
    static constexpr const char* kTorchScript = "torchscript";
    bool isTorchScript() const { return checkpointKind == kTorchScript; }
    //! Made by another method (imported descriptors or its TorchScript model): results name
    //! it by `method`, as papers name baselines.
    bool isOtherMethod() const { return isImported() || isTorchScript(); }

    //! A file-name-safe key that tells results apart:
    //! "<split>_<kind>-e<epoch>_<normalization>[_<inputs>]", leaving out what is not known
    //! ("unknown" for an unknown split), e.g. "test_last-e20_recalibrated",
    //! "val_best-e14_original_random-orientation-seed-1", "test_imported" for descriptors
    //! imported from another method, or "val" for a set that says nothing else.
    std::string key() const;
    //! For legends and summaries: "test · last.ckpt, epoch 20 · BN recalibrated", or
    //! "test · imported descriptors (Sample4Geo)".
    std::string label() const;
    //! label() without the split, for legends of runs on one split:
    //! "last.ckpt, epoch 20 · BN recalibrated"; empty when nothing is known.
    std::string origin() const;

    //! How descriptors made with `other` were described differently from ones made with this:
    //! another checkpoint (kind, epoch, step), BatchNorm mode, input preset or inputs.
    struct Difference {
        std::string what;   //!< e.g. "another BatchNorm mode"
        std::string mine;   //!< this provenance's value
        std::string theirs; //!< `other`'s
    };
    //! The first such difference, if any: parts of one sharded extraction must have none.
    std::optional<Difference> describedDifferently(const Provenance& other) const;

    //! A JSON object with the fields above ("split", "checkpoint", "checkpoint_kind", "epoch",
    //! "step", "normalization", "inputs", "preset", and "method" when there is one).
    std::string toJson() const;
    //! Reads those fields from a JSON object; missing ones stay unknown. Throws orinet::Error
    //! naming `source` when the text is not an object or a field has the wrong type.
    static Provenance fromJson(const std::string& json, const std::string& source = {});
};

} // namespace orinet
