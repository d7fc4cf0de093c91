#pragma once

#include <cstdint>
#include <string>

namespace orinet {

//! The SHA-256 of a file, as `sha256sum` prints it: what an imported run records of every
//! source file it was made from (docs/evaluation.md, "Descriptors of other methods"), so that
//! a number can be traced to the exact bytes another tool wrote.
class FileDigest {
public:
    //! Reads `path` once in blocks. Throws orinet::Error naming the file when it cannot be
    //! read.
    static FileDigest ofFile(const std::string& path);

    const std::string& sha256() const { return mSha256; } //!< 64 lower-case hex digits
    uint64_t bytes() const { return mBytes; }             //!< the file's size

private:
    std::string mSha256;
    uint64_t mBytes = 0;
};

} // namespace orinet
