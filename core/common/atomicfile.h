#pragma once

#include "common/outputtarget.h"

#include <string>
#include <vector>

namespace orinet {

//! Writes a file so that readers only ever see the old or the complete new content:
//! the bytes go to a temporary file beside the target, are flushed to disk, and the temporary
//! file is renamed over the target. A crash or full disk leaves the previous file intact.
class AtomicFile {
public:
    //! Opens "<path>.tmp-<pid>" for writing; throws orinet::Error naming the path on failure,
    //! and before anything is written when the target exists and is not a file of `kind`
    //! (OutputTarget: a write never replaces what this tool did not write).
    explicit AtomicFile(std::string path,
                        const OutputTarget::FileKind& kind = OutputTarget::inOwnFolder());
    //! Removes the temporary file when commit() was not reached.
    ~AtomicFile();
    AtomicFile(const AtomicFile&) = delete;
    AtomicFile& operator=(const AtomicFile&) = delete;

    //! Throws orinet::Error (with the target path) when the write fails, e.g. the disk is full.
    void write(const void* data, size_t bytes);
    void write(const std::string& text) { write(text.data(), text.size()); }

    //! Flushes, syncs and renames over the target.
    void commit();

    //! Convenience: the whole content in one call.
    static void writeAll(const std::string& path, const std::string& content,
                         const OutputTarget::FileKind& kind = OutputTarget::inOwnFolder());

    //! Removes the temporary files and folders ("<name>.tmp-<pid>") in `directory` whose
    //! writing process no longer runs: what kills and crashes left behind. Returns their paths.
    //! With `base`, only the temporaries of that name: in a folder that is not the tool's own,
    //! a file of the user's may match the pattern.
    static std::vector<std::string> removeStale(const std::string& directory,
                                                const std::string& base = {});

private:
    std::string mPath;
    std::string mTempPath;
    int mFd = -1;
    bool mCommitted = false;
};

} // namespace orinet
