#pragma once

#include <functional>
#include <string>

namespace orinet {

//! The one rule every writer follows before it writes (docs/robustness.md, "What a write may
//! replace"): a path that exists is replaced only when it holds what the writer makes. A folder
//! of anything else, or a file where a folder is written (and the other way round), is refused
//! with an orinet::Error naming it, and nothing is touched.
class OutputTarget {
public:
    //! What a file writer makes: a name for messages and a test on the first bytes (up to
    //! 4 KiB) of a file already at the target.
    struct FileKind {
        std::string name;
        std::function<bool(const std::string& head)> recognises;
    };
    static FileKind npy();
    static FileKind mat();
    static FileKind safetensors(); //!< also checkpoints, which are safetensors files
    static FileKind tiff();
    static FileKind png();
    static FileKind jpeg();
    static FileKind pdf();
    static FileKind svg();
    static FileKind faissIndex();
    //! Text this tool writes whose first line starts with `firstLine` (a CSV header, a LaTeX
    //! comment): a user's own text file of the same extension is not replaced.
    static FileKind text(std::string name, std::string firstLine);
    //! Any regular file: for files inside a folder that OutputTarget::checkFolder accepted.
    static FileKind inOwnFolder();
    //! A figure by its suffix (.pdf, .png, .svg); anything else is refused as unknown.
    static FileKind figure(const std::string& path);
    //! A picture by its suffix: a figure's, or .jpg/.jpeg, .tif/.tiff; else refused as unknown.
    static FileKind picture(const std::string& path);

    //! What a folder writer makes.
    struct FolderKind {
        std::string name;
        //! The folder (not empty) was written by this writer: its marker file is there.
        std::function<bool(const std::string& folder)> recognises;
        //! Writers that replace the folder as a whole (a descriptor set) may only do so when
        //! every entry is one they write; empty for writers that add files to the folder.
        std::function<bool(const std::string& entryName)> ownsEntry = {};
    };

    //! Throws when `path` exists and is not a regular file of `kind`. An absent path passes.
    static void checkFile(const std::string& path, const FileKind& kind);
    //! Throws when `path` exists and is not a folder, or is a folder that is neither empty nor
    //! recognised by `kind`, or (for a writer that replaces it whole) holds an entry that is
    //! not the writer's. An absent path passes.
    static void checkFolder(const std::string& path, const FolderKind& kind);

    //! The name of an AtomicFile / staging temporary of `base` ("<base>.tmp-<pid>" and the
    //! suffixed forms MatFile uses), so owners can count them as their own entries.
    static bool isTemporaryOf(const std::string& entryName, const std::string& base);
};

} // namespace orinet
