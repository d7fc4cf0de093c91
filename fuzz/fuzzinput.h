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

//! The folder for this process's inputs (the same path every call).
inline std::string folderPath() {
    const std::string base = std::filesystem::exists("/dev/shm") ? "/dev/shm" : "/tmp";
    return base + "/orinet-fuzz-" + std::to_string(::getpid());
}

//! folderPath(), created once and removed when the process exits normally (-max_total_time,
//! -runs; CTest runs the targets in every build); kept after a finding, whose input libFuzzer
//! saves elsewhere anyway.
inline const std::string& folder() {
    static const std::string path = [] {
        const std::string p = folderPath();
        std::filesystem::create_directories(p);
        // not `path`: the handler may run after it is destroyed
        std::atexit([] {
            std::error_code ec;
            std::filesystem::remove_all(folderPath(), ec);
        });
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
