#include "clirunner.h"
#include "datasetfixture.h"
#include "heatmapworld.h"

#include "common/error.h"
#include "common/feedback.h"
#include "dataset/dataloader.h"
#include "dataset/dataset.h"
#include "dataset/datasetmaker.h"
#include "dataset/vigorformat.h"
#include "geo/exifposition.h"
#include "geo/geotiff.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include <gdal.h>
#include <opencv2/imgcodecs.hpp>

#include <cmath>
#include <fstream>

using namespace orinet;
using namespace orinet::testing;

namespace {

double meanAbsDifference(const cv::Mat& a, const cv::Mat& b) {
    cv::Mat d;
    cv::absdiff(a, b, d);
    const cv::Scalar m = cv::mean(d);
    return (m[0] + m[1] + m[2]) / 3;
}

//! A panorama of the same place whose centre column faces `quarterTurns` x 90° (clockwise
//! from north), made from a north-centred one by moving whole columns: independent of the
//! interpolation DatasetMaker::turnToNorth uses.
cv::Mat facing(const cv::Mat& northCentred, int quarterTurns) {
    const int k = northCentred.cols * quarterTurns / 4;
    cv::Mat turned;
    cv::hconcat(northCentred.colRange(k, northCentred.cols), northCentred.colRange(0, k), turned);
    return turned;
}

//! "(35) (19) (17.8)": how GDAL writes an EXIF rational triple.
std::string exifDegrees(double value) {
    value = std::abs(value);
    const int d = static_cast<int>(value);
    const int m = static_cast<int>((value - d) * 60);
    const double s = ((value - d) * 60 - m) * 60;
    char text[64];
    std::snprintf(text, sizeof text, "(%d) (%d) (%.4f)", d, m, s);
    return text;
}

//! A copy of a JPEG with an EXIF GPS position, written through GDAL's JPEG driver.
void writeWithExifGps(const std::string& from, const std::string& to, LatLon position) {
    GDALAllRegister();
    GDALDatasetH source = GDALOpen(from.c_str(), GA_ReadOnly);
    QVERIFY(source);
    GDALDatasetH mem =
        GDALCreateCopy(GDALGetDriverByName("MEM"), "", source, false, nullptr, nullptr, nullptr);
    GDALClose(source);
    GDALSetMetadataItem(mem, "EXIF_GPSLatitude", exifDegrees(position.latitude).c_str(), nullptr);
    GDALSetMetadataItem(mem, "EXIF_GPSLatitudeRef", position.latitude < 0 ? "S" : "N", nullptr);
    GDALSetMetadataItem(mem, "EXIF_GPSLongitude", exifDegrees(position.longitude).c_str(), nullptr);
    GDALSetMetadataItem(mem, "EXIF_GPSLongitudeRef", position.longitude < 0 ? "W" : "E", nullptr);
    GDALDatasetH jpeg = GDALCreateCopy(GDALGetDriverByName("JPEG"), to.c_str(), mem, false, nullptr,
                                       nullptr, nullptr);
    QVERIFY(jpeg);
    GDALClose(jpeg);
    GDALClose(mem);
}

} // namespace

class TestDatasetMaker : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void tilesAreTheWorldsOwnAndTheDatasetLoads();
    void headingTurnsThePanoramaToNorth();
    void exifGpsStandsInForMissingPositions();
    void whatCannotBeCutIsListedPerPanorama();
    void nothingIsWrittenWhenNothingCanBeUsed();
    void aRasterInDegreesIsRefused();
    void aFolderOfTheUsersIsRefusedAndOwnOutputReplaced();
    void cliWritesTheDatasetAndListsSkipped();
    void vigorGridLabelsEachPanoramaWithTheTilesCoveringIt();

private:
    //! positions.csv over the world's CVACT panoramas (`count` of them), with `extra` lines.
    QString writePositions(const QString& name, int count, const QString& extra = {}) const;
    MakeDatasetOptions options(const QString& positions, const QString& out) const;

    QTemporaryDir mDir;
    SynthSummary mWorld;
    QStringList mLines; //!< the world's pairs.csv rows, split into fields
};

void TestDatasetMaker::initTestCase() {
    QVERIFY(mDir.isValid());
    mWorld = generateHeatMapWorld(mDir.filePath("world").toStdString(), 5);
    QFile csv(QString::fromStdString(mWorld.pairsCsv));
    QVERIFY(csv.open(QIODevice::ReadOnly));
    mLines = QString::fromUtf8(csv.readAll()).split('\n', Qt::SkipEmptyParts);
    QVERIFY(mLines.size() > 12);
    QVERIFY(mLines[0].startsWith("id,panorama,satellite,easting,northing,zone,lat,lon"));
}

QString TestDatasetMaker::writePositions(const QString& name, int count,
                                         const QString& extra) const {
    // The CVUSA-layout panoramas: north-centred, as the pairs.csv rows list them.
    QString text = "file,lat,lon,id\n";
    for (int i = 1; i <= count; ++i) {
        const QStringList f = mLines[i].split(',');
        text += mDir.filePath("world/" + f[1]) + "," + f[6] + "," + f[7] + "," + f[0] + "\n";
    }
    const QString path = mDir.filePath(name);
    writeText(path, (text + extra).toStdString());
    return path;
}

MakeDatasetOptions TestDatasetMaker::options(const QString& positions, const QString& out) const {
    MakeDatasetOptions o;
    o.orthophoto = mWorld.worldImage;
    o.positions = positions.toStdString();
    o.outDir = out.toStdString();
    o.tileSize = 64; // the world's own tiles: 64 px over 60 m
    o.tileMetres = 60;
    o.valFraction = 0.25;
    o.testFraction = 0.25;
    return o;
}

void TestDatasetMaker::tilesAreTheWorldsOwnAndTheDatasetLoads() {
    const QString out = mDir.filePath("made");
    Feedback feedback;
    const MakeDatasetPlan plan = DatasetMaker::plan(options(writePositions("all.csv", 12), out));
    QCOMPARE(plan.panoramas.size(), size_t(12));
    QCOMPARE(plan.tiles.size(), size_t(12));
    QCOMPARE(plan.val, 3);
    QCOMPARE(plan.test, 3);
    const MakeDatasetSummary s =
        DatasetMaker::make(options(writePositions("all.csv", 12), out), feedback);
    QCOMPARE(s.pairs, 12);
    QVERIFY2(s.skipped.empty(), s.skipped.empty() ? "" : s.skipped[0].reason.c_str());
    QVERIFY2(s.checkSummary.empty(), s.checkSummary.c_str());
    QCOMPARE(s.val, 3);
    QCOMPARE(s.test, 3);
    QCOMPARE(s.train, 6);

    const Dataset made = Dataset::open(out.toStdString());
    QCOMPARE(made.pairs().size(), size_t(12));
    QVERIFY(made.hasPositions());
    for (int i = 1; i <= 12; ++i) {
        const QStringList f = mLines[i].split(',');
        const auto it =
            std::find_if(made.pairs().begin(), made.pairs().end(),
                         [&](const PairRecord& p) { return p.id == f[0].toStdString(); });
        QVERIFY(it != made.pairs().end());
        // The tile the world itself cut at that position, from the same orthophoto.
        const cv::Mat own = cv::imread(mDir.filePath("world/" + f[2]).toStdString());
        const cv::Mat cut = cv::imread(it->satellitePath);
        QCOMPARE(cut.size(), own.size());
        QVERIFY2(meanAbsDifference(cut, own) < 6, qPrintable(f[0]));
        // Positions survive to within the CSV's precision (about a millimetre).
        QVERIFY(std::abs(it->utm->easting - f[3].toDouble()) < 0.01);
        QVERIFY(std::abs(it->utm->northing - f[4].toDouble()) < 0.01);
        // Without a heading the panorama is the user's file, byte for byte.
        QFile a(QString::fromStdString(it->panoramaPath)), b(mDir.filePath("world/" + f[1]));
        QVERIFY(a.open(QIODevice::ReadOnly) && b.open(QIODevice::ReadOnly));
        QVERIFY(a.readAll() == b.readAll());
    }
    // Trainable as made: the loader reads a batch of the train split.
    LoaderOptions lo;
    lo.batchSize = 4;
    DataLoader loader(made, made.split("train"), lo);
    const auto batch = loader.next();
    QVERIFY(batch.has_value());
    QCOMPARE(batch->size(), size_t(4));
    QVERIFY(batch->hasPositions());
}

void TestDatasetMaker::headingTurnsThePanoramaToNorth() {
    const QStringList f = mLines[1].split(',');
    const cv::Mat north = cv::imread(mDir.filePath("world/" + f[1]).toStdString());
    QVERIFY(!north.empty());
    for (int quarter : {1, 2, 3}) {
        const cv::Mat turned = DatasetMaker::turnToNorth(facing(north, quarter), quarter * 90.0);
        QVERIFY2(meanAbsDifference(turned, north) < 0.5, qPrintable(QString::number(quarter)));
        // A wrong sense of rotation would not give the north-centred picture back.
        const cv::Mat wrong = DatasetMaker::turnToNorth(facing(north, quarter), -quarter * 90.0);
        if (quarter != 2)
            QVERIFY(meanAbsDifference(wrong, north) > 5);
    }
    // Through make(): a panorama saved facing east, with its heading, comes out north-centred.
    const QString east = mDir.filePath("east/" + f[0] + ".png");
    QDir().mkpath(QFileInfo(east).absolutePath());
    QVERIFY(cv::imwrite(east.toStdString(), facing(north, 1)));
    const QString positions = mDir.filePath("east.csv");
    writeText(positions,
              ("file,lat,lon,heading\n" + east + "," + f[6] + "," + f[7] + ",90\n").toStdString());
    Feedback feedback;
    const MakeDatasetSummary s =
        DatasetMaker::make(options(positions, mDir.filePath("made-east")), feedback);
    QCOMPARE(s.rotated, 1);
    const cv::Mat made =
        cv::imread(mDir.filePath("made-east/panoramas/" + f[0] + ".jpg").toStdString());
    QVERIFY(meanAbsDifference(made, north) < 4); // JPEG at quality 95
}

void TestDatasetMaker::exifGpsStandsInForMissingPositions() {
    const QStringList f = mLines[2].split(',');
    const LatLon truth{f[6].toDouble(), f[7].toDouble()};
    const std::string tagged = mDir.filePath("tagged.jpg").toStdString();
    writeWithExifGps(mDir.filePath("world/" + f[1]).toStdString(), tagged, truth);
    const auto read = ExifPosition::read(tagged);
    QVERIFY(read.has_value());
    QVERIFY(std::abs(read->latitude - truth.latitude) < 1e-6); // 1e-4 s of arc
    QVERIFY(std::abs(read->longitude - truth.longitude) < 1e-6);
    QVERIFY(!ExifPosition::read(mDir.filePath("world/" + f[1]).toStdString())); // no EXIF
    QVERIFY(!ExifPosition::read(mWorld.pairsCsv));                              // no image

    const QString positions = mDir.filePath("exif.csv");
    writeText(positions, "file,lat,lon\ntagged.jpg,,\n");
    Feedback feedback;
    const MakeDatasetSummary s =
        DatasetMaker::make(options(positions, mDir.filePath("made-exif")), feedback);
    QCOMPARE(s.pairs, 1);
    QCOMPARE(s.fromExif, 1);
    const Dataset made = Dataset::open(mDir.filePath("made-exif").toStdString());
    QVERIFY(std::abs(made.pairs()[0].utm->easting - f[3].toDouble()) < 0.05);
}

void TestDatasetMaker::whatCannotBeCutIsListedPerPanorama() {
    const QString first = mLines[1].split(',')[1];
    writeCorruptJpeg(mDir.filePath("broken.jpg"));
    writeImage(mDir.filePath("square.png"), 40, 40);
    const QString extra = "missing.jpg,-35.3,149.1,m1\n" +                         // no file
                          mDir.filePath("world/" + first) + ",-35.0,149.5,far\n" + // outside
                          mDir.filePath("world/" + first) + ",,,nopos\n" +         // no position
                          "broken.jpg," + mLines[3].split(',')[6] + "," + mLines[3].split(',')[7] +
                          ",broken\n" + "square.png," + mLines[3].split(',')[6] + "," +
                          mLines[3].split(',')[7] + ",square\n" + mDir.filePath("world/" + first) +
                          ",-35.3,149.1," + mLines[1].split(',')[0] + "\n"; // the id again
    Feedback feedback;
    const MakeDatasetSummary s = DatasetMaker::make(
        options(writePositions("mixed.csv", 4, extra), mDir.filePath("made-mixed")), feedback);
    QCOMPARE(s.pairs, 4);
    QCOMPARE(s.skipped.size(), size_t(6));
    auto reasonFor = [&](const QString& line) {
        for (const SkippedPanorama& k : s.skipped)
            if (QString::fromStdString(k.where).contains("mixed.csv:" + line))
                return QString::fromStdString(k.reason);
        return QString();
    };
    QVERIFY2(reasonFor("6").contains("no such file"), qPrintable(reasonFor("6")));
    QVERIFY2(reasonFor("7").contains("outside the orthophoto"), qPrintable(reasonFor("7")));
    QVERIFY2(reasonFor("8").contains("no position"), qPrintable(reasonFor("8")));
    QVERIFY2(reasonFor("9").contains("cannot be decoded"), qPrintable(reasonFor("9")));
    QVERIFY2(reasonFor("10").contains("no panorama"), qPrintable(reasonFor("10")));
    QVERIFY2(reasonFor("11").contains("earlier line"), qPrintable(reasonFor("11")));
    // A malformed line is no panorama to skip: the file and line are named, nothing written.
    const QString bad =
        writePositions("bad.csv", 2, mDir.filePath("world/" + first) + ",abc,1,bad\n");
    try {
        DatasetMaker::make(options(bad, mDir.filePath("made-bad")), feedback);
        QFAIL("a non-numeric latitude was accepted");
    } catch (const Error& e) {
        QVERIFY2(QString(e.what()).contains("bad.csv:4") && QString(e.what()).contains("lat"),
                 e.what());
    }
    QVERIFY(!QFileInfo::exists(mDir.filePath("made-bad")));
}

void TestDatasetMaker::nothingIsWrittenWhenNothingCanBeUsed() {
    const QString positions = mDir.filePath("none.csv");
    writeText(positions, "file,lat,lon\nmissing.jpg,-35.3,149.1\n");
    Feedback feedback;
    try {
        DatasetMaker::make(options(positions, mDir.filePath("made-none")), feedback);
        QFAIL("a dataset without pairs was made");
    } catch (const Error& e) {
        QVERIFY2(QString(e.what()).contains("no panorama could be used") &&
                     QString(e.what()).contains("no such file"),
                 e.what());
    }
    QVERIFY(!QFileInfo::exists(mDir.filePath("made-none")));
    // Canceled half-way: no output, and no staging folder left beside it.
    Feedback canceled;
    canceled.cancel();
    QVERIFY_THROWS_EXCEPTION(
        Canceled, DatasetMaker::make(
                      options(writePositions("c.csv", 3), mDir.filePath("made-cancel")), canceled));
    QVERIFY(!QFileInfo::exists(mDir.filePath("made-cancel")));
    for (const QString& name : QDir(mDir.path()).entryList(QDir::Hidden | QDir::Dirs))
        QVERIFY2(!name.contains(".make-"), qPrintable(name));
}

void TestDatasetMaker::aRasterInDegreesIsRefused() {
    GeoTransform transform;
    transform.originEasting = 149.0;
    transform.originNorthing = -35.0;
    transform.pixelSize = 0.001;
    const std::string degrees = mDir.filePath("degrees.tif").toStdString();
    GeoTiff::write(degrees, cv::Mat(64, 64, CV_8UC3, cv::Scalar(90, 120, 60)), transform, 4326);
    MakeDatasetOptions o = options(writePositions("deg.csv", 2), mDir.filePath("made-deg"));
    o.orthophoto = degrees;
    Feedback feedback;
    try {
        DatasetMaker::make(o, feedback);
        QFAIL("a raster in degrees was cut");
    } catch (const Error& e) {
        QVERIFY2(QString(e.what()).contains("degrees.tif") &&
                     QString(e.what()).contains("in degrees") &&
                     QString(e.what()).contains("gdalwarp"),
                 e.what());
    }
    QVERIFY(!QFileInfo::exists(mDir.filePath("made-deg")));
}

void TestDatasetMaker::aFolderOfTheUsersIsRefusedAndOwnOutputReplaced() {
    const QString user = mDir.filePath("users");
    writeText(user + "/notes.txt", "mine");
    Feedback feedback;
    QVERIFY_THROWS_EXCEPTION(
        Error, DatasetMaker::make(options(writePositions("u.csv", 2), user), feedback));
    QCOMPARE(QDir(user).entryList(QDir::NoDotAndDotDot | QDir::AllEntries),
             QStringList{"notes.txt"});
    // A plain file where the folder would go is refused too, untouched.
    writeText(mDir.filePath("plain"), "mine");
    QVERIFY_THROWS_EXCEPTION(
        Error,
        DatasetMaker::make(options(writePositions("p.csv", 2), mDir.filePath("plain")), feedback));
    QCOMPARE(QFileInfo(mDir.filePath("plain")).size(), qint64(4));
    // Its own output is replaced whole: a second run with fewer panoramas leaves no old pair.
    const QString out = mDir.filePath("again");
    DatasetMaker::make(options(writePositions("a5.csv", 5), out), feedback);
    DatasetMaker::make(options(writePositions("a3.csv", 3), out), feedback);
    QCOMPARE(QDir(out + "/satellite").entryList(QDir::Files).size(), 3);
    QCOMPARE(Dataset::open(out.toStdString()).pairs().size(), size_t(3));
}

void TestDatasetMaker::cliWritesTheDatasetAndListsSkipped() {
    const QString positions = writePositions("cli.csv", 6, "missing.jpg,-35.3,149.1,gone\n");
    const QString out = mDir.filePath("made-cli");
    const CliResult r = runCli(
        {"make-dataset", "--orthophoto", QString::fromStdString(mWorld.worldImage), "--positions",
         positions, "--out", out, "--tile-size", "64", "--tile-metres", "60", "--json"});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    const QJsonObject result = QJsonDocument::fromJson(r.out.toUtf8()).object();
    QCOMPARE(result["pairs"].toInt(), 6);
    const QJsonArray skipped = result["skipped"].toArray();
    QCOMPARE(skipped.size(), 1);
    QVERIFY2(skipped[0].toObject()["where"].toString().endsWith("cli.csv:8 (missing.jpg)"),
             qPrintable(r.out));
    // The dataset command opens it clean.
    const CliResult check = runCli({"dataset", "--dataset", out, "--check"});
    QVERIFY2(check.exitCode == 0, qPrintable(check.err + check.out));
}

void TestDatasetMaker::vigorGridLabelsEachPanoramaWithTheTilesCoveringIt() {
    const QString out = mDir.filePath("grid");
    // One panorama placed far outside the orthophoto: listed, and drawn where it is.
    const QString far = mDir.filePath("world/" + mLines[1].split(',')[1]) + ",-35.0,149.0,far\n";
    MakeDatasetOptions o = options(writePositions("grid.csv", 16, far), out);
    o.layout = MakeDatasetOptions::Layout::VigorGrid;
    o.area = "Home";
    o.tileMetres = 30; // small tiles: the world's edge costs few panoramas
    Feedback feedback;
    // The preview says what will be written, without writing.
    const MakeDatasetPlan plan = DatasetMaker::plan(o);
    QVERIFY(!QFileInfo::exists(out));
    const MakeDatasetSummary s = DatasetMaker::make(o, feedback);
    QVERIFY2(s.checkSummary.empty(), s.checkSummary.c_str());
    QVERIFY2(s.pairs >= 8, qPrintable(QString::number(s.pairs)));
    QCOMPARE(int(plan.panoramas.size()), s.pairs);
    QCOMPARE(int(plan.tiles.size()), s.tiles);
    QCOMPARE(plan.skipped.size(), s.skipped.size());
    QCOMPARE(plan.offRaster.size(), s.skipped.size());
    QCOMPARE(plan.test, s.test);
    QCOMPARE(plan.val, 0);
    QCOMPARE(plan.footprint, 30.0); // UTM metres
    QCOMPARE(s.pairs + static_cast<int>(s.skipped.size()), 17);
    for (const SkippedPanorama& k : s.skipped)
        QVERIFY2(k.reason.find("four tiles covering it") != std::string::npos ||
                     k.reason.find("outside the orthophoto") != std::string::npos,
                 k.reason.c_str());
    QCOMPARE(s.train + s.test, s.pairs);
    QVERIFY(s.test > 0 && s.train > 0);
    QVERIFY(VigorFormat::detect(out.toStdString()));
    QCOMPARE(VigorFormat::areasIn(out.toStdString()), std::vector<std::string>{"Home"});
    VigorOptions cross;
    cross.protocol = VigorProtocol::CrossArea;
    QVERIFY_THROWS_EXCEPTION(Error, VigorFormat::read(out.toStdString(), cross));

    const double metresPerPixel = o.tileMetres / o.tileSize;
    int queries = 0;
    for (const char* split : {"train", "test"}) {
        VigorOptions read;
        read.split = split;
        const QueryGallery g = VigorFormat::read(out.toStdString(), read);
        QCOMPARE(g.galleryCount(), int64_t(s.tiles));
        queries += static_cast<int>(g.queryCount());
        for (int64_t q = 0; q < g.queryCount(); ++q) {
            // The positive's central half holds the panorama; every covering tile holds it;
            // the recorded offsets say the same distances in tile pixels.
            const double positive = g.distanceMetres(q, g.positive(q));
            QVERIFY2(positive <= o.tileMetres / 4 * std::sqrt(2.0) + 0.05,
                     qPrintable(QString::number(positive)));
            const QueryGallery::PixelOffset d = g.positiveOffset(q);
            QVERIFY(std::abs(d.row) <= o.tileSize / 4.0 + 0.01);
            QVERIFY(std::abs(d.col) <= o.tileSize / 4.0 + 0.01);
            QVERIFY2(std::abs(std::hypot(d.row, d.col) * metresPerPixel - positive) < 0.05,
                     qPrintable(QString("%1 vs %2")
                                    .arg(std::hypot(d.row, d.col) * metresPerPixel)
                                    .arg(positive)));
            const std::vector<int> semi = g.semiPositives(q);
            QCOMPARE(semi.size(), size_t(3));
            const std::vector<QueryGallery::PixelOffset> offsets = g.semiOffsets(q);
            for (size_t k = 0; k < semi.size(); ++k) {
                QVERIFY(semi[k] != g.positive(q));
                QVERIFY(std::abs(offsets[k].row) <= o.tileSize / 2.0 + 0.01);
                QVERIFY(std::abs(offsets[k].col) <= o.tileSize / 2.0 + 0.01);
                // The positive is the nearest in the sense of "central half": the largest of
                // the two offsets.
                QVERIFY(std::max(std::abs(offsets[k].row), std::abs(offsets[k].col)) >=
                        std::max(std::abs(d.row), std::abs(d.col)) - 1e-9);
                QVERIFY(g.distanceMetres(q, semi[k]) <= o.tileMetres / 2 * std::sqrt(2.0) + 0.05);
            }
        }
    }
    QCOMPARE(queries, s.pairs);

    // Its own output is replaced; a VIGOR city's name is refused before anything is written.
    DatasetMaker::make(o, feedback);
    o.area = "Chicago";
    QVERIFY_THROWS_EXCEPTION(Error, DatasetMaker::make(o, feedback));
    QVERIFY(QFileInfo(out + "/Home").isDir());
}

QTEST_GUILESS_MAIN(TestDatasetMaker)
#include "tst_datasetmaker.moc"
