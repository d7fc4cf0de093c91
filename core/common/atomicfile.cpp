#include "common/atomicfile.h"

#include "common/error.h"

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <unistd.h>

namespace orinet {

AtomicFile::AtomicFile(std::string path, const OutputTarget::FileKind& kind)
    : mPath(std::move(path))
    , mTempPath(mPath + ".tmp-" + std::to_string(::getpid())) {
    OutputTarget::checkFile(mPath, kind);
    // O_EXCL: a file that happens to carry the temporary's name is not ours to truncate.
    for (int attempt = 1; attempt < 100; ++attempt) {
        mFd = ::open(mTempPath.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
        if (mFd >= 0 || errno != EEXIST)
            break;
        mTempPath = mPath + ".tmp-" + std::to_string(::getpid()) + "." + std::to_string(attempt);
    }
    if (mFd < 0)
        throw Error(mPath, std::string("cannot create file: ") + std::strerror(errno));
}

AtomicFile::~AtomicFile() {
    if (mFd >= 0)
        ::close(mFd);
    if (!mCommitted)
        ::unlink(mTempPath.c_str());
}

void AtomicFile::write(const void* data, size_t bytes) {
    const char* p = static_cast<const char*>(data);
    while (bytes > 0) {
        const ssize_t n = ::write(mFd, p, bytes);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            throw Error(mPath, std::string("write failed: ") + std::strerror(errno));
        }
        p += n;
        bytes -= static_cast<size_t>(n);
    }
}

void AtomicFile::commit() {
    // fsync before rename: otherwise a power cut can leave a renamed but empty file.
    if (::fsync(mFd) != 0)
        throw Error(mPath, std::string("write failed: ") + std::strerror(errno));
    const int fd = mFd;
    mFd = -1;
    if (::close(fd) != 0)
        throw Error(mPath, std::string("write failed: ") + std::strerror(errno));
    // The target may have become a folder since the check: rename(2) would then fail, which
    // is what we want (nothing of the user's is replaced).
    if (std::rename(mTempPath.c_str(), mPath.c_str()) != 0)
        throw Error(mPath, std::string("cannot replace file: ") + std::strerror(errno));
    mCommitted = true;
}

void AtomicFile::writeAll(const std::string& path, const std::string& content,
                          const OutputTarget::FileKind& kind) {
    AtomicFile file(path, kind);
    file.write(content);
    file.commit();
}

std::vector<std::string> AtomicFile::removeStale(const std::string& directory,
                                                 const std::string& base) {
    namespace fs = std::filesystem;
    std::vector<std::string> removed;
    std::error_code ec;
    for (const fs::directory_entry& entry : fs::directory_iterator(directory, ec)) {
        const std::string name = entry.path().filename().string();
        const size_t at = name.rfind(".tmp-");
        if (at == std::string::npos || at + 5 >= name.size())
            continue;
        if (!base.empty() && !OutputTarget::isTemporaryOf(name, base))
            continue;
        const std::string tail = name.substr(at + 5);
        const std::string digits = tail.substr(0, tail.find('.'));
        if (digits.empty() || digits.find_first_not_of("0123456789") != std::string::npos ||
            digits.size() > 9)
            continue;
        const pid_t pid = static_cast<pid_t>(std::stol(digits));
        // kill(pid, 0) probes without signalling: ESRCH means the writer is gone.
        // Folders too: a descriptor set is staged as "<folder>.tmp-<pid>" before it replaces
        // the old one.
        if (pid > 0 && ::kill(pid, 0) == -1 && errno == ESRCH &&
            fs::remove_all(entry.path(), ec) > 0)
            removed.push_back(entry.path().string());
    }
    return removed;
}

} // namespace orinet
