#include "io/matfile.h"

#include "common/error.h"
#include "common/outputtarget.h"
#include "io/matstructure.h"

#include <matio.h>

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <map>
#include <sstream>

namespace orinet {

struct MatFile::Handle {
    mat_t* mat = nullptr;
    bool writing = false;
    size_t written = 0;  //!< top-level variables written, for close()'s check
    size_t elements = 0; //!< top-level elements of a v5 file being read (0: not counted)
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

} // namespace

MatFile::MatFile(const std::string& path, Mode mode)
    : mPath(path)
    , mHandle(std::make_unique<Handle>()) {
    if (mode == Mode::Read) {
        // matio stops reading at a cut-off variable as if the file ended there, reads an
        // array's missing values from whatever follows it and allocates what a corrupt size
        // claims, in v4 files even while opening: v5 and v4 files are checked first.
        const char* problem = "the file is truncated or corrupt (copy it again)";
        switch (MatStructure::version(path)) {
        case MatStructure::Version::V5:
            mHandle->elements = MatStructure::check(path, problem, /*deep=*/true);
            break;
        case MatStructure::Version::V4:
            mHandle->elements = MatStructure::checkVersion4(path, problem);
            break;
        case MatStructure::Version::V73:
            break; // HDF5 checks its own structure
        }
        mHandle->mat = Mat_Open(path.c_str(), MAT_ACC_RDONLY);
        if (!mHandle->mat)
            throw Error(path,
                        "cannot open as a MATLAB .mat file (missing, unreadable or not a .mat)");
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
    const size_t elements =
        MatStructure::check(mPath, "the write was cut short (disk full?)", /*deep=*/false);
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
