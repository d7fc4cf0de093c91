#include "geo/rastersource.h"

#include "common/error.h"
#include "geo/gdalsupport_p.h"

#include <gdal_priv.h>
#include <ogr_spatialref.h>

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>
#include <mutex>
#include <vector>

namespace orinet {

namespace {

int ceilDiv(int a, int b) {
    return (a + b - 1) / b;
}

} // namespace

struct RasterSource::HandlePool {
    std::string path;
    std::mutex mutex;
    std::vector<GDALDataset*> free;

    ~HandlePool() {
        for (GDALDataset* d : free)
            GDALClose(d);
    }
    GDALDataset* acquire() {
        {
            std::lock_guard<std::mutex> lock(mutex);
            if (!free.empty()) {
                GDALDataset* d = free.back();
                free.pop_back();
                return d;
            }
        }
        auto* d = static_cast<GDALDataset*>(
            GDALOpenEx(path.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY, nullptr, nullptr, nullptr));
        if (!d)
            throw Error(path, "cannot open as a raster: " + gdal::lastError());
        return d;
    }
    void release(GDALDataset* d) {
        std::lock_guard<std::mutex> lock(mutex);
        free.push_back(d);
    }
};

//! A pooled dataset handle for the duration of one call.
struct RasterSource::Handle {
    HandlePool& pool;
    GDALDataset* dataset;
    explicit Handle(HandlePool& p)
        : pool(p)
        , dataset(p.acquire()) {}
    ~Handle() { pool.release(dataset); }
    Handle(const Handle&) = delete;
    Handle& operator=(const Handle&) = delete;
};

std::shared_ptr<const RasterSource> RasterSource::open(const std::string& path) {
    return std::shared_ptr<const RasterSource>(new RasterSource(path));
}

RasterSource::RasterSource(const std::string& path)
    : mPath(path)
    , mPool(std::make_unique<HandlePool>()) {
    gdal::registerDrivers();
    const gdal::QuietErrors quiet;
    mPool->path = path;
    const Handle handle(*mPool);
    GDALDataset* ds = handle.dataset;
    mWidth = ds->GetRasterXSize();
    mHeight = ds->GetRasterYSize();
    mBands = ds->GetRasterCount();
    if (mBands < 1 || mWidth < 1 || mHeight < 1)
        throw Error(path, "has no raster bands");
    GDALRasterBand* first = ds->GetRasterBand(1);
    const GDALDataType type = first->GetRasterDataType();
    mDataType = GDALGetDataTypeName(type);
    if (GDALDataTypeIsComplex(type))
        throw Error(path, "complex-valued rasters (" + mDataType + ") cannot be drawn");
    mByte = type == GDT_Byte;
    mOverviews = first->GetOverviewCount();

    double gt[6] = {0, 1, 0, 0, 0, 1};
    if (ds->GetGeoTransform(gt) != CE_None)
        throw Error(path, "has no georeferencing (no geotransform): the map cannot place it. "
                          "Georeference it in a GIS (e.g. gdal_translate -a_ullr -a_srs) first");
    if (gt[2] != 0.0 || gt[4] != 0.0)
        throw Error(path, "is rotated or sheared (its geotransform is not north-up); only "
                          "north-up rasters are drawn: straighten it with gdalwarp");
    if (!(gt[1] > 0) || !(gt[5] < 0))
        throw Error(path, "has a geotransform with flipped or zero pixel size (" +
                              std::to_string(gt[1]) + ", " + std::to_string(gt[5]) +
                              "); only north-up rasters are drawn: rewrite it with gdalwarp");
    mOriginX = gt[0];
    mOriginY = gt[3];
    mPixelWidth = gt[1];
    mPixelHeight = -gt[5];

    const OGRSpatialReference* srs = ds->GetSpatialRef();
    if (!srs || srs->IsEmpty())
        throw Error(path, "has no coordinate reference system, so positions cannot be placed "
                          "on it; assign one (e.g. gdal_edit.py -a_srs EPSG:32755)");
    char* wkt = nullptr;
    const char* options[] = {"FORMAT=WKT2_2019", nullptr};
    srs->exportToWkt(&wkt, options);
    const std::string text = wkt ? wkt : "";
    CPLFree(wkt);
    try {
        mCrs = Crs::fromUserInput(text);
    } catch (const Error& e) {
        throw Error(path,
                    std::string("has a coordinate reference system PROJ cannot use: ") + e.what());
    }

    if (mBands == 1 && mByte && first->GetColorInterpretation() == GCI_PaletteIndex) {
        if (const GDALColorTable* table = first->GetColorTable()) {
            mPalette = true;
            mColourTable.assign(256, cv::Vec4b(0, 0, 0, 255));
            for (int i = 0; i < std::min(256, table->GetColorEntryCount()); ++i) {
                const GDALColorEntry* e = table->GetColorEntry(i);
                mColourTable[static_cast<size_t>(i)] =
                    cv::Vec4b(static_cast<uchar>(e->c3), static_cast<uchar>(e->c2),
                              static_cast<uchar>(e->c1), static_cast<uchar>(e->c4));
            }
        }
    }

    if (!mByte) {
        // Stretch from the values of a small overview read, not GDAL's GetStatistics: that one
        // may write a .aux.xml beside the user's file.
        const int display = mBands >= 3 ? 3 : 1;
        mStretch.assign(static_cast<size_t>(display), Statistics{});
        const int level = std::max(0, levelCount(512) - 1);
        const cv::Size size = levelSize(level);
        cv::Mat values(size, CV_MAKETYPE(CV_32F, display));
        const int bandOrder[3] = {3, 2, 1};
        for (int b = 0; b < display; ++b) {
            GDALRasterBand* band = ds->GetRasterBand(display == 3 ? bandOrder[b] : 1);
            GDALRasterIOExtraArg extra;
            INIT_RASTERIO_EXTRA_ARG(extra);
            extra.eResampleAlg = GRIORA_Average;
            if (band->RasterIO(GF_Read, 0, 0, mWidth, mHeight, values.ptr<float>() + b, size.width,
                               size.height, GDT_Float32,
                               static_cast<GSpacing>(sizeof(float)) * display,
                               static_cast<GSpacing>(values.step[0]), &extra) != CE_None)
                throw Error(path, "cannot read pixels: " + gdal::lastError());
        }
        int hasNoData = 0;
        const double noData = first->GetNoDataValue(&hasNoData);
        for (int b = 0; b < display; ++b) {
            cv::Mat channel;
            cv::extractChannel(values, channel, b);
            cv::Mat valid = channel == channel; // NaN compares unequal
            if (hasNoData)
                valid &= channel != noData;
            cv::Scalar mean, deviation;
            cv::meanStdDev(channel, mean, deviation, valid);
            double low = mean[0] - 2.5 * deviation[0], high = mean[0] + 2.5 * deviation[0];
            double minimum = 0, maximum = 0;
            cv::minMaxLoc(channel, &minimum, &maximum, nullptr, nullptr, valid);
            low = std::max(low, minimum);
            high = std::min(high, maximum);
            if (!(high > low))
                high = low + 1;
            mStretch[static_cast<size_t>(b)] = {low, 255.0 / (high - low)};
        }
    }
}

RasterSource::~RasterSource() = default;

cv::Point2d RasterSource::pixelToMap(const cv::Point2d& pixel) const {
    return {mOriginX + pixel.x * mPixelWidth, mOriginY - pixel.y * mPixelHeight};
}

cv::Point2d RasterSource::mapToPixel(const cv::Point2d& map) const {
    return {(map.x - mOriginX) / mPixelWidth, (mOriginY - map.y) / mPixelHeight};
}

cv::Rect2d RasterSource::extent() const {
    return {mOriginX, mOriginY - mHeight * mPixelHeight, mWidth * mPixelWidth,
            mHeight * mPixelHeight};
}

int RasterSource::levelCount(int tileSize) const {
    int levels = 1;
    while (std::max(mWidth, mHeight) > (static_cast<int64_t>(tileSize) << (levels - 1)) &&
           levels < 30)
        ++levels;
    return levels;
}

cv::Size RasterSource::levelSize(int level) const {
    const int f = 1 << level;
    return {ceilDiv(mWidth, f), ceilDiv(mHeight, f)};
}

cv::Mat RasterSource::readDisplayTile(int level, int tileX, int tileY, int tileSize) const {
    if (level < 0 || level >= 30 || tileSize < 1)
        throw Error(mPath, "invalid display tile level " + std::to_string(level));
    const cv::Size size = levelSize(level);
    const cv::Rect window = cv::Rect(tileX * tileSize, tileY * tileSize, tileSize, tileSize) &
                            cv::Rect(0, 0, size.width, size.height);
    if (window.empty())
        throw Error(mPath, "display tile " + std::to_string(tileX) + "," + std::to_string(tileY) +
                               " of level " + std::to_string(level) + " lies outside the raster");
    return readLevel(level, window);
}

cv::Mat RasterSource::readLevel(int level, const cv::Rect& window) const {
    const gdal::QuietErrors quiet;
    const Handle handle(*mPool);
    GDALDataset* ds = handle.dataset;
    const int f = 1 << level;
    const int display = mBands >= 3 ? 3 : 1;
    const int bandOrder[3] = {3, 2, 1}; // OpenCV's BGR from GDAL's R, G, B bands
    const GDALDataType type = mByte ? GDT_Byte : GDT_Float32;
    const int elementSize = mByte ? 1 : 4;
    cv::Mat bands(window.size(), CV_MAKETYPE(mByte ? CV_8U : CV_32F, display));

    // The window in level-0 pixels; GDAL's overviews round their size up, so the last
    // row/column of a level covers fewer level-0 pixels.
    const cv::Rect base =
        cv::Rect(window.x * f, window.y * f, window.width * f, window.height * f) &
        cv::Rect(0, 0, mWidth, mHeight);
    auto overviewOf = [&](GDALRasterBand* band) -> GDALRasterBand* {
        if (level == 0)
            return band;
        const cv::Size size = levelSize(level);
        for (int i = 0; i < band->GetOverviewCount(); ++i) {
            GDALRasterBand* o = band->GetOverview(i);
            if (o && o->GetXSize() == size.width && o->GetYSize() == size.height)
                return o;
        }
        return nullptr;
    };
    GDALRasterIOExtraArg extra;
    INIT_RASTERIO_EXTRA_ARG(extra);
    extra.eResampleAlg = GRIORA_Average;
    auto read = [&](GDALRasterBand* band, void* data, GSpacing pixelSpace, GSpacing lineSpace,
                    GDALDataType bufferType) {
        // The matching overview gives the stored pixels exactly; without one GDAL averages the
        // full-resolution window (slow for big rasters without overviews, but correct).
        GDALRasterBand* level = overviewOf(band);
        const CPLErr err = level ? level->RasterIO(GF_Read, window.x, window.y, window.width,
                                                   window.height, data, window.width, window.height,
                                                   bufferType, pixelSpace, lineSpace, &extra)
                                 : band->RasterIO(GF_Read, base.x, base.y, base.width, base.height,
                                                  data, window.width, window.height, bufferType,
                                                  pixelSpace, lineSpace, &extra);
        if (err != CE_None)
            throw Error(mPath, "cannot read pixels: " + gdal::lastError());
    };
    for (int b = 0; b < display; ++b)
        read(ds->GetRasterBand(display == 3 ? bandOrder[b] : 1), bands.data + b * elementSize,
             static_cast<GSpacing>(elementSize) * display, static_cast<GSpacing>(bands.step[0]),
             type);

    cv::Mat valid;
    GDALRasterBand* first = ds->GetRasterBand(1);
    if (!(first->GetMaskFlags() & GMF_ALL_VALID)) {
        valid.create(window.size(), CV_8UC1);
        read(first->GetMaskBand(), valid.data, 1, static_cast<GSpacing>(valid.step[0]), GDT_Byte);
    }
    return toDisplay(bands, valid);
}

cv::Mat RasterSource::toDisplay(const cv::Mat& bands, const cv::Mat& valid) const {
    cv::Mat out(bands.size(), CV_8UC4);
    if (mByte) {
        if (mPalette) {
            for (int y = 0; y < bands.rows; ++y) {
                const uchar* in = bands.ptr<uchar>(y);
                cv::Vec4b* o = out.ptr<cv::Vec4b>(y);
                for (int x = 0; x < bands.cols; ++x)
                    o[x] = mColourTable[in[x]];
            }
        } else {
            cv::cvtColor(bands, out,
                         bands.channels() == 3 ? cv::COLOR_BGR2BGRA : cv::COLOR_GRAY2BGRA);
        }
    } else {
        const int channels = bands.channels();
        for (int y = 0; y < bands.rows; ++y) {
            const float* in = bands.ptr<float>(y);
            cv::Vec4b* o = out.ptr<cv::Vec4b>(y);
            for (int x = 0; x < bands.cols; ++x) {
                uchar v[3] = {0, 0, 0};
                bool finite = true;
                for (int c = 0; c < channels; ++c) {
                    const float value = in[x * channels + c];
                    finite &= std::isfinite(value);
                    const Statistics& s = mStretch[static_cast<size_t>(c)];
                    v[c] = cv::saturate_cast<uchar>((value - s.offset) * s.scale);
                }
                if (channels == 1)
                    v[1] = v[2] = v[0];
                o[x] = finite ? cv::Vec4b(v[0], v[1], v[2], 255) : cv::Vec4b(0, 0, 0, 0);
            }
        }
    }
    if (!valid.empty()) {
        for (int y = 0; y < out.rows; ++y) {
            const uchar* m = valid.ptr<uchar>(y);
            cv::Vec4b* o = out.ptr<cv::Vec4b>(y);
            for (int x = 0; x < out.cols; ++x)
                if (m[x] < 128)
                    o[x] = cv::Vec4b(0, 0, 0, 0);
        }
    }
    return out;
}

cv::Mat RasterSource::cutTile(const cv::Point2d& centre, int size, double footprint) const {
    if (size < 1 || !(footprint > 0))
        throw Error(mPath, "a cut tile needs a positive size and footprint");
    // Source pixels per tile pixel, per axis; tile pixel i lies at c + s·(i − (size−1)/2).
    const double sx = footprint / size / mPixelWidth;
    const double sy = footprint / size / mPixelHeight;
    const cv::Point2d c = mapToPixel(centre) - cv::Point2d(0.5, 0.5);
    const double half = (size - 1) / 2.0;
    return resample(sx, c.x - sx * half, sy, c.y - sy * half, cv::Size(size, size));
}

cv::Mat RasterSource::readRegion(const cv::Rect2d& map, cv::Size size) const {
    if (size.width < 1 || size.height < 1 || !(map.width > 0) || !(map.height > 0))
        throw Error(mPath, "a region needs a positive size and extent");
    const double sx = map.width / size.width / mPixelWidth;
    const double sy = map.height / size.height / mPixelHeight;
    // Output pixel i's centre is (i + 0.5) output pixels from the region's west/north edge.
    const cv::Point2d corner = mapToPixel({map.x, map.y + map.height});
    return resample(sx, corner.x + 0.5 * sx - 0.5, sy, corner.y + 0.5 * sy - 0.5, size);
}

cv::Mat RasterSource::resample(double ax, double bx, double ay, double by, cv::Size size) const {
    // The finest level that is at most 2x finer than the output, as the synthetic world's
    // tiles are cut (TownMap::tile).
    int level = 0;
    const int levels = levelCount(1);
    while (std::min(ax, ay) / (1 << level) >= 2.0 && level + 1 < levels)
        ++level;
    const double f = 1 << level;
    // level-L coordinate of level-0 coordinate x is (x + 0.5) / 2^L - 0.5
    const double lax = ax / f, lbx = (bx + 0.5) / f - 0.5;
    const double lay = ay / f, lby = (by + 0.5) / f - 0.5;
    const cv::Size levelExtent = levelSize(level);
    const int x0 = static_cast<int>(std::floor(lbx)) - 1;
    const int y0 = static_cast<int>(std::floor(lby)) - 1;
    const int x1 = static_cast<int>(std::ceil(lbx + lax * (size.width - 1))) + 2;
    const int y1 = static_cast<int>(std::ceil(lby + lay * (size.height - 1))) + 2;
    const cv::Rect window =
        cv::Rect(x0, y0, x1 - x0, y1 - y0) & cv::Rect(0, 0, levelExtent.width, levelExtent.height);
    cv::Mat out(size, CV_8UC3, cv::Scalar::all(0));
    if (window.empty())
        return out;
    cv::Mat bgr;
    cv::cvtColor(readLevel(level, window), bgr, cv::COLOR_BGRA2BGR);
    const cv::Matx23d inverse(lax, 0, lbx - window.x, 0, lay, lby - window.y);
    cv::warpAffine(bgr, out, inverse, size, cv::INTER_LINEAR | cv::WARP_INVERSE_MAP,
                   cv::BORDER_CONSTANT, cv::Scalar());
    return out;
}

} // namespace orinet
