#include "io/matfile.h"

#include "common/error.h"
#include "common/outputtarget.h"

#include <matio.h>
#include <zlib.h>

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <map>
#include <sstream>

namespace orinet {

struct MatFile::Handle {
    mat_t* mat = nullptr;
    bool writing = false;
    size_t written = 0;  //!< top-level variables written, for close()'s check
    size_t elements = 0; //!< top-level elements of a v5 file being read (0: not counted)
    //! Numeric variables whose data is shorter than their dimensions: name -> problem.
    std::map<std::string, std::string> shortArrays;
    //! Filled by readAllVariables(): every top-level variable, owned, by name.
    std::map<std::string, matvar_t*> cache;
    bool cached = false;
};

namespace {

struct VarDeleter {
    void operator()(matvar_t* v) const { Mat_VarFree(v); }
};
using VarPtr = std::unique_ptr<matvar_t, VarDeleter>;

std::vector<std::string> splitPath(const std::string& name) {
    std::vector<std::string> parts;
    std::stringstream in(name);
    std::string part;
    while (std::getline(in, part, '.'))
        parts.push_back(part);
    return parts;
}

template <typename T> void convert(const void* data, size_t n, std::vector<double>& out) {
    const T* p = static_cast<const T*>(data);
    out.resize(n);
    for (size_t i = 0; i < n; ++i)
        out[i] = static_cast<double>(p[i]);
}

size_t elementCount(const matvar_t* var) {
    size_t n = 1;
    for (int i = 0; i < var->rank; ++i)
        n *= var->dims[i];
    return n;
}

//! The variable `name` ("utm", "valSet.valInd"): the top-level one from the cache when
//! readAllVariables() filled it (borrowed), else read from the file into `owned`, then down
//! the struct fields. Throws orinet::Error naming the file and the missing part.
matvar_t* findVariable(mat_t* mat, const std::map<std::string, matvar_t*>* cache,
                       const std::string& path, const std::string& name, VarPtr& owned) {
    const std::vector<std::string> parts = splitPath(name);
    if (parts.empty())
        throw Error(path, "empty variable name");
    matvar_t* var = nullptr;
    if (cache) {
        const auto it = cache->find(parts.front());
        var = it == cache->end() ? nullptr : it->second;
    } else {
        owned.reset(Mat_VarRead(mat, parts.front().c_str()));
        var = owned.get();
    }
    if (!var)
        throw Error(path, "variable '" + parts.front() + "' is missing");
    for (size_t i = 1; i < parts.size(); ++i) {
        if (var->class_type != MAT_C_STRUCT)
            throw Error(path, "'" + name + "': '" + parts[i - 1] + "' is not a struct");
        var = Mat_VarGetStructFieldByName(var, parts[i].c_str(), 0);
        if (!var)
            throw Error(path, "'" + name + "': struct has no field '" + parts[i] + "'");
    }
    return var;
}

//! The bytes per element of a MAT v5 data type; 0 for non-numeric ones.
size_t storedElementSize(uint32_t type) {
    switch (type) {
    case 1: // miINT8
    case 2: // miUINT8
        return 1;
    case 3: // miINT16
    case 4: // miUINT16
        return 2;
    case 5: // miINT32
    case 6: // miUINT32
    case 7: // miSINGLE
        return 4;
    case 9:  // miDOUBLE
    case 12: // miINT64
    case 13: // miUINT64
        return 8;
    default:
        return 0;
    }
}

//! Reads the start of a top-level numeric matrix (an miMATRIX body: flags, dimensions, name,
//! real-part tag) and returns {name, problem} when its real part holds fewer values than its
//! dimensions declare: matio would read the missing ones from whatever follows in the file.
std::pair<std::string, std::string> shortArray(const std::vector<uint8_t>& head) {
    size_t at = 0;
    auto u32 = [&](size_t offset) -> uint32_t {
        uint32_t v = 0;
        if (offset + 4 <= head.size())
            std::memcpy(&v, head.data() + offset, 4);
        return v;
    };
    // one sub-element: small (type and size in one word, data in the next 4 bytes) or normal
    auto element = [&](uint32_t& type, uint32_t& bytes, size_t& data) {
        const uint32_t first = u32(at);
        if (first >> 16) {
            type = first & 0xffff;
            bytes = first >> 16;
            data = at + 4;
            at += 8;
        } else {
            type = first;
            bytes = u32(at + 4);
            data = at + 8;
            at += 8 + (uint64_t{bytes} + 7) / 8 * 8;
        }
        return data <= head.size();
    };
    if (head.size() < 8 || u32(0) != 14) // miMATRIX
        return {};
    at = 8; // inside the miMATRIX
    uint32_t type = 0, bytes = 0;
    size_t data = 0;
    if (!element(type, bytes, data) || bytes < 4)
        return {};
    const uint32_t matClass = u32(data) & 0xff;
    if (matClass < MAT_C_DOUBLE || matClass > MAT_C_UINT64 || (u32(data) & 0x800))
        return {}; // not a real numeric array (complex arrays are refused when read)
    if (!element(type, bytes, data) || type != 5 || bytes < 8 || data + bytes > head.size())
        return {};
    uint64_t count = 1;
    std::string dims;
    for (uint32_t i = 0; i < bytes / 4; ++i) {
        const uint32_t d = u32(data + 4 * i);
        count = d == 0 ? 0 : (count > (uint64_t{1} << 40) / d ? (uint64_t{1} << 40) : count * d);
        dims += (i ? "x" : "") + std::to_string(d);
    }
    if (!element(type, bytes, data) || data + bytes > head.size())
        return {};
    const std::string name(reinterpret_cast<const char*>(head.data() + data), bytes);
    if (!element(type, bytes, data))
        return {};
    const size_t size = storedElementSize(type);
    if (size == 0 || uint64_t{bytes} >= count * size)
        return {};
    return {name.c_str(), "'" + std::string(name.c_str()) + "' is declared " + dims + " (" +
                              std::to_string(count) + " values) but holds " +
                              std::to_string(bytes / size) + "; the file is corrupt"};
}

//! Upper bound of deflate's expansion ratio (about 1032:1), with a margin.
constexpr uint64_t kMaxInflation = 1100;

//! The first bytes of a compressed element's content, inflated (enough for shortArray()).
std::vector<uint8_t> inflateHead(std::ifstream& in, uint64_t compressedBytes, size_t want) {
    std::vector<uint8_t> input(static_cast<size_t>(std::min<uint64_t>(compressedBytes, 1 << 16)));
    in.read(reinterpret_cast<char*>(input.data()), static_cast<std::streamsize>(input.size()));
    std::vector<uint8_t> out(want);
    z_stream z{};
    if (inflateInit(&z) != Z_OK)
        return {};
    z.next_in = input.data();
    z.avail_in = static_cast<uInt>(in.gcount());
    z.next_out = out.data();
    z.avail_out = static_cast<uInt>(out.size());
    inflate(&z, Z_SYNC_FLUSH);
    out.resize(out.size() - z.avail_out);
    inflateEnd(&z);
    return out;
}

//! Walks the top-level data elements of a MAT v5 file (a 128-byte header, then elements of
//! an 8-byte tag and as many bytes as the tag says, padded to 8 unless compressed, as matio
//! and MATLAB write and read them) and returns their count. Throws when the elements do not
//! end exactly at the end of the file: it was cut short. With `shortArrays`, also notes every
//! numeric variable whose data is shorter than its dimensions (name -> problem).
size_t countWholeElements(const std::string& path, const char* problem,
                          std::map<std::string, std::string>* shortArrays = nullptr) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw Error(path, "cannot open");
    char header[128];
    if (!in.read(header, sizeof header))
        throw Error(path, std::string("shorter than a MAT-file header; ") + problem);
    const bool swapped = header[126] == 'M' && header[127] == 'I';
    in.seekg(0, std::ios::end);
    const uint64_t size = static_cast<uint64_t>(in.tellg());
    uint64_t at = 128;
    size_t count = 0;
    auto swap32 = [](uint32_t v) {
        return (v >> 24) | ((v >> 8) & 0xff00u) | ((v << 8) & 0xff0000u) | (v << 24);
    };
    while (at < size) {
        uint32_t tag[2] = {};
        in.seekg(static_cast<std::streamoff>(at));
        if (size - at < 8 || !in.read(reinterpret_cast<char*>(tag), sizeof tag))
            throw Error(path, std::string("the file ends inside a variable; ") + problem);
        if (swapped) {
            tag[0] = swap32(tag[0]);
            tag[1] = swap32(tag[1]);
        }
        const uint64_t bytes = tag[1];
        const uint64_t next = at + 8 + ((tag[0] == MAT_T_COMPRESSED) ? bytes : (bytes + 7) / 8 * 8);
        if (shortArrays && !swapped && next <= size) {
            constexpr size_t kHead = 512;
            std::vector<uint8_t> head;
            if (tag[0] == MAT_T_COMPRESSED) {
                head = inflateHead(in, bytes, kHead);
            } else {
                head.resize(8 + static_cast<size_t>(std::min<uint64_t>(bytes, kHead)));
                std::memcpy(head.data(), tag, 8);
                in.read(reinterpret_cast<char*>(head.data() + 8),
                        static_cast<std::streamsize>(head.size() - 8));
            }
            // Deflate cannot expand data more than about 1032:1. A variable whose inflated
            // header claims more than that is corrupt, and matio would allocate the claimed
            // size (gigabytes from a few bytes) before finding out.
            if (tag[0] == MAT_T_COMPRESSED && head.size() >= 8) {
                uint32_t claimed = 0;
                std::memcpy(&claimed, head.data() + 4, 4);
                if (uint64_t{claimed} > kMaxInflation * bytes + 1024)
                    throw Error(path, "variable " + std::to_string(count + 1) + " claims " +
                                          std::to_string(claimed) + " bytes but has " +
                                          std::to_string(bytes) + " compressed bytes; " + problem);
            }
            const auto found = shortArray(head);
            if (!found.first.empty())
                shortArrays->emplace(found);
        }
        at = next;
        ++count;
    }
    if (at != size)
        throw Error(path, std::string("the file ends inside a variable; ") + problem);
    return count;
}

} // namespace

MatFile::MatFile(const std::string& path, Mode mode)
    : mPath(path)
    , mHandle(std::make_unique<Handle>()) {
    if (mode == Mode::Read) {
        mHandle->mat = Mat_Open(path.c_str(), MAT_ACC_RDONLY);
        if (!mHandle->mat)
            throw Error(path,
                        "cannot open as a MATLAB .mat file (missing, unreadable or not a .mat)");
        // matio stops reading at a cut-off variable as if the file ended there: a truncated
        // copy would silently lack its last variables. v5 files can be checked cheaply.
        if (Mat_GetVersion(mHandle->mat) == MAT_FT_MAT5) {
            try {
                mHandle->elements =
                    countWholeElements(path, "the file is truncated or corrupt (copy it again)",
                                       &mHandle->shortArrays);
            } catch (...) {
                // no destructor runs for a constructor that throws
                Mat_Close(mHandle->mat);
                throw;
            }
        }
    } else {
        // A fixed header text instead of matio's default with the creation time.
        mHandle->mat = Mat_CreateVer(path.c_str(), "MATLAB 5.0 MAT-file, written by OriNet Studio",
                                     MAT_FT_MAT5);
        if (!mHandle->mat)
            throw Error(path, "cannot create MATLAB file");
        mHandle->writing = true;
    }
}

MatFile::~MatFile() {
    if (mHandle)
        for (auto& entry : mHandle->cache)
            Mat_VarFree(entry.second);
    if (mHandle && mHandle->mat)
        Mat_Close(mHandle->mat);
}

std::vector<std::string> MatFile::variableNames() const {
    std::vector<std::string> names;
    size_t n = 0;
    if (char* const* list = Mat_GetDir(mHandle->mat, &n))
        for (size_t i = 0; i < n; ++i)
            if (list[i])
                names.emplace_back(list[i]);
    return names;
}

void MatFile::readAllVariables() {
    if (mHandle->cached)
        return;
    Mat_Rewind(mHandle->mat);
    size_t read = 0;
    while (matvar_t* var = Mat_VarReadNext(mHandle->mat)) {
        ++read;
        if (!var->name || mHandle->cache.count(var->name)) {
            Mat_VarFree(var);
            continue;
        }
        mHandle->cache.emplace(var->name, var);
    }
    mHandle->cached = true;
    if (mHandle->elements != 0 && read < mHandle->elements)
        throw Error(mPath, "only " + std::to_string(read) + " of its " +
                               std::to_string(mHandle->elements) +
                               " variables can be read; the file is corrupt (copy it again)");
}

bool MatFile::contains(const std::string& name) const {
    const auto parts = splitPath(name);
    if (parts.empty())
        return false;
    if (mHandle->cached)
        return mHandle->cache.count(parts.front()) > 0;
    VarPtr var(Mat_VarReadInfo(mHandle->mat, parts.front().c_str()));
    return var != nullptr;
}

MatArray MatFile::readNumeric(const std::string& name) const {
    VarPtr owned;
    const matvar_t* const var =
        findVariable(mHandle->mat, mHandle->cached ? &mHandle->cache : nullptr, mPath, name, owned);
    if (var->isComplex)
        throw Error(mPath, "'" + name + "' is complex; a real array was expected");
    MatArray out;
    for (int i = 0; i < var->rank; ++i)
        out.dims.push_back(var->dims[i]);
    const size_t n = elementCount(var);
    if (n > 0 && !var->data)
        throw Error(mPath, "'" + name + "' has no data (sparse or unsupported storage)");
    switch (var->class_type) {
    case MAT_C_DOUBLE:
        convert<double>(var->data, n, out.values);
        break;
    case MAT_C_SINGLE:
        convert<float>(var->data, n, out.values);
        break;
    case MAT_C_INT8:
        convert<int8_t>(var->data, n, out.values);
        break;
    case MAT_C_UINT8:
        convert<uint8_t>(var->data, n, out.values);
        break;
    case MAT_C_INT16:
        convert<int16_t>(var->data, n, out.values);
        break;
    case MAT_C_UINT16:
        convert<uint16_t>(var->data, n, out.values);
        break;
    case MAT_C_INT32:
        convert<int32_t>(var->data, n, out.values);
        break;
    case MAT_C_UINT32:
        convert<uint32_t>(var->data, n, out.values);
        break;
    case MAT_C_INT64:
        convert<int64_t>(var->data, n, out.values);
        break;
    case MAT_C_UINT64:
        convert<uint64_t>(var->data, n, out.values);
        break;
    default:
        throw Error(mPath, "'" + name + "' is not a numeric array");
    }
    return out;
}

std::vector<std::string> MatFile::readStrings(const std::string& name) const {
    VarPtr owned;
    matvar_t* const var =
        findVariable(mHandle->mat, mHandle->cached ? &mHandle->cache : nullptr, mPath, name, owned);
    auto charString = [&](const matvar_t* v, size_t row, size_t rows, size_t cols) {
        std::string s;
        for (size_t c = 0; c < cols; ++c) {
            const size_t idx = row + c * rows;
            unsigned ch = 0;
            if (v->data_type == MAT_T_UINT16 || v->data_type == MAT_T_UTF16)
                ch = static_cast<const uint16_t*>(v->data)[idx];
            else
                ch = static_cast<const uint8_t*>(v->data)[idx];
            s.push_back(static_cast<char>(ch));
        }
        return s;
    };
    std::vector<std::string> out;
    if (var->class_type == MAT_C_CHAR) {
        const size_t rows = var->rank > 0 ? var->dims[0] : 0;
        const size_t cols = var->rank > 1 ? var->dims[1] : 0;
        for (size_t r = 0; r < rows; ++r) {
            std::string s = charString(var, r, rows, cols);
            while (!s.empty() && (s.back() == ' ' || s.back() == '\0'))
                s.pop_back();
            out.push_back(s);
        }
        return out;
    }
    if (var->class_type != MAT_C_CELL)
        throw Error(mPath, "'" + name + "' is neither a cell array of strings nor a char matrix");
    const size_t n = elementCount(var);
    for (size_t i = 0; i < n; ++i) {
        matvar_t* cell = Mat_VarGetCell(var, static_cast<int>(i));
        if (!cell || elementCount(cell) == 0) {
            out.emplace_back(); // '' or [] both read as an empty string
            continue;
        }
        if (!cell || cell->class_type != MAT_C_CHAR)
            throw Error(mPath, "'" + name + "' cell " + std::to_string(i + 1) + " is not a string");
        const size_t cols = elementCount(cell);
        out.push_back(cols ? charString(cell, 0, 1, cols) : std::string());
    }
    return out;
}

namespace {

template <typename T>
void writeMatrix(mat_t* mat, const std::string& path, const std::string& name, const T* rowMajor,
                 size_t rows, size_t cols, matio_classes cls, matio_types type) {
    // MATLAB is column-major: transpose while copying.
    std::vector<T> colMajor(rows * cols);
    for (size_t r = 0; r < rows; ++r)
        for (size_t c = 0; c < cols; ++c)
            colMajor[r + c * rows] = rowMajor[r * cols + c];
    size_t dims[2] = {rows, cols};
    VarPtr var(
        Mat_VarCreate(name.c_str(), cls, type, 2, dims, colMajor.data(), MAT_F_DONT_COPY_DATA));
    if (!var)
        throw Error(path, "cannot create variable '" + name + "'");
    if (Mat_VarWrite(mat, var.get(), MAT_COMPRESSION_ZLIB) != 0)
        throw Error(path, "cannot write variable '" + name + "' (disk full?)");
}

} // namespace

void MatFile::close() {
    if (!mHandle->mat)
        return;
    const bool writing = mHandle->writing;
    const int status = Mat_Close(mHandle->mat);
    mHandle->mat = nullptr;
    if (status != MATIO_E_NO_ERROR)
        throw Error(mPath, "cannot finish writing the file (disk full?)");
    if (!writing)
        return;
    // fsync reports the write errors a full disk may still hold back (delayed allocation)
    const int fd = ::open(mPath.c_str(), O_RDONLY);
    const bool synced = fd >= 0 && ::fsync(fd) == 0;
    if (fd >= 0)
        ::close(fd);
    if (!synced)
        throw Error(mPath, std::string("cannot sync the file to disk: ") + std::strerror(errno));
    const size_t elements = countWholeElements(mPath, "the write was cut short (disk full?)");
    if (elements != mHandle->written)
        throw Error(mPath, std::to_string(elements) + " of " + std::to_string(mHandle->written) +
                               " variables are on disk (disk full?)");
}

void MatFile::writeAtomically(const std::string& path, const std::function<void(MatFile&)>& fill) {
    OutputTarget::checkFile(path, OutputTarget::mat());
    const std::string temp = path + ".tmp-" + std::to_string(::getpid()) + ".mat";
    try {
        MatFile file(temp, Mode::Write);
        fill(file);
        file.close();
    } catch (...) {
        std::remove(temp.c_str());
        throw;
    }
    if (std::rename(temp.c_str(), path.c_str()) != 0) {
        const int error = errno;
        std::remove(temp.c_str());
        throw Error(path, std::string("cannot replace the file: ") + std::strerror(error));
    }
}

void MatFile::writeSingle(const std::string& name, const float* rowMajor, size_t rows,
                          size_t cols) {
    writeMatrix(mHandle->mat, mPath, name, rowMajor, rows, cols, MAT_C_SINGLE, MAT_T_SINGLE);
    ++mHandle->written;
}

void MatFile::writeDouble(const std::string& name, const double* rowMajor, size_t rows,
                          size_t cols) {
    writeMatrix(mHandle->mat, mPath, name, rowMajor, rows, cols, MAT_C_DOUBLE, MAT_T_DOUBLE);
    ++mHandle->written;
}

void MatFile::writeStrings(const std::string& name, const std::vector<std::string>& strings) {
    size_t dims[2] = {1, strings.size()};
    VarPtr cell(Mat_VarCreate(name.c_str(), MAT_C_CELL, MAT_T_CELL, 2, dims, nullptr, 0));
    if (!cell)
        throw Error(mPath, "cannot create variable '" + name + "'");
    for (size_t i = 0; i < strings.size(); ++i) {
        size_t sdims[2] = {strings[i].empty() ? 0u : 1u, strings[i].size()};
        // matio copies nothing with MAT_F_DONT_COPY_DATA, so let it copy: the cell owns it.
        // MAT_T_UTF8, not MAT_T_UINT8: matio 1.5's zlib writer garbles UINT8 char cells after
        // the first element (they read back as missing); ASCII ids are the same bytes.
        matvar_t* s = Mat_VarCreate(nullptr, MAT_C_CHAR, MAT_T_UTF8, 2, sdims,
                                    const_cast<char*>(strings[i].data()), 0);
        Mat_VarSetCell(cell.get(), static_cast<int>(i), s);
    }
    if (Mat_VarWrite(mHandle->mat, cell.get(), MAT_COMPRESSION_ZLIB) != 0)
        throw Error(mPath, "cannot write variable '" + name + "' (disk full?)");
    ++mHandle->written;
}

void MatFile::writeStructOfVectors(
    const std::string& name,
    const std::vector<std::pair<std::string, std::vector<double>>>& fields) {
    std::vector<const char*> names;
    for (const auto& f : fields)
        names.push_back(f.first.c_str());
    size_t dims[2] = {1, 1};
    VarPtr st(Mat_VarCreateStruct(name.c_str(), 2, dims, names.data(),
                                  static_cast<unsigned>(names.size())));
    if (!st)
        throw Error(mPath, "cannot create struct '" + name + "'");
    for (const auto& f : fields) {
        size_t fdims[2] = {f.second.size(), 1};
        matvar_t* v = Mat_VarCreate(nullptr, MAT_C_DOUBLE, MAT_T_DOUBLE, 2, fdims,
                                    const_cast<double*>(f.second.data()), 0);
        Mat_VarSetStructFieldByName(st.get(), f.first.c_str(), 0, v);
    }
    if (Mat_VarWrite(mHandle->mat, st.get(), MAT_COMPRESSION_ZLIB) != 0)
        throw Error(mPath, "cannot write struct '" + name + "' (disk full?)");
    ++mHandle->written;
}

} // namespace orinet
