#pragma once

#include "common/outputtarget.h"

#include <opencv2/core/mat.hpp>

#include <string>
#include <vector>

namespace orinet {

class Feedback;

//! What `orinet make-dataset` is given (docs/make-dataset.md).
struct MakeDatasetOptions {
    //! What is cut (docs/make-dataset.md): a tile centred on every panorama (pairs.csv, as
    //! CVUSA and CVACT), or a grid of tiles over the panoramas' area overlapping by half a tile
    //! with a positive and three semi-positives per panorama (VIGOR's layout, docs/vigor.md).
    enum class Layout { Centred, VigorGrid };
    Layout layout = Layout::Centred;
    //! VigorGrid: the area's name, its folders' (<area>/panorama, splits/<area>); not one of
    //! VIGOR's city names.
    std::string area = "Area";
    std::string orthophoto; //!< a north-up GeoTIFF in a projected CRS (metres)
    //! CSV: `file` (required; relative to the CSV's folder), optional `lat`, `lon` (WGS84
    //! degrees; a row without them takes the image's EXIF GPS position), `heading` (compass
    //! direction of the panorama's centre column, degrees clockwise from north), `id`, `split`.
    std::string positions;
    std::string outDir; //!< a new (or empty) folder; a previous make-dataset output is replaced
    int tileSize = 512; //!< satellite tile side in pixels
    double tileMetres = 100;   //!< ground extent of a tile's side
    double valFraction = 0.1;  //!< for rows without a `split`: share drawn into val
    double testFraction = 0.1; //!< ... and into test; the rest is train
    unsigned long long seed = 1;
    int jpegQuality = 95; //!< of the tiles, and of panoramas that are rotated
};

//! One panorama that could not become a pair, and why.
struct SkippedPanorama {
    std::string where; //!< "positions.csv:12 (pano_0012.jpg)"
    std::string reason;
};

struct MakeDatasetSummary {
    std::string root; //!< the dataset written (pairs.csv or VIGOR layout)
    int pairs = 0;    //!< written (VigorGrid: panoramas, each with its positive tile)
    int tiles = 0;    //!< VigorGrid: the grid's tiles (the gallery); else as many as pairs
    int rotated = 0;  //!< panoramas turned to the north-centred convention
    int fromExif = 0; //!< positions taken from EXIF GPS
    int train = 0, val = 0, test = 0;
    std::vector<SkippedPanorama> skipped;
    std::string checkSummary; //!< the dataset check of what was written ("" when clean)
    double seconds = 0;
};

//! What make() would write, worked out from the inputs without decoding an image or writing
//! anything (the studio's preview on the map). Coordinates are in the orthophoto's CRS.
struct MakeDatasetPlan {
    struct Point {
        double x = 0, y = 0;
    };
    struct Panorama {
        std::string id;
        Point at;
        std::string split; //!< train, val or test (VigorGrid: val goes to test)
    };
    std::string crs;      //!< the orthophoto's CRS, as a label
    double footprint = 0; //!< a tile's side in the CRS's units
    //! Placed on the orthophoto; make() may still skip one whose image it cannot decode.
    std::vector<Panorama> panoramas;
    std::vector<Point> offRaster; //!< skipped panoramas whose position is known
    std::vector<Point> tiles;     //!< tile centres: one per panorama, or the grid's
    std::vector<SkippedPanorama> skipped;
    int train = 0, val = 0, test = 0;
};

//! Turns an orthophoto and geotagged panoramas into a dataset. Layout::Centred writes pairs.csv:
//! for each panorama, a north-up tile centred on its position cut from the orthophoto (the way the
//! synthetic world cuts its tiles, RasterSource::cutTile), the panorama turned so that north is
//! its centre column when a heading is given (docs/geometry.md), then the index and the
//! dataset check. Panoramas that cannot be used (no position, outside the raster, unreadable)
//! are listed, not fatal. Layout::VigorGrid writes VIGOR's layout instead: tiles on a grid
//! stepping by half a tile over the panoramas' area, each panorama labelled with the tile whose
//! central half contains it (positive) and the three others covering it, with VIGOR's pixel
//! offsets; same-area train and test label files (rows drawn into val count as test). A
//! panorama whose covering tiles would leave the raster is listed as skipped; a raster in degrees
//! or without a CRS stops before anything is written. The dataset is written into a staging folder
//! beside the output and moved into place when complete, so a failure or cancel leaves nothing
//! half-written.
class DatasetMaker {
public:
    //! Throws orinet::Error naming the file for unusable inputs and an existing output folder
    //! that is not empty and not a previous make-dataset output; orinet::Canceled on cancel.
    static MakeDatasetSummary make(const MakeDatasetOptions& options, Feedback& feedback);
    //! The same inputs read, checked and placed as make() does, nothing decoded or written.
    //! Throws orinet::Error as make() does for unusable inputs (the output folder is checked
    //! too, so a preview already says when it would be refused).
    static MakeDatasetPlan plan(const MakeDatasetOptions& options);

    //! The marker a make-dataset output folder carries (make-dataset.json).
    static OutputTarget::FolderKind folderKind();
    //! Columns rolled so that the column facing `headingDegrees` (the centre column's compass
    //! direction) becomes north at the centre; sub-pixel shifts are interpolated, wrapping
    //! around the seam.
    static cv::Mat turnToNorth(const cv::Mat& panorama, double headingDegrees);
};

} // namespace orinet
