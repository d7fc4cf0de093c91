#include "common/provenance.h"

#include "common/error.h"

#include <nlohmann/json.hpp>

#include <cctype>
#include <filesystem>
#include <vector>

namespace orinet {

namespace {

//! Lower-case letters, digits and '-' only, so a key is a safe folder name everywhere.
std::string slug(const std::string& text) {
    std::string out;
    for (char c : text) {
        if (std::isalnum(static_cast<unsigned char>(c)))
            out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
        else if (!out.empty() && out.back() != '-')
            out.push_back('-');
    }
    while (!out.empty() && out.back() == '-')
        out.pop_back();
    return out.empty() ? "unknown" : out;
}

} // namespace

std::string Provenance::key() const {
    std::string k = slug(split);
    if (!checkpointKind.empty())
        k += "_" + slug(checkpointKind) + (epoch >= 0 ? "-e" + std::to_string(epoch) : "");
    if (!normalization.empty())
        k += "_" + slug(normalization);
    if (!inputs.empty())
        k += "_" + slug(inputs);
    return k;
}

std::string Provenance::label() const {
    const std::string rest = origin();
    return (split.empty() ? std::string("unknown split") : split) +
           (rest.empty() ? std::string() : " · " + rest);
}

std::string Provenance::origin() const {
    std::vector<std::string> parts;
    if (isImported())
        parts.push_back("imported descriptors" + (method.empty() ? "" : " (" + method + ")"));
    if (isTorchScript())
        parts.push_back("TorchScript model" + (method.empty() ? "" : " (" + method + ")"));
    else if (!checkpoint.empty())
        parts.push_back(std::filesystem::path(checkpoint).filename().string() +
                        (epoch >= 0 ? ", epoch " + std::to_string(epoch) : std::string()));
    if (!normalization.empty())
        parts.push_back("BN " + normalization);
    if (!inputs.empty())
        parts.push_back(inputs);
    std::string text;
    for (const std::string& part : parts)
        text += (text.empty() ? "" : " · ") + part;
    return text;
}

std::string Provenance::toJson() const {
    nlohmann::ordered_json j;
    j["split"] = split;
    j["checkpoint"] = checkpoint;
    j["checkpoint_kind"] = checkpointKind;
    j["epoch"] = epoch;
    j["step"] = step;
    j["normalization"] = normalization;
    j["inputs"] = inputs;
    j["preset"] = preset;
    if (!method.empty())
        j["method"] = method;
    return j.dump();
}

Provenance Provenance::fromJson(const std::string& json, const std::string& source) {
    const std::string where = source.empty() ? std::string("provenance") : source;
    try {
        const nlohmann::json j = nlohmann::json::parse(json);
        if (!j.is_object())
            throw Error(where, "provenance is not a JSON object");
        Provenance p;
        p.split = j.value("split", std::string());
        p.checkpoint = j.value("checkpoint", std::string());
        p.checkpointKind = j.value("checkpoint_kind", std::string());
        p.epoch = j.value("epoch", -1);
        p.step = j.value("step", int64_t{-1});
        p.normalization = j.value("normalization", std::string());
        p.inputs = j.value("inputs", std::string());
        p.preset = j.value("preset", std::string());
        p.method = j.value("method", std::string());
        return p;
    } catch (const nlohmann::json::exception& e) {
        throw Error(where, std::string("invalid provenance: ") + e.what());
    }
}

std::optional<Provenance::Difference>
Provenance::describedDifferently(const Provenance& other) const {
    const auto checkpointOf = [](const Provenance& p) {
        return (p.checkpointKind.empty() ? std::string("a checkpoint") : p.checkpointKind) +
               " (epoch " + std::to_string(p.epoch) + ", step " + std::to_string(p.step) + ")";
    };
    const auto inputsOf = [](const Provenance& p) {
        return p.inputs.empty() ? std::string("as in the dataset") : p.inputs;
    };
    if (checkpointKind != other.checkpointKind || epoch != other.epoch || step != other.step)
        return Difference{"another checkpoint", checkpointOf(*this), checkpointOf(other)};
    if (normalization != other.normalization)
        return Difference{"another BatchNorm mode", normalization, other.normalization};
    if (preset != other.preset)
        return Difference{"another input preset", preset, other.preset};
    if (inputs != other.inputs)
        return Difference{"other inputs", inputsOf(*this), inputsOf(other)};
    return std::nullopt;
}

} // namespace orinet
