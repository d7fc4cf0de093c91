#include "common/error.h"
#include "linalg/cpuisa.h"
#include "linalg/openblascore.h"
#include "linalg/sgemm.h"

#include <QFile>
#include <QtTest>

#include <cmath>
#include <random>

using namespace orinet;

namespace {

struct Product {
    int64_t m, n, k;
    std::vector<float> a, b;   // m x k, n x k, row-major
    std::vector<double> exact; // m x n, A·Bᵀ in float64
    std::vector<double> bound; // per entry: k·2⁻²⁴·Σ|a||b|, the float32 rounding bound
};

Product randomProduct(int64_t m, int64_t n, int64_t k, unsigned seed) {
    Product p{m, n, k, {}, {}, {}, {}};
    std::mt19937 rng(seed);
    std::normal_distribution<float> normal(0.0f, 1.0f);
    p.a.resize(size_t(m * k));
    p.b.resize(size_t(n * k));
    for (float& v : p.a)
        v = normal(rng);
    for (float& v : p.b)
        v = normal(rng);
    p.exact.resize(size_t(m * n));
    p.bound.resize(size_t(m * n));
    for (int64_t i = 0; i < m; ++i)
        for (int64_t j = 0; j < n; ++j) {
            double sum = 0, magnitude = 0;
            for (int64_t c = 0; c < k; ++c) {
                const double t = double(p.a[size_t(i * k + c)]) * p.b[size_t(j * k + c)];
                sum += t;
                magnitude += std::abs(t);
            }
            p.exact[size_t(i * n + j)] = sum;
            p.bound[size_t(i * n + j)] = double(k) * std::ldexp(1.0, -24) * magnitude;
        }
    return p;
}

std::vector<float> run(SgemmKernel kernel, const Product& p) {
    std::vector<float> c(size_t(p.m * p.n), std::nanf(""));
    Sgemm::multiplyTransposed(kernel, p.m, p.n, p.k, p.a.data(), p.k, p.b.data(), p.k, c.data(),
                              p.n);
    return c;
}

// The CPU's class from the kernel's own account (/proc/cpuinfo), independent of cpuid builtins.
CpuIsa isaFromProcCpuinfo() {
    QFile file("/proc/cpuinfo");
    if (!file.open(QIODevice::ReadOnly))
        return CpuIsa::Unknown;
    QSet<QByteArray> flags;
    for (const QByteArray& line : file.readAll().split('\n'))
        if (line.startsWith("flags")) {
            for (const QByteArray& f : line.mid(line.indexOf(':') + 1).simplified().split(' '))
                flags.insert(f);
            break;
        }
    if (flags.contains("avx512f") && flags.contains("avx512cd") && flags.contains("avx512bw") &&
        flags.contains("avx512dq") && flags.contains("avx512vl"))
        return CpuIsa::Avx512;
    if (flags.contains("avx2") && flags.contains("fma"))
        return CpuIsa::Avx2;
    if (flags.contains("avx"))
        return CpuIsa::Avx;
    return flags.contains("sse2") ? CpuIsa::Sse : CpuIsa::Unknown;
}

} // namespace

class TestSgemm : public QObject {
    Q_OBJECT
private slots:
    void hostIsaMatchesProcCpuinfo();
    void everyKernelMatchesFloat64_data();
    void everyKernelMatchesFloat64();
    void kernelsAgreeWithEachOther();
    void selectionPicksTheFastestCorrectKernel();
    void fallbackCoreIsReportedAndUpgraded();
    void userChosenCoreIsKept();
    void degenerateSizesAndNames();
};

void TestSgemm::hostIsaMatchesProcCpuinfo() {
    QCOMPARE(toString(hostCpuIsa()), toString(isaFromProcCpuinfo()));
}

void TestSgemm::everyKernelMatchesFloat64_data() {
    QTest::addColumn<int>("m");
    QTest::addColumn<int>("n");
    QTest::addColumn<int>("k");
    QTest::newRow("one query row") << 1 << 1000 << 1536;
    QTest::newRow("odd sizes") << 77 << 211 << 1539;
    QTest::newRow("retrieval block") << 256 << 512 << 1536;
    QTest::newRow("short depth") << 130 << 70 << 16;
}

void TestSgemm::everyKernelMatchesFloat64() {
    QFETCH(int, m);
    QFETCH(int, n);
    QFETCH(int, k);
    const Product p = randomProduct(m, n, k, unsigned(m * 7 + n));
    for (SgemmKernel kernel : {SgemmKernel::Blas, SgemmKernel::OneDnn, SgemmKernel::Auto}) {
        const std::vector<float> c = run(kernel, p);
        double worst = 0;
        for (size_t i = 0; i < c.size(); ++i) {
            QVERIFY2(std::isfinite(c[i]), qPrintable(QString::fromStdString(toString(kernel))));
            worst = std::max(worst, std::abs(c[i] - p.exact[i]) / p.bound[i]);
        }
        // A correct kernel stays inside the worst-case bound; a wrong one (wrong transpose,
        // stride or tail) is off by the size of the values themselves, thousands of times it.
        QVERIFY2(worst < 1.0, qPrintable(QString("%1: error %2 x the rounding bound")
                                             .arg(QString::fromStdString(toString(kernel)))
                                             .arg(worst)));
        QVERIFY(Sgemm::verify(kernel) < 1.0);
    }
}

void TestSgemm::kernelsAgreeWithEachOther() {
    const Product p = randomProduct(123, 457, 1536, 5);
    const std::vector<float> blas = run(SgemmKernel::Blas, p);
    const std::vector<float> onednn = run(SgemmKernel::OneDnn, p);
    for (size_t i = 0; i < blas.size(); ++i)
        QVERIFY2(std::abs(double(blas[i]) - onednn[i]) <= 2 * p.bound[i],
                 qPrintable(QString("entry %1: %2 vs %3").arg(i).arg(blas[i]).arg(onednn[i])));
}

void TestSgemm::selectionPicksTheFastestCorrectKernel() {
    const SgemmReport report = Sgemm::select();
    QCOMPARE(report.kernels.size(), size_t(2));
    QCOMPARE(toString(report.cpu), toString(hostCpuIsa()));
    const SgemmCandidate& chosen = report.chosenKernel();
    QVERIFY(chosen.kernel == report.chosen);
    QVERIFY(chosen.correct());
    for (const SgemmCandidate& c : report.kernels) {
        QVERIFY2(c.gflops > 0, c.name.c_str());
        QVERIFY2(c.correct(), c.name.c_str());
        QVERIFY(chosen.gflops >= c.gflops);
        QVERIFY(QString::fromStdString(report.summary()).contains(QString::fromStdString(c.name)));
    }
    QVERIFY(Sgemm::resolve(SgemmKernel::Auto) != SgemmKernel::Auto);
    // Both kernels run the CPU's own class here (oneDNN dispatches on it, OpenBLAS knows this
    // CPU or was upgraded at start), so there is nothing to warn about.
    if (chosen.isa == report.cpu && OpenBlasCore::isa(report.openBlasCore) == report.cpu)
        QCOMPARE(QString::fromStdString(report.warning()), QString());
}

// What happens on a CPU newer than the OpenBLAS build (it falls back to its SSE3 "Prescott"
// kernels), reproduced by switching to that core: the report warns, the upgrade moves OpenBLAS
// to the fastest verified core this CPU can run, and the warning goes away.
void TestSgemm::fallbackCoreIsReportedAndUpgraded() {
    if (!OpenBlasCore::loaded())
        QSKIP("the system BLAS is not OpenBLAS");
    if (hostCpuIsa() <= CpuIsa::Sse)
        QSKIP("no core above SSE on this CPU");
    const std::string original = OpenBlasCore::current();
    QVERIFY(OpenBlasCore::use("Prescott"));
    QCOMPARE(QString::fromStdString(OpenBlasCore::current()), QString("Prescott"));
    QVERIFY(Sgemm::verify(SgemmKernel::Blas) < 1.0); // slow, not wrong

    const SgemmReport before = Sgemm::select();
    QCOMPARE(QString::fromStdString(before.openBlasCore), QString("Prescott"));
    QVERIFY2(QString::fromStdString(before.warning()).contains("Prescott"),
             before.warning().c_str());

    const std::vector<SgemmCandidate> tried = Sgemm::upgradeOpenBlas();
    QVERIFY(tried.size() >= 2);
    QVERIFY(QString::fromStdString(tried.front().name).endsWith("Prescott"));
    const std::string now = OpenBlasCore::current();
    QVERIFY2(OpenBlasCore::isa(now) > CpuIsa::Sse, now.c_str());
    // the one kept is the fastest of the correct ones tried
    for (const SgemmCandidate& c : tried) {
        QVERIFY2(c.correct(), c.name.c_str());
        if (QString::fromStdString(c.name).endsWith(QString::fromStdString(now)))
            for (const SgemmCandidate& other : tried)
                QVERIFY(c.gflops >= other.gflops);
    }
    const SgemmReport after = Sgemm::select();
    QCOMPARE(after.openBlasCores.size(), tried.size());
    QVERIFY2(!QString::fromStdString(after.warning()).contains("OpenBLAS"),
             after.warning().c_str());
    // the report lists the cores tried with their rates
    qInfo("%s", after.summary().c_str());
    QVERIFY(QString::fromStdString(after.summary()).contains("Prescott (SSE)"));
    QVERIFY(OpenBlasCore::use(original));
}

void TestSgemm::userChosenCoreIsKept() {
    if (!OpenBlasCore::loaded())
        QSKIP("the system BLAS is not OpenBLAS");
    qputenv("OPENBLAS_CORETYPE", "Prescott");
    QVERIFY(OpenBlasCore::forcedByEnvironment());
    QVERIFY(OpenBlasCore::upgrades().empty());
    QVERIFY(Sgemm::upgradeOpenBlas().empty());
    qunsetenv("OPENBLAS_CORETYPE");
    QVERIFY(!OpenBlasCore::forcedByEnvironment());
    QVERIFY(!OpenBlasCore::use("NoSuchCore"));
}

void TestSgemm::degenerateSizesAndNames() {
    std::vector<float> c(6, 1.0f);
    const float a[3] = {1, 2, 3};
    Sgemm::multiplyTransposed(SgemmKernel::Auto, 2, 3, 0, a, 0, a, 0, c.data(), 3);
    QCOMPARE(c, std::vector<float>(6, 0.0f)); // an empty sum is 0
    Sgemm::multiplyTransposed(SgemmKernel::Auto, 0, 3, 3, a, 3, a, 3, c.data(), 3); // no rows
    for (SgemmKernel k : {SgemmKernel::Auto, SgemmKernel::Blas, SgemmKernel::OneDnn})
        QVERIFY(sgemmKernelFromString(toString(k)) == k);
    QVERIFY_THROWS_EXCEPTION(Error, sgemmKernelFromString("mkl"));
}

QTEST_GUILESS_MAIN(TestSgemm)
#include "tst_sgemm.moc"
