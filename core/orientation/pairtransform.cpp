#include "orientation/pairtransform.h"

#include "common/error.h"

#include <opencv2/imgproc.hpp>

namespace orinet {

namespace {

void requireSameSize(const ImageWithMap& in) {
    if (in.image.size() != in.map.size())
        throw Error("image and orientation map differ in size (" + std::to_string(in.image.cols) +
                    "x" + std::to_string(in.image.rows) + " vs " + std::to_string(in.map.cols) +
                    "x" + std::to_string(in.map.rows) + ")");
}

cv::Mat rollColumns(const cv::Mat& m, int columns) {
    const int w = m.cols;
    const int k = ((columns % w) + w) % w;
    if (k == 0)
        return m.clone();
    cv::Mat out(m.size(), m.type());
    // Column c moves to (c + k) mod w.
    m.colRange(0, w - k).copyTo(out.colRange(k, w));
    m.colRange(w - k, w).copyTo(out.colRange(0, k));
    return out;
}

cv::Mat rotate(const cv::Mat& m, int quarterTurns) {
    switch (((quarterTurns % 4) + 4) % 4) {
    case 1: {
        cv::Mat out;
        cv::rotate(m, out, cv::ROTATE_90_CLOCKWISE);
        return out;
    }
    case 2: {
        cv::Mat out;
        cv::rotate(m, out, cv::ROTATE_180);
        return out;
    }
    case 3: {
        cv::Mat out;
        cv::rotate(m, out, cv::ROTATE_90_COUNTERCLOCKWISE);
        return out;
    }
    default:
        return m.clone();
    }
}

} // namespace

ImageWithMap shiftColumns(const ImageWithMap& in, int columns) {
    requireSameSize(in);
    return {rollColumns(in.image, columns), rollColumns(in.map, columns)};
}

ImageWithMap rotateQuarterTurns(const ImageWithMap& in, int quarterTurns) {
    requireSameSize(in);
    return {rotate(in.image, quarterTurns), rotate(in.map, quarterTurns)};
}

ImageWithMap centredCropResize(const ImageWithMap& in, int side, cv::Size target,
                               int imageInterpolation) {
    requireSameSize(in);
    if (side < 1 || side > std::min(in.image.cols, in.image.rows))
        throw Error("crop side " + std::to_string(side) + " does not fit a " +
                    std::to_string(in.image.cols) + "x" + std::to_string(in.image.rows) + " image");
    const cv::Rect roi((in.image.cols - side) / 2, (in.image.rows - side) / 2, side, side);
    ImageWithMap out;
    cv::resize(in.image(roi), out.image, target, 0, 0, imageInterpolation);
    cv::resize(in.map(roi), out.map, target, 0, 0, cv::INTER_LINEAR);
    return out;
}

cv::Mat cropMiddleHalfRows(const cv::Mat& mat) {
    const int first = mat.rows / 4;
    return mat.rowRange(first, first + mat.rows / 2).clone();
}

} // namespace orinet
