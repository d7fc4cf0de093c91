#pragma once

#include "common/outputtarget.h"
#include "geo/geopoint.h"

#include <cstdint>
#include <string>
#include <vector>

namespace orinet {

class Feedback;

//! What VigorWorld::generate() builds. Defaults make four tiny cities in about a second.
struct VigorWorldOptions {
    std::string outDir;
    uint64_t seed = 1;
    int panoramasPerCity = 12;
    double cityMetres = 260; //!< side of each city's square town
    double tileMetres = 80;  //!< ground side of a tile; the grid steps by half of it (50 % overlap)
    int tileSize = 64;       //!< tile pixels per side (offsets are in these pixels)
    int panoramaWidth = 128; //!< full-sphere panoramas, width x width/2, like VIGOR's 2048x1024
    double pixelSize = 0.5;  //!< metres per pixel of each town's map
    double trainFraction = 0.5; //!< same-area protocol: share of each city's panoramas in train

    //! Throws orinet::Error naming the first invalid option and its allowed range.
    void validate() const;
};

//! One panorama as written, for tests and summaries.
struct VigorWorldPanorama {
    std::string city;
    std::string name; //!< file name, carrying lat/lon
    UtmPoint utm;     //!< EPSG:32755
    LatLon latLon;
    int tiles[4] = {};  //!< positive, then semi-positives: indices into the city's tile list
    bool train = false; //!< same-area split
};

//! What VigorWorld::generate() wrote.
struct VigorWorldSummary {
    std::string root;
    int tilesPerCity = 0;
    std::vector<std::string> cities;
    std::vector<std::vector<std::string>> tileNames; //!< per city, satellite_list.txt order
    std::vector<std::vector<UtmPoint>> tileCentres;  //!< per city, same order
    std::vector<VigorWorldPanorama> panoramas;       //!< city by city, label-file order
    double seconds = 0;
};

//! A synthetic dataset in the VIGOR layout as released (docs/vigor.md, docs/synthetic-world.md):
//! four small towns named after VIGOR's cities (so both protocols read as they do on the real
//! data), each covered by a grid of north-up tiles overlapping by 50 %, panoramas at random
//! street positions (not at tile centres), and the label files: per panorama the positive
//! tile (the one whose central half-size square contains it) and the three semi-positives that
//! also cover it, each with VIGOR's pixel offset. Positions are in the file names (lat/lon of
//! UTM zone 55S, each town 5 km east of the previous one).
//!
//! Deterministic for given options. Refuses to write into a non-empty folder it did not
//! write. Runs on the calling thread.
class VigorWorld {
public:
    static VigorWorldSummary generate(const VigorWorldOptions& options, Feedback& feedback);
    static OutputTarget::FolderKind folderKind();
    //! The marker generate() writes first: ROOT/vigor_world.json.
    static std::string markerFile(const std::string& root);
};

} // namespace orinet
