#include "dataset/integrityreport.h"

#include <sstream>

namespace orinet {

std::string IntegrityReport::summary(size_t maxLines) const {
    std::ostringstream out;
    auto checked = [&] {
        if (checkedPairs)
            out << " in " << checkedPairs << " pairs";
        else if (checkedImages)
            out << " in " << checkedImages << " images";
    };
    if (issues.empty()) {
        out << "no problems found";
        checked();
        return out.str();
    }
    out << issues.size() << (issues.size() == 1 ? " problem" : " problems");
    checked();
    if (skippedPairs || skippedSplitEntries)
        out << " (skipped " << skippedPairs << " pairs, " << skippedSplitEntries
            << " split entries)";
    out << ":";
    for (size_t i = 0; i < issues.size() && i < maxLines; ++i) {
        out << "\n  " << issues[i].file << ": " << issues[i].reason;
        if (!issues[i].pairId.empty())
            out << " [pair " << issues[i].pairId << "]";
    }
    if (issues.size() > maxLines)
        out << "\n  ... and " << issues.size() - maxLines << " more";
    return out.str();
}

} // namespace orinet
