#include "common/error.h"
#include "common/feedback.h"
#include "geo/geotiff.h"

#include <QTemporaryDir>
#include <QtTest>
#include <gdal_priv.h>
#include <ogr_spatialref.h>
#include <opencv2/core.hpp>

#include <fstream>
#include <random>

using namespace orinet;

class TestGeoTiff : public QObject {
    Q_OBJECT
private slots:
    void colourRoundTripWithGeoreferencing();
    void floatRoundTripAndOverviewRead();
    void fileIsReadableByGdalDirectly();
    void previewFitsAndKeepsGeoreferencing();
    void badInputNamesTheFile();

private:
    cv::Mat randomImage(int rows, int cols, int type) {
        cv::Mat m(rows, cols, type);
        std::mt19937 rng(7);
        std::uniform_int_distribution<int> u(0, 255);
        if (CV_MAT_DEPTH(type) == CV_8U)
            for (size_t i = 0; i < m.total() * m.channels(); ++i)
                m.data[i] = static_cast<uchar>(u(rng));
        else
            for (int r = 0; r < rows; ++r)
                for (int c = 0; c < cols; ++c)
                    m.at<float>(r, c) = static_cast<float>(u(rng)) / 7.0f;
        return m;
    }
    QTemporaryDir mDir;
    const GeoTransform mGeo{690000.0, 6090000.0, 0.5};
};

void TestGeoTiff::colourRoundTripWithGeoreferencing() {
    const cv::Mat image = randomImage(300, 260, CV_8UC3);
    const std::string path = mDir.filePath("c.tif").toStdString();
    GeoTiff::write(path, image, mGeo, 32755);
    const GeoRaster back = GeoTiff::read(path);
    QCOMPARE(back.pixels.type(), CV_8UC3);
    QCOMPARE(cv::norm(back.pixels, image, cv::NORM_INF), 0.0); // DEFLATE is lossless, BGR kept
    QCOMPARE(back.epsg, 32755);
    QCOMPARE(back.transform.originEasting, mGeo.originEasting);
    QCOMPARE(back.transform.originNorthing, mGeo.originNorthing);
    QCOMPARE(back.transform.pixelSize, mGeo.pixelSize);
    QVERIFY(!back.rotated);
    QCOMPARE(back.overviewCount, 2); // 260/2 = 130 and 260/4 = 65 are >= 64 px
    QVERIFY(!QFile::exists(mDir.filePath("c.tif.tmp-") + QString::number(getpid()) + ".tif"));
}

void TestGeoTiff::floatRoundTripAndOverviewRead() {
    const cv::Mat heights = randomImage(128, 128, CV_32FC1);
    const std::string path = mDir.filePath("h.tif").toStdString();
    GeoTiff::write(path, heights, mGeo, 32755);
    const GeoRaster back = GeoTiff::read(path);
    QCOMPARE(cv::norm(back.pixels, heights, cv::NORM_INF), 0.0);
    QCOMPARE(back.overviewCount, 1);
    const GeoRaster half = GeoTiff::read(path, 0);
    QCOMPARE(half.pixels.cols, 64);
    QCOMPARE(half.transform.pixelSize, 1.0);
    // an averaged overview: its mean equals the full raster's mean
    QVERIFY(std::abs(cv::mean(half.pixels)[0] - cv::mean(heights)[0]) < 1e-3);
    QVERIFY_THROWS_EXCEPTION(Error, GeoTiff::read(path, 1));
}

void TestGeoTiff::previewFitsAndKeepsGeoreferencing() {
    // West half red, east half blue, 260 x 300 px of 0.5 m.
    cv::Mat image(300, 260, CV_8UC3, cv::Scalar(255, 0, 0));
    image.colRange(0, 130).setTo(cv::Scalar(0, 0, 255));
    const std::string path = mDir.filePath("p.tif").toStdString();
    GeoTiff::write(path, image, mGeo, 32755);
    const GeoRaster preview = GeoTiff::readPreview(path, 100);
    QCOMPARE(preview.pixels.rows, 100);
    QCOMPARE(preview.pixels.cols, 86);
    QCOMPARE(preview.transform.originEasting, mGeo.originEasting);
    QVERIFY(std::abs(preview.transform.pixelSize - 0.5 * 260 / 86) < 1e-12);
    QCOMPARE(preview.pixels.at<cv::Vec3b>(50, 10), cv::Vec3b(0, 0, 255));
    QCOMPARE(preview.pixels.at<cv::Vec3b>(50, 80), cv::Vec3b(255, 0, 0));
    // The world's centre falls on the preview's centre.
    const cv::Point2d centre =
        preview.transform.toPixel({mGeo.originEasting + 65.0, mGeo.originNorthing - 75.0});
    QVERIFY(std::abs(centre.x - (86 - 1) / 2.0) < 0.6 && std::abs(centre.y - 49.5) < 0.6);
    // Smaller than the limit: read as is.
    QCOMPARE(GeoTiff::readPreview(path, 1000).pixels.cols, 260);
}

void TestGeoTiff::fileIsReadableByGdalDirectly() {
    const cv::Mat image = randomImage(64, 80, CV_8UC3);
    const std::string path = mDir.filePath("g.tif").toStdString();
    GeoTiff::write(path, image, mGeo, 32755);
    GDALAllRegister();
    GDALDataset* ds = static_cast<GDALDataset*>(GDALOpen(path.c_str(), GA_ReadOnly));
    QVERIFY(ds);
    QCOMPARE(ds->GetRasterCount(), 3);
    QCOMPARE(ds->GetRasterBand(1)->GetColorInterpretation(), GCI_RedBand);
    double gt[6];
    QCOMPARE(ds->GetGeoTransform(gt), CE_None);
    QCOMPARE(gt[0], 690000.0);
    QCOMPARE(gt[5], -0.5);
    QCOMPARE(QString(ds->GetSpatialRef()->GetAuthorityCode(nullptr)), QString("32755"));
    uchar red = 0;
    QCOMPARE(ds->GetRasterBand(1)->RasterIO(GF_Read, 5, 3, 1, 1, &red, 1, 1, GDT_Byte, 0, 0),
             CE_None);
    QCOMPARE(red, image.at<cv::Vec3b>(3, 5)[2]);
    GDALClose(ds);
}

void TestGeoTiff::badInputNamesTheFile() {
    const std::string missing = mDir.filePath("nope.tif").toStdString();
    try {
        GeoTiff::read(missing);
        QFAIL("read a missing file");
    } catch (const Error& e) {
        QVERIFY(QString(e.what()).contains("nope.tif"));
    }
    const std::string text = mDir.filePath("text.tif").toStdString();
    std::ofstream(text) << "not a tiff";
    QVERIFY_THROWS_EXCEPTION(Error, GeoTiff::read(text));
    QVERIFY_THROWS_EXCEPTION(Error, GeoTiff::write(mDir.filePath("x.tif").toStdString(),
                                                   cv::Mat(8, 8, CV_16UC1), mGeo, 32755));
    QVERIFY_THROWS_EXCEPTION(
        Error, GeoTiff::write("/nonexistent-dir/x.tif", randomImage(8, 8, CV_8UC1), mGeo, 32755));
    // canceled while building overviews: nothing is left behind
    Feedback feedback;
    feedback.cancel();
    const std::string canceled = mDir.filePath("canceled.tif").toStdString();
    QVERIFY_THROWS_EXCEPTION(
        Canceled, GeoTiff::write(canceled, randomImage(256, 256, CV_8UC1), mGeo, 32755, &feedback));
    QVERIFY(!QFile::exists(QString::fromStdString(canceled)));
}

QTEST_APPLESS_MAIN(TestGeoTiff)
#include "tst_geotiff.moc"
