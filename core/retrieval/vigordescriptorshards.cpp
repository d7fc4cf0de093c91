#include "retrieval/vigordescriptorshards.h"

#include "common/error.h"
#include "common/feedback.h"

#include <opencv2/core.hpp>

#include <algorithm>
#include <set>

namespace orinet {

namespace {

struct Rows {
    int64_t begin = 0;
    int64_t end = 0;
    bool overlaps(const Rows& o) const { return begin < o.end && o.begin < end; }
};

struct LoadedPart {
    std::string folder;
    int index = 0;
    Rows ground, satellite;
};

std::string rows(const char* what, const Rows& r) {
    return std::string(what) + " " + std::to_string(r.begin) + "-" + std::to_string(r.end - 1);
}

//! Throws when `part` (from `folder`) cannot belong with `first` (from `firstFolder`).
void checkSameOrigin(const VigorDescriptorSet& first, const std::string& firstFolder,
                     const VigorDescriptorSet& part, const std::string& folder) {
    const auto differ = [&](const std::string& what, const std::string& a, const std::string& b) {
        return Error(folder, "does not belong with " + firstFolder + ": " + what + " (" + b +
                                 " here, " + a +
                                 " there); every part must come from the same "
                                 "checkpoint file and extraction settings");
    };
    const Provenance& pa = first.provenance;
    const Provenance& pb = part.provenance;
    if (first.part.count != part.part.count)
        throw differ("the split was cut into a different number of parts",
                     std::to_string(first.part.count), std::to_string(part.part.count));
    if (first.protocol != part.protocol || first.split != part.split)
        throw differ("another protocol or split", first.protocol + " " + first.split,
                     part.protocol + " " + part.split);
    if (first.panoramas != part.panoramas || first.panoramaIds != part.panoramaIds ||
        first.tiles != part.tiles || first.tileIds != part.tileIds)
        throw differ("other panoramas or tiles (another dataset root, or it changed)",
                     std::to_string(first.panoramas) + " panoramas, " +
                         std::to_string(first.tiles) + " tiles",
                     std::to_string(part.panoramas) + " panoramas, " + std::to_string(part.tiles) +
                         " tiles");
    if (const auto d = pa.describedDifferently(pb))
        throw differ(d->what, d->mine, d->theirs);
    if (first.weights != part.weights)
        throw differ("other weights or BatchNorm statistics (another checkpoint; copy one "
                     "checkpoint file, after any recalibration, to every machine)",
                     first.weights, part.weights);
    if (first.ground.cols != part.ground.cols)
        throw differ("another descriptor dimension", std::to_string(first.ground.cols),
                     std::to_string(part.ground.cols));
}

//! The rows of [0, total) that no part of `parts` holds, as "panoramas 0-9, 20-29".
std::string gapsOf(std::vector<Rows> parts, int64_t total, const char* what) {
    std::sort(parts.begin(), parts.end(),
              [](const Rows& a, const Rows& b) { return a.begin < b.begin; });
    std::string gaps;
    int64_t covered = 0;
    const auto add = [&](int64_t begin, int64_t end) {
        gaps += (gaps.empty() ? std::string(what) + " " : std::string(", ")) +
                std::to_string(begin) + "-" + std::to_string(end - 1);
    };
    for (const Rows& r : parts) {
        if (r.begin > covered)
            add(covered, r.begin);
        covered = std::max(covered, r.end);
    }
    if (covered < total)
        add(covered, total);
    return gaps;
}

} // namespace

VigorDescriptorSet VigorDescriptorShards::load(const std::vector<std::string>& folders,
                                               Feedback& feedback) {
    if (folders.empty())
        throw Error("no descriptor folders given");
    VigorDescriptorSet joined;
    std::vector<LoadedPart> loaded;
    for (size_t f = 0; f < folders.size(); ++f) {
        feedback.checkCanceled();
        const std::string& folder = folders[f];
        VigorDescriptorSet part = VigorDescriptorSet::load(folder);
        if (!part.part.isPart()) {
            if (folders.size() == 1)
                return part;
            throw Error(folder, "is a whole VIGOR descriptor set, not a part written by orinet "
                                "extract --vigor --shard K/N: only the parts of one split can "
                                "be read together");
        }
        const LoadedPart here{
            folder,
            part.part.index,
            {part.part.groundFirst, part.part.groundFirst + part.ground.rows},
            {part.part.satelliteFirst, part.part.satelliteFirst + part.satellite.rows}};
        if (f == 0) {
            joined = part; // the first part's origin; its matrices are replaced below
            joined.part = VigorDescriptorSet::Part();
            joined.ground =
                cv::Mat::zeros(static_cast<int>(part.panoramas), part.ground.cols, CV_32F);
            joined.satellite =
                cv::Mat::zeros(static_cast<int>(part.tiles), part.ground.cols, CV_32F);
            joined.part.count = part.part.count; // for checkSameOrigin; cleared at the end
        } else {
            checkSameOrigin(joined, folders.front(), part, folder);
        }
        const std::string of = " of " + std::to_string(part.part.count);
        for (const LoadedPart& other : loaded) {
            if (other.index == here.index)
                throw Error(folder, "is part " + std::to_string(here.index) + of +
                                        " again: " + other.folder + " holds it already");
            if (here.ground.overlaps(other.ground) || here.satellite.overlaps(other.satellite))
                throw Error(folder, "holds " + rows("panoramas", here.ground) + " and " +
                                        rows("tiles", here.satellite) + ", which overlap " +
                                        other.folder + " (part " + std::to_string(other.index) +
                                        of + ": " + rows("panoramas", other.ground) + ", " +
                                        rows("tiles", other.satellite) +
                                        "): were the parts extracted with different --batch "
                                        "values?");
        }
        part.ground.copyTo(joined.ground.rowRange(static_cast<int>(here.ground.begin),
                                                  static_cast<int>(here.ground.end)));
        part.satellite.copyTo(joined.satellite.rowRange(static_cast<int>(here.satellite.begin),
                                                        static_cast<int>(here.satellite.end)));
        loaded.push_back(here);
        feedback.report(static_cast<double>(f + 1) / static_cast<double>(folders.size()),
                        "part " + std::to_string(f + 1) + "/" + std::to_string(folders.size()));
    }

    const int count = joined.part.count;
    std::set<int> present;
    std::vector<Rows> ground, satellite;
    std::string given;
    for (const LoadedPart& p : loaded) {
        present.insert(p.index);
        ground.push_back(p.ground);
        satellite.push_back(p.satellite);
        given += (given.empty() ? "" : ", ") + p.folder + " (" + std::to_string(p.index) + "/" +
                 std::to_string(count) + ")";
    }
    std::string missing;
    for (int i = 1; i <= count; ++i)
        if (!present.count(i))
            missing += (missing.empty() ? "" : ", ") + std::to_string(i);
    std::string gaps = gapsOf(ground, joined.panoramas, "panoramas");
    const std::string tileGaps = gapsOf(satellite, joined.tiles, "tiles");
    if (!tileGaps.empty())
        gaps += (gaps.empty() ? "" : "; ") + tileGaps;
    const std::string split = "the " + joined.protocol + " " + joined.split + " split (" +
                              std::to_string(joined.panoramas) + " panoramas, " +
                              std::to_string(joined.tiles) + " tiles)";
    if (!missing.empty())
        throw Error(split + ": part" + (missing.find(',') == std::string::npos ? " " : "s ") +
                    missing + " of " + std::to_string(count) + " missing, so " + gaps +
                    " would be absent; given: " + given);
    if (!gaps.empty())
        throw Error(split + ": " + gaps +
                    " are in no part (were the parts extracted with different --batch values?); "
                    "given: " +
                    given);
    joined.part = VigorDescriptorSet::Part();
    return joined;
}

} // namespace orinet
