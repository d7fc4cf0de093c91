#include "model/orinetmodel_p.h"

#include "common/error.h"

#include <array>
#include <cstring>
#include <map>
#include <sstream>

namespace orinet {

namespace {

constexpr int kLayers = 7;
constexpr int64_t kChannels[kLayers] = {64, 128, 256, 512, 512, 512, 512};
//! The hypercolumn concatenates the outputs of layers 5, 6 and 7 (0-based 4..6).
constexpr int kFirstHypercolumnLayer = 4;

//! TensorFlow "same" padding for a 4-wide, stride-2 window (docs/model.md, "Network"): total
//! max((ceil(in/2)-1)*2 + 4 - in, 0), the smaller half before. LibTorch's symmetric padding
//! cannot express the odd case, so odd sides are padded explicitly.
std::array<int64_t, 2> samePadding(int64_t in) {
    const int64_t out = (in + 1) / 2;
    const int64_t total = std::max<int64_t>((out - 1) * 2 + 4 - in, 0);
    return {total / 2, total - total / 2};
}

int64_t sameOutput(int64_t in) {
    return (in + 1) / 2;
}

//! Bilinear resampling along one axis with the original's rule (docs/model.md, "Network"): target
//! index x maps to x' = x*(f/n) + (f/n - 1)/2 in the source, align-corners semantics, clamped at
//! the border; a source of length 1 is sampled at its only element (the original yields NaN).
torch::Tensor resampleAxis(const torch::Tensor& t, int64_t dim, int64_t outSize) {
    const int64_t inSize = t.size(dim);
    if (inSize == outSize)
        return t;
    std::vector<int64_t> lower(outSize), upper(outSize);
    std::vector<float> weight(outSize);
    const double scale = static_cast<double>(inSize) / static_cast<double>(outSize);
    for (int64_t x = 0; x < outSize; ++x) {
        double pos = inSize == 1 ? 0.0 : x * scale + (scale - 1.0) / 2.0;
        pos = std::clamp(pos, 0.0, static_cast<double>(inSize - 1));
        const int64_t lo = static_cast<int64_t>(std::floor(pos));
        lower[x] = lo;
        upper[x] = std::min(lo + 1, inSize - 1);
        weight[x] = static_cast<float>(pos - lo);
    }
    const auto device = t.device();
    auto lo = torch::tensor(lower, torch::kLong).to(device);
    auto hi = torch::tensor(upper, torch::kLong).to(device);
    std::vector<int64_t> shape(t.dim(), 1);
    shape[dim] = outSize;
    auto w = torch::tensor(weight, torch::kFloat).to(device).view(shape);
    return t.index_select(dim, lo) * (1 - w) + t.index_select(dim, hi) * w;
}

} // namespace

//! One branch. Sub-module names are the public tensor names (docs/weights.md).
struct OriNetBranchImpl : torch::nn::Module {
    OriNetBranchImpl(int64_t inputChannels) {
        int64_t in = inputChannels;
        for (int i = 0; i < kLayers; ++i) {
            convs.push_back(register_module(
                "conv" + std::to_string(i + 1),
                torch::nn::Conv2d(torch::nn::Conv2dOptions(in, kChannels[i], /*kernel=*/4)
                                      .stride(2)
                                      .padding(0)
                                      .bias(true))));
            if (i > 0)
                // LibTorch's momentum weighs the batch: 0.9 here is TF's decay 0.1 (docs/model.md,
                // "Network").
                norms.push_back(register_module(
                    "bn" + std::to_string(i + 1),
                    torch::nn::BatchNorm2d(
                        torch::nn::BatchNorm2dOptions(kChannels[i]).eps(1e-5).momentum(0.9))));
            in = kChannels[i];
        }
    }

    void initialize() {
        torch::NoGradGuard noGrad;
        for (auto& conv : convs) {
            conv->weight.normal_(0.0, 0.02);
            conv->bias.zero_();
        }
        for (auto& bn : norms) {
            bn->weight.normal_(1.0, 0.02);
            bn->bias.zero_();
        }
    }

    torch::Tensor convolve(int layer, const torch::Tensor& x) {
        return convolve(x, convs[layer]->weight, convs[layer]->bias);
    }

    static torch::Tensor convolve(const torch::Tensor& x, const torch::Tensor& weight,
                                  const torch::Tensor& bias) {
        const auto ph = samePadding(x.size(2));
        const auto pw = samePadding(x.size(3));
        // Even sides (all the large early maps) pad symmetrically: the convolution pads them
        // itself, sparing a padded copy of the activations and its backward pass.
        if (ph[0] == ph[1] && pw[0] == pw[1])
            return torch::conv2d(x, weight, bias, /*stride=*/2, {ph[0], pw[0]});
        // constant_pad_nd takes (left, right, top, bottom) for the last two dimensions.
        return torch::conv2d(torch::constant_pad_nd(x, {pw[0], pw[1], ph[0], ph[1]}, 0), weight,
                             bias, /*stride=*/2);
    }

    //! Layer `layer`'s convolution with its BatchNorm (stored statistics) folded in, for
    //! describing without gradients: w' = w·γ/√(σ²+ε) and b' = (b − μ)·γ/√(σ²+ε) + β per output
    //! channel, in channels-last layout (docs/model.md, "Describing"). Made again whenever one
    //! of the six tensors was replaced or changed in place since (loading, training and
    //! recalibration all do one or the other), so a stale fold is never used.
    torch::Tensor convolveFolded(int layer, const torch::Tensor& x) {
        auto& conv = convs[layer];
        auto& bn = norms[layer - 1];
        const std::array<const torch::Tensor*, 6> sources{&conv->weight,     &conv->bias,
                                                          &bn->weight,       &bn->bias,
                                                          &bn->running_mean, &bn->running_var};
        Fold& fold = folds[static_cast<size_t>(layer)];
        bool current = fold.weight.defined();
        for (size_t i = 0; i < sources.size() && current; ++i)
            current = fold.sources[i] == sources[i]->unsafeGetTensorImpl() &&
                      fold.versions[i] == sources[i]->_version();
        if (!current) {
            const torch::Tensor scale = bn->weight / torch::sqrt(bn->running_var + 1e-5);
            fold.weight = (conv->weight * scale.view({-1, 1, 1, 1}))
                              .contiguous(at::MemoryFormat::ChannelsLast);
            fold.bias = (conv->bias - bn->running_mean) * scale + bn->bias;
            for (size_t i = 0; i < sources.size(); ++i) {
                fold.sources[i] = sources[i]->unsafeGetTensorImpl();
                fold.versions[i] = sources[i]->_version();
            }
        }
        return convolve(x, fold.weight, fold.bias);
    }

    torch::Tensor normalize(int layer, const torch::Tensor& x, bool batchStatsInEval) {
        auto& bn = norms[layer - 1];
        if (!is_training() && batchStatsInEval)
            // The original's behaviour: batch statistics, running statistics untouched.
            return torch::batch_norm(x, bn->weight, bn->bias, /*running_mean=*/{},
                                     /*running_var=*/{}, /*training=*/true, 0.9, 1e-5, false);
        return bn->forward(x);
    }

    torch::Tensor forward(const torch::Tensor& input, bool batchStatsInEval) {
        // GeM with p = 3 over the cells, then unit length.
        torch::Tensor pooled = cells(input, batchStatsInEval).pow(3).mean({2, 3}).pow(1.0 / 3.0);
        return torch::nn::functional::normalize(
            pooled, torch::nn::functional::NormalizeFuncOptions().p(2).dim(1).eps(1e-12));
    }

    //! The hypercolumn at layer 7's resolution, clamped as GeM clamps it: N x 1536 x h x w.
    torch::Tensor cells(const torch::Tensor& input, bool batchStatsInEval) {
        std::vector<torch::Tensor> hypercolumnLayers;
        // Describing only: oneDNN's convolutions run about twice as fast on channels-last
        // activations as on LibTorch's default NCHW here (bench_satellitelayers, docs/heatmap.md);
        // every later layer keeps the layout its input has. Training keeps NCHW, whose backward
        // pass was measured and tuned in that layout.
        const bool describing = !is_training() && input.device().is_cpu();
        torch::Tensor x =
            convolve(0, describing ? input.contiguous(at::MemoryFormat::ChannelsLast) : input);
        // With stored statistics and no gradient wanted, BatchNorm is a fixed affine map per
        // channel: folded into the convolution it costs nothing (bench_satellitelayers).
        const bool fold = describing && !batchStatsInEval && !torch::GradMode::is_enabled();
        for (int layer = 1; layer < kLayers; ++layer) {
            // Outputs outside the hypercolumn feed only this activation (convolution and
            // BatchNorm keep their inputs, not their outputs, for backward), so it may
            // overwrite them and save a full-size copy per layer.
            const torch::Tensor activated = layer <= kFirstHypercolumnLayer
                                                ? torch::leaky_relu_(x, 0.2)
                                                : torch::leaky_relu(x, 0.2);
            x = fold ? convolveFolded(layer, activated)
                     : normalize(layer, convolve(layer, activated), batchStatsInEval);
            if (layer >= kFirstHypercolumnLayer)
                hypercolumnLayers.push_back(x);
        }
        const int64_t h = x.size(2), w = x.size(3);
        std::vector<torch::Tensor> column;
        for (const torch::Tensor& t : hypercolumnLayers)
            column.push_back(resampleAxis(resampleAxis(t, 2, h), 3, w));
        return torch::cat(column, 1).clamp_min(1e-6);
    }

    std::vector<torch::nn::Conv2d> convs;
    std::vector<torch::nn::BatchNorm2d> norms;

    //! A folded layer and what it was made from (tensor and version of each source).
    struct Fold {
        torch::Tensor weight, bias;
        std::array<const void*, 6> sources{};
        std::array<uint32_t, 6> versions{};
    };
    std::array<Fold, kLayers> folds; //!< index = layer; layer 0 has no BatchNorm
};
TORCH_MODULE(OriNetBranch);

struct OriNetNetworkImpl : torch::nn::Module {
    explicit OriNetNetworkImpl(int64_t inputChannels)
        : ground(register_module("ground", OriNetBranch(inputChannels)))
        , satellite(register_module("satellite", OriNetBranch(inputChannels))) {}
    OriNetBranch ground;
    OriNetBranch satellite;
};
TORCH_MODULE(OriNetNetwork);

struct OriNetModel::Impl {
    ModelConfig config;
    torch::Device device{torch::kCPU};
    OriNetNetwork network{nullptr};
    bool batchStatisticsInEval = false;

    OriNetBranch& branch(Branch b) {
        return b == Branch::Ground ? network->ground : network->satellite;
    }
    std::array<int64_t, 2> inputSize(Branch b) const {
        if (b == Branch::Ground)
            return {config.preset.groundRows, config.preset.groundCols};
        return {config.preset.satelliteSize, config.preset.satelliteSize};
    }
};

namespace detail {

torch::nn::Module& ModelAccess::network(OriNetModel& model) {
    return *model.mImpl->network;
}

torch::Device ModelAccess::device(OriNetModel& model) {
    return model.mImpl->device;
}

torch::Tensor ModelAccess::inputTensor(OriNetModel& model, Branch branch,
                                       const TensorBuffer& buffer) {
    OriNetModel::Impl& d = *model.mImpl;
    const auto size = d.inputSize(branch);
    const int64_t channels = inputChannels(d.config.orientation);
    const char* name = branch == Branch::Ground ? "ground" : "satellite";
    if (buffer.shape[0] < 1 || buffer.shape[1] != channels || buffer.shape[2] != size[0] ||
        buffer.shape[3] != size[1] || buffer.data.size() != buffer.count())
        throw Error(std::string("the ") + name + " input is " + std::to_string(buffer.shape[0]) +
                    "x" + std::to_string(buffer.shape[1]) + "x" + std::to_string(buffer.shape[2]) +
                    "x" + std::to_string(buffer.shape[3]) + ", the model expects Nx" +
                    std::to_string(channels) + "x" + std::to_string(size[0]) + "x" +
                    std::to_string(size[1]) + " (preset '" + d.config.preset.name +
                    "', orientation " + toString(d.config.orientation) + ")");
    // from_blob does not copy; .to() copies only when the device differs, so clone on CPU to
    // keep the tensor valid after the caller's buffer goes away.
    torch::Tensor t = torch::from_blob(
        const_cast<float*>(buffer.data.data()),
        {buffer.shape[0], buffer.shape[1], buffer.shape[2], buffer.shape[3]}, torch::kFloat);
    return d.device.is_cpu() ? t.clone() : t.to(d.device);
}

torch::Tensor ModelAccess::forward(OriNetModel& model, Branch branch, const torch::Tensor& input) {
    OriNetModel::Impl& d = *model.mImpl;
    return d.branch(branch)->forward(input, d.batchStatisticsInEval);
}

std::vector<torch::nn::BatchNorm2d> ModelAccess::normalizations(OriNetModel& model) {
    std::vector<torch::nn::BatchNorm2d> result;
    for (Branch b : {Branch::Ground, Branch::Satellite})
        for (const auto& bn : model.mImpl->branch(b)->norms)
            result.push_back(bn);
    return result;
}

} // namespace detail

OriNetModel::OriNetModel(const ModelConfig& config)
    : mImpl(std::make_unique<Impl>()) {
    mImpl->config = config;
    if (config.device.rfind("cuda", 0) == 0 && !torch::cuda::is_available())
        throw Error("device '" + config.device +
                    "' is not available: this LibTorch build has no usable CUDA device");
    try {
        mImpl->device = torch::Device(config.device);
    } catch (const std::exception&) {
        throw Error("unknown device '" + config.device + "' (use cpu, cuda or cuda:N)");
    }
    if (config.preset.groundRows < 1 || config.preset.groundCols < 1 ||
        config.preset.satelliteSize < 1)
        throw Error("input preset '" + config.preset.name + "' has an empty size");
    // Initialise from our own generator so the model does not depend on (or disturb) the
    // global RNG state the trainer saves in checkpoints.
    torch::manual_seed(config.initSeed);
    mImpl->network = OriNetNetwork(inputChannels(config.orientation));
    mImpl->network->ground->initialize();
    mImpl->network->satellite->initialize();
    mImpl->network->to(mImpl->device);
    // Ready to describe; the trainer switches to training mode itself.
    mImpl->network->eval();
}

OriNetModel::~OriNetModel() = default;
OriNetModel::OriNetModel(OriNetModel&&) noexcept = default;
OriNetModel& OriNetModel::operator=(OriNetModel&&) noexcept = default;

const ModelConfig& OriNetModel::config() const {
    return mImpl->config;
}

int64_t OriNetModel::parameterCount(Branch branch) const {
    int64_t n = 0;
    for (const auto& p : mImpl->branch(branch)->parameters())
        n += p.numel();
    return n;
}

int64_t OriNetModel::parameterCount() const {
    return parameterCount(Branch::Ground) + parameterCount(Branch::Satellite);
}

std::array<int64_t, 2> OriNetModel::featureMapSize(Branch branch) const {
    return layerSize(mImpl->config.preset, branch, kLayers);
}

std::array<int64_t, 2> OriNetModel::layerSize(const InputPreset& preset, Branch branch, int layer) {
    if (layer < 1 || layer > kLayers)
        throw Error("layer " + std::to_string(layer) + " does not exist (layers 1 to " +
                    std::to_string(kLayers) + ")");
    std::array<int64_t, 2> size =
        branch == Branch::Ground
            ? std::array<int64_t, 2>{preset.groundRows, preset.groundCols}
            : std::array<int64_t, 2>{preset.satelliteSize, preset.satelliteSize};
    for (int i = 0; i < layer; ++i)
        size = {sameOutput(size[0]), sameOutput(size[1])};
    return size;
}

void OriNetModel::setTraining(bool training) {
    mImpl->network->train(training);
}

bool OriNetModel::isTraining() const {
    return mImpl->network->is_training();
}

void OriNetModel::setBatchStatisticsInEval(bool enabled) {
    mImpl->batchStatisticsInEval = enabled;
}

bool OriNetModel::batchStatisticsInEval() const {
    return mImpl->batchStatisticsInEval;
}

cv::Mat OriNetModel::describe(Branch branch, const TensorBuffer& input) {
    torch::NoGradGuard noGrad;
    const bool wasTraining = isTraining();
    setTraining(false);
    torch::Tensor out;
    try {
        out = detail::ModelAccess::forward(*this, branch,
                                           detail::ModelAccess::inputTensor(*this, branch, input))
                  .to(torch::kCPU)
                  .contiguous();
    } catch (...) {
        setTraining(wasTraining);
        throw;
    }
    setTraining(wasTraining);
    cv::Mat result(static_cast<int>(out.size(0)), static_cast<int>(out.size(1)), CV_32F);
    std::memcpy(result.data, out.data_ptr<float>(), out.numel() * sizeof(float));
    return result;
}

CellFeatures OriNetModel::describeCells(Branch branch, const TensorBuffer& input) {
    if (input.shape[0] != 1)
        throw Error("the cells of one image are described at a time, not " +
                    std::to_string(input.shape[0]));
    torch::NoGradGuard noGrad;
    const bool wasTraining = isTraining();
    setTraining(false);
    torch::Tensor out;
    try {
        out = mImpl->branch(branch)->cells(detail::ModelAccess::inputTensor(*this, branch, input),
                                           mImpl->batchStatisticsInEval);
    } catch (...) {
        setTraining(wasTraining);
        throw;
    }
    setTraining(wasTraining);
    // 1 x C x h x w to (h * w) x C: a row per cell, in row-major cell order.
    const int64_t rows = out.size(2), cols = out.size(3), channels = out.size(1);
    out = out[0].reshape({channels, rows * cols}).t().contiguous().to(torch::kCPU);
    CellFeatures cells;
    cells.rows = static_cast<int>(rows);
    cells.cols = static_cast<int>(cols);
    cells.values.create(static_cast<int>(rows * cols), static_cast<int>(channels), CV_32F);
    std::memcpy(cells.values.data, out.data_ptr<float>(), out.numel() * sizeof(float));
    return cells;
}

namespace {

TensorDType dtypeOf(const torch::Tensor& t) {
    switch (t.scalar_type()) {
    case torch::kFloat:
        return TensorDType::Float32;
    case torch::kDouble:
        return TensorDType::Float64;
    case torch::kLong:
        return TensorDType::Int64;
    case torch::kInt:
        return TensorDType::Int32;
    case torch::kByte:
        return TensorDType::UInt8;
    default:
        throw Error(std::string("unsupported tensor type ") + c10::toString(t.scalar_type()));
    }
}

} // namespace

std::vector<NamedTensor> OriNetModel::namedTensors() const {
    std::vector<NamedTensor> result;
    auto add = [&](const std::string& name, const torch::Tensor& tensor) {
        const torch::Tensor t = tensor.detach().to(torch::kCPU).contiguous();
        NamedTensor n;
        n.name = name;
        n.dtype = dtypeOf(t);
        n.shape.assign(t.sizes().begin(), t.sizes().end());
        n.bytes.resize(t.numel() * t.element_size());
        std::memcpy(n.bytes.data(), t.data_ptr(), n.bytes.size());
        result.push_back(std::move(n));
    };
    for (const auto& p : mImpl->network->named_parameters())
        add(p.key(), p.value());
    for (const auto& b : mImpl->network->named_buffers())
        add(b.key(), b.value());
    return result;
}

namespace {

//! Loads `tensors` into exactly the `targets` set, checking everything before changing
//! anything: a failed load leaves the model as it was.
void loadInto(std::map<std::string, torch::Tensor> targets, const std::vector<NamedTensor>& tensors,
              const std::string& source) {

    std::map<std::string, const NamedTensor*> given;
    for (const NamedTensor& t : tensors)
        if (targets.count(t.name) && !given.emplace(t.name, &t).second)
            throw Error(source, "tensor '" + t.name + "' appears twice");
    // Check everything before changing anything: a failed load leaves the model as it was.
    for (const auto& [name, target] : targets) {
        auto it = given.find(name);
        if (it == given.end())
            throw Error(source, "tensor '" + name + "' is missing (the model has " +
                                    std::to_string(targets.size()) + " tensors)");
        const NamedTensor& t = *it->second;
        if (t.dtype != dtypeOf(target))
            throw Error(source, "tensor '" + name + "' is " + toString(t.dtype) +
                                    ", the model needs " + toString(dtypeOf(target)));
        const std::vector<int64_t> shape(target.sizes().begin(), target.sizes().end());
        if (t.shape != shape) {
            auto text = [](const std::vector<int64_t>& s) {
                std::string r = "[";
                for (size_t i = 0; i < s.size(); ++i)
                    r += (i ? ", " : "") + std::to_string(s[i]);
                return r + "]";
            };
            throw Error(source, "tensor '" + name + "' has shape " + text(t.shape) +
                                    ", the model needs " + text(shape) +
                                    " (check the preset and orientation mode)");
        }
        if (t.bytes.size() != static_cast<size_t>(target.numel() * target.element_size()))
            throw Error(source, "tensor '" + name + "' has the wrong number of bytes");
    }
    for (const NamedTensor& t : tensors)
        if (!targets.count(t.name))
            throw Error(source, "unknown tensor '" + t.name + "' (not part of an OriNet model)");

    torch::NoGradGuard noGrad;
    for (auto& [name, target] : targets) {
        const NamedTensor& t = *given.at(name);
        torch::Tensor cpu = torch::from_blob(const_cast<uint8_t*>(t.bytes.data()), target.sizes(),
                                             target.options().device(torch::kCPU));
        target.copy_(cpu);
    }
}

} // namespace

void OriNetModel::loadNamedTensors(const std::vector<NamedTensor>& tensors,
                                   const std::string& source) {
    std::map<std::string, torch::Tensor> targets;
    for (const auto& p : mImpl->network->named_parameters())
        targets[p.key()] = p.value();
    for (const auto& b : mImpl->network->named_buffers())
        targets[b.key()] = b.value();
    loadInto(std::move(targets), tensors, source);
}

std::vector<std::string> OriNetModel::parameterNames() const {
    std::vector<std::string> names;
    for (const auto& p : mImpl->network->named_parameters())
        names.push_back(p.key());
    return names;
}

bool OriNetModel::isNormalizationStatistic(const std::string& name) {
    for (const char* suffix : {".running_mean", ".running_var", ".num_batches_tracked"}) {
        const std::string s(suffix);
        if (name.size() > s.size() && name.compare(name.size() - s.size(), s.size(), s) == 0)
            return true;
    }
    return false;
}

std::vector<NamedTensor> OriNetModel::normalizationStatistics() const {
    std::vector<NamedTensor> all = namedTensors(), result;
    for (NamedTensor& t : all)
        if (isNormalizationStatistic(t.name))
            result.push_back(std::move(t));
    return result;
}

void OriNetModel::loadNormalizationStatistics(const std::vector<NamedTensor>& statistics,
                                              const std::string& source) {
    std::map<std::string, torch::Tensor> targets;
    for (const auto& b : mImpl->network->named_buffers())
        if (isNormalizationStatistic(b.key()))
            targets[b.key()] = b.value();
    loadInto(std::move(targets), statistics, source);
}

} // namespace orinet
