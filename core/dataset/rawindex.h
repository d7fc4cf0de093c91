#pragma once

#include "dataset/integrityreport.h"
#include "dataset/pairrecord.h"

#include <map>
#include <string>
#include <vector>

namespace orinet {

//! What a format's reader produces before Dataset::open's common checks (duplicate ids, file
//! existence, images): records, where each came from ("file:line"), the splits, and the
//! problems the reader itself found (bad paths, bad indices). Paths are absolute.
struct RawIndex {
    std::string indexPath;
    std::vector<PairRecord> pairs;
    std::vector<std::string> sources; //!< per pair: "pairs.csv:12", "ACT_data.mat: panoIds{3}"
    std::vector<char> bad;            //!< per pair: 1 when a problem makes it unusable
    std::map<std::string, std::vector<size_t>> splits;
    IntegrityReport report;

    void addPair(PairRecord record, std::string source) {
        pairs.push_back(std::move(record));
        sources.push_back(std::move(source));
        bad.push_back(0);
    }
    void markBad(size_t pair, std::string file, std::string reason) {
        report.add(std::move(file), std::move(reason), pairs[pair].id);
        bad[pair] = 1;
    }
};

} // namespace orinet
