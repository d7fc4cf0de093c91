#include "common/error.h"
#include "io/matfile.h"
#include "io/npyarray.h"
#include "randomdescriptors.h"
#include "retrieval/descriptorset.h"

#include <QFile>
#include <QTemporaryDir>
#include <QtTest>
#include <opencv2/core.hpp>

#include <cmath>
#include <csignal>
#include <limits>
#include <sys/resource.h>

using namespace orinet;

namespace {

DescriptorSet randomSet(int n, int d, uint64_t seed) {
    DescriptorSet s = testing::randomDescriptorSet(n, d, seed);
    s.provenance.split = "val";
    s.provenance.checkpoint = "run/checkpoints/last.ckpt";
    s.provenance.checkpointKind = "last";
    s.provenance.epoch = 7;
    s.provenance.step = 595;
    s.provenance.normalization = "recalibrated";
    s.provenance.preset = "small";
    s.provenance.inputs = "random orientation, seed 4";
    return s;
}

void expectError(const std::function<void()>& f, const QString& fragment) {
    try {
        f();
        QFAIL(qPrintable("no error, expected one mentioning " + fragment));
    } catch (const orinet::Error& e) {
        QVERIFY2(QString(e.what()).contains(fragment), e.what());
    }
}

} // namespace

class TestDescriptorSet : public QObject {
    Q_OBJECT
private slots:
    void saveLoadRoundTrip();
    void npyFilesAreValidNumpy();
    void matExportReadByMatio();
    void matImportDouble();
    void badInput();
    void failedSaveKeepsOldFiles();
    void replacementIsAllOrNothing();
    void filesThatDisagreeAreRejected();
    void idsOfAnotherSplitAreNamed();

private:
    QTemporaryDir mDir;
};

void TestDescriptorSet::saveLoadRoundTrip() {
    const DescriptorSet s = randomSet(37, 24, 1);
    const std::string dir = mDir.filePath("desc").toStdString();
    s.save(dir);
    const DescriptorSet back = DescriptorSet::load(dir);
    QCOMPARE(cv::norm(back.ground, s.ground, cv::NORM_INF), 0.0);
    QCOMPARE(cv::norm(back.satellite, s.satellite, cv::NORM_INF), 0.0);
    QCOMPARE(back.ids, s.ids);
    QCOMPARE(back.provenance.toJson(), s.provenance.toJson());
    QCOMPARE(back.provenance.key(),
             std::string("val_last-e7_recalibrated_random-orientation-seed-4"));
    QVERIFY(!back.created.empty());
}

void TestDescriptorSet::npyFilesAreValidNumpy() {
    const DescriptorSet s = randomSet(5, 8, 2);
    const QString dir = mDir.filePath("npy");
    s.save(dir.toStdString());
    QFile f(dir + "/ground.npy");
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray bytes = f.readAll();
    QVERIFY(bytes.startsWith("\x93NUMPY"));
    const QByteArray header = bytes.mid(10, 118);
    QVERIFY2(header.contains("'descr': '<f4'"), header.constData());
    QVERIFY2(header.contains("'shape': (5, 8)"), header.constData());
    QCOMPARE(qsizetype(bytes.size()), qsizetype(128 + 5 * 8 * 4)); // v1 header padded to 128
    const NpyArray a = NpyArray::load((dir + "/satellite.npy").toStdString());
    QCOMPARE(a.shape(), (std::vector<size_t>{5, 8}));
    QCOMPARE(a.data<float>()[9], s.satellite.at<float>(1, 1));
}

void TestDescriptorSet::matExportReadByMatio() {
    const DescriptorSet s = randomSet(11, 16, 3);
    const std::string path = mDir.filePath("export.mat").toStdString();
    s.exportMat(path);
    MatFile file(path, MatFile::Mode::Read);
    QVERIFY(file.contains("sat_global_descriptor"));
    QVERIFY(file.contains("grd_global_descriptor"));
    const MatArray sat = file.readNumeric("sat_global_descriptor");
    const MatArray grd = file.readNumeric("grd_global_descriptor");
    QCOMPARE(sat.dims, (std::vector<size_t>{11, 16}));
    QCOMPARE(grd.dims, (std::vector<size_t>{11, 16}));
    QCOMPARE(sat.at(3, 7), double(s.satellite.at<float>(3, 7)));
    QCOMPARE(grd.at(10, 15), double(s.ground.at<float>(10, 15)));
    const auto readIds = file.readStrings("ids");
    QCOMPARE(readIds, s.ids);
    // and back through load()
    const DescriptorSet back = DescriptorSet::load(path);
    QCOMPARE(cv::norm(back.ground, s.ground, cv::NORM_INF), 0.0);
    QCOMPARE(back.ids, s.ids);
}

void TestDescriptorSet::matImportDouble() {
    // The original MATLAB scripts save double matrices without ids.
    const std::string path = mDir.filePath("double.mat").toStdString();
    const std::vector<double> sat = {1, 0, 0, 1, 0.6, 0.8}; // 3 x 2
    const std::vector<double> grd = {0, 1, 1, 0, 0.8, 0.6};
    {
        MatFile file(path, MatFile::Mode::Write);
        file.writeDouble("sat_global_descriptor", sat.data(), 3, 2);
        file.writeDouble("grd_global_descriptor", grd.data(), 3, 2);
    }
    const DescriptorSet s = DescriptorSet::importMat(path);
    QCOMPARE(s.satellite.rows, 3);
    QCOMPARE(s.satellite.cols, 2);
    QCOMPARE(s.satellite.at<float>(2, 1), 0.8f);
    QCOMPARE(s.ground.at<float>(1, 0), 1.0f);
    QVERIFY(s.ids.empty());
}

void TestDescriptorSet::badInput() {
    DescriptorSet empty;
    expectError([&] { empty.validate("x"); }, "empty");

    DescriptorSet counts = randomSet(4, 8, 4);
    counts.satellite = counts.satellite.rowRange(0, 3).clone();
    expectError([&] { counts.validate(); }, "4 ground descriptors but 3 satellite");

    DescriptorSet dims = randomSet(4, 8, 5);
    dims.satellite = dims.satellite.colRange(0, 6).clone();
    expectError([&] { dims.validate(); }, "dimensions");

    DescriptorSet nan = randomSet(4, 8, 6);
    nan.ground.at<float>(2, 3) = std::numeric_limits<float>::quiet_NaN();
    expectError([&] { nan.save(mDir.filePath("nan").toStdString()); }, "row 2");
    QVERIFY(!QFile::exists(mDir.filePath("nan/ground.npy")));

    DescriptorSet ids = randomSet(4, 8, 7);
    ids.ids.pop_back();
    expectError([&] { ids.validate(); }, "3 ids for 4");

    expectError([&] { DescriptorSet::load(mDir.filePath("missing").toStdString()); },
                "no such file");

    // A .mat without the expected variables names them.
    const std::string wrong = mDir.filePath("wrong.mat").toStdString();
    {
        MatFile file(wrong, MatFile::Mode::Write);
        const double v = 1;
        file.writeDouble("utm", &v, 1, 1);
    }
    expectError([&] { DescriptorSet::load(wrong); }, "sat_global_descriptor");

    // A ground.npy of the wrong rank.
    const QString bad = mDir.filePath("bad3d");
    randomSet(3, 4, 8).save(bad.toStdString());
    NpyArray(NpyArray::DType::Float32, {3, 4, 2}).save((bad + "/ground.npy").toStdString());
    expectError([&] { DescriptorSet::load(bad.toStdString()); }, "2-D");

    // Corrupt JSON.
    const QString corrupt = mDir.filePath("corrupt");
    randomSet(3, 4, 9).save(corrupt.toStdString());
    QFile json(corrupt + "/descriptors.json");
    QVERIFY(json.open(QIODevice::WriteOnly | QIODevice::Truncate));
    json.write("{ \"ids\": [1, ");
    json.close();
    expectError([&] { DescriptorSet::load(corrupt.toStdString()); }, "descriptors.json");
}

void TestDescriptorSet::failedSaveKeepsOldFiles() {
    const QString dir = mDir.filePath("keep");
    const DescriptorSet good = randomSet(6, 4, 10);
    good.save(dir.toStdString());
    DescriptorSet bad = randomSet(6, 4, 11);
    bad.satellite.at<float>(0, 0) = std::numeric_limits<float>::infinity();
    QVERIFY_THROWS_EXCEPTION(orinet::Error, bad.save(dir.toStdString()));
    QVERIFY_THROWS_EXCEPTION(orinet::Error, bad.exportMat((dir + "/x.mat").toStdString()));
    QVERIFY(!QFile::exists(dir + "/x.mat"));
    const DescriptorSet back = DescriptorSet::load(dir.toStdString());
    QCOMPARE(cv::norm(back.satellite, good.satellite, cv::NORM_INF), 0.0);
}

void TestDescriptorSet::replacementIsAllOrNothing() {
    const QString dir = mDir.filePath("swap");
    const DescriptorSet old = randomSet(6, 4, 12);
    old.save(dir.toStdString());
    // A larger set whose first file cannot be written in full: the process may not write
    // files over 64 KiB, as on a disk that fills up (EFBIG instead of ENOSPC).
    const DescriptorSet larger = randomSet(400, 64, 13); // 100 KiB per matrix
    rlimit saved{};
    QVERIFY(::getrlimit(RLIMIT_FSIZE, &saved) == 0);
    const auto previousHandler = std::signal(SIGXFSZ, SIG_IGN);
    rlimit small = saved;
    small.rlim_cur = 64 * 1024;
    QVERIFY(::setrlimit(RLIMIT_FSIZE, &small) == 0);
    QString message;
    try {
        larger.save(dir.toStdString());
    } catch (const orinet::Error& e) {
        message = e.what();
    }
    ::setrlimit(RLIMIT_FSIZE, &saved);
    std::signal(SIGXFSZ, previousHandler);
    QVERIFY2(message.contains("ground.npy"), qPrintable(message));
    // The old set is there, whole, and nothing half-written is left beside it.
    const DescriptorSet back = DescriptorSet::load(dir.toStdString());
    QCOMPARE(back.ground.rows, 6);
    QCOMPARE(cv::norm(back.ground, old.ground, cv::NORM_INF), 0.0);
    QCOMPARE(cv::norm(back.satellite, old.satellite, cv::NORM_INF), 0.0);
    QCOMPARE(QDir(mDir.path()).entryList({"swap.*"}, QDir::AllEntries | QDir::Hidden),
             QStringList());
    // A save that works replaces the whole set.
    larger.save(dir.toStdString());
    QCOMPARE(DescriptorSet::load(dir.toStdString()).ground.rows, 400);
}

void TestDescriptorSet::filesThatDisagreeAreRejected() {
    const QString a = mDir.filePath("mixA"), b = mDir.filePath("mixB");
    randomSet(6, 4, 14).save(a.toStdString());
    randomSet(6, 4, 15).save(b.toStdString());
    // satellite.npy of another set, same shape: only the checksum tells.
    QVERIFY(QFile::remove(a + "/satellite.npy"));
    QVERIFY(QFile::copy(b + "/satellite.npy", a + "/satellite.npy"));
    expectError([&] { DescriptorSet::load(a.toStdString()); }, "satellite.npy does not match");
    // A different count.
    randomSet(5, 4, 16).save(b.toStdString());
    QVERIFY(QFile::remove(a + "/satellite.npy") && QFile::remove(a + "/ground.npy"));
    QVERIFY(QFile::copy(b + "/satellite.npy", a + "/satellite.npy"));
    QVERIFY(QFile::copy(b + "/ground.npy", a + "/ground.npy"));
    expectError([&] { DescriptorSet::load(a.toStdString()); }, "6 ids for 5 descriptors");
}

void TestDescriptorSet::idsOfAnotherSplitAreNamed() {
    const DescriptorSet s = randomSet(3, 4, 17);
    s.checkIds({"pano_0", "pano_1", "pano_2"}, "split 'val'"); // the same: no error
    expectError(
        [&] {
            s.checkIds({"pano_0", "other", "pano_2"}, "split 'test'");
        },
        "pair 1 is 'other' but descriptor row 1 belongs to 'pano_1'");
    expectError([&] { s.checkIds({"pano_0"}, "split 'test'"); }, "has 1 pairs");
}

QTEST_APPLESS_MAIN(TestDescriptorSet)
#include "tst_descriptorset.moc"
