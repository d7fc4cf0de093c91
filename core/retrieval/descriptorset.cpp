#include "retrieval/descriptorset.h"

#include "common/atomicfile.h"
#include "common/error.h"
#include "common/textformat.h"
#include "io/matfile.h"
#include "io/npyarray.h"

#include <nlohmann/json.hpp>
#include <opencv2/core.hpp>

#include <zlib.h>

#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <unistd.h>

namespace orinet {

namespace fs = std::filesystem;

namespace {

constexpr const char* kGroundFile = "ground.npy";
constexpr const char* kSatelliteFile = "satellite.npy";
constexpr const char* kMetaFile = "descriptors.json";
constexpr const char* kMatGround = "grd_global_descriptor";
constexpr const char* kMatSatellite = "sat_global_descriptor";

void checkMatrix(const cv::Mat& m, const char* what, const std::string& source) {
    const std::string where = source.empty() ? std::string("descriptor set") : source;
    if (m.empty())
        throw Error(where, std::string("the ") + what + " descriptors are empty");
    if (m.type() != CV_32FC1 || m.dims != 2)
        throw Error(where, std::string("the ") + what +
                               " descriptors must be a 2-D single-channel float32 matrix");
    for (int r = 0; r < m.rows; ++r) {
        const float* row = m.ptr<float>(r);
        for (int c = 0; c < m.cols; ++c)
            if (!std::isfinite(row[c]))
                throw Error(where, std::string("the ") + what + " descriptor of row " +
                                       std::to_string(r) + " has a non-finite value (NaN or inf)");
    }
}

cv::Mat matToCv(const MatArray& a, const std::string& path, const char* name) {
    if (a.dims.size() != 2)
        throw Error(path, std::string("'") + name + "' must be a 2-D matrix (N x D)");
    const size_t rows = a.dims[0], cols = a.dims[1];
    if (rows > static_cast<size_t>(INT32_MAX) || cols > static_cast<size_t>(INT32_MAX))
        throw Error(path, std::string("'") + name + "' is too large");
    cv::Mat out(static_cast<int>(rows), static_cast<int>(cols), CV_32F);
    // MATLAB is column-major: element (r, c) sits at r + rows·c.
    for (size_t r = 0; r < rows; ++r) {
        float* dst = out.ptr<float>(static_cast<int>(r));
        for (size_t c = 0; c < cols; ++c)
            dst[c] = static_cast<float>(a.values[r + rows * c]);
    }
    return out;
}

void syncDirectory(const std::string& directory) {
    const int fd = ::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        ::fsync(fd);
        ::close(fd);
    }
}

//! Removes a folder of ours (a staged or old set) that a killed save left at `path`; anything
//! else there is refused, not removed.
void removeOwnFolder(const fs::path& path) {
    OutputTarget::checkFolder(path.string(), DescriptorSet::folderKind());
    std::error_code ec;
    fs::remove_all(path, ec);
}

//! Puts the folder `staged` in the place of `target`, which may exist: one atomic exchange
//! where the file system offers it, else two renames with the old folder restored on failure.
//! The caller has checked that `target` holds nothing but a set.
void replaceFolder(const fs::path& staged, const fs::path& target) {
    std::error_code ec;
    if (!fs::exists(target, ec)) {
        fs::rename(staged, target, ec);
        if (ec)
            throw Error(target.string(),
                        "cannot move the new descriptor set in place: " + ec.message());
        return;
    }
    if (::renameat2(AT_FDCWD, staged.c_str(), AT_FDCWD, target.c_str(), RENAME_EXCHANGE) == 0) {
        fs::remove_all(staged, ec); // now the old set
        return;
    }
    const fs::path old = target.string() + ".old-" + std::to_string(::getpid());
    removeOwnFolder(old);
    fs::rename(target, old, ec);
    if (ec)
        throw Error(target.string(), "cannot replace the descriptor set: " + ec.message());
    fs::rename(staged, target, ec);
    if (ec) {
        std::error_code undo;
        fs::rename(old, target, undo);
        throw Error(target.string(), "cannot replace the descriptor set: " + ec.message());
    }
    fs::remove_all(old, ec);
}

} // namespace

void DescriptorSet::checkIds(const std::vector<std::string>& splitIds,
                             const std::string& what) const {
    if (ids.empty())
        return;
    if (ids.size() != splitIds.size())
        throw Error(what + " has " + std::to_string(splitIds.size()) +
                    " pairs but the descriptors are of " + std::to_string(ids.size()) + " pairs" +
                    (provenance.split.empty() ? "" : " (split '" + provenance.split + "')"));
    for (size_t i = 0; i < ids.size(); ++i)
        if (ids[i] != splitIds[i])
            throw Error(what + ": pair " + std::to_string(i) + " is '" + splitIds[i] +
                        "' but descriptor row " + std::to_string(i) + " belongs to '" + ids[i] +
                        "'" +
                        (provenance.split.empty() ? "" : " (split '" + provenance.split + "')") +
                        ": these descriptors were made from another split or dataset");
}

void DescriptorSet::validate(const std::string& source) const {
    const std::string where = source.empty() ? std::string("descriptor set") : source;
    checkMatrix(ground, "ground", source);
    checkMatrix(satellite, "satellite", source);
    if (ground.cols != satellite.cols)
        throw Error(where, "ground descriptors have " + std::to_string(ground.cols) +
                               " dimensions but satellite descriptors " +
                               std::to_string(satellite.cols));
    if (ground.rows != satellite.rows)
        throw Error(where, std::to_string(ground.rows) + " ground descriptors but " +
                               std::to_string(satellite.rows) +
                               " satellite descriptors: row i of each must be pair i");
    if (!ids.empty() && ids.size() != static_cast<size_t>(ground.rows))
        throw Error(where, std::to_string(ids.size()) + " ids for " + std::to_string(ground.rows) +
                               " descriptors");
    if (shard.isPart() && shard.first + ground.rows > shard.splitPairs)
        throw Error(where, "a part of " + std::to_string(ground.rows) +
                               " pairs cannot start at pair " + std::to_string(shard.first) +
                               " of a split of " + std::to_string(shard.splitPairs));
}

std::string DescriptorSet::metadataFile(const std::string& directory) {
    return (fs::path(directory) / kMetaFile).string();
}

OutputTarget::FolderKind DescriptorSet::folderKind() {
    OutputTarget::FolderKind kind;
    kind.name = "descriptor set (ground.npy, satellite.npy, descriptors.json)";
    kind.recognises = [](const std::string& folder) {
        std::error_code ec;
        const fs::path dir(folder);
        if (fs::is_regular_file(dir / kGroundFile, ec) &&
            fs::is_regular_file(dir / kSatelliteFile, ec))
            return true;
        // a set whose save was cut short before its matrices landed: its metadata says so
        std::ifstream in(dir / kMetaFile);
        std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        return text.find("\"orinet-descriptors\"") != std::string::npos;
    };
    kind.ownsEntry = [](const std::string& name) {
        for (const char* own : {kGroundFile, kSatelliteFile, kMetaFile})
            if (name == own || OutputTarget::isTemporaryOf(name, own))
                return true;
        return false;
    };
    return kind;
}

void DescriptorSet::save(const std::string& directory) const {
    validate(directory);
    const fs::path target = fs::path(directory).lexically_normal();
    const fs::path parent = target.has_parent_path() ? target.parent_path() : fs::path(".");
    // Before anything is created: a folder of the user's is never swapped away.
    OutputTarget::checkFolder(target.string(), folderKind());
    std::error_code ec;
    fs::create_directories(parent, ec);
    if (ec)
        throw Error(parent.string(), "cannot create the folder: " + ec.message());
    // Leftovers of killed saves of this set only: the folder above may be the user's.
    AtomicFile::removeStale(parent.string(), target.filename().string());
    const fs::path staged = target.string() + ".tmp-" + std::to_string(::getpid());
    removeOwnFolder(staged);
    fs::create_directory(staged, ec);
    if (ec)
        throw Error(staged.string(), "cannot create the folder: " + ec.message());
    try {
        NpyArray::fromMat(ground).save((staged / kGroundFile).string());
        NpyArray::fromMat(satellite).save((staged / kSatelliteFile).string());
        nlohmann::ordered_json meta;
        meta["format"] = "orinet-descriptors";
        meta["version"] = 2;
        meta["count"] = ground.rows;
        meta["dimension"] = ground.cols;
        meta["ground"] = kGroundFile;
        meta["satellite"] = kSatelliteFile;
        meta["ground_crc32"] = DescriptorSet::checksum(ground);
        meta["satellite_crc32"] = DescriptorSet::checksum(satellite);
        const nlohmann::ordered_json origin = nlohmann::ordered_json::parse(provenance.toJson());
        for (const auto& [key, value] : origin.items())
            meta[key] = value;
        meta["created"] = created.empty() ? text::isoTimestampUtc() : created;
        if (shard.isPart())
            meta["shard"] = nlohmann::ordered_json::parse(shard.toJson());
        meta["ids"] = ids;
        AtomicFile::writeAll((staged / kMetaFile).string(), meta.dump(2) + "\n");
        syncDirectory(staged.string());
        replaceFolder(staged, target);
        syncDirectory(parent.string());
    } catch (const Error& e) {
        fs::remove_all(staged, ec);
        throw Error(directory, std::string("the descriptor set was not saved (an earlier one "
                                           "there is kept): ") +
                                   e.what());
    } catch (...) {
        fs::remove_all(staged, ec);
        throw;
    }
}

DescriptorSet DescriptorSet::load(const std::string& directoryOrMat) {
    std::error_code ec;
    if (!fs::exists(directoryOrMat, ec))
        throw Error(directoryOrMat, "no such file or folder");
    if (!fs::is_directory(directoryOrMat, ec))
        return importMat(directoryOrMat);

    const fs::path dir(directoryOrMat);
    DescriptorSet set;
    std::string groundFile = kGroundFile, satelliteFile = kSatelliteFile;
    const fs::path metaPath = dir / kMetaFile;
    nlohmann::json meta;
    if (fs::exists(metaPath, ec)) {
        std::ifstream in(metaPath);
        try {
            in >> meta;
            if (!meta.is_object())
                throw Error(metaPath.string(), "not a valid descriptors.json: not a JSON object");
            if (meta.value("format", std::string()) == "orinet-vigor-descriptors")
                throw Error(metaPath.string(),
                            "describes a VIGOR split (panoramas and gallery tiles, not pairs): "
                            "evaluate it with orinet eval --vigor ROOT --descriptors");
            set.provenance = Provenance::fromJson(meta.dump(), metaPath.string());
            set.created = meta.value("created", std::string());
            groundFile = meta.value("ground", groundFile);
            satelliteFile = meta.value("satellite", satelliteFile);
            if (meta.contains("ids") && !meta["ids"].is_null())
                set.ids = meta["ids"].get<std::vector<std::string>>();
            if (meta.contains("shard") && !meta["shard"].is_null())
                set.shard = DescriptorShard::fromJson(meta["shard"].dump(), metaPath.string());
        } catch (const nlohmann::json::exception& e) {
            throw Error(metaPath.string(),
                        std::string("not a valid descriptors.json: ") + e.what());
        }
        for (const std::string& file : {groundFile, satelliteFile})
            if (file.empty() || fs::path(file).has_parent_path() || file == "..")
                throw Error(metaPath.string(),
                            "names the file '" + file + "': descriptor files must lie beside it");
    }
    set.ground = loadNpy((dir / groundFile).string());
    set.satellite = loadNpy((dir / satelliteFile).string());
    set.validate(directoryOrMat);
    if (meta.is_object()) {
        // A set whose files were not written together (a crash between them, a copy of one
        // file from elsewhere) must not be used.
        auto disagree = [&](const std::string& what) {
            return Error(metaPath.string(), what + ": the files of this descriptor set do not "
                                                   "belong together; extract them again");
        };
        if (meta.contains("count") && meta["count"] != set.ground.rows)
            throw disagree("it says " + meta["count"].dump() + " pairs, the arrays hold " +
                           std::to_string(set.ground.rows));
        if (meta.contains("dimension") && meta["dimension"] != set.ground.cols)
            throw disagree("it says dimension " + meta["dimension"].dump() + ", the arrays have " +
                           std::to_string(set.ground.cols));
        if (meta.contains("ground_crc32") &&
            meta["ground_crc32"] != DescriptorSet::checksum(set.ground))
            throw disagree(groundFile + " does not match its checksum");
        if (meta.contains("satellite_crc32") &&
            meta["satellite_crc32"] != DescriptorSet::checksum(set.satellite))
            throw disagree(satelliteFile + " does not match its checksum");
    }
    return set;
}

void DescriptorSet::exportMat(const std::string& path) const {
    validate(path);
    // all-or-nothing: matio does not report every failed write, MatFile checks the result
    MatFile::writeAtomically(path, [&](MatFile& file) {
        file.writeSingle(kMatSatellite, satellite.ptr<float>(), satellite.rows, satellite.cols);
        file.writeSingle(kMatGround, ground.ptr<float>(), ground.rows, ground.cols);
        if (!ids.empty())
            file.writeStrings("ids", ids);
    });
}

DescriptorSet DescriptorSet::importMat(const std::string& path) {
    MatFile file(path, MatFile::Mode::Read);
    for (const char* name : {kMatSatellite, kMatGround})
        if (!file.contains(name))
            throw Error(path, std::string("the variable '") + name +
                                  "' is missing (expected sat_global_descriptor and "
                                  "grd_global_descriptor, N x D)");
    DescriptorSet set;
    set.satellite = matToCv(file.readNumeric(kMatSatellite), path, kMatSatellite);
    set.ground = matToCv(file.readNumeric(kMatGround), path, kMatGround);
    if (file.contains("ids"))
        set.ids = file.readStrings("ids");
    set.validate(path);
    return set;
}

cv::Mat DescriptorSet::loadNpy(const std::string& path, std::string* dtype) {
    const NpyArray array = NpyArray::load(path);
    const char* type = array.dtype() == NpyArray::DType::Float16   ? "float16"
                       : array.dtype() == NpyArray::DType::Float32 ? "float32"
                       : array.dtype() == NpyArray::DType::Float64 ? "float64"
                                                                   : nullptr;
    if (!type)
        throw Error(path, "holds " + array.descr() +
                              " values; descriptors must be float16, float32 or float64");
    if (array.shape().size() != 2)
        throw Error(path, "descriptors must be a 2-D array (N x D), this one has " +
                              std::to_string(array.shape().size()) + " dimensions");
    if (array.shape()[0] > static_cast<size_t>(INT32_MAX) ||
        array.shape()[1] > static_cast<size_t>(INT32_MAX))
        throw Error(path, "the descriptor array is too large");
    cv::Mat out = array.toMat();
    if (out.depth() != CV_32F) // float32 is used as read: one copy of a large set less
        out.convertTo(out, CV_32F);
    if (dtype)
        *dtype = type;
    return out;
}

uint32_t DescriptorSet::checksum(const cv::Mat& m) {
    uLong crc = crc32(0L, Z_NULL, 0);
    for (int r = 0; r < m.rows; ++r)
        crc = crc32(crc, m.ptr<Bytef>(r), static_cast<uInt>(m.cols * m.elemSize()));
    return static_cast<uint32_t>(crc);
}

} // namespace orinet
