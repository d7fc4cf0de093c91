#include "io/npyarray.h"

#include "common/atomicfile.h"
#include "common/error.h"

#include <charconv>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <numeric>
#include <regex>

namespace orinet {

namespace {

struct DTypeInfo {
    NpyArray::DType dtype;
    const char* descr;
    size_t size;
    int cvDepth;
};

// float16 is what half-precision models (and torch.save(t.half())) write; OpenCV converts it.
constexpr DTypeInfo kTypes[] = {
    {NpyArray::DType::Float16, "<f2", 2, CV_16F}, {NpyArray::DType::Float32, "<f4", 4, CV_32F},
    {NpyArray::DType::Float64, "<f8", 8, CV_64F}, {NpyArray::DType::Int32, "<i4", 4, CV_32S},
    {NpyArray::DType::Int64, "<i8", 8, -1},       {NpyArray::DType::UInt8, "|u1", 1, CV_8U},
};

const DTypeInfo& info(NpyArray::DType dtype) {
    for (const auto& t : kTypes)
        if (t.dtype == dtype)
            return t;
    throw Error("unknown dtype");
}

//! The inside of the header's shape tuple ("3, 4", "3,", ""): non-negative integers only, so
//! "(-1, 1536)" or a 23-digit dimension is an error, not a different shape.
std::vector<size_t> parseShape(const std::string& text, const std::string& path) {
    std::vector<size_t> shape;
    size_t pos = 0;
    auto invalid = [&](const std::string& why) {
        return Error(path, ".npy header: shape (" + text + ") " + why);
    };
    while (true) {
        while (pos < text.size() && text[pos] == ' ')
            ++pos;
        if (pos == text.size())
            break;
        size_t end = pos;
        while (end < text.size() && text[end] >= '0' && text[end] <= '9')
            ++end;
        if (end == pos)
            throw invalid("is not a tuple of non-negative integers");
        uint64_t value = 0;
        const auto result = std::from_chars(text.data() + pos, text.data() + end, value);
        if (result.ec != std::errc() || value > (uint64_t{1} << 48))
            throw invalid("has a dimension too large for any file");
        shape.push_back(static_cast<size_t>(value));
        pos = end;
        while (pos < text.size() && text[pos] == ' ')
            ++pos;
        if (pos == text.size())
            break;
        if (text[pos] != ',')
            throw invalid("is not a tuple of non-negative integers");
        ++pos;
    }
    if (shape.size() > 32)
        throw invalid("has more than 32 dimensions");
    return shape;
}

} // namespace

NpyArray::NpyArray(DType dtype, std::vector<size_t> shape)
    : mDType(dtype)
    , mShape(std::move(shape)) {
    mBytes.assign(elementCount() * elementSize(), 0);
}

size_t NpyArray::elementCount() const noexcept {
    return std::accumulate(mShape.begin(), mShape.end(), size_t{1}, std::multiplies<size_t>());
}

size_t NpyArray::elementSize() const noexcept {
    return info(mDType).size;
}

std::string NpyArray::descr() const {
    return info(mDType).descr;
}

NpyArray NpyArray::fromMat(const cv::Mat& mat) {
    DType dtype;
    switch (mat.depth()) {
    case CV_16F:
        dtype = DType::Float16;
        break;
    case CV_32F:
        dtype = DType::Float32;
        break;
    case CV_64F:
        dtype = DType::Float64;
        break;
    case CV_32S:
        dtype = DType::Int32;
        break;
    case CV_8U:
        dtype = DType::UInt8;
        break;
    default:
        throw Error("cannot store a matrix of OpenCV depth " + std::to_string(mat.depth()));
    }
    std::vector<size_t> shape{static_cast<size_t>(mat.rows), static_cast<size_t>(mat.cols)};
    if (mat.channels() > 1)
        shape.push_back(static_cast<size_t>(mat.channels()));
    NpyArray array(dtype, shape);
    const size_t rowBytes = static_cast<size_t>(mat.cols) * mat.elemSize();
    for (int r = 0; r < mat.rows; ++r)
        std::memcpy(array.mBytes.data() + r * rowBytes, mat.ptr(r), rowBytes);
    return array;
}

cv::Mat NpyArray::toMat() const {
    const int depth = info(mDType).cvDepth;
    if (depth < 0)
        throw Error("int64 arrays cannot be converted to an image matrix");
    int rows = 1, cols = 1, channels = 1;
    if (mShape.size() == 1) {
        cols = static_cast<int>(mShape[0]);
    } else if (mShape.size() == 2) {
        rows = static_cast<int>(mShape[0]);
        cols = static_cast<int>(mShape[1]);
    } else if (mShape.size() == 3 && mShape[2] <= CV_CN_MAX) {
        rows = static_cast<int>(mShape[0]);
        cols = static_cast<int>(mShape[1]);
        channels = static_cast<int>(mShape[2]);
    } else {
        throw Error("array of this shape cannot be converted to an image matrix");
    }
    cv::Mat mat(rows, cols, CV_MAKETYPE(depth, channels));
    if (!mBytes.empty()) // an empty matrix has no data pointer to copy to
        std::memcpy(mat.data, mBytes.data(), mBytes.size());
    return mat;
}

void NpyArray::save(const std::string& path) const {
    std::string shape = "(";
    for (size_t i = 0; i < mShape.size(); ++i)
        shape += std::to_string(mShape[i]) + (i + 1 < mShape.size() ? ", " : "");
    shape += mShape.size() == 1 ? ",)" : ")";
    // NumPy writes "(3,)" for 1-D and "(3, 4)" otherwise; both parse the same.
    std::string header =
        "{'descr': '" + descr() + "', 'fortran_order': False, 'shape': " + shape + ", }";
    // Pad so that magic + version + length + header + '\n' is a multiple of 64 bytes.
    const size_t prefix = 6 + 2 + 2;
    const size_t total = ((prefix + header.size() + 1 + 63) / 64) * 64;
    header.append(total - prefix - header.size() - 1, ' ');
    header.push_back('\n');

    std::string out("\x93NUMPY", 6);
    out.push_back(1);
    out.push_back(0);
    const uint16_t length = static_cast<uint16_t>(header.size());
    out.push_back(static_cast<char>(length & 0xff));
    out.push_back(static_cast<char>(length >> 8));
    out += header;

    AtomicFile file(path, OutputTarget::npy());
    file.write(out);
    file.write(mBytes.data(), mBytes.size());
    file.commit();
}

NpyArray NpyArray::load(const std::string& path) {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec))
        throw Error(path, "is a folder, not a .npy file");
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw Error(path, "cannot open file");
    char magic[8];
    if (!in.read(magic, 8) || std::memcmp(magic, "\x93NUMPY", 6) != 0)
        throw Error(path, "not a NumPy .npy file (bad magic)");
    const int major = static_cast<unsigned char>(magic[6]);
    size_t headerLength = 0;
    if (major == 1) {
        unsigned char len[2];
        if (!in.read(reinterpret_cast<char*>(len), 2))
            throw Error(path, "truncated .npy header");
        headerLength = len[0] | (len[1] << 8);
    } else if (major == 2 || major == 3) {
        unsigned char len[4];
        if (!in.read(reinterpret_cast<char*>(len), 4))
            throw Error(path, "truncated .npy header");
        headerLength = len[0] | (len[1] << 8) | (len[2] << 16) | (size_t(len[3]) << 24);
    } else {
        throw Error(path, "unsupported .npy version " + std::to_string(major));
    }
    if (headerLength > (1u << 20))
        throw Error(path, "implausible .npy header length");
    std::string header(headerLength, '\0');
    if (!in.read(header.data(), static_cast<std::streamsize>(headerLength)))
        throw Error(path, "truncated .npy header");

    std::smatch m;
    if (!std::regex_search(header, m, std::regex("'descr'\\s*:\\s*'([^']*)'")))
        throw Error(path, ".npy header has no dtype");
    const std::string descr = m[1];
    const DTypeInfo* type = nullptr;
    for (const auto& t : kTypes)
        if (descr == t.descr || (descr.size() == 3 && descr[0] == '=' &&
                                 descr.substr(1) == std::string(t.descr).substr(1)))
            type = &t;
    if (!type)
        throw Error(path, "unsupported dtype '" + descr +
                              "' (expected float16/32/64, int32/64 or uint8, little-endian)");
    if (!std::regex_search(header, m, std::regex("'fortran_order'\\s*:\\s*(True|False)")))
        throw Error(path, ".npy header has no fortran_order");
    if (m[1] == "True")
        throw Error(path,
                    "Fortran-ordered arrays are not supported; save with numpy.ascontiguousarray");
    if (!std::regex_search(header, m, std::regex("'shape'\\s*:\\s*\\(([^)]*)\\)")))
        throw Error(path, ".npy header has no shape");
    const std::vector<size_t> shape = parseShape(m[1], path);

    // Check the declared size against the file before allocating: a corrupt header must not
    // make us reserve terabytes.
    const auto dataStart = in.tellg();
    in.seekg(0, std::ios::end);
    const auto available = static_cast<size_t>(in.tellg() - dataStart);
    in.seekg(dataStart);
    size_t needed = type->size;
    for (size_t d : shape) {
        if (d != 0 && needed > available / d + 1)
            throw Error(path,
                        "truncated data: the declared shape needs more bytes than the file has");
        needed *= d;
    }
    if (needed > available)
        throw Error(path, "truncated data: expected " + std::to_string(needed) +
                              " bytes, file has " + std::to_string(available));
    NpyArray array(type->dtype, shape);
    if (!in.read(reinterpret_cast<char*>(array.mBytes.data()),
                 static_cast<std::streamsize>(array.mBytes.size())))
        throw Error(path, "truncated data: expected " + std::to_string(array.mBytes.size()) +
                              " bytes for the declared shape");
    return array;
}

} // namespace orinet
