// The VIGOR layout as released (docs/vigor.md) read into a QueryGallery: names carry positions,
// label rows give the positive and three semi-positives with pixel offsets, both protocols pick
// their cities and files, and every malformed row is reported with its file and line.

#include "common/error.h"
#include "common/feedback.h"
#include "dataset/dataset.h"
#include "dataset/pairscsvformat.h"
#include "dataset/querygallery.h"
#include "dataset/tileresolution.h"
#include "dataset/vigorformat.h"
#include "datasetfixture.h"
#include "synth/vigorworld.h"

#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <map>

using namespace orinet;
using orinet::testing::writeImage;
using orinet::testing::writeText;

class TestVigorFormat : public QObject {
    Q_OBJECT

private slots:
    void names();
    void readsBothProtocols();
    void checksImages();
    void readsSample4GeoFolders();
    void malformedRowsNameFileAndLine_data();
    void malformedRowsNameFileAndLine();
    void detectLayoutPointsToVigor();
    void oneToOneSplitIsTheSpecialCase();
    void tileResolutionIsTheWorlds_data();
    void tileResolutionIsTheWorlds();
};

namespace {

//! Two tiles per city on a line of longitudes; three panoramas per city (two same-area train,
//! one test). Tile names differ per city so a row naming another city's tile is caught.
struct MiniVigor {
    QTemporaryDir dir;
    std::string root() const { return dir.path().toStdString(); }
    QString path(const std::string& relative) const {
        return dir.filePath(QString::fromStdString(relative));
    }

    static std::string tile(int city, int k) {
        return VigorFormat::satelliteFileName({40.0 + city, -70.0 - 0.001 * k});
    }
    static std::string pano(int city, int i) {
        return VigorFormat::panoramaFileName("p" + std::to_string(city) + "_" + std::to_string(i),
                                             {40.0 + city + 0.0001 * i, -70.0005});
    }
    static std::string row(int city, int i) {
        // positive tile i % 4, offsets i.5 / -i, then the other tiles
        std::string line = pano(city, i);
        for (int k = 0; k < 4; ++k)
            line += " " + tile(city, (i + k) % 4) + " " + std::to_string(i) + ".5 " +
                    std::to_string(-i - k);
        return line;
    }

    MiniVigor() {
        const auto& cities = VigorFormat::cities();
        for (int c = 0; c < 4; ++c) {
            std::string list, all, train, test;
            for (int k = 0; k < 4; ++k)
                list += tile(c, k) + "\n";
            for (int i = 0; i < 3; ++i) {
                all += row(c, i) + "\n";
                (i < 2 ? train : test) += row(c, i) + "\n";
            }
            writeText(path(VigorFormat::satelliteList(cities[c])), list);
            writeText(path(VigorFormat::crossAreaLabelFile(cities[c])), all);
            writeText(path(VigorFormat::labelFile(VigorProtocol::SameArea, "train", cities[c])),
                      train);
            writeText(path(VigorFormat::labelFile(VigorProtocol::SameArea, "test", cities[c])),
                      test);
        }
    }
    //! In the released folders, or where Sample4Geo's loader looks for them.
    void writeImages(bool sample4Geo = false) const {
        const auto& cities = VigorFormat::cities();
        for (int c = 0; c < 4; ++c) {
            const std::string tiles =
                sample4Geo ? "satellite/" + cities[c] : VigorFormat::satelliteFolder(cities[c]);
            const std::string panos =
                sample4Geo ? "ground/" + cities[c] : VigorFormat::panoramaFolder(cities[c]);
            for (int k = 0; k < 4; ++k)
                writeImage(path(tiles + "/" + tile(c, k)), 8, 8);
            for (int i = 0; i < 3; ++i)
                writeImage(path(panos + "/" + pano(c, i)), 8, 16);
        }
    }
};

VigorOptions indexOnly(VigorProtocol protocol, const std::string& split) {
    VigorOptions o;
    o.protocol = protocol;
    o.split = split;
    o.checkFilesExist = false;
    return o;
}

} // namespace

void TestVigorFormat::names() {
    // positions as the released names carry them
    const auto sat = VigorFormat::satellitePosition("satellite_41.8898_-87.6341.png");
    QVERIFY(sat);
    QCOMPARE(sat->latitude, 41.8898);
    QCOMPARE(sat->longitude, -87.6341);
    const auto pano = VigorFormat::panoramaPosition("-_0aBcD9EfGh,40.7128012,-74.0059987,.jpg");
    QVERIFY(pano);
    QCOMPARE(pano->latitude, 40.7128012);
    QCOMPARE(pano->longitude, -74.0059987);
    // not of the form: no position rather than a wrong one
    QVERIFY(!VigorFormat::satellitePosition("tile_41.8_-87.6.png"));
    QVERIFY(!VigorFormat::satellitePosition("satellite_41.8x_-87.6.png"));
    QVERIFY(!VigorFormat::satellitePosition("satellite_95.0_-87.6.png"));
    QVERIFY(!VigorFormat::panoramaPosition("abc.jpg"));
    QVERIFY(!VigorFormat::panoramaPosition("abc,40.1,north,.jpg"));
    // the writer's names read back to the position, to 7 decimals, without the locale
    const LatLon p{-35.2809371, 149.1300092};
    QCOMPARE(VigorFormat::satelliteFileName(p),
             std::string("satellite_-35.2809371_149.1300092.png"));
    const auto back = VigorFormat::panoramaPosition(VigorFormat::panoramaFileName("x", p));
    QVERIFY(back);
    QVERIFY(std::abs(back->latitude - p.latitude) < 1e-9);
    QVERIFY(std::abs(back->longitude - p.longitude) < 1e-9);
}

void TestVigorFormat::readsBothProtocols() {
    MiniVigor mini;
    const auto& cities = VigorFormat::cities();

    const QueryGallery same =
        VigorFormat::read(mini.root(), indexOnly(VigorProtocol::SameArea, "train"));
    QCOMPARE(same.galleryCount(), int64_t(16)); // every tile of the four cities
    QCOMPARE(same.queryCount(), int64_t(8));    // two train rows per city
    QCOMPARE(same.positionKind(), QueryGallery::PositionKind::LatLon);
    QVERIFY(same.hasOffsets());
    for (int64_t q = 0; q < same.queryCount(); ++q) {
        const int c = static_cast<int>(q / 2);
        const int i = static_cast<int>(q % 2);
        QCOMPARE(same.query(q).name, MiniVigor::pano(c, i));
        QCOMPARE(same.query(q).group, cities[c]);
        // gallery: cities in order, tiles in list order
        QCOMPARE(same.positive(q), c * 4 + i % 4);
        QCOMPARE(same.galleryItem(same.positive(q)).name, MiniVigor::tile(c, i % 4));
        const std::vector<int> semi = same.semiPositives(q);
        QCOMPARE(semi.size(), size_t(3));
        for (int k = 1; k < 4; ++k) {
            QCOMPARE(semi[k - 1], c * 4 + (i + k) % 4);
            QVERIFY(same.covers(q, semi[k - 1]));
        }
        QVERIFY(!same.covers(q, (c + 1) % 4 * 4));
        QCOMPARE(same.positiveOffset(q).row, i + 0.5);
        QCOMPARE(same.positiveOffset(q).col, double(-i));
        QCOMPARE(same.semiOffsets(q)[2].col, double(-i - 3));
        QVERIFY(std::abs(same.queryLatLon(q).latitude - (40.0 + c + 0.0001 * i)) < 1e-9);
        QCOMPARE(same.query(q).path, mini.root() + "/" + VigorFormat::panoramaFolder(cities[c]) +
                                         "/" + MiniVigor::pano(c, i));
    }
    const QueryGallery sameTest =
        VigorFormat::read(mini.root(), indexOnly(VigorProtocol::SameArea, "test"));
    QCOMPARE(sameTest.queryCount(), int64_t(4));
    QCOMPARE(sameTest.galleryCount(), int64_t(16));

    // cross-area: train on NewYork + Seattle, test on SanFrancisco + Chicago, all rows of each
    const QueryGallery crossTrain =
        VigorFormat::read(mini.root(), indexOnly(VigorProtocol::CrossArea, "train"));
    const QueryGallery crossTest =
        VigorFormat::read(mini.root(), indexOnly(VigorProtocol::CrossArea, "test"));
    QCOMPARE(crossTrain.queryCount(), int64_t(6));
    QCOMPARE(crossTest.queryCount(), int64_t(6));
    QCOMPARE(crossTrain.galleryCount(), int64_t(8));
    QCOMPARE(crossTest.galleryCount(), int64_t(8));
    std::map<std::string, int> trainCities, testCities;
    for (int64_t q = 0; q < 6; ++q) {
        ++trainCities[crossTrain.query(q).group];
        ++testCities[crossTest.query(q).group];
    }
    QCOMPARE(trainCities, (std::map<std::string, int>{{"NewYork", 3}, {"Seattle", 3}}));
    QCOMPARE(testCities, (std::map<std::string, int>{{"Chicago", 3}, {"SanFrancisco", 3}}));
    QCOMPARE(crossTest.galleryItem(0).group, std::string("SanFrancisco"));

    QVERIFY_THROWS_EXCEPTION(
        Error, VigorFormat::read(mini.root(), indexOnly(VigorProtocol::SameArea, "val")));
}

void TestVigorFormat::checksImages() {
    MiniVigor mini;
    VigorOptions options;
    options.split = "test";
    try {
        VigorFormat::read(mini.root(), options);
        QFAIL("missing images were not reported");
    } catch (const Error& e) {
        // the first tile of the first city's list is missing: its list file and line 1
        const std::string message = e.what();
        QVERIFY2(message.find(VigorFormat::satelliteList("NewYork") + ":1") != std::string::npos,
                 e.what());
        QVERIFY2(message.find("does not exist") != std::string::npos, e.what());
    }
    mini.writeImages();
    QCOMPARE(VigorFormat::read(mini.root(), options).queryCount(), int64_t(4));
    // one panorama gone: the label row naming it, by file and line
    QVERIFY(QFile::remove(
        mini.path(VigorFormat::panoramaFolder("Seattle") + "/" + MiniVigor::pano(1, 2))));
    try {
        VigorFormat::read(mini.root(), options);
        QFAIL("a missing panorama was not reported");
    } catch (const Error& e) {
        QVERIFY2(std::string(e.what()).find("splits/Seattle/same_area_balanced_test.txt:1:") !=
                     std::string::npos,
                 e.what());
    }
}

void TestVigorFormat::readsSample4GeoFolders() {
    MiniVigor mini;
    mini.writeImages(true);
    VigorOptions options;
    options.protocol = VigorProtocol::CrossArea;
    const QueryGallery truth = VigorFormat::read(mini.root(), options);
    QCOMPARE(truth.queryCount(), int64_t(6));
    QCOMPARE(truth.query(0).path, mini.root() + "/ground/SanFrancisco/" + MiniVigor::pano(2, 0));
    QCOMPARE(truth.galleryItem(0).path,
             mini.root() + "/satellite/SanFrancisco/" + MiniVigor::tile(2, 0));
}

void TestVigorFormat::malformedRowsNameFileAndLine_data() {
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("line");
    QTest::addColumn<QString>("expectedLocation");
    QTest::addColumn<QString>("expectedProblem");
    const QString labels = "splits/Chicago/same_area_balanced_test.txt";
    const std::string good = MiniVigor::row(3, 2);
    auto replaced = [&](int column, const std::string& text) {
        QStringList fields = QString::fromStdString(good).split(' ');
        fields[column] = QString::fromStdString(text);
        return fields.join(' ');
    };
    QTest::newRow("too few columns")
        << labels << QString::fromStdString(good).section(' ', 0, 9) << labels + ":2:"
        << "10 columns; expected 13";
    QTest::newRow("too many columns")
        << labels << QString::fromStdString(good) + " 1" << labels + ":2:"
        << "14 columns";
    QTest::newRow("unknown tile")
        << labels << replaced(7, "satellite_1.0_2.0.png") << labels + ":2:"
        << "tile 'satellite_1.0_2.0.png' is not in splits/Chicago/satellite_list.txt";
    QTest::newRow("another city's tile")
        << labels << replaced(1, MiniVigor::tile(0, 0)) << labels + ":2:"
        << "is not in";
    QTest::newRow("non-numeric offset") << labels << replaced(9, "1,5") << labels + ":2:"
                                        << "column 'semi-positive 2 column offset': '1,5'";
    QTest::newRow("panorama without position")
        << labels << replaced(0, "pano.jpg") << labels + ":2:"
        << "'pano.jpg' is not named";
    const QString list = "splits/Chicago/satellite_list.txt";
    QTest::newRow("tile without position") << list << QString("tile.png") << list + ":2:"
                                           << "is not named satellite_<lat>_<lon>.png";
    QTest::newRow("duplicate tile")
        << list << QString::fromStdString(MiniVigor::tile(3, 0)) << list + ":2:"
        << "listed twice";
    QTest::newRow("two names on a line") << list << QString("a.png b.png") << list + ":2:"
                                         << "2 columns";
}

void TestVigorFormat::malformedRowsNameFileAndLine() {
    QFETCH(QString, file);
    QFETCH(QString, line);
    QFETCH(QString, expectedLocation);
    QFETCH(QString, expectedProblem);
    MiniVigor mini;
    // the bad line goes second, after a good first line
    QFile f(mini.path(file.toStdString()));
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QString first = QString::fromUtf8(f.readLine()).trimmed();
    f.close();
    writeText(mini.path(file.toStdString()),
              first.toStdString() + "\n" + line.toStdString() + "\n");
    try {
        VigorFormat::read(mini.root(), indexOnly(VigorProtocol::SameArea, "test"));
        QFAIL("the malformed line was accepted");
    } catch (const Error& e) {
        const QString message = QString::fromUtf8(e.what());
        QVERIFY2(message.contains(expectedLocation), e.what());
        QVERIFY2(message.contains(expectedProblem), e.what());
    }
}

void TestVigorFormat::detectLayoutPointsToVigor() {
    MiniVigor mini;
    QVERIFY(VigorFormat::detect(mini.root()));
    try {
        Dataset::detectLayout(mini.root());
        QFAIL("a VIGOR root was taken for a pair dataset");
    } catch (const Error& e) {
        QVERIFY2(std::string(e.what()).find("VIGOR") != std::string::npos, e.what());
    }
    QTemporaryDir empty;
    QVERIFY(!VigorFormat::detect(empty.path().toStdString()));
}

void TestVigorFormat::oneToOneSplitIsTheSpecialCase() {
    QTemporaryDir dir;
    std::string csv = "id,panorama,satellite,easting,northing,zone,lat,lon,split\n";
    for (int i = 0; i < 5; ++i)
        csv += "p" + std::to_string(i) + ",pano/" + std::to_string(i) + ".jpg,sat/" +
               std::to_string(i) + ".jpg,690000,609000" + std::to_string(i) + ",55S,-35.0" +
               std::to_string(i) + ",149.1," + (i < 3 ? "train" : "val") + "\n";
    writeText(dir.filePath("pairs.csv"), csv);
    OpenOptions open;
    open.checkFilesExist = false;
    const Dataset dataset = Dataset::open(dir.path().toStdString(), DatasetLayout::Csv, open);
    const QueryGallery truth = QueryGallery::fromSplit(dataset, "train");
    QCOMPARE(truth.queryCount(), int64_t(3));
    QCOMPARE(truth.galleryCount(), int64_t(3));
    QCOMPARE(truth.positionKind(), QueryGallery::PositionKind::LatLon);
    QVERIFY(!truth.hasOffsets());
    for (int64_t q = 0; q < 3; ++q) {
        const PairRecord& pair = dataset.pairs()[dataset.split("train")[q]];
        QCOMPARE(truth.positive(q), int(q));
        QVERIFY(truth.semiPositives(q).empty());
        QCOMPARE(truth.query(q).path, pair.panoramaPath);
        QCOMPARE(truth.galleryItem(q).path, pair.satellitePath);
        QCOMPARE(truth.distanceMetres(q, q), 0.0);
        QVERIFY(!truth.covers(q, (q + 1) % 3));
    }
    // 0.01° of latitude apart: about 1112 m
    QVERIFY(std::abs(truth.distanceMetres(0, 1) - 1111.95) < 1.0);
    QVERIFY_THROWS_EXCEPTION(Error, QueryGallery::fromSplit(dataset, "test"));
}

void TestVigorFormat::tileResolutionIsTheWorlds_data() {
    QTest::addColumn<double>("tileMetres");
    QTest::addColumn<int>("tileSize");
    QTest::newRow("1.25 m per pixel") << 80.0 << 64;
    QTest::newRow("0.6 m per pixel") << 60.0 << 100;
}

// The resolution is read back from nothing but the label offsets and the positions in the file
// names; the generator knows the truth. UTM's scale factor (0.9996 to 1.0004 over these towns)
// and the rounding of the positions written bound the difference.
void TestVigorFormat::tileResolutionIsTheWorlds() {
    QFETCH(double, tileMetres);
    QFETCH(int, tileSize);
    QTemporaryDir dir;
    VigorWorldOptions options;
    options.outDir = dir.filePath("vigor").toStdString();
    options.tileMetres = tileMetres;
    options.tileSize = tileSize;
    options.panoramasPerCity = 8;
    options.cityMetres = 200;
    Feedback feedback;
    const VigorWorldSummary world = VigorWorld::generate(options, feedback);
    const QueryGallery truth = VigorFormat::read(world.root, {});
    const TileResolution resolution = TileResolution::estimate(truth);
    for (const std::string& city : world.cities) {
        QVERIFY2(resolution.metresPerPixel(city).has_value(), city.c_str());
        QVERIFY(resolution.samples(city) >= 4);
        QVERIFY2(std::abs(*resolution.metresPerPixel(city) / (tileMetres / tileSize) - 1) < 0.005,
                 qPrintable(QString::number(*resolution.metresPerPixel(city))));
    }
    QVERIFY(!resolution.metresPerPixel("Atlantis"));
    QCOMPARE(resolution.samples("Atlantis"), int64_t(0));
    // A one-to-one split has no offsets: nothing is estimated.
    QVERIFY(!TileResolution::estimate(QueryGallery{}).metresPerPixel(world.cities.front()));
}

QTEST_GUILESS_MAIN(TestVigorFormat)
#include "tst_vigorformat.moc"
