#include "common/error.h"
#include "common/feedback.h"
#include "dataset/cvactformat.h"
#include "dataset/cvusaformat.h"
#include "io/matfile.h"
#include "synth/syntheticworld.h"

#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>
#include <gdal_priv.h>
#include <ogr_spatialref.h>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <set>
#include <sys/stat.h>

using namespace orinet;

namespace {

SynthOptions tinyOptions(const QString& dir) {
    SynthOptions o;
    o.outDir = dir.toStdString();
    o.pairs = 16;
    o.seed = 42;
    o.tileSize = 64;
    o.tileMetres = 60;
    o.cvusaPanoWidth = 88; // 16 x 88
    o.cvactPanoWidth = 64; // 32 x 64
    o.worldMetres = 320;   // 640 px at 0.5 m
    o.nearbyFraction = 0.5;
    o.threads = 2;
    return o;
}

QByteArray readAll(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

//! Relative path -> bytes of every file below root.
std::map<QString, QByteArray> snapshot(const QString& root) {
    std::map<QString, QByteArray> out;
    QDirIterator it(root, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        out[QDir(root).relativeFilePath(path)] = readAll(path);
    }
    return out;
}

} // namespace

class TestSyntheticWorld : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void bothLayoutsAreComplete();
    void cvusaCsvLinesAreWellFormed();
    void actDataMatHasTheRightVariables();
    void geotiffMapsEachPairToItsTileCentre();
    void annotationsAreClassLabels();
    void nearbyLocationsExist();
    void sameSeedSameBytesDifferentSeedDifferentWorld();
    void badOptionsThrow_data();
    void badOptionsThrow();
    void refusesForeignFolderAndCancels();

private:
    QTemporaryDir mDir;
    QString mRoot;
    SynthSummary mSummary;
};

void TestSyntheticWorld::initTestCase() {
    mRoot = mDir.filePath("world");
    Feedback feedback;
    double last = -1;
    bool monotonic = true;
    feedback.setProgressCallback([&](double f, const std::string&) {
        // reported from worker threads, but never backwards
        monotonic = monotonic && f >= last;
        last = f;
    });
    mSummary = SyntheticWorld::generate(tinyOptions(mRoot), feedback);
    QVERIFY(monotonic);
    QCOMPARE(feedback.progress(), 1.0);
}

void TestSyntheticWorld::bothLayoutsAreComplete() {
    QCOMPARE(mSummary.pairs.size(), size_t(16));
    QCOMPARE(mSummary.trainCount + mSummary.valCount + mSummary.testCount, 16);
    QVERIFY(mSummary.trainCount >= 10 && mSummary.valCount >= 1 && mSummary.testCount >= 1);
    for (const char* f :
         {"world.tif", "world_height.tif", "world.json", "pairs.csv", "cvact/ACT_data.mat",
          "cvusa/splits/train-19zl.csv", "cvusa/splits/val-19zl.csv"})
        QVERIFY2(QFile::exists(mRoot + "/" + f), f);
    const QString cvusa = QString::fromStdString(mSummary.cvusaRoot);
    const QString cvact = QString::fromStdString(mSummary.cvactRoot);
    for (const SynthPair& p : mSummary.pairs) {
        const cv::Mat pano = cv::imread(
            (cvusa + "/" + QString::fromStdString(CvusaFormat::panoramaPath(p.id))).toStdString());
        QCOMPARE(pano.size(), cv::Size(88, 16)); // 224:1232
        const cv::Mat sphere = cv::imread(
            (cvact + "/" + QString::fromStdString(CvactFormat::panoramaPath(p.id))).toStdString());
        QCOMPARE(sphere.size(), cv::Size(64, 32)); // 1:2
        const QString tileA =
            cvusa + "/" + QString::fromStdString(CvusaFormat::satellitePath(p.id));
        const QString tileB =
            cvact + "/" + QString::fromStdString(CvactFormat::satellitePath(p.id));
        QCOMPARE(cv::imread(tileA.toStdString()).size(), cv::Size(64, 64));
        QCOMPARE(readAll(tileA), readAll(tileB));
        struct stat a {};
        struct stat b {};
        QCOMPARE(::stat(tileA.toLocal8Bit().constData(), &a), 0);
        QCOMPARE(::stat(tileB.toLocal8Bit().constData(), &b), 0);
        QCOMPARE(a.st_ino == b.st_ino, mSummary.hardLinks);
    }
    const QJsonObject meta = QJsonDocument::fromJson(readAll(mRoot + "/world.json")).object();
    QCOMPARE(meta["status"].toString(), QString("complete"));
    QCOMPARE(meta["seed"].toInt(), 42);
    QCOMPARE(meta["pairs"].toInt(), 16);
    QCOMPARE(meta["crs"].toObject()["epsg"].toInt(), 32755);
    QCOMPARE(meta["world"].toObject()["width_px"].toInt(), 640);
    QCOMPARE(meta["split"].toObject()["test"].toInt(), mSummary.testCount);
    QCOMPARE(meta["cvusa"].toObject()["panorama_rows"].toInt(), 16);
    // Readers find a world's files through SyntheticWorld, from the root or a layout folder.
    QCOMPARE(SyntheticWorld::imageFile(mSummary.root), mSummary.worldImage);
    QCOMPARE(SyntheticWorld::metadataFile(mSummary.root), mSummary.metadata);
    for (const std::string& root : {mSummary.root, mSummary.cvusaRoot, mSummary.cvactRoot}) {
        const auto tiles = SyntheticWorld::tileGeometryBeside(root);
        QVERIFY(tiles);
        QCOMPARE(tiles->size, meta["tile"].toObject()["size"].toInt());
        QCOMPARE(tiles->metres, meta["tile"].toObject()["metres"].toDouble());
        QVERIFY(QFileInfo(QString::fromStdString(SyntheticWorld::imageBeside(root))).isFile());
    }
    QVERIFY(!SyntheticWorld::tileGeometryBeside(mDir.filePath("nowhere").toStdString()));
    QVERIFY(SyntheticWorld::imageBeside(mDir.filePath("nowhere").toStdString()).empty());
    // no temporary files left behind
    for (const auto& [path, bytes] : snapshot(mRoot))
        QVERIFY2(!path.contains(".part") && !path.contains(".tmp-"), qPrintable(path));
}

void TestSyntheticWorld::cvusaCsvLinesAreWellFormed() {
    const QRegularExpression line("^bingmap/19/(\\d{7})\\.jpg,streetview/panos/(\\d{7})\\.jpg,"
                                  "streetview/annotations/(\\d{7})\\.png$");
    std::set<QString> seen;
    const QString cvusa = QString::fromStdString(mSummary.cvusaRoot);
    int lines = 0;
    for (const char* name : {"train-19zl.csv", "val-19zl.csv", "test-19zl.csv"}) {
        const QByteArray text = readAll(cvusa + "/splits/" + name);
        QVERIFY(text.endsWith('\n'));
        for (const QByteArray& raw : text.split('\n')) {
            if (raw.isEmpty())
                continue;
            const auto m = line.match(QString::fromUtf8(raw));
            QVERIFY2(m.hasMatch(), raw.constData());
            QCOMPARE(m.captured(1), m.captured(2));
            QCOMPARE(m.captured(1), m.captured(3));
            QVERIFY2(seen.insert(m.captured(1)).second, "id in two splits");
            for (const char* field : {"bingmap/19/", "streetview/panos/"})
                QVERIFY(QFile::exists(cvusa + "/" + field + m.captured(1) + ".jpg"));
            ++lines;
        }
    }
    QCOMPARE(lines, 16);
    QCOMPARE(readAll(cvusa + "/splits/train-19zl.csv").count('\n'), mSummary.trainCount);
    QCOMPARE(readAll(cvusa + "/splits/val-19zl.csv").count('\n'), mSummary.valCount);
}

void TestSyntheticWorld::actDataMatHasTheRightVariables() {
    MatFile mat(mSummary.cvactRoot + "/ACT_data.mat", MatFile::Mode::Read);
    const std::vector<std::string> ids = mat.readStrings("panoIds");
    QCOMPARE(ids.size(), size_t(16));
    const MatArray utm = mat.readNumeric("utm");
    QCOMPARE(utm.dims, (std::vector<size_t>{16, 2}));
    for (size_t i = 0; i < 16; ++i) {
        QCOMPARE(ids[i], mSummary.pairs[i].id);
        QCOMPARE(utm.at(i, 0), mSummary.pairs[i].utm.easting);
        QCOMPARE(utm.at(i, 1), mSummary.pairs[i].utm.northing);
        // UTM zone 55S near Canberra
        QVERIFY(utm.at(i, 0) > 690000 && utm.at(i, 0) < 690320);
        QVERIFY(utm.at(i, 1) < 6090000 && utm.at(i, 1) > 6089680);
    }
    std::set<int> all;
    const std::pair<const char*, SynthSplit> sets[] = {{"trainSet.trainInd", SynthSplit::Train},
                                                       {"valSet.valInd", SynthSplit::Val},
                                                       {"valSetAll.valInd", SynthSplit::Test}};
    for (const auto& [name, split] : sets) {
        const MatArray ind = mat.readNumeric(name);
        QCOMPARE(ind.dims.size(), size_t(2));
        QCOMPARE(ind.dims[1], size_t(1)); // column vector
        for (double v : ind.values) {
            QVERIFY(v >= 1 && v <= 16 && v == std::floor(v)); // 1-based
            QVERIFY(all.insert(static_cast<int>(v)).second);
            QCOMPARE(mSummary.pairs[static_cast<size_t>(v) - 1].split, split);
        }
    }
    QCOMPARE(all.size(), size_t(16));
}

void TestSyntheticWorld::geotiffMapsEachPairToItsTileCentre() {
    // read world.tif with GDAL itself, not through our reader
    GDALAllRegister();
    GDALDataset* ds =
        static_cast<GDALDataset*>(GDALOpen((mSummary.root + "/world.tif").c_str(), GA_ReadOnly));
    QVERIFY(ds);
    const OGRSpatialReference* srs = ds->GetSpatialRef();
    QVERIFY(srs);
    QCOMPARE(QString(srs->GetAuthorityCode(nullptr)), QString("32755"));
    QVERIFY(ds->GetRasterBand(1)->GetOverviewCount() >= 2);
    double gt[6];
    QCOMPARE(ds->GetGeoTransform(gt), CE_None);
    QCOMPARE(gt[2], 0.0);
    QCOMPARE(gt[4], 0.0);
    const int cols = ds->GetRasterXSize();
    const int rows = ds->GetRasterYSize();
    cv::Mat world(rows, cols, CV_8UC3);
    int bandMap[3] = {3, 2, 1}; // into BGR
    QCOMPARE(ds->RasterIO(GF_Read, 0, 0, cols, rows, world.data, cols, rows, GDT_Byte, 3, bandMap,
                          3, cols * 3, 1),
             CE_None);
    GDALClose(ds);

    const double tileMetres = 60;
    const int size = 64;
    const double scale = tileMetres / size / gt[1]; // world pixels per tile pixel
    for (const SynthPair& p : mSummary.pairs) {
        // GDAL geotransform: pixel corner (x, y) <-> (gt0 + x·gt1, gt3 + y·gt5); pixel centres at
        // +0.5, so the recorded UTM sits at OpenCV coordinate ((E-gt0)/gt1 - 0.5, ...)
        const double x = (p.utm.easting - gt[0]) / gt[1] - 0.5;
        const double y = (p.utm.northing - gt[3]) / gt[5] - 0.5;
        const double half = (size - 1) / 2.0;
        const cv::Matx23d inverse(scale, 0, x - scale * half, 0, scale, y - scale * half);
        cv::Mat expected;
        cv::warpAffine(world, expected, inverse, cv::Size(size, size),
                       cv::INTER_LINEAR | cv::WARP_INVERSE_MAP);
        const cv::Mat tile =
            cv::imread(mSummary.cvusaRoot + "/" + CvusaFormat::satellitePath(p.id));
        const cv::Rect inner(8, 8, size - 16, size - 16);
        const double error =
            cv::norm(tile(inner), expected(inner), cv::NORM_L1) / (inner.area() * 3.0);
        // two metres off already differs clearly; JPEG noise stays below that (edges of roads and
        // roofs)
        const cv::Matx23d shifted(scale, 0, x - scale * half + 2.0 / gt[1], 0, scale,
                                  y - scale * half);
        cv::Mat wrong;
        cv::warpAffine(world, wrong, shifted, cv::Size(size, size),
                       cv::INTER_LINEAR | cv::WARP_INVERSE_MAP);
        const double wrongError =
            cv::norm(tile(inner), wrong(inner), cv::NORM_L1) / (inner.area() * 3.0);
        QVERIFY2(error < 8.0 && error < 0.5 * wrongError,
                 qPrintable(
                     QString("%1: %2 vs shifted %3").arg(p.id.c_str()).arg(error).arg(wrongError)));
    }
}

void TestSyntheticWorld::annotationsAreClassLabels() {
    for (const SynthPair& p : mSummary.pairs) {
        const cv::Mat labels = cv::imread(
            mSummary.cvusaRoot + "/" + CvusaFormat::annotationPath(p.id), cv::IMREAD_UNCHANGED);
        QCOMPARE(labels.type(), CV_8UC1);
        QCOMPARE(labels.size(), cv::Size(88, 16));
        double maxValue = 0;
        cv::minMaxLoc(labels, nullptr, &maxValue);
        QVERIFY(maxValue <= 5);
        // the band reaches ~33° up: the top row is mostly sky, the bottom row never is
        QVERIFY(cv::countNonZero(labels.row(0) == 0) > 0);
        QCOMPARE(cv::countNonZero(labels.row(15) == 0), 0);
        QVERIFY(cv::countNonZero(labels.row(15) == 2) > 0); // the camera stands on a road
    }
}

void TestSyntheticWorld::nearbyLocationsExist() {
    int close = 0;
    for (size_t i = 0; i < mSummary.pairs.size(); ++i)
        for (size_t j = i + 1; j < mSummary.pairs.size(); ++j) {
            const double d =
                std::hypot(mSummary.pairs[i].utm.easting - mSummary.pairs[j].utm.easting,
                           mSummary.pairs[i].utm.northing - mSummary.pairs[j].utm.northing);
            if (d >= 4.99 && d <= 25.01)
                ++close;
        }
    QVERIFY2(close >= 2, qPrintable(QString::number(close)));
}

void TestSyntheticWorld::sameSeedSameBytesDifferentSeedDifferentWorld() {
    SynthOptions again = tinyOptions(mDir.filePath("again"));
    again.threads = 1;   // a different thread count must not matter
    QTest::qSleep(1100); // and neither the clock (file headers must not carry a timestamp)
    Feedback feedback;
    SyntheticWorld::generate(again, feedback);
    const auto a = snapshot(mRoot);
    const auto b = snapshot(mDir.filePath("again"));
    QCOMPARE(a.size(), b.size());
    for (const auto& [path, bytes] : a) {
        QVERIFY2(b.count(path), qPrintable(path));
        QVERIFY2(b.at(path) == bytes, qPrintable(path + " differs"));
    }

    SynthOptions other = tinyOptions(mDir.filePath("other"));
    other.seed = 43;
    const SynthSummary o = SyntheticWorld::generate(other, feedback);
    QVERIFY(readAll(mRoot + "/world.tif") != readAll(mDir.filePath("other/world.tif")));
    int moved = 0;
    for (size_t i = 0; i < o.pairs.size(); ++i)
        moved += o.pairs[i].utm.easting != mSummary.pairs[i].utm.easting;
    QVERIFY(moved > 12);
}

void TestSyntheticWorld::badOptionsThrow_data() {
    QTest::addColumn<QString>("field");
    QTest::addColumn<double>("value");
    QTest::newRow("no pairs") << "pairs" << 0.0;
    QTest::newRow("tiny tile") << "tileSize" << 4.0;
    QTest::newRow("odd CVACT width") << "cvactPanoWidth" << 65.0;
    QTest::newRow("narrow CVUSA") << "cvusaPanoWidth" << 10.0;
    QTest::newRow("tile wider than the world") << "tileMetres" << 300.0;
    QTest::newRow("zero pixel size") << "pixelSize" << 0.0;
    QTest::newRow("huge world") << "worldMetres" << 100000.0;
    QTest::newRow("fractions over 1") << "valFraction" << 0.5;
    QTest::newRow("JPEG quality") << "jpegQuality" << 0.0;
}

void TestSyntheticWorld::badOptionsThrow() {
    QFETCH(QString, field);
    QFETCH(double, value);
    SynthOptions o = tinyOptions(mDir.filePath("bad"));
    if (field == "pairs")
        o.pairs = static_cast<int>(value);
    else if (field == "tileSize")
        o.tileSize = static_cast<int>(value);
    else if (field == "cvactPanoWidth")
        o.cvactPanoWidth = static_cast<int>(value);
    else if (field == "cvusaPanoWidth")
        o.cvusaPanoWidth = static_cast<int>(value);
    else if (field == "tileMetres")
        o.tileMetres = value;
    else if (field == "pixelSize")
        o.pixelSize = value;
    else if (field == "worldMetres")
        o.worldMetres = value;
    else if (field == "valFraction")
        o.valFraction = value;
    else if (field == "jpegQuality")
        o.jpegQuality = static_cast<int>(value);
    Feedback feedback;
    QVERIFY_THROWS_EXCEPTION(Error, SyntheticWorld::generate(o, feedback));
    QVERIFY(!QFile::exists(mDir.filePath("bad"))); // validated before touching the disk
}

void TestSyntheticWorld::refusesForeignFolderAndCancels() {
    // a folder holding something else (say, a real dataset) is never written into
    const QString foreign = mDir.filePath("foreign");
    QDir().mkpath(foreign);
    {
        QFile f(foreign + "/ACT_data.mat");
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("precious");
    }
    Feedback feedback;
    try {
        SyntheticWorld::generate(tinyOptions(foreign), feedback);
        QFAIL("wrote into a foreign folder");
    } catch (const Error& e) {
        QVERIFY2(QString(e.what()).contains("refusing"), e.what());
    }
    QCOMPARE(readAll(foreign + "/ACT_data.mat"), QByteArray("precious"));
    QCOMPARE(QDir(foreign).entryList(QDir::NoDotAndDotDot | QDir::AllEntries).size(), 1);

    // cancel after the first few pairs
    Feedback cancel;
    cancel.setProgressCallback([&](double, const std::string& message) {
        if (message.rfind("pair 3/", 0) == 0)
            cancel.cancel();
    });
    QVERIFY_THROWS_EXCEPTION(Canceled,
                             SyntheticWorld::generate(tinyOptions(mDir.filePath("c")), cancel));
    // regenerating into our own (incomplete) folder is allowed
    Feedback fresh;
    const SynthSummary s = SyntheticWorld::generate(tinyOptions(mDir.filePath("c")), fresh);
    QCOMPARE(s.pairs.size(), size_t(16));
    QVERIFY(readAll(mDir.filePath("c/world.json")).contains("\"complete\""));
    // fewer pairs the next time: the extra images go, nothing else does
    QFile note(mDir.filePath("c/notes.txt"));
    QVERIFY(note.open(QIODevice::WriteOnly));
    note.close();
    SynthOptions fewer = tinyOptions(mDir.filePath("c"));
    fewer.pairs = 10;
    SyntheticWorld::generate(fewer, fresh);
    QVERIFY(QFile::exists(mDir.filePath("c/cvusa/bingmap/19/0000010.jpg")));
    QVERIFY(!QFile::exists(mDir.filePath("c/cvusa/bingmap/19/0000011.jpg")));
    QVERIFY(!QFile::exists(mDir.filePath("c/cvact/streetview/0000016_grdView.jpg")));
    QVERIFY(QFile::exists(mDir.filePath("c/notes.txt")));
}

QTEST_APPLESS_MAIN(TestSyntheticWorld)
#include "tst_syntheticworld.moc"
