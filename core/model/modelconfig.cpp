#include "model/modelconfig.h"

#include "common/error.h"

#include <nlohmann/json.hpp>

namespace orinet {

std::string ModelConfig::toJson() const {
    nlohmann::ordered_json j;
    j["preset"] = preset.name;
    j["ground_rows"] = preset.groundRows;
    j["ground_cols"] = preset.groundCols;
    j["satellite_size"] = preset.satelliteSize;
    j["orientation"] = toString(orientation);
    j["device"] = device;
    j["batch_statistics_in_eval"] = batchStatisticsInEval;
    j["init_seed"] = initSeed;
    return j.dump();
}

ModelConfig ModelConfig::fromJson(const std::string& json, const std::string& source) {
    try {
        const nlohmann::json j = nlohmann::json::parse(json);
        ModelConfig c;
        c.preset.name = j.at("preset").get<std::string>();
        c.preset.groundRows = j.at("ground_rows").get<int>();
        c.preset.groundCols = j.at("ground_cols").get<int>();
        c.preset.satelliteSize = j.at("satellite_size").get<int>();
        if (c.preset.groundRows < 1 || c.preset.groundCols < 1 || c.preset.satelliteSize < 1 ||
            c.preset.groundRows > 8192 || c.preset.groundCols > 8192 ||
            c.preset.satelliteSize > 8192)
            throw Error("input sizes out of range");
        c.orientation = orientationModeFromString(j.at("orientation").get<std::string>());
        c.device = j.value("device", std::string("cpu"));
        c.batchStatisticsInEval = j.value("batch_statistics_in_eval", false);
        c.initSeed = j.value("init_seed", uint64_t{0});
        return c;
    } catch (const nlohmann::json::exception& e) {
        throw Error(source.empty() ? "model configuration" : source,
                    std::string("invalid model configuration: ") + e.what());
    } catch (const Error& e) {
        throw Error(source.empty() ? "model configuration" : source,
                    std::string("invalid model configuration: ") + e.what());
    }
}

} // namespace orinet
