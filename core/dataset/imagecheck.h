#pragma once

#include "dataset/datasetlayout.h"
#include "dataset/imageheader.h"

#include <string>

namespace orinet {

//! What image shapes a dataset layout can use (docs/dataset-formats.md): satellite tiles
//! square, panoramas wider than tall, CVACT panoramas a full 2:1 sphere. Plain functions;
//! thread-safe.
class ImageCheck {
public:
    //! Empty when an image with this header fits the layout, else the problem ("panorama is
    //! 64x64 (width x height); expected wider than tall").
    static std::string shapeProblem(DatasetLayout layout, bool panorama, const ImageHeader& header);
};

} // namespace orinet
