#include "synth/vigorworld.h"

#include "common/atomicfile.h"
#include "common/error.h"
#include "common/feedback.h"
#include "dataset/vigorformat.h"
#include "geo/utmconverter.h"
#include "synth/panoramarenderer.h"
#include "synth/syntheticworld.h"
#include "synth/townmap.h"

#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <random>
#include <sstream>

namespace fs = std::filesystem;

namespace orinet {

namespace {

constexpr const char* kGenerator = "orinet synth --layout vigor";
constexpr double kCitySpacing = 5000; // metres between the towns' west edges

std::string join(const std::string& a, const std::string& b) {
    return (fs::path(a) / b).string();
}

void writeImage(const std::string& path, const cv::Mat& image, const char* ext) {
    std::vector<uchar> bytes;
    if (!cv::imencode(ext, image, bytes))
        throw Error(path, "cannot encode the image");
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(bytes.data()),
              static_cast<std::streamsize>(bytes.size()));
    out.close();
    if (!out)
        throw Error(path, "cannot write image (disk full or no permission?)");
}

} // namespace

void VigorWorldOptions::validate() const {
    auto require = [](bool ok, const std::string& what) {
        if (!ok)
            throw Error("VIGOR-layout world: " + what);
    };
    require(!outDir.empty(), "no output folder given");
    require(panoramasPerCity >= 2 && panoramasPerCity <= 100000,
            "panoramas per city must be 2..100000");
    require(tileMetres >= 10 && tileMetres <= 1000, "tile metres must be 10..1000");
    require(cityMetres >= 2 * tileMetres && cityMetres <= 20000,
            "a city must be at least two tiles wide (and at most 20 km)");
    require(tileSize >= 16 && tileSize <= 2048, "tile size must be 16..2048 pixels");
    require(panoramaWidth >= 16 && panoramaWidth <= 4096 && panoramaWidth % 2 == 0,
            "panorama width must be even, 16..4096 pixels");
    require(pixelSize > 0 && pixelSize <= 2, "pixel size must be in (0, 2] metres");
    require(trainFraction > 0 && trainFraction < 1, "train fraction must be in (0, 1)");
}

std::string VigorWorld::markerFile(const std::string& root) {
    return join(root, "vigor_world.json");
}

OutputTarget::FolderKind VigorWorld::folderKind() {
    OutputTarget::FolderKind kind;
    kind.name = "synthetic VIGOR-layout world (vigor_world.json)";
    kind.recognises = [](const std::string& root) {
        std::ifstream in(markerFile(root));
        std::stringstream text;
        text << in.rdbuf();
        return in && text.str().find(kGenerator) != std::string::npos;
    };
    return kind;
}

VigorWorldSummary VigorWorld::generate(const VigorWorldOptions& options, Feedback& feedback) {
    options.validate();
    const auto started = std::chrono::steady_clock::now();
    OutputTarget::checkFolder(options.outDir, folderKind());
    std::error_code ec;
    fs::create_directories(options.outDir, ec);
    if (ec)
        throw Error(options.outDir, "cannot create folder: " + ec.message());
    // marks the folder as ours (and unfinished) before anything else is written
    AtomicFile::writeAll(
        markerFile(options.outDir),
        nlohmann::json{{"generator", kGenerator}, {"status", "incomplete"}}.dump(2) + "\n");

    VigorWorldSummary summary;
    summary.root = options.outDir;
    summary.cities = VigorFormat::cities();
    const UtmConverter converter = UtmConverter::canberra();
    const double stride = options.tileMetres / 2;
    const double margin = 2.0;
    // tile centres from tile/2 + margin to the last that keeps the whole tile inside the town
    const int grid = static_cast<int>(std::floor(
                         (options.cityMetres - options.tileMetres - 2 * margin) / stride)) +
                     1;
    summary.tilesPerCity = grid * grid;
    const double mpp = options.tileMetres / options.tileSize; // offsets are in tile pixels
    const int cityCount = static_cast<int>(summary.cities.size());

    for (int c = 0; c < cityCount; ++c) {
        const std::string& city = summary.cities[c];
        feedback.report(static_cast<double>(c) / cityCount, "building " + city);
        feedback.checkCanceled();
        for (const std::string& sub : {VigorFormat::panoramaFolder(city),
                                       VigorFormat::satelliteFolder(city), "splits/" + city}) {
            fs::create_directories(join(options.outDir, sub), ec);
            if (ec)
                throw Error(join(options.outDir, sub), "cannot create folder: " + ec.message());
        }
        const UtmPoint topLeft{SyntheticWorld::origin().easting + c * kCitySpacing,
                               SyntheticWorld::origin().northing};
        const uint64_t citySeed = options.seed * 1000003ULL + static_cast<uint64_t>(c);
        const TownMap map =
            TownMap::generate(citySeed, options.cityMetres, options.pixelSize, topLeft);

        // the tile grid, rows from north to south, columns west to east
        const double firstE = topLeft.easting + options.tileMetres / 2 + margin;
        const double firstN = topLeft.northing - options.tileMetres / 2 - margin;
        std::vector<std::string> tileNames;
        std::vector<UtmPoint> centres;
        std::string list;
        for (int r = 0; r < grid; ++r)
            for (int k = 0; k < grid; ++k) {
                const UtmPoint centre{firstE + k * stride, firstN - r * stride};
                const std::string name = VigorFormat::satelliteFileName(converter.toLatLon(centre));
                writeImage(join(join(options.outDir, VigorFormat::satelliteFolder(city)), name),
                           map.tile(centre, options.tileSize, options.tileMetres), ".png");
                tileNames.push_back(name);
                centres.push_back(centre);
                list += name + "\n";
            }

        // panoramas at random street positions inside the area every tile of a 2x2 block covers
        std::mt19937_64 rng(citySeed * 0x9E3779B97F4A7C15ULL + 0x7167ULL);
        auto uniform = [&](double a, double b) {
            return std::uniform_real_distribution<double>(a, b)(rng);
        };
        const auto& streets = map.streets();
        if (streets.empty())
            throw Error("the synthetic town has no streets; use a larger city");
        const double lastE = firstE + (grid - 1) * stride;
        const double lastN = firstN - (grid - 1) * stride;
        const PanoramaRenderer renderer(map);
        std::vector<std::string> rows;
        std::vector<VigorWorldPanorama> cityPanoramas;
        for (int i = 0; i < options.panoramasPerCity; ++i) {
            UtmPoint p{};
            bool placed = false;
            for (int attempt = 0; attempt < 10000 && !placed; ++attempt) {
                const Street& s =
                    streets[std::uniform_int_distribution<size_t>(0, streets.size() - 1)(rng)];
                const double t = uniform(0, 1);
                const double len =
                    std::hypot(s.to.easting - s.from.easting, s.to.northing - s.from.northing);
                const double lateral = uniform(-0.3, 0.3) * s.width;
                p = {s.from.easting + t * (s.to.easting - s.from.easting) -
                         lateral * (s.to.northing - s.from.northing) / len,
                     s.from.northing + t * (s.to.northing - s.from.northing) +
                         lateral * (s.to.easting - s.from.easting) / len};
                placed = p.easting > firstE + 0.5 && p.easting < lastE - 0.5 &&
                         p.northing < firstN - 0.5 && p.northing > lastN + 0.5;
            }
            if (!placed)
                throw Error("cannot place panoramas inside the tile grid of " + city +
                            "; use a larger city");
            // the 2x2 block of tiles around p, the positive first (nearest centre), then the
            // semi-positives by distance
            const int k0 = static_cast<int>(std::floor((p.easting - firstE) / stride));
            const int r0 = static_cast<int>(std::floor((firstN - p.northing) / stride));
            std::vector<int> block = {r0 * grid + k0, r0 * grid + k0 + 1, (r0 + 1) * grid + k0,
                                      (r0 + 1) * grid + k0 + 1};
            auto chebyshev = [&](int t) {
                return std::max(std::abs(centres[t].easting - p.easting),
                                std::abs(centres[t].northing - p.northing));
            };
            std::stable_sort(block.begin(), block.end(),
                             [&](int a, int b) { return chebyshev(a) < chebyshev(b); });
            VigorWorldPanorama pano;
            pano.city = city;
            pano.utm = p;
            pano.latLon = converter.toLatLon(p);
            std::ostringstream prefix;
            prefix << "synth" << city << std::setw(5) << std::setfill('0') << (i + 1);
            pano.name = VigorFormat::panoramaFileName(prefix.str(), pano.latLon);
            VigorFormat::LabelRow row;
            row.panorama = pano.name;
            for (int k = 0; k < 4; ++k) {
                pano.tiles[k] = block[k];
                row.tiles[k] = tileNames[block[k]];
                // VIGOR's delta: tile centre minus panorama, rows along north, columns along
                // east, in tile pixels (docs/vigor.md)
                row.offsets[k].row = (centres[block[k]].northing - p.northing) / mpp;
                row.offsets[k].col = (centres[block[k]].easting - p.easting) / mpp;
            }
            const RenderedPanorama image =
                renderer.render(p, 2.3, options.panoramaWidth / 2, options.panoramaWidth);
            writeImage(join(join(options.outDir, VigorFormat::panoramaFolder(city)), pano.name),
                       image.colour, ".jpg");
            rows.push_back(VigorFormat::formatRow(row));
            cityPanoramas.push_back(pano);
            feedback.checkCanceled();
        }
        // same-area split per panorama: a seeded shuffle, the first share trains
        std::vector<int> order(cityPanoramas.size());
        for (size_t i = 0; i < order.size(); ++i)
            order[i] = static_cast<int>(i);
        std::shuffle(order.begin(), order.end(), rng);
        const int trainCount =
            std::clamp(static_cast<int>(std::lround(options.trainFraction * order.size())), 1,
                       static_cast<int>(order.size()) - 1);
        for (int i = 0; i < trainCount; ++i)
            cityPanoramas[order[i]].train = true;
        std::string all, train, test;
        for (size_t i = 0; i < rows.size(); ++i) {
            all += rows[i] + "\n";
            (cityPanoramas[i].train ? train : test) += rows[i] + "\n";
        }
        AtomicFile::writeAll(join(options.outDir, VigorFormat::satelliteList(city)), list);
        AtomicFile::writeAll(join(options.outDir, VigorFormat::crossAreaLabelFile(city)), all);
        AtomicFile::writeAll(
            join(options.outDir, VigorFormat::labelFile(VigorProtocol::SameArea, "train", city)),
            train);
        AtomicFile::writeAll(
            join(options.outDir, VigorFormat::labelFile(VigorProtocol::SameArea, "test", city)),
            test);
        summary.tileNames.push_back(std::move(tileNames));
        summary.tileCentres.push_back(std::move(centres));
        summary.panoramas.insert(summary.panoramas.end(), cityPanoramas.begin(),
                                 cityPanoramas.end());
    }
    const nlohmann::json done = {{"generator", kGenerator},
                                 {"status", "complete"},
                                 {"seed", options.seed},
                                 {"panoramas_per_city", options.panoramasPerCity},
                                 {"tile_metres", options.tileMetres},
                                 {"tile_size", options.tileSize},
                                 {"metres_per_tile_pixel", mpp},
                                 {"tiles_per_city", summary.tilesPerCity},
                                 {"utm_epsg", SyntheticWorld::kEpsg}};
    AtomicFile::writeAll(markerFile(options.outDir), done.dump(2) + "\n");
    summary.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    feedback.report(1.0, "done");
    return summary;
}

} // namespace orinet
