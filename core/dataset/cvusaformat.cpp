#include "dataset/cvusaformat.h"

#include "common/atomicfile.h"
#include "common/error.h"
#include "dataset/csvtokenizer.h"
#include "dataset/datasetfiles.h"

#include <filesystem>

namespace fs = std::filesystem;

namespace orinet {

namespace {

void readList(const std::string& root, const char* file, const std::string& split, RawIndex& raw) {
    const std::string path = root + "/" + file;
    const std::string text = DatasetFiles::readAll(path);
    std::vector<size_t>& entries = raw.splits[split];
    CsvTokenizer::forEachLine(text, [&](size_t number, std::string_view line) {
        const std::string where = path + ":" + std::to_string(number);
        const std::vector<std::string> f = CsvTokenizer::splitLine(line, where);
        // satellite, panorama[, annotation]; the annotation is not used and may be absent.
        if (f.size() < 2 || f.size() > 3)
            throw Error(where, std::to_string(f.size()) +
                                   " columns; expected satellite,panorama[,annotation]");
        PairRecord record;
        record.id = DatasetFiles::stem(f[1]);
        const size_t index = raw.pairs.size();
        raw.addPair(std::move(record), where);
        if (raw.pairs[index].id.empty())
            raw.markBad(index, where, "empty panorama path");
        if (!DatasetFiles::joinInside(root, f[1], raw.pairs[index].panoramaPath))
            raw.markBad(index, where,
                        "panorama path '" + f[1] + "' is empty or leaves the dataset folder");
        if (!DatasetFiles::joinInside(root, f[0], raw.pairs[index].satellitePath))
            raw.markBad(index, where,
                        "satellite path '" + f[0] + "' is empty or leaves the dataset folder");
        entries.push_back(index);
    });
}

} // namespace

std::string CvusaFormat::satellitePath(const std::string& id) {
    return "bingmap/19/" + id + ".jpg";
}

std::string CvusaFormat::panoramaPath(const std::string& id) {
    return "streetview/panos/" + id + ".jpg";
}

std::string CvusaFormat::annotationPath(const std::string& id) {
    return "streetview/annotations/" + id + ".png";
}

std::vector<std::string> CvusaFormat::imageFolders() {
    return {"bingmap/19", "streetview/panos", "streetview/annotations"};
}

bool CvusaFormat::detect(const std::string& root) {
    std::error_code ec;
    for (fs::directory_iterator it(root + "/splits", ec), end; !ec && it != end; it.increment(ec))
        if (it->path().extension() == ".csv")
            return true;
    return false;
}

RawIndex CvusaFormat::read(const std::string& root) {
    RawIndex raw;
    raw.indexPath = root + "/splits";
    const bool train = DatasetFiles::isFile(root + "/" + kTrainList);
    const bool val = DatasetFiles::isFile(root + "/" + kValList);
    if (!train && !val)
        throw Error(raw.indexPath, std::string("neither ") + kTrainList + " nor " + kValList +
                                       " exists (CVUSA layout)");
    if (train)
        readList(root, kTrainList, "train", raw);
    if (val)
        readList(root, kValList, "val", raw);
    return raw;
}

CvusaFormat::Entry CvusaFormat::entryFor(const std::string& id) {
    return {satellitePath(id), panoramaPath(id), annotationPath(id)};
}

void CvusaFormat::writeList(const std::string& path, const std::vector<Entry>& entries) {
    std::string text;
    for (const Entry& e : entries)
        text += e.satellite + "," + e.panorama + "," + e.annotation + "\n";
    AtomicFile::writeAll(path, text);
}

} // namespace orinet
