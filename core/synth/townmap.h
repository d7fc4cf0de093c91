#pragma once

#include "geo/geopoint.h"

#include <opencv2/core/mat.hpp>

#include <cstdint>
#include <vector>

namespace orinet {

//! What a pixel of the town (and a ray of a panorama) shows. The values are the pixel values
//! of the synthetic CVUSA annotation PNGs.
enum class SceneClass : uint8_t {
    Sky = 0,
    Ground = 1,
    Road = 2,
    Building = 3,
    Tree = 4,
    Water = 5
};

//! A straight street, centreline from `from` to `to`, for placing cameras.
struct Street {
    UtmPoint from;
    UtmPoint to;
    double width = 10.0; //!< carriageway width in metres (sidewalks not included)
};

//! The 2.5D synthetic town: north-up rasters sharing one georeferencing. colour() is the
//! orthophoto the satellite tiles are cut from; the panorama renderer sees the same pixels on
//! the ground and on roofs, plus height() for facades and tree crowns. Heights are metres above
//! the (flat) ground.
//!
//! Thread-safety: const member functions may be called from any number of threads at once;
//! the editing functions must not run concurrently with anything else.
class TownMap {
public:
    //! A flat grass field of cols x rows pixels of `pixelSize` metres whose top-left corner is
    //! at `topLeft` (UTM). Throws orinet::Error for empty sizes or a non-positive pixel size.
    TownMap(int cols, int rows, double pixelSize, const UtmPoint& topLeft);

    //! A procedurally generated town about sideMetres wide: a street grid with pavements and
    //! lane markings, blocks drawn from a few repeated templates (houses with gabled roofs of a
    //! limited palette, commercial blocks, parks with trees and ponds, car parks), street
    //! trees and cast shadows. Deterministic for a given seed (std::mt19937_64).
    static TownMap generate(uint64_t seed, double sideMetres, double pixelSize,
                            const UtmPoint& topLeft);

    const cv::Mat& colour() const noexcept { return mColour; }   //!< CV_8UC3, BGR orthophoto
    const cv::Mat& height() const noexcept { return mHeight; }   //!< CV_32FC1, metres
    const cv::Mat& labels() const noexcept { return mLabels; }   //!< CV_8UC1, SceneClass
    const cv::Mat& sideColour() const noexcept { return mSide; } //!< CV_8UC3, facades/crowns
    //! colour() and its successive 2x reductions (level 0 = colour()), for distant ground.
    const std::vector<cv::Mat>& colourPyramid() const noexcept { return mPyramid; }
    const GeoTransform& transform() const noexcept { return mTransform; }
    const std::vector<Street>& streets() const noexcept { return mStreets; }
    //! Sun direction used for shading and shadows (radians, azimuth clockwise from north).
    double sunAzimuth() const noexcept { return mSunAzimuth; }
    double sunElevation() const noexcept { return mSunElevation; }

    //! The UTM extent: top-left and bottom-right corners.
    UtmPoint topLeft() const;
    UtmPoint bottomRight() const;
    bool contains(const UtmPoint& p, double marginMetres = 0.0) const;

    //! Adds a flat-roofed box building centred at `centre` (eastWidth x northDepth metres,
    //! `heightMetres` tall) and refreshes the pyramid. Meant for landmarks and tests; cheap only
    //! on small maps.
    void addBuilding(const UtmPoint& centre, double eastWidth, double northDepth,
                     double heightMetres, const cv::Vec3b& roofBgr, const cv::Vec3b& wallBgr);

    //! Paints flat ground (height 0) of one colour over a rectangle of map pixels (clipped to
    //! the map) and refreshes the pyramid; for markers and tests.
    void paintGround(const cv::Rect& pixels, const cv::Vec3b& bgr,
                     SceneClass label = SceneClass::Ground);

    //! The north-up S x S satellite tile centred on `centre` covering `metres` x `metres`:
    //! tile pixel ((S-1)/2, (S-1)/2) is exactly `centre`. Bilinear resampling (from a reduced
    //! level when the tile is coarser than the map). Outside the map: black.
    cv::Mat tile(const UtmPoint& centre, int size, double metres) const;

    //! Rebuilds colourPyramid() after editing colour().
    void updatePyramid();

private:
    friend class TownBuilder;
    cv::Mat mColour;
    cv::Mat mHeight;
    cv::Mat mLabels;
    cv::Mat mSide;
    std::vector<cv::Mat> mPyramid;
    GeoTransform mTransform;
    std::vector<Street> mStreets;
    double mSunAzimuth = 0.0;
    double mSunElevation = 0.8;
};

} // namespace orinet
