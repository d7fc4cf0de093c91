#pragma once

#include "dataset/rawindex.h"

#include <string>
#include <vector>

namespace orinet {

//! The CVUSA layout as distributed (docs/dataset-formats.md): splits/train-19zl.csv and
//! splits/val-19zl.csv list "satellite,panorama,annotation" paths relative to the root, one pair
//! a line; a pair's id is its panorama's file stem. Names, reader and writer of the layout.
class CvusaFormat {
public:
    static constexpr const char* kTrainList = "splits/train-19zl.csv";
    static constexpr const char* kValList = "splits/val-19zl.csv";
    //! Written by synthetic worlds for their third split; not part of CVUSA and not read.
    static constexpr const char* kTestList = "splits/test-19zl.csv";

    //! Image paths of a pair relative to the root, as CVUSA names them.
    static std::string satellitePath(const std::string& id);  //!< bingmap/19/<id>.jpg
    static std::string panoramaPath(const std::string& id);   //!< streetview/panos/<id>.jpg
    static std::string annotationPath(const std::string& id); //!< streetview/annotations/<id>.png
    //! The image folders above, for writers that create them.
    static std::vector<std::string> imageFolders();

    //! True when `root`/splits holds a .csv file.
    static bool detect(const std::string& root);
    //! Reads the train and val lists present (at least one). Throws orinet::Error naming the
    //! file and line for a malformed line; bad paths become problems in the index's report.
    static RawIndex read(const std::string& root);

    //! One line of a split list.
    struct Entry {
        std::string satellite;
        std::string panorama;
        std::string annotation;
    };
    //! Writes a split list all-or-nothing (throws orinet::Error naming the file).
    static void writeList(const std::string& path, const std::vector<Entry>& entries);
    //! The entry of a pair stored under CVUSA's own names.
    static Entry entryFor(const std::string& id);
};

} // namespace orinet
