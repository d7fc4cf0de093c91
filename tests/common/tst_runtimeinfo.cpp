#include "common/runtimeinfo.h"

#include <QFile>
#include <QtTest>

using namespace orinet;

class TestRuntimeInfo : public QObject {
    Q_OBJECT
private slots:
    void threadsFollowRequestAndEnvironment();
    void blasDetectionNamesTheLoadedLibrary();
    void versionsAreFilled();
};

void TestRuntimeInfo::threadsFollowRequestAndEnvironment() {
    QCOMPARE(runtime::configureThreads(1), 1);
    QCOMPARE(runtime::threads(), 1);
    QCOMPARE(runtime::configureThreads(2), 2);
    QCOMPARE(runtime::threads(), 2);
    qputenv("ORINET_THREADS", "1");
    QCOMPARE(runtime::configureThreads(0), 1);
    qunsetenv("ORINET_THREADS");
    QCOMPARE(runtime::configureThreads(0), std::max(1, QThread::idealThreadCount()));
}

void TestRuntimeInfo::blasDetectionNamesTheLoadedLibrary() {
    const BlasInfo blas = runtime::blas();
    QVERIFY2(blas.library != "unknown", "no sgemm_ resolved: LibTorch's BLAS not found");
    // The reported file must really be mapped into this process.
    QFile maps("/proc/self/maps");
    QVERIFY(maps.open(QIODevice::ReadOnly));
    const QByteArray mapped = maps.readAll();
    QVERIFY2(mapped.contains(QByteArray::fromStdString(blas.library)), blas.library.c_str());
    const bool openblas = QString::fromStdString(blas.library).contains("openblas");
    QCOMPARE(blas.optimized, openblas);
    const std::string warning = runtime::slowBlasWarning();
    QCOMPARE(warning.empty(), openblas);
    if (!openblas)
        QVERIFY(warning.find("libopenblas0-pthread") != std::string::npos);
}

void TestRuntimeInfo::versionsAreFilled() {
    const LibraryVersions v = runtime::libraryVersions();
    QVERIFY(QString::fromStdString(v.torch).startsWith("1."));
    QVERIFY(QString::fromStdString(v.opencv).startsWith("4."));
    QVERIFY(QString::fromStdString(v.gdal).startsWith("3."));
    QVERIFY(!v.matio.empty() && !v.faiss.empty());
    QVERIFY(QString::fromStdString(runtime::summary()).contains("LibTorch"));
}

QTEST_GUILESS_MAIN(TestRuntimeInfo)
#include "tst_runtimeinfo.moc"
