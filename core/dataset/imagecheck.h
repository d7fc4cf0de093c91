#pragma once

#include "dataset/datasetlayout.h"
#include "dataset/imageheader.h"

#include <string>

namespace orinet {

//! What images a dataset layout can use (docs/dataset-formats.md), checked on the header
//! before anything is decoded: satellite tiles square; panoramas wider than tall, CVUSA's at
//! its 1232:224 aspect (within 15 %), CVACT's a full 2:1 sphere; and no side beyond what the layout
//! allows (twice the distributed sizes for CVUSA and CVACT, 8192 px, 16384 for a panorama's width,
//! otherwise), so a corrupt or hostile header cannot make a reader allocate gigabytes.
//! Plain functions; thread-safe.
class ImageCheck {
public:
    //! The largest width and height an image of the layout may have.
    static int maxWidth(DatasetLayout layout, bool panorama);
    static int maxHeight(DatasetLayout layout, bool panorama);

    //! Empty when an image with this header fits the layout, else the problem ("panorama is
    //! 64x64 (width x height); expected wider than tall").
    //! `layout` Auto: the bounds of no particular layout (a VIGOR root's images).
    static std::string shapeProblem(DatasetLayout layout, bool panorama, const ImageHeader& header);

    //! Reads the header of `path` (ImageHeader::read) into `header`: empty when it reads, else
    //! the problem without the path ("missing", "truncated JPEG (no end-of-image marker)"). The
    //! one file check of both dataset checks (Dataset::checkImages, VigorImageCheck).
    static std::string readProblem(const std::string& path, ImageHeader& header);
};

} // namespace orinet
