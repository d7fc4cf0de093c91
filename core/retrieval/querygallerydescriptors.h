#pragma once

#include "common/outputtarget.h"
#include "common/provenance.h"

#include <opencv2/core/mat.hpp>

#include <string>
#include <vector>

namespace orinet {

//! Global descriptors of a query/gallery split (docs/vigor.md): one row per query (a
//! panorama, ground branch) and one per gallery item (a tile, satellite branch), each image
//! once, so the two counts differ. DescriptorSet stays the one-to-one case (row i of each side
//! is pair i); this is its query/gallery sibling, saved under a run's descriptors/<key>/ with
//! other file names so that the one-to-one readers never take it for theirs.
//!
//! On disk: DIR/queries.npy (Q x D float32), DIR/gallery.npy (G x D float32) and
//! DIR/querygallery.json (format, counts, dimension, a CRC-32 of each matrix, the names, the
//! dataset root and protocol, the provenance, created), written last.
class QueryGalleryDescriptors {
public:
    cv::Mat queries;                       //!< Q x D, CV_32F, rows L2-normalised by the model
    cv::Mat gallery;                       //!< G x D, CV_32F
    std::vector<std::string> queryNames;   //!< one per query row ("City/file name")
    std::vector<std::string> galleryNames; //!< one per gallery row
    std::string dataset;                   //!< the dataset root the images were read from
    std::string protocol;                  //!< e.g. "same-area"
    Provenance provenance;                 //!< split, checkpoint, BatchNorm mode, preset
    std::string created;                   //!< ISO 8601 UTC; save() fills it in when empty

    //! Throws orinet::Error (naming `source` when given) for empty or non-finite matrices,
    //! dimensions that differ, or names that do not match the row counts.
    void validate(const std::string& source = {}) const;
    //! Validates and writes the set into `directory` (absent, empty, or a set save() wrote:
    //! folderKind(); anything else is refused before any work). Each file is replaced
    //! atomically and querygallery.json last: a save cut short leaves checksums that no
    //! longer match, which load() rejects, never a mixed set taken for a whole one.
    void save(const std::string& directory) const;
    //! A set save() wrote; rejected (orinet::Error naming the file) when its files disagree
    //! with querygallery.json (counts, dimension, checksums).
    static QueryGalleryDescriptors load(const std::string& directory);
    //! DIR/querygallery.json: its time says when the set was saved.
    static std::string metadataFile(const std::string& directory);
    static OutputTarget::FolderKind folderKind();
};

} // namespace orinet
