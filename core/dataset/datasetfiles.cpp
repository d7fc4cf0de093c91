#include "dataset/datasetfiles.h"

#include "common/error.h"

#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string_view>
#include <vector>

namespace fs = std::filesystem;

namespace orinet {

std::string DatasetFiles::readAll(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw Error(path, "cannot open (missing or unreadable)");
    std::ostringstream out;
    out << in.rdbuf();
    if (in.bad())
        throw Error(path, "read error");
    return out.str();
}

bool DatasetFiles::isFile(const std::string& path) {
    struct stat st;
    return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

bool DatasetFiles::isFolder(const std::string& path) {
    struct stat st;
    return ::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

std::string DatasetFiles::absoluteRoot(const std::string& root) {
    if (root.empty())
        throw Error("no dataset folder given");
    std::error_code ec;
    std::string path = fs::absolute(fs::path(root), ec).lexically_normal().string();
    while (path.size() > 1 && path.back() == '/')
        path.pop_back();
    if (!isFolder(path))
        throw Error(root, "is not a folder (dataset root expected)");
    return path;
}

// Plain string work: this runs twice per pair on open.
bool DatasetFiles::joinInside(const std::string& root, const std::string& relative,
                              std::string& out) {
    if (relative.empty())
        return false;
    std::vector<std::string_view> parts;
    std::string_view rest = relative;
    if (rest.front() == '/') {
        if (rest.size() <= root.size() || rest.compare(0, root.size(), root) != 0 ||
            rest[root.size()] != '/')
            return false;
        rest.remove_prefix(root.size() + 1);
    }
    while (!rest.empty()) {
        const size_t slash = rest.find('/');
        const std::string_view part = rest.substr(0, slash);
        rest = slash == std::string_view::npos ? std::string_view() : rest.substr(slash + 1);
        if (part.empty() || part == ".")
            continue;
        if (part == "..") {
            if (parts.empty())
                return false;
            parts.pop_back();
            continue;
        }
        parts.push_back(part);
    }
    if (parts.empty())
        return false;
    out = root;
    for (const auto& p : parts) {
        out += '/';
        out.append(p.data(), p.size());
    }
    return true;
}

std::string DatasetFiles::stem(const std::string& path) {
    const size_t slash = path.find_last_of('/');
    std::string name = slash == std::string::npos ? path : path.substr(slash + 1);
    const size_t dot = name.find_last_of('.');
    if (dot != std::string::npos && dot > 0)
        name.resize(dot);
    return name;
}

} // namespace orinet
