#include "run/importrecord.h"

#include "common/atomicfile.h"
#include "common/error.h"

#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>

namespace orinet {

namespace {

constexpr const char* kFormat = "orinet-imported-run";

nlohmann::ordered_json sourceJson(const ImportRecord::Source& s) {
    return {{"role", s.role},     {"file", s.file}, {"sha256", s.sha256},      {"bytes", s.bytes},
            {"format", s.format}, {"rows", s.rows}, {"dimension", s.dimension}};
}

ImportRecord::Source sourceOf(const nlohmann::json& s) {
    ImportRecord::Source f;
    f.role = s.value("role", std::string());
    f.file = s.value("file", std::string());
    f.sha256 = s.value("sha256", std::string());
    f.bytes = s.value("bytes", uint64_t{0});
    f.format = s.value("format", std::string());
    f.rows = s.value("rows", int64_t{-1});
    f.dimension = s.value("dimension", int64_t{-1});
    return f;
}

} // namespace

const ImportRecord::Import* ImportRecord::find(const std::string& split) const {
    for (const Import& i : imports)
        if (i.split == split)
            return &i;
    return nullptr;
}

void ImportRecord::put(Import import) {
    for (Import& i : imports)
        if (i.split == import.split) {
            i = std::move(import);
            return;
        }
    imports.push_back(std::move(import));
}

std::string ImportRecord::toJson() const {
    nlohmann::ordered_json j;
    j["format"] = kFormat;
    j["version"] = 1;
    j["method"] = method;
    j["imports"] = nlohmann::ordered_json::array();
    for (const Import& i : imports) {
        nlohmann::ordered_json e;
        e["split"] = i.split;
        e["dataset"] = i.dataset;
        e["pairs"] = i.pairs;
        e["dimension"] = i.dimension;
        e["descriptors"] = i.descriptors;
        e["directions"] = i.directions;
        e["sources"] = nlohmann::ordered_json::array();
        for (const Source& s : i.sources)
            e["sources"].push_back(sourceJson(s));
        e["notes"] = i.notes;
        e["created"] = i.created;
        j["imports"].push_back(std::move(e));
    }
    if (model) {
        nlohmann::ordered_json m;
        m["kind"] = model->kind;
        m["file"] = model->file;
        m["card"] = model->card;
        m["dimension"] = model->dimension;
        m["input"] = model->input;
        m["libtorch"] = model->libtorch;
        m["sources"] = nlohmann::ordered_json::array();
        for (const Source& s : model->sources)
            m["sources"].push_back(sourceJson(s));
        m["created"] = model->created;
        j["model"] = std::move(m);
    }
    return j.dump(2) + "\n";
}

ImportRecord ImportRecord::fromJson(const std::string& json, const std::string& source) {
    try {
        const nlohmann::json j = nlohmann::json::parse(json);
        if (!j.is_object() || j.value("format", std::string()) != kFormat)
            throw Error(source,
                        std::string("not an import record (no \"format\": \"") + kFormat + "\")");
        ImportRecord r;
        r.method = j.at("method").get<std::string>();
        for (const nlohmann::json& e : j.at("imports")) {
            Import i;
            i.split = e.at("split").get<std::string>();
            i.dataset = e.value("dataset", std::string());
            i.pairs = e.value("pairs", int64_t{0});
            i.dimension = e.value("dimension", int64_t{0});
            i.descriptors = e.value("descriptors", std::string());
            i.directions = e.value("directions", std::vector<std::string>());
            for (const nlohmann::json& s : e.value("sources", nlohmann::json::array()))
                i.sources.push_back(sourceOf(s));
            i.notes = e.value("notes", std::vector<std::string>());
            i.created = e.value("created", std::string());
            r.imports.push_back(std::move(i));
        }
        if (j.contains("model")) {
            const nlohmann::json& m = j.at("model");
            Model model;
            model.kind = m.at("kind").get<std::string>();
            model.file = m.at("file").get<std::string>();
            model.card = m.at("card").get<std::string>();
            model.dimension = m.value("dimension", int64_t{0});
            model.input = m.value("input", std::string());
            model.libtorch = m.value("libtorch", std::string());
            for (const nlohmann::json& s : m.value("sources", nlohmann::json::array()))
                model.sources.push_back(sourceOf(s));
            model.created = m.value("created", std::string());
            r.model = std::move(model);
        }
        return r;
    } catch (const nlohmann::json::exception& e) {
        throw Error(source, std::string("not a valid import record: ") + e.what());
    }
}

ImportRecord ImportRecord::load(const std::string& path) {
    std::ifstream in(path);
    if (!in)
        throw Error(path, "cannot be read (an imported run keeps what it was made from there)");
    std::stringstream text;
    text << in.rdbuf();
    return fromJson(text.str(), path);
}

void ImportRecord::save(const std::string& path) const {
    AtomicFile::writeAll(path, toJson(), {"import record", [](const std::string& head) {
                                              return recognises(head);
                                          }});
}

bool ImportRecord::recognises(const std::string& text) {
    return text.find(std::string("\"format\": \"") + kFormat + "\"") != std::string::npos;
}

} // namespace orinet
