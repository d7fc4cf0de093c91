#pragma once

#include <string>

namespace orinet {

//! Size and format of an image file, read from its header only. Used by the deep dataset check:
//! decoding 100,000 JPEGs takes many minutes, reading their headers a few seconds.
struct ImageHeader {
    int width = 0;
    int height = 0;
    std::string format; //!< "jpeg", "png", "bmp" or "other" (decoded by OpenCV to learn its size)

    //! Reads the header of a JPEG, PNG or BMP file and checks that the file is not cut short
    //! (JPEG end-of-image marker, PNG IEND chunk). Other formats are decoded with OpenCV.
    //! Throws orinet::Error naming the file and the problem (missing, empty, truncated, not an
    //! image). Thread-safe.
    static ImageHeader read(const std::string& path);
};

} // namespace orinet
