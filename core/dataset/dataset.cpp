#include "dataset/dataset.h"

#include "common/error.h"
#include "common/feedback.h"
#include "dataset/imageheader.h"
#include "geo/utmconverter.h"
#include "io/matfile.h"

#include <sys/stat.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <unordered_map>

namespace fs = std::filesystem;

namespace orinet {

namespace {

const char* const kCsvFile = "pairs.csv";
const char* const kCvactFile = "ACT_data.mat";
const char* const kCvusaTrain = "splits/train-19zl.csv";
const char* const kCvusaVal = "splits/val-19zl.csv";

//! What a reader produces before the common checks: records, where each came from, splits,
//! and the problems the reader itself found (bad paths, bad indices).
struct RawIndex {
    std::string indexPath;
    std::vector<PairRecord> pairs;
    std::vector<std::string> sources;
    std::vector<char> bad;
    std::map<std::string, std::vector<size_t>> splits;
    ValidationReport report;

    void addPair(PairRecord record, std::string source) {
        pairs.push_back(std::move(record));
        sources.push_back(std::move(source));
        bad.push_back(0);
    }
    void markBad(size_t pair, std::string file, std::string reason) {
        report.add(std::move(file), std::move(reason), pairs[pair].id);
        bad[pair] = 1;
    }
};

std::string readWholeFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw Error(path, "cannot open (missing or unreadable)");
    std::ostringstream out;
    out << in.rdbuf();
    if (in.bad())
        throw Error(path, "read error");
    return out.str();
}

bool fileExists(const std::string& path) {
    struct stat st;
    return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

bool isDirectory(const std::string& path) {
    struct stat st;
    return ::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

//! Joins `relative` to `root` (absolute, normalised, no trailing slash) and normalises "." and
//! ".." lexically. Returns false when the result leaves the root: datasets are copied and
//! shared as folders, so a path pointing outside is a mistake or an attempt to read
//! unrelated files. Plain string work: this runs twice per pair on open.
bool joinInside(const std::string& root, const std::string& relative, std::string& out) {
    if (relative.empty())
        return false;
    std::vector<std::string_view> parts;
    std::string_view rest = relative;
    if (rest.front() == '/') {
        // Absolute paths are accepted when they lie inside the root.
        if (rest.size() <= root.size() || rest.compare(0, root.size(), root) != 0 ||
            rest[root.size()] != '/')
            return false;
        rest.remove_prefix(root.size() + 1);
    }
    while (!rest.empty()) {
        const size_t slash = rest.find('/');
        const std::string_view part = rest.substr(0, slash);
        rest = slash == std::string_view::npos ? std::string_view() : rest.substr(slash + 1);
        if (part.empty() || part == ".")
            continue;
        if (part == "..") {
            if (parts.empty())
                return false;
            parts.pop_back();
            continue;
        }
        parts.push_back(part);
    }
    if (parts.empty())
        return false;
    out = root;
    for (const auto& p : parts) {
        out += '/';
        out.append(p.data(), p.size());
    }
    return true;
}

std::string stem(const std::string& path) {
    const size_t slash = path.find_last_of('/');
    std::string name = slash == std::string::npos ? path : path.substr(slash + 1);
    const size_t dot = name.find_last_of('.');
    if (dot != std::string::npos && dot > 0)
        name.resize(dot);
    return name;
}

std::string trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
        s.remove_suffix(1);
    return std::string(s);
}

//! Splits one CSV line into fields (RFC 4180 quoting: "a,b" and "" for a quote).
std::vector<std::string> splitCsvLine(std::string_view line, const std::string& where) {
    std::vector<std::string> fields;
    std::string field;
    bool quoted = false;
    bool wasQuoted = false;
    for (size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (quoted) {
            if (c == '"') {
                if (i + 1 < line.size() && line[i + 1] == '"') {
                    field += '"';
                    ++i;
                } else {
                    quoted = false;
                }
            } else {
                field += c;
            }
        } else if (c == '"' && trim(field).empty()) {
            quoted = true;
            wasQuoted = true;
            field.clear();
        } else if (c == ',') {
            fields.push_back(wasQuoted ? field : trim(field));
            field.clear();
            wasQuoted = false;
        } else {
            field += c;
        }
    }
    if (quoted)
        throw Error(where, "unterminated quoted field");
    fields.push_back(wasQuoted ? field : trim(field));
    return fields;
}

//! Calls f(lineNumber, line) for every non-empty line; handles a UTF-8 BOM and CRLF.
template <typename F> void forEachLine(const std::string& text, F&& f) {
    size_t pos = text.compare(0, 3, "\xEF\xBB\xBF") == 0 ? 3 : 0;
    size_t number = 0;
    while (pos < text.size()) {
        size_t end = text.find('\n', pos);
        if (end == std::string::npos)
            end = text.size();
        std::string_view line(text.data() + pos, end - pos);
        if (!line.empty() && line.back() == '\r')
            line.remove_suffix(1);
        ++number;
        if (!trim(line).empty())
            f(number, line);
        pos = end + 1;
    }
}

//! Locale-independent (Qt programs run with the user's LC_NUMERIC), whole-field number parse.
double parseNumber(const std::string& text, const std::string& where, const char* column) {
    double value = 0;
    const char* begin = text.data();
    const char* end = text.data() + text.size();
    if (begin != end && *begin == '+')
        ++begin;
    const auto result = std::from_chars(begin, end, value);
    if (result.ec != std::errc() || result.ptr != end || !std::isfinite(value))
        throw Error(where, std::string("column '") + column + "': '" + text + "' is not a number");
    return value;
}

//! Gives pairs that only have lat/lon a UTM position, so the position-aware loss and
//! geo-recall work for them too. Without a zone on their line they all use ONE zone (that of
//! an existing UTM pair, else of the first such pair's longitude): distances are only
//! meaningful within a zone.
void addUtmFromLatLon(
    RawIndex& raw,
    const std::vector<std::pair<size_t, std::optional<std::pair<int, bool>>>>& todo) {
    if (todo.empty())
        return;
    std::optional<std::pair<int, bool>> datasetZone;
    for (const PairRecord& p : raw.pairs)
        if (p.utm) {
            datasetZone = std::make_pair(p.utm->zone, p.utm->south);
            break;
        }
    if (!datasetZone) {
        const LatLon& first = *raw.pairs[todo.front().first].latLon;
        datasetZone =
            std::make_pair(UtmConverter::zoneForLongitude(first.longitude), first.latitude < 0);
    }
    std::map<std::pair<int, bool>, UtmConverter> converters;
    for (const auto& [index, lineZone] : todo) {
        const std::pair<int, bool> zone = lineZone ? *lineZone : *datasetZone;
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

// --- pairs.csv ----------------------------------------------------------------------------

RawIndex readCsv(const std::string& root) {
    RawIndex raw;
    raw.indexPath = root + "/" + kCsvFile;
    const std::string text = readWholeFile(raw.indexPath);
    static const std::vector<std::string> known = {
        "id", "panorama", "satellite", "easting", "northing", "zone", "lat", "lon", "split"};
    std::unordered_map<std::string, size_t> column;
    size_t columnCount = 0;
    // Pairs with lat/lon but no UTM position, and the zone their line asked for.
    std::vector<std::pair<size_t, std::optional<std::pair<int, bool>>>> needsUtm;
    forEachLine(text, [&](size_t number, std::string_view line) {
        const std::string where = raw.indexPath + ":" + std::to_string(number);
        std::vector<std::string> f = splitCsvLine(line, where);
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
        std::optional<std::pair<int, bool>> zone; // number, south
        if (const std::string text = get("zone"); !text.empty()) {
            // "55S", "55N" or "55" (north); the letter is the hemisphere, not an MGRS band.
            std::string digits = text;
            char hemisphere = 'N';
            if (std::isalpha(static_cast<unsigned char>(digits.back()))) {
                hemisphere = static_cast<char>(std::toupper(digits.back()));
                digits.pop_back();
            }
            const double z = parseNumber(digits, where, "zone");
            if ((hemisphere != 'N' && hemisphere != 'S') || z < 1 || z > 60 || z != std::floor(z))
                throw Error(where,
                            "column 'zone': '" + text + "' is not a UTM zone like 55S or 33N");
            zone = std::make_pair(static_cast<int>(z), hemisphere == 'S');
        }
        if (!easting.empty()) {
            UtmPosition utm{0, 0, 55, true}; // the documented default zone of pairs.csv
            utm.easting = parseNumber(easting, where, "easting");
            utm.northing = parseNumber(northing, where, "northing");
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
            const double la = parseNumber(lat, where, "lat");
            const double lo = parseNumber(lon, where, "lon");
            if (std::abs(la) > 90 || std::abs(lo) > 180)
                throw Error(where, "lat/lon " + lat + ", " + lon + " is outside the globe");
            record.latLon = LatLon{la, lo};
            if (!record.utm)
                needsUtm.push_back({raw.pairs.size(), zone});
        }
        const std::string panorama = get("panorama"), satellite = get("satellite");
        const size_t index = raw.pairs.size();
        raw.addPair(std::move(record), where);
        if (!joinInside(root, panorama, raw.pairs[index].panoramaPath))
            raw.markBad(index, where,
                        "panorama path '" + panorama + "' is empty or leaves the dataset folder");
        if (!joinInside(root, satellite, raw.pairs[index].satellitePath))
            raw.markBad(index, where,
                        "satellite path '" + satellite + "' is empty or leaves the dataset folder");
        // One pair may serve several splits: "val;test".
        const std::string splitField = get("split");
        std::string_view splits = splitField;
        while (!splits.empty()) {
            const size_t semi = splits.find(';');
            const std::string name = trim(splits.substr(0, semi));
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

// --- CVUSA ----------------------------------------------------------------------------------

void readCvusaSplit(const std::string& root, const char* file, const std::string& split,
                    RawIndex& raw) {
    const std::string path = root + "/" + file;
    const std::string text = readWholeFile(path);
    std::vector<size_t>& entries = raw.splits[split];
    forEachLine(text, [&](size_t number, std::string_view line) {
        const std::string where = path + ":" + std::to_string(number);
        const std::vector<std::string> f = splitCsvLine(line, where);
        // satellite, panorama[, annotation]; the annotation is not used and may be absent.
        if (f.size() < 2 || f.size() > 3)
            throw Error(where, std::to_string(f.size()) +
                                   " columns; expected satellite,panorama[,annotation]");
        PairRecord record;
        record.id = stem(f[1]);
        const size_t index = raw.pairs.size();
        raw.addPair(std::move(record), where);
        if (raw.pairs[index].id.empty())
            raw.markBad(index, where, "empty panorama path");
        if (!joinInside(root, f[1], raw.pairs[index].panoramaPath))
            raw.markBad(index, where,
                        "panorama path '" + f[1] + "' is empty or leaves the dataset folder");
        if (!joinInside(root, f[0], raw.pairs[index].satellitePath))
            raw.markBad(index, where,
                        "satellite path '" + f[0] + "' is empty or leaves the dataset folder");
        entries.push_back(index);
    });
}

RawIndex readCvusa(const std::string& root) {
    RawIndex raw;
    raw.indexPath = root + "/splits";
    const bool train = fileExists(root + "/" + kCvusaTrain);
    const bool val = fileExists(root + "/" + kCvusaVal);
    if (!train && !val)
        throw Error(raw.indexPath, std::string("neither ") + kCvusaTrain + " nor " + kCvusaVal +
                                       " exists (CVUSA layout)");
    if (train)
        readCvusaSplit(root, kCvusaTrain, "train", raw);
    if (val)
        readCvusaSplit(root, kCvusaVal, "val", raw);
    return raw;
}

// --- CVACT ----------------------------------------------------------------------------------

RawIndex readCvact(const std::string& root) {
    RawIndex raw;
    raw.indexPath = root + "/" + kCvactFile;
    MatFile mat(raw.indexPath, MatFile::Mode::Read);
    // One pass over the file: matio would otherwise walk the 100,000-string panoIds again for
    // every later variable (~0.5 s each).
    mat.readAllVariables();
    const std::vector<std::string> ids = mat.readStrings("panoIds");
    const MatArray utm = mat.readNumeric("utm");
    const size_t n = ids.size();
    if (utm.dims.size() != 2 || utm.dims[0] != n || utm.dims[1] < 2)
        throw Error(raw.indexPath, "'utm' is " +
                                       (utm.dims.size() >= 2 ? std::to_string(utm.dims[0]) + "x" +
                                                                   std::to_string(utm.dims[1])
                                                             : std::string("not a matrix")) +
                                       ", expected " + std::to_string(n) +
                                       "x2 (one easting, northing row per entry of panoIds)");
    raw.pairs.reserve(n);
    for (size_t i = 0; i < n; ++i) {
        PairRecord record;
        record.id = ids[i];
        const std::string where = raw.indexPath + ": panoIds{" + std::to_string(i + 1) + "}";
        const double e = utm.at(i, 0), no = utm.at(i, 1);
        if (std::isfinite(e) && std::isfinite(no))
            record.utm = UtmPosition{e, no, 55, true}; // CVACT: Canberra, zone 55 south
        record.panoramaPath = root + "/streetview/" + ids[i] + "_grdView.jpg";
        record.satellitePath = root + "/satview_polish/" + ids[i] + "_satView_polish.jpg";
        raw.addPair(std::move(record), where);
        if (ids[i].empty() || ids[i].find('/') != std::string::npos || ids[i] == "." ||
            ids[i] == "..")
            raw.markBad(i, where, "id '" + ids[i] + "' is empty or is not a plain file name");
        else if (!raw.pairs[i].utm)
            raw.markBad(i, where, "utm position is not finite");
    }
    const struct {
        const char* variable;
        const char* split;
        bool required;
    } splits[] = {{"trainSet.trainInd", "train", true},
                  {"valSet.valInd", "val", true},
                  {"valSetAll.valInd", "test", false}};
    for (const auto& s : splits) {
        const std::string variable = s.variable;
        if (!s.required && !mat.contains(variable.substr(0, variable.find('.'))))
            continue; // ACT_small copies may come without the ACT_test split
        const MatArray indices = mat.readNumeric(s.variable);
        std::vector<size_t>& entries = raw.splits[s.split];
        entries.reserve(indices.count());
        for (size_t k = 0; k < indices.count(); ++k) {
            const double v = indices.values[k];
            if (v != std::floor(v) || v < 1 || v > static_cast<double>(n)) {
                std::ostringstream text;
                text << s.variable << "(" << k + 1 << ") = " << v << " is not an index in 1.." << n;
                raw.report.add(raw.indexPath, text.str());
                ++raw.report.skippedSplitEntries;
                continue;
            }
            entries.push_back(static_cast<size_t>(v) - 1); // MATLAB indices are 1-based
        }
    }
    return raw;
}

std::string absoluteRoot(const std::string& root) {
    if (root.empty())
        throw Error("no dataset folder given");
    std::error_code ec;
    std::string path = fs::absolute(fs::path(root), ec).lexically_normal().string();
    while (path.size() > 1 && path.back() == '/')
        path.pop_back();
    if (!isDirectory(path))
        throw Error(root, "is not a folder (dataset root expected)");
    return path;
}

//! Which image shapes a layout can use; empty when fine.
std::string shapeProblem(DatasetLayout layout, bool panorama, const ImageHeader& h) {
    const std::string size = std::to_string(h.width) + "x" + std::to_string(h.height);
    if (panorama) {
        if (h.height < 2 || h.width <= h.height)
            return "panorama is " + size + " (width x height); expected wider than tall";
        if (layout == DatasetLayout::Cvact && h.width != 2 * h.height)
            return "CVACT panorama is " + size +
                   "; expected a full 2:1 panorama (1664x832) whose middle rows are cropped";
        return {};
    }
    if (h.width != h.height || h.width < 3)
        return "satellite tile is " + size + "; expected square (at least 3x3)";
    return {};
}

} // namespace

DatasetLayout datasetLayoutFromString(const std::string& text) {
    if (text == "auto")
        return DatasetLayout::Auto;
    if (text == "cvusa")
        return DatasetLayout::Cvusa;
    if (text == "cvact")
        return DatasetLayout::Cvact;
    if (text == "csv")
        return DatasetLayout::Csv;
    throw Error("unknown dataset layout '" + text + "' (known: auto, cvusa, cvact, csv)");
}

std::string toString(DatasetLayout layout) {
    switch (layout) {
    case DatasetLayout::Auto:
        return "auto";
    case DatasetLayout::Cvusa:
        return "cvusa";
    case DatasetLayout::Cvact:
        return "cvact";
    case DatasetLayout::Csv:
        return "csv";
    }
    return "auto";
}

DatasetLayout Dataset::detectLayout(const std::string& rootText) {
    const std::string root = absoluteRoot(rootText);
    if (fileExists(root + "/" + kCsvFile))
        return DatasetLayout::Csv;
    if (fileExists(root + "/" + kCvactFile))
        return DatasetLayout::Cvact;
    std::error_code ec;
    for (fs::directory_iterator it(root + "/splits", ec), end; !ec && it != end; it.increment(ec))
        if (it->path().extension() == ".csv")
            return DatasetLayout::Cvusa;
    throw Error(root, std::string("no dataset found: expected ") + kCsvFile + " (csv layout), " +
                          kCvactFile + " (CVACT) or splits/*.csv (CVUSA)");
}

Dataset Dataset::open(const std::string& rootText, DatasetLayout layout,
                      const OpenOptions& options) {
    const std::string root = absoluteRoot(rootText);
    if (layout == DatasetLayout::Auto)
        layout = detectLayout(root);
    RawIndex raw = layout == DatasetLayout::Csv     ? readCsv(root)
                   : layout == DatasetLayout::Cvact ? readCvact(root)
                                                    : readCvusa(root);

    // Duplicate ids: the first occurrence wins, later ones are the problem.
    {
        std::unordered_map<std::string_view, size_t> seen;
        seen.reserve(raw.pairs.size() * 2);
        for (size_t i = 0; i < raw.pairs.size(); ++i) {
            const auto [it, inserted] = seen.emplace(raw.pairs[i].id, i);
            if (!inserted)
                raw.markBad(i, raw.sources[i],
                            "duplicate id '" + raw.pairs[i].id + "' (first at " +
                                raw.sources[it->second] + ")");
        }
    }
    if (options.checkFilesExist) {
        for (size_t i = 0; i < raw.pairs.size(); ++i) {
            if (raw.bad[i])
                continue;
            for (const std::string* path :
                 {&raw.pairs[i].panoramaPath, &raw.pairs[i].satellitePath})
                if (!fileExists(*path))
                    raw.markBad(i, *path, "missing (listed at " + raw.sources[i] + ")");
        }
    }

    Dataset dataset;
    dataset.mRoot = root;
    dataset.mIndexPath = raw.indexPath;
    dataset.mLayout = layout;
    dataset.mPairs = std::move(raw.pairs);
    dataset.mSources = std::move(raw.sources);
    dataset.mSplits = std::move(raw.splits);
    dataset.mReport = std::move(raw.report);
    dataset.mReport.checkedPairs = dataset.mPairs.size();

    if (options.checkImages) {
        // Pairs already known bad (missing files) are not read again.
        ValidationReport deep = dataset.checkImagesOf(options.feedback, raw.bad);
        for (auto& issue : deep.issues)
            dataset.mReport.issues.push_back(std::move(issue));
    }

    if (dataset.mReport.ok())
        return dataset;
    if (options.skipBadPairs) {
        std::vector<size_t> badPairs;
        for (size_t i = 0; i < raw.bad.size(); ++i)
            if (raw.bad[i])
                badPairs.push_back(i);
        return dataset.withoutPairs(badPairs);
    }
    if (options.keepBadPairs)
        return dataset;
    throw Error(dataset.mIndexPath, "the dataset has problems (open it with skipping of bad "
                                    "pairs to use the good ones):\n" +
                                        dataset.mReport.summary());
}

std::vector<std::string> Dataset::splitNames() const {
    std::vector<std::string> names;
    for (const auto& s : mSplits)
        names.push_back(s.first);
    return names;
}

const std::vector<size_t>& Dataset::split(const std::string& name) const {
    const auto it = mSplits.find(name);
    if (it != mSplits.end())
        return it->second;
    std::string known;
    for (const auto& s : mSplits)
        known += (known.empty() ? "" : ", ") + s.first;
    throw Error(mIndexPath, "no split '" + name + "' (splits: " +
                                (known.empty() ? std::string("none") : known) + ")");
}

bool Dataset::hasPositions() const {
    return !mPairs.empty() && std::all_of(mPairs.begin(), mPairs.end(),
                                          [](const PairRecord& p) { return p.utm.has_value(); });
}

ValidationReport Dataset::checkImages(Feedback* feedback) const {
    std::vector<char> bad(mPairs.size(), 0);
    return checkImagesOf(feedback, bad);
}

ValidationReport Dataset::checkImagesOf(Feedback* feedback, std::vector<char>& bad) const {
    ValidationReport report;
    report.checkedPairs = mPairs.size();
    const size_t n = mPairs.size();
    for (size_t i = 0; i < n; ++i) {
        if (feedback && i % 32 == 0) {
            feedback->checkCanceled();
            feedback->report(double(i) / double(n),
                             "checking images " + std::to_string(i) + "/" + std::to_string(n));
        }
        if (bad[i])
            continue;
        const PairRecord& pair = mPairs[i];
        for (const bool panorama : {true, false}) {
            const std::string& path = panorama ? pair.panoramaPath : pair.satellitePath;
            std::string problem;
            try {
                problem = shapeProblem(mLayout, panorama, ImageHeader::read(path));
            } catch (const Error& e) {
                // ImageHeader's message is "path: problem"; the report keeps them apart.
                problem =
                    e.path().empty() ? e.what() : std::string(e.what()).substr(path.size() + 2);
            }
            if (!problem.empty()) {
                report.add(path, problem, pair.id);
                bad[i] = 1;
            }
        }
    }
    if (feedback)
        feedback->report(1.0, "checked " + std::to_string(n) + " pairs");
    return report;
}

Dataset Dataset::withoutPairs(const std::vector<size_t>& pairIndices) const {
    std::vector<size_t> newIndex(mPairs.size(), 0);
    std::vector<char> drop(mPairs.size(), 0);
    for (size_t i : pairIndices)
        if (i < drop.size())
            drop[i] = 1;
    Dataset out;
    out.mRoot = mRoot;
    out.mIndexPath = mIndexPath;
    out.mLayout = mLayout;
    out.mReport = mReport;
    for (size_t i = 0; i < mPairs.size(); ++i) {
        if (drop[i]) {
            ++out.mReport.skippedPairs;
            continue;
        }
        newIndex[i] = out.mPairs.size();
        out.mPairs.push_back(mPairs[i]);
        out.mSources.push_back(mSources[i]);
    }
    for (const auto& [name, entries] : mSplits) {
        std::vector<size_t>& kept = out.mSplits[name];
        kept.reserve(entries.size());
        for (size_t i : entries) {
            if (drop[i])
                ++out.mReport.skippedSplitEntries;
            else
                kept.push_back(newIndex[i]);
        }
    }
    return out;
}

} // namespace orinet
