#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace orinet {

//! A numeric MATLAB array converted to double, with MATLAB's dimensions and column-major order.
struct MatArray {
    std::vector<size_t> dims;
    std::vector<double> values;

    size_t count() const noexcept { return values.size(); }
    //! Element (i, j, k) in MATLAB's column-major order.
    double at(size_t i, size_t j = 0, size_t k = 0) const {
        const size_t d0 = dims.size() > 0 ? dims[0] : 1;
        const size_t d1 = dims.size() > 1 ? dims[1] : 1;
        return values[i + d0 * (j + d1 * k)];
    }
};

//! Reads and writes MATLAB .mat files (v5, v7.3 read when matio supports HDF5) through matio.
//! Variable names may address struct fields with dots: "trainSet.trainInd".
class MatFile {
public:
    enum class Mode { Read, Write };

    //! Throws orinet::Error naming the file when it cannot be opened or created. A new file's
    //! 116-byte text header is fixed (no creation time), so equal content gives equal bytes.
    MatFile(const std::string& path, Mode mode);
    //! Closes without reporting errors: call close() after writing to learn whether it worked.
    ~MatFile();
    MatFile(const MatFile&) = delete;
    MatFile& operator=(const MatFile&) = delete;

    const std::string& path() const noexcept { return mPath; }
    //! Reads every variable in one pass and serves all later reads from memory. matio finds a
    //! variable by walking the file from its start, which costs ~0.5 s per lookup when an
    //! earlier variable is a 100,000-string cell array (CVACT's panoIds): use this before
    //! reading several variables of such a file.
    void readAllVariables();
    bool contains(const std::string& name) const;

    //! Any real numeric class (double, single, integer, logical), converted to double.
    MatArray readNumeric(const std::string& name) const;
    //! A cell array of char strings, or a char matrix (one string per row).
    std::vector<std::string> readStrings(const std::string& name) const;

    //! Writes a rows x cols matrix given in row-major order (as C++ holds it), zlib-compressed.
    void writeSingle(const std::string& name, const float* rowMajor, size_t rows, size_t cols);
    void writeDouble(const std::string& name, const double* rowMajor, size_t rows, size_t cols);
    //! Writes a 1 x N cell array of strings.
    void writeStrings(const std::string& name, const std::vector<std::string>& strings);
    //! Writes a struct with numeric column-vector fields, e.g. trainSet.trainInd.
    void
    writeStructOfVectors(const std::string& name,
                         const std::vector<std::pair<std::string, std::vector<double>>>& fields);

    //! Finishes a written file: closes it, syncs it to disk and checks that every variable
    //! written is whole on disk (matio does not report every failed write, e.g. on a full
    //! disk). Throws orinet::Error naming the file. Nothing is read or written afterwards.
    void close();

    //! Writes the file at `path` all-or-nothing: `fill` writes the variables into a temporary
    //! file beside it, which replaces `path` only once close() has found it whole. An existing
    //! file survives any failure (full disk, exception in `fill`). Throws orinet::Error.
    static void writeAtomically(const std::string& path, const std::function<void(MatFile&)>& fill);

private:
    struct Handle;
    std::string mPath;
    std::unique_ptr<Handle> mHandle;
};

} // namespace orinet
