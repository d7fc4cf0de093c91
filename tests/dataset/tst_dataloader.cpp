#include "common/error.h"
#include "dataset/dataloader.h"

#include "datasetfixture.h"

#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QtTest>

#include <opencv2/core.hpp>

#include <future>
#include <set>

using namespace orinet;
using namespace orinet::testing;

namespace {

bool sameBatch(const Batch& a, const Batch& b) {
    return a.indices == b.indices && a.ids == b.ids && a.ground.shape == b.ground.shape &&
           a.satellite.shape == b.satellite.shape && a.ground.data == b.ground.data &&
           a.satellite.data == b.satellite.data && a.easting == b.easting;
}

std::vector<Batch> drain(DataLoader& loader) {
    std::vector<Batch> out;
    while (auto b = loader.next())
        out.push_back(std::move(*b));
    return out;
}

} // namespace

class TestDataLoader : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void batchesHaveTheContractLayout();
    void deterministicAcrossThreadCounts();
    void seedAndEpochChangeTheDraws();
    void orientationOnlyShiftsAndTurnsWithoutCropping();
    void resumeMidEpoch();
    void shuffleCoversEveryPairOnce();
    void dropLast();
    void cancellation();
    void corruptJpegIsNamed();
    void rejectsBadConstruction();

private:
    QTemporaryDir mDir;
    std::unique_ptr<Dataset> mDataset;
};

void TestDataLoader::initTestCase() {
    // 11 pairs with positions: odd batch counts exercise the short last batch.
    std::string csv = "id,panorama,satellite,easting,northing,zone,lat,lon,split\n";
    for (int i = 0; i < 11; ++i) {
        const QString n = QString::number(i);
        writeImage(mDir.path() + "/p" + n + ".jpg", 60, 320, 100 + i);
        writeImage(mDir.path() + "/s" + n + ".jpg", 150, 150, 200 + i);
        csv += "pair" + std::to_string(i) + ",p" + std::to_string(i) + ".jpg,s" +
               std::to_string(i) + ".jpg," + std::to_string(1000 + i) + "," +
               std::to_string(2000 - i) + ",55S,,," + (i < 10 ? "train" : "val") + "\n";
    }
    writeText(mDir.path() + "/pairs.csv", csv);
    mDataset = std::make_unique<Dataset>(Dataset::open(mDir.path().toStdString()));
}

void TestDataLoader::batchesHaveTheContractLayout() {
    LoaderOptions o;
    o.batchSize = 4;
    DataLoader loader(*mDataset, mDataset->split("train"), o);
    QCOMPARE(loader.batchesPerEpoch(), size_t(3));
    const std::vector<Batch> batches = drain(loader);
    QCOMPARE(batches.size(), size_t(3));
    QCOMPARE(batches[2].size(), size_t(2));
    const Batch& b = batches[1];
    QCOMPARE(b.ground.shape, (std::array<int64_t, 4>{4, 5, 56, 308}));
    QCOMPARE(b.satellite.shape, (std::array<int64_t, 4>{4, 5, 128, 128}));
    QCOMPARE(b.ground.data.size(), b.ground.count());
    QCOMPARE(b.indices, (std::vector<size_t>{4, 5, 6, 7}));
    QCOMPARE(b.ids[0], std::string("pair4"));
    QVERIFY(b.hasPositions());
    QCOMPARE(b.easting[1], 1005.0);
    QCOMPARE(b.northing[1], 1995.0);
    // Sample 2, channel 3 (yaw/π) of row 0 runs from -1 to +1; colour stays in [-1, 1].
    const float* yaw = b.ground.data.data() + (2 * 5 + 3) * 56 * 308;
    QCOMPARE(yaw[0], -1.0f);
    QVERIFY(std::abs(yaw[307] - 1.0f) < 1e-6);
    const auto [lo, hi] = std::minmax_element(b.ground.data.begin(), b.ground.data.end());
    QVERIFY(*lo >= -1.0f - 1e-6f && *hi <= 1.0f + 1e-6f);
    QVERIFY(!loader.next()); // the epoch is over
}

void TestDataLoader::deterministicAcrossThreadCounts() {
    LoaderOptions o;
    o.batchSize = 3;
    o.shuffle = true;
    o.augment = true;
    o.seed = 7;
    o.workers = 1;
    o.prefetchBatches = 1;
    DataLoader serial(*mDataset, mDataset->split("train"), o);
    o.workers = 4;
    o.prefetchBatches = 8;
    DataLoader parallel(*mDataset, mDataset->split("train"), o);
    for (uint64_t epoch : {0, 3}) {
        serial.startEpoch(epoch);
        parallel.startEpoch(epoch);
        const auto a = drain(serial), b = drain(parallel);
        QCOMPARE(a.size(), size_t(4));
        QCOMPARE(b.size(), a.size());
        for (size_t i = 0; i < a.size(); ++i)
            QVERIFY2(sameBatch(a[i], b[i]), qPrintable(QString("batch %1").arg(i)));
    }
}

void TestDataLoader::seedAndEpochChangeTheDraws() {
    LoaderOptions o;
    o.batchSize = 10;
    o.augment = true; // no shuffle: same pairs in the same order, only the draws differ
    o.seed = 1;
    DataLoader a(*mDataset, mDataset->split("train"), o);
    o.seed = 2;
    DataLoader b(*mDataset, mDataset->split("train"), o);
    const Batch ba = *a.next(), bb = *b.next();
    QCOMPARE(ba.indices, bb.indices);
    QVERIFY(ba.ground.data != bb.ground.data);
    QVERIFY(ba.satellite.data != bb.satellite.data);
    a.startEpoch(1);
    QVERIFY(a.next()->ground.data != ba.ground.data);
    a.startEpoch(0);
    QVERIFY(a.next()->ground.data == ba.ground.data);

    // Without augmentation the seed does not matter for the pixels.
    o.augment = false;
    o.seed = 1;
    DataLoader c(*mDataset, mDataset->split("train"), o);
    o.seed = 99;
    DataLoader d(*mDataset, mDataset->split("train"), o);
    QVERIFY(c.next()->ground.data == d.next()->ground.data);

    // Shuffled orders differ between seeds and between epochs.
    o.shuffle = true;
    DataLoader e(*mDataset, mDataset->split("train"), o);
    QVERIFY(e.epochOrder(0) != e.epochOrder(1));
    QVERIFY(e.epochOrder(0) != d.epochOrder(0));
    QCOMPARE(e.epochOrder(5), e.epochOrder(5));
}

//! Plane `c` of sample `n` of a batch buffer, as a read-only view.
cv::Mat plane(const TensorBuffer& buffer, int64_t n, int64_t c) {
    const int64_t channels = buffer.shape[1], h = buffer.shape[2], w = buffer.shape[3];
    return cv::Mat(static_cast<int>(h), static_cast<int>(w), CV_32F,
                   const_cast<float*>(buffer.data.data()) + (n * channels + c) * h * w);
}

void TestDataLoader::orientationOnlyShiftsAndTurnsWithoutCropping() {
    LoaderOptions o;
    o.batchSize = 10;
    DataLoader plainLoader(*mDataset, mDataset->split("train"), o);
    o.augment = true;
    o.orientationOnly = true;
    o.seed = 3;
    DataLoader turnedLoader(*mDataset, mDataset->split("train"), o);
    const Batch plain = *plainLoader.next(), turned = *turnedLoader.next();
    QCOMPARE(turned.indices, plain.indices);
    std::set<int> shifts, turns;
    for (int64_t n = 0; n < 10; ++n) {
        // The panorama and its maps are a circular column shift of the plain ones.
        const int cols = static_cast<int>(plain.ground.shape[3]);
        int shift = -1;
        for (int s = 0; s < cols && shift < 0; ++s) {
            bool all = true;
            for (int64_t c = 0; c < 5 && all; ++c) {
                const cv::Mat a = plane(plain.ground, n, c);
                cv::Mat moved; // a new buffer: the views must not be written
                if (s == 0)
                    moved = a.clone();
                else
                    cv::hconcat(a.colRange(cols - s, cols), a.colRange(0, cols - s), moved);
                all = cv::norm(moved, plane(turned.ground, n, c), cv::NORM_INF) == 0;
            }
            if (all)
                shift = s;
        }
        QVERIFY2(shift >= 0, qPrintable(QString("sample %1: no circular shift matches").arg(n)));
        shifts.insert(shift);
        // The tile, azimuth and radius are the plain ones turned by whole quarters: no crop
        // (a crop would rescale the picture and the radius channel).
        int turn = -1;
        for (int k = 0; k < 4 && turn < 0; ++k) {
            bool all = true;
            for (int64_t c = 0; c < 5 && all; ++c) {
                cv::Mat a = plane(plain.satellite, n, c).clone();
                for (int r = 0; r < k; ++r)
                    cv::rotate(a, a, cv::ROTATE_90_CLOCKWISE);
                all = cv::norm(a, plane(turned.satellite, n, c), cv::NORM_INF) < 1e-5;
            }
            if (all)
                turn = k;
        }
        QVERIFY2(turn >= 0, qPrintable(QString("sample %1: no quarter turn matches").arg(n)));
        turns.insert(turn);
    }
    QVERIFY(shifts.size() > 5); // the draws really vary
    QVERIFY(turns.size() > 1);
}

void TestDataLoader::resumeMidEpoch() {
    LoaderOptions o;
    o.batchSize = 2;
    o.shuffle = true;
    o.augment = true;
    o.seed = 11;
    DataLoader loader(*mDataset, mDataset->split("train"), o);
    loader.startEpoch(2);
    const auto full = drain(loader);
    QCOMPARE(full.size(), size_t(5));
    loader.startEpoch(2, 3);
    const auto tail = drain(loader);
    QCOMPARE(tail.size(), size_t(2));
    QVERIFY(sameBatch(tail[0], full[3]));
    QVERIFY(sameBatch(tail[1], full[4]));
    loader.startEpoch(2, 99);
    QVERIFY(!loader.next());
}

void TestDataLoader::shuffleCoversEveryPairOnce() {
    LoaderOptions o;
    o.batchSize = 4;
    o.shuffle = true;
    o.seed = 3;
    DataLoader loader(*mDataset, mDataset->split("train"), o);
    std::multiset<std::string> ids;
    for (const Batch& b : drain(loader))
        ids.insert(b.ids.begin(), b.ids.end());
    QCOMPARE(ids.size(), size_t(10));
    QCOMPARE(std::set<std::string>(ids.begin(), ids.end()).size(), size_t(10));
    QVERIFY(!ids.count("pair10")); // the val pair is not in the train split
}

void TestDataLoader::dropLast() {
    LoaderOptions o;
    o.batchSize = 4;
    o.dropLast = true;
    DataLoader loader(*mDataset, mDataset->split("train"), o);
    QCOMPARE(loader.batchesPerEpoch(), size_t(2));
    const auto batches = drain(loader);
    QCOMPARE(batches.size(), size_t(2));
    QCOMPARE(batches[1].size(), size_t(4));
}

void TestDataLoader::cancellation() {
    LoaderOptions o;
    o.batchSize = 1;
    o.preset = InputPreset::byName("paper"); // slow enough to cancel mid-epoch
    o.workers = 2;
    {
        DataLoader loader(*mDataset, mDataset->split("train"), o);
        QVERIFY(loader.next().has_value());
        // Cancel from another thread while the consumer may be waiting.
        auto canceler = std::async(std::launch::async, [&] { loader.cancel(); });
        canceler.get();
        QVERIFY(!loader.next().has_value());
        QVERIFY(!loader.next().has_value());
        // A new epoch clears the cancellation.
        loader.startEpoch(1);
        QVERIFY(loader.next().has_value());
    }
    // Destroying a loader with work in flight joins its workers promptly.
    QElapsedTimer timer;
    timer.start();
    {
        DataLoader loader(*mDataset, mDataset->split("train"), o);
        loader.startEpoch(0);
    }
    QVERIFY2(timer.elapsed() < 5000, qPrintable(QString::number(timer.elapsed())));
}

void TestDataLoader::corruptJpegIsNamed() {
    QTemporaryDir dir;
    std::string csv = "id,panorama,satellite\n";
    for (int i = 0; i < 6; ++i) {
        const QString n = QString::number(i);
        writeImage(dir.path() + "/p" + n + ".jpg", 30, 160, i);
        writeImage(dir.path() + "/s" + n + ".jpg", 70, 70, i);
        csv += "q" + std::to_string(i) + ",p" + std::to_string(i) + ".jpg,s" + std::to_string(i) +
               ".jpg\n";
    }
    writeCorruptJpeg(dir.path() + "/s3.jpg");
    writeText(dir.path() + "/pairs.csv", csv);
    const Dataset d = Dataset::open(dir.path().toStdString()); // the file exists: opens fine
    std::vector<size_t> all = {0, 1, 2, 3, 4, 5};
    LoaderOptions o;
    o.batchSize = 2;
    DataLoader loader(d, all, o);
    QVERIFY(loader.next().has_value());
    try {
        loader.next();
        QFAIL("the corrupt tile was decoded");
    } catch (const Error& e) {
        const QString m = e.what();
        QVERIFY2(m.contains(QDir(dir.path()).canonicalPath() + "/s3.jpg: corrupt JPEG"),
                 qPrintable(m));
    }
    // The other batches are unaffected.
    const auto rest = loader.next();
    QVERIFY(rest.has_value());
    QCOMPARE(rest->ids, (std::vector<std::string>{"q4", "q5"}));
    QVERIFY(!loader.next());
}

void TestDataLoader::rejectsBadConstruction() {
    LoaderOptions o;
    QVERIFY_THROWS_EXCEPTION(Error, DataLoader(*mDataset, {}, o));
    QVERIFY_THROWS_EXCEPTION(Error, DataLoader(*mDataset, {0, 42}, o));
    o.batchSize = 0;
    QVERIFY_THROWS_EXCEPTION(Error, DataLoader(*mDataset, {0}, o));
}

QTEST_APPLESS_MAIN(TestDataLoader)
#include "tst_dataloader.moc"
