#include "training/checkpointfile.h"

#include "common/error.h"
#include "model/orinetmodel.h"
#include "model/safetensors.h"

#include <filesystem>

namespace orinet {

namespace {

constexpr const char* kModelConfigKey = "orinet.model_config";

bool isModelTensor(const std::string& name) {
    return name.rfind("ground.", 0) == 0 || name.rfind("satellite.", 0) == 0;
}

ModelConfig configOf(const SafeTensors& st, const std::string& path,
                     const std::string& fallbackPreset) {
    if (auto it = st.metadata.find("config"); it != st.metadata.end())
        return TrainingConfig::fromJson(it->second, path).model;
    if (auto it = st.metadata.find(kModelConfigKey); it != st.metadata.end())
        return ModelConfig::fromJson(it->second, path);
    const NamedTensor* conv1 = st.find("ground.conv1.weight");
    if (!conv1 || conv1->shape.size() != 4)
        throw Error(path, "no OriNet weights: 'ground.conv1.weight' (64 x C x 4 x 4) is missing");
    ModelConfig c;
    try {
        c.preset = InputPreset::byName(fallbackPreset);
    } catch (const Error& e) {
        throw Error(path, e.what());
    }
    if (conv1->shape[1] == 5)
        c.orientation = OrientationMode::Input;
    else if (conv1->shape[1] == 3)
        c.orientation = OrientationMode::None;
    else
        throw Error(path, "'ground.conv1.weight' has " + std::to_string(conv1->shape[1]) +
                              " input channels; OriNet takes 5 (with orientation) or 3");
    return c;
}

} // namespace

std::string CheckpointFile::resolve(const std::string& path) {
    if (std::filesystem::is_directory(path))
        return (std::filesystem::path(path) / "checkpoints" / "last.ckpt").string();
    return path;
}

std::string CheckpointFile::resolveForEvaluation(const std::string& path) {
    if (std::filesystem::is_directory(path)) {
        const auto best = std::filesystem::path(path) / "checkpoints" / "best.ckpt";
        if (std::filesystem::exists(best))
            return best.string();
    }
    return resolve(path);
}

ModelConfig CheckpointFile::modelConfig(const std::string& path,
                                        const std::string& fallbackPreset) {
    const std::string file = resolve(path);
    return configOf(SafeTensors::load(file), file, fallbackPreset);
}

std::unique_ptr<OriNetModel> CheckpointFile::loadModel(const std::string& path,
                                                       const std::string& device,
                                                       const std::string& fallbackPreset) {
    const std::string file = resolve(path);
    const SafeTensors st = SafeTensors::load(file);
    ModelConfig config = configOf(st, file, fallbackPreset);
    if (!device.empty())
        config.device = device;
    auto model = std::make_unique<OriNetModel>(config);
    std::vector<NamedTensor> tensors;
    for (const NamedTensor& t : st.tensors)
        if (isModelTensor(t.name))
            tensors.push_back(t);
    model->loadNamedTensors(tensors, file);
    return model;
}

void CheckpointFile::exportWeights(const std::string& checkpoint, const std::string& weightsOut) {
    const std::string file = resolve(checkpoint);
    const SafeTensors st = SafeTensors::load(file);
    const ModelConfig config = configOf(st, file, "paper");
    SafeTensors out;
    for (const NamedTensor& t : st.tensors)
        if (isModelTensor(t.name))
            out.tensors.push_back(t);
    // Validate against a real model so we never export something PyTorch cannot load.
    OriNetModel(config).loadNamedTensors(out.tensors, file);
    out.metadata["format"] = "pt";
    out.metadata[kModelConfigKey] = config.toJson();
    out.save(weightsOut);
}

void CheckpointFile::importWeights(const std::string& weights, const std::string& checkpointOut,
                                   const std::string& fallbackPreset) {
    const SafeTensors in = SafeTensors::load(weights);
    const ModelConfig config = configOf(in, weights, fallbackPreset);
    OriNetModel model(config);
    model.loadNamedTensors(in.tensors, weights);

    // A checkpoint at step 0: the tensors as loaded (in the model's canonical order) and zero
    // Adam moments, so training can start from these weights.
    SafeTensors out;
    out.tensors = model.namedTensors();
    const size_t modelTensors = out.tensors.size();
    for (size_t i = 0; i < modelTensors; ++i) {
        const NamedTensor& t = out.tensors[i];
        if (t.dtype != TensorDType::Float32 || t.name.find("running_") != std::string::npos)
            continue;
        for (const char* prefix : {"optimizer.exp_avg.", "optimizer.exp_avg_sq."}) {
            NamedTensor zero;
            zero.name = prefix + t.name;
            zero.dtype = t.dtype;
            zero.shape = t.shape;
            zero.bytes.assign(t.bytes.size(), 0);
            out.tensors.push_back(std::move(zero));
        }
    }
    TrainingConfig training;
    training.model = config;
    out.metadata["format"] = "pt";
    out.metadata["orinet.checkpoint"] = "1";
    out.metadata["imported_from"] = weights;
    out.metadata["config"] = training.toJson();
    out.metadata["step"] = "0";
    out.metadata["steps_per_epoch"] = "0";
    out.metadata["epoch_loss_sum"] = "0";
    out.metadata["best_recall_1p"] = "-1";
    out.save(checkpointOut);
}

} // namespace orinet
