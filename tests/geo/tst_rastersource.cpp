#include "common/error.h"
#include "geo/coordinatetransform.h"
#include "geo/geotiff.h"
#include "geo/rastersource.h"
#include "geo/utmconverter.h"
#include "synth/townmap.h"

#include <QTemporaryDir>
#include <QtTest>
#include <gdal_priv.h>
#include <ogr_spatialref.h>

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include <fstream>

using namespace orinet;

namespace {

//! Writes a small GeoTIFF with GDAL directly, for the broken cases GeoTiff::write never makes.
void writeRaw(const std::string& path, const double* geotransform, const char* srs,
              GDALDataType type = GDT_Byte, int bands = 1) {
    GDALAllRegister();
    GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GTiff");
    GDALDataset* ds = driver->Create(path.c_str(), 32, 32, bands, type, nullptr);
    QVERIFY(ds);
    if (geotransform)
        ds->SetGeoTransform(const_cast<double*>(geotransform));
    if (srs) {
        OGRSpatialReference ref;
        ref.SetFromUserInput(srs);
        ds->SetSpatialRef(&ref);
    }
    GDALClose(ds);
}

QString errorOf(const std::string& path) {
    try {
        RasterSource::open(path);
    } catch (const Error& e) {
        return QString::fromUtf8(e.what());
    }
    return {};
}

} // namespace

class TestRasterSource : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void clearMessagesForRastersTheMapCannotPlace();
    void pixelMapWgs84RoundTripUtm55S();
    void pixelMapWgs84RoundTripWebMercator();
    void displayTilesComeFromOverviews();
    void floatRasterIsStretchedAndNaNTransparent();
    void cutTileMatchesTheSyntheticWorldsTiles();

private:
    QTemporaryDir mDir;
    std::string path(const char* name) const { return mDir.filePath(name).toStdString(); }
};

void TestRasterSource::initTestCase() {
    QVERIFY(mDir.isValid());
}

void TestRasterSource::clearMessagesForRastersTheMapCannotPlace() {
    const double northUp[6] = {690000, 0.5, 0, 6090000, 0, -0.5};
    const double rotated[6] = {690000, 0.5, 0.1, 6090000, 0.1, -0.5};

    QString message = errorOf(path("missing.tif"));
    QVERIFY2(message.contains("missing.tif") && message.contains("cannot open"),
             qPrintable(message));

    std::ofstream(path("text.tif")) << "not a raster";
    message = errorOf(path("text.tif"));
    QVERIFY2(message.contains("text.tif") && message.contains("cannot open"), qPrintable(message));

    writeRaw(path("nogeo.tif"), nullptr, nullptr);
    message = errorOf(path("nogeo.tif"));
    QVERIFY2(message.contains("nogeo.tif") && message.contains("no georeferencing"),
             qPrintable(message));

    writeRaw(path("rotated.tif"), rotated, "EPSG:32755");
    message = errorOf(path("rotated.tif"));
    QVERIFY2(message.contains("rotated.tif") && message.contains("rotated"), qPrintable(message));

    writeRaw(path("nocrs.tif"), northUp, nullptr);
    message = errorOf(path("nocrs.tif"));
    QVERIFY2(message.contains("nocrs.tif") && message.contains("no coordinate reference system"),
             qPrintable(message));

    writeRaw(path("local.tif"), northUp,
             R"(LOCAL_CS["site grid",LOCAL_DATUM["d",0],UNIT["metre",1],AXIS["x",EAST],)"
             R"(AXIS["y",NORTH]])");
    message = errorOf(path("local.tif"));
    QVERIFY2(message.contains("local.tif") && message.contains("PROJ cannot use"),
             qPrintable(message));

    // The good one opens, reading only the header.
    writeRaw(path("good.tif"), northUp, "EPSG:32755", GDT_UInt16, 3);
    const auto good = RasterSource::open(path("good.tif"));
    QCOMPARE(good->width(), 32);
    QCOMPARE(good->bandCount(), 3);
    QCOMPARE(QString::fromStdString(good->dataType()), QString("UInt16"));
    QCOMPARE(good->crs().epsg(), 32755);
}

void TestRasterSource::pixelMapWgs84RoundTripUtm55S() {
    GeoTiff::write(path("utm.tif"), cv::Mat(100, 120, CV_8UC3, cv::Scalar(1, 2, 3)),
                   GeoTransform{690000.0, 6090000.0, 0.5}, 32755);
    const auto raster = RasterSource::open(path("utm.tif"));
    QVERIFY(raster->crs().isSame(Crs::utm(55, true)));
    QCOMPARE(raster->pixelToMap({0, 0}), cv::Point2d(690000, 6090000));
    QCOMPARE(raster->pixelToMap({120, 100}), cv::Point2d(690060, 6089950));
    const cv::Rect2d extent = raster->extent();
    QCOMPARE(extent, cv::Rect2d(690000, 6089950, 60, 50));

    const CoordinateTransform toGeo(raster->crs(), Crs::wgs84());
    const CoordinateTransform fromGeo(Crs::wgs84(), raster->crs());
    const UtmConverter reference = UtmConverter::canberra();
    for (const cv::Point2d pixel :
         {cv::Point2d(0.5, 0.5), cv::Point2d(59.25, 77.75), cv::Point2d(119.5, 99.5)}) {
        const cv::Point2d map = raster->pixelToMap(pixel);
        const cv::Point2d geo = toGeo.transform(map);
        const LatLon expected = reference.toLatLon(UtmPoint{map.x, map.y});
        QVERIFY(std::abs(geo.y - expected.latitude) < 1e-10);
        QVERIFY(std::abs(geo.x - expected.longitude) < 1e-10);
        const cv::Point2d back = raster->mapToPixel(fromGeo.transform(geo));
        QVERIFY2(std::hypot(back.x - pixel.x, back.y - pixel.y) < 1e-6,
                 qPrintable(QString("%1 %2").arg(back.x).arg(back.y)));
    }
}

void TestRasterSource::pixelMapWgs84RoundTripWebMercator() {
    // 10 m Web Mercator pixels over Canberra.
    const CoordinateTransform toMercator(Crs::wgs84(), Crs::fromEpsg(3857));
    const cv::Point2d origin = toMercator.transform(cv::Point2d(149.10, -35.27));
    GeoTiff::write(path("mercator.tif"), cv::Mat(64, 64, CV_8UC1, cv::Scalar(9)),
                   GeoTransform{origin.x, origin.y, 10.0}, 3857);
    const auto raster = RasterSource::open(path("mercator.tif"));
    QCOMPARE(raster->crs().epsg(), 3857);
    const CoordinateTransform toGeo(raster->crs(), Crs::wgs84());
    const CoordinateTransform fromGeo(Crs::wgs84(), raster->crs());
    // The top-left corner is where we put it.
    const cv::Point2d corner = toGeo.transform(raster->pixelToMap({0, 0}));
    QVERIFY(std::abs(corner.x - 149.10) < 1e-9 && std::abs(corner.y + 35.27) < 1e-9);
    // Going south by 64 rows of 10 m lowers the latitude by 640 m / (R·cos φ) in Mercator.
    const cv::Point2d bottom = toGeo.transform(raster->pixelToMap({0, 64}));
    const double expected = -35.27 - 640.0 * std::cos(35.27 * M_PI / 180) / 6378137.0 * 180 / M_PI;
    QVERIFY2(std::abs(bottom.y - expected) < 1e-6, qPrintable(QString::number(bottom.y, 'f', 8)));
    for (const cv::Point2d pixel : {cv::Point2d(3.5, 60.5), cv::Point2d(31.0, 17.25)}) {
        const cv::Point2d back =
            raster->mapToPixel(fromGeo.transform(toGeo.transform(raster->pixelToMap(pixel))));
        QVERIFY(std::hypot(back.x - pixel.x, back.y - pixel.y) < 1e-6);
    }
    // UTM 55S position → this raster's pixel: via WGS84 or directly, same answer.
    const CoordinateTransform direct(Crs::utm(55, true), raster->crs());
    const UtmPosition p = UtmConverter::canberra().toUtm({-35.2712, 149.1023});
    const cv::Point2d utm(p.easting, p.northing);
    const cv::Point2d viaDirect = raster->mapToPixel(direct.transform(utm));
    const cv::Point2d viaGeo =
        raster->mapToPixel(fromGeo.transform(cv::Point2d(149.1023, -35.2712)));
    QVERIFY(std::hypot(viaDirect.x - viaGeo.x, viaDirect.y - viaGeo.y) < 1e-4);
}

void TestRasterSource::displayTilesComeFromOverviews() {
    cv::Mat image(600, 520, CV_8UC3);
    cv::randu(image, cv::Scalar::all(0), cv::Scalar::all(255));
    GeoTiff::write(path("noise.tif"), image, GeoTransform{0, 600, 1.0}, 32755);
    const auto raster = RasterSource::open(path("noise.tif"));
    QCOMPARE(raster->levelCount(256), 3); // 600 → 300 → 150 px
    // Level 0: the pixels themselves, opaque.
    const cv::Mat tile = raster->readDisplayTile(0, 1, 2, 256);
    QCOMPARE(tile.type(), CV_8UC4);
    QCOMPARE(tile.size(), cv::Size(256, 600 - 512)); // edge tile: 88 rows
    cv::Mat bgr;
    cv::cvtColor(tile, bgr, cv::COLOR_BGRA2BGR);
    QCOMPARE(cv::norm(bgr, image(cv::Rect(256, 512, 256, 88)), cv::NORM_INF), 0.0);
    std::vector<cv::Mat> planes;
    cv::split(tile, planes);
    QCOMPARE(cv::countNonZero(planes[3] != 255), 0);
    // Level 1: GDAL's 2x2 averages (the file's first overview), up to rounding.
    const cv::Mat coarse = raster->readDisplayTile(1, 0, 0, 256);
    QCOMPARE(coarse.size(), cv::Size(256, 256));
    cv::Mat expected;
    cv::resize(image(cv::Rect(0, 0, 512, 512)), expected, cv::Size(256, 256), 0, 0, cv::INTER_AREA);
    cv::cvtColor(coarse, bgr, cv::COLOR_BGRA2BGR);
    QVERIFY(cv::norm(bgr, expected, cv::NORM_INF) <= 1.0);
    // The last level is one tile for everything.
    QCOMPARE(raster->readDisplayTile(2, 0, 0, 256).size(), cv::Size(130, 150));
    QVERIFY_THROWS_EXCEPTION(Error, raster->readDisplayTile(0, 5, 0, 256));
}

void TestRasterSource::floatRasterIsStretchedAndNaNTransparent() {
    cv::Mat heights(64, 64, CV_32FC1);
    for (int r = 0; r < 64; ++r)
        for (int c = 0; c < 64; ++c)
            heights.at<float>(r, c) = static_cast<float>(c); // a ramp west → east
    heights.at<float>(10, 10) = NAN;
    GeoTiff::write(path("float.tif"), heights, GeoTransform{0, 64, 1.0}, 32755);
    const auto raster = RasterSource::open(path("float.tif"));
    const cv::Mat tile = raster->readDisplayTile(0, 0, 0, 256);
    QCOMPARE(tile.size(), cv::Size(64, 64));
    QCOMPARE(tile.at<cv::Vec4b>(10, 10)[3], uchar(0)); // NaN: transparent
    QCOMPARE(tile.at<cv::Vec4b>(20, 10)[3], uchar(255));
    // Brighter to the east, grey (equal channels).
    const cv::Vec4b west = tile.at<cv::Vec4b>(30, 5), east = tile.at<cv::Vec4b>(30, 60);
    QVERIFY(east[0] > west[0] + 100);
    QCOMPARE(west[0], west[2]);
}

void TestRasterSource::cutTileMatchesTheSyntheticWorldsTiles() {
    const UtmPoint topLeft{690000, 6090400};
    const TownMap town = TownMap::generate(5, 400, 0.5, topLeft);
    GeoTiff::write(path("town.tif"), town.colour(), town.transform(), 32755);
    const auto raster = RasterSource::open(path("town.tif"));
    struct Case {
        UtmPoint centre;
        int size;
        double metres;
    };
    // Full resolution (the demo world's 256 px / 100 m), coarser than the map (level 2), a
    // tile hanging over the map's edge (black outside), an odd size.
    for (const Case& c :
         {Case{{690200, 6090200}, 256, 100}, Case{{690150.3, 6090222.7}, 64, 200},
          Case{{690010, 6090390}, 128, 60}, Case{{690321.1, 6090077.7}, 75, 33.3}}) {
        const cv::Mat expected = town.tile(c.centre, c.size, c.metres);
        const cv::Mat cut =
            raster->cutTile({c.centre.easting, c.centre.northing}, c.size, c.metres);
        QCOMPARE(cut.type(), CV_8UC3);
        QCOMPARE(cut.size(), expected.size());
        cv::Mat difference;
        cv::absdiff(cut, expected, difference);
        double worst = 0;
        cv::minMaxLoc(difference.reshape(1), nullptr, &worst);
        const double mean = cv::mean(difference)[0];
        // Same pixels and interpolation; GDAL's overview rounding may differ by one level.
        QVERIFY2(
            worst <= 2 && mean < 0.2,
            qPrintable(QString("size %1: worst %2, mean %3").arg(c.size).arg(worst).arg(mean)));
    }
}

QTEST_MAIN(TestRasterSource)
#include "tst_rastersource.moc"
