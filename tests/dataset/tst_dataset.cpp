#include "common/error.h"
#include "common/feedback.h"
#include "dataset/dataset.h"
#include "dataset/imageheader.h"
#include "io/matfile.h"

#include "datasetfixture.h"

#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QtTest>

// QCOMPARE cannot print DatasetLayout (orinet::toString returns std::string, which QTest's
// ADL lookup finds): layouts are compared with QVERIFY.

#include <fstream>

using namespace orinet;
using namespace orinet::testing;

namespace {

const char* const kHeader = "id,panorama,satellite,easting,northing,zone,lat,lon,split\n";

//! A csv-layout dataset of three good pairs a, b, c in `dir`, plus `extraLines`.
void writeCsvDataset(const QString& dir, const std::string& extraLines = {}) {
    for (const char* id : {"a", "b", "c"}) {
        writeImage(dir + "/pano/" + id + ".jpg", 20, 80);
        writeImage(dir + "/sat/" + id + ".png", 30, 30);
    }
    writeText(dir + "/pairs.csv",
              std::string(kHeader) +
                  "a,pano/a.jpg,sat/a.png,692000.5,6090000.25,55S,,,train\n"
                  "b,pano/b.jpg,./sat/b.png,,,,-35.28,149.13,val;test\n"
                  "\"c\",\"pano/c.jpg\",sat/../sat/c.png,500000,0,33N,,,train\n" +
                  extraLines);
}

std::string message(const std::function<void()>& f) {
    try {
        f();
    } catch (const Error& e) {
        return e.what();
    }
    return {};
}

} // namespace

class TestDataset : public QObject {
    Q_OBJECT
private slots:
    void layoutNames();
    void csvLayout();
    void csvLatLonOnly();
    void csvBadPairs_data();
    void csvBadPairs();
    void csvMalformed_data();
    void csvMalformed();
    void cvusaLayout();
    void cvusaMalformedLine();
    void cvactLayout();
    void cvactBadIndicesAndIds();
    void cvactMissingVariable();
    void autoDetection();
    void imageHeaders();
    void deepCheck();
    void deepCheckProgressAndCancel();
    void openLargeIndex();
};

void TestDataset::layoutNames() {
    for (auto layout :
         {DatasetLayout::Auto, DatasetLayout::Cvusa, DatasetLayout::Cvact, DatasetLayout::Csv})
        QVERIFY(fromString<DatasetLayout>(toString(layout)) == layout);
    const std::string m = message([] { fromString<DatasetLayout>("kitti"); });
    QVERIFY2(QString::fromStdString(m).contains("cvusa, cvact, csv"), m.c_str());
}

void TestDataset::csvLayout() {
    QTemporaryDir dir;
    writeCsvDataset(dir.path());
    const Dataset d = Dataset::open(dir.path().toStdString());
    QVERIFY(d.layout() == DatasetLayout::Csv);
    QVERIFY(d.report().ok());
    QCOMPARE(d.pairs().size(), size_t(3));
    const std::string root = QDir(dir.path()).canonicalPath().toStdString();
    QCOMPARE(d.root(), root);
    QCOMPARE(d.pairs()[0].id, std::string("a"));
    QCOMPARE(d.pairs()[0].panoramaPath, root + "/pano/a.jpg");
    QCOMPARE(d.pairs()[1].satellitePath, root + "/sat/b.png"); // "./" normalised away
    QCOMPARE(d.pairs()[2].satellitePath, root + "/sat/c.png"); // ".." inside the root is fine
    QCOMPARE(d.pairs()[2].id, std::string("c"));               // quotes removed
    QVERIFY(d.pairs()[0].utm.has_value());
    QCOMPARE(d.pairs()[0].utm->easting, 692000.5);
    QCOMPARE(d.pairs()[0].utm->northing, 6090000.25);
    QCOMPARE(d.pairs()[0].utm->zone, 55);
    QVERIFY(d.pairs()[0].utm->south);
    QCOMPARE(d.pairs()[2].utm->zone, 33);
    QVERIFY(!d.pairs()[2].utm->south);
    QVERIFY(d.pairs()[1].latLon.has_value());
    QCOMPARE(d.pairs()[1].latLon->latitude, -35.28);
    QCOMPARE(d.pairs()[1].latLon->longitude, 149.13);
    // Lat/lon only: converted into the zone the dataset already uses (pair a's 55S), so
    // distances between pairs stay meaningful. Canberra is near E 694 km, N 6093 km there.
    QVERIFY(d.pairs()[1].utm.has_value());
    QCOMPARE(d.pairs()[1].utm->zone, 55);
    QVERIFY(d.pairs()[1].utm->south);
    QVERIFY2(std::abs(d.pairs()[1].utm->easting - 694000) < 3000,
             qPrintable(QString::number(d.pairs()[1].utm->easting)));
    QVERIFY2(std::abs(d.pairs()[1].utm->northing - 6093000) < 3000,
             qPrintable(QString::number(d.pairs()[1].utm->northing)));
    QVERIFY(d.hasPositions());
    QCOMPARE(d.splitNames(), (std::vector<std::string>{"test", "train", "val"}));
    QCOMPARE(d.split("train"), (std::vector<size_t>{0, 2}));
    QCOMPARE(d.split("val"), (std::vector<size_t>{1}));
    QCOMPARE(d.split("test"), (std::vector<size_t>{1}));
    const std::string m = message([&] { d.split("holdout"); });
    QVERIFY2(QString::fromStdString(m).contains("no split 'holdout' (splits: test, train, val)"),
             m.c_str());
}

void TestDataset::csvLatLonOnly() {
    QTemporaryDir dir;
    writeImage(dir.path() + "/p.jpg", 20, 80);
    writeImage(dir.path() + "/s.jpg", 30, 30);
    writeText(dir.path() + "/pairs.csv", "id,panorama,satellite,lat,lon,zone\n"
                                         "m1,p.jpg,s.jpg,48.137,11.575,\n"
                                         "m2,p.jpg,s.jpg,48.137,11.585,\n"
                                         "m3,p.jpg,s.jpg,48.137,11.575,33N\n");
    const Dataset d = Dataset::open(dir.path().toStdString());
    // Munich: zone 32 north from the longitude; m3 asks for 33N explicitly.
    QCOMPARE(d.pairs()[0].utm->zone, 32);
    QVERIFY(!d.pairs()[0].utm->south);
    QCOMPARE(d.pairs()[1].utm->zone, 32);
    QCOMPARE(d.pairs()[2].utm->zone, 33);
    // 0.01° of longitude at 48.137° N is about 743 m.
    const double dx = d.pairs()[1].utm->easting - d.pairs()[0].utm->easting;
    const double dy = d.pairs()[1].utm->northing - d.pairs()[0].utm->northing;
    QVERIFY2(std::abs(std::hypot(dx, dy) - 743.0) < 5.0, qPrintable(QString::number(dx)));
    QVERIFY(d.pairs()[2].utm->easting < d.pairs()[0].utm->easting - 200000); // west of 33's centre
}

void TestDataset::csvBadPairs_data() {
    QTest::addColumn<QString>("line");
    QTest::addColumn<QString>("file");   // the file the issue must name ("" = pairs.csv:5)
    QTest::addColumn<QString>("reason"); // part of the reason
    QTest::newRow("missing panorama") << "d,pano/none.jpg,sat/a.png,,,,,,train"
                                      << "pano/none.jpg"
                                      << "missing (listed at ";
    QTest::newRow("missing satellite") << "d,pano/a.jpg,sat/none.png,,,,,,train"
                                       << "sat/none.png"
                                       << "missing";
    QTest::newRow("duplicate id") << "b,pano/a.jpg,sat/a.png,,,,,,train"
                                  << ""
                                  << "duplicate id 'b' (first at ";
    QTest::newRow("escapes root") << "d,../outside.jpg,sat/a.png,,,,,,train"
                                  << ""
                                  << "panorama path '../outside.jpg' is empty or leaves the";
    QTest::newRow("absolute outside") << "d,pano/a.jpg,/etc/passwd,,,,,,train"
                                      << ""
                                      << "satellite path '/etc/passwd' is empty or leaves";
    QTest::newRow("empty path") << "d,,sat/a.png,,,,,,train"
                                << ""
                                << "panorama path '' is empty";
}

void TestDataset::csvBadPairs() {
    QFETCH(QString, line);
    QFETCH(QString, file);
    QFETCH(QString, reason);
    QTemporaryDir dir;
    writeCsvDataset(dir.path(), line.toStdString() + "\n");
    const QString root = QDir(dir.path()).canonicalPath();
    const QString where = file.isEmpty() ? root + "/pairs.csv:5" : root + "/" + file;

    // Default: one Error with the whole summary.
    const QString m = QString::fromStdString(message([&] { Dataset::open(root.toStdString()); }));
    QVERIFY2(m.contains(where + ": " + reason), qPrintable(m));
    QVERIFY2(m.contains("1 problem in 4 pairs"), qPrintable(m));

    // Skipping keeps the three good pairs, untouched.
    OpenOptions skip;
    skip.skipBadPairs = true;
    const Dataset d = Dataset::open(root.toStdString(), DatasetLayout::Csv, skip);
    QCOMPARE(d.pairs().size(), size_t(3));
    QCOMPARE(d.pairs()[2].id, std::string("c"));
    QCOMPARE(d.pairs()[1].satellitePath, root.toStdString() + "/sat/b.png");
    QCOMPARE(d.report().issues.size(), size_t(1));
    QCOMPARE(d.report().skippedPairs, size_t(1));
    QCOMPARE(d.report().skippedSplitEntries, size_t(1));
    QCOMPARE(QString::fromStdString(d.report().issues[0].file), where);
    QCOMPARE(d.split("train"), (std::vector<size_t>{0, 2}));
    QCOMPARE(d.split("val"), (std::vector<size_t>{1}));

    // Keeping lists the problem but keeps every pair (for inspection tools).
    OpenOptions keep;
    keep.keepBadPairs = true;
    const Dataset all = Dataset::open(root.toStdString(), DatasetLayout::Auto, keep);
    QCOMPARE(all.pairs().size(), size_t(4));
    QCOMPARE(all.report().issues.size(), size_t(1));
    QCOMPARE(all.split("train").size(), size_t(3));
}

void TestDataset::csvMalformed_data() {
    QTest::addColumn<QString>("content");
    QTest::addColumn<QString>("expected");
    const QString header = kHeader;
    QTest::newRow("column count") << header + "a,pano/a.jpg,sat/a.png,,,,,,train\nb,x,y\n"
                                  << "pairs.csv:3: 3 columns where the header has 9";
    QTest::newRow("non-numeric easting") << header + "a,pano/a.jpg,sat/a.png,12x,5,55S,,,train\n"
                                         << "pairs.csv:2: column 'easting': '12x' is not a number";
    QTest::newRow("decimal comma") << header + "a,pano/a.jpg,sat/a.png,1,\"5,5\",55S,,,train\n"
                                   << "pairs.csv:2: column 'northing': '5,5' is not a number";
    QTest::newRow("half position") << header + "a,pano/a.jpg,sat/a.png,1,,55S,,,train\n"
                                   << "pairs.csv:2: easting and northing must both be given";
    QTest::newRow("bad zone") << header + "a,pano/a.jpg,sat/a.png,1,2,61S,,,train\n"
                              << "pairs.csv:2: column 'zone': '61S' is not a UTM zone";
    QTest::newRow("latitude") << header + "a,pano/a.jpg,sat/a.png,,,,95,10,train\n"
                              << "pairs.csv:2: lat/lon 95, 10 is outside the globe";
    QTest::newRow("missing column") << "id,panorama,split\na,pano/a.jpg,train\n"
                                    << "pairs.csv:1: header lacks the column 'satellite'";
    QTest::newRow("empty id") << header + ",pano/a.jpg,sat/a.png,,,,,,train\n"
                              << "pairs.csv:2: empty id";
    QTest::newRow("unterminated quote") << header + "\"a,pano/a.jpg,sat/a.png,,,,,,train\n"
                                        << "pairs.csv:2: unterminated quoted field";
    QTest::newRow("empty file") << QString() << "pairs.csv: empty file";
}

void TestDataset::csvMalformed() {
    QFETCH(QString, content);
    QFETCH(QString, expected);
    QTemporaryDir dir;
    writeImage(dir.path() + "/pano/a.jpg", 20, 80);
    writeImage(dir.path() + "/sat/a.png", 30, 30);
    writeText(dir.path() + "/pairs.csv", content.toStdString());
    const QString m =
        QString::fromStdString(message([&] { Dataset::open(dir.path().toStdString()); }));
    QVERIFY2(m.contains(expected), qPrintable(m));
}

void TestDataset::cvusaLayout() {
    QTemporaryDir dir;
    const QString r = dir.path();
    for (const char* id : {"0000019", "0000021", "0000100", "0000200"}) {
        writeImage(r + "/bingmap/19/" + id + ".jpg", 30, 30);
        writeImage(r + "/streetview/panos/" + id + ".jpg", 16, 88);
    }
    // Annotations are listed but do not exist: they are not needed.
    writeText(r + "/splits/train-19zl.csv",
              "bingmap/19/0000019.jpg,streetview/panos/0000019.jpg,"
              "streetview/annotations/0000019.png\n"
              "bingmap/19/0000021.jpg,streetview/panos/0000021.jpg,"
              "streetview/annotations/0000021.png\r\n"
              "bingmap/19/0000100.jpg,streetview/panos/0000100.jpg\n");
    writeText(r + "/splits/val-19zl.csv",
              "bingmap/19/0000200.jpg,streetview/panos/0000200.jpg,x.png\n"
              "bingmap/19/0000300.jpg,streetview/panos/0000300.jpg,x.png\n");
    const std::string root = QDir(r).canonicalPath().toStdString();

    const QString m = QString::fromStdString(message([&] { Dataset::open(root); }));
    QVERIFY2(m.contains(QString::fromStdString(root) +
                        "/streetview/panos/0000300.jpg: missing (listed at " +
                        QString::fromStdString(root) + "/splits/val-19zl.csv:2)"),
             qPrintable(m));

    OpenOptions skip;
    skip.skipBadPairs = true;
    const Dataset d = Dataset::open(root, DatasetLayout::Cvusa, skip);
    QVERIFY(d.layout() == DatasetLayout::Cvusa);
    QCOMPARE(d.pairs().size(), size_t(4));
    QCOMPARE(d.splitNames(), (std::vector<std::string>{"train", "val"}));
    QCOMPARE(d.split("train"), (std::vector<size_t>{0, 1, 2}));
    QCOMPARE(d.split("val"), (std::vector<size_t>{3}));
    QCOMPARE(d.pairs()[1].id, std::string("0000021"));
    QCOMPARE(d.pairs()[1].panoramaPath, root + "/streetview/panos/0000021.jpg");
    QCOMPARE(d.pairs()[1].satellitePath, root + "/bingmap/19/0000021.jpg");
    QVERIFY(!d.pairs()[0].utm && !d.pairs()[0].latLon);
    QCOMPARE(d.report().skippedPairs, size_t(1));
}

void TestDataset::cvusaMalformedLine() {
    QTemporaryDir dir;
    writeText(dir.path() + "/splits/train-19zl.csv", "a.jpg,b.jpg,c.png\na.jpg\n");
    const QString m =
        QString::fromStdString(message([&] { Dataset::open(dir.path().toStdString()); }));
    QVERIFY2(m.contains("train-19zl.csv:2: 1 columns; expected satellite,panorama[,annotation]"),
             qPrintable(m));
}

namespace {

void writeCvact(const QString& r, const std::vector<std::string>& ids,
                const std::vector<double>& trainInd, const std::vector<double>& valInd,
                bool withUtm = true) {
    std::vector<double> utm; // row-major N x 2
    for (size_t i = 0; i < ids.size(); ++i) {
        utm.push_back(690000.0 + 10.0 * i);
        utm.push_back(6090000.0 - 5.0 * i);
    }
    MatFile mat((r + "/ACT_data.mat").toStdString(), MatFile::Mode::Write);
    mat.writeStrings("panoIds", ids);
    if (withUtm)
        mat.writeDouble("utm", utm.data(), ids.size(), 2);
    mat.writeStructOfVectors("trainSet", {{"trainInd", trainInd}});
    mat.writeStructOfVectors("valSet", {{"valInd", valInd}});
    mat.writeStructOfVectors("valSetAll", {{"valInd", {1, 2, 3, 4}}});
}

} // namespace

void TestDataset::cvactLayout() {
    QTemporaryDir dir;
    const QString r = dir.path();
    const std::vector<std::string> ids = {"__-DFIFxvZBCn1873qkqXA", "_0AIrDQGRcXlnb7w_TwPcQ", "p3",
                                          "p4"};
    for (const auto& id : ids) {
        writeImage(r + "/streetview/" + QString::fromStdString(id) + "_grdView.jpg", 16, 32);
        writeImage(r + "/satview_polish/" + QString::fromStdString(id) + "_satView_polish.jpg", 24,
                   24);
    }
    writeCvact(r, ids, {1, 3}, {4});
    const std::string root = QDir(r).canonicalPath().toStdString();
    const Dataset d = Dataset::open(root);
    QVERIFY(d.layout() == DatasetLayout::Cvact);
    QVERIFY2(d.report().ok(), d.report().summary().c_str());
    QCOMPARE(d.pairs().size(), size_t(4));
    QCOMPARE(d.pairs()[1].id, ids[1]);
    QCOMPARE(d.pairs()[1].panoramaPath, root + "/streetview/" + ids[1] + "_grdView.jpg");
    QCOMPARE(d.pairs()[1].satellitePath,
             root + "/satview_polish/" + ids[1] + "_satView_polish.jpg");
    QVERIFY(d.hasPositions());
    QCOMPARE(d.pairs()[2].utm->easting, 690020.0);
    QCOMPARE(d.pairs()[2].utm->northing, 6089990.0);
    QCOMPARE(d.pairs()[2].utm->zone, 55);
    QVERIFY(d.pairs()[2].utm->south);
    QCOMPARE(d.split("train"), (std::vector<size_t>{0, 2})); // 1-based in the file
    QCOMPARE(d.split("val"), (std::vector<size_t>{3}));
    QCOMPARE(d.split("test"), (std::vector<size_t>{0, 1, 2, 3}));
}

void TestDataset::cvactBadIndicesAndIds() {
    QTemporaryDir dir;
    const QString r = dir.path();
    const std::vector<std::string> ids = {"p1", "p2", "../p3", "p4"};
    for (const auto& id : {"p1", "p2", "p4"}) {
        writeImage(r + "/streetview/" + id + "_grdView.jpg", 16, 32);
        writeImage(r + "/satview_polish/" + id + "_satView_polish.jpg", 24, 24);
    }
    writeCvact(r, ids, {1, 2, 7, 2.5}, {4, 0});
    const std::string root = QDir(r).canonicalPath().toStdString();
    const QString m = QString::fromStdString(message([&] { Dataset::open(root); }));
    QVERIFY2(m.contains("ACT_data.mat: trainSet.trainInd(3) = 7 is not an index in 1..4"),
             qPrintable(m));
    QVERIFY2(m.contains("ACT_data.mat: trainSet.trainInd(4) = 2.5 is not an index"), qPrintable(m));
    QVERIFY2(m.contains("ACT_data.mat: valSet.valInd(2) = 0 is not an index"), qPrintable(m));
    QVERIFY2(m.contains("panoIds{3}: id '../p3' is empty or is not a plain file name"),
             qPrintable(m));
    QVERIFY2(m.contains("4 problems"), qPrintable(m));

    OpenOptions skip;
    skip.skipBadPairs = true;
    const Dataset d = Dataset::open(root, DatasetLayout::Cvact, skip);
    QCOMPARE(d.pairs().size(), size_t(3));
    QCOMPARE(d.pairs()[2].id, std::string("p4"));
    QCOMPARE(d.split("train"), (std::vector<size_t>{0, 1}));
    QCOMPARE(d.split("val"), (std::vector<size_t>{2}));
    QCOMPARE(d.split("test"), (std::vector<size_t>{0, 1, 2}));
    QCOMPARE(d.pairs()[2].utm->easting, 690030.0); // positions stay with their pairs
}

void TestDataset::cvactMissingVariable() {
    QTemporaryDir dir;
    writeCvact(dir.path(), {"p1"}, {1}, {1}, /*withUtm=*/false);
    const QString m =
        QString::fromStdString(message([&] { Dataset::open(dir.path().toStdString()); }));
    QVERIFY2(m.contains("ACT_data.mat: variable 'utm' is missing"), qPrintable(m));
}

void TestDataset::autoDetection() {
    QTemporaryDir dir;
    const std::string root = dir.path().toStdString();
    QString m = QString::fromStdString(message([&] { Dataset::detectLayout(root); }));
    QVERIFY2(m.contains("no dataset found: expected pairs.csv"), qPrintable(m));
    m = QString::fromStdString(message([&] { Dataset::open(root + "/nothere"); }));
    QVERIFY2(m.contains("nothere: is not a folder"), qPrintable(m));

    writeText(dir.path() + "/splits/mine.csv", "");
    QVERIFY(Dataset::detectLayout(root) == DatasetLayout::Cvusa);
    writeCvact(dir.path(), {"p1"}, {1}, {1});
    QVERIFY(Dataset::detectLayout(root) == DatasetLayout::Cvact);
    writeCsvDataset(dir.path());
    QVERIFY(Dataset::detectLayout(root) == DatasetLayout::Csv);
    // An explicit layout wins over detection.
    m = QString::fromStdString(message([&] { Dataset::open(root, DatasetLayout::Cvusa); }));
    QVERIFY2(m.contains("neither splits/train-19zl.csv nor splits/val-19zl.csv"), qPrintable(m));
}

void TestDataset::imageHeaders() {
    QTemporaryDir dir;
    for (const char* ext : {"jpg", "png", "bmp", "tiff"}) {
        const QString path = dir.path() + "/i." + ext;
        writeImage(path, 37, 101);
        const ImageHeader h = ImageHeader::read(path.toStdString());
        QCOMPARE(h.width, 101);
        QCOMPARE(h.height, 37);
    }
    QCOMPARE(ImageHeader::read((dir.path() + "/i.png").toStdString()).format, std::string("png"));
    writeText(dir.path() + "/empty.jpg", "");
    QVERIFY(message([&] {
                ImageHeader::read((dir.path() + "/empty.jpg").toStdString());
            }).find("empty.jpg: empty file") != std::string::npos);
}

void TestDataset::deepCheck() {
    QTemporaryDir dir;
    const QString r = dir.path();
    writeCsvDataset(r, "d,pano/d.jpg,sat/d.png,,,,,,train\n"
                       "e,pano/e.jpg,sat/e.png,,,,,,train\n"
                       "f,pano/f.png,sat/f.jpg,,,,,,train\n"
                       "g,pano/g.jpg,sat/g.png,,,,,,train\n");
    writeCorruptJpeg(r + "/pano/d.jpg");
    writeImage(r + "/sat/d.png", 30, 30);
    writeImage(r + "/pano/e.jpg", 20, 80);
    writeImage(r + "/sat/e.png", 30, 40);  // not square
    writeImage(r + "/pano/f.png", 80, 20); // taller than wide
    writeImage(r + "/sat/f.jpg", 30, 30);
    {
        // A download cut short: the first half of a valid JPEG.
        writeImage(r + "/pano/g.jpg", 20, 80);
        std::ifstream in((r + "/pano/g.jpg").toStdString(), std::ios::binary);
        std::string bytes((std::istreambuf_iterator<char>(in)), {});
        writeText(r + "/pano/g.jpg", bytes.substr(0, bytes.size() / 2));
        writeImage(r + "/sat/g.png", 30, 30);
    }
    const std::string root = QDir(r).canonicalPath().toStdString();
    // The quick open finds nothing: the files exist.
    QVERIFY(Dataset::open(root).report().ok());

    OpenOptions deep;
    deep.checkImages = true;
    const QString m = QString::fromStdString(message([&] { Dataset::open(root, {}, deep); }));
    QVERIFY2(m.contains("4 problems in 7 pairs"), qPrintable(m));
    QVERIFY2(m.contains(QString::fromStdString(root) + "/pano/d.jpg: corrupt JPEG"), qPrintable(m));
    QVERIFY2(m.contains("/sat/e.png: satellite tile is 40x30; expected square"), qPrintable(m));
    QVERIFY2(m.contains("/pano/f.png: panorama is 20x80 (width x height); expected wider"),
             qPrintable(m));
    QVERIFY2(m.contains("/pano/g.jpg: truncated JPEG"), qPrintable(m));

    deep.skipBadPairs = true;
    const Dataset d = Dataset::open(root, {}, deep);
    QCOMPARE(d.pairs().size(), size_t(3));
    QCOMPARE(d.pairs()[2].id, std::string("c"));
    QCOMPARE(d.split("train"), (std::vector<size_t>{0, 2}));
    QCOMPARE(d.report().skippedPairs, size_t(4));
}

void TestDataset::deepCheckProgressAndCancel() {
    QTemporaryDir dir;
    std::string csv = kHeader;
    writeImage(dir.path() + "/p.jpg", 10, 40);
    writeImage(dir.path() + "/s.jpg", 12, 12);
    for (int i = 0; i < 100; ++i)
        csv += "id" + std::to_string(i) + ",p.jpg,s.jpg,,,,,,train\n";
    writeText(dir.path() + "/pairs.csv", csv);
    const Dataset d = Dataset::open(dir.path().toStdString());

    Feedback feedback;
    std::vector<double> fractions;
    feedback.setProgressCallback([&](double f, const std::string&) { fractions.push_back(f); });
    QVERIFY(d.checkImages(&feedback).ok());
    QVERIFY(fractions.size() >= 4);
    QCOMPARE(fractions.back(), 1.0);
    QVERIFY(std::is_sorted(fractions.begin(), fractions.end()));

    Feedback canceling;
    int calls = 0;
    canceling.setProgressCallback([&](double, const std::string&) {
        if (++calls == 2)
            canceling.cancel();
    });
    QVERIFY_THROWS_EXCEPTION(Canceled, d.checkImages(&canceling));
    QCOMPARE(calls, 2);
}

void TestDataset::openLargeIndex() {
    // A CVUSA-sized-and-more index: 100,000 pairs. Only the index is timed; existence checks
    // are off because creating 200,000 files would dominate the test.
    QTemporaryDir dir;
    std::string csv;
    csv.reserve(100000 * 100);
    char line[160];
    for (int i = 0; i < 100000; ++i) {
        std::snprintf(line, sizeof line,
                      "bingmap/19/%07d.jpg,streetview/panos/%07d.jpg,"
                      "streetview/annotations/%07d.png\n",
                      i, i, i);
        csv += line;
    }
    writeText(dir.path() + "/splits/train-19zl.csv", csv);
    OpenOptions options;
    options.checkFilesExist = false;
    QElapsedTimer timer;
    timer.start();
    const Dataset d = Dataset::open(dir.path().toStdString(), DatasetLayout::Auto, options);
    const qint64 indexMs = timer.elapsed();
    QCOMPARE(d.pairs().size(), size_t(100000));
    QCOMPARE(d.pairs()[99999].id, std::string("0099999"));
    QVERIFY(d.report().ok());

    // With existence checks (all files missing: stat() fails fast, every pair is listed).
    options.checkFilesExist = true;
    options.keepBadPairs = true;
    timer.restart();
    const Dataset missing = Dataset::open(dir.path().toStdString(), DatasetLayout::Auto, options);
    const qint64 statMs = timer.elapsed();
    QCOMPARE(missing.report().issues.size(), size_t(200000)); // both images of every pair
    qInfo("open 100,000-pair CVUSA index: %lld ms (index only), %lld ms (with 200,000 stat())",
          indexMs, statMs);
}

QTEST_APPLESS_MAIN(TestDataset)
#include "tst_dataset.moc"
