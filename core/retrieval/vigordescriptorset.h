#pragma once

#include "common/outputtarget.h"
#include "common/provenance.h"

#include <opencv2/core/mat.hpp>

#include <cstdint>
#include <string>

namespace orinet {

//! The descriptors of a VIGOR split that `orinet extract --vigor` writes, whole or as part
//! K of N (docs/vigor.md, "Described elsewhere, in parts"): ground.npy (one row per
//! panorama, label-file order) and satellite.npy (one row per gallery tile, gallery order),
//! the files `orinet eval --vigor ROOT --descriptors` reads, and descriptors.json saying what
//! made them and of which split. A part holds a contiguous run of whole batches of each side,
//! so its rows are bit for bit those of the whole split's extraction.
//!
//! The file names are those of a one-to-one set (what eval --vigor has always read);
//! descriptors.json's "format" tells the two apart, and the one-to-one reader refuses this one.
class VigorDescriptorSet {
public:
    //! Which rows of each side a part holds. Plain data.
    struct Part {
        int index = 0;              //!< 1..count; 0: the whole split
        int count = 0;              //!< parts the split was cut into
        int64_t groundFirst = 0;    //!< the split's panorama of ground's first row
        int64_t satelliteFirst = 0; //!< the split's tile of satellite's first row
        bool isPart() const { return count > 0; }
    };

    cv::Mat ground;        //!< panoramas x D, CV_32F
    cv::Mat satellite;     //!< tiles x D, CV_32F
    std::string protocol;  //!< "same-area" or "cross-area"
    std::string split;     //!< the label files' split, e.g. "test"
    std::string dataset;   //!< the root the images were read from (informative)
    int64_t panoramas = 0; //!< of the whole split
    int64_t tiles = 0;     //!< of the whole gallery
    //! DescriptorShard::fingerprint of the split's panorama and tile names ("City/name") in
    //! order: a set is of this split only if they match.
    std::string panoramaIds;
    std::string tileIds;
    //! What described the images (DescriptorShard::weights): parts must agree.
    std::string weights;
    Provenance provenance; //!< checkpoint, BatchNorm mode, preset; split "vigor-<p>-<s>"
    Part part;
    int64_t batchSize = 0; //!< images per batch the parts were cut in (informative)
    std::string created;   //!< ISO 8601 UTC; save() fills it in when empty

    //! Whether `folder`'s descriptors.json is one that save() wrote.
    static bool isSet(const std::string& folder);
    //! Throws orinet::Error naming `where` for empty or non-finite matrices, other
    //! dimensions, or rows beyond the split.
    void validate(const std::string& where) const;
    //! Writes the three files into `directory` (absent, empty, or a set of ours: folderKind();
    //! anything else is refused before any work), each atomically, descriptors.json last: a
    //! save cut short leaves checksums that do not match, which load() refuses.
    void save(const std::string& directory) const;
    //! Throws orinet::Error naming the file when the folder holds no such set or its files
    //! disagree with descriptors.json (counts, dimension, checksums: an incomplete part).
    static VigorDescriptorSet load(const std::string& directory);
    //! A folder of ours: its descriptors.json is a VIGOR set's or a one-to-one set's (both
    //! written by this tool, with the same three file names).
    static OutputTarget::FolderKind folderKind();
    //! "part 2/3 (panoramas 40-79 of 120, tiles 12-23 of 36)" or "whole split".
    std::string label() const;
    //! Throws orinet::Error naming `source` when the set is not of this split: another
    //! protocol or split, other panoramas or tiles (another root, or its files changed).
    void checkMadeOn(const std::string& protocol, const std::string& split, int64_t panoramas,
                     const std::string& panoramaIds, int64_t tiles, const std::string& tileIds,
                     const std::string& source) const;

    static constexpr const char* kFormat = "orinet-vigor-descriptors";
};

} // namespace orinet
