#pragma once

#include <optional>
#include <string>
#include <utility>

namespace orinet {

//! A UTM position in metres. Only distances between pairs of one dataset matter (loss masking,
//! geo-recall), so the zone is carried along for display and export, not for arithmetic.
struct UtmPosition {
    double easting = 0;
    double northing = 0;
    int zone = 55;     //!< 1..60; CVACT is zone 55 south (Canberra)
    bool south = true; //!< hemisphere
};

//! One ground/satellite pair of a dataset. Paths are absolute (the reader joins them with the
//! dataset root), so a record can be handed to another thread or process as is.
struct PairRecord {
    std::string id;            //!< unique within the dataset (CVUSA: panorama file stem)
    std::string panoramaPath;  //!< absolute
    std::string satellitePath; //!< absolute
    std::optional<UtmPosition> utm;
    std::optional<std::pair<double, double>> latLon; //!< degrees (latitude, longitude)
};

} // namespace orinet
