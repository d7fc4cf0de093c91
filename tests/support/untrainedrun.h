#pragma once

// A run folder whose last.ckpt holds an untrained tiny network (seeded), as the evaluation
// tests need one: evaluating it exercises every step of the path without training first.

#include "model/orinetmodel.h"
#include "run/checkpoint.h"
#include "run/runfolder.h"

#include <string>

namespace orinet::testing {

//! Creates `directory` as a run of two recorded epochs (two steps each) with the given
//! training batch size, which decides the batches of per-batch BatchNorm statistics.
inline RunFolder makeUntrainedRun(const std::string& directory, int batchSize) {
    const RunFolder run(directory);
    run.create();
    ModelConfig model;
    model.preset = InputPreset::byName("tiny");
    model.initSeed = 5;
    Checkpoint checkpoint;
    checkpoint.config.model = model;
    checkpoint.config.batchSize = batchSize;
    checkpoint.config.recalibrationBatches = 2;
    checkpoint.state.step = 4;
    checkpoint.state.stepsPerEpoch = 2;
    checkpoint.state.recordedEpochs = 2;
    checkpoint.model = OriNetModel(model).namedTensors();
    checkpoint.save(run.lastCheckpoint());
    return run;
}

} // namespace orinet::testing
