// The synthetic VIGOR-layout world (docs/synthetic-world.md, docs/vigor.md): what it writes reads
// back through VigorFormat for both protocols, and its labels agree with the positions the file
// names carry — checked from the names alone, not from the generator's own numbers.

#include "common/error.h"
#include "common/feedback.h"
#include "dataset/querygallery.h"
#include "dataset/vigorformat.h"
#include "geo/geodistance.h"
#include "synth/vigorworld.h"

#include <QFile>
#include <QTemporaryDir>
#include <QtTest>
#include <opencv2/imgcodecs.hpp>

#include <map>

using namespace orinet;

class TestVigorWorld : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void readsBackBothProtocols();
    void labelsAgreeWithTheNames();
    void imagesHaveTheirSizes();
    void refusesAForeignFolder();

private:
    QTemporaryDir mDir;
    VigorWorldOptions mOptions;
    VigorWorldSummary mSummary;
};

namespace {

//! Signed metres north and east from `from` to `to`, along the meridian and the parallel.
std::pair<double, double> northEast(const LatLon& from, const LatLon& to) {
    const double north =
        haversineDistance({from.latitude, from.longitude}, {to.latitude, from.longitude}) *
        (to.latitude >= from.latitude ? 1 : -1);
    const double east =
        haversineDistance({from.latitude, from.longitude}, {from.latitude, to.longitude}) *
        (to.longitude >= from.longitude ? 1 : -1);
    return {north, east};
}

} // namespace

void TestVigorWorld::initTestCase() {
    QVERIFY(mDir.isValid());
    mOptions.outDir = mDir.filePath("vigor").toStdString();
    Feedback feedback;
    mSummary = VigorWorld::generate(mOptions, feedback);
    qInfo("VIGOR-layout world: %d tiles per city, %zu panoramas, %.2f s", mSummary.tilesPerCity,
          mSummary.panoramas.size(), mSummary.seconds);
    QCOMPARE(mSummary.cities, VigorFormat::cities());
    QCOMPARE(int(mSummary.panoramas.size()), 4 * mOptions.panoramasPerCity);
    QVERIFY(mSummary.tilesPerCity >= 9);
}

void TestVigorWorld::readsBackBothProtocols() {
    const int perCity = mOptions.panoramasPerCity;
    std::map<std::string, int> count;
    for (VigorProtocol protocol : {VigorProtocol::SameArea, VigorProtocol::CrossArea})
        for (const char* split : {"train", "test"}) {
            VigorOptions options;
            options.protocol = protocol;
            options.split = split;
            options.checkFilesExist = true; // every listed image was written
            const QueryGallery truth = VigorFormat::read(mOptions.outDir, options);
            const int cities = protocol == VigorProtocol::SameArea ? 4 : 2;
            QCOMPARE(truth.galleryCount(), int64_t(cities * mSummary.tilesPerCity));
            count[std::string(protocol == VigorProtocol::SameArea ? "same-" : "cross-") + split] =
                int(truth.queryCount());
            for (int64_t q = 0; q < truth.queryCount(); ++q) {
                QCOMPARE(truth.semiPositives(q).size(), size_t(3));
                // positive and semi-positives are tiles of the query's own city
                QCOMPARE(truth.galleryItem(truth.positive(q)).group, truth.query(q).group);
                for (int s : truth.semiPositives(q))
                    QCOMPARE(truth.galleryItem(s).group, truth.query(q).group);
            }
        }
    // same-area: every panorama in exactly one split, about half each (at least one per city)
    QCOMPARE(count["same-train"] + count["same-test"], 4 * perCity);
    QVERIFY(count["same-train"] >= 4 && count["same-test"] >= 4);
    // cross-area: all panoramas of two cities on each side
    QCOMPARE(count["cross-train"], 2 * perCity);
    QCOMPARE(count["cross-test"], 2 * perCity);
}

void TestVigorWorld::labelsAgreeWithTheNames() {
    VigorOptions options;
    options.protocol = VigorProtocol::CrossArea;
    const double half = mOptions.tileMetres / 2;
    const double stride = mOptions.tileMetres / 2;
    const double mpp = mOptions.tileMetres / mOptions.tileSize;
    // UTM grid north differs from true north by about 1.2° here: 1 m over a tile's half
    const double slack = 1.5;
    int checked = 0;
    for (const char* split : {"train", "test"}) {
        options.split = split;
        const QueryGallery truth = VigorFormat::read(mOptions.outDir, options);
        for (int64_t q = 0; q < truth.queryCount(); ++q) {
            std::vector<int> tiles = {truth.positive(q)};
            for (int s : truth.semiPositives(q))
                tiles.push_back(s);
            std::vector<QueryGallery::PixelOffset> offsets = {truth.positiveOffset(q)};
            for (const auto& o : truth.semiOffsets(q))
                offsets.push_back(o);
            double positiveReach = 0;
            for (size_t k = 0; k < 4; ++k) {
                // from the panorama to the tile centre, as the names say
                const auto [north, east] =
                    northEast(truth.queryLatLon(q), truth.galleryLatLon(tiles[k]));
                const double reach = std::max(std::abs(north), std::abs(east));
                // every labelled tile covers the panorama; the positive holds it in its
                // central half (the 50 % overlap makes that exactly one tile)
                QVERIFY2(reach <= half + slack, qPrintable(QString::number(reach)));
                if (k == 0) {
                    QVERIFY(reach <= stride / 2 + slack);
                    positiveReach = reach;
                } else {
                    QVERIFY(reach >= positiveReach - slack);
                }
                // VIGOR's delta: centre minus panorama in tile pixels, rows north, columns east
                QVERIFY2(std::abs(offsets[k].row * mpp - north) <= slack,
                         qPrintable(QString("row %1 px vs %2 m").arg(offsets[k].row).arg(north)));
                QVERIFY2(std::abs(offsets[k].col * mpp - east) <= slack,
                         qPrintable(QString("col %1 px vs %2 m").arg(offsets[k].col).arg(east)));
            }
            ++checked;
        }
    }
    QCOMPARE(checked, 4 * mOptions.panoramasPerCity);
}

void TestVigorWorld::imagesHaveTheirSizes() {
    const VigorWorldPanorama& pano = mSummary.panoramas.front();
    const cv::Mat image = cv::imread(mOptions.outDir + "/" +
                                     VigorFormat::panoramaFolder(pano.city) + "/" + pano.name);
    QCOMPARE(image.cols, mOptions.panoramaWidth);
    QCOMPARE(image.rows, mOptions.panoramaWidth / 2);
    const cv::Mat tile =
        cv::imread(mOptions.outDir + "/" + VigorFormat::satelliteFolder(pano.city) + "/" +
                   mSummary.tileNames.front()[static_cast<size_t>(pano.tiles[0])]);
    QCOMPARE(tile.cols, mOptions.tileSize);
    QCOMPARE(tile.rows, mOptions.tileSize);
    // not a blank picture: the town shows
    cv::Scalar mean, stddev;
    cv::meanStdDev(tile, mean, stddev);
    QVERIFY(stddev[0] + stddev[1] + stddev[2] > 5);
}

void TestVigorWorld::refusesAForeignFolder() {
    QTemporaryDir dir;
    QFile file(dir.filePath("notes.txt"));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("mine\n");
    file.close();
    VigorWorldOptions options = mOptions;
    options.outDir = dir.path().toStdString();
    Feedback feedback;
    QVERIFY_THROWS_EXCEPTION(Error, VigorWorld::generate(options, feedback));
    QVERIFY(QFile::exists(dir.filePath("notes.txt")));
    QVERIFY(!QFile::exists(dir.filePath("splits")));
    options.panoramasPerCity = 1;
    options.outDir = mDir.filePath("other").toStdString();
    QVERIFY_THROWS_EXCEPTION(Error, VigorWorld::generate(options, feedback));
}

QTEST_GUILESS_MAIN(TestVigorWorld)
#include "tst_vigorworld.moc"
