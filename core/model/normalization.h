#pragma once

#include <string>
#include <vector>

namespace orinet {

//! Which statistics BatchNorm normalises with when descriptors are made (validation,
//! extraction, evaluation). Training itself always uses the statistics of its batch.
//! docs/evaluation.md explains the choice and the measurements behind the default.
enum class Normalization {
    //! The statistics of each batch, as the released code does at test time (it never uses
    //! moving averages): batches of the training batch size, in split order. A descriptor then
    //! depends on its batch-mates.
    Original,
    //! Running statistics recomputed after training as a plain average over a fixed number of
    //! unaugmented training batches, stored in the checkpoint. Per image.
    Recalibrated,
    //! The momentum-0.9 running statistics kept during training: about 90 % of them come from
    //! the last training batch. Per image.
    Running,
};

//! The default wherever descriptors are made (training validation, extraction, evaluation);
//! docs/evaluation.md has the measurements it was chosen by.
constexpr Normalization kDefaultNormalization = Normalization::Recalibrated;

//! "original", "recalibrated", "running".
std::string toString(Normalization mode);
//! Throws orinet::Error listing the known names.
Normalization normalizationFromString(const std::string& text);
std::vector<Normalization> allNormalizations();

} // namespace orinet
