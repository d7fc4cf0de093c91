#include "retrieval/querygallerydescriptors.h"

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

const char* const kQueriesFile = "queries.npy";
const char* const kGalleryFile = "gallery.npy";
const char* const kMetaFile = "querygallery.json";
const char* const kFormat = "orinet-querygallery-descriptors";

void checkMatrix(const cv::Mat& m, const char* what, const std::string& where) {
    if (m.empty() || m.type() != CV_32F)
        throw Error(where, std::string("no ") + what +
                               " descriptors (an empty or non-float32 "
                               "matrix)");
    if (!cv::checkRange(m))
        throw Error(where, std::string(what) + " descriptors hold NaN or infinite values");
}

} // namespace

void QueryGalleryDescriptors::validate(const std::string& source) const {
    const std::string where = source.empty() ? std::string("query/gallery descriptors") : source;
    checkMatrix(queries, "query", where);
    checkMatrix(gallery, "gallery", where);
    if (queries.cols != gallery.cols)
        throw Error(where, "query descriptors have " + std::to_string(queries.cols) +
                               " dimensions but gallery descriptors " +
                               std::to_string(gallery.cols));
    if (queryNames.size() != static_cast<size_t>(queries.rows) ||
        galleryNames.size() != static_cast<size_t>(gallery.rows))
        throw Error(where, std::to_string(queryNames.size()) + " query names for " +
                               std::to_string(queries.rows) + " rows, " +
                               std::to_string(galleryNames.size()) + " gallery names for " +
                               std::to_string(gallery.rows));
}

std::string QueryGalleryDescriptors::metadataFile(const std::string& directory) {
    return (fs::path(directory) / kMetaFile).string();
}

OutputTarget::FolderKind QueryGalleryDescriptors::folderKind() {
    OutputTarget::FolderKind kind;
    kind.name = "query/gallery descriptor set (queries.npy, gallery.npy, querygallery.json)";
    kind.recognises = [](const std::string& folder) {
        std::ifstream in(fs::path(folder) / kMetaFile);
        std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        return text.find(std::string("\"") + kFormat + "\"") != std::string::npos;
    };
    kind.ownsEntry = [](const std::string& name) {
        for (const char* own : {kQueriesFile, kGalleryFile, kMetaFile})
            if (name == own || OutputTarget::isTemporaryOf(name, own))
                return true;
        return false;
    };
    return kind;
}

void QueryGalleryDescriptors::save(const std::string& directory) const {
    validate(directory);
    // Before anything is written: a folder of the user's is never written into.
    OutputTarget::checkFolder(directory, folderKind());
    std::error_code ec;
    fs::create_directories(directory, ec);
    if (ec)
        throw Error(directory, "cannot create the folder: " + ec.message());
    AtomicFile::removeStale(directory);
    const fs::path dir(directory);
    NpyArray::fromMat(queries).save((dir / kQueriesFile).string());
    NpyArray::fromMat(gallery).save((dir / kGalleryFile).string());
    nlohmann::ordered_json meta;
    meta["format"] = kFormat;
    meta["version"] = 1;
    meta["queries"] = queries.rows;
    meta["gallery"] = gallery.rows;
    meta["dimension"] = queries.cols;
    meta["queries_file"] = kQueriesFile;
    meta["gallery_file"] = kGalleryFile;
    meta["queries_crc32"] = DescriptorSet::checksum(queries);
    meta["gallery_crc32"] = DescriptorSet::checksum(gallery);
    meta["dataset"] = dataset;
    meta["protocol"] = protocol;
    const nlohmann::ordered_json origin = nlohmann::ordered_json::parse(provenance.toJson());
    for (const auto& [key, value] : origin.items())
        meta[key] = value;
    meta["created"] = created.empty() ? text::isoTimestampUtc() : created;
    meta["query_names"] = queryNames;
    meta["gallery_names"] = galleryNames;
    AtomicFile::writeAll(metadataFile(directory), meta.dump(1) + "\n");
}

QueryGalleryDescriptors QueryGalleryDescriptors::load(const std::string& directory) {
    const std::string metaPath = metadataFile(directory);
    std::ifstream in(metaPath);
    if (!in)
        throw Error(metaPath, "cannot be read (no query/gallery descriptor set here)");
    nlohmann::json meta;
    try {
        meta = nlohmann::json::parse(in);
    } catch (const nlohmann::json::exception& e) {
        throw Error(metaPath, std::string("is not valid JSON: ") + e.what());
    }
    QueryGalleryDescriptors set;
    try {
        if (meta.value("format", std::string()) != kFormat)
            throw Error(metaPath, std::string("is no ") + kFormat + " file");
        const fs::path dir(directory);
        const auto read = [&](const char* name) {
            cv::Mat m;
            NpyArray::load((dir / name).string()).toMat().convertTo(m, CV_32F);
            return m;
        };
        set.queries = read(kQueriesFile);
        set.gallery = read(kGalleryFile);
        set.queryNames = meta.at("query_names").get<std::vector<std::string>>();
        set.galleryNames = meta.at("gallery_names").get<std::vector<std::string>>();
        set.dataset = meta.value("dataset", std::string());
        set.protocol = meta.value("protocol", std::string());
        set.created = meta.value("created", std::string());
        set.provenance = Provenance::fromJson(meta.dump(), metaPath);
        if (meta.at("queries").get<int>() != set.queries.rows ||
            meta.at("gallery").get<int>() != set.gallery.rows ||
            meta.at("dimension").get<int>() != set.queries.cols)
            throw Error(metaPath, "counts or dimension differ from the .npy files beside it");
        if (meta.at("queries_crc32").get<uint32_t>() != DescriptorSet::checksum(set.queries) ||
            meta.at("gallery_crc32").get<uint32_t>() != DescriptorSet::checksum(set.gallery))
            throw Error(metaPath, "its checksums do not match the .npy files beside it (a "
                                  "save cut short, or files copied in from another set)");
    } catch (const nlohmann::json::exception& e) {
        throw Error(metaPath, std::string("has a missing or malformed field: ") + e.what());
    }
    set.validate(directory);
    return set;
}

} // namespace orinet
