#pragma once

#include "common/provenance.h"

#include <QString>

namespace orinet {

//! What results were computed from, in the interface's language: the same facts as
//! Provenance::label() (core, English, for files and the CLI) made from its fields with tr().
namespace provenancetext {

//! "val · last.ckpt, epoch 2 · BN original" (German: "val · last.ckpt, Epoche 2 · BN original").
QString label(const Provenance& provenance);
//! label() without the split: "last.ckpt, epoch 2 · BN original"; empty when nothing is known.
QString origin(const Provenance& provenance);
//! A BatchNorm mode (model/normalization.h) as shown: "BN original", "BN recalibrated", ...
QString normalization(const std::string& mode);

} // namespace provenancetext
} // namespace orinet
