#pragma once

#include "dataset/rawindex.h"
#include "geo/geopoint.h"

#include <optional>
#include <string>
#include <vector>

namespace orinet {

//! The generic "csv" layout (docs/dataset-formats.md): ROOT/pairs.csv with a header naming the
//! columns id,panorama,satellite,easting,northing,zone,lat,lon,split in any order (the first
//! three required, unknown ones ignored), paths relative to the root, `split` a
//! ";"-separated list. Names, reader and writer of the layout.
class PairsCsvFormat {
public:
    static constexpr const char* kFileName = "pairs.csv";
    //! The zone of easting/northing on a line whose `zone` is empty.
    static constexpr int kDefaultZone = 55;
    static constexpr bool kDefaultSouth = true;
    //! The known columns in the order the writer uses.
    static const std::vector<std::string>& columns();

    //! Reads `root`/pairs.csv. Pairs with lat/lon but no easting/northing get a UTM position in
    //! one zone for the dataset (their line's zone, else an existing UTM pair's, else the
    //! first such pair's longitude's). Throws orinet::Error naming the file and line for a
    //! malformed line; bad paths become problems in the report.
    static RawIndex read(const std::string& root);

    //! One line of pairs.csv.
    struct Row {
        std::string id;
        std::string panorama;  //!< relative to the root
        std::string satellite; //!< relative to the root
        std::optional<UtmPosition> utm;
        std::optional<LatLon> latLon;
        std::vector<std::string> splits;
        std::vector<std::string> extra; //!< values of the writer's extra columns
    };
    //! Writes pairs.csv all-or-nothing: the known columns, then `extraColumns` (each row's
    //! `extra` holds their values). Positions in mm, lat/lon to 1e-8 degrees. Throws
    //! orinet::Error naming the file.
    static void write(const std::string& path, const std::vector<Row>& rows,
                      const std::vector<std::string>& extraColumns = {});
};

} // namespace orinet
