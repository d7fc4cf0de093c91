#include "dataset/imageheader.h"

#include "common/error.h"

#include <opencv2/imgcodecs.hpp>

#include <array>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <vector>

namespace orinet {

namespace {

struct FileCloser {
    void operator()(std::FILE* f) const { std::fclose(f); }
};
using FilePtr = std::unique_ptr<std::FILE, FileCloser>;

unsigned be16(const uint8_t* p) {
    return (unsigned(p[0]) << 8) | p[1];
}
uint32_t be32(const uint8_t* p) {
    return (uint32_t(p[0]) << 24) | (uint32_t(p[1]) << 16) | (uint32_t(p[2]) << 8) | p[3];
}
int32_t le32(const uint8_t* p) {
    return static_cast<int32_t>(uint32_t(p[0]) | (uint32_t(p[1]) << 8) | (uint32_t(p[2]) << 16) |
                                (uint32_t(p[3]) << 24));
}

//! The last `n` bytes of the file (fewer when the file is shorter).
std::vector<uint8_t> tail(std::FILE* f, long size, long n) {
    const long start = size > n ? size - n : 0;
    std::vector<uint8_t> bytes(static_cast<size_t>(size - start));
    if (std::fseek(f, start, SEEK_SET) != 0 ||
        std::fread(bytes.data(), 1, bytes.size(), f) != bytes.size())
        bytes.clear();
    return bytes;
}

ImageHeader readJpeg(std::FILE* f, long size, const std::string& path) {
    // Walk the marker segments up to the first start-of-frame, which holds the size. Each
    // segment is FF <marker> <16-bit length including itself> <payload>.
    if (std::fseek(f, 2, SEEK_SET) != 0)
        throw Error(path, "truncated JPEG header");
    ImageHeader h;
    h.format = "jpeg";
    for (;;) {
        int c = std::fgetc(f);
        if (c == EOF)
            throw Error(path, "truncated JPEG header (no frame header found)");
        if (c != 0xFF)
            throw Error(path, "corrupt JPEG header (expected a marker)");
        while ((c = std::fgetc(f)) == 0xFF) {
        }
        if (c == EOF)
            throw Error(path, "truncated JPEG header");
        const int marker = c;
        if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7))
            continue; // stand-alone markers carry no length
        if (marker == 0xD9 || marker == 0xDA)
            throw Error(path, "corrupt JPEG (image data before any frame header)");
        uint8_t lengthBytes[2];
        if (std::fread(lengthBytes, 1, 2, f) != 2)
            throw Error(path, "truncated JPEG header");
        const unsigned length = be16(lengthBytes);
        if (length < 2)
            throw Error(path, "corrupt JPEG header (bad segment length)");
        const bool startOfFrame =
            marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
        if (startOfFrame) {
            uint8_t sof[5];
            if (length < 7 || std::fread(sof, 1, 5, f) != 5)
                throw Error(path, "truncated JPEG frame header");
            h.height = static_cast<int>(be16(sof + 1));
            h.width = static_cast<int>(be16(sof + 3));
            break;
        }
        if (std::fseek(f, static_cast<long>(length) - 2, SEEK_CUR) != 0)
            throw Error(path, "truncated JPEG header");
    }
    // A download cut short loses the end-of-image marker. Some writers pad after it, so look
    // for it in the last few kilobytes rather than in the last two bytes only.
    const std::vector<uint8_t> end = tail(f, size, 4096);
    bool hasEnd = false;
    for (size_t i = end.size(); i >= 2 && !hasEnd; --i)
        hasEnd = end[i - 2] == 0xFF && end[i - 1] == 0xD9;
    if (!hasEnd)
        throw Error(path, "truncated JPEG (no end-of-image marker)");
    return h;
}

ImageHeader readPng(std::FILE* f, long size, const std::string& path) {
    std::array<uint8_t, 24> head{};
    if (std::fseek(f, 0, SEEK_SET) != 0 || std::fread(head.data(), 1, head.size(), f) != 24 ||
        std::string(reinterpret_cast<const char*>(head.data() + 12), 4) != "IHDR")
        throw Error(path, "truncated or corrupt PNG header");
    ImageHeader h;
    h.format = "png";
    h.width = static_cast<int>(be32(head.data() + 16));
    h.height = static_cast<int>(be32(head.data() + 20));
    const std::vector<uint8_t> end = tail(f, size, 12);
    if (end.size() != 12 || std::string(reinterpret_cast<const char*>(end.data() + 4), 4) != "IEND")
        throw Error(path, "truncated PNG (no IEND chunk at the end)");
    return h;
}

ImageHeader readBmp(std::FILE* f, const std::string& path) {
    std::array<uint8_t, 26> head{};
    if (std::fseek(f, 0, SEEK_SET) != 0 || std::fread(head.data(), 1, head.size(), f) != 26)
        throw Error(path, "truncated BMP header");
    ImageHeader h;
    h.format = "bmp";
    h.width = le32(head.data() + 18);
    const int32_t height = le32(head.data() + 22);
    h.height = height < 0 ? -height : height; // negative: rows stored top-down
    return h;
}

} // namespace

ImageHeader ImageHeader::read(const std::string& path) {
    FilePtr file(std::fopen(path.c_str(), "rb"));
    if (!file)
        throw Error(path, "cannot open (missing or unreadable)");
    std::FILE* f = file.get();
    if (std::fseek(f, 0, SEEK_END) != 0)
        throw Error(path, "cannot read");
    const long size = std::ftell(f);
    if (size <= 0)
        throw Error(path, "empty file");
    std::array<uint8_t, 8> magic{};
    std::fseek(f, 0, SEEK_SET);
    const size_t got = std::fread(magic.data(), 1, magic.size(), f);

    ImageHeader h;
    if (got >= 3 && magic[0] == 0xFF && magic[1] == 0xD8 && magic[2] == 0xFF)
        h = readJpeg(f, size, path);
    else if (got == 8 &&
             magic == std::array<uint8_t, 8>{0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A})
        h = readPng(f, size, path);
    else if (got >= 2 && magic[0] == 'B' && magic[1] == 'M')
        h = readBmp(f, path);
    else {
        // Rare formats (TIFF, WebP, ...): let OpenCV decide, at the cost of a decode.
        file.reset();
        const cv::Mat image = cv::imread(path, cv::IMREAD_UNCHANGED);
        if (image.empty())
            throw Error(path, "not an image OpenCV can read (unknown format or corrupt)");
        h.format = "other";
        h.width = image.cols;
        h.height = image.rows;
    }
    if (h.width <= 0 || h.height <= 0)
        throw Error(path, "corrupt " + h.format + " header (size " + std::to_string(h.width) + "x" +
                              std::to_string(h.height) + ")");
    return h;
}

} // namespace orinet
