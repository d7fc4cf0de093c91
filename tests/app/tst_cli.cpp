#include "io/npyarray.h"
#include "orientation/orientationmap.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include "clirunner.h"
#include <opencv2/core.hpp>

using namespace orinet;

using orinet::testing::CliResult;
using orinet::testing::runCli;

class TestCli : public QObject {
    Q_OBJECT
private slots:
    void versionAndHelp();
    void orientationGroundRoundTrips();
    void orientationSatelliteRoundTrips();
    void badArguments_data();
    void badArguments();
    void unwritableOutputNamesThePath();

private:
    QTemporaryDir mDir;
};

void TestCli::versionAndHelp() {
    const CliResult v = runCli({"--version"});
    QCOMPARE(v.exitCode, 0);
    for (const char* lib : {"Qt ", "LibTorch ", "OpenCV ", "GDAL ", "BLAS "})
        QVERIFY2(v.out.contains(lib), qPrintable(v.out));
    const CliResult h = runCli({"--help"});
    QCOMPARE(h.exitCode, 0);
    QVERIFY(h.out.contains("orientation"));
    const CliResult sub = runCli({"orientation", "--help"});
    QCOMPARE(sub.exitCode, 0);
    QVERIFY(sub.out.contains("--kind"));
    QVERIFY(sub.out.contains("orinet orientation"));
    const CliResult unknown = runCli({"frobnicate"});
    QCOMPARE(unknown.exitCode, 2);
    QVERIFY(unknown.err.contains("unknown command 'frobnicate'"));
}

void TestCli::orientationGroundRoundTrips() {
    const QString out = mDir.filePath("g.npy");
    const CliResult r =
        runCli({"orientation", "--kind", "ground", "--size", "224x1232", "--out", out});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    const NpyArray a = NpyArray::load(out.toStdString());
    QCOMPARE(a.dtype(), NpyArray::DType::Float64);
    QCOMPARE(a.shape(), (std::vector<size_t>{224, 1232, 2}));
    const cv::Mat expected = OrientationMap::groundRaw(224, 1232);
    QCOMPARE(cv::norm(a.toMat(), expected, cv::NORM_INF), 0.0);
}

void TestCli::orientationSatelliteRoundTrips() {
    const QString out = mDir.filePath("s.npy");
    const CliResult r =
        runCli({"orientation", "--kind", "satellite", "--size", "64", "--out", out});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    const NpyArray a = NpyArray::load(out.toStdString());
    QCOMPARE(a.shape(), (std::vector<size_t>{64, 64, 2}));
    QCOMPARE(cv::norm(a.toMat(), OrientationMap::satelliteRaw(64), cv::NORM_INF), 0.0);
}

void TestCli::badArguments_data() {
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("message");
    const QString out = mDir.filePath("x.npy");
    QTest::newRow("bad kind") << QStringList{"orientation", "--kind", "aerial", "--size",
                                             "8",           "--out",  out}
                              << "--kind must be one of";
    QTest::newRow("no size") << QStringList{"orientation", "--kind", "ground", "--out", out}
                             << "--size is required";
    QTest::newRow("bad size") << QStringList{"orientation", "--kind", "ground", "--size",
                                             "0x5",         "--out",  out}
                              << "--size must look like HxW";
    QTest::newRow("garbage size") << QStringList{"orientation", "--kind", "ground", "--size",
                                                 "big",         "--out",  out}
                                  << "--size must look like HxW";
    QTest::newRow("non-square tile")
        << QStringList{"orientation", "--kind", "satellite", "--size", "8x9", "--out", out}
        << "square";
    QTest::newRow("no out") << QStringList{"orientation", "--kind", "ground", "--size", "8x9"}
                            << "--out is required";
    QTest::newRow("unknown option")
        << QStringList{"orientation", "--colour", "red"} << "Unknown option";
}

void TestCli::badArguments() {
    QFETCH(QStringList, args);
    QFETCH(QString, message);
    const CliResult r = runCli(args);
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains(message), qPrintable(r.err));
    QCOMPARE(r.err.trimmed().count('\n'), 0); // one line
    QVERIFY(!QFile::exists(mDir.filePath("x.npy")));
}

void TestCli::unwritableOutputNamesThePath() {
    const QString out = mDir.filePath("missing-folder/y.npy");
    const CliResult r = runCli({"orientation", "--kind", "ground", "--size", "4x8", "--out", out});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains(out), qPrintable(r.err));
}

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
