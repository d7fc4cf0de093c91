#include "retrieval/faissindex.h"

#include "common/atomicfile.h"
#include "common/error.h"
#include "common/feedback.h"
#include "common/textformat.h"

#include <faiss/IndexFlat.h>
#include <faiss/IndexIVFPQ.h>
#include <faiss/impl/FaissException.h>
#include <faiss/impl/io.h>
#include <faiss/index_io.h>
#include <nlohmann/json.hpp>
#include <omp.h>
#include <xxhash.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <numeric>
#include <random>
#include <thread>

namespace orinet {

struct FaissIndex::Impl {
    std::unique_ptr<faiss::Index> index;
    std::string fingerprint;
};

namespace {

// An index file: this magic, the header's length (uint64, little-endian), the header (JSON),
// then the faiss index in faiss's own format.
constexpr char kMagic[8] = {'O', 'R', 'N', 'F', 'A', 'I', 'S', 'S'};
constexpr int kFormatVersion = 1;

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

// faiss writes through this into an AtomicFile, which throws (naming the file) when the disk
// is full; faiss passes the exception on.
struct AtomicFileWriter : faiss::IOWriter {
    explicit AtomicFileWriter(AtomicFile& file)
        : mFile(file) {}
    size_t operator()(const void* data, size_t size, size_t items) override {
        mFile.write(data, size * items);
        return items;
    }
    AtomicFile& mFile;
};

struct FileCloser {
    void operator()(FILE* f) const { std::fclose(f); }
};

const char* kindName(FaissIndex::Kind kind) {
    return kind == FaissIndex::Kind::IvfPq ? "ivfpq" : "flat";
}

} // namespace

FaissIndex::FaissIndex()
    : mImpl(std::make_unique<Impl>()) {}
FaissIndex::~FaissIndex() = default;
FaissIndex::FaissIndex(FaissIndex&&) noexcept = default;
FaissIndex& FaissIndex::operator=(FaissIndex&&) noexcept = default;

std::string FaissIndex::fingerprint(const cv::Mat& gallery) {
    XXH3_state_t* state = XXH3_createState();
    XXH3_64bits_reset(state);
    const int64_t shape[3] = {gallery.rows, gallery.cols, gallery.type()};
    XXH3_64bits_update(state, shape, sizeof shape);
    if (gallery.isContinuous()) {
        XXH3_64bits_update(state, gallery.data, gallery.total() * gallery.elemSize());
    } else {
        for (int r = 0; r < gallery.rows; ++r)
            XXH3_64bits_update(state, gallery.ptr(r), gallery.cols * gallery.elemSize());
    }
    const XXH64_hash_t hash = XXH3_64bits_digest(state);
    XXH3_freeState(state);
    char text[32];
    std::snprintf(text, sizeof text, "xxh3:%016llx", static_cast<unsigned long long>(hash));
    return text;
}

const std::string& FaissIndex::galleryFingerprint() const {
    return mImpl->fingerprint;
}

FaissIndex FaissIndex::build(const cv::Mat& gallery, Kind kind, const RetrievalOptions& options,
                             Feedback& feedback) {
    const int64_t m = gallery.rows;
    const int d = gallery.cols;
    if (m < 1 || d < 1 || gallery.type() != CV_32F || !gallery.isContinuous())
        throw Error("faiss index: the gallery must be a non-empty continuous float32 matrix");
    omp_set_num_threads(threadCount(options.threads));
    FaissIndex result;
    result.mImpl->fingerprint = fingerprint(gallery);
    try {
        if (kind == Kind::Flat) {
            result.mImpl->index = std::make_unique<faiss::IndexFlatIP>(d);
        } else {
            // faiss wants >= 39 training points per list and per PQ centroid; scale both down
            // for small galleries instead of failing. sqrt(M) lists keep the coarse k-means
            // affordable at a million items; the exact re-ranking makes up for coarser lists.
            int lists = options.ivfLists > 0
                            ? options.ivfLists
                            : static_cast<int>(std::lround(std::sqrt(static_cast<double>(m))));
            lists = static_cast<int>(std::clamp<int64_t>(lists, 1, std::max<int64_t>(1, m / 39)));
            int bits = std::clamp(options.pqBits, 1, 16);
            while (bits > 1 && (int64_t(39) << bits) > m)
                --bits;
            const int subquantizers = divisorAtMost(
                d, options.pqSubquantizers > 0 ? options.pqSubquantizers : std::max(1, d / 16));
            auto quantizer = new faiss::IndexFlatIP(d);
            auto ivfpq = std::make_unique<faiss::IndexIVFPQ>(
                quantizer, d, static_cast<size_t>(lists), static_cast<size_t>(subquantizers),
                static_cast<size_t>(bits), faiss::METRIC_INNER_PRODUCT);
            ivfpq->own_fields = true;
            ivfpq->nprobe = static_cast<size_t>(std::clamp(options.nprobe, 1, lists));
            // Train on a fixed random sample: 64 points per list (and enough for the PQ
            // codebooks) is what k-means needs, and far cheaper than all of a large gallery.
            const int64_t wanted =
                std::max<int64_t>(64 * int64_t(lists), 256 * (int64_t(1) << bits));
            const int64_t sampleSize = std::min(m, wanted);
            ivfpq->cp.max_points_per_centroid = static_cast<int>(sampleSize / lists + 1);
            // k-means converges in a few rounds on descriptors; faiss's 25 rounds of 256 points
            // per centroid for each of the D/16 PQ codebooks (thousands of tiny products) are
            // what made training slow, for recall the re-ranking does not need.
            ivfpq->cp.niter = 10;
            ivfpq->pq.cp.niter = 10;
            ivfpq->pq.cp.max_points_per_centroid = 64;
            cv::Mat sample;
            if (sampleSize == m) {
                sample = gallery;
            } else {
                std::vector<int64_t> rows(static_cast<size_t>(m));
                std::iota(rows.begin(), rows.end(), 0);
                std::mt19937_64 rng(1234);
                for (int64_t i = 0; i < sampleSize; ++i) // partial Fisher-Yates
                    std::swap(rows[size_t(i)], rows[size_t(i + int64_t(rng() % uint64_t(m - i)))]);
                std::sort(rows.begin(), rows.begin() + sampleSize);
                sample.create(static_cast<int>(sampleSize), d, CV_32F);
                for (int64_t i = 0; i < sampleSize; ++i)
                    gallery.row(static_cast<int>(rows[size_t(i)])).copyTo(sample.row(int(i)));
            }
            feedback.report(0.0, "training IVF-PQ");
            feedback.checkCanceled();
            // Training is thousands of tiny k-means steps (D/16 codebooks of 256 centroids),
            // where OpenMP's fork and join cost more than the work: one OpenMP thread (for this
            // calling thread only) trains several times faster, and the BLAS products inside
            // still use every core.
            omp_set_num_threads(1);
            ivfpq->train(sample.rows, sample.ptr<float>());
            omp_set_num_threads(threadCount(options.threads));
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
    std::unique_ptr<FILE, FileCloser> file(std::fopen(path.c_str(), "rb"));
    if (!file)
        throw Error(path, std::string("cannot open: ") + std::strerror(errno));
    char magic[sizeof kMagic] = {};
    uint64_t headerSize = 0;
    if (std::fread(magic, 1, sizeof magic, file.get()) != sizeof magic ||
        std::memcmp(magic, kMagic, sizeof kMagic) != 0)
        throw Error(path, "not an OriNet Studio index file (a bare faiss index, or one written by "
                          "an older version, cannot say which gallery it indexes); delete it to "
                          "rebuild");
    if (std::fread(&headerSize, sizeof headerSize, 1, file.get()) != 1 || headerSize > (1u << 20))
        throw Error(path, "the index file's header is damaged");
    std::string header(static_cast<size_t>(headerSize), '\0');
    if (std::fread(header.data(), 1, header.size(), file.get()) != header.size())
        throw Error(path, "the index file is truncated");
    FaissIndex result;
    int64_t count = 0, dimension = 0;
    std::string kind;
    try {
        const nlohmann::json j = nlohmann::json::parse(header);
        if (j.at("version").get<int>() > kFormatVersion)
            throw Error(path, "written by a newer OriNet Studio (index format version " +
                                  std::to_string(j.at("version").get<int>()) + ")");
        result.mImpl->fingerprint = j.at("gallery").at("fingerprint").get<std::string>();
        count = j.at("gallery").at("count").get<int64_t>();
        dimension = j.at("gallery").at("dimension").get<int64_t>();
        kind = j.at("kind").get<std::string>();
    } catch (const nlohmann::json::exception& e) {
        throw Error(path, std::string("the index file's header is damaged: ") + e.what());
    }
    try {
        faiss::FileIOReader reader(file.get());
        reader.name = path;
        result.mImpl->index.reset(faiss::read_index(&reader));
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
    if (index->ntotal != count || index->d != dimension || kindName(result.kind()) != kind)
        throw Error(path, "the index does not match its own header (damaged file)");
    return result;
}

void FaissIndex::save(const std::string& path) const {
    if (!mImpl->index)
        throw Error(path, "no index to save");
    nlohmann::ordered_json header;
    header["format"] = "orinet-faiss-index";
    header["version"] = kFormatVersion;
    header["kind"] = kindName(kind());
    header["gallery"] = {
        {"count", size()}, {"dimension", dimension()}, {"fingerprint", mImpl->fingerprint}};
    header["created"] = text::isoTimestampUtc();
    const std::string text = header.dump();
    const uint64_t size = text.size();
    AtomicFile file(path, OutputTarget::faissIndex());
    file.write(kMagic, sizeof kMagic);
    file.write(&size, sizeof size);
    file.write(text);
    try {
        AtomicFileWriter writer(file);
        writer.name = path;
        faiss::write_index(mImpl->index.get(), &writer);
    } catch (const faiss::FaissException& e) {
        throw Error(path, std::string("cannot write the index: ") + e.what());
    }
    file.commit();
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
