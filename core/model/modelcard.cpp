#include "model/modelcard.h"

#include "common/error.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <fstream>
#include <set>
#include <sstream>

namespace orinet {

namespace {

constexpr const char* kFormat = "orinet-model-card";
constexpr int kMaxSide = 4096;

using Json = nlohmann::json;

//! Reads the card's fields, each error naming the file and the field.
class CardReader {
public:
    explicit CardReader(std::string source)
        : mSource(std::move(source)) {}

    [[noreturn]] void fail(const std::string& field, const std::string& problem) const {
        throw Error(mSource, "field '" + field + "': " + problem + " (docs/torchscript.md)");
    }

    const Json& member(const Json& object, const std::string& prefix, const char* name) const {
        const auto it = object.find(name);
        if (it == object.end())
            fail(prefix + name, "missing");
        return *it;
    }

    void onlyKnown(const Json& object, const std::string& prefix,
                   const std::set<std::string>& known) const {
        for (const auto& item : object.items())
            if (!known.count(item.key())) {
                std::string list;
                for (const std::string& k : known)
                    list += (list.empty() ? "" : ", ") + k;
                fail(prefix + item.key(), "unknown field (known: " + list + ")");
            }
    }

    int side(const Json& branch, const std::string& prefix, const char* name) const {
        const Json& v = member(branch, prefix, name);
        if (!v.is_number_integer() || v.get<int64_t>() < 8 || v.get<int64_t>() > kMaxSide)
            fail(prefix + name, "must be a whole number of pixels from 8 to " +
                                    std::to_string(kMaxSide) + ", got " + v.dump());
        return v.get<int>();
    }

    double number(const Json& v, const std::string& field) const {
        if (!v.is_number() || !std::isfinite(v.get<double>()))
            fail(field, "must be a number, got " + v.dump());
        return v.get<double>();
    }

    std::array<double, 3> triple(const Json& object, const std::string& prefix, const char* name,
                                 bool positive) const {
        const Json& v = member(object, prefix, name);
        if (!v.is_array() || v.size() != 3)
            fail(prefix + name,
                 "must be a list of 3 numbers, one per colour channel in the card's order, got " +
                     v.dump());
        std::array<double, 3> out{};
        for (size_t i = 0; i < 3; ++i) {
            out[i] = number(v[i], prefix + name + "[" + std::to_string(i) + "]");
            if (positive && !(out[i] > 0))
                fail(prefix + name + "[" + std::to_string(i) + "]",
                     "must be greater than 0, got " + v[i].dump());
        }
        return out;
    }

    std::string identifier(const Json& v, const std::string& field) const {
        if (!v.is_string() || v.get<std::string>().empty())
            fail(field, "must be the name of a method of the model, got " + v.dump());
        const std::string name = v.get<std::string>();
        for (char c : name)
            if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_'))
                fail(field, "'" + name + "' is not a method name");
        return name;
    }

private:
    std::string mSource;
};

} // namespace

InputPreset ModelCard::preset() const {
    return {"card", groundHeight, groundWidth, satelliteHeight};
}

bool ModelCard::takesPipelineColour() const {
    // The pipeline gives v/255*2-1 in B, G, R order.
    if (rgb || std::abs(scale * 127.5 - 1.0) > 1e-9)
        return false;
    for (size_t c = 0; c < 3; ++c)
        if (std::abs(mean[c] - 1.0) > 1e-9 || std::abs(deviation[c] - 1.0) > 1e-9)
            return false;
    return true;
}

std::string ModelCard::inputText() const {
    return "ground " + std::to_string(groundHeight) + "x" + std::to_string(groundWidth) +
           ", satellite " + std::to_string(satelliteHeight) + "x" + std::to_string(satelliteWidth) +
           ", " + std::to_string(channels()) + " channels";
}

ModelCard ModelCard::parse(const std::string& text, const std::string& source) {
    const CardReader r(source);
    Json j;
    try {
        j = Json::parse(text);
    } catch (const Json::exception& e) {
        throw Error(source, std::string("is not valid JSON: ") + e.what());
    }
    if (!j.is_object())
        throw Error(source, "is not a model card: a JSON object is expected (docs/torchscript.md)");
    r.onlyKnown(j, "",
                {"format", "version", "method", "ground", "satellite", "colour",
                 "orientation_channels", "call", "descriptor_dimension"});
    if (j.contains("format") && j["format"] != kFormat)
        r.fail("format", std::string("must be \"") + kFormat + "\", got " + j["format"].dump());
    if (j.contains("version") && j["version"] != 1)
        r.fail("version",
               "this version reads model cards of version 1, got " + j["version"].dump());
    ModelCard c;
    const Json& method = r.member(j, "", "method");
    if (!method.is_string() || method.get<std::string>().empty())
        r.fail("method", "must name the model, e.g. \"ResNet-18 baseline\", got " + method.dump());
    c.method = method.get<std::string>();

    for (const char* name : {"ground", "satellite"}) {
        const Json& branch = r.member(j, "", name);
        const std::string prefix = std::string(name) + ".";
        if (!branch.is_object())
            r.fail(name, "must be an object {\"height\": H, \"width\": W}, got " + branch.dump());
        r.onlyKnown(branch, prefix, {"height", "width"});
        const int height = r.side(branch, prefix, "height");
        const int width = r.side(branch, prefix, "width");
        if (std::string(name) == "ground") {
            c.groundHeight = height;
            c.groundWidth = width;
        } else {
            c.satelliteHeight = height;
            c.satelliteWidth = width;
        }
    }
    if (c.satelliteHeight != c.satelliteWidth)
        r.fail("satellite", "height " + std::to_string(c.satelliteHeight) + " and width " +
                                std::to_string(c.satelliteWidth) +
                                " differ: satellite tiles are square and resized whole");

    const Json& colour = r.member(j, "", "colour");
    if (!colour.is_object())
        r.fail("colour", "must be an object with order, scale, mean and std, got " + colour.dump());
    r.onlyKnown(colour, "colour.", {"order", "scale", "mean", "std"});
    const Json& order = r.member(colour, "colour.", "order");
    if (order != "rgb" && order != "bgr")
        r.fail("colour.order", "must be \"rgb\" or \"bgr\", got " + order.dump());
    c.rgb = order == "rgb";
    c.scale = r.number(r.member(colour, "colour.", "scale"), "colour.scale");
    if (!(c.scale > 0))
        r.fail("colour.scale", "must be greater than 0 (e.g. 1/255 = 0.00392156862745098)");
    c.mean = r.triple(colour, "colour.", "mean", false);
    c.deviation = r.triple(colour, "colour.", "std", true);

    const Json& orientation = r.member(j, "", "orientation_channels");
    if (!orientation.is_boolean())
        r.fail("orientation_channels", "must be true or false, got " + orientation.dump());
    c.orientationChannels = orientation.get<bool>();

    const Json& call = r.member(j, "", "call");
    if (call == "forward") {
        c.call = Call::Forward;
    } else if (call.is_object()) {
        r.onlyKnown(call, "call.", {"ground", "satellite"});
        c.call = Call::Methods;
        c.groundMethod = r.identifier(r.member(call, "call.", "ground"), "call.ground");
        c.satelliteMethod = r.identifier(r.member(call, "call.", "satellite"), "call.satellite");
    } else {
        r.fail("call",
               "must be \"forward\" (forward(ground, satellite) returns both descriptors) or "
               "{\"ground\": \"embed_ground\", \"satellite\": \"embed_satellite\"}, got " +
                   call.dump());
    }

    const Json& dimension = r.member(j, "", "descriptor_dimension");
    if (!dimension.is_number_integer() || dimension.get<int64_t>() < 1 ||
        dimension.get<int64_t>() > 1 << 20)
        r.fail("descriptor_dimension",
               "must be a whole number from 1 to 1048576, got " + dimension.dump());
    c.descriptorDimension = dimension.get<int64_t>();
    return c;
}

ModelCard ModelCard::load(const std::string& path) {
    std::ifstream in(path);
    if (!in)
        throw Error(path, "cannot read the model card");
    std::stringstream text;
    text << in.rdbuf();
    ModelCard card = parse(text.str(), path);
    card.file = path;
    return card;
}

std::string ModelCard::toJson() const {
    nlohmann::ordered_json j;
    j["format"] = kFormat;
    j["version"] = 1;
    j["method"] = method;
    j["ground"] = {{"height", groundHeight}, {"width", groundWidth}};
    j["satellite"] = {{"height", satelliteHeight}, {"width", satelliteWidth}};
    j["colour"] = {
        {"order", rgb ? "rgb" : "bgr"}, {"scale", scale}, {"mean", mean}, {"std", deviation}};
    j["orientation_channels"] = orientationChannels;
    if (call == Call::Forward)
        j["call"] = "forward";
    else
        j["call"] = {{"ground", groundMethod}, {"satellite", satelliteMethod}};
    j["descriptor_dimension"] = descriptorDimension;
    return j.dump(2) + "\n";
}

} // namespace orinet
