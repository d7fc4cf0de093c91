#include "run/trainingconfig.h"

#include "common/error.h"

#include <nlohmann/json.hpp>

namespace orinet {

SourceOptions TrainingConfig::sourceOptions(SourcePurpose purpose) const {
    SourceOptions o;
    o.purpose = purpose;
    o.preset = model.preset;
    o.orientation = model.orientation;
    o.batchSize = static_cast<size_t>(batchSize);
    o.seed = seed;
    o.rotation = rotation;
    return o;
}

std::string TrainingConfig::toJson() const {
    nlohmann::ordered_json j;
    j["model"] = nlohmann::ordered_json::parse(model.toJson());
    j["epochs"] = epochs;
    j["batch_size"] = batchSize;
    j["learning_rate"] = learningRate;
    j["beta1"] = beta1;
    j["beta2"] = beta2;
    j["adam_epsilon"] = adamEpsilon;
    j["weight_decay"] = weightDecay;
    j["seed"] = seed;
    j["loss_alpha"] = loss.alpha;
    j["exclude_radius_m"] = loss.excludeRadius;
    j["rotation"] = toString(rotation);
    j["mask_nearby_negatives"] = maskNearbyNegatives;
    j["checkpoint_every_steps"] = checkpointEverySteps;
    j["normalization_shards"] = normalizationShards;
    j["gather_descriptors"] = gatherDescriptors;
    j["validation_normalization"] = toString(validationNormalization);
    j["validate_all_normalizations"] = validateAllNormalizations;
    j["validate_every_epochs"] = validateEveryEpochs;
    j["recalibration_batches"] = recalibrationBatches;
    j["dataset"] = dataset;
    j["layout"] = layout;
    if (!protocol.empty()) {
        j["protocol"] = protocol;
        j["validation_holdout"] = validationHoldout;
    }
    return j.dump(2);
}

TrainingConfig TrainingConfig::fromJson(const std::string& json, const std::string& source) {
    const std::string where = source.empty() ? "training configuration" : source;
    try {
        const nlohmann::json j = nlohmann::json::parse(json);
        TrainingConfig c;
        c.model = ModelConfig::fromJson(j.at("model").dump(), source);
        c.epochs = j.at("epochs").get<int>();
        c.batchSize = j.at("batch_size").get<int64_t>();
        c.learningRate = j.at("learning_rate").get<double>();
        c.beta1 = j.value("beta1", 0.9);
        c.beta2 = j.value("beta2", 0.999);
        c.adamEpsilon = j.value("adam_epsilon", 1e-8);
        c.weightDecay = j.value("weight_decay", 0.0);
        c.seed = j.value("seed", uint64_t{0});
        c.loss.alpha = j.value("loss_alpha", 10.0);
        c.loss.excludeRadius = j.value("exclude_radius_m", 25.0);
        try {
            c.rotation = fromString<RotationDraw>(j.value("rotation", std::string("uniform")));
        } catch (const Error& e) {
            throw Error(where, e.what());
        }
        c.maskNearbyNegatives = j.value("mask_nearby_negatives", true);
        c.checkpointEverySteps = j.value("checkpoint_every_steps", int64_t{0});
        c.normalizationShards = j.value("normalization_shards", int64_t{1});
        c.gatherDescriptors = j.value("gather_descriptors", true);
        // Runs from before BatchNorm modes validated with the running statistics.
        c.validationNormalization =
            fromString<Normalization>(j.value("validation_normalization", std::string("running")));
        c.validateAllNormalizations = j.value("validate_all_normalizations", false);
        c.validateEveryEpochs = j.value("validate_every_epochs", 1); // runs before it: 1
        c.recalibrationBatches = j.value("recalibration_batches", int64_t{0});
        c.dataset = j.value("dataset", std::string());
        c.layout = j.value("layout", std::string());
        c.protocol = j.value("protocol", std::string());
        c.validationHoldout = j.value("validation_holdout", 0.0);
        c.validate(where);
        return c;
    } catch (const nlohmann::json::exception& e) {
        throw Error(where, std::string("invalid training configuration: ") + e.what());
    } catch (const Error& e) {
        if (!e.path().empty())
            throw;
        throw Error(where, std::string("invalid training configuration: ") + e.what());
    }
}

void TrainingConfig::validate(const std::string& source) const {
    auto fail = [&](const std::string& problem) {
        if (source.empty())
            throw Error(problem);
        throw Error(source, problem);
    };
    if (epochs < 1 || epochs > 1000000)
        fail("epochs must be between 1 and 1000000, not " + std::to_string(epochs));
    if (batchSize < 2 || batchSize > 65536)
        fail("the batch size must be between 2 and 65536 (the loss needs negatives), not " +
             std::to_string(batchSize));
    if (!(learningRate > 0) || !(learningRate <= 10))
        fail("the learning rate must be in (0, 10]");
    if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1) || !(adamEpsilon > 0))
        fail("Adam needs 0 <= beta1, beta2 < 1 and epsilon > 0");
    if (!(weightDecay >= 0) || !(weightDecay <= 10))
        fail("the weight decay must be in [0, 10]");
    if (!(loss.alpha > 0) || !(loss.alpha <= 1e6))
        fail("the loss weight alpha must be in (0, 1e6]");
    if (!(loss.excludeRadius >= 0) || !(loss.excludeRadius <= 1e7))
        fail("the exclusion radius must be in [0, 1e7] metres");
    if (validateEveryEpochs < 1 || validateEveryEpochs > 1000000)
        fail("validate_every_epochs must be between 1 and 1000000, not " +
             std::to_string(validateEveryEpochs));
    if (checkpointEverySteps < 0)
        fail("checkpoint_every_steps must be >= 0");
    if (normalizationShards < 1 || batchSize % normalizationShards != 0)
        fail("the batch size must split into normalization_shards equal slices");
    if (recalibrationBatches < 0 || recalibrationBatches > 1000000)
        fail("recalibration_batches must be between 0 and 1000000");
    if (!(validationHoldout >= 0 && validationHoldout <= 0.5))
        fail("the share of panoramas held out for validation must be in [0, 0.5]");
    if (validationHoldout > 0 && protocol.empty())
        fail("a validation holdout is for a VIGOR run (one-to-one datasets have a val split)");
    if (recalibrationBatches == 0 &&
        (validationNormalization == Normalization::Recalibrated || validateAllNormalizations))
        fail("validating with recalibrated BatchNorm statistics needs recalibration_batches > 0");
}

TrainingConfig TrainingConfig::resumed(const TrainingConfig& saved, const TrainingConfig& requested,
                                       const std::vector<std::string>& given, int64_t stepsDone,
                                       std::vector<std::string>* kept) {
    if (stepsDone == 0) {
        // Nothing trained with the saved settings yet: only the network is fixed.
        TrainingConfig result = requested;
        result.model = saved.model;
        result.model.device = requested.model.device;
        for (const std::string& key : given) {
            const nlohmann::json a = nlohmann::json::parse(saved.model.toJson());
            const nlohmann::json b = nlohmann::json::parse(requested.model.toJson());
            if (key != "device" && a.contains(key) && a.at(key) != b.at(key) && kept)
                kept->push_back(key + ": the run's " + a.at(key).dump() + " is kept, " +
                                b.at(key).dump() + " was given");
        }
        return result;
    }
    TrainingConfig result = saved;
    const nlohmann::json before = nlohmann::json::parse(saved.toJson());
    const nlohmann::json asked = nlohmann::json::parse(requested.toJson());
    for (const std::string& key : given) {
        if (key == "epochs") {
            result.epochs = requested.epochs;
            continue;
        }
        if (key == "device") {
            result.model.device = requested.model.device;
            continue;
        }
        // Model settings sit in the "model" object of the JSON.
        const bool inModel = !before.contains(key) && before.at("model").contains(key);
        const nlohmann::json& a = inModel ? before.at("model") : before;
        const nlohmann::json& b = inModel ? asked.at("model") : asked;
        if (!a.contains(key) || !b.contains(key) || a.at(key) == b.at(key))
            continue;
        if (kept)
            kept->push_back(key + ": the run's " + a.at(key).dump() + " is kept, " +
                            b.at(key).dump() + " was given");
    }
    return result;
}

} // namespace orinet
