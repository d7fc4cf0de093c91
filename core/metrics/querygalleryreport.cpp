#include "metrics/querygalleryreport.h"

#include "common/atomicfile.h"
#include "common/error.h"
#include "dataset/querygallery.h"
#include "metrics/querygalleryevaluation.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>

namespace orinet::metrics {

namespace fs = std::filesystem;

namespace {

const char* const kFormat = "orinet-querygallery-results";

nlohmann::ordered_json summaryOf(const QueryGalleryReport& r) {
    nlohmann::ordered_json j;
    j["format"] = kFormat;
    j["version"] = 1;
    j["protocol"] = r.protocol;
    j["split"] = r.split;
    j["dataset"] = r.dataset;
    j["descriptors"] = r.descriptors;
    j["provenance"] = nlohmann::ordered_json::parse(r.provenance.toJson());
    j["created"] = r.created;
    j["seconds"] = r.seconds;
    j["queries"] = r.queries.size();
    j["gallery"] = r.galleryCount;
    j["recall_at_1"] = r.recallAt1;
    j["recall_at_5"] = r.recallAt5;
    j["recall_at_10"] = r.recallAt10;
    j["recall_at_1_percent"] = r.recallAtOnePercent;
    j["recall_at_1_percent_strict"] = r.recallAtOnePercentStrict;
    j["hit_rate"] = r.hitRate;
    j["top1_covers"] = r.top1Covers;
    if (r.hasMetres) {
        j["metres"] = {{"median", r.medianMetres},
                       {"p25", r.metres25},
                       {"p75", r.metres75},
                       {"p90", r.metres90}};
        nlohmann::ordered_json within = nlohmann::ordered_json::array();
        for (const auto& [m, share] : r.withinMetres)
            within.push_back({{"metres", m}, {"recall", share}});
        j["within_metres"] = within;
    } else {
        j["metres"] = nullptr;
    }
    return j;
}

} // namespace

std::string QueryGalleryReport::itemName(const std::string& group, const std::string& name) {
    return group.empty() ? name : group + "/" + name;
}

QueryGalleryReport QueryGalleryReport::make(const QueryGalleryEvaluation& e,
                                            const QueryGallery& truth,
                                            const std::vector<double>& metres) {
    QueryGalleryReport r;
    r.galleryCount = e.galleryCount();
    r.recallAt1 = e.recallAt(1);
    r.recallAt5 = e.recallAt(5);
    r.recallAt10 = e.recallAt(10);
    r.recallAtOnePercent = e.recallAtOnePercent(OnePercentVariant::Original);
    r.recallAtOnePercentStrict = e.recallAtOnePercent(OnePercentVariant::Strict);
    r.hitRate = e.hitRate();
    r.top1Covers = e.top1CoversRate();
    r.hasMetres = e.hasMetres();
    if (r.hasMetres) {
        r.medianMetres = e.medianMetres();
        r.metres25 = e.metresPercentile(25);
        r.metres75 = e.metresPercentile(75);
        r.metres90 = e.metresPercentile(90);
        for (double m : metres)
            r.withinMetres.emplace_back(m, e.recallWithinMetres(m));
    }
    for (int64_t i = 0; i < truth.galleryCount(); ++i)
        r.galleryNames.push_back(itemName(truth.galleryItem(i).group, truth.galleryItem(i).name));
    for (int64_t q = 0; q < e.queryCount(); ++q) {
        Query query;
        query.name = itemName(truth.query(q).group, truth.query(q).name);
        query.positive = truth.positive(q);
        query.rank = e.ranks()[static_cast<size_t>(q)];
        query.hit = e.hit(q);
        query.top1Covers = truth.covers(q, e.top1()[static_cast<size_t>(q)]);
        if (r.hasMetres)
            query.top1Metres = e.top1Metres()[static_cast<size_t>(q)];
        query.top = e.top(q);
        query.scores = e.topScores(q);
        r.queries.push_back(std::move(query));
    }
    return r;
}

const char* QueryGalleryReport::fileName() {
    return "querygallery.json";
}

OutputTarget::FileKind QueryGalleryReport::fileKind() {
    return {"query/gallery results (querygallery.json)", [](const std::string& head) {
                return head.find(std::string("\"format\": \"") + kFormat + "\"") !=
                       std::string::npos;
            }};
}

void QueryGalleryReport::checkMadeOn(const QueryGallery& truth, const std::string& file) const {
    if (truth.queryCount() != static_cast<int64_t>(queries.size()) ||
        truth.galleryCount() != galleryCount)
        throw Error(file, "made on another state of the dataset at " + dataset + ": " +
                              std::to_string(queries.size()) + " queries and " +
                              std::to_string(galleryCount) + " tiles in the results, " +
                              std::to_string(truth.queryCount()) + " and " +
                              std::to_string(truth.galleryCount()) + " there now");
    for (int64_t q = 0; q < truth.queryCount(); ++q) {
        const std::string name = itemName(truth.query(q).group, truth.query(q).name);
        const std::string& saved = queries[static_cast<size_t>(q)].name;
        if (name != saved)
            throw Error(file, "query " + std::to_string(q + 1) + " is " + saved +
                                  " in the results but " + name + " in " + dataset +
                                  ": the dataset changed since");
    }
}

std::string QueryGalleryReport::summaryJson() const {
    return summaryOf(*this).dump(2);
}

void QueryGalleryReport::save(const std::string& directory) const {
    std::error_code ec;
    fs::create_directories(directory, ec);
    if (ec)
        throw Error(directory, "cannot create the folder: " + ec.message());
    nlohmann::ordered_json j = summaryOf(*this);
    j["gallery_names"] = galleryNames;
    nlohmann::ordered_json rows = nlohmann::ordered_json::array();
    for (const Query& q : queries) {
        nlohmann::ordered_json row;
        row["name"] = q.name;
        row["positive"] = q.positive;
        row["rank"] = q.rank;
        row["hit"] = q.hit;
        row["top1_covers"] = q.top1Covers;
        if (hasMetres)
            row["top1_metres"] = q.top1Metres;
        row["top"] = q.top;
        row["scores"] = q.scores;
        rows.push_back(std::move(row));
    }
    j["per_query"] = std::move(rows);
    // dump(1): the format marker stays in the first bytes fileKind() reads
    AtomicFile::writeAll((fs::path(directory) / fileName()).string(), j.dump(1) + "\n", fileKind());
}

QueryGalleryReport QueryGalleryReport::load(const std::string& file) {
    std::ifstream in(file);
    if (!in)
        throw Error(file, "cannot be read");
    QueryGalleryReport r;
    try {
        const nlohmann::json j = nlohmann::json::parse(in);
        if (j.value("format", std::string()) != kFormat)
            throw Error(file, std::string("is no ") + kFormat + " file");
        r.protocol = j.at("protocol").get<std::string>();
        r.split = j.at("split").get<std::string>();
        r.dataset = j.at("dataset").get<std::string>();
        r.descriptors = j.at("descriptors").get<std::string>();
        r.provenance = Provenance::fromJson(j.at("provenance").dump(), file);
        r.created = j.at("created").get<std::string>();
        r.seconds = j.at("seconds").get<double>();
        r.galleryCount = j.at("gallery").get<int64_t>();
        r.recallAt1 = j.at("recall_at_1").get<double>();
        r.recallAt5 = j.at("recall_at_5").get<double>();
        r.recallAt10 = j.at("recall_at_10").get<double>();
        r.recallAtOnePercent = j.at("recall_at_1_percent").get<double>();
        r.recallAtOnePercentStrict = j.at("recall_at_1_percent_strict").get<double>();
        r.hitRate = j.at("hit_rate").get<double>();
        r.top1Covers = j.at("top1_covers").get<double>();
        r.hasMetres = !j.at("metres").is_null();
        if (r.hasMetres) {
            const auto& m = j.at("metres");
            r.medianMetres = m.at("median").get<double>();
            r.metres25 = m.at("p25").get<double>();
            r.metres75 = m.at("p75").get<double>();
            r.metres90 = m.at("p90").get<double>();
            for (const auto& w : j.at("within_metres"))
                r.withinMetres.emplace_back(w.at("metres").get<double>(),
                                            w.at("recall").get<double>());
        }
        r.galleryNames = j.at("gallery_names").get<std::vector<std::string>>();
        for (const auto& row : j.at("per_query")) {
            Query q;
            q.name = row.at("name").get<std::string>();
            q.positive = row.at("positive").get<int64_t>();
            q.rank = row.at("rank").get<int64_t>();
            q.hit = row.at("hit").get<bool>();
            q.top1Covers = row.at("top1_covers").get<bool>();
            q.top1Metres = row.value("top1_metres", -1.0);
            q.top = row.at("top").get<std::vector<int64_t>>();
            q.scores = row.at("scores").get<std::vector<float>>();
            r.queries.push_back(std::move(q));
        }
    } catch (const nlohmann::json::exception& e) {
        throw Error(file, std::string("is no valid query/gallery results file: ") + e.what());
    }
    return r;
}

} // namespace orinet::metrics
