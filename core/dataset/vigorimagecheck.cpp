#include "dataset/vigorimagecheck.h"

#include "common/feedback.h"
#include "dataset/imagecheck.h"
#include "dataset/querygallery.h"

#include <map>
#include <string>
#include <unordered_set>
#include <utility>

namespace orinet {

namespace {

struct File {
    const QueryGallery::Item* item = nullptr;
    bool panorama = false;
    ImageHeader header;
    std::string problem;
};

std::string sizeText(int width, int height) {
    return std::to_string(width) + "x" + std::to_string(height);
}

} // namespace

IntegrityReport VigorImageCheck::check(const std::vector<QueryGallery>& splits,
                                       Feedback* feedback) {
    // Each file once: the protocols' splits share their cities' panoramas and galleries.
    std::vector<File> files;
    std::unordered_set<std::string> seen;
    for (const QueryGallery& split : splits) {
        for (int64_t q = 0; q < split.queryCount(); ++q)
            if (seen.insert(split.query(q).path).second)
                files.push_back({&split.query(q), true, {}, {}});
        for (int64_t g = 0; g < split.galleryCount(); ++g)
            if (seen.insert(split.galleryItem(g).path).second)
                files.push_back({&split.galleryItem(g), false, {}, {}});
    }
    const size_t n = files.size();
    for (size_t i = 0; i < n; ++i) {
        if (feedback && i % 32 == 0) {
            feedback->checkCanceled();
            feedback->report(double(i) / double(n),
                             "checking images " + std::to_string(i) + "/" + std::to_string(n));
        }
        File& f = files[i];
        f.problem = ImageCheck::readProblem(f.item->path, f.header);
        if (f.problem.empty())
            f.problem = ImageCheck::shapeProblem(DatasetLayout::Auto, f.panorama, f.header);
    }

    // The usual size of each kind in each city, among the files that read: the most common
    // one (on a tie, the first listed).
    struct Sizes {
        std::map<std::pair<int, int>, size_t> count;
        std::pair<int, int> usual{0, 0};
        size_t usualCount = 0, total = 0;
    };
    std::map<std::pair<std::string, bool>, Sizes> kinds;
    for (const File& f : files) {
        if (!f.problem.empty())
            continue;
        Sizes& s = kinds[{f.item->group, f.panorama}];
        const std::pair<int, int> size{f.header.width, f.header.height};
        const size_t c = ++s.count[size];
        ++s.total;
        if (c > s.usualCount) {
            s.usualCount = c;
            s.usual = size;
        }
    }
    IntegrityReport report;
    report.checkedImages = n;
    for (File& f : files) {
        if (f.problem.empty()) {
            const Sizes& s = kinds.at({f.item->group, f.panorama});
            if (std::pair<int, int>{f.header.width, f.header.height} != s.usual) {
                const char* kind = f.panorama ? "panoramas" : "satellite tiles";
                f.problem = std::string(f.panorama ? "panorama" : "satellite tile") + " is " +
                            sizeText(f.header.width, f.header.height) + "; " +
                            std::to_string(s.usualCount) + " of the " + std::to_string(s.total) +
                            " " + kind + (f.item->group.empty() ? "" : " of " + f.item->group) +
                            " read are " + sizeText(s.usual.first, s.usual.second);
            }
        }
        if (!f.problem.empty())
            report.add(f.item->path, f.problem);
    }
    if (feedback)
        feedback->report(1.0, "checked " + std::to_string(n) + " images");
    return report;
}

} // namespace orinet
