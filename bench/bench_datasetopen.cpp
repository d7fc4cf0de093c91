// Opening a 100,000-pair index (issue: "well under a second, no image decoded"): CVUSA split
// CSVs, a CVACT ACT_data.mat and a pairs.csv, each timed with and without the existence
// checks (the image files are not there, so with checks every pair is reported missing:
// the cost of 200,000 stat() calls and of a full problem report). Medians of 5 opens.

#include "dataset/dataset.h"
#include "io/matfile.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <vector>

using namespace orinet;
namespace fs = std::filesystem;

namespace {

constexpr int kPairs = 100000;

std::string id(int i) {
    char text[16];
    std::snprintf(text, sizeof text, "%07d", i + 1);
    return text;
}

void writeCvusa(const fs::path& root) {
    fs::create_directories(root / "splits");
    std::ofstream train(root / "splits/train-19zl.csv"), val(root / "splits/val-19zl.csv");
    for (int i = 0; i < kPairs; ++i)
        (i % 5 ? train : val) << "bingmap/19/" << id(i) << ".jpg,streetview/panos/" << id(i)
                              << ".jpg,streetview/annotations/" << id(i) << ".png\n";
}

void writeCvact(const fs::path& root) {
    fs::create_directories(root);
    std::vector<std::string> ids;
    std::vector<double> utm(2 * kPairs), train, val, test;
    for (int i = 0; i < kPairs; ++i) {
        ids.push_back("__" + id(i) + "_abcdefghij");
        utm[2 * i] = 690000 + i % 1000;
        utm[2 * i + 1] = 6090000 + i / 1000;
        (i % 10 < 6 ? train : i % 10 < 8 ? val : test).push_back(i + 1);
    }
    MatFile mat((root / "ACT_data.mat").string(), MatFile::Mode::Write);
    mat.writeStrings("panoIds", ids);
    mat.writeDouble("utm", utm.data(), kPairs, 2);
    mat.writeStructOfVectors("trainSet", {{"trainInd", train}});
    mat.writeStructOfVectors("valSet", {{"valInd", val}});
    mat.writeStructOfVectors("valSetAll", {{"valInd", test}});
}

void writeCsv(const fs::path& root) {
    fs::create_directories(root);
    std::ofstream out(root / "pairs.csv");
    out << "id,panorama,satellite,easting,northing,zone,lat,lon,split\n";
    for (int i = 0; i < kPairs; ++i)
        out << id(i) << ",pano/" << id(i) << ".jpg,sat/" << id(i) << ".jpg," << 690000 + i % 1000
            << "," << 6090000 + i / 1000 << ",55S,,," << (i % 5 ? "train" : "val") << "\n";
}

double medianOpenSeconds(const fs::path& root, bool checkFiles) {
    std::vector<double> seconds;
    for (int run = 0; run < 5; ++run) {
        OpenOptions options;
        options.checkFilesExist = checkFiles;
        options.keepBadPairs = true;
        const auto start = std::chrono::steady_clock::now();
        const Dataset dataset = Dataset::open(root.string(), DatasetLayout::Auto, options);
        seconds.push_back(
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
        if (dataset.pairs().size() != kPairs)
            std::fprintf(stderr, "unexpected pair count %zu\n", dataset.pairs().size());
    }
    std::sort(seconds.begin(), seconds.end());
    return seconds[seconds.size() / 2];
}

} // namespace

int main() {
    const fs::path root = fs::temp_directory_path() / "orinet-bench-datasetopen";
    fs::remove_all(root);
    writeCvusa(root / "cvusa");
    writeCvact(root / "cvact");
    writeCsv(root / "csv");
    std::printf("opening a %d-pair index, median of 5 (seconds)\n", kPairs);
    std::printf("%-8s %14s %16s\n", "layout", "index only", "with stat()s");
    for (const char* layout : {"cvusa", "cvact", "csv"})
        std::printf("%-8s %14.3f %16.3f\n", layout, medianOpenSeconds(root / layout, false),
                    medianOpenSeconds(root / layout, true));
    fs::remove_all(root);
    return 0;
}
