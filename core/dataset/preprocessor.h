#pragma once

#include "dataset/dataset.h"
#include "dataset/inputpreset.h"
#include "dataset/rotationdraw.h"
#include "orientation/pairtransform.h"

#include <opencv2/core/mat.hpp>

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>

namespace orinet {

struct TensorBuffer;

//! The random choices of one training sample (docs/dataset-formats.md). All zero = no
//! augmentation.
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
    //! the same ones): shift ~ U{0, W-1} at input width; side ~ U{1, S-2} of the source tile
    //! (S = satelliteOriginalSize), kept only when it exceeds 512 px of the original's source
    //! tile as a fraction of S (512/1200 of S for CVACT, 512/750 of S otherwise, as CVUSA):
    //! the zoom distribution is the original's whatever the input preset; turns as `rotation`.
    static Augmentation draw(uint64_t seed, const InputPreset& preset, int satelliteOriginalSize,
                             DatasetLayout layout, RotationDraw rotation = RotationDraw::Original);
    //! Whether a drawn side crops a source tile of `sourceSize` px in `layout` (see draw()).
    static bool cropsAt(int side, int sourceSize, DatasetLayout layout);
};

//! One pair as the network sees it: H x W float32 images with 3 (B, G, R in [-1, 1]) or 5
//! (+ two orientation channels) interleaved channels.
struct PreprocessedPair {
    cv::Mat ground;    //!< preset.groundRows x preset.groundCols, CV_32FC(3 or 5)
    cv::Mat satellite; //!< preset.satelliteSize squared, CV_32FC(3 or 5)
    Augmentation augmentation;
};

//! Turns image files into network input exactly as docs/dataset-formats.md describes; the single
//! place where that happens, so the GUI can show what the network sees and the loader feeds it.
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
    Preprocessor(InputPreset preset, OrientationMode orientation, DatasetLayout layout,
                 RotationDraw rotation = RotationDraw::Original);

    const InputPreset& preset() const noexcept { return mPreset; }
    OrientationMode orientation() const noexcept { return mOrientation; }
    //! Whether panoramas are cropped to their middle half of rows (the CVACT layout).
    bool cropsMiddleRows() const noexcept { return mCropMiddleRows; }
    int channels() const noexcept { return inputChannels(mOrientation); }

    //! Reads an image as 8-bit BGR after checking its header: throws orinet::Error naming the
    //! file when it is missing, truncated, corrupt or larger than any dataset image may be.
    static cv::Mat readImage(const std::string& path);
    //! readImage() with the layout's rules for a panorama or a tile (ImageCheck): a wrong
    //! size or aspect is an error, not a silent resize.
    cv::Mat readInput(const std::string& path, bool panorama) const;

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

    //! One side of the loader's path: reads and preprocesses a panorama (or a tile) into
    //! sample `n` of a batch buffer. Same values as processInto() gives that side with
    //! `orientationSeed` and orientationOnly (the panorama shift, or the tile quarter turn, a
    //! pair drawn from that seed gets; maps follow), or without augmentation when null; the
    //! other side's image is not read.
    void groundInto(const std::string& panoramaPath, TensorBuffer& ground, size_t n,
                    const uint64_t* orientationSeed = nullptr) const;
    void satelliteInto(const std::string& tilePath, TensorBuffer& satellite, size_t n,
                       const uint64_t* orientationSeed = nullptr) const;

private:
    ImageWithMap groundPlanes(const cv::Mat& bgr, int shift) const;
    ImageWithMap satellitePlanes(const cv::Mat& bgr, int cropSide, int quarterTurns) const;
    void copyPlanes(const ImageWithMap& planes, TensorBuffer& buffer, size_t n) const;
    cv::Mat groundMap(cv::Size source) const;
    cv::Mat satelliteMap(int size) const;

    InputPreset mPreset;
    OrientationMode mOrientation;
    DatasetLayout mLayout;
    RotationDraw mRotation;
    bool mCropMiddleRows = false;
    //! Orientation channels (CV_32FC2) per source size; computing a 1200² map costs more
    //! than decoding the tile, so each size is computed once.
    mutable std::mutex mMapMutex;
    mutable std::map<std::pair<int, int>, cv::Mat> mGroundMaps;
    mutable std::map<int, cv::Mat> mSatelliteMaps;
};

} // namespace orinet
