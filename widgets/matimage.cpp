#include "matimage.h"

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

namespace orinet::matimage {

QImage fromBgr(const cv::Mat& image) {
    // OpenCV's BGRA byte order is QImage's 32-bit ARGB on little-endian machines: painting
    // RGB32/ARGB32 needs no per-paint conversion, unlike RGBA8888.
    static_assert(Q_BYTE_ORDER == Q_LITTLE_ENDIAN, "BGRA bytes are ARGB32 on little-endian");
    cv::Mat bgra;
    QImage::Format format = QImage::Format_RGB32;
    switch (image.channels()) {
    case 1:
        cv::cvtColor(image, bgra, cv::COLOR_GRAY2BGRA);
        break;
    case 3:
        cv::cvtColor(image, bgra, cv::COLOR_BGR2BGRA);
        break;
    case 4:
        bgra = image;
        format = QImage::Format_ARGB32;
        break;
    default:
        return {};
    }
    return QImage(bgra.data, bgra.cols, bgra.rows, static_cast<int>(bgra.step), format).copy();
}

QImage read(const std::string& path) {
    const cv::Mat image = cv::imread(path, cv::IMREAD_COLOR);
    return image.empty() ? QImage() : fromBgr(image);
}

} // namespace orinet::matimage
