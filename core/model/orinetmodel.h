#pragma once

#include "dataset/batch.h"
#include "model/branch.h"
#include "model/cellfeatures.h"
#include "model/modelconfig.h"
#include "model/namedtensor.h"

#include <opencv2/core/mat.hpp>

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace orinet {

namespace detail {
struct ModelAccess; // core-private LibTorch access (model/orinetmodel_p.h)
}

//! The OriNet two-branch network (docs/model.md, "Network"): per branch 7 stride-2 4x4 convolutions
//! with TensorFlow "same" padding, LeakyReLU(0.2) and BatchNorm, a hypercolumn of layers 5-7 and
//! GeM pooling to a 1536-d unit vector. Branches share no weights.
//!
//! Tensor names (docs/weights.md) follow PyTorch's state_dict: "ground.conv1.weight",
//! "satellite.bn7.running_var", ... so a PyTorch port can load them directly.
//!
//! Threading: one thread at a time. LibTorch's grad mode is per thread, so create and use a
//! model on the worker thread that runs the job. Moving is cheap; copying is not offered.
class OriNetModel {
public:
    static constexpr int kDescriptorSize = 1536;

    //! Builds the network on config.device and initialises it from config.initSeed
    //! (conv N(0, 0.02), bias 0, BN gamma N(1, 0.02), beta 0). Throws orinet::Error when the
    //! device is not available.
    explicit OriNetModel(const ModelConfig& config);
    ~OriNetModel();
    OriNetModel(OriNetModel&&) noexcept;
    OriNetModel& operator=(OriNetModel&&) noexcept;

    const ModelConfig& config() const;
    //! Trainable parameters of one branch / of both.
    int64_t parameterCount(Branch branch) const;
    int64_t parameterCount() const;
    //! Rows x cols of the layer-7 map for this preset (paper: ground 2x10, satellite 4x4).
    std::array<int64_t, 2> featureMapSize(Branch branch) const;
    //! Rows x cols of layer `layer`'s output (1..7) for a preset, without building a network.
    //! Every layer halves (rounding up), so layer 7's is the smallest. Throws orinet::Error for
    //! a layer out of range.
    static std::array<int64_t, 2> layerSize(const InputPreset& preset, Branch branch, int layer);

    //! Training mode updates BatchNorm running statistics in forward passes.
    void setTraining(bool training);
    bool isTraining() const;

    //! In eval mode, normalise with each batch's own statistics (Normalization::Original)
    //! instead of the running statistics; the running statistics are then left untouched.
    void setBatchStatisticsInEval(bool enabled);
    bool batchStatisticsInEval() const;

    //! Eval-mode descriptors without gradients: N x 1536 CV_32F, rows L2-normalised. The input
    //! must be N x C x H x W with the preset's size and the orientation mode's channels;
    //! throws orinet::Error otherwise.
    cv::Mat describe(Branch branch, const TensorBuffer& input);
    //! The cells the descriptor of one image (input 1 x C x H x W) is pooled from: the
    //! hypercolumn at layer 7's resolution, clamped as GeM clamps it (docs/model.md).
    //! MatchExplanation splits a similarity over them.
    CellFeatures describeCells(Branch branch, const TensorBuffer& input);

    //! All parameters and buffers (num_batches_tracked as I64) by name, on the CPU.
    std::vector<NamedTensor> namedTensors() const;
    //! Loads exactly the set namedTensors() returns; throws orinet::Error naming `source` and
    //! the tensor when a name is missing or unknown, or a dtype or shape differs.
    void loadNamedTensors(const std::vector<NamedTensor>& tensors, const std::string& source);

    //! Names of the trainable parameters (the tensors an optimizer keeps state for), in
    //! namedTensors() order.
    std::vector<std::string> parameterNames() const;

    //! The BatchNorm running statistics (running_mean, running_var, num_batches_tracked of
    //! every BatchNorm), a subset of namedTensors().
    std::vector<NamedTensor> normalizationStatistics() const;
    //! Replaces exactly that set; same checks as loadNamedTensors().
    void loadNormalizationStatistics(const std::vector<NamedTensor>& statistics,
                                     const std::string& source);

    //! Whether a tensor name is one of normalizationStatistics().
    static bool isNormalizationStatistic(const std::string& name);

private:
    friend struct detail::ModelAccess;
    struct Impl;
    std::unique_ptr<Impl> mImpl;
};

} // namespace orinet
