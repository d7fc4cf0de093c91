#include "retrieval/retrieval.h"

#include "common/error.h"
#include "common/feedback.h"
#include "retrieval/blockedsearch.h"
#include "retrieval/faissindex.h"
#include "retrieval/shortlistreranker.h"

#include <opencv2/core.hpp>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <filesystem>

namespace orinet {

namespace {

// Whether a continuous CV_32F matrix holds no NaN or infinity: the exponent bits of each value,
// compared vectorised and on every thread. cv::checkRange, one thread, took ~10 ms of an
// 8,884 x 8,884 search's ~0.55 s for the two 55 MB descriptor sets.
bool allFinite(const cv::Mat& m) {
    const float* values = m.ptr<float>();
    const int64_t count = static_cast<int64_t>(m.total());
    uint32_t infinite = 0;
#pragma omp parallel for schedule(static) reduction(| : infinite) if (count >= (int64_t(1) << 20))
    for (int64_t i = 0; i < count; ++i) {
        uint32_t bits;
        std::memcpy(&bits, values + i, sizeof bits);
        infinite |= (bits & 0x7f800000u) == 0x7f800000u;
    }
    return !infinite;
}

void checkOne(const cv::Mat& m, const std::string& what) {
    if (m.empty() || m.rows < 1 || m.cols < 1)
        throw Error(what + " is empty");
    if (m.type() != CV_32FC1 || m.dims != 2 || !m.isContinuous())
        throw Error(what + " must be a continuous 2-D float32 matrix");
    if (m.rows >= INT32_MAX)
        throw Error(what + " has too many rows");
    if (!allFinite(m))
        throw Error(what + " contains NaN or infinite values");
}

} // namespace

void Retrieval::validateInputs(const cv::Mat& queries, const cv::Mat& gallery, bool trueMatchRanks,
                               const std::string& what) {
    const std::string prefix = what.empty() ? std::string() : what + ": ";
    checkOne(queries, prefix + "the query set");
    checkOne(gallery, prefix + "the gallery");
    if (queries.cols != gallery.cols)
        throw Error(prefix + "queries have " + std::to_string(queries.cols) +
                    " dimensions but gallery items " + std::to_string(gallery.cols));
    if (trueMatchRanks && queries.rows > gallery.rows)
        throw Error(prefix + std::to_string(queries.rows) + " queries but only " +
                    std::to_string(gallery.rows) +
                    " gallery items: query i's true match must be gallery item i");
}

RetrievalResult Retrieval::search(const cv::Mat& queries, const cv::Mat& gallery,
                                  RetrievalBackend backend, const RetrievalOptions& options,
                                  Feedback& feedback) {
    validateInputs(queries, gallery, options.trueMatchRanks);
    if (options.k < 1)
        throw Error("top-K must be at least 1, got " + std::to_string(options.k));

    if (backend == RetrievalBackend::Blocked)
        return BlockedSearch::search(queries, gallery, options, feedback);

    FaissIndex index;
    const bool approximate = backend == RetrievalBackend::FaissIvfPq;
    std::error_code ec;
    bool reused = false;
    if (approximate && !options.indexPath.empty() &&
        std::filesystem::exists(options.indexPath, ec)) {
        index = FaissIndex::load(options.indexPath);
        const std::string fingerprint = FaissIndex::fingerprint(gallery);
        if (index.kind() != FaissIndex::Kind::IvfPq || index.size() != gallery.rows ||
            index.dimension() != gallery.cols || index.galleryFingerprint() != fingerprint) {
            if (!options.replaceStaleIndex)
                throw Error(options.indexPath,
                            "the saved index was built for another gallery (" +
                                std::to_string(index.size()) + " x " +
                                std::to_string(index.dimension()) + ", " +
                                index.galleryFingerprint() +
                                "; this gallery: " + std::to_string(gallery.rows) + " x " +
                                std::to_string(gallery.cols) + ", " + fingerprint +
                                "); delete it to rebuild, or choose another index file");
        } else {
            reused = true;
            index.setNprobe(options.nprobe);
        }
    }
    if (!reused) {
        index = FaissIndex::build(gallery,
                                  approximate ? FaissIndex::Kind::IvfPq : FaissIndex::Kind::Flat,
                                  options, feedback);
        if (approximate && !options.indexPath.empty())
            index.save(options.indexPath);
    }
    if (approximate && options.shortlist > 0) {
        const RetrievalResult shortlist = index.search(
            queries, std::max(options.k, options.shortlist), options.threads, feedback);
        return ShortlistReranker::rerank(shortlist, queries, gallery, options.k,
                                         options.trueMatchRanks, options.threads, feedback);
    }
    RetrievalResult result = index.search(queries, options.k, options.threads, feedback);
    if (!options.trueMatchRanks)
        return result;
    if (!approximate) {
        // faiss returns only the top k; exact ranks beyond it need every score once more.
        result.ranks = BlockedSearch::trueMatchRanks(queries, gallery, options, feedback);
        return result;
    }
    // Approximate: the position in the approximate list, `k` when absent.
    result.ranksExact = false;
    result.rankDepth = result.k;
    result.ranks.assign(static_cast<size_t>(result.queryCount), result.k);
    for (int64_t i = 0; i < result.queryCount; ++i) {
        const int64_t* ids = result.idsOf(i);
        for (int64_t j = 0; j < result.k; ++j)
            if (ids[j] == i) {
                result.ranks[static_cast<size_t>(i)] = j;
                break;
            }
    }
    return result;
}

} // namespace orinet
