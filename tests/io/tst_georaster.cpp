#include "common/error.h"
#include "io/georaster.h"

#include <QTemporaryDir>
#include <QtTest>

#include <gdal_priv.h>
#include <ogr_spatialref.h>

#include <fstream>

using namespace orinet;

class TestGeoRaster : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void readsGeoreferencingAndOverviews();
    void previewKeepsLayoutAndColours();
    void rejectsNonRasters();

private:
    QTemporaryDir mDir;
    std::string mPath;
};

void TestGeoRaster::initTestCase() {
    // A 200 x 100 RGB GeoTIFF in UTM 55S, 0.5 m pixels: west half red, east half blue.
    GDALAllRegister();
    mPath = mDir.filePath("world.tif").toStdString();
    GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GTiff");
    GDALDataset* ds = driver->Create(mPath.c_str(), 200, 100, 3, GDT_Byte, nullptr);
    double gt[6] = {690000, 0.5, 0, 6090000, 0, -0.5};
    ds->SetGeoTransform(gt);
    OGRSpatialReference srs;
    srs.importFromEPSG(32755);
    ds->SetSpatialRef(&srs);
    std::vector<uint8_t> plane(200 * 100);
    for (int band = 1; band <= 3; ++band) {
        for (int y = 0; y < 100; ++y)
            for (int x = 0; x < 200; ++x)
                plane[y * 200 + x] = (band == 1 && x < 100) || (band == 3 && x >= 100) ? 255 : 0;
        QCOMPARE(ds->GetRasterBand(band)->RasterIO(GF_Write, 0, 0, 200, 100, plane.data(), 200, 100,
                                                   GDT_Byte, 0, 0, nullptr),
                 CE_None);
    }
    int levels[] = {2, 4};
    QCOMPARE(ds->BuildOverviews("AVERAGE", 2, levels, 0, nullptr, nullptr, nullptr), CE_None);
    GDALClose(ds);
}

void TestGeoRaster::readsGeoreferencingAndOverviews() {
    const GeoRaster raster = GeoRaster::open(mPath);
    QCOMPARE(raster.width(), 200);
    QCOMPARE(raster.height(), 100);
    QCOMPARE(raster.bandCount(), 3);
    QCOMPARE(raster.overviewCount(), 2);
    QCOMPARE(raster.epsg(), 32755);
    const GeoTransform t = raster.transform();
    const cv::Point2d centre = t.toProjected({0.5, 0.5});
    QCOMPARE(centre.x, 690000.25);
    QCOMPARE(centre.y, 6089999.75);
    const cv::Point2d back = t.toPixel({690050, 6089975});
    QCOMPARE(back.x, 100.0);
    QCOMPARE(back.y, 50.0);
}

void TestGeoRaster::previewKeepsLayoutAndColours() {
    const GeoRaster raster = GeoRaster::open(mPath);
    const cv::Mat preview = raster.readPreview(50);
    QCOMPARE(preview.cols, 50);
    QCOMPARE(preview.rows, 25);
    QCOMPARE(preview.type(), CV_8UC3);
    QCOMPARE(preview.at<cv::Vec3b>(10, 5), cv::Vec3b(0, 0, 255));  // red, BGR order
    QCOMPARE(preview.at<cv::Vec3b>(10, 45), cv::Vec3b(255, 0, 0)); // blue
    const cv::Mat window = raster.readWindow(cv::Rect(90, 0, 20, 10), cv::Size(20, 10));
    QCOMPARE(window.at<cv::Vec3b>(5, 0), cv::Vec3b(0, 0, 255));
    QCOMPARE(window.at<cv::Vec3b>(5, 19), cv::Vec3b(255, 0, 0));
    QVERIFY_THROWS_EXCEPTION(orinet::Error,
                             raster.readWindow(cv::Rect(190, 0, 20, 10), cv::Size(4, 4)));
}

void TestGeoRaster::rejectsNonRasters() {
    const std::string bad = mDir.filePath("notes.tif").toStdString();
    std::ofstream(bad) << "not a tiff";
    try {
        GeoRaster::open(bad);
        QFAIL("opened a text file as a raster");
    } catch (const orinet::Error& e) {
        QVERIFY(QString(e.what()).contains("notes.tif"));
    }
}

QTEST_APPLESS_MAIN(TestGeoRaster)
#include "tst_georaster.moc"
