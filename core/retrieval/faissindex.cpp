#include "retrieval/faissindex.h"

#include "common/error.h"
#include "common/feedback.h"

#include <faiss/IndexFlat.h>
#include <faiss/IndexIVFPQ.h>
#include <faiss/impl/FaissException.h>
#include <faiss/index_io.h>
#include <omp.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <thread>
#include <unistd.h>

namespace orinet {

struct FaissIndex::Impl {
    std::unique_ptr<faiss::Index> index;
};

namespace {

int threadCount(int requested) {
    return requested > 0 ? requested
                         : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
}

// Largest divisor of `d` that is <= `wanted` (faiss's PQ needs m | d).
int divisorAtMost(int d, int wanted) {
    for (int m = std::max(1, std::min(wanted, d)); m > 1; --m)
        if (d % m == 0)
            return m;
    return 1;
}

} // namespace

FaissIndex::FaissIndex()
    : mImpl(std::make_unique<Impl>()) {}
FaissIndex::~FaissIndex() = default;
FaissIndex::FaissIndex(FaissIndex&&) noexcept = default;
FaissIndex& FaissIndex::operator=(FaissIndex&&) noexcept = default;

FaissIndex FaissIndex::build(const cv::Mat& gallery, Kind kind, const RetrievalOptions& options,
                             Feedback& feedback) {
    const int64_t m = gallery.rows;
    const int d = gallery.cols;
    if (m < 1 || d < 1 || gallery.type() != CV_32F || !gallery.isContinuous())
        throw Error("faiss index: the gallery must be a non-empty continuous float32 matrix");
    omp_set_num_threads(threadCount(options.threads));
    FaissIndex result;
    try {
        if (kind == Kind::Flat) {
            result.mImpl->index = std::make_unique<faiss::IndexFlatIP>(d);
        } else {
            // faiss wants >= 39 training points per list and per PQ centroid; scale both down
            // for small galleries instead of failing.
            int lists = options.ivfLists > 0
                            ? options.ivfLists
                            : static_cast<int>(4.0 * std::sqrt(static_cast<double>(m)));
            lists = static_cast<int>(std::clamp<int64_t>(lists, 1, std::max<int64_t>(1, m / 39)));
            int bits = std::clamp(options.pqBits, 1, 16);
            while (bits > 1 && (int64_t(1) << bits) > m)
                --bits;
            const int subquantizers = divisorAtMost(
                d, options.pqSubquantizers > 0 ? options.pqSubquantizers : std::max(1, d / 16));
            auto quantizer = new faiss::IndexFlatIP(d);
            auto ivfpq = std::make_unique<faiss::IndexIVFPQ>(
                quantizer, d, static_cast<size_t>(lists), static_cast<size_t>(subquantizers),
                static_cast<size_t>(bits), faiss::METRIC_INNER_PRODUCT);
            ivfpq->own_fields = true;
            ivfpq->nprobe = static_cast<size_t>(std::clamp(options.nprobe, 1, lists));
            feedback.report(0.0, "training IVF-PQ");
            ivfpq->train(m, gallery.ptr<float>());
            result.mImpl->index = std::move(ivfpq);
        }
        // Add in chunks so a long build can be canceled.
        const int64_t chunk = 65536;
        for (int64_t i = 0; i < m; i += chunk) {
            feedback.checkCanceled();
            const int64_t n = std::min(chunk, m - i);
            result.mImpl->index->add(n, gallery.ptr<float>(static_cast<int>(i)));
            feedback.report(static_cast<double>(i + n) / static_cast<double>(m), "building index");
        }
    } catch (const faiss::FaissException& e) {
        throw Error(std::string("faiss index: ") + e.what());
    }
    return result;
}

FaissIndex FaissIndex::load(const std::string& path) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec))
        throw Error(path, "no such index file");
    FaissIndex result;
    try {
        result.mImpl->index.reset(faiss::read_index(path.c_str()));
    } catch (const faiss::FaissException& e) {
        throw Error(path, std::string("not a readable faiss index: ") + e.what());
    }
    const faiss::Index* index = result.mImpl->index.get();
    if (!dynamic_cast<const faiss::IndexFlatIP*>(index) &&
        !dynamic_cast<const faiss::IndexIVFPQ*>(index))
        throw Error(path, "a faiss index of an unsupported type (expected IndexFlatIP or "
                          "IndexIVFPQ)");
    if (index->metric_type != faiss::METRIC_INNER_PRODUCT)
        throw Error(path, "the faiss index does not use the inner-product metric");
    return result;
}

void FaissIndex::save(const std::string& path) const {
    if (!mImpl->index)
        throw Error(path, "no index to save");
    const std::string temp = path + ".tmp-" + std::to_string(::getpid());
    try {
        faiss::write_index(mImpl->index.get(), temp.c_str());
    } catch (const faiss::FaissException& e) {
        std::remove(temp.c_str());
        throw Error(path, std::string("cannot write the index: ") + e.what());
    }
    std::error_code ec;
    std::filesystem::rename(temp, path, ec);
    if (ec) {
        std::remove(temp.c_str());
        throw Error(path, "cannot write the index: " + ec.message());
    }
}

FaissIndex::Kind FaissIndex::kind() const {
    return dynamic_cast<const faiss::IndexIVFPQ*>(mImpl->index.get()) ? Kind::IvfPq : Kind::Flat;
}

int64_t FaissIndex::size() const {
    return mImpl->index ? mImpl->index->ntotal : 0;
}

int FaissIndex::dimension() const {
    return mImpl->index ? mImpl->index->d : 0;
}

void FaissIndex::setNprobe(int nprobe) {
    if (auto ivf = dynamic_cast<faiss::IndexIVFPQ*>(mImpl->index.get()))
        ivf->nprobe = static_cast<size_t>(std::clamp<int64_t>(nprobe, 1, ivf->nlist));
}

RetrievalResult FaissIndex::search(const cv::Mat& queries, int64_t k, int threads,
                                   Feedback& feedback) const {
    if (!mImpl->index || size() < 1)
        throw Error("faiss index: the index is empty");
    if (queries.cols != dimension() || queries.type() != CV_32F || !queries.isContinuous())
        throw Error("faiss index: queries have " + std::to_string(queries.cols) +
                    " dimensions, the index " + std::to_string(dimension()));
    omp_set_num_threads(threadCount(threads));
    RetrievalResult result;
    result.queryCount = queries.rows;
    result.k = std::max<int64_t>(1, std::min(k, size()));
    result.ids.resize(static_cast<size_t>(result.queryCount * result.k));
    result.scores.resize(result.ids.size());
    // faiss blocks internally; chunks here only bound the time between cancellation checks.
    const int64_t chunk = 4096;
    try {
        for (int64_t i = 0; i < result.queryCount; i += chunk) {
            feedback.checkCanceled();
            const int64_t n = std::min(chunk, result.queryCount - i);
            static_assert(sizeof(faiss::Index::idx_t) == sizeof(int64_t));
            mImpl->index->search(n, queries.ptr<float>(static_cast<int>(i)), result.k,
                                 result.scores.data() + i * result.k,
                                 reinterpret_cast<faiss::Index::idx_t*>(result.ids.data()) +
                                     i * result.k);
            feedback.report(static_cast<double>(i + n) / static_cast<double>(result.queryCount),
                            "retrieval");
        }
    } catch (const faiss::FaissException& e) {
        throw Error(std::string("faiss search: ") + e.what());
    }
    return result;
}

} // namespace orinet
