#pragma once

// Hand-made MAT v5 data elements (MATLAB's "MAT-File Format"), for tests that need what no
// writer produces: arrays whose stored data does not match their dimensions, corrupt sizes
// inside compressed variables. Little-endian, as every writer on x86 makes them.

#include <zlib.h>

#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string>
#include <vector>

namespace orinet::testing::mat {

inline void appendU32(std::string& bytes, uint32_t v) {
    bytes.append(reinterpret_cast<const char*>(&v), 4);
}

//! A sub-element: tag (type, byte count) and data padded to 8 bytes.
inline std::string element(uint32_t type, const std::string& data) {
    std::string out;
    appendU32(out, type);
    appendU32(out, static_cast<uint32_t>(data.size()));
    out += data;
    out.append((8 - data.size() % 8) % 8, '\0');
    return out;
}

//! An miMATRIX: array flags (class), dimensions, name, then `content` (the class's parts).
inline std::string matrix(uint32_t arrayClass, const std::vector<uint32_t>& dims,
                          const std::string& name, const std::string& content) {
    std::string flags, dimBytes;
    appendU32(flags, arrayClass);
    appendU32(flags, 0);
    for (uint32_t d : dims)
        appendU32(dimBytes, d);
    return element(14, element(6, flags) + element(5, dimBytes) + element(1, name) + content);
}

//! A double matrix declared rows x cols whose data holds `values` (maybe fewer).
inline std::string doubles(const std::string& name, uint32_t rows, uint32_t cols,
                           const std::vector<double>& values) {
    const std::string data(reinterpret_cast<const char*>(values.data()), values.size() * 8);
    return matrix(6, {rows, cols}, name, element(9, data));
}

//! A 1x1 struct with one field holding `field` (an miMATRIX whose name is empty).
inline std::string structOf(const std::string& name, const std::string& fieldName,
                            const std::string& field) {
    std::string length, names(32, '\0');
    appendU32(length, 32);
    std::memcpy(names.data(), fieldName.data(), fieldName.size());
    std::string lengthElement;
    appendU32(lengthElement, 4u << 16 | 5u); // small element: miINT32 of 4 bytes
    lengthElement += length;
    return matrix(2, {1, 1}, name, lengthElement + element(1, names) + field);
}

//! `plain` (one whole element) as an miCOMPRESSED element, as MATLAB's -v7 and matio write.
inline std::string compressed(const std::string& plain) {
    std::vector<Bytef> packed(compressBound(plain.size()));
    uLongf size = packed.size();
    if (compress2(packed.data(), &size, reinterpret_cast<const Bytef*>(plain.data()), plain.size(),
                  6) != Z_OK)
        throw std::runtime_error("compress2 failed");
    std::string out;
    appendU32(out, 15);
    appendU32(out, static_cast<uint32_t>(size));
    out.append(reinterpret_cast<const char*>(packed.data()), size);
    return out;
}

//! The 128-byte header of a v5 file (text, subsystem offset, version 0x0100, "IM").
inline std::string header() {
    std::string h = "MATLAB 5.0 MAT-file, made by a test";
    h.resize(116, ' ');
    h.append(8, '\0');
    h += std::string("\x00\x01IM", 4);
    return h;
}

} // namespace orinet::testing::mat
