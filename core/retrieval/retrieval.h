#pragma once

#include "common/enumnames.h"
#include "linalg/sgemm.h"
#include "metrics/recall.h"

#include <opencv2/core/mat.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace orinet {

class Feedback;

//! How the nearest gallery items are found.
enum class RetrievalBackend {
    Blocked,    //!< exact: blocked GEMM + partial selection (the default)
    FaissFlat,  //!< exact: faiss::IndexFlatIP
    FaissIvfPq, //!< approximate: faiss::IndexIVFPQ (inner product), for millions of tiles
};

template <> struct EnumNames<RetrievalBackend> {
    static constexpr const char* kind = "retrieval backend";
    static constexpr std::array<std::pair<RetrievalBackend, const char*>, 3> names{
        {{RetrievalBackend::Blocked, "blocked"},
         {RetrievalBackend::FaissFlat, "faiss-flat"},
         {RetrievalBackend::FaissIvfPq, "faiss-ivfpq"}}};
};

//! Settings of a top-K search. Similarity is the inner product (descriptors are unit vectors,
//! so larger = nearer).
struct RetrievalOptions {
    int64_t k = 100; //!< neighbours kept per query (clamped to the gallery size)
    //! Bytes the blocked engine may use for one block of scores (queries x gallery items).
    //! The N x M matrix is never materialised. The top-K lists (N·k·12 bytes) come on top.
    //! 128 MiB keeps blocks of several hundred queries against a whole CVACT_test gallery
    //! (92,802 items), large enough for full GEMM speed.
    size_t memoryBudget = size_t(128) << 20;
    int64_t queryBlock = 0;   //!< rows per block; 0 = derived from memoryBudget
    int64_t galleryBlock = 0; //!< gallery items per block; 0 = derived from memoryBudget
    int threads = 0;          //!< selection / faiss threads; 0 = all hardware threads
    //! The matrix-product kernel of the exact passes; Auto = the fastest verified one
    //! (Sgemm::report()). Set only to compare kernels (tests, benchmarks).
    SgemmKernel kernel = SgemmKernel::Auto;
    //! Compute every query's true-match rank; query i's true match is gallery item i.
    bool trueMatchRanks = true;

    // faiss-ivfpq only
    int ivfLists = 0;        //!< inverted lists; 0 = about 4·sqrt(M), at most M/39
    int pqSubquantizers = 0; //!< bytes per code; 0 = D/16 (must divide D)
    int pqBits = 8;          //!< bits per sub-quantizer code (lowered for small galleries)
    int nprobe = 16;         //!< lists visited per query
    //! Approximate candidates per query whose exact inner products (from the full gallery
    //! descriptors) re-rank them before the list is cut to k (clamped to >= k); 0 = no
    //! re-ranking, the compressed codes' scores as they are.
    int64_t shortlist = 1000;
    //! When set: load the IVF-PQ index from this file if it exists, else build it and save it
    //! there. A file built for another gallery (its recorded fingerprint differs) is an error,
    //! unless replaceStaleIndex says the file is a cache to rebuild.
    std::string indexPath;
    bool replaceStaleIndex = false;
};

//! Nearest gallery items of every query.
struct RetrievalResult {
    int64_t queryCount = 0;
    int64_t k = 0;                 //!< columns of ids/scores (options.k clamped to M)
    std::vector<int64_t> ids;      //!< queryCount x k, row-major, nearest first
    std::vector<float> scores;     //!< inner products, same layout, non-increasing per row
    metrics::TrueMatchRanks ranks; //!< per query; empty unless options.trueMatchRanks
    //! False for the approximate backend: a rank is the position among the candidates the
    //! index returned (in exact order when re-ranked), and `rankDepth` stands for "not among
    //! them".
    bool ranksExact = true;
    int64_t rankDepth = 0; //!< with ranksExact false: candidates looked at per query

    const int64_t* idsOf(int64_t query) const { return ids.data() + query * k; }
    const float* scoresOf(int64_t query) const { return scores.data() + query * k; }
};

//! Entry point over all backends.
//!
//! Threading: a call runs on the caller's thread and uses up to options.threads worker
//! threads (OpenMP, BLAS) inside; it checks `feedback` for cancellation once per block and
//! throws orinet::Canceled. Different calls may run concurrently on different data.
class Retrieval {
public:
    //! Validates the inputs (non-empty, CV_32F, same dimension, finite; N <= M when ranks are
    //! wanted) and throws orinet::Error with the problem otherwise.
    static RetrievalResult search(const cv::Mat& queries, const cv::Mat& gallery,
                                  RetrievalBackend backend, const RetrievalOptions& options,
                                  Feedback& feedback);

    //! The checks search() runs; `what` names the inputs in messages.
    static void validateInputs(const cv::Mat& queries, const cv::Mat& gallery, bool trueMatchRanks,
                               const std::string& what = {});
};

} // namespace orinet
