#include "run/checkpoint.h"

#include "common/error.h"
#include "common/numbertext.h"
#include "model/orinetmodel.h"
#include "model/safetensors.h"
#include "run/runfolder.h"

#include <cstdio>
#include <filesystem>

namespace orinet {

namespace {

constexpr const char* kModelConfigKey = "orinet.model_config";
//! Marks a checkpoint the trainer (or import-weights) wrote, as opposed to a weights file.
constexpr const char* kCheckpointKey = "orinet.checkpoint";
constexpr const char* kRecalibrated = "recalibrated.";
constexpr const char* kRng = "rng.cpu";

bool startsWith(const std::string& text, const char* prefix) {
    return text.rfind(prefix, 0) == 0;
}

std::string number(double v) {
    return text::general(v, 17);
}

//! The configuration of a training checkpoint whose metadata lacks it: its run's config.json,
//! which the trainer writes beside every checkpoint it saves. Anything else is refused.
TrainingConfig configFromRun(const NamedTensor* conv1, const std::string& path,
                             std::string& source) {
    const std::string lacks = "the checkpoint's metadata lacks its training configuration "
                              "('config'), so the input size its weights were trained at is "
                              "unknown (the weights fit every preset)";
    const std::optional<RunFolder> run = RunFolder::holding(path);
    if (!run)
        throw Error(path, lacks + ", and the file is not in a run's checkpoints folder, whose "
                                  "config.json would say");
    std::error_code ec;
    if (!std::filesystem::exists(run->configFile(), ec))
        throw Error(path, lacks + ", and its run's " + run->configFile() + " is missing");
    TrainingConfig config;
    try {
        config = run->configFileContent();
    } catch (const Error& e) {
        throw Error(path, lacks + ", and its run's configuration cannot be used either (" +
                              std::string(e.what()) + ")");
    }
    if (conv1 && conv1->shape.size() == 4 &&
        conv1->shape[1] != inputChannels(config.model.orientation))
        throw Error(path, lacks + ", and its run's " + run->configFile() + " (orientation " +
                              toString(config.model.orientation) + ") does not fit its weights (" +
                              std::to_string(conv1->shape[1]) + " input channels)");
    source = run->configFile();
    return config;
}

//! The configuration a file carries, or what its weights imply. `source` names where it came
//! from when that is not the file itself.
TrainingConfig configOf(const std::map<std::string, std::string>& metadata,
                        const NamedTensor* conv1, const std::string& path,
                        const std::string& fallbackPreset, std::string& source) {
    if (auto it = metadata.find("config"); it != metadata.end())
        return TrainingConfig::fromJson(it->second, path);
    if (metadata.count(kCheckpointKey))
        return configFromRun(conv1, path, source);
    TrainingConfig c;
    if (auto it = metadata.find(kModelConfigKey); it != metadata.end()) {
        c.model = ModelConfig::fromJson(it->second, path);
        return c;
    }
    if (!conv1 || conv1->shape.size() != 4)
        throw Error(path, "no OriNet weights: 'ground.conv1.weight' (64 x C x 4 x 4) is missing");
    try {
        c.model.preset = InputPreset::byName(fallbackPreset);
    } catch (const Error& e) {
        throw Error(path, e.what());
    }
    if (conv1->shape[1] == 5)
        c.model.orientation = OrientationMode::Input;
    else if (conv1->shape[1] == 3)
        c.model.orientation = OrientationMode::None;
    else
        throw Error(path, "'ground.conv1.weight' has " + std::to_string(conv1->shape[1]) +
                              " input channels; OriNet takes 5 (with orientation) or 3");
    return c;
}

CheckpointState stateOf(const std::map<std::string, std::string>& metadata,
                        const std::string& path) {
    CheckpointState s;
    if (!metadata.count(kCheckpointKey))
        return s; // a weights file: nothing trained here yet
    auto text = [&](const char* key, const char* fallback) -> std::string {
        auto it = metadata.find(key);
        if (it != metadata.end())
            return it->second;
        if (fallback)
            return fallback;
        throw Error(path, std::string("checkpoint metadata lacks '") + key + "'");
    };
    try {
        s.step = std::stoll(text("step", nullptr));
        s.stepsPerEpoch = std::stoll(text("steps_per_epoch", "0"));
        s.epochLossSum = std::stod(text("epoch_loss_sum", "0"));
        s.bestRecall = std::stod(text("best_recall_1p", "-1"));
        s.bestEpoch = std::stoi(text("best_epoch", "0"));
        // Checkpoints from before this field recorded every epoch they completed.
        const std::string recorded = text("recorded_epochs", "");
        s.recordedEpochs = recorded.empty() ? s.completedEpochs() : std::stoi(recorded);
    } catch (const Error&) {
        throw;
    } catch (const std::exception&) {
        throw Error(path, "checkpoint metadata (step, steps_per_epoch, ...) is invalid");
    }
    if (s.step < 0 || s.stepsPerEpoch < 0 || s.recordedEpochs < 0 ||
        s.recordedEpochs > s.completedEpochs() || s.bestEpoch < 0 || s.bestEpoch > s.recordedEpochs)
        throw Error(path, "checkpoint metadata (step " + std::to_string(s.step) +
                              ", steps per epoch " + std::to_string(s.stepsPerEpoch) +
                              ", recorded epochs " + std::to_string(s.recordedEpochs) +
                              ") is inconsistent");
    return s;
}

} // namespace

Checkpoint Checkpoint::load(const std::string& path, const std::string& fallbackPreset) {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec))
        throw Error(path, "is a folder, not a checkpoint or weights file");
    SafeTensors st = SafeTensors::load(path);
    Checkpoint c;
    c.path = path;
    c.config =
        configOf(st.metadata, st.find("ground.conv1.weight"), path, fallbackPreset, c.configSource);
    c.state = stateOf(st.metadata, path);
    if (auto it = st.metadata.find("imported_from"); it != st.metadata.end())
        c.importedFrom = it->second;
    for (NamedTensor& t : st.tensors) {
        if (startsWith(t.name, "ground.") || startsWith(t.name, "satellite.")) {
            c.model.push_back(std::move(t));
        } else if (startsWith(t.name, kRecalibrated)) {
            t.name.erase(0, std::string(kRecalibrated).size());
            if (!OriNetModel::isNormalizationStatistic(t.name))
                throw Error(path,
                            "tensor 'recalibrated." + t.name + "' is not a BatchNorm statistic");
            c.recalibrated.push_back(std::move(t));
        } else if (startsWith(t.name, "optimizer.")) {
            c.optimizer.push_back(std::move(t));
        } else if (t.name == kRng) {
            c.rng = std::move(t);
        } else {
            throw Error(path, "unknown tensor '" + t.name +
                                  "' (an OriNet checkpoint holds ground.*, satellite.*, "
                                  "recalibrated.*, optimizer.* and rng.cpu)");
        }
    }
    if (c.model.empty())
        throw Error(path, "holds no model tensors (ground.*, satellite.*)");
    return c;
}

Checkpoint Checkpoint::loadHeader(const std::string& path, const std::string& fallbackPreset) {
    const std::map<std::string, std::string> metadata = SafeTensors::loadMetadata(path);
    if (!metadata.count("config") && !metadata.count(kModelConfigKey) &&
        !metadata.count(kCheckpointKey)) {
        // A foreign weights file: its configuration is implied by the tensors.
        Checkpoint full = load(path, fallbackPreset);
        full.model.clear();
        full.optimizer.clear();
        full.recalibrated.clear();
        full.rng.reset();
        return full;
    }
    Checkpoint c;
    c.path = path;
    c.config = configOf(metadata, nullptr, path, fallbackPreset, c.configSource);
    c.state = stateOf(metadata, path);
    if (auto it = metadata.find("imported_from"); it != metadata.end())
        c.importedFrom = it->second;
    return c;
}

void Checkpoint::save(const std::string& file) const {
    SafeTensors st;
    st.tensors = model;
    for (const NamedTensor& t : recalibrated) {
        st.tensors.push_back(t);
        st.tensors.back().name = kRecalibrated + t.name;
    }
    st.tensors.insert(st.tensors.end(), optimizer.begin(), optimizer.end());
    if (rng)
        st.tensors.push_back(*rng);
    st.metadata["format"] = "pt";
    st.metadata[kCheckpointKey] = "1";
    st.metadata["config"] = config.toJson();
    st.metadata["step"] = std::to_string(state.step);
    st.metadata["steps_per_epoch"] = std::to_string(state.stepsPerEpoch);
    st.metadata["epoch_loss_sum"] = number(state.epochLossSum);
    st.metadata["recorded_epochs"] = std::to_string(state.recordedEpochs);
    st.metadata["best_recall_1p"] = number(state.bestRecall);
    st.metadata["best_epoch"] = std::to_string(state.bestEpoch);
    if (!importedFrom.empty())
        st.metadata["imported_from"] = importedFrom;
    st.save(file);
}

Checkpoint Checkpoint::withoutTrainingState() const {
    Checkpoint c;
    c.config = config;
    c.state = state;
    c.model = model;
    c.recalibrated = recalibrated;
    c.importedFrom = importedFrom;
    c.path = path;
    c.configSource = configSource;
    return c;
}

void Checkpoint::exportWeights(const std::string& file) const {
    // Validate against a real network so we never export something PyTorch cannot load.
    OriNetModel(config.model).loadNamedTensors(model, path.empty() ? file : path);
    SafeTensors out;
    out.tensors = model;
    out.metadata["format"] = "pt";
    out.metadata[kModelConfigKey] = config.model.toJson();
    out.save(file);
}

std::unique_ptr<OriNetModel> Checkpoint::buildModel(Normalization mode,
                                                    const std::string& device) const {
    const std::string source = path.empty() ? std::string("checkpoint") : path;
    if (mode == Normalization::Recalibrated && recalibrated.empty())
        throw Error(
            source,
            "has no recalibrated BatchNorm statistics (written after each epoch "
            "by training; for an older checkpoint, `orinet extract` or `eval` with --run and "
            "--dataset recalibrates them from the training split, or use --bn "
            "original or running)");
    if (mode == Normalization::Adapted)
        throw Error(source, "BatchNorm mode 'adapted' takes its statistics from the images "
                            "being described: only extracting the descriptors of a split "
                            "computes them (use 'recalibrated' or 'running' for one image)");
    ModelConfig mc = config.model;
    if (!device.empty())
        mc.device = device;
    auto network = std::make_unique<OriNetModel>(mc);
    network->loadNamedTensors(model, source);
    if (mode == Normalization::Recalibrated)
        network->loadNormalizationStatistics(recalibrated, source);
    network->setBatchStatisticsInEval(mode == Normalization::Original);
    return network;
}

std::unique_ptr<OriNetModel>
Checkpoint::loadForSingleImages(const std::string& file, const std::string& fallbackPreset,
                                const std::string& alone, Normalization& mode, std::string& note) {
    if (mode == Normalization::Original)
        throw Error(file, "BatchNorm mode 'original' normalises with the statistics of a batch, "
                          "but " +
                              alone + "; use 'recalibrated' or 'running'");
    const Checkpoint checkpoint = load(file, fallbackPreset);
    if (mode == Normalization::Recalibrated && checkpoint.recalibrated.empty()) {
        mode = Normalization::Running;
        note = "the checkpoint has no recalibrated BatchNorm statistics; using the running ones";
    }
    return checkpoint.buildModel(mode);
}

std::string Checkpoint::label() const {
    const std::string name =
        path.empty() ? std::string("checkpoint") : std::filesystem::path(path).filename().string();
    if (!importedFrom.empty() && state.step == 0)
        return name + " (imported weights)";
    if (state.stepsPerEpoch == 0 && state.step == 0)
        return name + " (weights)";
    return name + " (epoch " + std::to_string(state.completedEpochs()) + ", step " +
           std::to_string(state.step) + ")";
}

} // namespace orinet
