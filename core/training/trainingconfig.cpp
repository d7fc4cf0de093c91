#include "training/trainingconfig.h"

#include "common/error.h"

#include <nlohmann/json.hpp>

namespace orinet {

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
    j["dataset"] = dataset;
    j["layout"] = layout;
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
            c.rotation = rotationDrawFromString(j.value("rotation", std::string("uniform")));
        } catch (const Error& e) {
            throw Error(where, e.what());
        }
        c.maskNearbyNegatives = j.value("mask_nearby_negatives", true);
        c.checkpointEverySteps = j.value("checkpoint_every_steps", int64_t{0});
        c.normalizationShards = j.value("normalization_shards", int64_t{1});
        c.gatherDescriptors = j.value("gather_descriptors", true);
        c.dataset = j.value("dataset", std::string());
        c.layout = j.value("layout", std::string());
        if (c.epochs < 1 || c.batchSize < 2 || !(c.learningRate > 0) || c.normalizationShards < 1)
            throw Error(where, "invalid training configuration: epochs >= 1, batch size >= 2 "
                               "and a positive learning rate are required");
        return c;
    } catch (const nlohmann::json::exception& e) {
        throw Error(where, std::string("invalid training configuration: ") + e.what());
    }
}

} // namespace orinet
