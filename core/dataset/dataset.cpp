#include "dataset/dataset.h"

#include "common/error.h"
#include "common/feedback.h"
#include "dataset/cvactformat.h"
#include "dataset/cvusaformat.h"
#include "dataset/datasetfiles.h"
#include "dataset/imagecheck.h"
#include "dataset/imageheader.h"
#include "dataset/pairscsvformat.h"
#include "dataset/rawindex.h"
#include "dataset/vigorformat.h"

#include <algorithm>
#include <string_view>
#include <unordered_map>

namespace orinet {

DatasetLayout Dataset::detectLayout(const std::string& rootText) {
    const std::string root = DatasetFiles::absoluteRoot(rootText);
    if (DatasetFiles::isFile(root + "/" + PairsCsvFormat::kFileName))
        return DatasetLayout::Csv;
    if (DatasetFiles::isFile(root + "/" + CvactFormat::kIndexFile))
        return DatasetLayout::Cvact;
    if (CvusaFormat::detect(root))
        return DatasetLayout::Cvusa;
    // VIGOR is a query/gallery dataset (docs/vigor.md): no pairs to open here.
    if (VigorFormat::detect(root))
        throw Error(root, "a VIGOR dataset (splits/<City>/satellite_list.txt): its panoramas "
                          "and tiles are no one-to-one pairs; it is read as a query/gallery "
                          "dataset (VigorFormat), which this command does not take yet");
    throw Error(root, std::string("no dataset found: expected ") + PairsCsvFormat::kFileName +
                          " (csv layout), " + CvactFormat::kIndexFile +
                          " (CVACT) or splits/*.csv (CVUSA)");
}

Dataset Dataset::open(const std::string& rootText, DatasetLayout layout,
                      const OpenOptions& options) {
    const std::string root = DatasetFiles::absoluteRoot(rootText);
    if (layout == DatasetLayout::Auto)
        layout = detectLayout(root);
    RawIndex raw = layout == DatasetLayout::Csv     ? PairsCsvFormat::read(root)
                   : layout == DatasetLayout::Cvact ? CvactFormat::read(root)
                                                    : CvusaFormat::read(root);

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
    // A pair listed twice in one split would count twice in every metric of that split.
    for (auto& [name, entries] : raw.splits) {
        std::vector<char> seen(raw.pairs.size(), 0);
        std::vector<size_t> unique;
        unique.reserve(entries.size());
        for (size_t i : entries) {
            if (!seen[i]) {
                seen[i] = 1;
                unique.push_back(i);
                continue;
            }
            raw.report.add(raw.sources[i], "pair '" + raw.pairs[i].id +
                                               "' is listed more than once in split '" + name +
                                               "' (the repeats are dropped)");
            ++raw.report.skippedSplitEntries;
        }
        entries = std::move(unique);
    }
    if (options.checkFilesExist) {
        for (size_t i = 0; i < raw.pairs.size(); ++i) {
            if (raw.bad[i])
                continue;
            for (const std::string* path :
                 {&raw.pairs[i].panoramaPath, &raw.pairs[i].satellitePath})
                if (!DatasetFiles::isFile(*path))
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
        IntegrityReport deep = dataset.checkImagesOf(options.feedback, raw.bad);
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

IntegrityReport Dataset::checkImages(Feedback* feedback) const {
    std::vector<char> bad(mPairs.size(), 0);
    return checkImagesOf(feedback, bad);
}

IntegrityReport Dataset::checkImagesOf(Feedback* feedback, std::vector<char>& bad) const {
    IntegrityReport report;
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
            ImageHeader header;
            std::string problem = ImageCheck::readProblem(path, header);
            if (problem.empty())
                problem = ImageCheck::shapeProblem(mLayout, panorama, header);
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

Dataset Dataset::fromPairs(std::string root, std::string indexPath, DatasetLayout layout,
                           std::vector<PairRecord> pairs,
                           std::map<std::string, std::vector<size_t>> splits) {
    if (layout == DatasetLayout::Auto)
        throw Error(indexPath, "a dataset made in memory needs its layout named");
    for (const auto& [name, entries] : splits)
        for (size_t i : entries)
            if (i >= pairs.size())
                throw Error(indexPath, "split '" + name + "' names pair " + std::to_string(i) +
                                           " of " + std::to_string(pairs.size()));
    Dataset dataset;
    dataset.mRoot = std::move(root);
    dataset.mIndexPath = std::move(indexPath);
    dataset.mLayout = layout;
    dataset.mSources.assign(pairs.size(), dataset.mIndexPath);
    dataset.mPairs = std::move(pairs);
    dataset.mSplits = std::move(splits);
    dataset.mReport.checkedPairs = dataset.mPairs.size();
    return dataset;
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
