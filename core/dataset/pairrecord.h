#pragma once

#include "geo/geopoint.h"

#include <optional>
#include <string>

namespace orinet {

//! One ground/satellite pair of a dataset. Paths are absolute (the reader joins them with the
//! dataset root), so a record can be handed to another thread or process as is.
struct PairRecord {
    std::string id;                 //!< unique within the dataset (CVUSA: panorama file stem)
    std::string panoramaPath;       //!< absolute
    std::string satellitePath;      //!< absolute
    std::optional<UtmPosition> utm; //!< with its zone (CVACT: 55S)
    std::optional<LatLon> latLon;
};

} // namespace orinet
