#pragma once

#include <cstdint>
#include <string>

namespace orinet {

//! Everything `orinet synth` and the GUI's demo world can set. Defaults are sized for a CPU
//! demo: CVUSA-like panoramas 112x616, CVACT-like 256x512, tiles 256 px covering 100 m.
struct SynthOptions {
    std::string outDir;       //!< root folder; gets cvusa/, cvact/, world.tif, world.json
    int pairs = 1000;         //!< street locations (one panorama/tile pair each)
    uint64_t seed = 1;        //!< same seed + options = same bytes
    int tileSize = 256;       //!< satellite tiles are tileSize x tileSize
    double tileMetres = 100;  //!< ground extent of a tile's side
    int cvusaPanoWidth = 616; //!< CVUSA panoramas: width x width·224/1232
    int cvactPanoWidth = 512; //!< CVACT panoramas: full sphere, width x width/2
    double pixelSize = 0.5;   //!< metres per pixel of world.tif
    double worldMetres = 0;   //!< side of the square town; 0 = chosen from the pair count
    double minCameraHeight = 2.0;
    double maxCameraHeight = 2.5;
    double nearbyFraction = 0.3; //!< share of locations placed 5-25 m from an earlier one
    double trainFraction = 0.70; //!< split by area (west to east): train | val | test
    double valFraction = 0.15;
    int jpegQuality = 92;
    int threads = 0; //!< rendering threads; 0 = hardware threads

    int cvusaPanoHeight() const; //!< round(width · 224 / 1232)
    int cvactPanoHeight() const { return cvactPanoWidth / 2; }
    //! worldMetres, or the automatic size for `pairs`.
    double effectiveWorldMetres() const;

    //! Throws orinet::Error naming the first invalid option and its allowed range.
    void validate() const;
};

} // namespace orinet
