#include "geo/geotiff.h"
#include "geo/rastersource.h"
#include "tilecache.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include <opencv2/core.hpp>

using namespace orinet;

class TestTileCache : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void loadsTilesInTheBackground();
    void staysWithinItsMemoryBound();
    void skipsTilesNoLongerWanted();

private:
    QTemporaryDir mDir;
    std::shared_ptr<const RasterSource> mSource;
    cv::Mat mImage;
};

void TestTileCache::initTestCase() {
    // 2048 x 1536 px: 8 x 6 tiles at level 0.
    mImage.create(1536, 2048, CV_8UC3);
    cv::randu(mImage, cv::Scalar::all(0), cv::Scalar::all(255));
    const std::string path = mDir.filePath("noise.tif").toStdString();
    GeoTiff::write(path, mImage, GeoTransform{0, 1536, 1.0}, 32755);
    mSource = RasterSource::open(path);
}

void TestTileCache::loadsTilesInTheBackground() {
    TileCache cache(mSource);
    QSignalSpy loaded(&cache, &TileCache::tileLoaded);
    QVERIFY(cache.tile({0, 3, 2}).isNull());
    cache.request({{0, 3, 2}, {0, 0, 0}});
    QVERIFY(cache.isBusy());
    QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 2, 10000);
    QVERIFY(!cache.isBusy());
    const QImage tile = cache.tile({0, 3, 2});
    QCOMPARE(tile.size(), QSize(256, 256));
    // Pixel (10, 20) of tile (3, 2) is image pixel (3·256 + 10, 2·256 + 20); BGR → RGB.
    const cv::Vec3b bgr = mImage.at<cv::Vec3b>(512 + 20, 768 + 10);
    QCOMPARE(tile.pixel(10, 20), qRgb(bgr[2], bgr[1], bgr[0]));
    // Asking again reads nothing.
    cache.request({{0, 3, 2}});
    QCOMPARE(cache.readsStarted(), 2);
}

void TestTileCache::staysWithinItsMemoryBound() {
    TileCache cache(mSource);
    const qint64 tileBytes = 256 * 256 * 4;
    cache.setMaximumBytes(5 * tileBytes);
    QSignalSpy loaded(&cache, &TileCache::tileLoaded);
    qint64 peak = 0;
    connect(&cache, &TileCache::tileLoaded, this, [&] { peak = std::max(peak, cache.bytes()); });
    // Walk over every level-0 tile a few at a time, as a panning map would.
    int requested = 0;
    for (int y = 0; y < 6; ++y) {
        QList<TileKey> row;
        for (int x = 0; x < 8; ++x)
            row.append({0, x, y});
        cache.request(row);
        requested += row.size();
        QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), requested, 20000);
    }
    QCOMPARE(cache.readsStarted(), 48);
    QVERIFY2(peak <= 5 * tileBytes, qPrintable(QString::number(peak)));
    QVERIFY(cache.bytes() <= 5 * tileBytes);
    QCOMPARE(cache.tileCount(), 5);
    // The most recent tiles stay; the oldest went first.
    QVERIFY(cache.contains({0, 7, 5}));
    QVERIFY(!cache.contains({0, 0, 0}));
    // Lowering the bound evicts at once.
    cache.setMaximumBytes(2 * tileBytes);
    QCOMPARE(cache.tileCount(), 2);
}

void TestTileCache::skipsTilesNoLongerWanted() {
    TileCache cache(mSource);
    QSignalSpy loaded(&cache, &TileCache::tileLoaded);
    QList<TileKey> first;
    for (int y = 0; y < 6; ++y)
        for (int x = 0; x < 8; ++x)
            first.append({0, x, y});
    cache.request(first);
    // The view moved on at once: only these two are still wanted.
    cache.request({{1, 0, 0}, {1, 1, 0}});
    QTRY_VERIFY_WITH_TIMEOUT(!cache.isBusy(), 20000);
    QVERIFY(cache.contains({1, 0, 0}) && cache.contains({1, 1, 0}));
    // At most the reads the two threads had already begun when the view moved were done.
    QVERIFY2(loaded.count() <= 2 + 2, qPrintable(QString::number(loaded.count())));
}

QTEST_MAIN(TestTileCache)
#include "tst_tilecache.moc"
