#include "dataset/cvactformat.h"

#include "common/error.h"
#include "io/matfile.h"

#include <cmath>
#include <sstream>

namespace orinet {

std::string CvactFormat::panoramaPath(const std::string& id) {
    return "streetview/" + id + "_grdView.jpg";
}

std::string CvactFormat::satellitePath(const std::string& id) {
    return "satview_polish/" + id + "_satView_polish.jpg";
}

std::vector<std::string> CvactFormat::imageFolders() {
    return {"streetview", "satview_polish"};
}

RawIndex CvactFormat::read(const std::string& root) {
    RawIndex raw;
    raw.indexPath = root + "/" + kIndexFile;
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
            record.utm = UtmPosition{e, no, kZone, kSouth};
        record.panoramaPath = root + "/" + panoramaPath(ids[i]);
        record.satellitePath = root + "/" + satellitePath(ids[i]);
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

void CvactFormat::write(const std::string& path, const Index& index) {
    const size_t n = index.ids.size();
    if (index.utm.size() != n)
        throw Error(path, std::to_string(index.utm.size()) + " positions for " + std::to_string(n) +
                              " ids");
    std::vector<double> utm;
    utm.reserve(2 * n);
    for (const UtmPoint& p : index.utm) {
        utm.push_back(p.easting);
        utm.push_back(p.northing);
    }
    auto oneBased = [&](const std::vector<size_t>& indices) {
        std::vector<double> out;
        out.reserve(indices.size());
        for (size_t i : indices) {
            if (i >= n)
                throw Error(path, "split index " + std::to_string(i) + " outside 0.." +
                                      std::to_string(n) + " (internal error)");
            out.push_back(static_cast<double>(i + 1));
        }
        return out;
    };
    const std::vector<double> train = oneBased(index.train), val = oneBased(index.val),
                              test = oneBased(index.test);
    MatFile::writeAtomically(path, [&](MatFile& mat) {
        mat.writeStrings("panoIds", index.ids);
        mat.writeDouble("utm", utm.data(), n, 2);
        mat.writeStructOfVectors("trainSet", {{"trainInd", train}});
        mat.writeStructOfVectors("valSet", {{"valInd", val}});
        mat.writeStructOfVectors("valSetAll", {{"valInd", test}});
    });
}

} // namespace orinet
