// The Map workspace at scale: a generated 20,000 x 20,000 px RGB GeoTIFF (JPEG-compressed
// tiles, overviews down to ~80 px, like a real orthophoto) under 100,000 pair markers, drawn by
// the real MapCanvas, RasterLayer, TileCache and MarkerLayer in a 1280 x 800 view.
//
//   bench_map [--raster PATH] [--side 20000] [--markers 100000] [--frames 150]
//
// Measures: opening the raster; time to first paint (the first frame, drawn before any tile
// is read) and to the first complete paint (every visible tile read); frame time while
// panning 8 px per frame at four zooms (whole raster, 4 m/px, 1 m/px, 0.25 m/px magnified),
// with the share of frames that still showed a coarser level while tiles were read, and the
// marker layer's share of the frame; marker hit-testing. The raster is generated once (kept at
// PATH, default /tmp) and read warm from the OS page cache afterwards. Runs offscreen.

#include "annotationlayer.h"
#include "benchsupport.h"
#include "common/runtimeinfo.h"
#include "geo/rastersource.h"
#include "mapcanvas.h"
#include "markerlayer.h"
#include "rasterlayer.h"
#include "tilecache.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QImage>
#include <QPainter>

#include <cpl_conv.h>
#include <gdal_priv.h>
#include <ogr_spatialref.h>

#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>

using namespace orinet;

namespace {

double msSince(const QElapsedTimer& t) {
    return t.nsecsElapsed() / 1e6;
}

double percentile(std::vector<double> v, double p) {
    if (v.empty())
        return 0;
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, static_cast<size_t>(p * (v.size() - 1) + 0.5))];
}

//! A side x side RGB orthophoto-like GeoTIFF at 0.5 m (UTM 55S): photo-like texture blocks
//! with varying tints under a street grid, JPEG/YCbCr tiles of 256 px, AVERAGE overviews.
void generate(const std::string& path, int side) {
    GDALAllRegister();
    CPLSetConfigOption("COMPRESS_OVERVIEW", "JPEG");
    CPLSetConfigOption("PHOTOMETRIC_OVERVIEW", "YCBCR");
    CPLSetConfigOption("INTERLEAVE_OVERVIEW", "PIXEL");
    GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GTiff");
    char** options = nullptr;
    options = CSLSetNameValue(options, "TILED", "YES");
    options = CSLSetNameValue(options, "COMPRESS", "JPEG");
    options = CSLSetNameValue(options, "PHOTOMETRIC", "YCBCR");
    options = CSLSetNameValue(options, "JPEG_QUALITY", "85");
    options = CSLSetNameValue(options, "BIGTIFF", "IF_SAFER");
    const std::string temp = path + ".tmp.tif";
    GDALDataset* ds = driver->Create(temp.c_str(), side, side, 3, GDT_Byte, options);
    CSLDestroy(options);
    if (!ds) {
        std::fprintf(stderr, "cannot create %s\n", temp.c_str());
        std::exit(1);
    }
    double gt[6] = {690000, 0.5, 0, 6090000, 0, -0.5};
    ds->SetGeoTransform(gt);
    OGRSpatialReference srs;
    srs.importFromEPSG(32755);
    ds->SetSpatialRef(&srs);
    const cv::Mat texture = bench::photoLike(1024, 1024, 5);
    const int band = 256;
    cv::Mat strip(band, side, CV_8UC3);
    for (int y0 = 0; y0 < side; y0 += band) {
        const int rows = std::min(band, side - y0);
        for (int r = 0; r < rows; ++r) {
            const int y = y0 + r;
            auto* out = strip.ptr<cv::Vec3b>(r);
            for (int x = 0; x < side; ++x) {
                const cv::Vec3b t = texture.at<cv::Vec3b>(y & 1023, x & 1023);
                const int block = (x / 1024) * 31 + (y / 1024) * 17;
                const bool street = (x % 240) < 20 || (y % 240) < 20;
                out[x] = street ? cv::Vec3b(90, 90, 95)
                                : cv::Vec3b(cv::saturate_cast<uchar>(t[0] / 2 + block % 40),
                                            cv::saturate_cast<uchar>(t[1] / 2 + 60),
                                            cv::saturate_cast<uchar>(t[2] / 2 + (block * 7) % 50));
            }
        }
        int bandMap[3] = {3, 2, 1}; // BGR → R, G, B bands
        if (ds->RasterIO(GF_Write, 0, y0, side, rows, strip.data, side, rows, GDT_Byte, 3, bandMap,
                         3, static_cast<GSpacing>(strip.step[0]), 1) != CE_None) {
            std::fprintf(stderr, "write failed: %s\n", CPLGetLastErrorMsg());
            std::exit(1);
        }
    }
    std::vector<int> levels;
    for (int f = 2; side / f >= 64; f *= 2)
        levels.push_back(f);
    ds->BuildOverviews("AVERAGE", static_cast<int>(levels.size()), levels.data(), 0, nullptr,
                       nullptr, nullptr);
    GDALClose(ds);
    std::rename(temp.c_str(), path.c_str());
}

struct FrameStats {
    std::vector<double> ms;
    int incomplete = 0;
};

//! Draws one frame like paintEvent does, into an image of the canvas's size.
double drawFrame(MapCanvas& canvas, QImage& image) {
    QElapsedTimer t;
    t.start();
    QPainter painter(&image);
    canvas.renderMap(painter, canvas.viewport());
    painter.end();
    return msSince(t);
}

//! Lets tile reads finish and their results arrive until the view is complete (or `limit`).
double settle(MapCanvas& canvas, RasterLayer& raster, QImage& image, double limitMs = 60000) {
    QElapsedTimer t;
    t.start();
    while (!raster.isComplete(canvas.viewport()) && msSince(t) < limitMs) {
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
        drawFrame(canvas, image);
    }
    drawFrame(canvas, image);
    return msSince(t);
}

} // namespace

int main(int argc, char** argv) {
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    std::string path = "/tmp/orinet-bench-map.tif";
    int side = 20000;
    int markerCount = 100000;
    int frames = 150;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string key = argv[i];
        if (key == "--raster")
            path = argv[i + 1];
        else if (key == "--side")
            side = std::atoi(argv[i + 1]);
        else if (key == "--markers")
            markerCount = std::atoi(argv[i + 1]);
        else if (key == "--frames")
            frames = std::atoi(argv[i + 1]);
    }
    std::printf("bench_map: %s\n", runtime::summary().c_str());
    {
        std::FILE* f = std::fopen("/proc/loadavg", "r");
        char load[64] = {};
        if (f && std::fgets(load, sizeof load, f))
            std::printf("load average at start: %s", load);
        if (f)
            std::fclose(f);
    }

    if (!QFileInfo::exists(QString::fromStdString(path))) {
        QElapsedTimer t;
        t.start();
        std::printf("generating %d x %d GeoTIFF at %s ...\n", side, side, path.c_str());
        std::fflush(stdout);
        generate(path, side);
        std::printf("  generated in %.1f s, %.0f MB\n", msSince(t) / 1000,
                    QFileInfo(QString::fromStdString(path)).size() / 1e6);
    }

    QElapsedTimer open;
    open.start();
    const auto source = RasterSource::open(path);
    const double openMs = msSince(open);
    std::printf("raster: %d x %d px, %d overviews, %s; open %.1f ms\n", source->width(),
                source->height(), source->overviewCount(), source->crs().label().c_str(), openMs);

    // Markers spread over the raster, three splits.
    std::mt19937 rng(7);
    const cv::Rect2d extent = source->extent();
    std::uniform_real_distribution<double> ux(extent.x, extent.x + extent.width);
    std::uniform_real_distribution<double> uy(extent.y, extent.y + extent.height);
    std::vector<QPointF> points(static_cast<size_t>(markerCount));
    std::vector<qint64> ids(points.size());
    std::vector<quint8> categories(points.size());
    for (size_t i = 0; i < points.size(); ++i) {
        points[i] = QPointF(ux(rng), uy(rng));
        ids[i] = static_cast<qint64>(i);
        categories[i] = static_cast<quint8>(i % 3);
    }

    MapCanvas canvas;
    canvas.resize(1280, 800);
    canvas.setCrs(source->crs());
    QImage image(canvas.size(), QImage::Format_ARGB32_Premultiplied);

    QElapsedTimer first;
    first.start();
    auto* raster = new RasterLayer(source, "raster");
    auto* markers = new MarkerLayer("pairs");
    markers->setCategories({{"train", QColor(86, 180, 233)},
                            {"val", QColor(230, 159, 0)},
                            {"test", QColor(204, 121, 167)}});
    QElapsedTimer index;
    index.start();
    markers->setPoints(points, ids, categories);
    const double indexMs = msSince(index);
    canvas.addLayer(raster);
    canvas.addLayer(markers);
    canvas.zoomToAll();
    const double firstFrame = drawFrame(canvas, image);
    const double firstFrameAt = msSince(first);
    settle(canvas, *raster, image);
    const double complete = msSince(first);
    std::printf("markers: %d, index built in %.1f ms\n", markerCount, indexMs);
    std::printf("time to first paint: %.1f ms (frame %.1f ms, drawn before any tile is read)\n",
                firstFrameAt, firstFrame);
    std::printf("time to first complete paint (whole raster, level %d): %.1f ms, %d tiles read\n",
                raster->levelFor(canvas.viewport().unitsPerPixel), complete,
                raster->cache()->readsStarted());

    struct Zoom {
        const char* name;
        double unitsPerPixel;
    };
    const double whole = canvas.viewport().unitsPerPixel;
    // 8 px east and 3 px south per frame, turning back every 50 frames, so the view stays
    // over the raster (and its markers) however many frames are asked for.
    auto panned = [](const MapViewport& start, int frame) {
        const int leg = frame / 50, within = frame % 50;
        const int steps = leg % 2 == 0 ? within : 50 - within;
        return start.centre +
               QPointF(8 * steps * start.unitsPerPixel, -3 * steps * start.unitsPerPixel);
    };
    std::printf("\npanning %d frames of 8 px (median / p95 / max frame ms; frames drawn while "
                "tiles were still read; time to complete after the last frame)\n",
                frames);
    for (const Zoom& zoom : {Zoom{"whole raster", whole}, Zoom{"4 m/px", 4.0}, Zoom{"1 m/px", 1.0},
                             Zoom{"0.25 m/px", 0.25}}) {
        canvas.centreOn(QPointF(extent.x + extent.width * 0.3, extent.y + extent.height * 0.4),
                        zoom.unitsPerPixel * canvas.width());
        settle(canvas, *raster, image);
        const MapViewport start = canvas.viewport();
        FrameStats stats;
        const int readsBefore = raster->cache()->readsStarted();
        int clusteredFrames = 0;
        for (int f = 0; f < frames; ++f) {
            canvas.centreOn(panned(start, f + 1), start.unitsPerPixel * canvas.width());
            stats.incomplete += raster->isComplete(canvas.viewport()) ? 0 : 1;
            stats.ms.push_back(drawFrame(canvas, image));
            clusteredFrames += markers->lastPaintClustered() ? 1 : 0;
            // What the event loop does between frames at 60 Hz: deliver finished tiles.
            QCoreApplication::processEvents(QEventLoop::AllEvents, 1);
        }
        const double tail = settle(canvas, *raster, image);
        // The same path again with the marker layer alone: its share of the frame time.
        std::vector<double> markerMs;
        for (int f = 0; f < frames; ++f) {
            MapViewport v = start;
            v.centre = panned(start, f + 1);
            QElapsedTimer t;
            t.start();
            QPainter painter(&image);
            markers->paint(painter, v);
            painter.end();
            markerMs.push_back(msSince(t));
        }
        std::printf("  %-13s level %d, %3d/%d frames clustered: %6.2f / %6.2f / %6.2f ms (markers "
                    "alone %5.2f / %5.2f ms); %3d frames with coarser tiles; %4d tiles read; "
                    "complete %.0f ms later\n",
                    zoom.name, raster->levelFor(zoom.unitsPerPixel), clusteredFrames, frames,
                    bench::median(stats.ms), percentile(stats.ms, 0.95), percentile(stats.ms, 1.0),
                    bench::median(markerMs), percentile(markerMs, 0.95), stats.incomplete,
                    raster->cache()->readsStarted() - readsBefore, tail);
    }
    std::printf("tile cache: %d tiles, %.1f MiB (bound %.0f MiB)\n", raster->cache()->tileCount(),
                raster->cache()->bytes() / 1048576.0, raster->cache()->maximumBytes() / 1048576.0);

    // Hit-testing: 2000 clicks at random screen points, zoomed out (clusters) and in.
    for (double unitsPerPixel : {whole, 0.5}) {
        canvas.centreOn(QPointF(extent.x + extent.width / 2, extent.y + extent.height / 2),
                        unitsPerPixel * canvas.width());
        std::uniform_real_distribution<double> sx(0, canvas.width()), sy(0, canvas.height());
        std::vector<double> us;
        int hits = 0;
        for (int i = 0; i < 2000; ++i) {
            const QPointF at(sx(rng), sy(rng));
            QElapsedTimer t;
            t.start();
            hits += markers->hitTest(at, canvas.viewport(), 6).has_value() ? 1 : 0;
            us.push_back(t.nsecsElapsed() / 1e3);
        }
        std::printf("hit test at %.2f m/px: median %.1f us, p95 %.1f us (%d of 2000 clicks hit)\n",
                    unitsPerPixel, bench::median(us), percentile(us, 0.95), hits);
    }
    {
        std::FILE* f = std::fopen("/proc/loadavg", "r");
        char load[64] = {};
        if (f && std::fgets(load, sizeof load, f))
            std::printf("load average at end: %s", load);
        if (f)
            std::fclose(f);
    }
    return 0;
}
