#include "dataset/vigorformat.h"

#include "common/error.h"
#include "dataset/csvtokenizer.h"
#include "dataset/datasetfiles.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <unordered_map>

namespace orinet {

namespace {

//! VIGOR's label files are split on single spaces by its loader and on any whitespace by
//! Sample4Geo's (pandas delim_whitespace): any run of spaces or tabs separates here.
std::vector<std::string> splitWhitespace(std::string_view line) {
    std::vector<std::string> out;
    size_t i = 0;
    while (i < line.size()) {
        while (i < line.size() && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r'))
            ++i;
        size_t j = i;
        while (j < line.size() && line[j] != ' ' && line[j] != '\t' && line[j] != '\r')
            ++j;
        if (j > i)
            out.emplace_back(line.substr(i, j - i));
        i = j;
    }
    return out;
}

std::optional<double> number(std::string_view text) {
    if (!text.empty() && text.front() == '+')
        text.remove_prefix(1);
    double value = 0;
    const auto r = std::from_chars(text.data(), text.data() + text.size(), value);
    if (r.ec != std::errc() || r.ptr != text.data() + text.size() || !std::isfinite(value))
        return std::nullopt;
    return value;
}

std::optional<LatLon> validLatLon(std::optional<double> lat, std::optional<double> lon) {
    if (!lat || !lon || std::abs(*lat) > 90 || std::abs(*lon) > 180)
        return std::nullopt;
    return LatLon{*lat, *lon};
}

std::string fixed7(double v) {
    char buffer[64];
    const auto r = std::to_chars(buffer, buffer + sizeof buffer, v, std::chars_format::fixed, 7);
    return std::string(buffer, r.ptr);
}

std::string join(const std::string& root, const std::string& relative) {
    return root + "/" + relative;
}

} // namespace

const std::vector<std::string>& VigorFormat::cities() {
    static const std::vector<std::string> names = {"NewYork", "Seattle", "SanFrancisco", "Chicago"};
    return names;
}

std::vector<std::string> VigorFormat::citiesOf(VigorProtocol protocol, const std::string& split) {
    if (split != "train" && split != "test")
        throw Error("VIGOR has the splits 'train' and 'test', not '" + split + "'");
    if (protocol == VigorProtocol::SameArea)
        return cities();
    if (split == "train")
        return {"NewYork", "Seattle"};
    return {"SanFrancisco", "Chicago"};
}

std::vector<std::string> VigorFormat::areasIn(const std::string& root) {
    for (const std::string& city : cities())
        if (DatasetFiles::isFile(join(root, satelliteList(city))))
            return cities();
    std::vector<std::string> areas;
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(join(root, "splits"), ec)) {
        const std::string name = entry.path().filename().string();
        if (entry.is_directory(ec) && DatasetFiles::isFile(join(root, satelliteList(name))))
            areas.push_back(name);
    }
    std::sort(areas.begin(), areas.end());
    return areas;
}

std::vector<std::string> VigorFormat::citiesOf(const std::string& root, VigorProtocol protocol,
                                               const std::string& split) {
    const std::vector<std::string> areas = areasIn(root);
    if (areas.empty() || areas == cities())
        return citiesOf(protocol, split);
    if (split != "train" && split != "test")
        throw Error("VIGOR has the splits 'train' and 'test', not '" + split + "'");
    if (protocol == VigorProtocol::CrossArea)
        throw Error(root, "holds the areas of its own (not VIGOR's four cities), so it has the "
                          "same-area protocol only: cross-area is defined by VIGOR's split of "
                          "its cities");
    return areas;
}

std::string VigorFormat::satelliteList(const std::string& city) {
    return "splits/" + city + "/satellite_list.txt";
}

std::string VigorFormat::labelFile(VigorProtocol protocol, const std::string& split,
                                   const std::string& city) {
    if (protocol == VigorProtocol::CrossArea)
        return crossAreaLabelFile(city);
    return "splits/" + city + "/same_area_balanced_" + split + ".txt";
}

std::string VigorFormat::crossAreaLabelFile(const std::string& city) {
    return "splits/" + city + "/pano_label_balanced.txt";
}

std::string VigorFormat::panoramaFolder(const std::string& city) {
    return city + "/panorama";
}

std::string VigorFormat::satelliteFolder(const std::string& city) {
    return city + "/satellite";
}

std::optional<LatLon> VigorFormat::satellitePosition(const std::string& fileName) {
    const size_t dot = fileName.rfind('.');
    const std::string_view stem = std::string_view(fileName).substr(0, dot);
    constexpr std::string_view prefix = "satellite_";
    if (stem.substr(0, prefix.size()) != prefix)
        return std::nullopt;
    const std::string_view rest = stem.substr(prefix.size());
    const size_t sep = rest.find('_');
    if (sep == std::string_view::npos)
        return std::nullopt;
    return validLatLon(number(rest.substr(0, sep)), number(rest.substr(sep + 1)));
}

std::optional<LatLon> VigorFormat::panoramaPosition(const std::string& fileName) {
    // fields 1 and 2 of the comma-separated name, as VIGOR's evaluate_from_npy.py reads them
    std::vector<std::string_view> fields;
    std::string_view name = fileName;
    size_t start = 0;
    for (size_t i = 0; i <= name.size(); ++i)
        if (i == name.size() || name[i] == ',') {
            fields.push_back(name.substr(start, i - start));
            start = i + 1;
        }
    if (fields.size() < 4) // prefix, lat, lon, and the extension after the last comma
        return std::nullopt;
    return validLatLon(number(fields[1]), number(fields[2]));
}

std::string VigorFormat::satelliteFileName(const LatLon& centre) {
    return "satellite_" + fixed7(centre.latitude) + "_" + fixed7(centre.longitude) + ".png";
}

std::string VigorFormat::panoramaFileName(const std::string& prefix, const LatLon& position) {
    return prefix + "," + fixed7(position.latitude) + "," + fixed7(position.longitude) + ",.jpg";
}

std::string VigorFormat::formatRow(const LabelRow& row) {
    std::string line = row.panorama;
    for (int i = 0; i < 4; ++i) {
        line += " " + row.tiles[i];
        for (double v : {row.offsets[i].row, row.offsets[i].col}) {
            char buffer[64];
            const auto r = std::to_chars(buffer, buffer + sizeof buffer, v);
            line += " " + std::string(buffer, r.ptr);
        }
    }
    return line;
}

bool VigorFormat::detect(const std::string& root) {
    return !areasIn(root).empty();
}

std::pair<std::string, std::string> VigorFormat::imageFolders(const std::string& root,
                                                              const std::string& city) {
    // Sample4Geo's loader reads ground/<City>/ and satellite/<City>/ instead: taken when the
    // released folders are absent and those exist
    if (!DatasetFiles::isFolder(join(root, panoramaFolder(city))) &&
        DatasetFiles::isFolder(join(root, "ground/" + city)))
        return {"ground/" + city, "satellite/" + city};
    return {panoramaFolder(city), satelliteFolder(city)};
}

void VigorFormat::checkSplitFiles(const std::string& rootIn, VigorProtocol protocol,
                                  const std::string& split) {
    const std::string root = DatasetFiles::absoluteRoot(rootIn);
    for (const std::string& city : citiesOf(root, protocol, split))
        for (const std::string& file : {satelliteList(city), labelFile(protocol, split, city)}) {
            const std::string path = join(root, file);
            if (!DatasetFiles::isFile(path))
                throw Error(path, "is missing: the " + toString(protocol) + " protocol's " + split +
                                      " split reads it (docs/vigor.md, The layout as released)");
        }
}

QueryGallery VigorFormat::read(const std::string& rootIn, const VigorOptions& options) {
    const std::string root = DatasetFiles::absoluteRoot(rootIn);
    // A missing file is named before any is read.
    checkSplitFiles(root, options.protocol, options.split);
    const std::vector<std::string> splitCities = citiesOf(root, options.protocol, options.split);
    QueryGallery out;

    // tile name -> gallery index, per city (a label row refers to its own city's tiles)
    std::vector<std::unordered_map<std::string, int>> tileIndex(splitCities.size());
    for (size_t c = 0; c < splitCities.size(); ++c) {
        const std::string& city = splitCities[c];
        const std::string tileFolder = imageFolders(root, city).second;
        const std::string path = join(root, satelliteList(city));
        const std::string text = DatasetFiles::readAll(path);
        CsvTokenizer::forEachLine(text, [&](size_t number, std::string_view line) {
            const std::string where = path + ":" + std::to_string(number);
            const std::vector<std::string> f = splitWhitespace(line);
            if (f.size() != 1)
                throw Error(where, std::to_string(f.size()) +
                                       " columns; expected one satellite file name");
            const std::optional<LatLon> centre = satellitePosition(f[0]);
            if (!centre)
                throw Error(where, "'" + f[0] +
                                       "' is not named satellite_<lat>_<lon>.png, so its "
                                       "position is unknown");
            if (tileIndex[c].count(f[0]))
                throw Error(where, "tile '" + f[0] + "' is listed twice");
            const std::string image = join(root, tileFolder + "/" + f[0]);
            if (options.checkFilesExist && !DatasetFiles::isFile(image))
                throw Error(where, "the tile image " + image + " does not exist");
            tileIndex[c][f[0]] = out.addGalleryItem({f[0], image, city}, *centre);
        });
        if (tileIndex[c].empty())
            throw Error(path, "lists no satellite tile");
    }

    static const char* const kOffsetColumns[8] = {
        "positive row offset",        "positive column offset",
        "semi-positive 1 row offset", "semi-positive 1 column offset",
        "semi-positive 2 row offset", "semi-positive 2 column offset",
        "semi-positive 3 row offset", "semi-positive 3 column offset"};
    for (size_t c = 0; c < splitCities.size(); ++c) {
        const std::string& city = splitCities[c];
        const std::string panoFolder = imageFolders(root, city).first;
        const std::string path = join(root, labelFile(options.protocol, options.split, city));
        const std::string text = DatasetFiles::readAll(path);
        CsvTokenizer::forEachLine(text, [&](size_t number, std::string_view line) {
            const std::string where = path + ":" + std::to_string(number);
            const std::vector<std::string> f = splitWhitespace(line);
            if (f.size() != 13)
                throw Error(where, std::to_string(f.size()) +
                                       " columns; expected 13: panorama, then the positive "
                                       "and three semi-positive tiles each with a row and a "
                                       "column offset");
            const std::optional<LatLon> position = panoramaPosition(f[0]);
            if (!position)
                throw Error(where, "'" + f[0] +
                                       "' is not named <prefix>,<lat>,<lon>,.jpg, so its "
                                       "position is unknown");
            int tiles[4];
            QueryGallery::PixelOffset offsets[4];
            for (int k = 0; k < 4; ++k) {
                const std::string& tile = f[static_cast<size_t>(1 + 3 * k)];
                const auto found = tileIndex[c].find(tile);
                if (found == tileIndex[c].end())
                    throw Error(where, "tile '" + tile + "' is not in " + satelliteList(city));
                tiles[k] = found->second;
                offsets[k].row = CsvTokenizer::parseNumber(f[static_cast<size_t>(2 + 3 * k)], where,
                                                           kOffsetColumns[2 * k]);
                offsets[k].col = CsvTokenizer::parseNumber(f[static_cast<size_t>(3 + 3 * k)], where,
                                                           kOffsetColumns[2 * k + 1]);
            }
            const std::string image = join(root, panoFolder + "/" + f[0]);
            if (options.checkFilesExist && !DatasetFiles::isFile(image))
                throw Error(where, "the panorama image " + image + " does not exist");
            out.addQuery({f[0], image, city}, *position, tiles[0], {tiles[1], tiles[2], tiles[3]},
                         {offsets[1], offsets[2], offsets[3]}, &offsets[0]);
        });
    }
    if (out.queryCount() == 0)
        throw Error(join(root, "splits"),
                    "the label files of the " + options.split + " split list no panorama");
    return out;
}

} // namespace orinet
