#include "synth/syntheticworld.h"

#include "common/atomicfile.h"
#include "common/error.h"
#include "common/feedback.h"
#include "common/outputtarget.h"
#include "dataset/cvactformat.h"
#include "dataset/cvusaformat.h"
#include "dataset/pairscsvformat.h"
#include "geo/geotiff.h"
#include "geo/utmconverter.h"
#include "synth/panoramarenderer.h"
#include "synth/townmap.h"

#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <mutex>
#include <random>
#include <sstream>
#include <thread>
#include <unistd.h>

namespace fs = std::filesystem;

namespace orinet {

namespace {

constexpr const char* kGenerator = "orinet synth";
constexpr const char* kImageFile = "world.tif";
constexpr const char* kMetadataFile = "world.json";

std::string join(const std::string& a, const std::string& b) {
    return (fs::path(a) / b).string();
}

//! `name` in `root` or in its parent, canonical; empty when in neither.
std::string inRootOrParent(const std::string& root, const char* name) {
    for (const fs::path& candidate : {fs::path(root) / name, fs::path(root) / ".." / name}) {
        std::error_code error;
        if (fs::is_regular_file(candidate, error))
            return fs::weakly_canonical(candidate, error).string();
    }
    return {};
}

//! Images are regenerable, so no fsync per file (thousands of them); the rename still keeps
//! a reader from seeing half a JPEG, and replaces (rather than writes through) a hard link.
void writeBytes(const std::string& path, const std::vector<uchar>& bytes) {
    const std::string temp = path + ".part";
    {
        std::ofstream out(temp, std::ios::binary | std::ios::trunc);
        out.write(reinterpret_cast<const char*>(bytes.data()),
                  static_cast<std::streamsize>(bytes.size()));
        out.close();
        if (!out) {
            std::remove(temp.c_str());
            throw Error(path, "cannot write image (disk full or no permission?)");
        }
    }
    if (std::rename(temp.c_str(), path.c_str()) != 0) {
        std::remove(temp.c_str());
        throw Error(path, std::string("cannot replace file: ") + std::strerror(errno));
    }
}

std::vector<uchar> encode(const cv::Mat& image, const std::string& ext, int jpegQuality) {
    std::vector<uchar> bytes;
    std::vector<int> params;
    if (ext == ".jpg")
        params = {cv::IMWRITE_JPEG_QUALITY, jpegQuality};
    if (!cv::imencode(ext, image, bytes, params))
        throw Error("cannot encode a " + ext + " image");
    return bytes;
}

//! Hard-links `from` to `to` (replacing `to`); false when the file system refuses.
bool hardLink(const std::string& from, const std::string& to) {
    ::unlink(to.c_str());
    return ::link(from.c_str(), to.c_str()) == 0;
}

//! Where each layout keeps a pair's images, relative to the world's root.
struct ImageName {
    const char* layoutFolder;
    std::string (*path)(const std::string& id);
};
const ImageName kImageNames[] = {{"cvusa", &CvusaFormat::satellitePath},
                                 {"cvusa", &CvusaFormat::panoramaPath},
                                 {"cvusa", &CvusaFormat::annotationPath},
                                 {"cvact", &CvactFormat::panoramaPath},
                                 {"cvact", &CvactFormat::satellitePath}};

//! Regenerating a world with fewer pairs would leave the old extra images behind, unreferenced
//! but confusing. Only our own file names (7-digit ids above `pairs`) are removed.
void removeStaleImages(const std::string& root, int pairs) {
    for (const ImageName& image : kImageNames) {
        const fs::path folder =
            fs::path(join(join(root, image.layoutFolder), image.path("0000000"))).parent_path();
        std::error_code ec;
        for (const auto& entry : fs::directory_iterator(folder, ec)) {
            const std::string name = entry.path().filename().string();
            if (name.size() < 7 ||
                !std::all_of(name.begin(), name.begin() + 7,
                             [](unsigned char c) { return c >= '0' && c <= '9'; }))
                continue;
            const std::string id = name.substr(0, 7);
            if (fs::path(image.path(id)).filename() == name && std::stoi(id) > pairs)
                fs::remove(entry.path(), ec);
        }
    }
}

struct Location {
    UtmPoint utm;
    double cameraHeight;
    int street;
    double along;
    double lateral;
};

std::vector<Location> sampleLocations(const TownMap& map, const SynthOptions& options) {
    std::mt19937_64 rng(options.seed * 0x9E3779B97F4A7C15ULL + 0x51ULL);
    auto uniform = [&](double a, double b) {
        return std::uniform_real_distribution<double>(a, b)(rng);
    };
    const auto& streets = map.streets();
    if (streets.empty())
        throw Error("the synthetic town has no streets; use a larger world");
    std::vector<double> lengths;
    for (const Street& s : streets)
        lengths.push_back(
            std::hypot(s.to.easting - s.from.easting, s.to.northing - s.from.northing));
    std::discrete_distribution<int> pickStreet(lengths.begin(), lengths.end());
    // the whole tile stays inside the map
    const double margin = options.tileMetres / 2 + 2.0;
    auto at = [&](int street, double along, double lateral) {
        const Street& s = streets[street];
        const double len = lengths[street];
        const double dx = (s.to.easting - s.from.easting) / len;
        const double dy = (s.to.northing - s.from.northing) / len;
        return UtmPoint{s.from.easting + dx * along - dy * lateral,
                        s.from.northing + dy * along + dx * lateral};
    };
    std::vector<Location> out;
    out.reserve(options.pairs);
    for (int i = 0; i < options.pairs; ++i) {
        Location loc{};
        loc.cameraHeight = uniform(options.minCameraHeight, options.maxCameraHeight);
        bool placed = false;
        if (!out.empty() && uniform(0, 1) < options.nearbyFraction) {
            // a neighbour 5..25 m along the same street: geo-recall at 5-25 m has meaning
            const Location& base =
                out[std::uniform_int_distribution<size_t>(0, out.size() - 1)(rng)];
            const double offset = uniform(5.0, 25.0) * (uniform(0, 1) < 0.5 ? -1 : 1);
            const UtmPoint p = at(base.street, base.along + offset, base.lateral);
            if (map.contains(p, margin)) {
                loc.utm = p;
                loc.street = base.street;
                loc.along = base.along + offset;
                loc.lateral = base.lateral;
                placed = true;
            }
        }
        for (int attempt = 0; !placed && attempt < 1000; ++attempt) {
            loc.street = pickStreet(rng);
            loc.along = uniform(0, lengths[loc.street]);
            loc.lateral = uniform(-0.3, 0.3) * streets[loc.street].width;
            loc.utm = at(loc.street, loc.along, loc.lateral);
            placed = map.contains(loc.utm, margin);
        }
        if (!placed)
            throw Error("cannot place street locations away from the town's edge; use a "
                        "larger world or smaller tiles");
        out.push_back(loc);
    }
    return out;
}

} // namespace

const char* toString(SynthSplit split) {
    switch (split) {
    case SynthSplit::Train:
        return "train";
    case SynthSplit::Val:
        return "val";
    case SynthSplit::Test:
        return "test";
    }
    return "?";
}

namespace {

//! Split by area: ranks the locations along a slanted west-to-east axis (slanted, so that the
//! many locations of one north-south street, with equal eastings, are ordered too); low ranks
//! train, high ranks test. Counts by rounding, so that even a handful of pairs gets a training
//! set first.
std::vector<SynthSplit> splitByArea(const std::vector<Location>& locations,
                                    const SynthOptions& options) {
    const int n = static_cast<int>(locations.size());
    auto splitKey = [](const UtmPoint& p) { return p.easting + 0.37 * p.northing; };
    std::vector<int> order(n);
    for (int i = 0; i < n; ++i)
        order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
        return splitKey(locations[a].utm) < splitKey(locations[b].utm);
    });
    const int trainWanted = static_cast<int>(std::lround(n * options.trainFraction));
    const int valWanted = std::max(
        0, static_cast<int>(std::lround(n * (options.trainFraction + options.valFraction))) -
               trainWanted);
    std::vector<SynthSplit> splitOf(n, SynthSplit::Test);
    for (int rank = 0; rank < n; ++rank)
        splitOf[order[rank]] = rank < trainWanted               ? SynthSplit::Train
                               : rank < trainWanted + valWanted ? SynthSplit::Val
                                                                : SynthSplit::Test;
    return splitOf;
}

//! Renders and writes every pair's images on worker threads. Every pair depends only on the
//! map and its location, so the bytes do not depend on the thread count. Returns whether the
//! satellite tiles could be shared between the layouts by hard links.
bool renderPairs(const TownMap& map, const SynthSummary& summary, const SynthOptions& options,
                 Feedback& feedback) {
    const int n = static_cast<int>(summary.pairs.size());
    const PanoramaRenderer renderer(map);
    const int cvusaRows = options.cvusaPanoHeight();
    const int cvactRows = options.cvactPanoHeight();
    std::atomic<int> next{0};
    int done = 0; // guarded by reportMutex
    std::mutex reportMutex;
    std::atomic<bool> failed{false};
    std::atomic<bool> linksWork{true};
    std::exception_ptr error;
    std::mutex errorMutex;
    auto renderPair = [&](int i) {
        const SynthPair& pair = summary.pairs[i];
        const RenderedPanorama cvusa =
            renderer.render(pair.utm, pair.cameraHeight, cvusaRows, options.cvusaPanoWidth);
        const RenderedPanorama cvact =
            renderer.render(pair.utm, pair.cameraHeight, cvactRows, options.cvactPanoWidth);
        const cv::Mat tile = map.tile(pair.utm, options.tileSize, options.tileMetres);
        const int q = options.jpegQuality;
        writeBytes(join(summary.cvusaRoot, CvusaFormat::panoramaPath(pair.id)),
                   encode(cvusa.colour, ".jpg", q));
        writeBytes(join(summary.cvusaRoot, CvusaFormat::annotationPath(pair.id)),
                   encode(cvusa.labels, ".png", q));
        writeBytes(join(summary.cvactRoot, CvactFormat::panoramaPath(pair.id)),
                   encode(cvact.colour, ".jpg", q));
        const std::vector<uchar> tileBytes = encode(tile, ".jpg", q);
        const std::string tileCvusa = join(summary.cvusaRoot, CvusaFormat::satellitePath(pair.id));
        const std::string tileCvact = join(summary.cvactRoot, CvactFormat::satellitePath(pair.id));
        writeBytes(tileCvusa, tileBytes);
        // the same bytes serve both layouts: share them when the file system allows
        if (!(linksWork.load() && hardLink(tileCvusa, tileCvact))) {
            linksWork.store(false);
            writeBytes(tileCvact, tileBytes);
        }
    };
    auto worker = [&] {
        while (!failed.load() && !feedback.isCanceled()) {
            const int i = next.fetch_add(1);
            if (i >= n)
                return;
            try {
                renderPair(i);
            } catch (...) {
                std::lock_guard<std::mutex> lock(errorMutex);
                if (!error)
                    error = std::current_exception();
                failed.store(true);
                return;
            }
            // serialised and never backwards, although workers finish in any order
            std::lock_guard<std::mutex> lock(reportMutex);
            const int finished = ++done;
            feedback.report(0.1 + 0.88 * finished / n,
                            "pair " + std::to_string(finished) + "/" + std::to_string(n));
        }
    };
    int threadCount = options.threads > 0 ? options.threads
                                          : static_cast<int>(std::thread::hardware_concurrency());
    threadCount = std::clamp(threadCount, 1, n);
    std::vector<std::thread> threads;
    for (int t = 1; t < threadCount; ++t)
        threads.emplace_back(worker);
    worker();
    for (std::thread& t : threads)
        t.join();
    if (error)
        std::rethrow_exception(error);
    return linksWork.load();
}

//! The three index files through the formats' writers: the CVUSA split lists, CVACT's
//! ACT_data.mat, and ROOT/pairs.csv (so ROOT itself opens as a dataset with positions and all
//! three splits; camera_height is an extra column).
void writeIndexes(const SynthSummary& summary) {
    std::vector<CvusaFormat::Entry> lists[3];
    CvactFormat::Index act;
    std::vector<PairsCsvFormat::Row> rows;
    for (size_t i = 0; i < summary.pairs.size(); ++i) {
        const SynthPair& p = summary.pairs[i];
        const int split = static_cast<int>(p.split);
        lists[split].push_back(CvusaFormat::entryFor(p.id));
        act.ids.push_back(p.id);
        act.utm.push_back(p.utm);
        (p.split == SynthSplit::Train ? act.train
         : p.split == SynthSplit::Val ? act.val
                                      : act.test)
            .push_back(i);
        PairsCsvFormat::Row row;
        row.id = p.id;
        row.panorama = join("cvusa", CvusaFormat::panoramaPath(p.id));
        row.satellite = join("cvusa", CvusaFormat::satellitePath(p.id));
        row.utm =
            UtmPosition{p.utm.easting, p.utm.northing, CvactFormat::kZone, CvactFormat::kSouth};
        row.latLon = p.latLon;
        row.splits = {toString(p.split)};
        std::ostringstream height;
        height.imbue(std::locale::classic());
        height << std::fixed << std::setprecision(3) << p.cameraHeight;
        row.extra = {height.str()};
        rows.push_back(std::move(row));
    }
    CvusaFormat::writeList(join(summary.cvusaRoot, CvusaFormat::kTrainList), lists[0]);
    CvusaFormat::writeList(join(summary.cvusaRoot, CvusaFormat::kValList), lists[1]);
    CvusaFormat::writeList(join(summary.cvusaRoot, CvusaFormat::kTestList), lists[2]);
    CvactFormat::write(join(summary.cvactRoot, CvactFormat::kIndexFile), act);
    PairsCsvFormat::write(summary.pairsCsv, rows, {"camera_height"});
}

nlohmann::json metadata(const SynthSummary& summary, const SynthOptions& options,
                        const TownMap& map) {
    const GeoTransform& geo = map.transform();
    return {
        {"generator", kGenerator},
        {"format_version", 1},
        {"status", "complete"},
        {"seed", options.seed},
        {"pairs", summary.pairs.size()},
        {"split",
         {{"train", summary.trainCount},
          {"val", summary.valCount},
          {"test", summary.testCount},
          {"method", "by area: easting + 0.37 northing, low = train, high = test"}}},
        {"crs", {{"epsg", SyntheticWorld::kEpsg}, {"name", "WGS 84 / UTM zone 55S"}}},
        {"world",
         {{"image", kImageFile},
          {"height", "world_height.tif"},
          {"width_px", map.colour().cols},
          {"height_px", map.colour().rows},
          {"pixel_size_m", geo.pixelSize},
          {"origin_easting", geo.originEasting},
          {"origin_northing", geo.originNorthing},
          {"side_m", map.colour().cols * geo.pixelSize},
          {"streets", map.streets().size()},
          {"sun_azimuth_deg", map.sunAzimuth() * 180 / M_PI},
          {"sun_elevation_deg", map.sunElevation() * 180 / M_PI}}},
        {"tile", {{"size", options.tileSize}, {"metres", options.tileMetres}}},
        {"cvusa",
         {{"root", "cvusa"},
          {"panorama_rows", options.cvusaPanoHeight()},
          {"panorama_cols", options.cvusaPanoWidth},
          {"splits", {CvusaFormat::kTrainList, CvusaFormat::kValList, CvusaFormat::kTestList}}}},
        {"cvact",
         {{"root", "cvact"},
          {"panorama_rows", options.cvactPanoHeight()},
          {"panorama_cols", options.cvactPanoWidth},
          {"val_set", "val split"},
          {"val_set_all", "test split"}}},
        {"camera_height_m", {options.minCameraHeight, options.maxCameraHeight}},
        {"nearby_fraction", options.nearbyFraction},
        {"jpeg_quality", options.jpegQuality},
        {"annotation_classes",
         {{"0", "sky"},
          {"1", "ground"},
          {"2", "road"},
          {"3", "building"},
          {"4", "tree"},
          {"5", "water"}}},
        {"hard_links", summary.hardLinks},
        {"pairs_csv", PairsCsvFormat::kFileName},
    };
}

} // namespace

OutputTarget::FolderKind SyntheticWorld::folderKind() {
    OutputTarget::FolderKind kind;
    kind.name = "synthetic world (world.json)";
    kind.recognises = [](const std::string& root) {
        std::ifstream in(SyntheticWorld::metadataFile(root));
        std::stringstream text;
        text << in.rdbuf();
        return in && text.str().find(kGenerator) != std::string::npos;
    };
    return kind;
}

std::string SyntheticWorld::imageFile(const std::string& root) {
    return join(root, kImageFile);
}

std::string SyntheticWorld::metadataFile(const std::string& root) {
    return join(root, kMetadataFile);
}

std::string SyntheticWorld::imageBeside(const std::string& datasetRoot) {
    return inRootOrParent(datasetRoot, kImageFile);
}

std::optional<SynthTileGeometry>
SyntheticWorld::tileGeometryBeside(const std::string& datasetRoot) {
    const std::string meta = inRootOrParent(datasetRoot, kMetadataFile);
    if (meta.empty())
        return std::nullopt;
    try {
        std::ifstream in(meta);
        const nlohmann::json world = nlohmann::json::parse(in);
        SynthTileGeometry tiles;
        tiles.metres = world.at("tile").at("metres").get<double>();
        tiles.size = world.at("tile").at("size").get<int>();
        return tiles;
    } catch (const std::exception&) {
        return std::nullopt; // not a synthetic world's record after all
    }
}

SynthSummary SyntheticWorld::generate(const SynthOptions& options, Feedback& feedback) {
    options.validate();
    const auto started = std::chrono::steady_clock::now();
    SynthSummary summary;
    summary.root = options.outDir;
    summary.cvusaRoot = join(options.outDir, "cvusa");
    summary.cvactRoot = join(options.outDir, "cvact");
    summary.worldImage = imageFile(options.outDir);
    summary.heightImage = join(options.outDir, "world_height.tif");
    summary.metadata = metadataFile(options.outDir);
    summary.pairsCsv = join(options.outDir, PairsCsvFormat::kFileName);

    OutputTarget::checkFolder(options.outDir, SyntheticWorld::folderKind());
    std::vector<std::string> folders = {join("cvusa", "splits")};
    for (const std::string& f : CvusaFormat::imageFolders())
        folders.push_back(join("cvusa", f));
    for (const std::string& f : CvactFormat::imageFolders())
        folders.push_back(join("cvact", f));
    for (const std::string& sub : folders) {
        std::error_code ec;
        fs::create_directories(join(options.outDir, sub), ec);
        if (ec)
            throw Error(join(options.outDir, sub), "cannot create folder: " + ec.message());
    }
    removeStaleImages(options.outDir, options.pairs);
    // marks the folder as ours (and unfinished) before anything else is written
    const nlohmann::json unfinished = {{"generator", kGenerator}, {"status", "incomplete"}};
    AtomicFile::writeAll(summary.metadata, unfinished.dump(2) + "\n");

    feedback.report(0.0, "building the town");
    const double side = options.effectiveWorldMetres();
    const TownMap map = TownMap::generate(options.seed, side, options.pixelSize, origin());
    feedback.checkCanceled();

    const std::vector<Location> locations = sampleLocations(map, options);
    const std::vector<SynthSplit> splitOf = splitByArea(locations, options);
    const UtmConverter converter = UtmConverter::canberra();
    for (int i = 0; i < options.pairs; ++i) {
        SynthPair pair;
        std::ostringstream id;
        id << std::setw(7) << std::setfill('0') << (i + 1);
        pair.id = id.str();
        pair.utm = locations[i].utm;
        pair.latLon = converter.toLatLon(pair.utm);
        pair.cameraHeight = locations[i].cameraHeight;
        pair.split = splitOf[i];
        (pair.split == SynthSplit::Train ? summary.trainCount
         : pair.split == SynthSplit::Val ? summary.valCount
                                         : summary.testCount)++;
        summary.pairs.push_back(pair);
    }

    feedback.report(0.02, "writing world.tif");
    GeoTiff::write(summary.worldImage, map.colour(), map.transform(), kEpsg, &feedback);
    feedback.report(0.06, "writing world_height.tif");
    GeoTiff::write(summary.heightImage, map.height(), map.transform(), kEpsg, &feedback);
    feedback.checkCanceled();

    summary.hardLinks = renderPairs(map, summary, options, feedback);
    feedback.checkCanceled();

    feedback.report(0.99, "writing splits and metadata");
    writeIndexes(summary);
    AtomicFile::writeAll(summary.metadata, metadata(summary, options, map).dump(2) + "\n");
    summary.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    feedback.report(1.0, "done");
    return summary;
}

} // namespace orinet
