#pragma once

#include "common/outputtarget.h"

#include "geo/geopoint.h"
#include "synth/synthoptions.h"

#include <optional>
#include <string>
#include <vector>

namespace orinet {

class Feedback;

enum class SynthSplit { Train, Val, Test };
const char* toString(SynthSplit split); //!< "train", "val", "test"

//! One street location: its panorama and tile share the id in both layouts.
struct SynthPair {
    std::string id; //!< 7 digits, "0000001" ...
    UtmPoint utm;   //!< EPSG:32755
    LatLon latLon;
    double cameraHeight = 2.3; //!< metres above the street
    SynthSplit split = SynthSplit::Train;
};

//! The satellite tiles of a world, as its world.json records them.
struct SynthTileGeometry {
    double metres = 0; //!< ground extent of a tile's side
    int size = 0;      //!< pixels per side
};

//! What SyntheticWorld::generate() wrote. Paths are absolute-or-as-given, joined to the root.
struct SynthSummary {
    std::string root;
    std::string cvusaRoot;   //!< readable as a CVUSA dataset
    std::string cvactRoot;   //!< readable as a CVACT dataset
    std::string worldImage;  //!< world.tif: RGB orthophoto, EPSG:32755, internal overviews
    std::string heightImage; //!< world_height.tif: float32 metres above ground, same grid
    std::string metadata;    //!< world.json
    //! pairs.csv in the generic csv layout: id,panorama,satellite,easting,northing,zone,lat,
    //! lon,split(,camera_height), paths relative to the root (the CVUSA-layout images)
    std::string pairsCsv;
    std::vector<SynthPair> pairs; //!< in id order (row i = pair i of both layouts)
    int trainCount = 0;
    int valCount = 0;
    int testCount = 0;
    bool hardLinks = false; //!< satellite tiles are shared between the layouts by hard links
    double seconds = 0.0;
};

//! Generates a procedurally built, geo-referenced synthetic town and a cross-view dataset of
//! it in both real layouts:
//! - ROOT/cvusa/: splits/train-19zl.csv, splits/val-19zl.csv (and splits/test-19zl.csv),
//!   bingmap/19/<id>.jpg tiles, streetview/panos/<id>.jpg (224:1232 band),
//!   streetview/annotations/<id>.png (per-pixel SceneClass values).
//! - ROOT/cvact/: ACT_data.mat (panoIds, utm, trainSet.trainInd, valSet.valInd = val split,
//!   valSetAll.valInd = test split; 1-based), streetview/<id>_grdView.jpg (full sphere, 1:2),
//!   satview_polish/<id>_satView_polish.jpg.
//! - ROOT/world.tif, ROOT/world_height.tif, ROOT/world.json, and ROOT/pairs.csv (the generic
//!   csv layout, so ROOT also opens as a dataset, with UTM positions and all three splits).
//! The split is by area (west to east) so neighbouring locations share a split. The index
//! files and image names come from the formats' writers (CvusaFormat, CvactFormat,
//! PairsCsvFormat).
//!
//! Threading: generate() may run on any worker thread; it renders with options.threads
//! threads of its own and reports through `feedback` from those threads.
class SyntheticWorld {
public:
    //! Deterministic for given options (any thread count). Refuses to write into a non-empty
    //! folder that is not a synthetic world (never overwrites a real dataset). Throws
    //! orinet::Error (bad options, I/O) or orinet::Canceled.
    static SynthSummary generate(const SynthOptions& options, Feedback& feedback);
    //! What generate() writes, for OutputTarget: a folder with the world.json it wrote. A
    //! folder holding anything else is refused before any image is drawn.
    static OutputTarget::FolderKind folderKind();

    //! The files of the world in folder `root`: world.tif (the orthophoto) and world.json
    //! (what generate() recorded). Every reader finds a world's files through these.
    static std::string imageFile(const std::string& root);
    static std::string metadataFile(const std::string& root);
    //! The orthophoto of the world a dataset belongs to: world.tif in `datasetRoot` (the
    //! pairs.csv layout) or in its parent (the cvusa/ and cvact/ layouts), canonical; empty
    //! when there is none.
    static std::string imageBeside(const std::string& datasetRoot);
    //! The tiles recorded in the world.json found as imageBeside() finds world.tif; nullopt
    //! when there is none or it is no world's record.
    static std::optional<SynthTileGeometry> tileGeometryBeside(const std::string& datasetRoot);

    //! The world's north-west corner (UTM zone 55S, near Canberra like CVACT).
    static UtmPoint origin() { return {690000.0, 6090000.0}; }
    static constexpr int kEpsg = 32755;
};

} // namespace orinet
