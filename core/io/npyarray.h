#pragma once

#include <opencv2/core/mat.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace orinet {

//! An n-dimensional little-endian array as stored in NumPy's .npy format (version 1.0/2.0,
//! C order). It is the open interchange format for orientation maps and descriptors, so any
//! tool (numpy.load) can check what OriNet Studio writes.
class NpyArray {
public:
    enum class DType { Float16, Float32, Float64, Int32, Int64, UInt8 };

    NpyArray() = default;
    //! Zero-filled array of the given type and shape.
    NpyArray(DType dtype, std::vector<size_t> shape);

    //! Copies a cv::Mat: rows x cols x channels (the channel axis is dropped when 1).
    static NpyArray fromMat(const cv::Mat& mat);
    //! Copies the array into a cv::Mat; 1-D → 1 x N, 2-D → H x W, 3-D → H x W x C (C <= 512).
    //! Float16 becomes CV_16F (convertTo() turns it into float32).
    cv::Mat toMat() const;

    //! Reads and validates a .npy file; throws orinet::Error naming the file and the problem
    //! (bad magic, unsupported dtype or order, truncated data, ...).
    static NpyArray load(const std::string& path);
    //! Writes atomically (temporary file + rename).
    void save(const std::string& path) const;

    DType dtype() const noexcept { return mDType; }
    const std::vector<size_t>& shape() const noexcept { return mShape; }
    size_t elementCount() const noexcept;
    size_t elementSize() const noexcept;
    //! The NumPy descriptor string, e.g. "<f8".
    std::string descr() const;

    template <typename T> T* data() { return reinterpret_cast<T*>(mBytes.data()); }
    template <typename T> const T* data() const {
        return reinterpret_cast<const T*>(mBytes.data());
    }
    const std::vector<uint8_t>& bytes() const noexcept { return mBytes; }

private:
    DType mDType = DType::Float64;
    std::vector<size_t> mShape;
    std::vector<uint8_t> mBytes;
};

} // namespace orinet
