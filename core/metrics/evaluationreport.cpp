#include "metrics/evaluationreport.h"

#include "common/atomicfile.h"
#include "common/error.h"
#include "common/numbertext.h"
#include "common/textformat.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>

namespace orinet::metrics {

namespace fs = std::filesystem;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// NaN as JSON null (nlohmann would do it too, but explicitly is clearer for readers).
nlohmann::json number(double v) {
    return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr);
}

double numberOf(const nlohmann::json& j, const char* key) {
    if (!j.contains(key) || j[key].is_null())
        return kNaN;
    return j[key].get<double>();
}

std::vector<double> curveOf(const nlohmann::json& j) {
    std::vector<double> out;
    for (const auto& v : j)
        out.push_back(v.is_null() ? kNaN : v.get<double>());
    return out;
}

std::string csvNumber(double v) {
    if (!std::isfinite(v))
        return {};
    return text::fixed(v, 6);
}

} // namespace

void EvaluationReport::computeFromRanks(const TrueMatchRanks& r, int64_t gallery, int64_t top,
                                        bool exact, int64_t retrieved) {
    if (r.empty())
        throw Error("evaluation of an empty query set");
    if (top < 1)
        throw Error("top-K must be at least 1");
    ranks = r;
    galleryCount = gallery;
    queryCount = static_cast<int64_t>(r.size());
    ranksExact = exact;
    recall = recallCurve(r, top);
    // Ranks are only known below `retrieved` for an approximate search.
    const int64_t known = exact ? std::numeric_limits<int64_t>::max() : retrieved;
    if (!exact)
        for (int64_t k = std::max<int64_t>(known, 0) + 1; k <= top; ++k)
            recall[static_cast<size_t>(k - 1)] = kNaN;
    const auto onePercent = [&](OnePercentVariant v) {
        return onePercentThreshold(gallery, v) <= known ? recallAtOnePercent(r, gallery, v) : kNaN;
    };
    recallOnePercent = onePercent(OnePercentVariant::Original);
    recallOnePercentStrict = onePercent(OnePercentVariant::Strict);
    meanRank = exact ? metrics::meanRank(r) : kNaN;
    medianRank = exact ? metrics::medianRank(r) : kNaN;
}

double EvaluationReport::recallAt(int64_t k) const {
    if (k < 1 || k > static_cast<int64_t>(recall.size()))
        return kNaN;
    return recall[static_cast<size_t>(k - 1)];
}

std::string EvaluationReport::jsonFileName(Direction direction) {
    return "eval_" + toString(direction) + ".json";
}

bool EvaluationReport::isJsonFileName(const std::string& name) {
    return name.size() >= 10 && name.compare(0, 5, "eval_") == 0 &&
           name.compare(name.size() - 5, 5, ".json") == 0;
}

std::string EvaluationReport::toJson(bool perQuery) const {
    nlohmann::json j;
    j["format"] = "orinet-evaluation";
    j["version"] = 1;
    j["direction"] = toString(direction);
    j["backend"] = backend;
    j["descriptors"] = descriptors;
    const nlohmann::json origin = nlohmann::json::parse(provenance.toJson());
    for (const auto& [key, value] : origin.items())
        j[key] = value;
    j["created"] = created.empty() ? text::isoTimestampUtc() : created;
    j["seconds"] = seconds;
    j["queries"] = queryCount;
    j["gallery"] = galleryCount;
    j["top"] = recall.size();
    j["r1"] = number(recallAt(1));
    j["r5"] = number(recallAt(5));
    j["r10"] = number(recallAt(10));
    j["r1_percent"] = number(recallOnePercent);
    j["r1_percent_strict"] = number(recallOnePercentStrict);
    j["one_percent_threshold"] = onePercentThreshold(galleryCount, OnePercentVariant::Original);
    j["mean_rank"] = number(meanRank);
    j["median_rank"] = number(medianRank);
    j["ranks_exact"] = ranksExact;
    nlohmann::json curve = nlohmann::json::array();
    for (double v : recall)
        curve.push_back(number(v));
    j["recall_at"] = curve;
    nlohmann::json geoList = nlohmann::json::array();
    for (const GeoRecall& g : geo) {
        nlohmann::json c = nlohmann::json::array();
        for (double v : g.curve)
            c.push_back(number(v));
        // geo-recall at the 1 % threshold (CVACT_test's fourth published figure), when the
        // curve reaches it (the default top does).
        const int64_t k = onePercentThreshold(galleryCount, OnePercentVariant::Original);
        geoList.push_back({{"metres", g.metres},
                           {"r1_percent", number(k <= static_cast<int64_t>(g.curve.size())
                                                     ? g.curve[static_cast<size_t>(k - 1)]
                                                     : kNaN)},
                           {"recall_at", c}});
    }
    j["geo"] = geoList;
    if (approximation) {
        const ApproximationCheck& a = *approximation;
        const ProportionInterval top1 = a.exactTop1Interval(), truth = a.trueMatchInterval();
        nlohmann::json check;
        check["shortlist"] = a.depth;
        check["seed"] = a.seed;
        check["sampled"] = a.sampled;
        check["exact_top1_held"] = a.exactTop1Held;
        check["exact_top1_share"] = number(a.exactTop1Share());
        check["exact_top1_ci95"] = {number(top1.low), number(top1.high)};
        check["true_match_within_exact_top"] = a.trueMatchWithinDepth;
        check["true_match_held"] = a.trueMatchHeld;
        check["true_match_share"] = number(a.trueMatchShare());
        check["true_match_ci95"] = {number(truth.low), number(truth.high)};
        check["sample_seconds"] = a.sampleSeconds;
        check["dimension"] = a.dimension;
        check["approximate_seconds"] = a.approximateSeconds;
        check["exact_seconds_estimate"] = number(a.exactSecondsEstimate);
        check["gflops"] = number(a.gflops);
        check["exact_estimated_faster"] = a.exactFaster();
        check["memory_budget"] = a.memoryBudget;
        check["gallery_fits_memory_budget"] = a.galleryFitsBudget;
        check["summary"] = a.coverageLines(backend);
        j["approximation_check"] = check;
        j["warnings"] = a.warnings();
    }
    if (!perQuery)
        return j.dump(2);
    j["ranks"] = ranks;
    j["ids"] = ids;
    j["nearest"] = nearest;
    j["nearest_score"] = nearestScore;
    return j.dump(1) + "\n";
}

OutputTarget::FolderKind EvaluationReport::folderKind() {
    OutputTarget::FolderKind kind;
    kind.name = "evaluation results (eval_*.json, recall_*.csv, ranks_*.csv)";
    kind.recognises = [](const std::string& folder) {
        std::error_code ec;
        for (const fs::directory_entry& entry : fs::directory_iterator(folder, ec)) {
            const std::string name = entry.path().filename().string();
            const auto has = [&](const char* prefix, const char* suffix) {
                const std::string p(prefix), s(suffix);
                return name.size() > p.size() + s.size() && name.compare(0, p.size(), p) == 0 &&
                       name.compare(name.size() - s.size(), s.size(), s) == 0;
            };
            if (has("eval_", ".json") || has("recall_", ".csv") || has("ranks_", ".csv") ||
                has("gallery_", ".ivfpq"))
                return true;
        }
        return false;
    };
    return kind;
}

void EvaluationReport::save(const std::string& directory) const {
    OutputTarget::checkFolder(directory, folderKind());
    std::error_code ec;
    fs::create_directories(directory, ec);
    if (ec)
        throw Error(directory, "cannot create the folder: " + ec.message());
    const fs::path dir(directory);

    std::ostringstream curve;
    curve << "k,recall";
    for (const GeoRecall& g : geo)
        curve << ",geo_recall_" << csvNumber(g.metres) << "m";
    curve << "\n";
    for (size_t k = 0; k < recall.size(); ++k) {
        curve << (k + 1) << "," << csvNumber(recall[k]);
        for (const GeoRecall& g : geo)
            curve << "," << (k < g.curve.size() ? csvNumber(g.curve[k]) : std::string());
        curve << "\n";
    }
    AtomicFile::writeAll((dir / ("recall_" + toString(direction) + ".csv")).string(), curve.str());

    std::ostringstream perQuery;
    perQuery << "query,id,rank,nearest,nearest_score\n";
    for (size_t i = 0; i < ranks.size(); ++i) {
        perQuery << i << "," << (i < ids.size() ? text::csvField(ids[i]) : std::string()) << ","
                 << ranks[i] << ",";
        if (i < nearest.size())
            perQuery << nearest[i];
        perQuery << ",";
        if (i < nearestScore.size())
            perQuery << csvNumber(nearestScore[i]);
        perQuery << "\n";
    }
    AtomicFile::writeAll((dir / ("ranks_" + toString(direction) + ".csv")).string(),
                         perQuery.str());
    // The JSON last: it is what readers look for.
    AtomicFile::writeAll((dir / jsonFileName(direction)).string(), toJson());
}

EvaluationReport EvaluationReport::loadJson(const std::string& path) {
    std::ifstream in(path);
    if (!in)
        throw Error(path, "cannot open the results file");
    EvaluationReport r;
    try {
        nlohmann::json j;
        in >> j;
        if (j.value("format", std::string()) != "orinet-evaluation")
            throw Error(path, "not an OriNet evaluation result (no \"format\": "
                              "\"orinet-evaluation\")");
        try {
            r.direction =
                fromString<Direction>(j.value("direction", toString(Direction::GroundToSatellite)));
        } catch (const Error& e) {
            throw Error(path, e.what());
        }
        r.backend = j.value("backend", std::string());
        r.descriptors = j.value("descriptors", std::string());
        r.provenance = Provenance::fromJson(j.dump(), path);
        r.created = j.value("created", std::string());
        r.seconds = j.value("seconds", 0.0);
        r.queryCount = j.value("queries", int64_t(0));
        r.galleryCount = j.value("gallery", int64_t(0));
        r.recall = curveOf(j.at("recall_at"));
        r.recallOnePercent = numberOf(j, "r1_percent");
        r.recallOnePercentStrict = numberOf(j, "r1_percent_strict");
        r.meanRank = numberOf(j, "mean_rank");
        r.medianRank = numberOf(j, "median_rank");
        r.ranksExact = j.value("ranks_exact", true);
        if (j.contains("geo"))
            for (const auto& g : j["geo"])
                r.geo.push_back({g.at("metres").get<double>(), curveOf(g.at("recall_at"))});
        if (j.contains("approximation_check")) {
            const nlohmann::json& c = j["approximation_check"];
            ApproximationCheck a;
            a.depth = c.at("shortlist").get<int64_t>();
            a.seed = c.value("seed", uint64_t(0));
            a.sampled = c.at("sampled").get<int64_t>();
            a.exactTop1Held = c.at("exact_top1_held").get<int64_t>();
            a.trueMatchWithinDepth = c.at("true_match_within_exact_top").get<int64_t>();
            a.trueMatchHeld = c.at("true_match_held").get<int64_t>();
            if (a.sampled < 0 || a.exactTop1Held < 0 || a.exactTop1Held > a.sampled ||
                a.trueMatchWithinDepth < 0 || a.trueMatchWithinDepth > a.sampled ||
                a.trueMatchHeld < 0 || a.trueMatchHeld > a.trueMatchWithinDepth)
                throw Error(path, "the approximation check's counts do not add up");
            a.sampleSeconds = c.value("sample_seconds", 0.0);
            a.queryCount = r.queryCount;
            a.galleryCount = r.galleryCount;
            a.dimension = c.value("dimension", int64_t(0));
            a.approximateSeconds = c.value("approximate_seconds", r.seconds);
            a.exactSecondsEstimate = numberOf(c, "exact_seconds_estimate");
            a.gflops = numberOf(c, "gflops");
            a.memoryBudget = c.value("memory_budget", size_t(0));
            a.galleryFitsBudget = c.value("gallery_fits_memory_budget", false);
            r.approximation = a;
        }
        if (j.contains("ranks"))
            r.ranks = j["ranks"].get<TrueMatchRanks>();
        if (j.contains("ids"))
            r.ids = j["ids"].get<std::vector<std::string>>();
        if (j.contains("nearest"))
            r.nearest = j["nearest"].get<std::vector<int64_t>>();
        if (j.contains("nearest_score"))
            r.nearestScore = j["nearest_score"].get<std::vector<float>>();
    } catch (const nlohmann::json::exception& e) {
        throw Error(path, std::string("not a valid results file: ") + e.what());
    }
    if (r.recall.empty())
        throw Error(path, "the results file has no recall curve");
    return r;
}

} // namespace orinet::metrics
