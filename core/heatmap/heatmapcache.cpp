#include "heatmap/heatmapcache.h"

#include "common/atomicfile.h"
#include "common/error.h"
#include "common/feedback.h"
#include "common/outputtarget.h"
#include "common/textformat.h"
#include "dataset/batch.h"
#include "dataset/preprocessor.h"
#include "geo/rastersource.h"
#include "model/descriptormodel.h"
#include "model/orinetmodel.h"
#include "run/runfolder.h"

#include <nlohmann/json.hpp>

#include <opencv2/core.hpp>

#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iomanip>
#include <sstream>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace orinet {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

constexpr const char* kMeta = "heatmap.json";
constexpr const char* kData = "descriptors.f32";
constexpr int kVersion = 1;

//! Size and modification time: enough to notice a retrained checkpoint or a new raster.
std::string stamp(const std::string& path) {
    std::error_code error;
    const auto size = fs::file_size(path, error);
    if (error)
        throw Error(path, "cannot read the file (" + error.message() + ")");
    const auto time = fs::last_write_time(path, error).time_since_epoch().count();
    return std::to_string(size) + "@" + std::to_string(time);
}

std::string number(double v) {
    std::ostringstream out;
    out << std::setprecision(17) << v;
    return out.str();
}

json gridJson(const HeatMapGrid& g) {
    return {{"origin_x", g.originX},  {"origin_y", g.originY}, {"spacing", g.spacing},
            {"cols", g.cols},         {"rows", g.rows},        {"footprint", g.footprint},
            {"tile_size", g.tileSize}};
}

std::string shortName(double v) {
    std::ostringstream out;
    out << v;
    return out.str();
}

std::optional<json> readMeta(const std::string& folder) {
    std::ifstream in(fs::path(folder) / kMeta);
    if (!in)
        return std::nullopt;
    try {
        return json::parse(in);
    } catch (const std::exception&) {
        return std::nullopt; // a damaged record: the cache is rebuilt
    }
}

void writeMeta(const std::string& folder, const json& meta) {
    AtomicFile::writeAll((fs::path(folder) / kMeta).string(), meta.dump(2) + "\n");
}

//! Writes all bytes or throws naming the file (a full disk must not go unnoticed).
void writeAllBytes(int fd, const void* data, size_t bytes, const std::string& path) {
    const char* p = static_cast<const char*>(data);
    while (bytes > 0) {
        const ssize_t n = ::write(fd, p, bytes);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            throw Error(path, std::string("cannot write descriptors: ") + std::strerror(errno));
        p += n;
        bytes -= static_cast<size_t>(n);
    }
}

} // namespace

std::string HeatMapSource::key() const {
    std::ostringstream out;
    out << "raster=" << raster << "#" << stamp(raster) << "\ncheckpoint=" << checkpoint << "#"
        << stamp(checkpoint) << "\npreset=" << preset << "\norientation=" << orientation
        << "\nnormalization=" << normalization << "\ngrid=" << number(grid.originX) << ","
        << number(grid.originY) << "," << number(grid.spacing) << "," << grid.cols << ","
        << grid.rows << "," << number(grid.footprint) << "," << grid.tileSize
        << "\nversion=" << kVersion;
    return out.str();
}

struct HeatMapCache::Mapping {
    void* address = nullptr;
    size_t length = 0;
    ~Mapping() {
        if (address)
            ::munmap(address, length);
    }
};

std::string HeatMapCache::folderFor(const std::string& runDirectory, const HeatMapSource& source) {
    std::ostringstream hash;
    hash << std::hex << std::setw(16) << std::setfill('0')
         << std::hash<std::string>{}(source.key());
    const std::string name = fs::path(source.checkpoint).stem().string() + "-s" +
                             shortName(source.grid.spacing) + "-f" +
                             shortName(source.grid.footprint) + "-" + hash.str().substr(0, 12);
    return (fs::path(RunFolder(runDirectory).heatmapDirectory()) / name).string();
}

size_t HeatMapCache::completedCells(const std::string& folder, const HeatMapSource& source) {
    const std::optional<json> meta = readMeta(folder);
    if (!meta || meta->value("key", std::string()) != source.key())
        return 0;
    const size_t done = meta->value("done", size_t(0));
    std::error_code error;
    const auto size = fs::file_size(fs::path(folder) / kData, error);
    const size_t rowBytes = static_cast<size_t>(meta->value("dimension", 0)) * sizeof(float);
    if (error || rowBytes == 0)
        return 0;
    // Rows beyond the file (a file truncated by hand) do not count.
    return std::min(done, static_cast<size_t>(size / rowBytes));
}

std::optional<HeatMapCache> HeatMapCache::load(const std::string& folder,
                                               const HeatMapSource& source) {
    const std::optional<json> meta = readMeta(folder);
    if (!meta || meta->value("key", std::string()) != source.key() ||
        !meta->value("complete", false) ||
        completedCells(folder, source) != source.grid.cellCount())
        return std::nullopt;
    return open(folder, source.grid, meta->value("dimension", OriNetModel::kDescriptorSize));
}

HeatMapCache HeatMapCache::open(const std::string& folder, const HeatMapGrid& grid, int dimension) {
    const std::string path = (fs::path(folder) / kData).string();
    const size_t bytes = grid.cellCount() * static_cast<size_t>(dimension) * sizeof(float);
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        throw Error(path, std::string("cannot open: ") + std::strerror(errno));
    void* address = ::mmap(nullptr, bytes, PROT_READ, MAP_SHARED, fd, 0);
    ::close(fd);
    if (address == MAP_FAILED)
        throw Error(path, std::string("cannot map: ") + std::strerror(errno));
    auto mapping = std::make_shared<Mapping>();
    mapping->address = address;
    mapping->length = bytes;
    HeatMapCache cache;
    cache.mGrid = grid;
    cache.mFolder = folder;
    cache.mMapping = mapping;
    cache.mDescriptors =
        cv::Mat(static_cast<int>(grid.cellCount()), dimension, CV_32F, mapping->address);
    return cache;
}

size_t HeatMapCache::bytes() const noexcept {
    return mMapping ? mMapping->length : 0;
}

cv::Mat HeatMapCache::scores(const cv::Mat& query) const {
    if (query.type() != CV_32F || query.rows != 1 || query.cols != mDescriptors.cols)
        throw Error(mFolder, "a heat-map query must be one " + std::to_string(mDescriptors.cols) +
                                 "-d float32 descriptor");
    cv::Mat column;
    cv::gemm(mDescriptors, query, 1.0, cv::noArray(), 0.0, column, cv::GEMM_2_T);
    return column.reshape(1, mGrid.rows);
}

cv::Mat HeatMapCache::describePlaces(DescriptorModel& model, const Preprocessor& preprocessor,
                                     const RasterSource& raster, const HeatMapGrid& grid,
                                     const std::vector<size_t>& cells, size_t batchSize) {
    const InputPreset& preset = preprocessor.preset();
    batchSize = std::max<size_t>(1, batchSize);
    cv::Mat out;
    TensorBuffer buffer;
    std::vector<std::string> failures(batchSize);
    for (size_t first = 0; first < cells.size(); first += batchSize) {
        const size_t n = std::min(batchSize, cells.size() - first);
        buffer.shape = {static_cast<int64_t>(n), preprocessor.channels(), preset.satelliteSize,
                        preset.satelliteSize};
        buffer.data.resize(buffer.count());
        std::fill(failures.begin(), failures.end(), std::string());
        // Cutting and preprocessing are independent per tile: both cores share them.
        cv::parallel_for_(cv::Range(0, static_cast<int>(n)), [&](const cv::Range& range) {
            for (int i = range.start; i < range.end; ++i) {
                try {
                    const cv::Mat tile = raster.cutTile(grid.centre(cells[first + i]),
                                                        grid.tileSize, grid.footprint);
                    Preprocessor::copyToBuffer(preprocessor.satellite(tile), buffer,
                                               static_cast<size_t>(i));
                } catch (const std::exception& e) {
                    failures[static_cast<size_t>(i)] = e.what();
                }
            }
        });
        for (size_t i = 0; i < n; ++i)
            if (!failures[i].empty())
                throw Error(raster.path(), "cannot cut heat-map tile " +
                                               std::to_string(cells[first + i]) + ": " +
                                               failures[i]);
        const cv::Mat descriptors = model.describe(Branch::Satellite, buffer);
        if (out.empty())
            out.create(static_cast<int>(cells.size()), descriptors.cols, CV_32F);
        descriptors.copyTo(out.rowRange(static_cast<int>(first), static_cast<int>(first + n)));
    }
    return out;
}

HeatMapCache HeatMapCache::build(DescriptorModel& model, const Preprocessor& preprocessor,
                                 const RasterSource& raster, const HeatMapSource& source,
                                 const std::string& folder, Feedback& feedback,
                                 const Options& options, BuildStats* stats) {
    const auto start = std::chrono::steady_clock::now();
    const HeatMapGrid& grid = source.grid;
    const size_t total = grid.cellCount();
    const int dimension = options.dimension;
    const size_t rowBytes = static_cast<size_t>(dimension) * sizeof(float);
    BuildStats local;
    if (!stats)
        stats = &local;
    *stats = {};
    if (auto complete = load(folder, source))
        return *complete;

    // The cache's own folder only: a folder of anything else is not written into.
    OutputTarget::FolderKind kind;
    kind.name = "heat-map cache (" + std::string(kMeta) + ")";
    kind.recognises = [](const std::string& dir) {
        std::error_code ec;
        return fs::is_regular_file(fs::path(dir) / kMeta, ec);
    };
    OutputTarget::checkFolder(folder, kind);
    std::error_code error;
    fs::create_directories(folder, error);
    if (error)
        throw Error(folder, "cannot create the heat-map cache folder (" + error.message() + ")");
    const std::string key = source.key();
    size_t done = completedCells(folder, source);
    stats->resumedAt = done;
    json meta = {{"version", kVersion},
                 {"key", key},
                 {"raster", source.raster},
                 {"checkpoint", source.checkpoint},
                 {"preset", source.preset},
                 {"orientation", source.orientation},
                 {"normalization", source.normalization},
                 {"crs", raster.crs().label()},
                 {"grid", gridJson(grid)},
                 {"dimension", dimension},
                 {"cells", total},
                 {"done", done},
                 {"complete", false},
                 {"created", text::isoTimestampUtc()}};
    writeMeta(folder, meta);

    const std::string dataPath = (fs::path(folder) / kData).string();
    const int fd = ::open(dataPath.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0)
        throw Error(dataPath, std::string("cannot open for writing: ") + std::strerror(errno));
    struct Closer {
        int fd;
        ~Closer() { ::close(fd); }
    } closer{fd};
    // Drop whatever lies beyond the recorded rows (a batch cut short by a kill).
    if (::ftruncate(fd, static_cast<off_t>(done * rowBytes)) != 0 ||
        ::lseek(fd, static_cast<off_t>(done * rowBytes), SEEK_SET) < 0)
        throw Error(dataPath, std::string("cannot resume: ") + std::strerror(errno));

    const size_t batchSize = std::max<size_t>(1, options.batchSize);
    feedback.report(static_cast<double>(done) / total,
                    "tile " + std::to_string(done) + "/" + std::to_string(total));
    while (done < total) {
        feedback.checkCanceled();
        const size_t n = std::min(batchSize, total - done);
        std::vector<size_t> cells(n);
        for (size_t i = 0; i < n; ++i)
            cells[i] = done + i;
        const cv::Mat descriptors =
            describePlaces(model, preprocessor, raster, grid, cells, batchSize);
        if (descriptors.cols != dimension)
            throw Error(source.checkpoint,
                        "the model returned " + std::to_string(descriptors.cols) +
                            "-d descriptors, expected " + std::to_string(dimension));
        writeAllBytes(fd, descriptors.ptr<float>(), n * rowBytes, dataPath);
        // On disk before the record says so: a crash never claims rows that are not there.
        if (::fdatasync(fd) != 0)
            throw Error(dataPath, std::string("cannot sync: ") + std::strerror(errno));
        done += n;
        stats->described += n;
        meta["done"] = done;
        writeMeta(folder, meta);
        feedback.report(static_cast<double>(done) / total,
                        "tile " + std::to_string(done) + "/" + std::to_string(total));
    }
    meta["complete"] = true;
    stats->seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    meta["build_seconds"] = stats->seconds;
    writeMeta(folder, meta);
    return open(folder, grid, dimension);
}

} // namespace orinet
