#pragma once

#include "dataset/rawindex.h"
#include "geo/geopoint.h"

#include <string>
#include <vector>

namespace orinet {

//! The CVACT layout (docs/dataset-formats.md): ACT_data.mat holds panoIds (one id per pair),
//! utm (N x 2 easting, northing in metres, zone 55 south) and the 1-based index vectors
//! trainSet.trainInd, valSet.valInd (ACT_small's val split) and valSetAll.valInd (ACT_test,
//! optional); images are named after the ids. Names, reader and writer of the layout.
class CvactFormat {
public:
    static constexpr const char* kIndexFile = "ACT_data.mat";
    //! CVACT's positions are all in UTM zone 55 south (Canberra).
    static constexpr int kZone = 55;
    static constexpr bool kSouth = true;

    //! Image paths of a pair relative to the root, as CVACT names them.
    static std::string panoramaPath(const std::string& id); //!< streetview/<id>_grdView.jpg
    static std::string
    satellitePath(const std::string& id); //!< satview_polish/<id>_satView_polish.jpg
    static std::vector<std::string> imageFolders();

    //! Reads `root`/ACT_data.mat. Throws orinet::Error naming the file for a missing or
    //! malformed variable; bad ids, positions and indices become problems in the report.
    static RawIndex read(const std::string& root);

    //! The content of ACT_data.mat. Indices are 0-based here (the file stores them 1-based).
    struct Index {
        std::vector<std::string> ids;
        std::vector<UtmPoint> utm; //!< one per id, zone 55 south
        std::vector<size_t> train;
        std::vector<size_t> val;
        std::vector<size_t> test; //!< valSetAll; written even when empty
    };
    //! Writes ACT_data.mat all-or-nothing (an existing file survives a failure). Throws
    //! orinet::Error naming the file.
    static void write(const std::string& path, const Index& index);
};

} // namespace orinet
