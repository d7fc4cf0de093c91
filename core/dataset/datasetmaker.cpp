#include "dataset/datasetmaker.h"

#include "common/atomicfile.h"
#include "common/error.h"
#include "common/feedback.h"
#include "dataset/csvtokenizer.h"
#include "dataset/dataset.h"
#include "dataset/datasetfiles.h"
#include "dataset/pairscsvformat.h"
#include "dataset/seededrandom.h"
#include "dataset/vigorformat.h"
#include "geo/coordinatetransform.h"
#include "geo/exifposition.h"
#include "geo/rastersource.h"

#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <unordered_map>
#include <unordered_set>

namespace fs = std::filesystem;

namespace orinet {

namespace {

constexpr const char* kMarkerFile = "make-dataset.json";
constexpr const char* kGenerator = "orinet make-dataset";
constexpr const char* kPanoramaFolder = "panoramas";
constexpr const char* kTileFolder = "satellite";

//! One row of the positions file that names a panorama.
struct Entry {
    std::string where; //!< "positions.csv:12 (pano.jpg)"
    std::string id;
    std::string image; //!< absolute
    std::optional<LatLon> latLon;
    std::optional<double> heading;
    std::vector<std::string> splits;
    bool fromExif = false;
    cv::Point2d centre; //!< in the orthophoto's CRS
};

void validate(const MakeDatasetOptions& o) {
    if (o.orthophoto.empty() || o.positions.empty() || o.outDir.empty())
        throw Error("make-dataset needs an orthophoto, a positions file and an output folder");
    if (o.tileSize < 16 || o.tileSize > 4096)
        throw Error("the tile size must be 16 to 4096 pixels, got " + std::to_string(o.tileSize));
    if (!(o.tileMetres > 0) || !std::isfinite(o.tileMetres))
        throw Error("the tile's ground extent must be a positive number of metres");
    if (o.valFraction < 0 || o.testFraction < 0 || o.valFraction + o.testFraction > 1)
        throw Error("the val and test shares must be between 0 and 1 and add up to at most 1");
    if (o.layout == MakeDatasetOptions::Layout::VigorGrid) {
        const auto& cities = VigorFormat::cities();
        bool plain = !o.area.empty() && o.area != "splits";
        for (char c : o.area)
            plain = plain && (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_');
        if (!plain)
            throw Error("the area name '" + o.area +
                        "' names the dataset's folders: use letters, digits, '-' and '_'");
        if (std::find(cities.begin(), cities.end(), o.area) != cities.end())
            throw Error("the area name '" + o.area +
                        "' is one of VIGOR's cities, whose split into protocols is VIGOR's own; "
                        "name your area differently");
    }
}

//! A file name for the pair's images: ids come from the user's file.
bool usableAsFileName(const std::string& id) {
    if (id.empty() || id == "." || id == "..")
        return false;
    for (char c : id)
        if (c == '/' || c == '\\' || static_cast<unsigned char>(c) < 32)
            return false;
    return true;
}

std::vector<std::string> splitList(const std::string& text) {
    std::vector<std::string> names;
    std::stringstream in(text);
    std::string name;
    while (std::getline(in, name, ';'))
        if (const std::string t = CsvTokenizer::trim(name); !t.empty())
            names.push_back(t);
    return names;
}

//! Reads the positions file. Structure errors (header, column count, numbers) stop with the
//! file and line; rows whose panorama cannot be used are returned in `skipped`.
std::vector<Entry> readPositions(const std::string& path, std::vector<SkippedPanorama>& skipped) {
    const std::string text = DatasetFiles::readAll(path);
    const fs::path folder = fs::absolute(fs::path(path)).parent_path();
    std::unordered_map<std::string, size_t> column;
    size_t columnCount = 0;
    std::vector<Entry> entries;
    std::unordered_set<std::string> ids;
    CsvTokenizer::forEachLine(text, [&](size_t number, std::string_view line) {
        const std::string where = path + ":" + std::to_string(number);
        const std::vector<std::string> f = CsvTokenizer::splitLine(line, where);
        if (columnCount == 0) {
            for (size_t i = 0; i < f.size(); ++i) {
                if (column.count(f[i]))
                    throw Error(where, "column '" + f[i] + "' appears twice in the header");
                column[f[i]] = i;
            }
            if (!column.count("file"))
                throw Error(where, "header lacks the column 'file' (expected "
                                   "file,lat,lon,heading,id,split; only file is required)");
            columnCount = f.size();
            return;
        }
        if (f.size() != columnCount)
            throw Error(where, std::to_string(f.size()) + " columns where the header has " +
                                   std::to_string(columnCount));
        auto get = [&](const char* name) -> std::string {
            const auto it = column.find(name);
            return it == column.end() ? std::string() : f[it->second];
        };
        Entry e;
        const std::string file = get("file");
        e.where = where + " (" + file + ")";
        if (file.empty())
            throw Error(where, "empty file name");
        e.image = (folder / fs::path(file)).lexically_normal().string();
        e.id = get("id").empty() ? fs::path(file).stem().string() : get("id");
        const std::string lat = get("lat"), lon = get("lon");
        if (lat.empty() != lon.empty())
            throw Error(where, "lat and lon must both be given or both be empty");
        if (!lat.empty()) {
            e.latLon = LatLon{CsvTokenizer::parseNumber(lat, where, "lat"),
                              CsvTokenizer::parseNumber(lon, where, "lon")};
            if (std::abs(e.latLon->latitude) > 90 || std::abs(e.latLon->longitude) > 180)
                throw Error(where, "lat/lon " + lat + ", " + lon + " is not a WGS84 position");
        }
        if (const std::string h = get("heading"); !h.empty())
            e.heading = CsvTokenizer::parseNumber(h, where, "heading");
        e.splits = splitList(get("split"));

        std::error_code ec;
        if (!usableAsFileName(e.id))
            skipped.push_back({e.where, "id '" + e.id + "' cannot name a file"});
        else if (!ids.insert(e.id).second)
            skipped.push_back({e.where, "id '" + e.id + "' appears on an earlier line"});
        else if (!fs::is_regular_file(e.image, ec))
            skipped.push_back({e.where, "no such file: " + e.image});
        else
            entries.push_back(std::move(e));
    });
    if (columnCount == 0)
        throw Error(path, "empty file: expected a header line (file,lat,lon,heading,id,split)");
    return entries;
}

//! Each entry's position in the orthophoto's CRS, from the CSV or the image's EXIF GPS; entries
//! without one, or whose tile would reach outside the raster, move to `skipped`.
std::vector<Entry> placeOnRaster(std::vector<Entry> entries, const RasterSource& raster,
                                 double footprint, const char* needed,
                                 std::vector<SkippedPanorama>& skipped,
                                 std::vector<cv::Point2d>* skippedAt = nullptr) {
    std::vector<Entry> placed;
    std::vector<Entry> located;
    for (Entry& e : entries) {
        if (!e.latLon) {
            e.latLon = ExifPosition::read(e.image);
            e.fromExif = e.latLon.has_value();
        }
        if (!e.latLon)
            skipped.push_back({e.where, "no position: no lat/lon in the file and no EXIF GPS "
                                        "position in the image"});
        else
            located.push_back(std::move(e));
    }
    std::vector<cv::Point2d> points;
    for (const Entry& e : located)
        points.emplace_back(e.latLon->longitude, e.latLon->latitude);
    CoordinateTransform(Crs::wgs84(), raster.crs()).transform(points);
    const cv::Rect2d extent = raster.extent();
    for (size_t i = 0; i < located.size(); ++i) {
        Entry& e = located[i];
        const cv::Point2d c = points[i];
        char position[96];
        std::snprintf(position, sizeof position, "%.7f, %.7f", e.latLon->latitude,
                      e.latLon->longitude);
        if (!std::isfinite(c.x) || !std::isfinite(c.y)) {
            skipped.push_back({e.where, std::string("position ") + position +
                                            " cannot be projected to " + raster.crs().label()});
            continue;
        }
        const double h = footprint / 2;
        const bool inside = extent.contains(c);
        if (!inside || c.x - h < extent.x || c.y - h < extent.y ||
            c.x + h > extent.x + extent.width || c.y + h > extent.y + extent.height) {
            if (skippedAt)
                skippedAt->push_back(c);
            skipped.push_back(
                {e.where, std::string("position ") + position +
                              (inside ? std::string(" is too close to the orthophoto's edge "
                                                    "for ") +
                                            needed
                                      : " lies outside the orthophoto")});
            continue;
        }
        e.centre = c;
        placed.push_back(std::move(e));
    }
    return placed;
}

void writeBytes(const std::string& path, const std::vector<uchar>& bytes) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(bytes.data()),
              static_cast<std::streamsize>(bytes.size()));
    out.close();
    if (!out)
        throw Error(path, "cannot write (disk full or no permission?)");
}

std::vector<uchar> encodeJpeg(const cv::Mat& image, int quality, const std::string& path) {
    std::vector<uchar> bytes;
    if (!cv::imencode(".jpg", image, bytes, {cv::IMWRITE_JPEG_QUALITY, quality}))
        throw Error(path, "cannot encode the image as JPEG");
    return bytes;
}

//! Removes a staging or replaced folder this run created, whatever happens to the caller.
struct OwnFolder {
    std::string path;
    ~OwnFolder() {
        if (!path.empty()) {
            std::error_code ec;
            fs::remove_all(path, ec);
        }
    }
};

std::string nowUtc() {
    const std::time_t t = std::time(nullptr);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&t));
    return text;
}

//! The panorama's bytes as the dataset keeps them: turned to north and re-encoded when a
//! heading is given, else the user's file unchanged (or re-encoded when `jpegOnly` and it is
//! not a JPEG). Empty with `why` set when it cannot be used.
std::vector<uchar> panoramaBytes(const Entry& e, const MakeDatasetOptions& o, bool jpegOnly,
                                 std::string& extension, std::string& why, bool& rotated) {
    const cv::Mat panorama = cv::imread(e.image, cv::IMREAD_COLOR);
    if (panorama.empty()) {
        why = "cannot be decoded as an image";
        return {};
    }
    if (panorama.cols <= panorama.rows) {
        why = "is no panorama: " + std::to_string(panorama.cols) + " x " +
              std::to_string(panorama.rows) + " pixels, not wider than tall";
        return {};
    }
    extension = fs::path(e.image).extension().string();
    std::string lower = extension;
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    rotated = e.heading.has_value();
    if (rotated || (jpegOnly && lower != ".jpg" && lower != ".jpeg")) {
        extension = ".jpg";
        return encodeJpeg(rotated ? DatasetMaker::turnToNorth(panorama, *e.heading) : panorama,
                          o.jpegQuality, e.image);
    }
    // Already north-centred: the user's bytes, unchanged.
    std::ifstream in(e.image, std::ios::binary);
    std::vector<uchar> bytes((std::istreambuf_iterator<char>(in)),
                             std::istreambuf_iterator<char>());
    if (!in.good() && !in.eof())
        why = "cannot be read";
    return bytes;
}

//! The VIGOR-style grid over the panoramas' area: centres x0 + k·stride (west to east),
//! y0 - r·stride (north to south), reaching half a step beyond the outermost panoramas, so
//! every panorama lies between four centres. Only tiles wholly on the raster are kept.
struct TileGrid {
    double x0 = 0, y0 = 0, stride = 0;
    int64_t cols = 0, rows = 0;
    std::vector<int64_t> tileOf; //!< grid cell -> index into centres, -1 off the raster
    std::vector<cv::Point2d> centres;

    //! The four tiles around `p` (indices into centres; -1 where off the raster).
    std::vector<int64_t> blockAround(const cv::Point2d& p) const {
        const int64_t k0 = static_cast<int64_t>(std::floor((p.x - x0) / stride));
        const int64_t r0 = static_cast<int64_t>(std::floor((y0 - p.y) / stride));
        return {tileOf[static_cast<size_t>(r0 * cols + k0)],
                tileOf[static_cast<size_t>(r0 * cols + k0 + 1)],
                tileOf[static_cast<size_t>((r0 + 1) * cols + k0)],
                tileOf[static_cast<size_t>((r0 + 1) * cols + k0 + 1)]};
    }
};

TileGrid gridOver(const MakeDatasetOptions& o, const RasterSource& raster, double footprint,
                  const std::vector<Entry>& entries) {
    TileGrid g;
    g.stride = footprint / 2;
    const double stride = g.stride;
    double minX = entries[0].centre.x, maxX = minX, minY = entries[0].centre.y, maxY = minY;
    for (const Entry& e : entries) {
        minX = std::min(minX, e.centre.x);
        maxX = std::max(maxX, e.centre.x);
        minY = std::min(minY, e.centre.y);
        maxY = std::max(maxY, e.centre.y);
    }
    const double x0 = g.x0 = minX - stride / 2, y0 = g.y0 = maxY + stride / 2;
    const int64_t cols = g.cols = static_cast<int64_t>(std::floor((maxX - x0) / stride)) + 2;
    const int64_t rows = g.rows = static_cast<int64_t>(std::floor((y0 - minY) / stride)) + 2;
    if (cols * rows > 2000000)
        throw Error(o.positions, "the panoramas spread over " + std::to_string(cols * rows) +
                                     " grid tiles of " + std::to_string(o.tileMetres) +
                                     " m; use larger tiles or make the area in parts");
    const auto centreOf = [&](int64_t r, int64_t k) {
        return cv::Point2d(x0 + static_cast<double>(k) * stride,
                           y0 - static_cast<double>(r) * stride);
    };
    // Only tiles wholly on the raster are cut; placeOnRaster kept a panorama only when all
    // four tiles around it are.
    const cv::Rect2d extent = raster.extent();
    const double h = footprint / 2;
    g.tileOf.assign(static_cast<size_t>(cols * rows), -1);
    for (int64_t r = 0; r < rows; ++r)
        for (int64_t k = 0; k < cols; ++k) {
            const cv::Point2d c = centreOf(r, k);
            if (c.x - h >= extent.x && c.y - h >= extent.y && c.x + h <= extent.x + extent.width &&
                c.y + h <= extent.y + extent.height) {
                g.tileOf[static_cast<size_t>(r * cols + k)] =
                    static_cast<int64_t>(g.centres.size());
                g.centres.push_back(c);
            }
        }
    return g;
}

//! The VIGOR-style grid (Layout::VigorGrid) written into `staging`: tiles, panoramas under
//! VIGOR's names, satellite_list.txt and the label files of the area.
void writeVigorGrid(const MakeDatasetOptions& o, const RasterSource& raster, double footprint,
                    const std::vector<Entry>& entries, const std::string& staging,
                    MakeDatasetSummary& summary, Feedback& feedback) {
    const TileGrid grid = gridOver(o, raster, footprint, entries);
    const std::vector<cv::Point2d>& centres = grid.centres;
    std::vector<cv::Point2d> lonLat = centres;
    CoordinateTransform(raster.crs(), Crs::wgs84()).transform(lonLat);

    const fs::path root(staging);
    const std::string panoramaFolder = VigorFormat::panoramaFolder(o.area);
    const std::string tileFolder = VigorFormat::satelliteFolder(o.area);
    for (const std::string& sub : {panoramaFolder, tileFolder, "splits/" + o.area}) {
        std::error_code ec;
        fs::create_directories(root / sub, ec);
        if (ec)
            throw Error((root / sub).string(), "cannot create folder: " + ec.message());
    }
    std::vector<std::string> names(centres.size());
    std::string list;
    for (size_t t = 0; t < centres.size(); ++t) {
        feedback.checkCanceled();
        if (t % 16 == 0)
            feedback.report(0.6 * t / centres.size(), "tile " + std::to_string(t + 1) + " of " +
                                                          std::to_string(centres.size()));
        names[t] = VigorFormat::satelliteFileName(LatLon{lonLat[t].y, lonLat[t].x});
        const cv::Mat tile = raster.cutTile(centres[t], o.tileSize, footprint);
        std::vector<uchar> bytes;
        if (!cv::imencode(".png", tile, bytes))
            throw Error(names[t], "cannot encode the tile as PNG");
        writeBytes((root / tileFolder / names[t]).string(), bytes);
        list += names[t] + "\n";
    }
    summary.tiles = static_cast<int>(centres.size());

    // Offsets in tile pixels, VIGOR's delta: centre minus panorama, rows along north, columns
    // along east (docs/vigor.md).
    const double pixelsPerUnit = o.tileSize / footprint;
    std::string train, test, all;
    for (size_t i = 0; i < entries.size(); ++i) {
        feedback.checkCanceled();
        const Entry& e = entries[i];
        feedback.report(0.6 + 0.3 * i / entries.size(), "panorama " + std::to_string(i + 1) +
                                                            " of " +
                                                            std::to_string(entries.size()));
        std::vector<int64_t> block = grid.blockAround(e.centre);
        if (std::count(block.begin(), block.end(), -1) > 0) {
            summary.skipped.push_back(
                {e.where, "is too close to the orthophoto's edge for the four tiles covering it"});
            continue;
        }
        // The positive is the tile whose central half contains the panorama: the nearest
        // centre in the Chebyshev sense; then the semi-positives by that distance.
        const auto chebyshev = [&](int64_t t) {
            return std::max(std::abs(centres[static_cast<size_t>(t)].x - e.centre.x),
                            std::abs(centres[static_cast<size_t>(t)].y - e.centre.y));
        };
        std::stable_sort(block.begin(), block.end(),
                         [&](int64_t a, int64_t b) { return chebyshev(a) < chebyshev(b); });
        std::string extension, why;
        bool rotated = false;
        const std::vector<uchar> bytes = panoramaBytes(e, o, true, extension, why, rotated);
        if (bytes.empty()) {
            summary.skipped.push_back({e.where, why});
            continue;
        }
        std::string prefix = e.id;
        std::replace(prefix.begin(), prefix.end(), ',', '_'); // the name's fields are commas
        VigorFormat::LabelRow row;
        row.panorama = VigorFormat::panoramaFileName(prefix, *e.latLon);
        writeBytes((root / panoramaFolder / row.panorama).string(), bytes);
        for (int k = 0; k < 4; ++k) {
            const cv::Point2d& c = centres[static_cast<size_t>(block[static_cast<size_t>(k)])];
            row.tiles[k] = names[static_cast<size_t>(block[static_cast<size_t>(k)])];
            row.offsets[k].row = (c.y - e.centre.y) * pixelsPerUnit;
            row.offsets[k].col = (c.x - e.centre.x) * pixelsPerUnit;
        }
        const std::string line = VigorFormat::formatRow(row) + "\n";
        const bool isTest = std::find(e.splits.begin(), e.splits.end(), "test") != e.splits.end() ||
                            std::find(e.splits.begin(), e.splits.end(), "val") != e.splits.end();
        (isTest ? test : train) += line;
        all += line;
        ++(isTest ? summary.test : summary.train);
        summary.rotated += rotated;
        summary.fromExif += e.fromExif;
        ++summary.pairs;
    }
    AtomicFile::writeAll((root / VigorFormat::satelliteList(o.area)).string(), list);
    AtomicFile::writeAll(
        (root / VigorFormat::labelFile(VigorProtocol::SameArea, "train", o.area)).string(), train);
    AtomicFile::writeAll(
        (root / VigorFormat::labelFile(VigorProtocol::SameArea, "test", o.area)).string(), test);
    AtomicFile::writeAll((root / VigorFormat::crossAreaLabelFile(o.area)).string(), all);
}

//! The area a previous VIGOR-style output names in its marker, so it may be replaced.
std::string previousArea(const fs::path& out) {
    std::ifstream in(out / kMarkerFile);
    if (!in)
        return {};
    const nlohmann::json marker = nlohmann::json::parse(in, nullptr, false);
    if (marker.is_discarded() || !marker.is_object() || !marker.contains("area") ||
        !marker["area"].is_string())
        return {};
    return marker["area"].get<std::string>();
}

//! The output folder's kind: a previous VIGOR-style output also owns the area folder its
//! marker names.
OutputTarget::FolderKind outputKind(const MakeDatasetOptions& options) {
    OutputTarget::FolderKind kind = DatasetMaker::folderKind();
    const std::string area =
        previousArea(fs::absolute(fs::path(options.outDir)).lexically_normal());
    if (!area.empty())
        kind.ownsEntry = [owns = kind.ownsEntry, area](const std::string& name) {
            return owns(name) || name == area;
        };
    return kind;
}

//! What make() and plan() share: the orthophoto opened and checked, the positions read and
//! placed on it, and the split drawn for rows without one.
struct Prepared {
    std::shared_ptr<const RasterSource> raster;
    double footprint = 0; //!< a tile's side in the raster CRS's units
    std::vector<Entry> entries;
    std::vector<cv::Point2d> skippedAt; //!< panoramas off the raster or too near its edge
};

Prepared prepare(const MakeDatasetOptions& options, std::vector<SkippedPanorama>& skipped) {
    Prepared p;
    const bool grid = options.layout == MakeDatasetOptions::Layout::VigorGrid;
    const auto raster = p.raster = RasterSource::open(options.orthophoto);
    if (raster->crs().isGeographic())
        throw Error(options.orthophoto,
                    "is in degrees (" + raster->crs().label() +
                        "): tiles are cut in metres, so the orthophoto needs a projected CRS; "
                        "reproject it first, e.g. gdalwarp -t_srs EPSG:32633 (UTM of its area)");
    const double unit = raster->crs().linearUnitMetres();
    if (!(unit > 0))
        throw Error(options.orthophoto,
                    "its CRS (" + raster->crs().label() + ") has no linear unit in metres");
    const double footprint = p.footprint = options.tileMetres / unit;

    std::vector<Entry> entries = readPositions(options.positions, skipped);
    // A grid panorama needs the four tiles around it on the raster: up to a tile's side away.
    entries =
        placeOnRaster(std::move(entries), *raster, grid ? 2 * footprint : footprint,
                      grid ? "the four tiles covering it" : "a whole tile", skipped, &p.skippedAt);
    if (entries.empty()) {
        std::string reasons;
        for (size_t i = 0; i < skipped.size() && i < 5; ++i)
            reasons += "\n  " + skipped[i].where + ": " + skipped[i].reason;
        throw Error(options.positions, "no panorama could be used; nothing was written" + reasons);
    }

    // Rows without a split: a seeded draw, so the same inputs give the same dataset.
    std::vector<size_t> undecided;
    for (size_t i = 0; i < entries.size(); ++i)
        if (entries[i].splits.empty())
            undecided.push_back(i);
    SeededRandom random(options.seed);
    for (size_t i = undecided.size(); i > 1; --i)
        std::swap(undecided[i - 1], undecided[random.uniform(i)]);
    const auto valCount = static_cast<size_t>(std::lround(options.valFraction * undecided.size()));
    const auto testCount =
        static_cast<size_t>(std::lround(options.testFraction * undecided.size()));
    for (size_t k = 0; k < undecided.size(); ++k)
        entries[undecided[k]].splits = {k < valCount               ? "val"
                                        : k < valCount + testCount ? "test"
                                                                   : "train"};
    p.entries = std::move(entries);
    return p;
}

} // namespace

cv::Mat DatasetMaker::turnToNorth(const cv::Mat& panorama, double headingDegrees) {
    // Column c faces heading + (c - W/2)·360/W; north is at c = W/2 - heading·W/360, which
    // must land on the centre column W/2: a shift of heading·W/360 columns (wrapping).
    const int w = panorama.cols;
    const double shift = std::fmod(headingDegrees, 360.0) * w / 360.0;
    cv::Mat mapX(panorama.rows, w, CV_32FC1), mapY(panorama.rows, w, CV_32FC1);
    for (int r = 0; r < panorama.rows; ++r) {
        auto* x = mapX.ptr<float>(r);
        auto* y = mapY.ptr<float>(r);
        for (int c = 0; c < w; ++c) {
            double source = std::fmod(c - shift, static_cast<double>(w));
            if (source < 0)
                source += w;
            x[c] = static_cast<float>(source);
            y[c] = static_cast<float>(r);
        }
    }
    cv::Mat turned;
    cv::remap(panorama, turned, mapX, mapY, cv::INTER_LINEAR, cv::BORDER_WRAP);
    return turned;
}

OutputTarget::FolderKind DatasetMaker::folderKind() {
    OutputTarget::FolderKind kind;
    kind.name = "dataset made by orinet make-dataset (make-dataset.json)";
    kind.recognises = [](const std::string& root) {
        std::ifstream in(fs::path(root) / kMarkerFile);
        std::stringstream text;
        text << in.rdbuf();
        return in && text.str().find(kGenerator) != std::string::npos;
    };
    kind.ownsEntry = [](const std::string& name) {
        return name == kMarkerFile || name == PairsCsvFormat::kFileName ||
               name == kPanoramaFolder || name == kTileFolder || name == "splits";
    };
    return kind;
}

MakeDatasetPlan DatasetMaker::plan(const MakeDatasetOptions& options) {
    validate(options);
    OutputTarget::checkFolder(fs::absolute(fs::path(options.outDir)).lexically_normal().string(),
                              outputKind(options));
    MakeDatasetPlan plan;
    const Prepared prepared = prepare(options, plan.skipped);
    plan.crs = prepared.raster->crs().label();
    plan.footprint = prepared.footprint;
    const bool grid = options.layout == MakeDatasetOptions::Layout::VigorGrid;
    for (const Entry& e : prepared.entries) {
        const bool val = std::find(e.splits.begin(), e.splits.end(), "val") != e.splits.end();
        const bool test = std::find(e.splits.begin(), e.splits.end(), "test") != e.splits.end();
        const std::string split = test || (val && grid) ? "test" : val ? "val" : "train";
        plan.panoramas.push_back({e.id, {e.centre.x, e.centre.y}, split});
        plan.train += split == "train";
        plan.val += split == "val";
        plan.test += split == "test";
        if (!grid)
            plan.tiles.push_back({e.centre.x, e.centre.y});
    }
    for (const cv::Point2d& c : prepared.skippedAt)
        plan.offRaster.push_back({c.x, c.y});
    if (grid)
        for (const cv::Point2d& c :
             gridOver(options, *prepared.raster, prepared.footprint, prepared.entries).centres)
            plan.tiles.push_back({c.x, c.y});
    return plan;
}

MakeDatasetSummary DatasetMaker::make(const MakeDatasetOptions& options, Feedback& feedback) {
    const auto started = std::chrono::steady_clock::now();
    validate(options);
    MakeDatasetSummary summary;
    const fs::path out = fs::absolute(fs::path(options.outDir)).lexically_normal();
    summary.root = out.string();
    // Before any input is read: a folder of the user's is never written into.
    OutputTarget::checkFolder(summary.root, outputKind(options));
    const bool grid = options.layout == MakeDatasetOptions::Layout::VigorGrid;

    Prepared prepared = prepare(options, summary.skipped);
    const std::shared_ptr<const RasterSource>& raster = prepared.raster;
    const double footprint = prepared.footprint;
    std::vector<Entry>& entries = prepared.entries;

    // Everything goes into a staging folder beside the output, moved into place at the end.
    OwnFolder staging{(out.parent_path() /
                       ("." + out.filename().string() + ".make-" + std::to_string(::getpid())))
                          .string()};
    if (grid) {
        std::error_code ec;
        fs::create_directories(staging.path, ec);
        if (ec)
            throw Error(staging.path, "cannot create folder: " + ec.message());
        writeVigorGrid(options, *raster, footprint, entries, staging.path, summary, feedback);
        if (summary.pairs == 0)
            throw Error(options.positions, "no panorama could be used; nothing was written");
    }
    for (const char* sub : {kPanoramaFolder, kTileFolder}) {
        if (grid)
            break;
        std::error_code ec;
        fs::create_directories(fs::path(staging.path) / sub, ec);
        if (ec)
            throw Error((fs::path(staging.path) / sub).string(),
                        "cannot create folder: " + ec.message());
    }
    std::vector<PairsCsvFormat::Row> rows;
    for (size_t i = 0; i < entries.size() && !grid; ++i) {
        feedback.checkCanceled();
        const Entry& e = entries[i];
        feedback.report(0.9 * i / entries.size(),
                        "pair " + std::to_string(i + 1) + " of " + std::to_string(entries.size()));
        const cv::Mat panorama = cv::imread(e.image, cv::IMREAD_COLOR);
        if (panorama.empty()) {
            summary.skipped.push_back({e.where, "cannot be decoded as an image"});
            continue;
        }
        if (panorama.cols <= panorama.rows) {
            summary.skipped.push_back({e.where, "is no panorama: " + std::to_string(panorama.cols) +
                                                    " x " + std::to_string(panorama.rows) +
                                                    " pixels, not wider than tall"});
            continue;
        }
        PairsCsvFormat::Row row;
        row.id = e.id;
        std::string ext = fs::path(e.image).extension().string();
        if (e.heading) {
            ext = ".jpg";
            row.panorama = std::string(kPanoramaFolder) + "/" + e.id + ext;
            writeBytes((fs::path(staging.path) / row.panorama).string(),
                       encodeJpeg(turnToNorth(panorama, *e.heading), options.jpegQuality, e.image));
            ++summary.rotated;
        } else {
            // Already north-centred: the user's bytes, unchanged.
            row.panorama = std::string(kPanoramaFolder) + "/" + e.id + ext;
            std::error_code ec;
            fs::copy_file(e.image, fs::path(staging.path) / row.panorama, ec);
            if (ec)
                throw Error((fs::path(staging.path) / row.panorama).string(),
                            "cannot copy the panorama: " + ec.message());
        }
        row.satellite = std::string(kTileFolder) + "/" + e.id + ".jpg";
        const cv::Mat tile = raster->cutTile(e.centre, options.tileSize, footprint);
        writeBytes((fs::path(staging.path) / row.satellite).string(),
                   encodeJpeg(tile, options.jpegQuality, row.satellite));
        row.latLon = e.latLon;
        row.splits = e.splits;
        for (const std::string& s : e.splits) {
            summary.train += s == "train";
            summary.val += s == "val";
            summary.test += s == "test";
        }
        summary.fromExif += e.fromExif;
        rows.push_back(std::move(row));
    }
    if (!grid) {
        if (rows.empty())
            throw Error(options.positions, "no panorama could be used; nothing was written");
        summary.pairs = summary.tiles = static_cast<int>(rows.size());
        PairsCsvFormat::write((fs::path(staging.path) / PairsCsvFormat::kFileName).string(), rows);
    }

    nlohmann::json skipped = nlohmann::json::array();
    for (const SkippedPanorama& s : summary.skipped)
        skipped.push_back({{"where", s.where}, {"reason", s.reason}});
    nlohmann::json marker = {{"generator", kGenerator},
                             {"created", nowUtc()},
                             {"orthophoto", fs::absolute(options.orthophoto).string()},
                             {"orthophoto_crs", raster->crs().label()},
                             {"positions", fs::absolute(options.positions).string()},
                             {"tile_size", options.tileSize},
                             {"tile_metres", options.tileMetres},
                             {"val_fraction", options.valFraction},
                             {"test_fraction", options.testFraction},
                             {"seed", options.seed},
                             {"layout", grid ? "vigor" : "pairs.csv"},
                             {"pairs", summary.pairs},
                             {"tiles", summary.tiles},
                             {"rotated", summary.rotated},
                             {"positions_from_exif", summary.fromExif},
                             {"skipped", skipped}};
    if (grid)
        marker["area"] = options.area;
    AtomicFile::writeAll((fs::path(staging.path) / kMarkerFile).string(), marker.dump(2) + "\n");

    feedback.report(0.92, "checking the dataset");
    if (grid) {
        // VIGOR's reader on both splits, every listed image checked to exist.
        for (const char* split : {"train", "test"}) {
            VigorOptions check;
            check.split = split;
            try {
                VigorFormat::read(staging.path, check);
            } catch (const Error& e) {
                // An empty split (all rows drawn into the other) is no problem of the files.
                if (std::string(e.what()).find("list no panorama") == std::string::npos)
                    summary.checkSummary += std::string(e.what()) + "\n";
            }
        }
    } else {
        OpenOptions check;
        check.keepBadPairs = true;
        check.checkImages = true;
        const Dataset written = Dataset::open(staging.path, DatasetLayout::Csv, check);
        if (!written.report().ok())
            summary.checkSummary = written.report().summary();
    }

    // Into place: an existing output is ours (checked above) and goes only once the new one
    // is complete.
    feedback.checkCanceled();
    std::error_code ec;
    OwnFolder previous;
    if (fs::exists(out, ec)) {
        previous.path = out.string() + ".old-" + std::to_string(::getpid());
        fs::rename(out, previous.path, ec);
        if (ec) {
            previous.path.clear();
            throw Error(out.string(), "cannot move the previous output aside: " + ec.message());
        }
    }
    fs::rename(staging.path, out, ec);
    if (ec) {
        if (!previous.path.empty()) {
            std::error_code back;
            fs::rename(previous.path, out, back);
            if (!back)
                previous.path.clear();
        }
        throw Error(out.string(), "cannot move the new dataset into place: " + ec.message());
    }
    staging.path.clear();
    summary.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    feedback.report(1.0, "done");
    return summary;
}

} // namespace orinet
