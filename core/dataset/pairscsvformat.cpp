#include "dataset/pairscsvformat.h"

#include "common/atomicfile.h"
#include "common/error.h"
#include "common/textformat.h"
#include "dataset/csvtokenizer.h"
#include "dataset/datasetfiles.h"
#include "geo/utmconverter.h"

#include <cmath>
#include <iomanip>
#include <map>
#include <sstream>
#include <unordered_map>

namespace orinet {

namespace {

using Zone = std::pair<int, bool>; // number, south

//! Gives pairs that only have lat/lon a UTM position, so the position-aware loss and
//! geo-recall work for them too. Without a zone on their line they all use ONE zone (that of
//! an existing UTM pair, else of the first such pair's longitude): distances are only
//! meaningful within a zone.
void addUtmFromLatLon(RawIndex& raw,
                      const std::vector<std::pair<size_t, std::optional<Zone>>>& todo) {
    if (todo.empty())
        return;
    std::optional<Zone> datasetZone;
    for (const PairRecord& p : raw.pairs)
        if (p.utm) {
            datasetZone = Zone(p.utm->zone, p.utm->south);
            break;
        }
    if (!datasetZone) {
        const LatLon& first = *raw.pairs[todo.front().first].latLon;
        datasetZone = Zone(UtmConverter::zoneForLongitude(first.longitude), first.latitude < 0);
    }
    std::map<Zone, UtmConverter> converters;
    for (const auto& [index, lineZone] : todo) {
        const Zone zone = lineZone ? *lineZone : *datasetZone;
        auto it = converters.find(zone);
        if (it == converters.end())
            it = converters.emplace(zone, UtmConverter(zone.first, zone.second)).first;
        PairRecord& pair = raw.pairs[index];
        try {
            pair.utm = it->second.toUtm(*pair.latLon);
        } catch (const Error& e) {
            throw Error(raw.sources[index],
                        std::string("cannot convert lat/lon to UTM: ") + e.what());
        }
    }
}

//! "55S", "55N" or "55" (north); the letter is the hemisphere, not an MGRS band.
Zone parseZone(const std::string& text, const std::string& where) {
    std::string digits = text;
    char hemisphere = 'N';
    if (std::isalpha(static_cast<unsigned char>(digits.back()))) {
        hemisphere = static_cast<char>(std::toupper(digits.back()));
        digits.pop_back();
    }
    const double z = CsvTokenizer::parseNumber(digits, where, "zone");
    if ((hemisphere != 'N' && hemisphere != 'S') || z < 1 || z > 60 || z != std::floor(z))
        throw Error(where, "column 'zone': '" + text + "' is not a UTM zone like 55S or 33N");
    return Zone(static_cast<int>(z), hemisphere == 'S');
}

} // namespace

const std::vector<std::string>& PairsCsvFormat::columns() {
    static const std::vector<std::string> names = {
        "id", "panorama", "satellite", "easting", "northing", "zone", "lat", "lon", "split"};
    return names;
}

RawIndex PairsCsvFormat::read(const std::string& root) {
    RawIndex raw;
    raw.indexPath = root + "/" + kFileName;
    const std::string text = DatasetFiles::readAll(raw.indexPath);
    std::unordered_map<std::string, size_t> column;
    size_t columnCount = 0;
    // Pairs with lat/lon but no UTM position, and the zone their line asked for.
    std::vector<std::pair<size_t, std::optional<Zone>>> needsUtm;
    CsvTokenizer::forEachLine(text, [&](size_t number, std::string_view line) {
        const std::string where = raw.indexPath + ":" + std::to_string(number);
        std::vector<std::string> f = CsvTokenizer::splitLine(line, where);
        if (columnCount == 0) {
            // The header names the columns; their order is free and unknown ones are ignored
            // (room for user notes), but the three path columns must be there.
            for (size_t i = 0; i < f.size(); ++i) {
                if (column.count(f[i]))
                    throw Error(where, "column '" + f[i] + "' appears twice in the header");
                column[f[i]] = i;
            }
            for (const char* required : {"id", "panorama", "satellite"})
                if (!column.count(required))
                    throw Error(where, std::string("header lacks the column '") + required +
                                           "' (expected id,panorama,satellite,easting,northing,"
                                           "zone,lat,lon,split)");
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
        PairRecord record;
        record.id = get("id");
        if (record.id.empty())
            throw Error(where, "empty id");
        const std::string easting = get("easting"), northing = get("northing");
        if (easting.empty() != northing.empty())
            throw Error(where, "easting and northing must both be given or both be empty");
        std::optional<Zone> zone;
        if (const std::string zoneText = get("zone"); !zoneText.empty())
            zone = parseZone(zoneText, where);
        if (!easting.empty()) {
            UtmPosition utm{0, 0, kDefaultZone, kDefaultSouth};
            utm.easting = CsvTokenizer::parseNumber(easting, where, "easting");
            utm.northing = CsvTokenizer::parseNumber(northing, where, "northing");
            if (zone) {
                utm.zone = zone->first;
                utm.south = zone->second;
            }
            record.utm = utm;
        }
        const std::string lat = get("lat"), lon = get("lon");
        if (lat.empty() != lon.empty())
            throw Error(where, "lat and lon must both be given or both be empty");
        if (!lat.empty()) {
            const double la = CsvTokenizer::parseNumber(lat, where, "lat");
            const double lo = CsvTokenizer::parseNumber(lon, where, "lon");
            if (std::abs(la) > 90 || std::abs(lo) > 180)
                throw Error(where, "lat/lon " + lat + ", " + lon + " is outside the globe");
            record.latLon = LatLon{la, lo};
            if (!record.utm)
                needsUtm.push_back({raw.pairs.size(), zone});
        }
        const std::string panorama = get("panorama"), satellite = get("satellite");
        const size_t index = raw.pairs.size();
        raw.addPair(std::move(record), where);
        if (!DatasetFiles::joinInside(root, panorama, raw.pairs[index].panoramaPath))
            raw.markBad(index, where,
                        "panorama path '" + panorama + "' is empty or leaves the dataset folder");
        if (!DatasetFiles::joinInside(root, satellite, raw.pairs[index].satellitePath))
            raw.markBad(index, where,
                        "satellite path '" + satellite + "' is empty or leaves the dataset folder");
        // One pair may serve several splits: "val;test".
        const std::string splitField = get("split");
        std::string_view splits = splitField;
        while (!splits.empty()) {
            const size_t semi = splits.find(';');
            const std::string name = CsvTokenizer::trim(splits.substr(0, semi));
            splits = semi == std::string_view::npos ? std::string_view() : splits.substr(semi + 1);
            if (!name.empty())
                raw.splits[name].push_back(index);
        }
    });
    if (columnCount == 0)
        throw Error(raw.indexPath, "empty file (expected the header id,panorama,satellite,...)");
    addUtmFromLatLon(raw, needsUtm);
    return raw;
}

void PairsCsvFormat::write(const std::string& path, const std::vector<Row>& rows,
                           const std::vector<std::string>& extraColumns) {
    std::ostringstream csv;
    csv.imbue(std::locale::classic());
    for (const std::string& name : columns())
        csv << name << (&name == &columns().back() ? "" : ",");
    for (const std::string& name : extraColumns)
        csv << ',' << text::csvField(name);
    csv << '\n';
    for (const Row& r : rows) {
        if (r.extra.size() != extraColumns.size())
            throw Error(path, "row '" + r.id + "' has " + std::to_string(r.extra.size()) +
                                  " extra values for " + std::to_string(extraColumns.size()) +
                                  " extra columns (internal error)");
        csv << text::csvField(r.id) << ',' << text::csvField(r.panorama) << ','
            << text::csvField(r.satellite) << ',';
        if (r.utm) {
            csv << std::fixed << std::setprecision(3) << r.utm->easting << ',' << r.utm->northing
                << ',';
            if (r.utm->hasZone())
                csv << r.utm->zone << (r.utm->south ? 'S' : 'N');
        } else {
            csv << ",,";
        }
        csv << ',';
        if (r.latLon)
            csv << std::fixed << std::setprecision(8) << r.latLon->latitude << ','
                << r.latLon->longitude;
        else
            csv << ',';
        csv << ',';
        for (size_t i = 0; i < r.splits.size(); ++i)
            csv << (i ? ";" : "") << r.splits[i];
        for (const std::string& value : r.extra)
            csv << ',' << text::csvField(value);
        csv << '\n';
    }
    AtomicFile::writeAll(path, csv.str());
}

} // namespace orinet
