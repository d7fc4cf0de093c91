#pragma once

#include "common/outputtarget.h"
#include "common/provenance.h"
#include "retrieval/descriptorshard.h"

#include <opencv2/core/mat.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace orinet {

//! Global descriptors of one split: row i of `ground` and of `satellite` belong to pair i
//! (the query's true match is gallery row i, as in CVUSA and CVACT_val).
//!
//! On disk (open format, docs/evaluation.md): DIR/ground.npy, DIR/satellite.npy (N x D
//! float32) and DIR/descriptors.json (ids, provenance, count, dimension, a CRC-32 of each
//! matrix, created, and "shard" for a part of a split). Also exchangeable with the original MATLAB
//! scripts as a .mat holding `sat_global_descriptor` and `grd_global_descriptor` (N x D, single or
//! double).
class DescriptorSet {
public:
    cv::Mat ground;               //!< N x D, CV_32F, rows L2-normalised by the model
    cv::Mat satellite;            //!< M x D, CV_32F
    std::vector<std::string> ids; //!< one per ground row; may be empty for imported files
    Provenance provenance;        //!< split, checkpoint, BatchNorm mode, inputs, preset
    std::string created;          //!< ISO 8601 UTC; save() fills it in when empty
    //! Set when this is one part of a split extracted in parts (DescriptorShards joins them);
    //! then row i is pair shard.first + i of the split.
    DescriptorShard shard;

    //! Throws orinet::Error (naming `source` when given) for empty sets, mismatched
    //! dimensions or counts, and non-finite values.
    void validate(const std::string& source = {}) const;

    //! Validates and writes the set into `directory` as a whole or not at all: the files go to
    //! a sibling folder first, which then replaces `directory` in one rename (an existing set
    //! there survives any failure). `directory` may be absent, empty or a set save() wrote and
    //! nothing else (folderKind()); anything else is refused before any work. Throws
    //! orinet::Error naming the file.
    void save(const std::string& directory) const;
    //! What save() writes, for OutputTarget: a folder holding ground.npy, satellite.npy and
    //! descriptors.json only. Callers check their target with it before long work.
    static OutputTarget::FolderKind folderKind();
    //! DIR/descriptors.json of a set save() wrote in `directory`: written last, so its time
    //! says when the set was saved.
    static std::string metadataFile(const std::string& directory);
    //! A directory written by save() (float16, float32 or float64 .npy; descriptors.json
    //! optional), or a .mat file. The result is validated, and a set whose files disagree with its
    //! descriptors.json (count, dimension, checksum) is rejected.
    static DescriptorSet load(const std::string& directoryOrMat);
    //! Throws orinet::Error when the ids are known and differ from `splitIds` (descriptors
    //! of another split or dataset), naming the first row that differs.
    void checkIds(const std::vector<std::string>& splitIds, const std::string& what) const;

    //! The original MATLAB layout: `sat_global_descriptor`, `grd_global_descriptor` (N x D
    //! single) and, when there are ids, a cell array `ids`. Replaces `path` only on success.
    void exportMat(const std::string& path) const;
    //! Reads a .mat with `sat_global_descriptor` and `grd_global_descriptor` (single or double).
    static DescriptorSet importMat(const std::string& path);
    //! One N x D .npy of descriptors (float16, float32 or float64) as CV_32F; `dtype` gets
    //! "float16", "float32" or "float64". Throws orinet::Error naming the file for another
    //! type, another shape or a size beyond OpenCV's.
    static cv::Mat loadNpy(const std::string& path, std::string* dtype = nullptr);
    //! CRC-32 (zlib) of a matrix's values, row by row: what a descriptor set's metadata file
    //! records to tie it to the arrays beside it (this set's, the query/gallery and the VIGOR
    //! sets alike).
    static uint32_t checksum(const cv::Mat& m);
};

} // namespace orinet
