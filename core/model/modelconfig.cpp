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
        // Sizes are checked against the named preset: a file cannot smuggle in a network
        // input that no code path was tested with, nor one that allocates gigabytes.
        const InputPreset known = InputPreset::byName(c.preset.name);
        if (known.groundRows != c.preset.groundRows || known.groundCols != c.preset.groundCols ||
            known.satelliteSize != c.preset.satelliteSize)
            throw Error("preset '" + c.preset.name + "' has the input sizes " +
                        std::to_string(known.groundRows) + "x" + std::to_string(known.groundCols) +
                        " / " + std::to_string(known.satelliteSize) + ", the file says " +
                        std::to_string(c.preset.groundRows) + "x" +
                        std::to_string(c.preset.groundCols) + " / " +
                        std::to_string(c.preset.satelliteSize));
        c.orientation = fromString<OrientationMode>(j.at("orientation").get<std::string>());
        c.device = j.value("device", std::string("cpu"));
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
