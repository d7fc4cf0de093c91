// Each dataset format's writer and reader agree: what a writer puts down, the reader (through
// Dataset::open) reads back, with the names the format owns.

#include "common/error.h"
#include "dataset/csvtokenizer.h"
#include "dataset/cvactformat.h"
#include "dataset/cvusaformat.h"
#include "dataset/dataset.h"
#include "dataset/pairscsvformat.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace orinet;

class TestDatasetFormats : public QObject {
    Q_OBJECT

private slots:
    void tokenizer();
    void pairsCsvRoundTrip();
    void cvusaRoundTrip();
    void cvactRoundTrip();
    void cvactWriteKeepsOldFileOnError();
};

namespace {

OpenOptions indexOnly() {
    OpenOptions o;
    o.checkFilesExist = false;
    return o;
}

} // namespace

void TestDatasetFormats::tokenizer() {
    QCOMPARE(CsvTokenizer::splitLine(" a , \"b,c\",\"d\"\"e\"", "x"),
             (std::vector<std::string>{"a", "b,c", "d\"e"}));
    QVERIFY_THROWS_EXCEPTION(Error, CsvTokenizer::splitLine("\"open", "f:3"));
    std::vector<size_t> numbers;
    CsvTokenizer::forEachLine("\xEF\xBB\xBF"
                              "a\r\n\n  \nb",
                              [&](size_t n, std::string_view line) {
                                  numbers.push_back(n);
                                  QVERIFY(line == "a" || line == "b");
                              });
    QCOMPARE(numbers, (std::vector<size_t>{1, 4}));
    QCOMPARE(CsvTokenizer::parseNumber("+1e3", "f:1", "x"), 1000.0);
    try {
        CsvTokenizer::parseNumber("1,5", "f:7", "easting");
        QFAIL("accepted a decimal comma");
    } catch (const Error& e) {
        QVERIFY2(QString(e.what()).contains("f:7") && QString(e.what()).contains("easting"),
                 e.what());
    }
}

void TestDatasetFormats::pairsCsvRoundTrip() {
    QTemporaryDir dir;
    const std::string root = dir.path().toStdString();
    std::vector<PairsCsvFormat::Row> rows(3);
    rows[0] = {"a,1",
               "p/a.jpg",
               "s/a.jpg",
               UtmPosition{692000.5, 6090000.25, 55, true},
               LatLon{-35.3, 149.1},
               {"train"},
               {"2.300"}};
    rows[1] = {"b",          "p/b.jpg",       "s/b.jpg", UtmPosition{500000, 4000000, 33, false},
               std::nullopt, {"val", "test"}, {"1.000"}};
    rows[2] = {"c", "p/c.jpg", "s/c.jpg", std::nullopt, LatLon{-35.28, 149.13}, {}, {""}};
    PairsCsvFormat::write(root + "/" + PairsCsvFormat::kFileName, rows, {"camera_height"});
    const Dataset d = Dataset::open(root, DatasetLayout::Auto, indexOnly());
    QVERIFY(d.layout() == DatasetLayout::Csv);
    QCOMPARE(d.pairs().size(), size_t(3));
    QCOMPARE(d.pairs()[0].id, std::string("a,1")); // quoted on the way out
    QCOMPARE(d.pairs()[0].panoramaPath, root + "/p/a.jpg");
    QCOMPARE(d.pairs()[0].utm->easting, 692000.5);
    QCOMPARE(d.pairs()[0].utm->zone, 55);
    QVERIFY(d.pairs()[0].utm->south);
    QCOMPARE(d.pairs()[0].latLon->latitude, -35.3);
    QCOMPARE(d.pairs()[1].utm->zone, 33);
    QVERIFY(!d.pairs()[1].utm->south);
    // lat/lon only: converted into the zone the dataset already uses
    QCOMPARE(d.pairs()[2].utm->zone, 55);
    QVERIFY(std::abs(d.pairs()[2].utm->northing - 6093000) < 1500);
    QCOMPARE(d.split("train"), (std::vector<size_t>{0}));
    QCOMPARE(d.split("test"), (std::vector<size_t>{1}));
}

void TestDatasetFormats::cvusaRoundTrip() {
    QTemporaryDir dir;
    const std::string root = dir.path().toStdString();
    QVERIFY(QDir().mkpath(dir.filePath("splits")));
    CvusaFormat::writeList(root + "/" + CvusaFormat::kTrainList,
                           {CvusaFormat::entryFor("0000001"), CvusaFormat::entryFor("0000002")});
    CvusaFormat::writeList(root + "/" + CvusaFormat::kValList, {CvusaFormat::entryFor("0000003")});
    QVERIFY(CvusaFormat::detect(root));
    const Dataset d = Dataset::open(root, DatasetLayout::Auto, indexOnly());
    QVERIFY(d.layout() == DatasetLayout::Cvusa);
    QCOMPARE(d.pairs().size(), size_t(3));
    QCOMPARE(d.pairs()[2].id, std::string("0000003"));
    QCOMPARE(d.pairs()[2].panoramaPath, root + "/" + CvusaFormat::panoramaPath("0000003"));
    QCOMPARE(d.pairs()[2].satellitePath, root + "/bingmap/19/0000003.jpg");
    QCOMPARE(d.split("train").size(), size_t(2));
    QCOMPARE(d.split("val"), (std::vector<size_t>{2}));
}

void TestDatasetFormats::cvactRoundTrip() {
    QTemporaryDir dir;
    const std::string root = dir.path().toStdString();
    CvactFormat::Index index;
    index.ids = {"x1", "x2", "x3", "x4"};
    index.utm = {{690000, 6090000}, {690010, 6090000}, {690020, 6090005}, {690030, 6090000}};
    index.train = {0, 1};
    index.val = {2};
    index.test = {3, 2};
    CvactFormat::write(root + "/" + CvactFormat::kIndexFile, index);
    const Dataset d = Dataset::open(root, DatasetLayout::Auto, indexOnly());
    QVERIFY(d.layout() == DatasetLayout::Cvact);
    QCOMPARE(d.pairs().size(), size_t(4));
    QCOMPARE(d.pairs()[2].utm->northing, 6090005.0);
    QCOMPARE(d.pairs()[2].utm->zone, CvactFormat::kZone);
    QCOMPARE(d.pairs()[1].panoramaPath, root + "/" + CvactFormat::panoramaPath("x2"));
    QCOMPARE(d.pairs()[1].satellitePath, root + "/satview_polish/x2_satView_polish.jpg");
    QCOMPARE(d.split("train"), (std::vector<size_t>{0, 1}));
    QCOMPARE(d.split("val"), (std::vector<size_t>{2}));
    QCOMPARE(d.split("test"), (std::vector<size_t>{3, 2}));
}

void TestDatasetFormats::cvactWriteKeepsOldFileOnError() {
    QTemporaryDir dir;
    const std::string path = dir.filePath("ACT_data.mat").toStdString();
    CvactFormat::Index good;
    good.ids = {"a"};
    good.utm = {{1, 2}};
    good.train = {0};
    CvactFormat::write(path, good);
    QFile file(QString::fromStdString(path));
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray before = file.readAll();
    file.close();
    CvactFormat::Index bad = good;
    bad.val = {5}; // outside the ids
    QVERIFY_THROWS_EXCEPTION(Error, CvactFormat::write(path, bad));
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), before);
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files), QStringList{"ACT_data.mat"});
}

QTEST_APPLESS_MAIN(TestDatasetFormats)
#include "tst_datasetformats.moc"
