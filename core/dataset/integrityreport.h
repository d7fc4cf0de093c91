#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace orinet {

//! One problem found while opening or checking a dataset: the file it is about (an image, or
//! the index file with ":<line>") and why it is a problem.
struct IntegrityIssue {
    std::string file;
    std::string reason;
    std::string pairId; //!< the pair it makes unusable; empty when not about one pair
};

//! Everything found wrong with a dataset's integrity (its index and its files agree with each
//! other and with the layout), gathered so the user sees ONE summary instead of fixing
//! problems one failed run at a time. "Validation" in this project means the val split only.
struct IntegrityReport {
    std::vector<IntegrityIssue> issues;
    size_t checkedPairs = 0; //!< pairs that were looked at
    //! Images looked at, for a check of files rather than pairs (VigorImageCheck); the summary
    //! counts these when no pairs were checked.
    size_t checkedImages = 0;
    size_t skippedPairs = 0; //!< pairs dropped because of an issue (OpenOptions::skipBadPairs)
    size_t skippedSplitEntries = 0; //!< split entries dropped (bad indices, dropped pairs)

    bool ok() const noexcept { return issues.empty(); }
    //! "N problems in M pairs" (or "in M images") followed by up to maxLines "file: reason" lines
    //! and "... and K more" when truncated.
    std::string summary(size_t maxLines = 20) const;
    void add(std::string file, std::string reason, std::string pairId = {}) {
        issues.push_back({std::move(file), std::move(reason), std::move(pairId)});
    }
};

} // namespace orinet
