#include "geo/geotiff.h"

#include "common/error.h"
#include "common/feedback.h"
#include "common/outputtarget.h"
#include "geo/gdalsupport_p.h"

#include <cpl_conv.h>
#include <cpl_string.h>
#include <gdal_priv.h>
#include <ogr_spatialref.h>

#include <cmath>
#include <cstdio>
#include <memory>
#include <mutex>
#include <unistd.h>
#include <vector>

namespace orinet {

namespace {

struct DatasetCloser {
    void operator()(GDALDataset* d) const { GDALClose(d); }
};
using DatasetPtr = std::unique_ptr<GDALDataset, DatasetCloser>;

struct OptionList {
    char** list = nullptr;
    ~OptionList() { CSLDestroy(list); }
    void set(const char* key, const char* value) { list = CSLSetNameValue(list, key, value); }
};

int overviewProgress(double, const char*, void* data) {
    const auto* feedback = static_cast<const Feedback*>(data);
    return feedback && feedback->isCanceled() ? FALSE : TRUE;
}

} // namespace

void GeoTiff::write(const std::string& path, const cv::Mat& pixels, const GeoTransform& transform,
                    int epsg, const Feedback* feedback) {
    writeWithSrs(path, pixels, transform, "EPSG:" + std::to_string(epsg),
                 "EPSG:" + std::to_string(epsg), feedback, std::nullopt);
}

void GeoTiff::write(const std::string& path, const cv::Mat& pixels, const GeoTransform& transform,
                    const Crs& crs, const Feedback* feedback, std::optional<double> noData) {
    if (!crs.isValid())
        throw Error(path, "cannot write a GeoTIFF without a coordinate reference system");
    writeWithSrs(path, pixels, transform, crs.wkt(), crs.label(), feedback, noData);
}

void GeoTiff::writeWithSrs(const std::string& path, const cv::Mat& pixels,
                           const GeoTransform& transform, const std::string& srsText,
                           const std::string& srsLabel, const Feedback* feedback,
                           std::optional<double> noData) {
    gdal::registerDrivers();
    const gdal::QuietErrors quiet;
    GDALDataType type = GDT_Byte;
    if (pixels.type() == CV_32FC1)
        type = GDT_Float32;
    else if (pixels.type() != CV_8UC3 && pixels.type() != CV_8UC1)
        throw Error(path, "GeoTIFF writer supports 8-bit 1/3-channel and float images only");
    if (pixels.empty())
        throw Error(path, "cannot write an empty raster");
    OutputTarget::checkFile(path, OutputTarget::tiff());
    const int bands = pixels.channels();
    GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GTiff");
    if (!driver)
        throw Error(path, "GDAL has no GTiff driver");

    OptionList options;
    options.set("TILED", "YES");
    options.set("COMPRESS", "DEFLATE");
    options.set("BIGTIFF", "IF_SAFER");
    if (bands == 3) {
        options.set("PHOTOMETRIC", "RGB");
        options.set("INTERLEAVE", "PIXEL");
    }
    if (type == GDT_Float32)
        options.set("PREDICTOR", "3");

    // Written beside the target and renamed at the end: a half-written world never replaces a
    // good one.
    const std::string temp = path + ".tmp-" + std::to_string(::getpid()) + ".tif";
    {
        DatasetPtr ds(
            driver->Create(temp.c_str(), pixels.cols, pixels.rows, bands, type, options.list));
        if (!ds)
            throw Error(path, "cannot create GeoTIFF: " + gdal::lastError());
        double gt[6] = {
            transform.originEasting, transform.pixelSize, 0.0, transform.originNorthing, 0.0,
            -transform.pixelSize};
        OGRSpatialReference srs;
        if (ds->SetGeoTransform(gt) != CE_None ||
            srs.SetFromUserInput(srsText.c_str()) != OGRERR_NONE ||
            ds->SetSpatialRef(&srs) != CE_None) {
            ds.reset();
            std::remove(temp.c_str());
            throw Error(path, "cannot set georeferencing (" + srsLabel + "): " + gdal::lastError());
        }
        if (noData)
            for (int b = 1; b <= bands; ++b)
                ds->GetRasterBand(b)->SetNoDataValue(*noData);
        if (bands == 3)
            for (int b = 1; b <= 3; ++b)
                ds->GetRasterBand(b)->SetColorInterpretation(
                    static_cast<GDALColorInterp>(GCI_RedBand + b - 1));
        const cv::Mat data = pixels.isContinuous() ? pixels : pixels.clone();
        // OpenCV holds BGR; bandMap reads channel 2 into band 1 (red) and so on.
        int bandMap[3] = {3, 2, 1};
        if (bands == 1)
            bandMap[0] = 1;
        const int elementSize = static_cast<int>(data.elemSize1());
        CPLErr err = ds->RasterIO(GF_Write, 0, 0, data.cols, data.rows,
                                  const_cast<uchar*>(data.data), data.cols, data.rows, type, bands,
                                  bandMap, static_cast<GSpacing>(elementSize) * bands,
                                  static_cast<GSpacing>(data.step[0]), elementSize);
        if (err != CE_None) {
            ds.reset();
            std::remove(temp.c_str());
            throw Error(path, "cannot write pixels (disk full?): " + gdal::lastError());
        }
        std::vector<int> levels;
        for (int f = 2; std::min(pixels.cols, pixels.rows) / f >= 64; f *= 2)
            levels.push_back(f);
        if (!levels.empty() && ds->BuildOverviews("AVERAGE", static_cast<int>(levels.size()),
                                                  levels.data(), 0, nullptr, overviewProgress,
                                                  const_cast<Feedback*>(feedback)) != CE_None) {
            ds.reset();
            std::remove(temp.c_str());
            if (feedback)
                feedback->checkCanceled();
            throw Error(path, "cannot build overviews: " + gdal::lastError());
        }
        ds->FlushCache();
    } // GDALClose writes the remaining tiles and the directory
    if (std::rename(temp.c_str(), path.c_str()) != 0) {
        std::remove(temp.c_str());
        throw Error(path, "cannot replace file");
    }
}

GeoRaster GeoTiff::read(const std::string& path, int overview) {
    return readScaled(path, overview, 0);
}

GeoRaster GeoTiff::readPreview(const std::string& path, int maxSide) {
    if (maxSide < 1)
        throw Error(path, "preview size must be positive");
    return readScaled(path, -1, maxSide);
}

GeoRaster GeoTiff::readScaled(const std::string& path, int overview, int maxSide) {
    gdal::registerDrivers();
    const gdal::QuietErrors quiet;
    DatasetPtr ds(static_cast<GDALDataset*>(GDALOpen(path.c_str(), GA_ReadOnly)));
    if (!ds)
        throw Error(path, "cannot open as a raster: " + gdal::lastError());
    const int bands = ds->GetRasterCount();
    if (bands != 1 && bands != 3 && bands != 4)
        throw Error(path, "expected 1 or 3 bands, found " + std::to_string(bands));
    GDALRasterBand* first = ds->GetRasterBand(1);
    const GDALDataType type = first->GetRasterDataType();
    if (type != GDT_Byte && type != GDT_Float32)
        throw Error(path, "unsupported pixel type " + std::string(GDALGetDataTypeName(type)));

    GeoRaster out;
    out.overviewCount = first->GetOverviewCount();
    double gt[6] = {0, 1, 0, 0, 0, -1};
    if (ds->GetGeoTransform(gt) != CE_None)
        throw Error(path, "has no georeferencing (geotransform)");
    out.rotated = gt[2] != 0.0 || gt[4] != 0.0 || std::abs(gt[1] + gt[5]) > 1e-9 * gt[1];
    out.transform = {gt[0], gt[3], gt[1]};
    if (const OGRSpatialReference* srs = ds->GetSpatialRef()) {
        OGRSpatialReference copy(*srs);
        copy.AutoIdentifyEPSG();
        if (const char* code = copy.GetAuthorityCode(nullptr))
            out.epsg = std::atoi(code);
    }

    const int useBands = bands == 1 ? 1 : 3;
    int cols = ds->GetRasterXSize();
    int rows = ds->GetRasterYSize();
    if (overview >= 0) {
        if (overview >= out.overviewCount)
            throw Error(path, "has no overview " + std::to_string(overview));
        GDALRasterBand* o = first->GetOverview(overview);
        out.transform.pixelSize *= static_cast<double>(cols) / o->GetXSize();
        cols = o->GetXSize();
        rows = o->GetYSize();
    }
    int outCols = cols, outRows = rows;
    if (maxSide > 0 && std::max(cols, rows) > maxSide) {
        const double scale = static_cast<double>(std::max(cols, rows)) / maxSide;
        outCols = std::max(1, static_cast<int>(cols / scale));
        outRows = std::max(1, static_cast<int>(rows / scale));
        out.transform.pixelSize *= static_cast<double>(cols) / outCols;
    }
    GDALRasterIOExtraArg extra;
    INIT_RASTERIO_EXTRA_ARG(extra);
    extra.eResampleAlg = GRIORA_Average;
    const int cvType =
        type == GDT_Float32 ? CV_MAKETYPE(CV_32F, useBands) : CV_MAKETYPE(CV_8U, useBands);
    out.pixels.create(outRows, outCols, cvType);
    const int elementSize = static_cast<int>(out.pixels.elemSize1());
    for (int b = 0; b < useBands; ++b) {
        GDALRasterBand* band = ds->GetRasterBand(useBands == 3 ? 3 - b : 1); // BGR order
        if (overview >= 0)
            band = band->GetOverview(overview);
        if (band->RasterIO(GF_Read, 0, 0, cols, rows, out.pixels.data + b * elementSize, outCols,
                           outRows, type, static_cast<GSpacing>(elementSize) * useBands,
                           static_cast<GSpacing>(out.pixels.step[0]), &extra) != CE_None)
            throw Error(path, "cannot read pixels: " + gdal::lastError());
    }
    return out;
}

} // namespace orinet
