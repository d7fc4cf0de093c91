#include "retrieval/evaluation.h"

#include "common/error.h"
#include "common/feedback.h"
#include "dataset/dataset.h"
#include "io/npyarray.h"
#include "retrieval/descriptorset.h"
#include "retrieval/shortlistcheck.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <optional>

namespace orinet {

metrics::EvaluationReport Evaluation::run(const DescriptorSet& descriptors,
                                          const EvaluationOptions& options,
                                          const std::vector<UtmPosition>& positions,
                                          Feedback& feedback) {
    if (options.top < 0)
        throw Error("top-K must be at least 1 (or 0 for the default), got " +
                    std::to_string(options.top));
    descriptors.validate();
    // A part's gallery lacks the other parts' items: its recall would look better than it is.
    if (descriptors.shard.isPart() && descriptors.shard.count > 1)
        throw Error("these descriptors are " + descriptors.shard.label(descriptors.ground.rows) +
                    " of split '" + descriptors.provenance.split +
                    "': evaluate all parts together (orinet eval --descriptors PART1,PART2,...)");
    const bool groundQueries = metrics::queriesAreGround(options.direction);
    const cv::Mat& queries = groundQueries ? descriptors.ground : descriptors.satellite;
    const cv::Mat& gallery = groundQueries ? descriptors.satellite : descriptors.ground;
    if (!positions.empty() && static_cast<int>(positions.size()) != descriptors.ground.rows)
        throw Error(std::to_string(positions.size()) + " positions for " +
                    std::to_string(descriptors.ground.rows) + " descriptor pairs");
    for (double d : options.geoMetres)
        if (!(d >= 0) || !std::isfinite(d))
            throw Error("geo-recall thresholds must be finite and >= 0 metres");

    const int64_t top =
        std::min<int64_t>(options.top > 0 ? options.top : defaultTop(gallery.rows), gallery.rows);
    RetrievalOptions retrieval = options.retrieval;
    retrieval.k = std::max(retrieval.k, top);
    retrieval.trueMatchRanks = true;

    if (options.checkSample < 0)
        throw Error("the check sample must be at least 0 queries, got " +
                    std::to_string(options.checkSample));
    const bool check = options.backend == RetrievalBackend::FaissIvfPq && options.checkSample > 0;
    // The check's share of the progress bar, roughly: half of S/N (S exact queries of N), at
    // most half of the bar.
    const double searchShare =
        check ? 1.0 - 0.5 * std::min<double>(1.0, double(options.checkSample) / queries.rows) : 1.0;
    const auto start = std::chrono::steady_clock::now();
    RetrievalResult result;
    {
        Feedback part(feedback, 0.0, searchShare);
        result = Retrieval::search(queries, gallery, options.backend, retrieval, part);
    }
    const auto stop = std::chrono::steady_clock::now();
    const double seconds = std::chrono::duration<double>(stop - start).count();
    std::optional<metrics::ApproximationCheck> approximation;
    if (check) {
        Feedback part(feedback, searchShare, 1.0);
        approximation = ShortlistCheck::run(result, queries, gallery, retrieval, seconds,
                                            options.checkSample, options.checkSeed, part);
    }

    metrics::EvaluationReport report;
    report.direction = options.direction;
    report.backend = toString(options.backend);
    report.provenance = descriptors.provenance;
    report.seconds = seconds;
    report.approximation = approximation;
    report.computeFromRanks(result.ranks, gallery.rows, top, result.ranksExact,
                            result.ranksExact ? result.k : result.rankDepth);
    report.ids = descriptors.ids;
    report.nearest.resize(static_cast<size_t>(result.queryCount));
    report.nearestScore.resize(static_cast<size_t>(result.queryCount));
    for (int64_t i = 0; i < result.queryCount; ++i) {
        report.nearest[static_cast<size_t>(i)] = result.idsOf(i)[0];
        report.nearestScore[static_cast<size_t>(i)] = result.scoresOf(i)[0];
    }
    if (!positions.empty())
        for (double metres : options.geoMetres)
            report.geo.push_back({metres, metrics::geoRecallCurve(result.ids, result.k, positions,
                                                                  positions, metres, top)});
    return report;
}

int64_t Evaluation::defaultTop(int64_t galleryCount) {
    return std::max<int64_t>(
        100, metrics::onePercentThreshold(galleryCount, metrics::OnePercentVariant::Original));
}

std::vector<UtmPosition> Evaluation::positions(const Dataset& dataset, const std::string& split,
                                               std::string* why) {
    const std::vector<size_t>& indices = dataset.split(split);
    std::vector<UtmPosition> out;
    out.reserve(indices.size());
    for (size_t i : indices) {
        const auto& utm = dataset.pairs()[i].utm;
        if (!utm) {
            if (why)
                *why = "the dataset has no UTM position for pair '" + dataset.pairs()[i].id + "'";
            return {};
        }
        out.push_back(*utm);
    }
    return out;
}

std::vector<UtmPosition> Evaluation::loadPositions(const std::string& npyPath) {
    const NpyArray array = NpyArray::load(npyPath);
    if (array.shape().size() != 2 || array.shape()[1] != 2)
        throw Error(npyPath, "positions must be an N x 2 array (easting, northing in metres)");
    std::vector<UtmPosition> out(array.shape()[0]);
    for (size_t i = 0; i < out.size(); ++i) {
        double e, n;
        if (array.dtype() == NpyArray::DType::Float64) {
            e = array.data<double>()[2 * i];
            n = array.data<double>()[2 * i + 1];
        } else if (array.dtype() == NpyArray::DType::Float32) {
            e = array.data<float>()[2 * i];
            n = array.data<float>()[2 * i + 1];
        } else {
            throw Error(npyPath, "positions must be float32 or float64, got " + array.descr());
        }
        if (!std::isfinite(e) || !std::isfinite(n))
            throw Error(npyPath, "position " + std::to_string(i) + " is not finite");
        out[i] = {e, n}; // a bare array has no zone
    }
    return out;
}

} // namespace orinet
