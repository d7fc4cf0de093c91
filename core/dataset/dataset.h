#pragma once

#include "dataset/datasetlayout.h"
#include "dataset/integrityreport.h"
#include "dataset/pairrecord.h"

#include <map>
#include <string>
#include <vector>

namespace orinet {

class Feedback;

//! How strictly Dataset::open treats problems with individual pairs.
struct OpenOptions {
    //! Drop pairs (and split entries) with problems and keep the good ones; the report lists
    //! what was dropped. Otherwise open() throws one Error holding the whole summary.
    bool skipBadPairs = false;
    //! Open even when pairs have problems, keeping them all and listing the problems in
    //! report() (for tools that show a dataset's state, e.g. `orinet dataset`, the GUI).
    //! skipBadPairs wins when both are set.
    bool keepBadPairs = false;
    //! stat() every image for existence (no decoding). Turn off only for index-only work.
    bool checkFilesExist = true;
    //! Also read every image's header (size, truncation); slower: see Dataset::checkImages.
    bool checkImages = false;
    //! Progress and cancellation for checkImages; may be null.
    Feedback* feedback = nullptr;
};

//! A set of ground/satellite pairs with named splits, read from one of the layouts above.
//!
//! Opening never decodes an image: it parses the index, checks paths (existence with stat(),
//! no escape from the root, unique ids, split indices in range) and reports every problem in
//! one IntegrityReport. A 100,000-pair index opens in well under a second.
//!
//! Threading: a Dataset is an immutable value after open(); it may be read from any number of
//! threads. Copies are cheap enough to hand to a worker (work runs on a copy).
class Dataset {
public:
    //! Reads the dataset at `root`. Throws orinet::Error naming the file (and line) for a
    //! malformed index (wrong column count, non-numeric value, missing .mat variable), and,
    //! unless skipBadPairs or keepBadPairs, one Error whose message is report().summary() when
    //! any pair has a problem.
    static Dataset open(const std::string& root, DatasetLayout layout = DatasetLayout::Auto,
                        const OpenOptions& options = {});

    //! The layout `root` has: Csv when pairs.csv exists, Cvact when ACT_data.mat exists, Cvusa
    //! when splits/ holds .csv files. Throws orinet::Error naming what was looked for.
    static DatasetLayout detectLayout(const std::string& root);

    //! A dataset made in memory instead of read from an index: e.g. the (panorama, positive
    //! tile) pairs a query/gallery dataset such as VIGOR trains on. `layout` decides the
    //! preprocessing (Cvact for full-sphere 2:1 panoramas); `indexPath` names where the pairs
    //! came from, for messages. Paths are taken as given (absolute); nothing is checked on
    //! disk. Throws orinet::Error for a split index outside `pairs`.
    static Dataset fromPairs(std::string root, std::string indexPath, DatasetLayout layout,
                             std::vector<PairRecord> pairs,
                             std::map<std::string, std::vector<size_t>> splits);

    const std::string& root() const noexcept { return mRoot; }
    DatasetLayout layout() const noexcept { return mLayout; }
    //! The index file that was read (pairs.csv, ACT_data.mat or splits/).
    const std::string& indexPath() const noexcept { return mIndexPath; }
    const std::vector<PairRecord>& pairs() const noexcept { return mPairs; }
    //! Sorted split names.
    std::vector<std::string> splitNames() const;
    bool hasSplit(const std::string& name) const { return mSplits.count(name) > 0; }
    //! Indices into pairs() of the split, in index-file order. Throws orinet::Error listing the
    //! split names when there is no such split.
    const std::vector<size_t>& split(const std::string& name) const;
    //! Issues found on open (file + reason), and how many pairs were skipped.
    const IntegrityReport& report() const noexcept { return mReport; }
    //! True when every pair has a UTM position.
    bool hasPositions() const;

    //! The deep check: reads the header of every image (no decoding) and reports files that
    //! are unreadable, truncated, or have the wrong shape (satellite tiles must be square;
    //! panoramas wider than tall, and 2:1 for CVACT, whose preprocessing crops the middle half
    //! of the rows). Reports progress on `feedback` every few files and throws
    //! orinet::Canceled when it is canceled. Runs on the calling thread.
    IntegrityReport checkImages(Feedback* feedback = nullptr) const;

    //! A copy without the given pairs (indices into pairs()); splits are renumbered.
    Dataset withoutPairs(const std::vector<size_t>& pairIndices) const;

private:
    //! checkImages() for the pairs not yet marked in `bad`; marks the ones it finds bad.
    IntegrityReport checkImagesOf(Feedback* feedback, std::vector<char>& bad) const;

    std::string mRoot;
    std::string mIndexPath;
    DatasetLayout mLayout = DatasetLayout::Csv;
    std::vector<PairRecord> mPairs;
    std::map<std::string, std::vector<size_t>> mSplits;
    IntegrityReport mReport;
    //! Index-file location of each pair ("pairs.csv:12"), for messages about the pair.
    std::vector<std::string> mSources;
};

} // namespace orinet
