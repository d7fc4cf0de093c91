#include "common/error.h"
#include "linalg/cpuisa.h"
#include "linalg/openblascore.h"
#include "linalg/sgemm.h"
#include "scopedenvironment.h"

#include <QFile>
#include <QProcess>
#include <QtTest>

#include <cmath>
#include <cstdio>
#include <cstring>
#include <random>

using namespace orinet;
using orinet::testing::ScopedEnvironment;

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

// Puts the OpenBLAS core in use when it was made back at the end of the scope, also when a
// check fails: the core is process-wide state that later test functions run on.
class ScopedOpenBlasCore {
public:
    ScopedOpenBlasCore()
        : mCore(OpenBlasCore::current()) {}
    ~ScopedOpenBlasCore() { OpenBlasCore::use(mCore); }
    ScopedOpenBlasCore(const ScopedOpenBlasCore&) = delete;
    ScopedOpenBlasCore& operator=(const ScopedOpenBlasCore&) = delete;

private:
    std::string mCore;
};

// OpenBLAS reads OPENBLAS_CORETYPE when it loads, so what a program start does with a core
// chosen through it can only be seen in a new process: this executable started with this
// argument (instead of test functions) does what runtime::configureThreads does to OpenBLAS at
// start and prints the outcome as key=value lines (coreChosenAtLoad starts it).
constexpr char kStartArgument[] = "--program-start";

int reportProgramStart() {
    const std::vector<SgemmCandidate> tried = Sgemm::upgradeOpenBlas();
    const SgemmReport report = Sgemm::select();
    std::printf("atLoad=%s\nnow=%s\nforced=%d\ntried=%zu\nfirstTried=%s\nwarning=%s\n",
                report.openBlasCoreAtLoad.c_str(), report.openBlasCore.c_str(),
                int(report.openBlasCoreForced), tried.size(),
                tried.empty() ? "" : tried.front().name.c_str(), report.warning().c_str());
    return 0;
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
    void coreChosenAtLoad_data();
    void coreChosenAtLoad();
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
    // OpenBLAS's own fallback, not a user's choice. upgradeOpenBlas() reads OPENBLAS_CORETYPE
    // when it runs, so without it here this is the unforced situation whatever the machine
    // sets (a core the user chose is kept: userChosenCoreIsKept, coreChosenAtLoad).
    const ScopedEnvironment unforced("OPENBLAS_CORETYPE", std::nullopt);
    const ScopedOpenBlasCore restoreCore;
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
}

// The same slow core, but the one OPENBLAS_CORETYPE asks for: it is kept, and the warning says
// why it runs.
void TestSgemm::userChosenCoreIsKept() {
    if (!OpenBlasCore::loaded())
        QSKIP("the system BLAS is not OpenBLAS");
    if (!OpenBlasCore::runsOnHost("Prescott"))
        QSKIP("this CPU cannot run OpenBLAS's Prescott kernels");
    const ScopedOpenBlasCore restoreCore;
    // What OPENBLAS_CORETYPE=Prescott does at load, then the variable as the user set it.
    QVERIFY(OpenBlasCore::use("Prescott"));
    ScopedEnvironment coreType("OPENBLAS_CORETYPE", QByteArray("Prescott"));
    QVERIFY(OpenBlasCore::forcedByEnvironment());
    QVERIFY(OpenBlasCore::upgrades().empty());
    QVERIFY(Sgemm::upgradeOpenBlas().empty());
    QCOMPARE(QString::fromStdString(OpenBlasCore::current()), QString("Prescott"));
    const SgemmReport report = Sgemm::select();
    QVERIFY(report.openBlasCoreForced);
    QCOMPARE(QString::fromStdString(report.openBlasCore), QString("Prescott"));
    if (hostCpuIsa() > CpuIsa::Sse)
        QVERIFY2(QString::fromStdString(report.warning()).contains("OPENBLAS_CORETYPE"),
                 report.warning().c_str());
    // An empty value chooses nothing (OpenBLAS then picks a core itself).
    coreType.set(QByteArray());
    QVERIFY(!OpenBlasCore::forcedByEnvironment());
    coreType.set(std::nullopt);
    QVERIFY(!OpenBlasCore::forcedByEnvironment());
    QVERIFY(!OpenBlasCore::upgrades().empty() || hostCpuIsa() <= CpuIsa::Sse);
    QVERIFY(!OpenBlasCore::use("NoSuchCore"));
}

void TestSgemm::coreChosenAtLoad_data() {
    QTest::addColumn<QString>("coreType"); // empty: the variable is not set
    QTest::newRow("OPENBLAS_CORETYPE unset") << QString();
    QTest::newRow("OPENBLAS_CORETYPE=Haswell") << QString("Haswell"); // set on some AMD CPUs
    QTest::newRow("OPENBLAS_CORETYPE=Prescott") << QString("Prescott");
}

// A program started with and without OPENBLAS_CORETYPE (a new process: OpenBLAS reads it when it
// loads): a core the user chose is loaded and kept, with a warning when it is below the CPU's
// class; without the variable OpenBLAS's own pick is kept or upgraded and nothing is wrong.
void TestSgemm::coreChosenAtLoad() {
    QFETCH(QString, coreType);
    if (!OpenBlasCore::loaded())
        QSKIP("the system BLAS is not OpenBLAS");
    if (!coreType.isEmpty() && !OpenBlasCore::runsOnHost(coreType.toStdString()))
        QSKIP("this CPU cannot run that core");
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    if (coreType.isEmpty())
        environment.remove("OPENBLAS_CORETYPE");
    else
        environment.insert("OPENBLAS_CORETYPE", coreType);
    QProcess child;
    child.setProcessEnvironment(environment);
    child.start(QCoreApplication::applicationFilePath(), {kStartArgument});
    QVERIFY(child.waitForFinished(120000));
    const QString err = QString::fromLocal8Bit(child.readAllStandardError());
    QVERIFY2(child.exitStatus() == QProcess::NormalExit && child.exitCode() == 0, qPrintable(err));
    QMap<QString, QString> start;
    for (const QString& line : QString::fromLocal8Bit(child.readAllStandardOutput()).split('\n'))
        if (line.contains('='))
            start[line.section('=', 0, 0)] = line.section('=', 1);
    qInfo("OPENBLAS_CORETYPE %s: loaded %s, now %s, %s cores tried; warning: %s",
          coreType.isEmpty() ? "unset" : qPrintable(coreType), qPrintable(start["atLoad"]),
          qPrintable(start["now"]), qPrintable(start["tried"]), qPrintable(start["warning"]));

    if (coreType.isEmpty()) {
        QCOMPARE(start["forced"], QString("0"));
        if (start["tried"] == "0") // nothing better to try: OpenBLAS's pick stays
            QCOMPARE(start["now"], start["atLoad"]);
        else // the pick was the first candidate, measured against the upgrades
            QVERIFY(start["firstTried"].endsWith(start["atLoad"]));
        QVERIFY2(!start["warning"].contains("OpenBLAS"), qPrintable(start["warning"]));
    } else {
        QCOMPARE(start["atLoad"].toLower(), coreType.toLower());
        QCOMPARE(start["forced"], QString("1"));
        QCOMPARE(start["tried"], QString("0"));
        QCOMPARE(start["now"], start["atLoad"]);
        if (OpenBlasCore::isa(coreType.toStdString()) < hostCpuIsa())
            QVERIFY2(start["warning"].contains("because OPENBLAS_CORETYPE asks for them"),
                     qPrintable(start["warning"]));
        else
            QVERIFY2(!start["warning"].contains("OpenBLAS"), qPrintable(start["warning"]));
    }
}

void TestSgemm::degenerateSizesAndNames() {
    std::vector<float> c(6, 1.0f);
    const float a[3] = {1, 2, 3};
    Sgemm::multiplyTransposed(SgemmKernel::Auto, 2, 3, 0, a, 0, a, 0, c.data(), 3);
    QCOMPARE(c, std::vector<float>(6, 0.0f)); // an empty sum is 0
    Sgemm::multiplyTransposed(SgemmKernel::Auto, 0, 3, 3, a, 3, a, 3, c.data(), 3); // no rows
    for (SgemmKernel k : {SgemmKernel::Auto, SgemmKernel::Blas, SgemmKernel::OneDnn})
        QVERIFY(fromString<SgemmKernel>(toString(k)) == k);
    QVERIFY_THROWS_EXCEPTION(Error, fromString<SgemmKernel>("mkl"));
}

int main(int argc, char* argv[]) {
    if (argc == 2 && std::strcmp(argv[1], kStartArgument) == 0)
        return reportProgramStart();
    QCoreApplication app(argc, argv);
    TestSgemm test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "tst_sgemm.moc"
