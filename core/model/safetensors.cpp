#include "model/safetensors.h"

#include "common/atomicfile.h"
#include "common/error.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <set>

namespace orinet {

namespace {

// Real headers are a few kB per hundred tensors; the cap keeps a corrupt length from
// making us allocate gigabytes before we even look at the JSON.
constexpr uint64_t kMaxHeaderBytes = 100ull << 20;

uint64_t readLittleEndian64(const char* p) {
    uint64_t v = 0;
    for (int i = 7; i >= 0; --i)
        v = (v << 8) | static_cast<uint8_t>(p[i]);
    return v;
}

void appendLittleEndian64(std::string& out, uint64_t v) {
    for (int i = 0; i < 8; ++i)
        out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}

struct Range {
    uint64_t begin;
    uint64_t end;
    size_t index;
};

} // namespace

const NamedTensor* SafeTensors::find(const std::string& name) const {
    for (const NamedTensor& t : tensors)
        if (t.name == name)
            return &t;
    return nullptr;
}

std::string SafeTensors::serialize() const {
    nlohmann::ordered_json header = nlohmann::ordered_json::object();
    if (!metadata.empty()) {
        nlohmann::ordered_json meta = nlohmann::ordered_json::object();
        for (const auto& [k, v] : metadata)
            meta[k] = v;
        header["__metadata__"] = meta;
    }
    std::set<std::string> names;
    uint64_t offset = 0;
    for (const NamedTensor& t : tensors) {
        if (t.name.empty() || t.name == "__metadata__")
            throw Error("safetensors: invalid tensor name '" + t.name + "'");
        if (!names.insert(t.name).second)
            throw Error("safetensors: duplicate tensor name '" + t.name + "'");
        const uint64_t expected = static_cast<uint64_t>(t.elementCount()) * elementSize(t.dtype);
        if (expected != t.bytes.size())
            throw Error("safetensors: tensor '" + t.name + "' has " +
                        std::to_string(t.bytes.size()) + " bytes, its shape needs " +
                        std::to_string(expected));
        header[t.name] = {{"dtype", toString(t.dtype)},
                          {"shape", t.shape},
                          {"data_offsets", {offset, offset + t.bytes.size()}}};
        offset += t.bytes.size();
    }
    std::string json = header.dump();
    // Pad with spaces so the data starts 8-byte aligned (the reference writer does the same).
    while ((8 + json.size()) % 8 != 0)
        json.push_back(' ');
    std::string out;
    out.reserve(8 + json.size() + offset);
    appendLittleEndian64(out, json.size());
    out += json;
    for (const NamedTensor& t : tensors)
        out.append(reinterpret_cast<const char*>(t.bytes.data()), t.bytes.size());
    return out;
}

void SafeTensors::save(const std::string& path) const {
    AtomicFile::writeAll(path, serialize(), OutputTarget::safetensors());
}

SafeTensors SafeTensors::load(const std::string& path) {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec))
        throw Error(path, "is a folder, not a .safetensors file");
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw Error(path, "cannot open file");
    // One read of the whole file: a checkpoint is hundreds of MB, and reading it through a
    // stream iterator (a byte at a time) cost seconds.
    const uintmax_t size = std::filesystem::file_size(path, ec);
    if (ec)
        throw Error(path, "cannot read its size: " + ec.message());
    std::string bytes;
    try {
        bytes.resize(static_cast<size_t>(size));
    } catch (const std::exception& e) {
        throw Error(path, "cannot hold its " + std::to_string(size) + " bytes: " + e.what());
    }
    in.read(bytes.data(), static_cast<std::streamsize>(size));
    if (in.bad() || static_cast<uintmax_t>(in.gcount()) != size)
        throw Error(path, "read failed: " + std::to_string(in.gcount()) + " of " +
                              std::to_string(size) + " bytes");
    return parse(bytes, path);
}

std::map<std::string, std::string> SafeTensors::loadMetadata(const std::string& path) {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec))
        throw Error(path, "is a folder, not a safetensors file");
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw Error(path, "cannot open file");
    in.seekg(0, std::ios::end);
    const uint64_t fileBytes = static_cast<uint64_t>(in.tellg());
    in.seekg(0);
    char length[8];
    if (!in.read(length, 8))
        throw Error(path, "not a valid safetensors file: shorter than the 8-byte header length");
    const uint64_t headerBytes = readLittleEndian64(length);
    if (headerBytes < 2 || headerBytes > kMaxHeaderBytes || headerBytes > fileBytes - 8)
        throw Error(path, "not a valid safetensors file: header length " +
                              std::to_string(headerBytes) + " does not fit the file (" +
                              std::to_string(fileBytes) + " bytes)");
    std::string header(headerBytes, '\0');
    if (!in.read(header.data(), static_cast<std::streamsize>(headerBytes)))
        throw Error(path, "read failed");
    std::map<std::string, std::string> metadata;
    try {
        const nlohmann::json j = nlohmann::json::parse(header);
        auto it = j.find("__metadata__");
        if (it == j.end())
            return metadata;
        if (!it->is_object())
            throw Error(path, "not a valid safetensors file: __metadata__ is not an object");
        for (auto m = it->begin(); m != it->end(); ++m) {
            if (!m.value().is_string())
                throw Error(path, "not a valid safetensors file: metadata value '" + m.key() +
                                      "' is not a string");
            metadata[m.key()] = m.value().get<std::string>();
        }
    } catch (const nlohmann::json::exception& e) {
        throw Error(path, std::string("not a valid safetensors file: header is not valid JSON (") +
                              e.what() + ")");
    }
    return metadata;
}

SafeTensors SafeTensors::parse(const std::string& bytes, const std::string& source) {
    auto fail = [&](const std::string& problem) -> Error {
        return Error(source, "not a valid safetensors file: " + problem);
    };
    if (bytes.size() < 8)
        throw fail("shorter than the 8-byte header length");
    const uint64_t headerBytes = readLittleEndian64(bytes.data());
    if (headerBytes < 2 || headerBytes > kMaxHeaderBytes || headerBytes > bytes.size() - 8)
        throw fail("header length " + std::to_string(headerBytes) + " does not fit the file (" +
                   std::to_string(bytes.size()) + " bytes)");
    const std::string headerText = bytes.substr(8, headerBytes);
    const uint64_t dataStart = 8 + headerBytes;
    const uint64_t dataBytes = bytes.size() - dataStart;

    nlohmann::json header;
    try {
        header = nlohmann::json::parse(headerText);
    } catch (const nlohmann::json::exception& e) {
        throw fail(std::string("header is not valid JSON (") + e.what() + ")");
    }
    if (!header.is_object())
        throw fail("header is not a JSON object");

    SafeTensors result;
    std::vector<Range> ranges;
    for (auto it = header.begin(); it != header.end(); ++it) {
        const std::string& name = it.key();
        const nlohmann::json& entry = it.value();
        if (name == "__metadata__") {
            if (!entry.is_object())
                throw fail("__metadata__ is not an object");
            for (auto m = entry.begin(); m != entry.end(); ++m) {
                if (!m.value().is_string())
                    throw fail("metadata value '" + m.key() + "' is not a string");
                result.metadata[m.key()] = m.value().get<std::string>();
            }
            continue;
        }
        const std::string where = "tensor '" + name + "': ";
        if (name.empty())
            throw fail("empty tensor name");
        if (!entry.is_object() || entry.size() != 3 || !entry.contains("dtype") ||
            !entry.contains("shape") || !entry.contains("data_offsets"))
            throw fail(where + "needs exactly dtype, shape and data_offsets");
        const nlohmann::json& dtype = entry["dtype"];
        const nlohmann::json& shape = entry["shape"];
        const nlohmann::json& offsets = entry["data_offsets"];
        if (!dtype.is_string())
            throw fail(where + "dtype is not a string");
        NamedTensor t;
        t.name = name;
        try {
            t.dtype = fromString<TensorDType>(dtype.get<std::string>());
        } catch (const Error& e) {
            throw fail(where + e.what());
        }
        if (!shape.is_array() || shape.size() > 8)
            throw fail(where + "shape is not an array of at most 8 dimensions");
        uint64_t count = 1;
        for (const nlohmann::json& d : shape) {
            if (!d.is_number_unsigned())
                throw fail(where + "shape holds something other than a non-negative integer");
            if (__builtin_mul_overflow(count, d.get<uint64_t>(), &count))
                throw fail(where + "shape overflows 64 bits");
        }
        if (!offsets.is_array() || offsets.size() != 2 || !offsets[0].is_number_unsigned() ||
            !offsets[1].is_number_unsigned())
            throw fail(where + "data_offsets is not a pair of non-negative integers");
        const uint64_t begin = offsets[0].get<uint64_t>();
        const uint64_t end = offsets[1].get<uint64_t>();
        if (begin > end || end > dataBytes)
            throw fail(where + "data_offsets [" + std::to_string(begin) + ", " +
                       std::to_string(end) + "] lie outside the data (" +
                       std::to_string(dataBytes) + " bytes)");
        const size_t size = elementSize(t.dtype);
        uint64_t needed = 0;
        if (__builtin_mul_overflow(count, size, &needed) || needed != end - begin)
            throw fail(where + "shape needs " + std::to_string(count) + " elements of " +
                       std::to_string(size) + " bytes, data_offsets give " +
                       std::to_string(end - begin) + " bytes");
        if ((dataStart + begin) % size != 0)
            throw fail(where + "data is not aligned to its element size");
        for (const nlohmann::json& d : shape)
            t.shape.push_back(static_cast<int64_t>(d.get<uint64_t>()));
        ranges.push_back({begin, end, result.tensors.size()});
        result.tensors.push_back(std::move(t));
    }

    // The data must be covered exactly once: overlaps would alias tensors and holes hide
    // bytes we would silently ignore (the reference implementation rejects both).
    std::sort(ranges.begin(), ranges.end(), [](const Range& a, const Range& b) {
        return a.begin != b.begin ? a.begin < b.begin : a.end < b.end;
    });
    uint64_t expectedBegin = 0;
    for (const Range& r : ranges) {
        if (r.begin < expectedBegin)
            throw fail("tensor '" + result.tensors[r.index].name + "' overlaps another tensor");
        if (r.begin > expectedBegin)
            throw fail("unused bytes before tensor '" + result.tensors[r.index].name + "'");
        expectedBegin = r.end;
    }
    if (expectedBegin != dataBytes)
        throw fail(std::to_string(dataBytes - expectedBegin) +
                   " bytes after the last tensor belong to no tensor");

    std::vector<NamedTensor> ordered;
    ordered.reserve(ranges.size());
    for (const Range& r : ranges) {
        NamedTensor& t = result.tensors[r.index];
        t.bytes.assign(bytes.begin() + static_cast<std::ptrdiff_t>(dataStart + r.begin),
                       bytes.begin() + static_cast<std::ptrdiff_t>(dataStart + r.end));
        ordered.push_back(std::move(t));
    }
    result.tensors = std::move(ordered);
    return result;
}

} // namespace orinet
