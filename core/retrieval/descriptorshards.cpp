#include "retrieval/descriptorshards.h"

#include "common/error.h"
#include "common/feedback.h"

#include <opencv2/core.hpp>

#include <algorithm>
#include <cstring>
#include <set>

namespace orinet {

namespace {

struct LoadedPart {
    std::string folder;
    int index = 0;
    int64_t begin = 0;
    int64_t end = 0;
};

std::string pairs(int64_t begin, int64_t end) {
    return end - begin == 1 ? "pair " + std::to_string(begin)
                            : "pairs " + std::to_string(begin) + "-" + std::to_string(end - 1);
}

std::string partName(const LoadedPart& p, int count) {
    return p.folder + " (" + std::to_string(p.index) + "/" + std::to_string(count) + ")";
}

//! Throws when `part` (from `folder`) cannot belong with `first` (from `firstFolder`).
void checkSameOrigin(const DescriptorSet& first, int firstDimension, const std::string& firstFolder,
                     const DescriptorSet& part, const std::string& folder) {
    const auto differ = [&](const std::string& what, const std::string& a, const std::string& b) {
        return Error(folder + " does not belong with " + firstFolder + ": " + what + " (" + b +
                     " here, " + a +
                     " there); every part must come from the same extraction "
                     "settings");
    };
    const DescriptorShard& a = first.shard;
    const DescriptorShard& b = part.shard;
    const Provenance& pa = first.provenance;
    const Provenance& pb = part.provenance;
    if (a.count != b.count)
        throw differ("the split was cut into a different number of parts", std::to_string(a.count),
                     std::to_string(b.count));
    if (pa.split != pb.split)
        throw differ("another split", "'" + pa.split + "'", "'" + pb.split + "'");
    if (a.splitPairs != b.splitPairs || a.splitIds != b.splitIds)
        throw differ("the split has other pairs (another dataset, or the dataset changed)",
                     std::to_string(a.splitPairs) + " pairs, ids " + a.splitIds,
                     std::to_string(b.splitPairs) + " pairs, ids " + b.splitIds);
    if (const auto d = pa.describedDifferently(pb))
        throw differ(d->what, d->mine, d->theirs);
    if (a.weights != b.weights)
        throw differ("other weights or BatchNorm statistics (copy one checkpoint file, after any "
                     "recalibration, to every machine)",
                     a.weights, b.weights);
    if (firstDimension != part.ground.cols)
        throw differ("another descriptor dimension", std::to_string(firstDimension),
                     std::to_string(part.ground.cols));
}

} // namespace

DescriptorSet DescriptorShards::load(const std::vector<std::string>& folders, Feedback& feedback) {
    if (folders.empty())
        throw Error("no descriptor folders given");
    DescriptorSet joined;
    DescriptorSet reference; // the first part's provenance and shard, without its matrices
    std::vector<LoadedPart> loaded;
    for (size_t f = 0; f < folders.size(); ++f) {
        feedback.checkCanceled();
        const std::string& folder = folders[f];
        DescriptorSet part = DescriptorSet::load(folder);
        if (!part.shard.isPart()) {
            if (folders.size() == 1)
                return part;
            throw Error(folder, "is a whole descriptor set, not a part written by orinet extract "
                                "--shard K/N: only the parts of one split can be read together");
        }
        if (part.ids.size() != static_cast<size_t>(part.ground.rows))
            throw Error(folder, "a part without its ids cannot be checked against the split");
        const LoadedPart here{folder, part.shard.index, part.shard.first,
                              part.shard.first + part.ground.rows};
        if (f == 0) {
            reference.provenance = part.provenance;
            reference.shard = part.shard;
            const int total = static_cast<int>(part.shard.splitPairs);
            joined.provenance = part.provenance;
            joined.ground.create(total, part.ground.cols, CV_32F);
            joined.satellite.create(total, part.ground.cols, CV_32F);
            joined.ids.resize(static_cast<size_t>(total));
        } else {
            checkSameOrigin(reference, joined.ground.cols, folders.front(), part, folder);
        }
        for (const LoadedPart& other : loaded) {
            if (other.index == here.index)
                throw Error(folder, "is shard " + std::to_string(here.index) + "/" +
                                        std::to_string(part.shard.count) +
                                        " again: " + other.folder + " holds it already");
            if (here.begin < other.end && other.begin < here.end)
                throw Error(folder, "holds " + pairs(here.begin, here.end) + ", which overlap " +
                                        pairs(other.begin, other.end) + " of " +
                                        partName(other, part.shard.count) +
                                        ": were the parts extracted with different --batch "
                                        "values?");
        }
        const int first = static_cast<int>(here.begin);
        part.ground.copyTo(joined.ground.rowRange(first, first + part.ground.rows));
        part.satellite.copyTo(joined.satellite.rowRange(first, first + part.ground.rows));
        std::move(part.ids.begin(), part.ids.end(), joined.ids.begin() + first);
        loaded.push_back(here);
        feedback.report(static_cast<double>(f + 1) / static_cast<double>(folders.size()),
                        "part " + std::to_string(f + 1) + "/" + std::to_string(folders.size()));
    }

    const int count = reference.shard.count;
    const int64_t total = reference.shard.splitPairs;
    std::sort(loaded.begin(), loaded.end(),
              [](const LoadedPart& a, const LoadedPart& b) { return a.begin < b.begin; });
    std::set<int> present;
    for (const LoadedPart& p : loaded)
        present.insert(p.index);
    std::string missing, gaps, given;
    for (int i = 1; i <= count; ++i)
        if (!present.count(i))
            missing += (missing.empty() ? "" : ", ") + std::to_string(i);
    int64_t covered = 0;
    for (const LoadedPart& p : loaded) {
        if (p.begin > covered)
            gaps += (gaps.empty() ? "" : ", ") + pairs(covered, p.begin);
        covered = std::max(covered, p.end);
        given += (given.empty() ? "" : ", ") + partName(p, count);
    }
    if (covered < total)
        gaps += (gaps.empty() ? "" : ", ") + pairs(covered, total);
    const std::string split =
        "split '" + reference.provenance.split + "' (" + std::to_string(total) + " pairs)";
    if (!missing.empty())
        throw Error(split + ": part" + (missing.find(',') == std::string::npos ? " " : "s ") +
                    missing + " of " + std::to_string(count) + " missing, so " + gaps +
                    " would be absent from the gallery; given: " + given);
    if (!gaps.empty())
        throw Error(split + ": " + gaps +
                    " are in no part (were the parts extracted with "
                    "different --batch values?); given: " +
                    given);
    if (DescriptorShard::fingerprint(joined.ids) != reference.shard.splitIds)
        throw Error(split + ": the joined ids are not the split's ids in order; given: " + given);
    return joined;
}

} // namespace orinet
