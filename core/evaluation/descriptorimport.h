#pragma once

#include "retrieval/descriptorset.h"
#include "run/importrecord.h"
#include "run/runfolder.h"

#include <opencv2/core/mat.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace orinet {

class Feedback;

//! Descriptors of another method, as its own code wrote them, made into a results-only run
//! that every command and view takes like a trained one (docs/evaluation.md, "Descriptors of
//! other methods"): `orinet import-descriptors` and the library's way to it.
//!
//! read() takes the ground and satellite matrices from `.npy` (N x D float16, float32 or
//! float64), `.mat` (the OriNet/SAFA layout: grd_global_descriptor, sat_global_descriptor) or
//! `.pt`/`.pth` (torch.save) files, puts their rows in the split's order (rows follow the split
//! unless an ids file, one id per line, or the .mat's `ids` says otherwise), checks them and
//! normalises rows that are not unit length, saying how many. save() then writes the set in
//! the project's own format into an imported run (RUN/import.json, RUN/descriptors/<key>/).
//! Every failure is an orinet::Error naming the file and, where there is one, the line or row.
class DescriptorImport {
public:
    struct Options {
        std::string method; //!< how results name it, e.g. "Sample4Geo"
        std::string groundFile;
        std::string satelliteFile;
        //! The .mat variable or the .pt entry (dict key, list index) holding each matrix; empty:
        //! grd_global_descriptor / sat_global_descriptor in a .mat, the only 2-D tensor in a .pt.
        std::string groundKey;
        std::string satelliteKey;
        //! One split id per line, line i naming the pair of row i; empty: the split's order
        //! (or the `ids` a .mat holds).
        std::string groundIdsFile;
        std::string satelliteIdsFile;
    };

    //! How far one side's rows were from unit length before normalising.
    struct Norms {
        int64_t rows = 0;
        int64_t notUnit = 0; //!< rows with |norm - 1| > kUnitTolerance, now normalised
        double minimum = 0;  //!< smallest row norm
        double maximum = 0;  //!< largest row norm
    };

    struct Result {
        //! Rows in the split's order, ids the split's, provenance: split, Provenance::kImported,
        //! method.
        DescriptorSet set;
        std::vector<ImportRecord::Source> sources; //!< every file read, with its SHA-256
        Norms ground;
        Norms satellite;
        bool groundReordered = false;    //!< rows were put in the split's order by ids
        bool satelliteReordered = false; //!< the same for the satellite rows
        //! What was done to the values, for people: reordering and normalisation ("satellite:
        //! 12 of 200 rows were not unit length (norms 0.5 to 3.1) and were normalised").
        std::vector<std::string> notes() const;
    };

    //! A row whose norm is within this of 1 is unit length as float32 stores it.
    static constexpr double kUnitTolerance = 1e-5;

    //! Reads, orders and checks both sets for `split`, whose pairs' ids are `splitIds` in
    //! order. Throws orinet::Error naming the file: unreadable or unsupported files, counts
    //! that differ from the split (without ids), ids unknown to the split, given twice or
    //! missing (with the line), unequal dimensions, NaN or infinite values, all-zero rows.
    static Result read(const Options& options, const std::string& split,
                       const std::vector<std::string>& splitIds, Feedback& feedback);

    //! One N x D matrix as CV_32F from a .npy, .mat, .pt or .pth file (by suffix). `key` names
    //! the .mat variable (default `defaultMatVariable`) or the .pt entry. `format` gets what was
    //! read ("npy float16", "mat grd_global_descriptor (single)", "pt float32 tensor"); `ids`
    //! the .mat's `ids`, when it has them.
    static cv::Mat readMatrix(const std::string& path, const std::string& key,
                              const std::string& defaultMatVariable, std::string* format,
                              std::vector<std::string>* ids);
    //! The ids of an ids file: one per line, surrounding blanks and a final empty line ignored.
    //! Throws orinet::Error naming the file and line of an empty line.
    static std::vector<std::string> readIds(const std::string& path);

    //! Writes `result` into the imported run `run` (created when absent; an imported run of the
    //! same method gets this split added or replaced; anything else is refused before
    //! anything is written): RUN/import.json with `datasetRoot` and `directions`, and the set
    //! in RUN/descriptors/<key>/. Returns the set's folder.
    static std::string save(const Result& result, const RunFolder& run,
                            const std::string& datasetRoot,
                            const std::vector<std::string>& directions);
    //! The checks save() makes before it writes, for callers that do long work first.
    static void checkTarget(const RunFolder& run, const std::string& method);
};

} // namespace orinet
