#pragma once

// Helpers the dataset tests share to build small datasets in a temporary folder.

#include <QDir>
#include <QString>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include <fstream>
#include <string>

namespace orinet::testing {

inline void writeText(const QString& path, const std::string& text) {
    QDir().mkpath(QFileInfo(path).absolutePath());
    std::ofstream(path.toStdString(), std::ios::binary) << text;
}

//! A random-content image (reproducible from `seed`), written with OpenCV (format by suffix).
inline cv::Mat writeImage(const QString& path, int rows, int cols, uint64_t seed = 1) {
    QDir().mkpath(QFileInfo(path).absolutePath());
    cv::Mat image(rows, cols, CV_8UC3);
    cv::RNG rng(seed);
    rng.fill(image, cv::RNG::UNIFORM, 0, 256);
    if (!cv::imwrite(path.toStdString(), image))
        throw std::runtime_error("cannot write " + path.toStdString());
    return image;
}

//! Bytes that look like a JPEG start but are garbage after it.
inline void writeCorruptJpeg(const QString& path) {
    std::string bytes = "\xFF\xD8\xFF\xE0";
    for (int i = 0; i < 2000; ++i)
        bytes.push_back(static_cast<char>((i * 7919) & 0x7F));
    writeText(path, bytes);
}

} // namespace orinet::testing
