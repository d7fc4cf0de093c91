#pragma once

#include "retrieval/retrieval.h"

#include <memory>
#include <string>

namespace orinet {

class Feedback;

//! A faiss index over gallery descriptors (inner-product metric): exact (IndexFlatIP) or
//! approximate (IndexIVFPQ, for galleries of millions). Built, saved and loaded here so that
//! no faiss header reaches the rest of the code.
//!
//! Every index knows the fingerprint of the gallery it was built from, and its file records it
//! (docs/evaluation.md, "Index files"), so that an index is never used with another gallery of
//! the same shape.
//!
//! Threading: build() and search() use up to RetrievalOptions::threads OpenMP threads; one
//! index may be searched from one thread at a time.
class FaissIndex {
public:
    enum class Kind { Flat, IvfPq };

    FaissIndex();
    ~FaissIndex();
    FaissIndex(FaissIndex&&) noexcept;
    FaissIndex& operator=(FaissIndex&&) noexcept;

    //! Adds every row of `gallery` (CV_32F, continuous); IVF-PQ is trained on the gallery
    //! first (parameters from `options`, defaults scaled to its size).
    static FaissIndex build(const cv::Mat& gallery, Kind kind, const RetrievalOptions& options,
                            Feedback& feedback);
    //! Throws orinet::Error naming the file when it is missing, not an index file of ours
    //! (e.g. a bare faiss file, which cannot say which gallery it indexes) or damaged.
    static FaissIndex load(const std::string& path);
    //! Written atomically (temporary file + rename): the old file survives a failed write.
    void save(const std::string& path) const;

    //! "xxh3:" + 16 hex digits: a hash of the gallery's shape and every value. Galleries that
    //! differ in any bit differ here (up to hash collisions, 2⁻⁶⁴).
    static std::string fingerprint(const cv::Mat& gallery);
    //! The fingerprint of the gallery this index was built from.
    const std::string& galleryFingerprint() const;

    Kind kind() const;
    int64_t size() const;
    int dimension() const;
    //! IVF-PQ: lists visited per query (ignored by the flat index).
    void setNprobe(int nprobe);

    //! Top-k (clamped to size()) of every query row; ranks are left empty. Queries run in
    //! chunks so that `feedback` can cancel between them.
    RetrievalResult search(const cv::Mat& queries, int64_t k, int threads,
                           Feedback& feedback) const;

private:
    struct Impl;
    std::unique_ptr<Impl> mImpl;
};

} // namespace orinet
