#include "retrieval/vigordescriptorset.h"

#include "common/atomicfile.h"
#include "common/error.h"
#include "common/textformat.h"
#include "io/npyarray.h"
#include "retrieval/descriptorset.h"

#include <nlohmann/json.hpp>
#include <opencv2/core.hpp>

#include <filesystem>
#include <fstream>

namespace orinet {

namespace fs = std::filesystem;

namespace {

const char* const kGroundFile = "ground.npy";
const char* const kSatelliteFile = "satellite.npy";
const char* const kMetaFile = "descriptors.json";

std::string metaText(const std::string& folder) {
    std::ifstream in(fs::path(folder) / kMetaFile);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

std::string range(const char* what, int64_t first, int64_t rows, int64_t total) {
    return std::string(what) + " " + std::to_string(first) + "-" +
           std::to_string(first + rows - 1) + " of " + std::to_string(total);
}

} // namespace

bool VigorDescriptorSet::isSet(const std::string& folder) {
    return metaText(folder).find(std::string("\"") + kFormat + "\"") != std::string::npos;
}

OutputTarget::FolderKind VigorDescriptorSet::folderKind() {
    OutputTarget::FolderKind kind;
    kind.name = "VIGOR descriptor set (ground.npy, satellite.npy, descriptors.json)";
    kind.recognises = [](const std::string& folder) {
        // Not ground.npy + satellite.npy alone: those may be a user's own (VIGOR's names).
        const std::string text = metaText(folder);
        return text.find(std::string("\"") + kFormat + "\"") != std::string::npos ||
               text.find("\"orinet-descriptors\"") != std::string::npos;
    };
    kind.ownsEntry = [](const std::string& name) {
        for (const char* own : {kGroundFile, kSatelliteFile, kMetaFile})
            if (name == own || OutputTarget::isTemporaryOf(name, own))
                return true;
        return false;
    };
    return kind;
}

std::string VigorDescriptorSet::label() const {
    if (!part.isPart())
        return "whole split";
    return "part " + std::to_string(part.index) + "/" + std::to_string(part.count) + " (" +
           range("panoramas", part.groundFirst, ground.rows, panoramas) + ", " +
           range("tiles", part.satelliteFirst, satellite.rows, tiles) + ")";
}

void VigorDescriptorSet::validate(const std::string& where) const {
    for (const auto& [m, what] :
         {std::pair<const cv::Mat*, const char*>{&ground, "ground"}, {&satellite, "satellite"}}) {
        if (m->empty() || m->type() != CV_32F)
            throw Error(where, std::string("no ") + what +
                                   " descriptors (an empty or "
                                   "non-float32 matrix)");
        if (!cv::checkRange(*m))
            throw Error(where, std::string(what) + " descriptors hold NaN or infinite values");
    }
    if (ground.cols != satellite.cols)
        throw Error(where, "ground descriptors have " + std::to_string(ground.cols) +
                               " dimensions, satellite descriptors " +
                               std::to_string(satellite.cols));
    if (part.groundFirst < 0 || part.satelliteFirst < 0 ||
        part.groundFirst + ground.rows > panoramas || part.satelliteFirst + satellite.rows > tiles)
        throw Error(where, "holds rows beyond the split (" +
                               range("panoramas", part.groundFirst, ground.rows, panoramas) + ", " +
                               range("tiles", part.satelliteFirst, satellite.rows, tiles) + ")");
    if (!part.isPart() && (ground.rows != panoramas || satellite.rows != tiles))
        throw Error(where, "a whole split of " + std::to_string(panoramas) + " panoramas and " +
                               std::to_string(tiles) + " tiles holds " +
                               std::to_string(ground.rows) + " and " +
                               std::to_string(satellite.rows) + " rows");
}

void VigorDescriptorSet::save(const std::string& directory) const {
    validate(directory);
    // Before anything is written: a folder of the user's is never written into.
    OutputTarget::checkFolder(directory, folderKind());
    std::error_code ec;
    fs::create_directories(directory, ec);
    if (ec)
        throw Error(directory, "cannot create the folder: " + ec.message());
    AtomicFile::removeStale(directory);
    const fs::path dir(directory);
    // First a descriptors.json that says the save is under way: a save cut short leaves a
    // folder that is still recognised as ours (and replaced by the next save) but that
    // load() refuses, never an earlier set's metadata beside new matrices.
    nlohmann::ordered_json pending;
    pending["format"] = kFormat;
    pending["version"] = 1;
    pending["incomplete"] = true;
    AtomicFile::writeAll((dir / kMetaFile).string(), pending.dump(1) + "\n");
    NpyArray::fromMat(ground).save((dir / kGroundFile).string());
    NpyArray::fromMat(satellite).save((dir / kSatelliteFile).string());
    nlohmann::ordered_json meta;
    meta["format"] = kFormat;
    meta["version"] = 1;
    meta["protocol"] = protocol;
    meta["vigor_split"] = split;
    meta["dataset"] = dataset;
    meta["panoramas"] = panoramas;
    meta["tiles"] = tiles;
    meta["panorama_ids"] = panoramaIds;
    meta["tile_ids"] = tileIds;
    meta["ground_rows"] = ground.rows;
    meta["satellite_rows"] = satellite.rows;
    meta["dimension"] = ground.cols;
    meta["ground"] = kGroundFile;
    meta["satellite"] = kSatelliteFile;
    meta["ground_crc32"] = DescriptorSet::checksum(ground);
    meta["satellite_crc32"] = DescriptorSet::checksum(satellite);
    meta["weights"] = weights;
    meta["batch_size"] = batchSize;
    if (part.isPart())
        meta["shard"] = {{"index", part.index},
                         {"count", part.count},
                         {"ground_first", part.groundFirst},
                         {"satellite_first", part.satelliteFirst}};
    const nlohmann::ordered_json origin = nlohmann::ordered_json::parse(provenance.toJson());
    for (const auto& [key, value] : origin.items())
        meta[key] = value;
    meta["created"] = created.empty() ? text::isoTimestampUtc() : created;
    AtomicFile::writeAll((dir / kMetaFile).string(), meta.dump(1) + "\n");
}

VigorDescriptorSet VigorDescriptorSet::load(const std::string& directory) {
    const std::string metaPath = (fs::path(directory) / kMetaFile).string();
    std::ifstream in(metaPath);
    if (!in)
        throw Error(metaPath, "cannot be read (no VIGOR descriptor set, or one whose save was "
                              "cut short: extract it again)");
    nlohmann::json meta;
    try {
        meta = nlohmann::json::parse(in);
    } catch (const nlohmann::json::exception& e) {
        throw Error(metaPath, std::string("is not valid JSON: ") + e.what());
    }
    VigorDescriptorSet set;
    try {
        if (!meta.is_object() || meta.value("format", std::string()) != kFormat)
            throw Error(metaPath, std::string("is no ") + kFormat +
                                      " file (a VIGOR set written by orinet extract --vigor)");
        if (meta.value("incomplete", false))
            throw Error(metaPath, "belongs to a save that was cut short: the set is incomplete "
                                  "(extract it again)");
        set.protocol = meta.at("protocol").get<std::string>();
        set.split = meta.at("vigor_split").get<std::string>();
        set.dataset = meta.value("dataset", std::string());
        set.panoramas = meta.at("panoramas").get<int64_t>();
        set.tiles = meta.at("tiles").get<int64_t>();
        set.panoramaIds = meta.at("panorama_ids").get<std::string>();
        set.tileIds = meta.at("tile_ids").get<std::string>();
        set.weights = meta.value("weights", std::string());
        set.batchSize = meta.value("batch_size", int64_t(0));
        set.created = meta.value("created", std::string());
        set.provenance = Provenance::fromJson(meta.dump(), metaPath);
        if (meta.contains("shard") && !meta["shard"].is_null()) {
            const nlohmann::json& s = meta["shard"];
            set.part.index = s.at("index").get<int>();
            set.part.count = s.at("count").get<int>();
            set.part.groundFirst = s.at("ground_first").get<int64_t>();
            set.part.satelliteFirst = s.at("satellite_first").get<int64_t>();
            if (set.part.count < 1 || set.part.index < 1 || set.part.index > set.part.count)
                throw Error(metaPath, "\"shard\" is out of range (part " +
                                          std::to_string(set.part.index) + " of " +
                                          std::to_string(set.part.count) + ")");
        }
        const fs::path dir(directory);
        set.ground = DescriptorSet::loadNpy((dir / kGroundFile).string());
        set.satellite = DescriptorSet::loadNpy((dir / kSatelliteFile).string());
        if (meta.at("ground_rows").get<int64_t>() != set.ground.rows ||
            meta.at("satellite_rows").get<int64_t>() != set.satellite.rows ||
            meta.at("dimension").get<int64_t>() != set.ground.cols)
            throw Error(metaPath, "counts or dimension differ from the .npy files beside it (a "
                                  "save cut short, or files copied in from another set)");
        if (meta.at("ground_crc32").get<uint32_t>() != DescriptorSet::checksum(set.ground) ||
            meta.at("satellite_crc32").get<uint32_t>() != DescriptorSet::checksum(set.satellite))
            throw Error(metaPath, "its checksums do not match the .npy files beside it (a "
                                  "save cut short, or files copied in from another set)");
    } catch (const nlohmann::json::exception& e) {
        throw Error(metaPath, std::string("has a missing or malformed field: ") + e.what());
    }
    set.validate(directory);
    return set;
}

void VigorDescriptorSet::checkMadeOn(const std::string& wantedProtocol,
                                     const std::string& wantedSplit, int64_t wantedPanoramas,
                                     const std::string& wantedPanoramaIds, int64_t wantedTiles,
                                     const std::string& wantedTileIds,
                                     const std::string& source) const {
    if (protocol != wantedProtocol || split != wantedSplit)
        throw Error(source, "holds descriptors of the " + protocol + " " + split +
                                " split, not of the " + wantedProtocol + " " + wantedSplit +
                                " split");
    if (panoramas != wantedPanoramas || panoramaIds != wantedPanoramaIds)
        throw Error(source, "was made on other panoramas (" + std::to_string(panoramas) + ", ids " +
                                panoramaIds + "; the split has " + std::to_string(wantedPanoramas) +
                                ", ids " + wantedPanoramaIds +
                                "): another dataset root, or its label files changed");
    if (tiles != wantedTiles || tileIds != wantedTileIds)
        throw Error(source, "was made on another gallery (" + std::to_string(tiles) +
                                " tiles, ids " + tileIds + "; the split has " +
                                std::to_string(wantedTiles) + ", ids " + wantedTileIds +
                                "): another dataset root, or its satellite lists changed");
}

} // namespace orinet
