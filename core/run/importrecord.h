#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace orinet {

//! What an imported run (`orinet import-descriptors`, docs/evaluation.md "Descriptors of other
//! methods") was made from: RUN/import.json. It plays config.json's part for descriptors that
//! another method computed: the method's name, and for each split imported the dataset, the
//! source files with their SHA-256, what was done to the values, and the directions
//! evaluated. Plain data; load() and save() touch the disk.
class ImportRecord {
public:
    //! One file read.
    struct Source {
        std::string role;   //!< "ground", "satellite", "ground ids", "satellite ids"
        std::string file;   //!< absolute path as given
        std::string sha256; //!< of the whole file (FileDigest)
        uint64_t bytes = 0;
        std::string format;     //!< e.g. "npy float16", "mat grd_global_descriptor", "ids"
        int64_t rows = -1;      //!< matrix rows, or ids (lines)
        int64_t dimension = -1; //!< matrix columns; -1 for an ids file
    };
    //! One split imported.
    struct Import {
        std::string split;
        std::string dataset; //!< the dataset's folder, absolute
        int64_t pairs = 0;
        int64_t dimension = 0;
        std::string descriptors; //!< the set's folder, relative to the run
        std::vector<std::string> directions;
        std::vector<Source> sources;
        std::vector<std::string> notes; //!< reordering and normalisation, as reported
        std::string created;            //!< ISO 8601 UTC
    };

    //! A model of another method run by this tool (`orinet import-model`, docs/torchscript.md):
    //! its copies in the run and the files it came from.
    struct Model {
        std::string kind = "torchscript";
        std::string file; //!< the model's copy, relative to the run (RunFolder::scriptedModelFile)
        std::string card; //!< the card's copy, relative to the run
        int64_t dimension = 0;
        std::string input;           //!< the card's input ("ground 56x308, satellite ...")
        std::string libtorch;        //!< the LibTorch version that loaded and probed it
        std::vector<Source> sources; //!< "torchscript" and "model card", as given
        std::string created;         //!< ISO 8601 UTC
    };

    static constexpr const char* kFileName = "import.json";

    std::string method;
    std::vector<Import> imports; //!< by split, in the order imported
    std::optional<Model> model;  //!< a run made from a model (its descriptors are extracted)

    //! The import of `split`; nullptr when there is none.
    const Import* find(const std::string& split) const;
    //! Adds `import`, replacing an earlier import of the same split.
    void put(Import import);

    std::string toJson() const;
    //! Throws orinet::Error naming `source` when the text is not an import record.
    static ImportRecord fromJson(const std::string& json, const std::string& source);
    //! Throws orinet::Error naming the file when it is missing or invalid.
    static ImportRecord load(const std::string& path);
    //! Written atomically (AtomicFile); replaces only a file that is an import record.
    void save(const std::string& path) const;
    //! Whether `text` (a file's start) is an import record: its format marker.
    static bool recognises(const std::string& text);
};

} // namespace orinet
