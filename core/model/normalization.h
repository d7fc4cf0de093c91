#pragma once

#include "common/enumnames.h"

namespace orinet {

//! Which statistics BatchNorm normalises with when descriptors are made (validation,
//! extraction, evaluation). Training itself always uses the statistics of its batch.
//! docs/evaluation.md explains the modes and the measurements behind the defaults.
enum class Normalization {
    //! The statistics of each batch, as the released code does at test time (it never uses
    //! moving averages): batches of the training batch size, in split order, the last partial
    //! batch (even a single pair) run alone. A descriptor then depends on its batch-mates.
    Original,
    //! Running statistics recomputed after training as a plain average over a fixed number of
    //! unaugmented training batches, stored in the checkpoint. Per image.
    Recalibrated,
    //! The momentum-0.9 running statistics kept during training: about 90 % of them come from
    //! the last training batch. Per image.
    Running,
    //! The statistics of the images being described: averaged over the full batches of the
    //! evaluated split (unaugmented, split order, the training batch size) as Recalibrated
    //! averages training batches, then fixed, so each image still gets one descriptor. Known
    //! as AdaBN (Li et al., 2016): it adapts the network to the area of the split, which batch
    //! statistics (Original) also do. Computed for each extraction and never stored.
    Adapted,
};

//! The default wherever a dataset split is described (extraction, evaluation, the GUI's
//! Evaluate, training validation and so the choice of best.ckpt): the paper's protocol, so
//! that numbers made with the defaults compare with the published ones (docs/evaluation.md).
constexpr Normalization kDefaultSplitNormalization = Normalization::Original;
//! The default wherever one image is described on its own (the heat map's tiles and query
//! panorama): batch statistics need batch-mates, so the stored statistics are used.
constexpr Normalization kDefaultPerImageNormalization = Normalization::Recalibrated;

template <> struct EnumNames<Normalization> {
    static constexpr const char* kind = "BatchNorm mode";
    static constexpr std::array<std::pair<Normalization, const char*>, 4> names{
        {{Normalization::Original, "original"},
         {Normalization::Recalibrated, "recalibrated"},
         {Normalization::Running, "running"},
         {Normalization::Adapted, "adapted"}}};
};

} // namespace orinet
