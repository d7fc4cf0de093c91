#include "retrieval/descriptorset.h"

#include "common/atomicfile.h"
#include "common/error.h"
#include "common/textformat.h"
#include "io/matfile.h"
#include "io/npyarray.h"

#include <nlohmann/json.hpp>
#include <opencv2/core.hpp>

#include <chrono>
#include <cmath>
#include <ctime>
#include <filesystem>
#include <fstream>

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

//! Any 2-D float32/float64 .npy as a CV_32F matrix.
cv::Mat loadMatrix(const std::string& path) {
    const NpyArray array = NpyArray::load(path);
    if (array.shape().size() != 2)
        throw Error(path, "descriptors must be a 2-D array (N x D), got " +
                              std::to_string(array.shape().size()) + " dimensions");
    if (array.shape()[0] > static_cast<size_t>(INT32_MAX) ||
        array.shape()[1] > static_cast<size_t>(INT32_MAX))
        throw Error(path, "descriptor array too large");
    const int rows = static_cast<int>(array.shape()[0]);
    const int cols = static_cast<int>(array.shape()[1]);
    cv::Mat out;
    if (array.dtype() == NpyArray::DType::Float32) {
        out = cv::Mat(rows, cols, CV_32F, const_cast<float*>(array.data<float>())).clone();
    } else if (array.dtype() == NpyArray::DType::Float64) {
        cv::Mat(rows, cols, CV_64F, const_cast<double*>(array.data<double>()))
            .convertTo(out, CV_32F);
    } else {
        throw Error(path, "descriptors must be float32 or float64, got " + array.descr());
    }
    return out;
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

} // namespace

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
}

void DescriptorSet::save(const std::string& directory) const {
    validate(directory);
    std::error_code ec;
    fs::create_directories(directory, ec);
    if (ec)
        throw Error(directory, "cannot create the folder: " + ec.message());
    const fs::path dir(directory);
    NpyArray::fromMat(ground).save((dir / kGroundFile).string());
    NpyArray::fromMat(satellite).save((dir / kSatelliteFile).string());
    nlohmann::json meta;
    meta["format"] = "orinet-descriptors";
    meta["version"] = 1;
    meta["count"] = ground.rows;
    meta["dimension"] = ground.cols;
    meta["ground"] = kGroundFile;
    meta["satellite"] = kSatelliteFile;
    meta["split"] = split;
    meta["checkpoint"] = checkpoint;
    meta["preset"] = preset;
    if (!inputs.empty())
        meta["inputs"] = inputs;
    meta["created"] = created.empty() ? text::isoTimestampUtc() : created;
    meta["ids"] = ids;
    // The JSON is written last: a reader that finds it may trust the two arrays beside it.
    AtomicFile::writeAll((dir / kMetaFile).string(), meta.dump(2) + "\n");
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
    if (fs::exists(metaPath, ec)) {
        std::ifstream in(metaPath);
        nlohmann::json meta;
        try {
            in >> meta;
            set.split = meta.value("split", std::string());
            set.checkpoint = meta.value("checkpoint", std::string());
            set.preset = meta.value("preset", std::string());
            set.inputs = meta.value("inputs", std::string());
            set.created = meta.value("created", std::string());
            groundFile = meta.value("ground", groundFile);
            satelliteFile = meta.value("satellite", satelliteFile);
            if (meta.contains("ids") && !meta["ids"].is_null())
                set.ids = meta["ids"].get<std::vector<std::string>>();
        } catch (const nlohmann::json::exception& e) {
            throw Error(metaPath.string(),
                        std::string("not a valid descriptors.json: ") + e.what());
        }
    }
    set.ground = loadMatrix((dir / groundFile).string());
    set.satellite = loadMatrix((dir / satelliteFile).string());
    set.validate(directoryOrMat);
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

} // namespace orinet
