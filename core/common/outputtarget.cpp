#include "common/outputtarget.h"

#include "common/error.h"

#include <cctype>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <vector>

namespace orinet {

namespace fs = std::filesystem;

namespace {

bool startsWith(const std::string& text, const char* prefix, size_t length) {
    return text.size() >= length && std::memcmp(text.data(), prefix, length) == 0;
}

std::string lowerSuffix(const std::string& path) {
    std::string suffix = fs::path(path).extension().string();
    for (char& c : suffix)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return suffix;
}

std::string readHead(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::string head(4096, '\0');
    in.read(head.data(), static_cast<std::streamsize>(head.size()));
    head.resize(static_cast<size_t>(in.gcount()));
    return head;
}

} // namespace

OutputTarget::FileKind OutputTarget::npy() {
    return {"NumPy .npy file", [](const std::string& h) { return startsWith(h, "\x93NUMPY", 6); }};
}

OutputTarget::FileKind OutputTarget::mat() {
    // v5 and v7.3 (HDF5 with a 512-byte user block) both open with a text header "MATLAB ...".
    return {"MATLAB .mat file", [](const std::string& h) { return startsWith(h, "MATLAB", 6); }};
}

OutputTarget::FileKind OutputTarget::safetensors() {
    return {"safetensors file", [](const std::string& h) {
                if (h.size() < 9 || h[8] != '{')
                    return false;
                uint64_t length = 0;
                for (int i = 7; i >= 0; --i)
                    length = (length << 8) | static_cast<unsigned char>(h[static_cast<size_t>(i)]);
                return length > 1 && length < (uint64_t(1) << 30);
            }};
}

OutputTarget::FileKind OutputTarget::tiff() {
    return {"TIFF file", [](const std::string& h) {
                return startsWith(h, "II*\0", 4) || startsWith(h, "MM\0*", 4) ||
                       startsWith(h, "II+\0", 4) || startsWith(h, "MM\0+", 4);
            }};
}

OutputTarget::FileKind OutputTarget::png() {
    return {"PNG image",
            [](const std::string& h) { return startsWith(h, "\x89PNG\r\n\x1a\n", 8); }};
}

OutputTarget::FileKind OutputTarget::jpeg() {
    return {"JPEG image", [](const std::string& h) { return startsWith(h, "\xFF\xD8\xFF", 3); }};
}

OutputTarget::FileKind OutputTarget::pdf() {
    return {"PDF document", [](const std::string& h) { return startsWith(h, "%PDF-", 5); }};
}

OutputTarget::FileKind OutputTarget::svg() {
    return {"SVG image", [](const std::string& h) {
                const size_t svg = h.find("<svg");
                return svg != std::string::npos && h.find('\0') == std::string::npos;
            }};
}

OutputTarget::FileKind OutputTarget::faissIndex() {
    // FaissIndex::save opens its files with this magic, before faiss's own bytes.
    return {"faiss index written by orinet",
            [](const std::string& h) { return startsWith(h, "ORNFAISS", 8); }};
}

OutputTarget::FileKind OutputTarget::text(std::string name, std::string firstLine) {
    return {std::move(name), [firstLine = std::move(firstLine)](const std::string& head) {
                const size_t bom = startsWith(head, "\xEF\xBB\xBF", 3) ? 3 : 0;
                return head.compare(bom, firstLine.size(), firstLine) == 0;
            }};
}

OutputTarget::FileKind OutputTarget::inOwnFolder() {
    return {"file", [](const std::string&) { return true; }};
}

OutputTarget::FileKind OutputTarget::figure(const std::string& path) {
    const std::string suffix = lowerSuffix(path);
    if (suffix == ".pdf")
        return pdf();
    if (suffix == ".png")
        return png();
    if (suffix == ".svg")
        return svg();
    throw Error(path, "unknown figure format '" + suffix + "' (use .pdf, .svg or .png)");
}

OutputTarget::FileKind OutputTarget::picture(const std::string& path) {
    const std::string suffix = lowerSuffix(path);
    if (suffix == ".jpg" || suffix == ".jpeg")
        return jpeg();
    if (suffix == ".tif" || suffix == ".tiff")
        return tiff();
    if (suffix == ".pdf" || suffix == ".png" || suffix == ".svg")
        return figure(path);
    throw Error(path, "unknown picture format '" + suffix + "' (use .png, .jpg, .tif or .pdf)");
}

void OutputTarget::checkFile(const std::string& path, const FileKind& kind) {
    std::error_code ec;
    const fs::file_status status = fs::status(path, ec);
    if (!fs::exists(status))
        return;
    if (fs::is_directory(status))
        throw Error(path, "is a folder; the " + kind.name +
                              " is written as a file: give a file name (nothing was changed)");
    if (!fs::is_regular_file(status))
        throw Error(path, "exists and is not a regular file; refusing to replace it");
    if (fs::file_size(path, ec) == 0)
        return; // nothing in it to lose
    if (!kind.recognises(readHead(path)))
        throw Error(path, "exists and is not a " + kind.name +
                              " this tool writes; refusing to replace it (nothing was changed): "
                              "remove it or choose another name");
}

void OutputTarget::checkFolder(const std::string& path, const FolderKind& kind) {
    std::error_code ec;
    const fs::file_status status = fs::status(path, ec);
    if (!fs::exists(status))
        return;
    if (!fs::is_directory(status))
        throw Error(path, "exists and is not a folder; the " + kind.name +
                              " is written as a folder: give a folder name (nothing was changed)");
    if (fs::is_empty(path, ec))
        return;
    if (!kind.recognises(path))
        throw Error(path, "is not empty and holds no " + kind.name +
                              "; refusing to write into it (nothing was changed): give a new or "
                              "empty folder");
    if (!kind.ownsEntry)
        return;
    std::vector<std::string> foreign;
    for (const fs::directory_entry& entry : fs::directory_iterator(path, ec))
        if (!kind.ownsEntry(entry.path().filename().string()))
            foreign.push_back(entry.path().filename().string());
    if (foreign.empty())
        return;
    std::string list;
    for (size_t i = 0; i < foreign.size() && i < 5; ++i)
        list += (i ? ", " : "") + foreign[i];
    if (foreign.size() > 5)
        list += ", ... (" + std::to_string(foreign.size()) + " in all)";
    throw Error(path, "holds files that are not part of a " + kind.name + " (" + list +
                          "); refusing to replace it (nothing was changed)");
}

bool OutputTarget::isTemporaryOf(const std::string& entryName, const std::string& base) {
    const std::string prefix = base + ".tmp-";
    if (entryName.compare(0, prefix.size(), prefix) != 0)
        return false;
    size_t i = prefix.size();
    const size_t digits = i;
    while (i < entryName.size() && std::isdigit(static_cast<unsigned char>(entryName[i])))
        ++i;
    return i > digits && (i == entryName.size() || entryName[i] == '.');
}

} // namespace orinet
