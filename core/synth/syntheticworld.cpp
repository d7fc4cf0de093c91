#include "synth/syntheticworld.h"

#include "common/atomicfile.h"
#include "common/error.h"
#include "common/feedback.h"
#include "geo/geodistance.h"
#include "geo/geotiff.h"
#include "geo/utmconverter.h"
#include "io/matfile.h"
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

std::string join(const std::string& a, const std::string& b) {
    return (fs::path(a) / b).string();
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

void checkTarget(const std::string& root) {
    std::error_code ec;
    if (!fs::exists(root, ec))
        return;
    if (!fs::is_directory(root, ec))
        throw Error(root, "exists and is not a folder");
    if (fs::is_empty(root, ec))
        return;
    const std::string meta = join(root, "world.json");
    std::ifstream in(meta);
    std::stringstream text;
    text << in.rdbuf();
    if (!in || text.str().find(kGenerator) == std::string::npos)
        throw Error(root, "folder is not empty and holds no synthetic world (world.json); "
                          "refusing to write into it");
}

//! Regenerating a world with fewer pairs would leave the old extra images behind, unreferenced
//! but confusing. Only our own file names (7-digit ids above `pairs`) are removed.
void removeStaleImages(const std::string& root, int pairs) {
    for (const char* sub :
         {"cvusa/bingmap/19", "cvusa/streetview/panos", "cvusa/streetview/annotations",
          "cvact/streetview", "cvact/satview_polish"}) {
        std::error_code ec;
        for (const auto& entry : fs::directory_iterator(join(root, sub), ec)) {
            const std::string name = entry.path().filename().string();
            if (name.size() < 11 ||
                !std::all_of(name.begin(), name.begin() + 7,
                             [](unsigned char c) { return c >= '0' && c <= '9'; }))
                continue;
            const std::string rest = name.substr(7);
            if (rest != ".jpg" && rest != ".png" && rest != "_grdView.jpg" &&
                rest != "_satView_polish.jpg")
                continue;
            if (std::stoi(name.substr(0, 7)) > pairs)
                fs::remove(entry.path(), ec);
        }
    }
}

//! matio puts the creation time into the 116-byte text header of a MAT v5 file; replace it
//! with a fixed text (the format allows any) so that the same seed gives the same bytes.
void stampMatHeader(const std::string& path) {
    std::string text = "MATLAB 5.0 MAT-file, written by OriNet Studio (orinet synth)";
    text.resize(116, ' ');
    std::fstream file(path, std::ios::in | std::ios::out | std::ios::binary);
    char magic[6] = {};
    file.read(magic, 6);
    if (!file || std::string(magic, 6) != "MATLAB")
        throw Error(path, "unexpected MAT-file header");
    file.seekp(0);
    file.write(text.data(), static_cast<std::streamsize>(text.size()));
    if (!file)
        throw Error(path, "cannot write the MAT-file header");
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

std::string SyntheticWorld::cvusaSatellitePath(const std::string& id) {
    return "bingmap/19/" + id + ".jpg";
}
std::string SyntheticWorld::cvusaPanoramaPath(const std::string& id) {
    return "streetview/panos/" + id + ".jpg";
}
std::string SyntheticWorld::cvusaAnnotationPath(const std::string& id) {
    return "streetview/annotations/" + id + ".png";
}
std::string SyntheticWorld::cvactPanoramaPath(const std::string& id) {
    return "streetview/" + id + "_grdView.jpg";
}
std::string SyntheticWorld::cvactSatellitePath(const std::string& id) {
    return "satview_polish/" + id + "_satView_polish.jpg";
}

SynthSummary SyntheticWorld::generate(const SynthOptions& options, Feedback& feedback) {
    options.validate();
    const auto started = std::chrono::steady_clock::now();
    SynthSummary summary;
    summary.root = options.outDir;
    summary.cvusaRoot = join(options.outDir, "cvusa");
    summary.cvactRoot = join(options.outDir, "cvact");
    summary.worldImage = join(options.outDir, "world.tif");
    summary.heightImage = join(options.outDir, "world_height.tif");
    summary.metadata = join(options.outDir, "world.json");
    summary.pairsCsv = join(options.outDir, "pairs.csv");

    checkTarget(options.outDir);
    for (const char* sub :
         {"cvusa/splits", "cvusa/bingmap/19", "cvusa/streetview/panos",
          "cvusa/streetview/annotations", "cvact/streetview", "cvact/satview_polish"}) {
        std::error_code ec;
        fs::create_directories(join(options.outDir, sub), ec);
        if (ec)
            throw Error(join(options.outDir, sub), "cannot create folder: " + ec.message());
    }
    removeStaleImages(options.outDir, options.pairs);
    // marks the folder as ours (and unfinished) before anything else is written
    nlohmann::json meta = {{"generator", kGenerator}, {"status", "incomplete"}};
    AtomicFile::writeAll(summary.metadata, meta.dump(2) + "\n");

    feedback.report(0.0, "building the town");
    const double side = options.effectiveWorldMetres();
    const TownMap map = TownMap::generate(options.seed, side, options.pixelSize, origin());
    feedback.checkCanceled();

    const std::vector<Location> locations = sampleLocations(map, options);
    const int n = options.pairs;
    // split by area: rank the locations along a slanted west-to-east axis (slanted, so that
    // the many locations of one north-south street, with equal eastings, are ordered too)
    auto splitKey = [](const UtmPoint& p) { return p.easting + 0.37 * p.northing; };
    std::vector<int> order(n);
    for (int i = 0; i < n; ++i)
        order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
        return splitKey(locations[a].utm) < splitKey(locations[b].utm);
    });
    // counts by rounding, so that even a handful of pairs gets a training set first
    const int trainWanted = static_cast<int>(std::lround(n * options.trainFraction));
    const int valWanted = std::max(
        0, static_cast<int>(std::lround(n * (options.trainFraction + options.valFraction))) -
               trainWanted);
    std::vector<SynthSplit> splitOf(n, SynthSplit::Test);
    for (int rank = 0; rank < n; ++rank)
        splitOf[order[rank]] = rank < trainWanted               ? SynthSplit::Train
                               : rank < trainWanted + valWanted ? SynthSplit::Val
                                                                : SynthSplit::Test;
    const UtmConverter converter = UtmConverter::canberra();
    for (int i = 0; i < n; ++i) {
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

    // render and write the pairs on worker threads; every pair depends only on the map and
    // its location, so the bytes do not depend on the thread count
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
        writeBytes(join(summary.cvusaRoot, cvusaPanoramaPath(pair.id)),
                   encode(cvusa.colour, ".jpg", q));
        writeBytes(join(summary.cvusaRoot, cvusaAnnotationPath(pair.id)),
                   encode(cvusa.labels, ".png", q));
        writeBytes(join(summary.cvactRoot, cvactPanoramaPath(pair.id)),
                   encode(cvact.colour, ".jpg", q));
        const std::vector<uchar> tileBytes = encode(tile, ".jpg", q);
        const std::string tileCvusa = join(summary.cvusaRoot, cvusaSatellitePath(pair.id));
        const std::string tileCvact = join(summary.cvactRoot, cvactSatellitePath(pair.id));
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
    feedback.checkCanceled();
    summary.hardLinks = linksWork.load();

    feedback.report(0.99, "writing splits and metadata");
    // CVUSA splits
    std::string splitText[3];
    for (const SynthPair& p : summary.pairs)
        splitText[static_cast<int>(p.split)] += cvusaSatellitePath(p.id) + "," +
                                                cvusaPanoramaPath(p.id) + "," +
                                                cvusaAnnotationPath(p.id) + "\n";
    AtomicFile::writeAll(join(summary.cvusaRoot, "splits/train-19zl.csv"), splitText[0]);
    AtomicFile::writeAll(join(summary.cvusaRoot, "splits/val-19zl.csv"), splitText[1]);
    AtomicFile::writeAll(join(summary.cvusaRoot, "splits/test-19zl.csv"), splitText[2]);

    // CVACT's ACT_data.mat, written beside and renamed so a failure keeps the old one
    {
        std::vector<std::string> ids;
        std::vector<double> utm;
        std::vector<double> indices[3];
        for (int i = 0; i < n; ++i) {
            const SynthPair& p = summary.pairs[i];
            ids.push_back(p.id);
            utm.push_back(p.utm.easting);
            utm.push_back(p.utm.northing);
            indices[static_cast<int>(p.split)].push_back(i + 1); // MATLAB is 1-based
        }
        const std::string matPath = join(summary.cvactRoot, "ACT_data.mat");
        const std::string temp = matPath + ".tmp-" + std::to_string(::getpid()) + ".mat";
        try {
            {
                MatFile mat(temp, MatFile::Mode::Write);
                mat.writeStrings("panoIds", ids);
                mat.writeDouble("utm", utm.data(), static_cast<size_t>(n), 2);
                mat.writeStructOfVectors("trainSet", {{"trainInd", indices[0]}});
                mat.writeStructOfVectors("valSet", {{"valInd", indices[1]}});
                mat.writeStructOfVectors("valSetAll", {{"valInd", indices[2]}});
            } // closed here, before the header is stamped
            stampMatHeader(temp);
        } catch (...) {
            std::remove(temp.c_str());
            throw;
        }
        if (std::rename(temp.c_str(), matPath.c_str()) != 0) {
            std::remove(temp.c_str());
            throw Error(matPath, "cannot replace file");
        }
    }

    {
        // the generic "csv" dataset layout (docs/dataset-formats.md), so ROOT itself opens as a
        // dataset with positions and all three splits; camera_height is an extra column
        std::ostringstream csv;
        csv << "id,panorama,satellite,easting,northing,zone,lat,lon,split,camera_height\n";
        for (const SynthPair& p : summary.pairs)
            csv << p.id << ",cvusa/" << cvusaPanoramaPath(p.id) << ",cvusa/"
                << cvusaSatellitePath(p.id) << ',' << std::fixed << std::setprecision(3)
                << p.utm.easting << ',' << p.utm.northing << ",55S," << std::setprecision(8)
                << p.latLon.latitude << ',' << p.latLon.longitude << ',' << toString(p.split) << ','
                << std::setprecision(3) << p.cameraHeight << '\n';
        AtomicFile::writeAll(summary.pairsCsv, csv.str());
    }

    const GeoTransform& geo = map.transform();
    meta = {
        {"generator", kGenerator},
        {"format_version", 1},
        {"status", "complete"},
        {"seed", options.seed},
        {"pairs", n},
        {"split",
         {{"train", summary.trainCount},
          {"val", summary.valCount},
          {"test", summary.testCount},
          {"method", "by area: easting + 0.37 northing, low = train, high = test"}}},
        {"crs", {{"epsg", kEpsg}, {"name", "WGS 84 / UTM zone 55S"}}},
        {"world",
         {{"image", "world.tif"},
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
          {"panorama_rows", cvusaRows},
          {"panorama_cols", options.cvusaPanoWidth},
          {"splits", {"splits/train-19zl.csv", "splits/val-19zl.csv", "splits/test-19zl.csv"}}}},
        {"cvact",
         {{"root", "cvact"},
          {"panorama_rows", cvactRows},
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
        {"pairs_csv", "pairs.csv"},
    };
    AtomicFile::writeAll(summary.metadata, meta.dump(2) + "\n");
    summary.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    feedback.report(1.0, "done");
    return summary;
}

} // namespace orinet
