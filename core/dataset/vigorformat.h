#pragma once

#include "common/enumnames.h"
#include "dataset/querygallery.h"
#include "geo/geopoint.h"

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace orinet {

//! The two evaluation protocols of VIGOR (docs/vigor.md).
enum class VigorProtocol {
    //! All four cities; train/test split per panorama (same_area_balanced_{train,test}.txt).
    SameArea,
    //! Train on NewYork + Seattle, test on SanFrancisco + Chicago (pano_label_balanced.txt).
    CrossArea,
};

template <> struct EnumNames<VigorProtocol> {
    static constexpr const char* kind = "VIGOR protocol";
    static constexpr std::array<std::pair<VigorProtocol, const char*>, 2> names{
        {{VigorProtocol::SameArea, "same-area"}, {VigorProtocol::CrossArea, "cross-area"}}};
};

//! What VigorFormat::read() opens.
struct VigorOptions {
    VigorProtocol protocol = VigorProtocol::SameArea;
    std::string split = "test"; //!< "train" or "test"
    //! stat() every listed image; a missing one is an error naming the index file and line.
    bool checkFilesExist = true;
};

//! The VIGOR layout as released (docs/vigor.md): per city, splits/<City>/satellite_list.txt
//! (one tile file name a line) and label files whose rows are
//! "panorama tile dRow dCol semi1 dRow dCol semi2 dRow dCol semi3 dRow dCol" (whitespace
//! separated; the first tile is the positive, the other three semi-positives); images under
//! <City>/panorama/ and <City>/satellite/; positions in the file names. Names, reader and
//! writer helpers of the layout, like CvusaFormat for CVUSA.
//!
//! VIGOR is a query/gallery dataset, so it is read into a QueryGallery, not a Dataset:
//! Dataset::open refuses a VIGOR root with a message pointing here.
class VigorFormat {
public:
    //! The four cities, in the order of VIGOR's own data loader.
    static const std::vector<std::string>& cities();
    //! The cities a protocol's split uses (cross-area: train NewYork, Seattle; test
    //! SanFrancisco, Chicago). Throws orinet::Error for a split other than train/test.
    static std::vector<std::string> citiesOf(VigorProtocol protocol, const std::string& split);
    //! The areas ("cities") `root` holds: VIGOR's four when any of them has a
    //! splits/<City>/satellite_list.txt (the released dataset, the synthetic VIGOR world);
    //! otherwise every folder of splits/ with a satellite_list.txt, sorted (a dataset of the
    //! user's own areas, `orinet make-dataset --layout vigor`). Empty when there is neither.
    static std::vector<std::string> areasIn(const std::string& root);
    //! The areas a protocol's split of `root` reads: citiesOf() for VIGOR's cities; for the
    //! user's own areas all of them under same-area. Cross-area is defined by VIGOR's city
    //! split only: refused (orinet::Error naming the root) for other areas.
    static std::vector<std::string> citiesOf(const std::string& root, VigorProtocol protocol,
                                             const std::string& split);

    //! Paths relative to the root.
    static std::string satelliteList(const std::string& city); //!< splits/<City>/satellite_list.txt
    //! same_area_balanced_<split>.txt or pano_label_balanced.txt in splits/<City>/.
    static std::string labelFile(VigorProtocol protocol, const std::string& split,
                                 const std::string& city);
    static std::string crossAreaLabelFile(const std::string& city);
    static std::string panoramaFolder(const std::string& city);  //!< <City>/panorama
    static std::string satelliteFolder(const std::string& city); //!< <City>/satellite
    //! The panorama and tile folders of `city` in `root` (relative): the released
    //! <City>/panorama and <City>/satellite, or Sample4Geo's ground/<City> and
    //! satellite/<City> when only those exist.
    static std::pair<std::string, std::string> imageFolders(const std::string& root,
                                                            const std::string& city);

    //! "satellite_<lat>_<lon>.png" -> its centre; nullopt when the name is not of that form.
    static std::optional<LatLon> satellitePosition(const std::string& fileName);
    //! "<prefix>,<lat>,<lon>,.jpg" -> the panorama's position; nullopt otherwise.
    static std::optional<LatLon> panoramaPosition(const std::string& fileName);
    //! The names the two functions above read (7 decimals, about 1 cm).
    static std::string satelliteFileName(const LatLon& centre);
    static std::string panoramaFileName(const std::string& prefix, const LatLon& position);

    //! One label row: the panorama, then the positive and three semi-positives with offsets.
    struct LabelRow {
        std::string panorama;
        std::string tiles[4];
        QueryGallery::PixelOffset offsets[4];
    };
    static std::string formatRow(const LabelRow& row); //!< one line, no newline

    //! True when areasIn(root) is not empty.
    static bool detect(const std::string& root);
    //! Checks, without reading them, that the files a protocol's split reads are there: each of
    //! its cities' satellite_list.txt and label file. Throws orinet::Error naming the first
    //! missing one (absolute) and the protocol that needs it, or citiesOf()'s error (cross-area
    //! on areas of one's own). Cheap (stat calls): a GUI asks before it starts a long read.
    static void checkSplitFiles(const std::string& root, VigorProtocol protocol,
                                const std::string& split);

    //! Reads one protocol's split: the gallery is every tile of satellite_list.txt of the
    //! split's cities (city order, then list order, as VIGOR's and Sample4Geo's loaders do),
    //! the queries the label rows. Throws orinet::Error naming the file and line for a row with
    //! a wrong column count, a tile not in the city's satellite list, a non-numeric offset, a
    //! name without a position, a duplicate, or (checkFilesExist) a missing image.
    static QueryGallery read(const std::string& root, const VigorOptions& options);
};

} // namespace orinet
