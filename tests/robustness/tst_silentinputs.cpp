// Inputs that used to be read without a word, each through the `orinet` CLI
// (docs/robustness.md): a checkpoint that lost its training configuration, an ACT_data.mat
// whose 'utm' stores fewer values than it declares (plain and compressed), and a compressed
// variable whose dimensions claim gigabytes. Each must fail naming the file and the problem
// (or, for the checkpoint, use the run's config.json and say so), and change no file.
//
// The world (made once): {dir}/world, `orinet synth` with 60 pairs of small images.

#include "dataset/cvactformat.h"
#include "io/matfile.h"
#include "matelements.h"
#include "model/safetensors.h"
#include "robustnesscase.h"
#include "run/runfolder.h"

#include <QTemporaryDir>
#include <QtTest>

#include <sys/resource.h>
#include <unistd.h>

#include <fstream>

using namespace orinet;
using namespace orinet::testing;

namespace {

constexpr int kPairs = 60;

std::string readBytes(const QString& path) {
    std::ifstream in(path.toStdString(), std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
}

void writeBytes(const QString& path, const std::string& bytes) {
    std::ofstream(path.toStdString(), std::ios::binary | std::ios::trunc) << bytes;
}

//! What ACT_data.mat holds, read with MatFile.
struct ActIndex {
    std::vector<std::string> ids;
    std::vector<double> utm; //!< column-major, as stored: eastings, then northings
    std::vector<double> train, val, test;
};

ActIndex readAct(const QString& path) {
    MatFile mat(path.toStdString(), MatFile::Mode::Read);
    mat.readAllVariables();
    ActIndex a;
    a.ids = mat.readStrings("panoIds");
    a.utm = mat.readNumeric("utm").values;
    a.train = mat.readNumeric("trainSet.trainInd").values;
    a.val = mat.readNumeric("valSet.valInd").values;
    a.test = mat.readNumeric("valSetAll.valInd").values;
    return a;
}

//! Writes ACT_data.mat as CVACT has it (panoIds, utm, the three index structs), with `utm`
//! given as raw element bytes: everything but the utm is what matio writes.
void writeAct(const QString& path, const ActIndex& a, const std::string& utmElement) {
    const QString before = path + ".ids.mat", after = path + ".sets.mat";
    MatFile::writeAtomically(before.toStdString(),
                             [&](MatFile& m) { m.writeStrings("panoIds", a.ids); });
    MatFile::writeAtomically(after.toStdString(), [&](MatFile& m) {
        m.writeStructOfVectors("trainSet", {{"trainInd", a.train}});
        m.writeStructOfVectors("valSet", {{"valInd", a.val}});
        m.writeStructOfVectors("valSetAll", {{"valInd", a.test}});
    });
    const std::string ids = readBytes(before), sets = readBytes(after);
    writeBytes(path, ids + utmElement + sets.substr(128));
    QFile::remove(before);
    QFile::remove(after);
}

//! This process's virtual size in bytes (it maps the same libraries as `orinet`).
uint64_t ownVirtualSize() {
    long pages = 0;
    if (FILE* f = std::fopen("/proc/self/statm", "r")) {
        if (std::fscanf(f, "%ld", &pages) != 1)
            pages = 0;
        std::fclose(f);
    }
    return static_cast<uint64_t>(pages) * static_cast<uint64_t>(::sysconf(_SC_PAGESIZE));
}

//! Runs `orinet` with its address space limited to `limit` bytes: an allocation of gigabytes
//! then fails instead of passing unseen (calloc of fresh pages costs no memory until touched).
//! A sanitized `orinet` cannot start under RLIMIT_AS (ASan reserves its shadow memory), so
//! there ASan refuses any single allocation above 1 GiB instead.
CliResult runLimited(const QStringList& args, uint64_t limit) {
    QProcess process;
    if (cliIsSanitized()) {
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        const QString options = environment.value("ASAN_OPTIONS");
        environment.insert("ASAN_OPTIONS", options + (options.isEmpty() ? "" : ":") +
                                               "max_allocation_size_mb=1024:"
                                               "allocator_may_return_null=1");
        process.setProcessEnvironment(environment);
    } else {
        process.setChildProcessModifier([limit] {
            const rlimit r{static_cast<rlim_t>(limit), static_cast<rlim_t>(limit)};
            ::setrlimit(RLIMIT_AS, &r);
        });
    }
    process.start(cliPath(), args);
    if (!process.waitForFinished(120000)) {
        process.kill();
        process.waitForFinished();
        return {-1, {}, "timeout"};
    }
    return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -2,
            QString::fromLocal8Bit(process.readAllStandardOutput()),
            QString::fromLocal8Bit(process.readAllStandardError())};
}

} // namespace

class TestSilentInputs : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void actUtmShorterThanDeclared_data();
    void actUtmShorterThanDeclared();
    void compressedUtmClaimingGigabytes();
    void checkpointWithoutConfiguration();

private:
    QString copyWorld(const QString& name);

    QTemporaryDir mDir{QDir("/dev/shm").exists() ? QStringLiteral("/dev/shm/orinet-test-XXXXXX")
                                                 : QString()};
    QString mWorld;
    ActIndex mAct;
};

void TestSilentInputs::initTestCase() {
    QVERIFY(mDir.isValid());
    mWorld = mDir.filePath("world");
    const CliResult r = prepareWithCli({"synth",
                                        "--out",
                                        mWorld,
                                        "--pairs",
                                        QString::number(kPairs),
                                        "--seed",
                                        "5",
                                        "--tile-size",
                                        "32",
                                        "--tile-metres",
                                        "40",
                                        "--pano-width",
                                        "66",
                                        "--cvact-width",
                                        "32",
                                        "--world-metres",
                                        "300",
                                        "--threads",
                                        "2",
                                        "--quiet"});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    mAct = readAct(mWorld + "/cvact/ACT_data.mat");
    QCOMPARE(mAct.ids.size(), size_t(kPairs));
    QCOMPARE(mAct.utm.size(), size_t(2 * kPairs));
}

QString TestSilentInputs::copyWorld(const QString& name) {
    const QString dir = mDir.filePath(name);
    if (!copyTree(mWorld, dir))
        qFatal("cannot copy the world for %s", qPrintable(name));
    return dir;
}

// 60 ids with their images, valid index structs, and a utm declared 60x2 that stores 8 values:
// matio took the other 112 from the bytes of the structs after it, and `orinet dataset` found
// no problem. The same file with the whole utm is clean, so only the utm can be the reason.
void TestSilentInputs::actUtmShorterThanDeclared_data() {
    QTest::addColumn<bool>("compressed");
    QTest::newRow("plain utm element") << false;
    QTest::newRow("compressed utm element (miCOMPRESSED)") << true;
}

void TestSilentInputs::actUtmShorterThanDeclared() {
    QFETCH(bool, compressed);
    const QString world = copyWorld(compressed ? "act-zip" : "act-plain");
    const QString act = world + "/cvact/ACT_data.mat";
    auto wrap = [&](const std::string& e) { return compressed ? mat::compressed(e) : e; };

    // The control: every variable whole, written the same way.
    writeAct(act, mAct, wrap(mat::doubles("utm", kPairs, 2, mAct.utm)));
    CliResult r = runCli({"dataset", "--dataset", world + "/cvact"});
    QVERIFY2(r.exitCode == 0, qPrintable(r.out + r.err));

    const std::vector<double> eight(mAct.utm.begin(), mAct.utm.begin() + 8);
    writeAct(act, mAct, wrap(mat::doubles("utm", kPairs, 2, eight)));
    const auto before = snapshot(world);
    r = runCli({"dataset", "--dataset", world + "/cvact"});
    QVERIFY2(r.exitCode > 0, qPrintable("accepted: " + r.out + r.err));
    for (const char* word : {"ACT_data.mat", "'utm'", "declared 60x2 (120 values)", "holds 8"})
        QVERIFY2(r.err.contains(word), qPrintable(QString(word) + " not in: " + r.err));
    // training reads the index the same way
    r = runCli({"train", "--dataset", world + "/cvact", "--run", world + "/run", "--preset", "tiny",
                "--epochs", "1", "--batch", "4", "--threads", "1"});
    QVERIFY2(r.exitCode > 0 && r.err.contains("ACT_data.mat") && r.err.contains("'utm'"),
             qPrintable(r.err));
    const QStringList changed = differences(before, snapshot(world));
    QVERIFY2(changed.isEmpty(), qPrintable(changed.join(", ")));
}

// A compressed utm whose dimensions claim 40000 x 12000 doubles (3.8 GB) while its bytes hold
// 8: matio allocated the claim before inflating (and calloc'ed pages cost nothing until
// touched, so it went unseen). Now refused when the file is opened, naming the variable. The
// program runs with its address space limited to 1 GiB above what this test process maps
// (the same libraries), under which the whole file reads fine: allocating the claim would fail.
void TestSilentInputs::compressedUtmClaimingGigabytes() {
    const uint64_t limit = ownVirtualSize() + (uint64_t{1} << 30);
    QVERIFY2(limit < 3840000000ull, qPrintable(QString("limit %1 B").arg(limit)));
    const QString world = copyWorld("act-huge");
    const QString act = world + "/cvact/ACT_data.mat";
    CliResult r = runLimited({"dataset", "--dataset", world + "/cvact"}, limit);
    QVERIFY2(r.exitCode == 0, qPrintable("the limit is too tight: " + r.out + r.err));

    const std::vector<double> eight(mAct.utm.begin(), mAct.utm.begin() + 8);
    writeAct(act, mAct, mat::compressed(mat::doubles("utm", 40000, 12000, eight)));
    const auto before = snapshot(world);
    r = runLimited({"dataset", "--dataset", world + "/cvact"}, limit);
    QVERIFY2(r.exitCode > 0, qPrintable("accepted or crashed: " + r.out + r.err));
    for (const char* word : {"ACT_data.mat", "'utm'", "declared 40000x12000 (480000000 values)"})
        QVERIFY2(r.err.contains(word), qPrintable(QString(word) + " not in: " + r.err));
    const QStringList changed = differences(before, snapshot(world));
    QVERIFY2(changed.isEmpty(), qPrintable(changed.join(", ")));
}

// A real tiny run whose last.ckpt is rewritten without its configuration. It used to resume at
// the paper preset (the weights fit any input size). Now: with the run's config.json it resumes
// at the run's own preset and says where the configuration came from; without config.json it
// refuses, naming both files, and touches nothing.
void TestSilentInputs::checkpointWithoutConfiguration() {
    const QString run = mDir.filePath("run-noconfig");
    // one step an epoch: the 9 pairs of the val split in one batch
    const QStringList common = QStringList{"--dataset", mWorld + "/cvact", "--run", run} +
                               QString("--preset tiny --batch 9 --threads 2 --train-split val "
                                       "--val-split none --val-bn running "
                                       "--recalibration-batches 0")
                                   .split(' ');
    CliResult r = prepareWithCli(QStringList{"train", "--epochs", "1"} + common, 240000);
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    const RunFolder folder(run.toStdString());
    SafeTensors st = SafeTensors::load(folder.lastCheckpoint());
    QVERIFY(st.metadata.erase("config") == 1);
    st.save(folder.lastCheckpoint());
    const QString last = QString::fromStdString(folder.lastCheckpoint());
    const QString config = QString::fromStdString(folder.configFile());

    // Without config.json: refused, nothing changes.
    const QString saved = mDir.filePath("config.json.saved");
    QVERIFY(QFile::rename(config, saved));
    const auto before = snapshot(run);
    // --preset paper: what the checkpoint used to be read as
    QStringList resume = QStringList{"train", "--resume", "--epochs", "2"} + common;
    resume[resume.indexOf("tiny")] = "paper";
    r = runCli(resume, 240000);
    QVERIFY2(r.exitCode > 0, qPrintable("accepted: " + r.err));
    for (const QString& word : {last, QString("lacks its training configuration"), config})
        QVERIFY2(r.err.contains(word), qPrintable(word + " not in: " + r.err));
    r = runCli({"extract", "--run", run, "--dataset", mWorld + "/cvact", "--split", "val", "--bn",
                "running", "--threads", "2"});
    QVERIFY2(r.exitCode > 0 && r.err.contains(last) && r.err.contains(config), qPrintable(r.err));
    QStringList changed = differences(before, snapshot(run));
    QVERIFY2(changed.isEmpty(), qPrintable(changed.join(", ")));

    // With config.json: the run's tiny preset, and a note naming the file it came from.
    QVERIFY(QFile::rename(saved, config));
    r = runCli(resume, 240000);
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY2(r.err.contains("lacks its training configuration; resuming with the run's " + config),
             qPrintable(r.err));
    QVERIFY2(r.err.contains("tiny preset") && !r.err.contains("paper preset"), qPrintable(r.err));
    QVERIFY2(r.err.contains("epoch 2/2"), qPrintable(r.err));
    // The checkpoint written by the resumed run carries its configuration again.
    QVERIFY(SafeTensors::load(folder.lastCheckpoint()).metadata.count("config"));
}

QTEST_GUILESS_MAIN(TestSilentInputs)
#include "tst_silentinputs.moc"
