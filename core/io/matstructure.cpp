#include "io/matstructure.h"

#include "common/error.h"

#include <zlib.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <vector>

namespace orinet {

namespace {

// MAT v5 data types and array classes (MATLAB's "MAT-File Format", matio's enums).
enum : uint32_t {
    miINT8 = 1,
    miUINT8 = 2,
    miINT16 = 3,
    miUINT16 = 4,
    miINT32 = 5,
    miUINT32 = 6,
    miSINGLE = 7,
    miDOUBLE = 9,
    miINT64 = 12,
    miUINT64 = 13,
    miMATRIX = 14,
    miCOMPRESSED = 15,
    miUTF8 = 16,
    miUTF16 = 17,
    miUTF32 = 18,
};
enum : uint32_t {
    mxCELL = 1,
    mxSTRUCT = 2,
    mxOBJECT = 3,
    mxCHAR = 4,
    mxSPARSE = 5,
    mxDOUBLE = 6,
    mxUINT64 = 15,
    mxFUNCTION = 16,
    mxOPAQUE = 17,
};
constexpr uint32_t kComplexFlag = 0x800;

//! Upper bound of deflate's expansion ratio (about 1032:1), with a margin.
constexpr uint64_t kMaxInflation = 1100;
//! Deeper nesting of cells and structs than any real file has: a corrupt one.
constexpr int kMaxDepth = 64;
//! Field names of a struct: MATLAB allows 63 characters a name; a million bytes is corrupt.
constexpr uint32_t kMaxFieldNameBytes = 1 << 20;
//! Counts saturate here: far above any real array, far below overflow in the checks.
constexpr uint64_t kCountCap = uint64_t{1} << 60;

//! The bytes per element of a numeric MAT v5 data type; 0 for the others.
size_t numericSize(uint32_t type) {
    switch (type) {
    case miINT8:
    case miUINT8:
        return 1;
    case miINT16:
    case miUINT16:
        return 2;
    case miINT32:
    case miUINT32:
    case miSINGLE:
        return 4;
    case miDOUBLE:
    case miINT64:
    case miUINT64:
        return 8;
    default:
        return 0;
    }
}

//! The bytes per character of a character data type; 0 for the others.
size_t characterSize(uint32_t type) {
    switch (type) {
    case miINT8:
    case miUINT8:
    case miUTF8:
        return 1;
    case miINT16:
    case miUINT16:
    case miUTF16:
        return 2;
    case miINT32:
    case miUINT32:
    case miUTF32:
        return 4;
    default:
        return 0;
    }
}

uint32_t swap32(uint32_t v) {
    return (v >> 24) | ((v >> 8) & 0xff00u) | ((v << 8) & 0xff0000u) | (v << 24);
}

//! Where the bytes of one top-level element come from: the file, or its inflated content.
class Source {
public:
    virtual ~Source() = default;
    //! Exactly `n` bytes, or false when the data ends first.
    virtual bool read(void* out, size_t n) = 0;
    //! Passes over `n` bytes. May defer the work until the next read(): bytes nobody reads
    //! after them (the data at the end of a variable) are never inflated.
    virtual void skip(uint64_t n) = 0;
};

class FileSource : public Source {
public:
    explicit FileSource(std::ifstream& in)
        : mIn(in) {}
    bool read(void* out, size_t n) override {
        mIn.read(static_cast<char*>(out), static_cast<std::streamsize>(n));
        return static_cast<size_t>(mIn.gcount()) == n;
    }
    // The caller stays inside an element that lies wholly in the file.
    void skip(uint64_t n) override { mIn.seekg(static_cast<std::streamoff>(n), std::ios::cur); }

private:
    std::ifstream& mIn;
};

//! The inflated content of a compressed element, produced as it is read: memory stays at two
//! 64 KiB buffers whatever the element claims.
class InflateSource : public Source {
public:
    InflateSource(std::ifstream& in, uint64_t compressedBytes)
        : mIn(in)
        , mLeft(compressedBytes) {
        mOk = inflateInit(&mZ) == Z_OK;
    }
    ~InflateSource() override {
        if (mOk)
            inflateEnd(&mZ);
    }
    InflateSource(const InflateSource&) = delete;
    InflateSource& operator=(const InflateSource&) = delete;

    bool read(void* out, size_t n) override {
        if (!pass(mPending, nullptr))
            return false;
        mPending = 0;
        return pass(n, static_cast<uint8_t*>(out));
    }
    void skip(uint64_t n) override { mPending += n; }

private:
    //! Takes `n` inflated bytes, copied to `out` unless it is null.
    bool pass(uint64_t n, uint8_t* out) {
        while (n > 0) {
            if (mAt == mEnd && !fill())
                return false;
            const size_t take = static_cast<size_t>(std::min<uint64_t>(n, mEnd - mAt));
            if (out) {
                std::memcpy(out, mOutput.data() + mAt, take);
                out += take;
            }
            mAt += take;
            n -= take;
        }
        return true;
    }

    bool fill() {
        if (!mOk || mEnded)
            return false;
        mAt = 0;
        mEnd = 0;
        while (mEnd == 0) {
            if (mZ.avail_in == 0) {
                if (mLeft == 0)
                    return false;
                const size_t want = static_cast<size_t>(std::min<uint64_t>(mLeft, mInput.size()));
                mIn.read(reinterpret_cast<char*>(mInput.data()),
                         static_cast<std::streamsize>(want));
                const size_t got = static_cast<size_t>(mIn.gcount());
                if (got == 0)
                    return false;
                mLeft -= got;
                mZ.next_in = mInput.data();
                mZ.avail_in = static_cast<uInt>(got);
            }
            mZ.next_out = mOutput.data();
            mZ.avail_out = static_cast<uInt>(mOutput.size());
            const int status = inflate(&mZ, Z_NO_FLUSH);
            mEnd = mOutput.size() - mZ.avail_out;
            if (status == Z_STREAM_END) {
                mEnded = true;
                return mEnd > 0;
            }
            if (status != Z_OK && status != Z_BUF_ERROR)
                return false; // corrupt deflate data
        }
        return true;
    }

    std::ifstream& mIn;
    uint64_t mLeft; //!< compressed bytes not yet read from the file
    z_stream mZ{};
    bool mOk = false;
    bool mEnded = false;
    std::vector<uint8_t> mInput = std::vector<uint8_t>(1 << 16);
    std::vector<uint8_t> mOutput = std::vector<uint8_t>(1 << 16);
    size_t mAt = 0, mEnd = 0; //!< the unread part of mOutput
    uint64_t mPending = 0;    //!< skipped bytes not yet inflated
};

//! One sub-element's tag: its type, the bytes of its data and whether they sat in the tag.
struct Tag {
    uint32_t type = 0;
    uint32_t bytes = 0;
    bool small = false;
    uint8_t inlineData[4] = {};
};

//! Walks the elements of one variable. `left` counts the bytes of the enclosing matrix that
//! are not consumed yet: nothing may run past them.
class Walker {
public:
    Walker(const std::string& path, bool swapped)
        : mPath(path)
        , mSwapped(swapped) {}

    //! For the next top-level matrix: it is the content of a compressed element of this many
    //! bytes (0: it is not compressed).
    void setCompressedBytes(uint64_t bytes) { mCompressedBytes = bytes; }

    //! The miMATRIX whose tag said `size` bytes. `where` names it; a top-level variable's
    //! placeholder name is replaced by its real name once read.
    void matrix(Source& s, uint64_t size, std::string where, bool topLevel, int depth) {
        if (size == 0)
            return; // an empty cell or field
        if (depth > kMaxDepth)
            fail(where,
                 "nests cells or structs more than " + std::to_string(kMaxDepth) + " levels deep");
        uint64_t left = size;
        Tag t = tag(s, left, where, "array flags");
        uint8_t flags[8] = {};
        if (t.type != miUINT32 || t.bytes != 8)
            fail(where, "has no array flags");
        data(s, t, left, where, flags);
        const uint32_t flagWord = u32(flags);
        const uint32_t cls = flagWord & 0xff;
        if (cls == mxOPAQUE)
            return skipRest(s, left); // classdef objects: matio reads nothing of them
        t = tag(s, left, where, "dimensions");
        if (t.type != miINT32 || t.bytes < 8 || t.bytes % 4 != 0 || t.bytes > 4 * 64)
            fail(where, "has no valid dimensions");
        uint8_t dimBytes[4 * 64] = {};
        data(s, t, left, where, dimBytes);
        uint64_t count = 1;
        std::string dims;
        for (uint32_t i = 0; i < t.bytes / 4; ++i) {
            const uint32_t d = u32(dimBytes + 4 * i);
            count = d == 0 ? 0 : (count > kCountCap / d ? kCountCap : count * d);
            dims += (i ? "x" : "") + std::to_string(d);
        }
        t = tag(s, left, where, "name");
        if (t.type != miINT8 || t.bytes > 4096)
            fail(where, "has no valid name");
        std::string name(t.bytes, '\0');
        data(s, t, left, where, name.data());
        name = name.c_str(); // padding NULs
        if (topLevel && !name.empty())
            where = name;
        // Deflate cannot expand data more than about 1032:1: a variable that claims more is
        // corrupt, and matio would allocate the claim before finding out.
        if (topLevel && mCompressedBytes > 0 && size > kMaxInflation * mCompressedBytes + 1024)
            fail(where, "claims " + std::to_string(size) + " bytes but has " +
                            std::to_string(mCompressedBytes) +
                            " compressed bytes (deflate expands at most about 1032:1)");

        switch (cls) {
        case mxCHAR:
            characters(s, left, where, count, dims);
            break;
        case mxCELL:
            cells(s, left, where, count, dims, depth);
            break;
        case mxSTRUCT:
        case mxOBJECT:
            fields(s, left, where, count, dims, cls == mxOBJECT, depth);
            break;
        case mxSPARSE:
            // row indices, column starts, values (and imaginary values): matio allocates each
            // part by its own tag, which must fit
            for (const char* part : {"row indices", "column starts", "values"})
                data(s, tag(s, left, where, part), left, where, nullptr);
            if (flagWord & kComplexFlag)
                data(s, tag(s, left, where, "imaginary values"), left, where, nullptr);
            break;
        case mxFUNCTION: // matio reads one nested matrix per element, like cells
            cells(s, left, where, count, dims, depth);
            break;
        case 0: // matio's empty class
            break;
        default:
            if (cls < mxDOUBLE || cls > mxUINT64)
                fail(where, "has unknown array class " + std::to_string(cls));
            numbers(s, left, where, count, dims, "");
            if (flagWord & kComplexFlag)
                numbers(s, left, where, count, dims, "imaginary part ");
        }
        skipRest(s, left);
    }

    [[noreturn]] void fail(const std::string& where, const std::string& problem) const {
        throw Error(mPath, "'" + where + "' " + problem + "; the file is corrupt (copy it again)");
    }

    uint32_t u32(const uint8_t* p) const {
        uint32_t v = 0;
        std::memcpy(&v, p, 4);
        return mSwapped ? swap32(v) : v;
    }

private:
    //! Reads the tag of the next sub-element, which must fit in `left` with its data.
    Tag tag(Source& s, uint64_t& left, const std::string& where, const char* what) {
        if (left < 8)
            fail(where, std::string("ends before its ") + what);
        uint8_t b[8];
        if (!s.read(b, 8))
            fail(where, std::string("ends before its ") + what + " (the data stops short)");
        left -= 8;
        Tag t;
        const uint32_t first = u32(b);
        if (first >> 16) { // small data element: type and size in one word, data in the next
            t.type = first & 0xffff;
            t.bytes = first >> 16;
            t.small = true;
            if (t.bytes > 4)
                fail(where, "declares " + std::to_string(t.bytes) + " bytes of " + what +
                                " in a 4-byte field");
            std::memcpy(t.inlineData, b + 4, 4);
            return t;
        }
        t.type = first;
        t.bytes = u32(b + 4);
        if (t.bytes > left)
            fail(where, "declares " + std::to_string(t.bytes) + " bytes of " + what +
                            " where only " + std::to_string(left) + " are left");
        return t;
    }

    //! The data of `t` into `out` (t.bytes of room), or skipped when `out` is null; then its
    //! padding to 8 bytes, as far as the matrix goes.
    void data(Source& s, const Tag& t, uint64_t& left, const std::string& where, void* out) {
        if (t.small) {
            if (out)
                std::memcpy(out, t.inlineData, std::min<size_t>(t.bytes, 4));
            return;
        }
        if (out) {
            if (!s.read(out, t.bytes))
                fail(where, "ends before its declared size (the data stops short)");
        } else {
            s.skip(t.bytes);
        }
        left -= t.bytes;
        const uint64_t padding = std::min<uint64_t>((8 - t.bytes % 8) % 8, left);
        s.skip(padding);
        left -= padding;
    }

    void skipRest(Source& s, uint64_t& left) {
        s.skip(left);
        left = 0;
    }

    static std::string declared(const std::string& dims, uint64_t count, const char* unit) {
        return "is declared " + dims + " (" + std::to_string(count) + " " + unit + ")";
    }

    void numbers(Source& s, uint64_t& left, const std::string& where, uint64_t count,
                 const std::string& dims, const std::string& part) {
        const Tag t = tag(s, left, where, part.empty() ? "data" : "imaginary part");
        const size_t size = numericSize(t.type);
        if (size == 0)
            fail(where, "stores its " + part + "values as data type " + std::to_string(t.type) +
                            ", not a number type");
        const uint64_t stored = t.bytes / size;
        if (t.bytes % size != 0 || stored != count)
            fail(where, declared(dims, count, "values") + " but its " + part + "data holds " +
                            std::to_string(stored) +
                            (t.bytes % size != 0 ? " and a fraction" : ""));
        data(s, t, left, where, nullptr);
    }

    void characters(Source& s, uint64_t& left, const std::string& where, uint64_t count,
                    const std::string& dims) {
        const Tag t = tag(s, left, where, "characters");
        const size_t size = characterSize(t.type);
        if (size == 0)
            fail(where, "stores its characters as data type " + std::to_string(t.type));
        // UTF-8 takes 1 to 4 bytes per character; the other types a fixed size.
        const bool fits = t.type == miUTF8 ? t.bytes >= count && uint64_t{t.bytes} <= 4 * count
                                           : t.bytes % size == 0 && t.bytes / size == count;
        if (!fits)
            fail(where, declared(dims, count, "characters") + " but holds " +
                            std::to_string(t.bytes) + " bytes of characters");
        data(s, t, left, where, nullptr);
    }

    void cells(Source& s, uint64_t& left, const std::string& where, uint64_t count,
               const std::string& dims, int depth) {
        // every cell is an element of at least a tag: check before matio allocates them
        if (count > left / 8)
            fail(where,
                 declared(dims, count, "cells") + " but has room for " + std::to_string(left / 8));
        for (uint64_t i = 0; i < count; ++i)
            element(s, left, where + "{" + std::to_string(i + 1) + "}", depth);
    }

    void fields(Source& s, uint64_t& left, const std::string& where, uint64_t count,
                const std::string& dims, bool object, int depth) {
        if (object) {
            const Tag t = tag(s, left, where, "class name");
            if (t.type != miINT8)
                fail(where, "has no class name");
            data(s, t, left, where, nullptr);
        }
        Tag t = tag(s, left, where, "field name length");
        uint8_t lengthBytes[4] = {};
        if (t.type != miINT32 || t.bytes != 4)
            fail(where, "has no valid field name length");
        data(s, t, left, where, lengthBytes);
        const uint32_t length = u32(lengthBytes);
        t = tag(s, left, where, "field names");
        if (t.type != miINT8 || (length == 0 ? t.bytes != 0 : t.bytes % length != 0) ||
            length > 4096)
            fail(where, "has no valid field names");
        if (t.bytes > kMaxFieldNameBytes)
            fail(where, "has " + std::to_string(t.bytes) + " bytes of field names");
        const uint64_t names = length == 0 ? 0 : t.bytes / length;
        std::vector<char> text(t.bytes + 1, '\0');
        data(s, t, left, where, text.data());
        std::vector<std::string> fieldNames;
        for (uint64_t f = 0; f < names; ++f)
            fieldNames.emplace_back(std::string(text.data() + f * length, length).c_str());
        const uint64_t elements = count >= kCountCap / (names + 1) ? kCountCap : count * names;
        if (elements > left / 8)
            fail(where, declared(dims, count, "elements") + " of " + std::to_string(names) +
                            " fields but has room for " + std::to_string(left / 8) + " fields");
        for (uint64_t i = 0; i < count; ++i)
            for (const std::string& field : fieldNames)
                element(s, left,
                        where + (count > 1 ? "(" + std::to_string(i + 1) + ")" : "") + "." + field,
                        depth);
    }

    //! A cell's or field's content: an miMATRIX sub-element.
    void element(Source& s, uint64_t& left, const std::string& where, int depth) {
        const Tag t = tag(s, left, where, "matrix");
        if (t.type != miMATRIX || t.small)
            fail(where, "is not a matrix (data type " + std::to_string(t.type) + ")");
        matrix(s, t.bytes, where, false, depth + 1);
        left -= t.bytes;
        // matio pads a nested matrix to 8 bytes only outside compressed data; either is fine
    }

    const std::string& mPath;
    bool mSwapped;
    uint64_t mCompressedBytes = 0;
};

} // namespace

namespace {

//! Whether `word` (a v4 variable's first header word, in either byte order) is a type v4 has:
//! thousands digit 0 or 1 (byte order), hundreds 0, tens 0-5 (number type), units 0-2 (full,
//! text, sparse). Sets `swapped` when the bytes are in the other order.
bool version4Type(uint32_t word, bool& swapped) {
    swapped = word > 4052; // how matio tells the byte order
    const uint32_t type = swapped ? swap32(word) : word;
    return type / 1000 <= 1 && type / 100 % 10 == 0 && type / 10 % 10 <= 5 && type % 10 <= 2;
}

} // namespace

MatStructure::Version MatStructure::version(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    uint8_t header[128] = {};
    in.read(reinterpret_cast<char*>(header), sizeof header);
    const size_t got =
        in ? sizeof header : static_cast<size_t>(std::max<std::streamsize>(in.gcount(), 0));
    const std::string notMat =
        "cannot open as a MATLAB .mat file (missing, unreadable or not a .mat)";
    if (got == sizeof header && ((header[126] == 'I' && header[127] == 'M') ||
                                 (header[126] == 'M' && header[127] == 'I'))) {
        uint16_t v = 0;
        std::memcpy(&v, header + 124, 2);
        if (header[126] == 'M')
            v = static_cast<uint16_t>(v >> 8 | v << 8);
        if (v == 0x0100)
            return Version::V5;
        if (v == 0x0200)
            return Version::V73;
    }
    uint32_t first = 0;
    bool swapped = false;
    std::memcpy(&first, header, 4);
    if (got >= 20 && version4Type(first, swapped))
        return Version::V4;
    throw Error(path, notMat);
}

size_t MatStructure::check(const std::string& path, const std::string& problem, bool deep) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw Error(path, "cannot open");
    char header[128];
    if (!in.read(header, sizeof header))
        throw Error(path, "shorter than a MAT-file header; " + problem);
    const bool swapped = header[126] == 'M' && header[127] == 'I';
    in.seekg(0, std::ios::end);
    const uint64_t size = static_cast<uint64_t>(in.tellg());
    Walker walker(path, swapped);
    uint64_t at = 128;
    size_t count = 0;
    while (at < size) {
        uint8_t tagBytes[8] = {};
        in.clear();
        in.seekg(static_cast<std::streamoff>(at));
        if (size - at < 8 || !in.read(reinterpret_cast<char*>(tagBytes), 8))
            throw Error(path, "the file ends inside a variable; " + problem);
        const uint32_t type = walker.u32(tagBytes);
        const uint64_t bytes = walker.u32(tagBytes + 4);
        const uint64_t next = at + 8 + (type == miCOMPRESSED ? bytes : (bytes + 7) / 8 * 8);
        if (deep && next <= size) {
            const std::string placeholder = "variable " + std::to_string(count + 1);
            if (type == miMATRIX) {
                FileSource source(in);
                walker.setCompressedBytes(0);
                walker.matrix(source, bytes, placeholder, true, 0);
            } else if (type == miCOMPRESSED) {
                InflateSource source(in, bytes);
                uint8_t inner[8] = {};
                if (!source.read(inner, 8))
                    walker.fail(placeholder, "is compressed data that cannot be inflated");
                walker.setCompressedBytes(bytes);
                if (walker.u32(inner) == miMATRIX)
                    walker.matrix(source, walker.u32(inner + 4), placeholder, true, 0);
            }
        }
        at = next;
        ++count;
    }
    if (at != size)
        throw Error(path, "the file ends inside a variable; " + problem);
    return count;
}

size_t MatStructure::checkVersion4(const std::string& path, const std::string& problem) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw Error(path, "cannot open");
    in.seekg(0, std::ios::end);
    const uint64_t size = static_cast<uint64_t>(in.tellg());
    uint64_t at = 0;
    size_t count = 0;
    while (at < size) {
        const std::string where = "variable " + std::to_string(count + 1);
        uint8_t header[20] = {};
        in.clear();
        in.seekg(static_cast<std::streamoff>(at));
        if (size - at < 20 || !in.read(reinterpret_cast<char*>(header), 20))
            throw Error(path, "the file ends inside " + where + "; " + problem);
        // The type's thousands digit says the byte order (0 little, 1 big endian), as matio
        // reads it; its tens digit the stored number type.
        uint32_t word[5];
        std::memcpy(word, header, 20);
        bool swapped = false;
        if (!version4Type(word[0], swapped))
            throw Error(path,
                        where + " has an unknown type " + std::to_string(word[0]) + "; " + problem);
        for (uint32_t& w : word)
            w = swapped ? swap32(w) : w;
        // bytes of double, single, int32, int16, uint16, uint8
        static const uint64_t kSizes[] = {8, 4, 4, 2, 2, 1};
        const uint32_t precision = word[0] / 10 % 10;
        // matio sizes a v4 sparse matrix by numbers inside its data (gigabytes from a few
        // bytes), and nothing OriNet reads is one
        if (word[0] % 10 == 2)
            throw Error(path, where + " is a MAT v4 sparse matrix, which is not supported");
        const uint64_t rows = word[1], cols = word[2], parts = word[3] ? 2 : 1;
        const uint64_t name = word[4];
        const uint64_t left = size - at - 20;
        if (name == 0 || name > left)
            throw Error(path, where + " declares a name of " + std::to_string(name) +
                                  " bytes where " + std::to_string(left) + " are left; " + problem);
        std::string text(name, '\0');
        in.read(text.data(), static_cast<std::streamsize>(name));
        const std::string label = "'" + std::string(text.c_str()) + "'";
        const uint64_t cells = rows * cols; // each below 2^32: no overflow
        const uint64_t room = left - name;
        const uint64_t perCell = kSizes[precision] * parts;
        if (cells > room / perCell)
            throw Error(path, label + " is declared " + std::to_string(rows) + "x" +
                                  std::to_string(cols) + " (" + std::to_string(cells) +
                                  " values) but the file holds " + std::to_string(room / perCell) +
                                  " more; " + problem);
        at += 20 + name + cells * perCell;
        ++count;
    }
    return count;
}

} // namespace orinet
