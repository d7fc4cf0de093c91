#pragma once

#include <string>

namespace orinet {

//! File-system helpers shared by the dataset format readers. Plain functions; thread-safe.
class DatasetFiles {
public:
    //! The whole file; throws orinet::Error naming it when it cannot be opened or read.
    static std::string readAll(const std::string& path);
    static bool isFile(const std::string& path);
    static bool isFolder(const std::string& path);
    //! `root` made absolute and normalised, without a trailing slash. Throws orinet::Error
    //! when it is empty or not a folder.
    static std::string absoluteRoot(const std::string& root);
    //! Joins `relative` to `root` (absolute, normalised, no trailing slash) and normalises "."
    //! and ".." lexically into `out`. Returns false when the result leaves the root: datasets
    //! are copied and shared as folders, so a path pointing outside is a mistake or an attempt
    //! to read unrelated files. An absolute path inside the root is accepted.
    static bool joinInside(const std::string& root, const std::string& relative, std::string& out);
    //! The file name without folder and extension ("a/b/0000019.jpg" -> "0000019").
    static std::string stem(const std::string& path);
};

} // namespace orinet
