#include "retrieval/descriptorshard.h"

#include "common/error.h"

#include <nlohmann/json.hpp>
#include <xxhash.h>

#include <cstdio>
#include <cstdlib>

namespace orinet {

DescriptorShard DescriptorShard::parse(const std::string& text) {
    const auto bad = [&](const std::string& why) {
        return Error("--shard K/N: '" + text + "' " + why);
    };
    const size_t slash = text.find('/');
    if (slash == std::string::npos || slash == 0 || slash + 1 == text.size())
        throw bad("is not of the form K/N (e.g. 2/4: the second of four parts)");
    const auto number = [&](const std::string& part) {
        if (part.empty() || part.size() > 6 || part.find_first_not_of("0123456789") != part.npos)
            throw bad("is not of the form K/N with whole numbers");
        return std::atoi(part.c_str());
    };
    DescriptorShard shard;
    shard.index = number(text.substr(0, slash));
    shard.count = number(text.substr(slash + 1));
    if (shard.count < 1 || shard.index < 1 || shard.index > shard.count)
        throw bad("is out of range: parts are numbered 1 to N");
    return shard;
}

DescriptorShard::Range DescriptorShard::rows(int64_t pairs, int64_t batchSize, int index,
                                             int count) {
    if (count < 1 || index < 1 || index > count)
        throw Error("shard " + std::to_string(index) + "/" + std::to_string(count) +
                    " does not exist: parts are numbered 1 to N");
    const int64_t batch = std::max<int64_t>(1, batchSize);
    // The batches as the extractor forms them: every one alone, the last partial one too.
    const int64_t batches = (pairs + batch - 1) / batch;
    if (batches < count)
        throw Error("the split has " + std::to_string(pairs) + " pairs, " +
                    std::to_string(batches) + " batch" + (batches == 1 ? "" : "es") + " of " +
                    std::to_string(batch) + ": it cannot be cut into " + std::to_string(count) +
                    " parts of whole batches (use at most " + std::to_string(batches) +
                    " parts, or a smaller --batch)");
    const int64_t firstBatch = batches * (index - 1) / count;
    const int64_t endBatch = batches * index / count;
    Range r;
    r.begin = firstBatch * batch;
    r.end = index == count ? pairs : endBatch * batch;
    return r;
}

std::string DescriptorShard::fingerprint(const std::vector<std::string>& ids) {
    XXH3_state_t* state = XXH3_createState();
    XXH3_64bits_reset(state);
    const uint64_t n = ids.size();
    XXH3_64bits_update(state, &n, sizeof n);
    for (const std::string& id : ids) {
        const uint64_t length = id.size(); // lengths keep "ab","c" apart from "a","bc"
        XXH3_64bits_update(state, &length, sizeof length);
        XXH3_64bits_update(state, id.data(), id.size());
    }
    const XXH64_hash_t hash = XXH3_64bits_digest(state);
    XXH3_freeState(state);
    char text[32];
    std::snprintf(text, sizeof text, "xxh3:%016llx", static_cast<unsigned long long>(hash));
    return text;
}

std::string DescriptorShard::label(int64_t rows) const {
    if (!isPart())
        return "whole split";
    return "shard " + std::to_string(index) + "/" + std::to_string(count) + " (pairs " +
           std::to_string(first) + "-" + std::to_string(first + rows - 1) + " of " +
           std::to_string(splitPairs) + ")";
}

std::string DescriptorShard::toJson() const {
    nlohmann::ordered_json j;
    j["index"] = index;
    j["count"] = count;
    j["first"] = first;
    j["split_pairs"] = splitPairs;
    j["split_ids"] = splitIds;
    j["weights"] = weights;
    return j.dump();
}

DescriptorShard DescriptorShard::fromJson(const std::string& json, const std::string& source) {
    try {
        const nlohmann::json j = nlohmann::json::parse(json);
        if (!j.is_object())
            throw Error(source, "\"shard\" is not a JSON object");
        DescriptorShard s;
        s.index = j.at("index").get<int>();
        s.count = j.at("count").get<int>();
        s.first = j.at("first").get<int64_t>();
        s.splitPairs = j.at("split_pairs").get<int64_t>();
        s.splitIds = j.value("split_ids", std::string());
        s.weights = j.value("weights", std::string());
        if (s.count < 1 || s.index < 1 || s.index > s.count || s.first < 0 ||
            s.first >= s.splitPairs)
            throw Error(source, "\"shard\" is out of range (part " + std::to_string(s.index) +
                                    " of " + std::to_string(s.count) + ", first pair " +
                                    std::to_string(s.first) + " of " +
                                    std::to_string(s.splitPairs) + ")");
        return s;
    } catch (const nlohmann::json::exception& e) {
        throw Error(source, std::string("invalid \"shard\": ") + e.what());
    }
}

} // namespace orinet
