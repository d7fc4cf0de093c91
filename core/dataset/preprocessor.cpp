#include "dataset/preprocessor.h"

#include "common/error.h"
#include "dataset/batch.h"
#include "dataset/imagecheck.h"
#include "dataset/imageheader.h"
#include "dataset/seededrandom.h"
#include "orientation/orientationmap.h"
#include "orientation/pairtransform.h"

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <sys/stat.h>

namespace orinet {

namespace {

//! Area averaging when shrinking (no aliasing), bilinear when enlarging (area would be
//! nearest-neighbour-like there).
int interpolationFor(cv::Size from, cv::Size to) {
    return to.width <= from.width && to.height <= from.height ? cv::INTER_AREA : cv::INTER_LINEAR;
}

cv::Mat resized(const cv::Mat& image, cv::Size target, int interpolation) {
    if (image.size() == target)
        return image;
    cv::Mat out;
    cv::resize(image, out, target, 0, 0, interpolation);
    return out;
}

cv::Mat toNetworkColour(const cv::Mat& bgr) {
    cv::Mat out;
    bgr.convertTo(out, CV_32F, 2.0 / 255.0, -1.0);
    return out;
}

cv::Mat withOrientation(const cv::Mat& colour, const cv::Mat& map, OrientationMode mode) {
    if (mode == OrientationMode::None)
        return colour;
    cv::Mat out;
    const cv::Mat parts[] = {colour, map};
    cv::merge(parts, 2, out);
    return out;
}

//! Re-throws an error from the image pipeline with the image's path in front.
template <typename F> auto namingFile(const std::string& path, F&& f) {
    try {
        return f();
    } catch (const Error& e) {
        if (!e.path().empty())
            throw;
        throw Error(path, e.what());
    } catch (const cv::Exception& e) {
        throw Error(path, std::string("image processing failed: ") + e.what());
    }
}

} // namespace

bool Augmentation::cropsAt(int side, int sourceSize, DatasetLayout layout) {
    // The original crops when side > 512 on its 750 px (CVUSA) or 1200 px (CVACT) tiles.
    const int64_t originalSource = layout == DatasetLayout::Cvact ? 1200 : 750;
    return int64_t{side} * originalSource > int64_t{512} * sourceSize;
}

Augmentation Augmentation::draw(uint64_t seed, const InputPreset& preset, int satelliteOriginalSize,
                                DatasetLayout layout, RotationDraw rotation) {
    SeededRandom random(seed);
    Augmentation a;
    a.panoramaShift = static_cast<int>(random.uniform(static_cast<uint64_t>(preset.groundCols)));
    const int span = std::max(satelliteOriginalSize - 2, 1);
    const int side = 1 + static_cast<int>(random.uniform(static_cast<uint64_t>(span)));
    a.satelliteCropSide = cropsAt(side, satelliteOriginalSize, layout) ? side : 0;
    // randint(0, 4) is inclusive: 4 quarter turns are 0°
    a.satelliteQuarterTurns =
        static_cast<int>(random.uniform(rotation == RotationDraw::Original ? 5 : 4) % 4);
    return a;
}

Preprocessor::Preprocessor(InputPreset preset, OrientationMode orientation, DatasetLayout layout,
                           RotationDraw rotation)
    : mPreset(std::move(preset))
    , mOrientation(orientation)
    , mLayout(layout)
    , mRotation(rotation)
    , mCropMiddleRows(layout == DatasetLayout::Cvact) {
    if (mPreset.groundRows < 1 || mPreset.groundCols < 2 || mPreset.satelliteSize < 1)
        throw Error("input preset '" + mPreset.name + "' has an invalid size");
}

namespace {

//! The header, after telling a missing file from an unreadable one.
ImageHeader headerOf(const std::string& path) {
    struct stat st;
    if (::stat(path.c_str(), &st) != 0)
        throw Error(path, "image file is missing");
    return ImageHeader::read(path);
}

//! Decodes an image whose header was checked; the decoded size must be the header's.
cv::Mat decodeChecked(const std::string& path, const ImageHeader& header) {
    cv::Mat image;
    try {
        image = cv::imread(path, cv::IMREAD_COLOR);
    } catch (const cv::Exception& e) {
        throw Error(path, std::string("cannot decode image: ") + e.what());
    }
    if (image.empty())
        throw Error(path, "cannot decode image (corrupt or unsupported format)");
    if (image.cols != header.width || image.rows != header.height)
        throw Error(path, "decoded to " + std::to_string(image.cols) + "x" +
                              std::to_string(image.rows) + " although its header says " +
                              std::to_string(header.width) + "x" + std::to_string(header.height));
    return image;
}

} // namespace

cv::Mat Preprocessor::readImage(const std::string& path) {
    // The header first: a truncated file would otherwise decode with grey rows (libjpeg only
    // warns), and a corrupt size would make the decoder allocate gigabytes.
    const ImageHeader header = headerOf(path);
    if (header.width > ImageCheck::maxWidth(DatasetLayout::Csv, true) ||
        header.height > ImageCheck::maxHeight(DatasetLayout::Csv, true))
        throw Error(path, "image is " + std::to_string(header.width) + "x" +
                              std::to_string(header.height) + " (width x height); larger than " +
                              "any dataset image may be");
    return decodeChecked(path, header);
}

cv::Mat Preprocessor::readInput(const std::string& path, bool panorama) const {
    const ImageHeader header = headerOf(path);
    const std::string problem = ImageCheck::shapeProblem(mLayout, panorama, header);
    if (!problem.empty())
        throw Error(path, problem);
    return decodeChecked(path, header);
}

cv::Mat Preprocessor::groundMap(cv::Size source) const {
    const cv::Size target(mPreset.groundCols, mPreset.groundRows);
    // Without the CVACT crop every panorama gets the map of the input size, whatever its
    // source size: one cache entry.
    const cv::Size key = mCropMiddleRows ? source : target;
    std::lock_guard<std::mutex> lock(mMapMutex);
    cv::Mat& map = mGroundMaps[{key.height, key.width}];
    if (map.empty())
        map = mCropMiddleRows
                  ? OrientationMap::groundChannelsFromRaw(
                        OrientationMap::cvactGroundRaw(source.height, source.width, target))
                  : OrientationMap::groundChannels(target.height, target.width);
    return map;
}

cv::Mat Preprocessor::satelliteMap(int size) const {
    std::lock_guard<std::mutex> lock(mMapMutex);
    cv::Mat& map = mSatelliteMaps[size];
    if (map.empty())
        map = OrientationMap::satelliteChannels(size);
    return map;
}

ImageWithMap Preprocessor::groundPlanes(const cv::Mat& bgr, int shift) const {
    if (bgr.empty() || bgr.type() != CV_8UC3)
        throw Error("panorama is not an 8-bit 3-channel image");
    const cv::Size target(mPreset.groundCols, mPreset.groundRows);
    cv::Mat image;
    if (mCropMiddleRows) {
        if (bgr.rows < 4)
            throw Error("panorama has " + std::to_string(bgr.rows) +
                        " rows; the CVACT crop needs at least 4");
        image = resized(cropMiddleHalfRows(bgr), target, cv::INTER_AREA);
    } else {
        image = resized(bgr, target, interpolationFor(bgr.size(), target));
    }
    ImageWithMap pair{toNetworkColour(image), groundMap(bgr.size())};
    if (shift % target.width != 0)
        pair = shiftColumns(pair, shift);
    return pair;
}

cv::Mat Preprocessor::ground(const cv::Mat& bgr, int shift) const {
    const ImageWithMap pair = groundPlanes(bgr, shift);
    return withOrientation(pair.image, pair.map, mOrientation);
}

ImageWithMap Preprocessor::satellitePlanes(const cv::Mat& bgr, int cropSide,
                                           int quarterTurns) const {
    if (bgr.empty() || bgr.type() != CV_8UC3)
        throw Error("satellite tile is not an 8-bit 3-channel image");
    if (bgr.rows != bgr.cols)
        throw Error("satellite tile is " + std::to_string(bgr.cols) + "x" +
                    std::to_string(bgr.rows) + "; expected square");
    const int size = mPreset.satelliteSize;
    const cv::Size target(size, size);
    ImageWithMap pair;
    if (cropSide > 0) {
        // The crop zooms in: the map must come from the original tile and go through the same
        // crop and resize, or the radius channel would claim the crop's border is the
        // original's inscribed circle.
        const ImageWithMap original{bgr, satelliteMap(bgr.cols)};
        pair = centredCropResize(original, cropSide, target,
                                 interpolationFor(cv::Size(cropSide, cropSide), target));
        pair.image = toNetworkColour(pair.image);
    } else {
        // The whole tile resized: its map is exactly the map of the input size.
        pair.image = toNetworkColour(resized(bgr, target, interpolationFor(bgr.size(), target)));
        pair.map = satelliteMap(size);
    }
    if (quarterTurns % 4 != 0)
        pair = rotateQuarterTurns(pair, quarterTurns);
    return pair;
}

cv::Mat Preprocessor::satellite(const cv::Mat& bgr, int cropSide, int quarterTurns) const {
    const ImageWithMap pair = satellitePlanes(bgr, cropSide, quarterTurns);
    return withOrientation(pair.image, pair.map, mOrientation);
}

PreprocessedPair Preprocessor::process(const PairRecord& pair,
                                       const uint64_t* augmentationSeed) const {
    const cv::Mat panorama = readInput(pair.panoramaPath, true);
    const cv::Mat tile = readInput(pair.satellitePath, false);
    PreprocessedPair out;
    if (augmentationSeed)
        out.augmentation =
            Augmentation::draw(*augmentationSeed, mPreset, tile.cols, mLayout, mRotation);
    out.ground = namingFile(pair.panoramaPath,
                            [&] { return ground(panorama, out.augmentation.panoramaShift); });
    out.satellite = namingFile(pair.satellitePath, [&] {
        return satellite(tile, out.augmentation.satelliteCropSide,
                         out.augmentation.satelliteQuarterTurns);
    });
    return out;
}

PreprocessedPair Preprocessor::process(const PairRecord& pair,
                                       const Augmentation& augmentation) const {
    const cv::Mat panorama = readInput(pair.panoramaPath, true);
    const cv::Mat tile = readInput(pair.satellitePath, false);
    PreprocessedPair out;
    out.augmentation = augmentation;
    out.ground =
        namingFile(pair.panoramaPath, [&] { return ground(panorama, augmentation.panoramaShift); });
    out.satellite = namingFile(pair.satellitePath, [&] {
        return satellite(tile, augmentation.satelliteCropSide, augmentation.satelliteQuarterTurns);
    });
    return out;
}

Augmentation Preprocessor::processInto(const PairRecord& pair, const uint64_t* augmentationSeed,
                                       TensorBuffer& ground, TensorBuffer& satellite, size_t n,
                                       bool orientationOnly) const {
    const cv::Mat panorama = readInput(pair.panoramaPath, true);
    const cv::Mat tile = readInput(pair.satellitePath, false);
    Augmentation a = augmentationSeed ? Augmentation::draw(*augmentationSeed, mPreset, tile.cols,
                                                           mLayout, mRotation)
                                      : Augmentation();
    if (orientationOnly)
        a.satelliteCropSide = 0;
    // Colour and map planes go straight into the batch: no interleaved 5-channel copy.
    namingFile(pair.panoramaPath, [&] {
        copyPlanes(groundPlanes(panorama, a.panoramaShift), ground, n);
        return 0;
    });
    namingFile(pair.satellitePath, [&] {
        copyPlanes(satellitePlanes(tile, a.satelliteCropSide, a.satelliteQuarterTurns), satellite,
                   n);
        return 0;
    });
    return a;
}

void Preprocessor::groundInto(const std::string& panoramaPath, TensorBuffer& ground, size_t n,
                              const uint64_t* orientationSeed) const {
    const cv::Mat panorama = readInput(panoramaPath, true);
    // The shift is the draw's first value, whatever the tile's size (which is not read).
    const int shift =
        orientationSeed
            ? Augmentation::draw(*orientationSeed, mPreset, 0, mLayout, mRotation).panoramaShift
            : 0;
    namingFile(panoramaPath, [&] {
        copyPlanes(groundPlanes(panorama, shift), ground, n);
        return 0;
    });
}

void Preprocessor::satelliteInto(const std::string& tilePath, TensorBuffer& satellite, size_t n,
                                 const uint64_t* orientationSeed) const {
    const cv::Mat tile = readInput(tilePath, false);
    const int turns = orientationSeed ? Augmentation::draw(*orientationSeed, mPreset, tile.cols,
                                                           mLayout, mRotation)
                                            .satelliteQuarterTurns
                                      : 0;
    namingFile(tilePath, [&] {
        copyPlanes(satellitePlanes(tile, 0, turns), satellite, n);
        return 0;
    });
}

void Preprocessor::copyPlanes(const ImageWithMap& planes, TensorBuffer& buffer, size_t n) const {
    const int64_t c = buffer.shape[1], h = buffer.shape[2], w = buffer.shape[3];
    if (c != channels() || planes.image.rows != h || planes.image.cols != w ||
        static_cast<int64_t>(n) >= buffer.shape[0] || buffer.data.size() < buffer.count())
        throw Error("preprocessed image " + std::to_string(planes.image.cols) + "x" +
                    std::to_string(planes.image.rows) + " does not fit the batch buffer");
    float* base = buffer.data.data() + static_cast<size_t>(n) * c * h * w;
    std::vector<cv::Mat> out;
    for (int64_t k = 0; k < c; ++k)
        out.emplace_back(static_cast<int>(h), static_cast<int>(w), CV_32F, base + k * h * w);
    cv::split(planes.image, out.data());
    if (mOrientation == OrientationMode::Input)
        cv::split(planes.map, out.data() + 3);
}

void Preprocessor::copyToBuffer(const cv::Mat& image, TensorBuffer& buffer, size_t n) {
    const int64_t c = buffer.shape[1], h = buffer.shape[2], w = buffer.shape[3];
    if (image.depth() != CV_32F || image.channels() != c || image.rows != h || image.cols != w ||
        static_cast<int64_t>(n) >= buffer.shape[0] || buffer.data.size() < buffer.count())
        throw Error("preprocessed image " + std::to_string(image.cols) + "x" +
                    std::to_string(image.rows) + "x" + std::to_string(image.channels()) +
                    " does not fit the batch buffer");
    float* base = buffer.data.data() + static_cast<size_t>(n) * c * h * w;
    std::vector<cv::Mat> planes;
    for (int64_t k = 0; k < c; ++k)
        planes.emplace_back(static_cast<int>(h), static_cast<int>(w), CV_32F, base + k * h * w);
    // split() writes straight into the planes: they already have the right size and type.
    cv::split(image, planes.data());
}

} // namespace orinet
