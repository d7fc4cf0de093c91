#include "common/memorypolicy.h"
#include "common/runtimeinfo.h"
#include "linalg/openblascore.h"
#include "scopedenvironment.h"

#include <QFile>
#include <QtTest>

#include <cstdlib>
#include <sys/resource.h>

using namespace orinet;
using orinet::testing::ScopedEnvironment;

namespace {

long minorFaults() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_minflt;
}

//! Allocates `bytes`, writes one byte per page, frees; returns the page faults of the writes.
long faultsWhenTouching(size_t bytes) {
    auto* block = static_cast<volatile char*>(std::malloc(bytes));
    const long before = minorFaults();
    for (size_t i = 0; i < bytes; i += 4096)
        block[i] = 1;
    const long faults = minorFaults() - before;
    std::free(const_cast<char*>(block));
    return faults;
}

} // namespace

class TestRuntimeInfo : public QObject {
    Q_OBJECT
private slots:
    void threadsFollowRequestAndEnvironment();
    void blasDetectionNamesTheLoadedLibrary();
    void versionsAreFilled();
    void freedMemoryIsReusedUntilReleased();
};

void TestRuntimeInfo::threadsFollowRequestAndEnvironment() {
    QCOMPARE(runtime::configureThreads(1), 1);
    QCOMPARE(runtime::threads(), 1);
    QCOMPARE(runtime::configureThreads(2), 2);
    QCOMPARE(runtime::threads(), 2);
    // An explicit count wins over the variable; the machine's own ORINET_THREADS comes back after.
    ScopedEnvironment threads("ORINET_THREADS", QByteArray("1"));
    QCOMPARE(runtime::configureThreads(2), 2);
    QCOMPARE(runtime::configureThreads(0), 1);
    threads.set(std::nullopt);
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
    if (openblas) // the kernel set in use, as OpenBLAS itself names it
        QVERIFY2(QString::fromStdString(blas.vendor)
                     .endsWith("(" + QString::fromStdString(OpenBlasCore::current()) + ")"),
                 blas.vendor.c_str());
    const std::string warning = runtime::slowBlasWarning();
    QCOMPARE(warning.empty(), openblas);
    if (!openblas)
        QVERIFY(warning.find("libopenblas0-pthread") != std::string::npos);
}

void TestRuntimeInfo::versionsAreFilled() {
    const LibraryVersions v = runtime::libraryVersions();
    // the GEMM kernel line names the kernel chosen, as measured
    const SgemmReport& gemm = runtime::gemmKernel();
    QVERIFY(QString::fromStdString(v.gemm).startsWith(
        QString::fromStdString(gemm.chosenKernel().name)));
    QVERIFY(QString::fromStdString(runtime::summary()).contains("GEMM kernel "));
    const std::string warnings = runtime::computeWarnings();
    QCOMPARE(warnings.find(gemm.warning()) != std::string::npos, true);
    QVERIFY(QString::fromStdString(v.torch).startsWith("1."));
    QVERIFY(QString::fromStdString(v.opencv).startsWith("4."));
    QVERIFY(QString::fromStdString(v.gdal).startsWith("3."));
    QVERIFY(!v.matio.empty() && !v.faiss.empty());
    QVERIFY(QString::fromStdString(runtime::summary()).contains("LibTorch"));
}

void TestRuntimeInfo::freedMemoryIsReusedUntilReleased() {
#if defined(__SANITIZE_ADDRESS__)
    QSKIP("AddressSanitizer replaces the allocator");
#endif
    QVERIFY(runtime::keepFreedMemory());
    QVERIFY(runtime::keepsFreedMemory());
    QVERIFY(QString::fromStdString(runtime::summary()).contains("kept for reuse"));
    // 256 MiB is far above glibc's 32 MiB mmap limit: by default every such block is unmapped
    // on free and faulted in again, page by page, on the next use.
    const size_t bytes = size_t(256) << 20;
    const long first = faultsWhenTouching(bytes);
    QVERIFY2(first > 0, "fresh memory should fault in");
    const long reused = faultsWhenTouching(bytes);
    QVERIFY2(reused * 10 < first,
             qPrintable(QString("reuse faulted %1 times, fresh %2").arg(reused).arg(first)));
    runtime::releaseFreedMemory();
    const long afterRelease = faultsWhenTouching(bytes);
    QVERIFY2(afterRelease * 2 > first,
             qPrintable(QString("after release %1 faults, fresh %2").arg(afterRelease).arg(first)));
}

QTEST_GUILESS_MAIN(TestRuntimeInfo)
#include "tst_runtimeinfo.moc"
