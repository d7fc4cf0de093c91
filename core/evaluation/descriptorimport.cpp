#include "evaluation/descriptorimport.h"

#include "common/error.h"
#include "common/feedback.h"
#include "common/filedigest.h"
#include "common/outputtarget.h"
#include "common/textformat.h"
#include "io/matfile.h"
#include "io/torchtensorfile.h"
#include "retrieval/descriptorset.h"

#include <opencv2/core.hpp>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <unordered_map>

namespace orinet {

namespace fs = std::filesystem;

namespace {

constexpr const char* kMatGround = "grd_global_descriptor";
constexpr const char* kMatSatellite = "sat_global_descriptor";

std::string lowerSuffix(const std::string& path) {
    std::string suffix = fs::path(path).extension().string();
    std::transform(suffix.begin(), suffix.end(), suffix.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return suffix;
}

cv::Mat readNpy(const std::string& path, std::string* format) {
    std::string type;
    cv::Mat out = DescriptorSet::loadNpy(path, &type);
    *format = "npy " + type;
    return out;
}

cv::Mat readMat(const std::string& path, const std::string& variable, std::string* format,
                std::vector<std::string>* ids) {
    MatFile file(path, MatFile::Mode::Read);
    if (!file.contains(variable))
        throw Error(path, "has no variable '" + variable + "' (expected " + kMatGround + " and " +
                              kMatSatellite + ", N x D)");
    const MatArray a = file.readNumeric(variable);
    if (a.dims.size() != 2)
        throw Error(path, "'" + variable + "' must be a 2-D matrix (N x D)");
    const size_t rows = a.dims[0], cols = a.dims[1];
    if (rows > static_cast<size_t>(INT32_MAX) || cols > static_cast<size_t>(INT32_MAX))
        throw Error(path, "'" + variable + "' is too large");
    cv::Mat out(static_cast<int>(rows), static_cast<int>(cols), CV_32F);
    // MATLAB is column-major: element (r, c) sits at r + rows·c.
    for (size_t r = 0; r < rows; ++r) {
        float* dst = out.ptr<float>(static_cast<int>(r));
        for (size_t c = 0; c < cols; ++c)
            dst[c] = static_cast<float>(a.values[r + rows * c]);
    }
    if (ids && file.contains("ids"))
        *ids = file.readStrings("ids");
    *format = "mat " + variable;
    return out;
}

std::string quoted(const std::string& id) {
    return "'" + id + "'";
}

//! Rows of `matrix` (from `matrixFile`) in the split's order by the ids of `idsSource`.
cv::Mat reorder(const cv::Mat& matrix, const std::string& matrixFile,
                const std::vector<std::string>& ids, const std::string& idsSource, bool idsFromFile,
                const std::string& split, const std::vector<std::string>& splitIds) {
    if (ids.size() != static_cast<size_t>(matrix.rows))
        throw Error(idsSource, "has " + std::to_string(ids.size()) + " ids but " + matrixFile +
                                   " has " + std::to_string(matrix.rows) +
                                   " rows: line i names the pair of row i");
    std::unordered_map<std::string, size_t> index;
    index.reserve(splitIds.size());
    for (size_t i = 0; i < splitIds.size(); ++i)
        index.emplace(splitIds[i], i);
    const auto where = [&](size_t i) {
        return idsFromFile ? "line " + std::to_string(i + 1) : "entry " + std::to_string(i + 1);
    };
    std::vector<int64_t> lineOf(splitIds.size(), -1);
    for (size_t i = 0; i < ids.size(); ++i) {
        const auto found = index.find(ids[i]);
        if (found == index.end())
            throw Error(idsSource, where(i) + ": " + quoted(ids[i]) + " is not a pair of split '" +
                                       split + "'");
        if (lineOf[found->second] >= 0)
            throw Error(idsSource, where(i) + ": " + quoted(ids[i]) + " is given twice (also " +
                                       where(static_cast<size_t>(lineOf[found->second])) + ")");
        lineOf[found->second] = static_cast<int64_t>(i);
    }
    size_t missing = 0;
    std::string first;
    for (size_t p = 0; p < splitIds.size(); ++p)
        if (lineOf[p] < 0 && missing++ == 0)
            first = quoted(splitIds[p]);
    if (missing > 0)
        throw Error(idsSource, std::to_string(missing) + " of the " +
                                   std::to_string(splitIds.size()) + " pairs of split '" + split +
                                   "' have no descriptor, e.g. " + first +
                                   ": every pair of the split is a query and a gallery item");
    cv::Mat out(matrix.rows, matrix.cols, CV_32F);
    for (size_t p = 0; p < splitIds.size(); ++p)
        matrix.row(static_cast<int>(lineOf[p])).copyTo(out.row(static_cast<int>(p)));
    return out;
}

//! Finite values, no all-zero row; then every row that is not unit length normalised. Rows
//! are named as the source file numbers them (`sourceRow`).
DescriptorImport::Norms checkAndNormalise(cv::Mat& m, const std::string& file,
                                          const std::vector<int>& sourceRow,
                                          const std::vector<std::string>& splitIds) {
    const auto rowName = [&](int r) {
        return "row " + std::to_string(sourceRow.empty() ? r : sourceRow[static_cast<size_t>(r)]) +
               " (counted from 0; pair " + quoted(splitIds[static_cast<size_t>(r)]) + ")";
    };
    DescriptorImport::Norms norms;
    norms.rows = m.rows;
    norms.minimum = INFINITY;
    norms.maximum = 0;
    int64_t nonFinite = 0;
    int firstRow = -1, firstColumn = -1;
    for (int r = 0; r < m.rows; ++r) {
        const float* row = m.ptr<float>(r);
        for (int c = 0; c < m.cols; ++c)
            if (!std::isfinite(row[c]) && nonFinite++ == 0) {
                firstRow = r;
                firstColumn = c;
            }
    }
    if (nonFinite > 0) {
        const float v = m.at<float>(firstRow, firstColumn);
        throw Error(file, std::to_string(nonFinite) + " values are NaN or infinite, the first in " +
                              rowName(firstRow) + ", column " + std::to_string(firstColumn) + " (" +
                              (std::isnan(v) ? "NaN"
                               : v > 0       ? "inf"
                                             : "-inf") +
                              ")");
    }
    for (int r = 0; r < m.rows; ++r) {
        float* row = m.ptr<float>(r);
        double sum = 0;
        for (int c = 0; c < m.cols; ++c)
            sum += static_cast<double>(row[c]) * row[c];
        const double norm = std::sqrt(sum);
        if (norm == 0)
            throw Error(file, rowName(r) + " is all zeros: it has no direction to rank by cosine "
                                           "similarity");
        norms.minimum = std::min(norms.minimum, norm);
        norms.maximum = std::max(norms.maximum, norm);
        if (std::abs(norm - 1.0) > DescriptorImport::kUnitTolerance) {
            ++norms.notUnit;
            for (int c = 0; c < m.cols; ++c)
                row[c] = static_cast<float>(row[c] / norm);
        }
    }
    return norms;
}

std::string number(double v) {
    char text[32];
    std::snprintf(text, sizeof text, "%.6g", v);
    return text;
}

ImportRecord::Source sourceOf(const std::string& role, const std::string& file,
                              const std::string& format, int64_t rows, int64_t dimension) {
    const FileDigest digest = FileDigest::ofFile(file);
    ImportRecord::Source s;
    s.role = role;
    std::error_code ec;
    s.file = fs::absolute(file, ec).lexically_normal().string();
    s.sha256 = digest.sha256();
    s.bytes = digest.bytes();
    s.format = format;
    s.rows = rows;
    s.dimension = dimension;
    return s;
}

} // namespace

std::vector<std::string> DescriptorImport::Result::notes() const {
    std::vector<std::string> out;
    if (groundReordered || satelliteReordered)
        out.push_back(std::string(groundReordered && satelliteReordered ? "ground and satellite"
                                  : groundReordered                     ? "ground"
                                                                        : "satellite") +
                      " rows were put in the split's order by their ids");
    for (const auto& [side, n] : {std::pair<const char*, const Norms&>{"ground", ground},
                                  std::pair<const char*, const Norms&>{"satellite", satellite}})
        if (n.notUnit > 0)
            out.push_back(std::string(side) + ": " + std::to_string(n.notUnit) + " of " +
                          std::to_string(n.rows) + " rows were not unit length (norms " +
                          number(n.minimum) + " to " + number(n.maximum) +
                          ") and were normalised: similarity is the cosine");
    return out;
}

std::vector<std::string> DescriptorImport::readIds(const std::string& path) {
    std::error_code ec;
    if (fs::is_directory(path, ec))
        throw Error(path, "is a folder, not an ids file");
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw Error(path, "cannot read the ids file");
    std::vector<std::string> ids;
    std::string line;
    size_t emptyLine = 0;
    for (size_t number = 1; std::getline(in, line); ++number) {
        const auto blank = [](unsigned char c) { return std::isspace(c) != 0; };
        const auto begin = std::find_if_not(line.begin(), line.end(), blank);
        const auto end = std::find_if_not(line.rbegin(), line.rend(), blank).base();
        if (begin >= end) {
            if (emptyLine == 0)
                emptyLine = number;
            continue;
        }
        if (emptyLine != 0)
            throw Error(path, "line " + std::to_string(emptyLine) +
                                  " is empty: one id per line, line i for row i");
        ids.emplace_back(begin, end);
    }
    if (in.bad())
        throw Error(path, "cannot read the ids file to the end");
    if (ids.empty())
        throw Error(path, "holds no ids");
    return ids;
}

cv::Mat DescriptorImport::readMatrix(const std::string& path, const std::string& key,
                                     const std::string& defaultMatVariable, std::string* format,
                                     std::vector<std::string>* ids) {
    std::error_code ec;
    if (!fs::exists(path, ec))
        throw Error(path, "no such file");
    if (fs::is_directory(path, ec))
        throw Error(path, "is a folder: give the .npy, .mat or .pt file of one set of descriptors");
    const std::string suffix = lowerSuffix(path);
    std::string what;
    cv::Mat m;
    if (suffix == ".npy") {
        if (!key.empty())
            throw Error(path, "a .npy file holds one array: it has no entry '" + key + "'");
        m = readNpy(path, &what);
    } else if (suffix == ".mat") {
        m = readMat(path, key.empty() ? defaultMatVariable : key, &what, ids);
    } else if (suffix == ".pt" || suffix == ".pth") {
        std::string tensor;
        m = TorchTensorFile::loadMatrix(path, key, &tensor);
        what = "pt " + tensor;
    } else {
        throw Error(path, "unknown descriptor file type '" + suffix +
                              "': use .npy (NumPy), .mat (MATLAB) or .pt/.pth (torch.save)");
    }
    if (m.rows == 0 || m.cols == 0)
        throw Error(path, "holds no descriptors (" + std::to_string(m.rows) + " x " +
                              std::to_string(m.cols) + ")");
    if (format)
        *format = what;
    return m;
}

DescriptorImport::Result DescriptorImport::read(const Options& options, const std::string& split,
                                                const std::vector<std::string>& splitIds,
                                                Feedback& feedback) {
    if (options.method.empty())
        throw Error("an import needs the name of the method that made the descriptors");
    if (splitIds.empty())
        throw Error("split '" + split + "' has no pairs");
    Result result;
    struct Side {
        const char* name;
        const std::string& file;
        const std::string& key;
        const char* matVariable;
        const std::string& idsFile;
        cv::Mat* matrix;
        Norms* norms;
        bool* reordered;
    };
    Side sides[] = {{"ground", options.groundFile, options.groundKey, kMatGround,
                     options.groundIdsFile, &result.set.ground, &result.ground,
                     &result.groundReordered},
                    {"satellite", options.satelliteFile, options.satelliteKey, kMatSatellite,
                     options.satelliteIdsFile, &result.set.satellite, &result.satellite,
                     &result.satelliteReordered}};
    std::vector<int> sourceRows[2];
    std::string format[2];
    for (int s = 0; s < 2; ++s) {
        Side& side = sides[s];
        feedback.checkCanceled();
        feedback.report(0.4 * s, std::string("reading ") + side.name + " descriptors");
        if (side.file.empty())
            throw Error(std::string("no file of ") + side.name + " descriptors given");
        std::vector<std::string> embedded;
        cv::Mat m = readMatrix(side.file, side.key, side.matVariable, &format[s], &embedded);
        result.sources.push_back(sourceOf(side.name, side.file, format[s], m.rows, m.cols));
        if (!side.idsFile.empty() || !embedded.empty()) {
            const bool fromFile = !side.idsFile.empty();
            const std::vector<std::string> ids = fromFile ? readIds(side.idsFile) : embedded;
            if (fromFile)
                result.sources.push_back(sourceOf(std::string(side.name) + " ids", side.idsFile,
                                                  "ids", static_cast<int64_t>(ids.size()), -1));
            const std::string idsSource =
                fromFile ? side.idsFile : side.file + " (its variable 'ids')";
            cv::Mat ordered = reorder(m, side.file, ids, idsSource, fromFile, split, splitIds);
            // Rows are named as the user's file numbers them.
            std::unordered_map<std::string, int> rowOf;
            for (size_t i = 0; i < ids.size(); ++i)
                rowOf.emplace(ids[i], static_cast<int>(i));
            sourceRows[s].resize(splitIds.size());
            for (size_t p = 0; p < splitIds.size(); ++p)
                sourceRows[s][p] = rowOf.at(splitIds[p]);
            *side.reordered = !std::equal(ids.begin(), ids.end(), splitIds.begin());
            m = std::move(ordered);
        } else if (static_cast<size_t>(m.rows) != splitIds.size()) {
            throw Error(side.file, "has " + std::to_string(m.rows) + " rows but split '" + split +
                                       "' has " + std::to_string(splitIds.size()) +
                                       " pairs; rows follow the split's order unless an ids file "
                                       "(one id per line) says which pair each row is");
        }
        *side.matrix = std::move(m);
    }
    if (result.set.ground.cols != result.set.satellite.cols)
        throw Error(options.satelliteFile,
                    "has descriptors of dimension " + std::to_string(result.set.satellite.cols) +
                        " but " + options.groundFile + " of dimension " +
                        std::to_string(result.set.ground.cols) +
                        ": ground and satellite descriptors are compared with each other");
    for (int s = 0; s < 2; ++s) {
        feedback.checkCanceled();
        feedback.report(0.8 + 0.1 * s, std::string("checking ") + sides[s].name + " descriptors");
        *sides[s].norms =
            checkAndNormalise(*sides[s].matrix, sides[s].file, sourceRows[s], splitIds);
    }
    result.set.ids = splitIds;
    result.set.provenance.split = split;
    result.set.provenance.checkpointKind = Provenance::kImported;
    result.set.provenance.method = options.method;
    result.set.validate(options.groundFile);
    feedback.report(1.0);
    return result;
}

void DescriptorImport::checkTarget(const RunFolder& run, const std::string& method) {
    const std::string& dir = run.directory();
    if (RunFolder::isRun(dir))
        throw Error(dir, "is a training run: import the descriptors of another method into a "
                         "folder of their own (nothing was changed)");
    OutputTarget::checkFolder(dir, RunFolder::importedFolderKind());
    std::error_code ec;
    if (fs::exists(run.importFile(), ec)) {
        const ImportRecord existing = ImportRecord::load(run.importFile());
        if (existing.method != method)
            throw Error(dir, "holds descriptors of the method '" + existing.method + "', not '" +
                                 method +
                                 "': import each method into a folder of its own (nothing was "
                                 "changed)");
    }
}

std::string DescriptorImport::save(const Result& result, const RunFolder& run,
                                   const std::string& datasetRoot,
                                   const std::vector<std::string>& directions) {
    const std::string& method = result.set.provenance.method;
    checkTarget(run, method);
    const std::string folder = run.descriptorsDirectory(result.set.provenance);
    // Also the set's own folder, before anything is written.
    OutputTarget::checkFolder(folder, DescriptorSet::folderKind());
    std::error_code ec;
    fs::create_directories(run.directory(), ec);
    if (ec)
        throw Error(run.directory(), "cannot create the folder: " + ec.message());
    ImportRecord record;
    if (fs::exists(run.importFile(), ec))
        record = ImportRecord::load(run.importFile());
    record.method = method;
    ImportRecord::Import entry;
    entry.split = result.set.provenance.split;
    entry.dataset = fs::absolute(datasetRoot, ec).lexically_normal().string();
    entry.pairs = result.set.ground.rows;
    entry.dimension = result.set.ground.cols;
    entry.descriptors = fs::path(folder).lexically_relative(run.directory()).string();
    entry.directions = directions;
    entry.sources = result.sources;
    entry.notes = result.notes();
    entry.created = text::isoTimestampUtc();
    record.put(entry);
    // import.json first: it makes the folder an imported run, so a second attempt after a
    // failure below may write into it again.
    record.save(run.importFile());
    DescriptorSet set = result.set;
    set.created = entry.created;
    set.save(folder);
    return folder;
}

} // namespace orinet
