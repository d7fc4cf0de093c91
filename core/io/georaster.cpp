#include "io/georaster.h"

#include "common/error.h"

#include <gdal_priv.h>
#include <ogr_spatialref.h>
#include <opencv2/core.hpp>

#include <mutex>

namespace orinet {

struct GeoRaster::Handle {
    GDALDataset* dataset = nullptr;
    ~Handle() {
        if (dataset)
            GDALClose(dataset);
    }
};

cv::Point2d GeoTransform::toProjected(cv::Point2d p) const {
    return {originX + p.x * pixelWidth + p.y * rowRotation,
            originY + p.x * colRotation + p.y * pixelHeight};
}

cv::Point2d GeoTransform::toPixel(cv::Point2d p) const {
    return {(p.x - originX) / pixelWidth, (p.y - originY) / pixelHeight};
}

GeoRaster::~GeoRaster() = default;
GeoRaster::GeoRaster(GeoRaster&&) noexcept = default;
GeoRaster& GeoRaster::operator=(GeoRaster&&) noexcept = default;

GeoRaster GeoRaster::open(const std::string& path) {
    static std::once_flag registered;
    std::call_once(registered, [] { GDALAllRegister(); });
    GeoRaster raster;
    raster.mPath = path;
    raster.mHandle = std::make_unique<Handle>();
    CPLPushErrorHandler(CPLQuietErrorHandler);
    raster.mHandle->dataset = GDALDataset::FromHandle(GDALOpen(path.c_str(), GA_ReadOnly));
    CPLPopErrorHandler();
    if (!raster.mHandle->dataset)
        throw Error(path, std::string("cannot open raster: ") + CPLGetLastErrorMsg());
    if (raster.bandCount() < 1)
        throw Error(path, "raster has no bands");
    return raster;
}

int GeoRaster::width() const {
    return mHandle->dataset->GetRasterXSize();
}

int GeoRaster::height() const {
    return mHandle->dataset->GetRasterYSize();
}

int GeoRaster::bandCount() const {
    return mHandle->dataset->GetRasterCount();
}

int GeoRaster::overviewCount() const {
    return mHandle->dataset->GetRasterBand(1)->GetOverviewCount();
}

GeoTransform GeoRaster::transform() const {
    double gt[6];
    if (mHandle->dataset->GetGeoTransform(gt) != CE_None)
        throw Error(mPath, "raster has no geotransform (not georeferenced)");
    return {gt[0], gt[1], gt[2], gt[3], gt[4], gt[5]};
}

int GeoRaster::epsg() const {
    const OGRSpatialReference* srs = mHandle->dataset->GetSpatialRef();
    if (!srs)
        return 0;
    OGRSpatialReference copy(*srs);
    copy.AutoIdentifyEPSG();
    const char* code = copy.GetAuthorityCode(nullptr);
    return code ? std::atoi(code) : 0;
}

cv::Mat GeoRaster::readPreview(int maxSide) const {
    const double scale = std::max(1.0, std::max(width(), height()) / double(std::max(1, maxSide)));
    const cv::Size size(std::max(1, int(width() / scale)), std::max(1, int(height() / scale)));
    return readWindow(cv::Rect(0, 0, width(), height()), size);
}

cv::Mat GeoRaster::readWindow(const cv::Rect& window, const cv::Size& size) const {
    if (window.x < 0 || window.y < 0 || window.x + window.width > width() ||
        window.y + window.height > height() || window.width < 1 || window.height < 1)
        throw Error(mPath, "requested window lies outside the raster");
    const int bands = std::min(bandCount(), 3);
    // GDAL wants band-sequential planes; read RGB (or grey) as bytes, then merge to BGR.
    std::vector<cv::Mat> planes;
    for (int b = 0; b < bands; ++b) {
        cv::Mat plane(size, CV_8UC1);
        GDALRasterIOExtraArg extra;
        INIT_RASTERIO_EXTRA_ARG(extra);
        extra.eResampleAlg = GRIORA_Average;
        if (mHandle->dataset->GetRasterBand(b + 1)->RasterIO(
                GF_Read, window.x, window.y, window.width, window.height, plane.data, size.width,
                size.height, GDT_Byte, 0, static_cast<GSpacing>(plane.step), &extra) != CE_None)
            throw Error(mPath, std::string("read failed: ") + CPLGetLastErrorMsg());
        planes.push_back(plane);
    }
    if (bands == 1)
        planes = {planes[0], planes[0], planes[0]};
    else if (bands == 2)
        planes = {planes[0], planes[0], planes[0]};
    std::swap(planes[0], planes[2]); // RGB → BGR
    cv::Mat out;
    cv::merge(planes, out);
    return out;
}

} // namespace orinet
