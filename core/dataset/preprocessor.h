#pragma once

#include "dataset/dataset.h"
#include "dataset/inputpreset.h"
#include "orientation/pairtransform.h"

#include <opencv2/core/mat.hpp>

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>

namespace orinet {

struct TensorBuffer;

//! The random choices of one training sample (SPEC §4). All zero = no augmentation.
struct Augmentation {
    //! Circular column shift of the panorama and its map at input size, in [0, W-1].
    int panoramaShift = 0;
    //! Centred crop side in original tile pixels; 0 = no crop (the whole tile is resized).
    int satelliteCropSide = 0;
    //! Clockwise quarter turns of the tile and its orientation channels, in {0, 1, 2, 3}.
    int satelliteQuarterTurns = 0;

    bool isIdentity() const noexcept {
        return panoramaShift == 0 && satelliteCropSide == 0 && satelliteQuarterTurns == 0;
    }
    //! The draws of the original training code, from a seed only (so any thread, any run gets
    //! the same ones): shift ~ U{0, W-1}; side ~ U{1, S-2}, kept only when larger than the
    //! input tile size (smaller draws mean "no crop", as in the original); turns ~ U{0..3}.
    static Augmentation draw(uint64_t seed, const InputPreset& preset, int satelliteOriginalSize);
};

//! One pair as the network sees it: H x W float32 images with 3 (B, G, R in [-1, 1]) or 5
//! (+ two orientation channels) interleaved channels.
struct PreprocessedPair {
    cv::Mat ground;    //!< preset.groundRows x preset.groundCols, CV_32FC(3 or 5)
    cv::Mat satellite; //!< preset.satelliteSize squared, CV_32FC(3 or 5)
    Augmentation augmentation;
};

//! Turns image files into network input exactly as SPEC §2-§4 describe; the single place
//! where that happens, so the GUI can show what the network sees and the loader feeds it.
//!
//! - Images are read with OpenCV, BGR order kept; colour becomes v/255·2-1.
//! - Ground, CVACT layout: middle half of the rows of image and map, then area resize.
//!   Other layouts: the image is resized to the preset (area when shrinking, linear when
//!   enlarging) and gets the map of the preset size.
//! - Satellite: resized to the preset; the map is the one of the preset size. With
//!   augmentation, the map of the ORIGINAL tile size is cropped, resized and rotated together
//!   with the image, so every pixel keeps its orientation.
//!
//! Threading: all const members may be called from several threads at once (the orientation
//! maps it caches are guarded by a mutex).
class Preprocessor {
public:
    Preprocessor(InputPreset preset, OrientationMode orientation, DatasetLayout layout);

    const InputPreset& preset() const noexcept { return mPreset; }
    OrientationMode orientation() const noexcept { return mOrientation; }
    //! Whether panoramas are cropped to their middle half of rows (the CVACT layout).
    bool cropsMiddleRows() const noexcept { return mCropMiddleRows; }
    int channels() const noexcept { return inputChannels(mOrientation); }

    //! Reads an image as 8-bit BGR; throws orinet::Error naming the file (missing, corrupt).
    static cv::Mat readImage(const std::string& path);

    //! Reads and preprocesses both images. With a seed, draws and applies the augmentation
    //! (Augmentation::draw); without, none. Throws orinet::Error naming the image.
    PreprocessedPair process(const PairRecord& pair,
                             const uint64_t* augmentationSeed = nullptr) const;
    //! Same with explicit augmentation choices (e.g. the GUI's "show this augmentation").
    PreprocessedPair process(const PairRecord& pair, const Augmentation& augmentation) const;

    //! The ground path on a decoded 8-bit BGR image; `shift` columns at input size.
    cv::Mat ground(const cv::Mat& bgr, int shift = 0) const;
    //! The satellite path on a decoded 8-bit BGR square tile.
    cv::Mat satellite(const cv::Mat& bgr, int cropSide = 0, int quarterTurns = 0) const;

    //! Copies an H x W x C image into sample `n` of an N x C x H x W buffer (shape already set).
    static void copyToBuffer(const cv::Mat& image, TensorBuffer& buffer, size_t n);

    //! The loader's path: reads and preprocesses one pair straight into sample `n` of two
    //! batch buffers (shapes already set), skipping the interleaved image process() returns.
    //! Same values as process(); returns the augmentation applied. `orientationOnly` keeps
    //! only the drawn panorama shift and tile quarter turns (no crop).
    Augmentation processInto(const PairRecord& pair, const uint64_t* augmentationSeed,
                             TensorBuffer& ground, TensorBuffer& satellite, size_t n,
                             bool orientationOnly = false) const;

private:
    ImageWithMap groundPlanes(const cv::Mat& bgr, int shift) const;
    ImageWithMap satellitePlanes(const cv::Mat& bgr, int cropSide, int quarterTurns) const;
    void copyPlanes(const ImageWithMap& planes, TensorBuffer& buffer, size_t n) const;
    cv::Mat groundMap(cv::Size source) const;
    cv::Mat satelliteMap(int size) const;

    InputPreset mPreset;
    OrientationMode mOrientation;
    bool mCropMiddleRows = false;
    //! Orientation channels (CV_32FC2) per source size; computing a 1200² map costs more
    //! than decoding the tile, so each size is computed once.
    mutable std::mutex mMapMutex;
    mutable std::map<std::pair<int, int>, cv::Mat> mGroundMaps;
    mutable std::map<int, cv::Mat> mSatelliteMaps;
};

} // namespace orinet
