#pragma once

#include "model/modelconfig.h"
#include "training/trainingconfig.h"

#include <memory>
#include <string>

namespace orinet {

class OriNetModel;

//! Reading and converting the files a training run leaves (docs/weights.md):
//! - checkpoints (*.ckpt): safetensors with model tensors, Adam moments, RNG state and the
//!   training configuration in the metadata (written by Trainer);
//! - weights (*.safetensors): only the model tensors under their PyTorch names, plus the
//!   model configuration as metadata "orinet.model_config" (optional for imported files).
//! All functions are stateless and may run on any thread; writes are atomic.
class CheckpointFile {
public:
    //! The model configuration a checkpoint or weights file carries. For a weights file
    //! without it, the orientation mode is read from conv1's input channels and the preset
    //! taken from `fallbackPreset` (weights fit any input size: the network is fully
    //! convolutional). Throws orinet::Error naming the file.
    static ModelConfig modelConfig(const std::string& path,
                                   const std::string& fallbackPreset = "paper");

    //! Builds the network and loads a checkpoint or weights file into it; `device` overrides
    //! the stored device when not empty.
    static std::unique_ptr<OriNetModel> loadModel(const std::string& path,
                                                  const std::string& device = {},
                                                  const std::string& fallbackPreset = "paper");

    //! Writes the model tensors of a checkpoint (or of a run folder's last checkpoint when
    //! `checkpoint` is a folder) as a weights file.
    static void exportWeights(const std::string& checkpoint, const std::string& weightsOut);

    //! Turns a weights file (e.g. from PyTorch) into a checkpoint OriNet Studio can extract
    //! descriptors with or continue training from (step 0, zero Adam moments). The tensors are
    //! checked against the model: names, dtypes and shapes must all match.
    static void importWeights(const std::string& weights, const std::string& checkpointOut,
                              const std::string& fallbackPreset = "paper");

    //! A run folder's checkpoints/last.ckpt when `path` is a folder, else `path`.
    static std::string resolve(const std::string& path);
    //! For evaluating a run: its checkpoints/best.ckpt (highest validation recall@1%) when it
    //! has one, else as resolve().
    static std::string resolveForEvaluation(const std::string& path);
};

} // namespace orinet
