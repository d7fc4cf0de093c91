#pragma once

// What the fuzz targets share: parsers read files, so each input is written to a file in a
// private folder (on /dev/shm when there is one: no disk I/O per run).

#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

namespace orinet::fuzz {

//! A folder for this process's inputs, created once.
inline const std::string& folder() {
    static const std::string path = [] {
        const std::string base = std::filesystem::exists("/dev/shm") ? "/dev/shm" : "/tmp";
        const std::string p = base + "/orinet-fuzz-" + std::to_string(::getpid());
        std::filesystem::create_directories(p);
        return p;
    }();
    return path;
}

//! Writes the input to `name` inside folder() and returns its path.
inline std::string writeInput(const std::string& name, const uint8_t* data, size_t size) {
    const std::string path = folder() + "/" + name;
    std::filesystem::create_directories(std::filesystem::path(path).parent_path());
    std::ofstream(path, std::ios::binary | std::ios::trunc)
        .write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
    return path;
}

} // namespace orinet::fuzz
