#pragma once

// The small synthetic world and untrained model the heat-map tests share: 16 pairs in a
// 320 m town, tiles of 60 m at 64 px, and the tiny preset's weights (cheap to describe).

#include "common/feedback.h"
#include "model/orinetmodel.h"
#include "model/safetensors.h"
#include "synth/syntheticworld.h"

#include <string>

namespace orinet::testing {

inline SynthSummary generateHeatMapWorld(const std::string& outDir, uint64_t seed) {
    SynthOptions o;
    o.outDir = outDir;
    o.pairs = 16;
    o.seed = seed;
    o.tileSize = 64;
    o.tileMetres = 60;
    o.cvusaPanoWidth = 88;
    o.cvactPanoWidth = 64;
    o.worldMetres = 320;
    o.threads = 2;
    Feedback feedback;
    return SyntheticWorld::generate(o, feedback);
}

//! An untrained tiny model's weights (with its configuration, as a checkpoint has it).
inline void writeTinyWeights(const std::string& path, uint64_t initSeed) {
    ModelConfig config;
    config.preset = InputPreset::byName("tiny");
    config.initSeed = initSeed;
    const OriNetModel model(config);
    SafeTensors weights;
    weights.tensors = model.namedTensors();
    weights.metadata["orinet.model_config"] = config.toJson();
    weights.save(path);
}

} // namespace orinet::testing
