// kill -9 in the middle of the three long jobs, through the `orinet` CLI (docs/robustness.md):
// training, descriptor extraction and a heat-map build are each killed at several moments and
// started again (resumed where the job can resume), and must end with exactly what one
// uninterrupted run gives. The unit tests (tst_trainer, tst_trainerresume, tst_heatmap)
// simulate the interruptions inside one process; here the process really dies.
//
// The world (made once, ~1 s): {dir}/world, `orinet synth` with 16 pairs of small images, and
// {dir}/tiny.safetensors, an untrained tiny model (the plumbing does not need a trained one).

#include "dataset/dataset.h"
#include "heatmapworld.h"
#include "model/safetensors.h"
#include "retrieval/descriptorset.h"
#include "robustnesscase.h"
#include "run/runfolder.h"
#include "run/traininglog.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include <opencv2/core.hpp>

#include <signal.h>

#include <cmath>
#include <functional>

using namespace orinet;
using namespace orinet::testing;

namespace {

//! One interruption: wait until `ready` says the job has got far enough (checked every 10 ms),
//! then `extraMs` more, then SIGKILL.
struct Moment {
    QString name;
    std::function<bool()> ready;
    int extraMs = 0;
};

//! Starts `orinet args`, kills it at `moment` and returns whether it was still running then
//! (false: it finished first). Never waits more than 120 s.
bool runAndKill(const QStringList& args, const Moment& moment) {
    QProcess process;
    process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    process.start(cliPath(), args);
    if (!process.waitForStarted())
        return false;
    QElapsedTimer clock;
    clock.start();
    while (!moment.ready() && process.state() == QProcess::Running && clock.elapsed() < 120000)
        process.waitForFinished(10);
    if (moment.extraMs > 0)
        process.waitForFinished(moment.extraMs);
    const bool running = process.state() == QProcess::Running;
    if (running)
        ::kill(static_cast<pid_t>(process.processId()), SIGKILL);
    process.waitForFinished();
    return running;
}

QStringList withArgs(QStringList args, const QString& from, const QString& to) {
    for (QString& a : args)
        a.replace(from, to);
    return args;
}

//! Files whose name says they are a killed writer's leftovers (AtomicFile's "<name>.tmp-<pid>").
QStringList temporaries(const QString& root) {
    QStringList found;
    const auto files = snapshot(root);
    for (auto it = files.keyBegin(); it != files.keyEnd(); ++it)
        if (it->contains(".tmp-"))
            found << *it;
    return found;
}

qint64 fileSize(const QString& path) {
    return QFileInfo(path).size();
}

} // namespace

class TestKillResume : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void training();
    void extraction();
    void heatMap();

private:
    QTemporaryDir mDir{QDir("/dev/shm").exists() ? QStringLiteral("/dev/shm/orinet-test-XXXXXX")
                                                 : QString()};
    QString mWorld, mWeights;
};

void TestKillResume::initTestCase() {
    QVERIFY(mDir.isValid());
    mWorld = mDir.filePath("world");
    const CliResult r =
        runCli({"synth", "--out",         mWorld, "--pairs",        "24",  "--seed",
                "7",     "--tile-size",   "32",   "--tile-metres",  "40",  "--pano-width",
                "66",    "--cvact-width", "32",   "--world-metres", "200", "--threads",
                "2",     "--quiet"});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    mWeights = mDir.filePath("tiny.safetensors");
    writeTinyWeights(mWeights.toStdString(), 11);
}

// Two epochs of 2 steps with a checkpoint after every step and validation at each epoch's end.
// Killed while starting, after the first step (before or during its checkpoint), at the first
// epoch's end (validation, best.ckpt) and during the second epoch's second step; each time the run
// starts again
// (--resume once it has a checkpoint). The log must hold every step and epoch once, with the
// losses and recalls of the uninterrupted run (1e-6), and the final weights must equal its
// weights (1e-5, as tst_trainerresume asks of an in-process resume).
void TestKillResume::training() {
    const QString straight = mDir.filePath("train-straight"),
                  killed = mDir.filePath("train-killed");
    const QStringList args = withArgs(
        QString("train --dataset {world}/cvact --run {run} --preset tiny --epochs 2 --batch 6 "
                "--threads 2 --workers 1 --seed 4 --lr 1e-4 --checkpoint-every 1 --val-split val "
                "--val-pairs 3 --val-bn running --recalibration-batches 0 --quiet")
            .split(' '),
        "{world}", mWorld);
    CliResult r = runCli(withArgs(args, "{run}", straight), 240000);
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    const std::string straightLog = RunFolder(straight.toStdString()).logFile();
    const TrainingLog reference = TrainingLog::read(straightLog);
    QCOMPARE(reference.steps.size(), size_t(4));
    QCOMPARE(reference.epochs.size(), size_t(2));

    const RunFolder run(killed.toStdString());
    auto steps = [&] { return TrainingLog::read(run.logFile()).steps.size(); };
    const std::vector<Moment> moments = {
        {"while starting", [] { return true; }, 400},
        {"after step 1", [&] { return steps() >= 1; }, 0},
        {"after step 2, at the epoch's end", [&] { return steps() >= 2; }, 50},
        {"during step 4", [&] { return steps() >= 3; }, 300},
    };
    int interrupted = 0;
    for (const Moment& m : moments) {
        QStringList a = withArgs(args, "{run}", killed);
        if (run.hasCheckpoint())
            a << "--resume";
        interrupted += runAndKill(a, m);
        qInfo("killed %s: %zu steps in the log, checkpoint %s", qPrintable(m.name), steps(),
              run.hasCheckpoint() ? "present" : "absent");
    }
    QVERIFY2(interrupted >= 3, qPrintable(QString("only %1 kills landed").arg(interrupted)));
    r = runCli(withArgs(args, "{run}", killed) << "--resume", 240000);
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));

    const TrainingLog log = TrainingLog::read(run.logFile());
    QCOMPARE(log.steps.size(), reference.steps.size());
    for (size_t i = 0; i < log.steps.size(); ++i) {
        QCOMPARE(log.steps[i].step, int64_t(i + 1));
        QVERIFY2(std::abs(log.steps[i].loss - reference.steps[i].loss) < 1e-6,
                 qPrintable(QString("step %1: %2 vs %3")
                                .arg(i + 1)
                                .arg(log.steps[i].loss)
                                .arg(reference.steps[i].loss)));
    }
    QCOMPARE(log.epochs.size(), reference.epochs.size());
    for (size_t i = 0; i < log.epochs.size(); ++i) {
        QCOMPARE(log.epochs[i].epoch, reference.epochs[i].epoch);
        QVERIFY(std::abs(log.epochs[i].meanLoss - reference.epochs[i].meanLoss) < 1e-6);
        QVERIFY(std::abs(log.epochs[i].recallAtOnePercent -
                         reference.epochs[i].recallAtOnePercent) < 1e-6);
    }
    const SafeTensors a = SafeTensors::load(RunFolder(straight.toStdString()).lastCheckpoint());
    const SafeTensors b = SafeTensors::load(run.lastCheckpoint());
    QCOMPARE(b.metadata.at("step"), a.metadata.at("step"));
    double maxDiff = 0;
    for (const NamedTensor& t : a.tensors) {
        const NamedTensor* u = b.find(t.name);
        QVERIFY2(u, t.name.c_str());
        QCOMPARE(u->bytes.size(), t.bytes.size());
        if (t.dtype != TensorDType::Float32)
            continue;
        const float* x = reinterpret_cast<const float*>(t.bytes.data());
        const float* y = reinterpret_cast<const float*>(u->bytes.data());
        for (int64_t i = 0; i < t.elementCount(); ++i)
            maxDiff = std::max(maxDiff, double(std::abs(x[i] - y[i])));
    }
    QVERIFY2(maxDiff < 1e-5, qPrintable(QString::number(maxDiff)));
    QVERIFY(QFile::exists(QString::fromStdString(run.bestCheckpoint())));
    const QStringList left = temporaries(killed);
    QVERIFY2(left.isEmpty(), qPrintable(left.join(", ")));
}

// Extraction into a folder, killed at three moments spread over an uninterrupted run's time,
// then run again. After every kill the folder is absent or holds the complete set; the final
// set equals the uninterrupted one bit for bit.
void TestKillResume::extraction() {
    const QString reference = mDir.filePath("desc-straight"), out = mDir.filePath("desc-killed");
    const QStringList args =
        withArgs(withArgs(QString("extract --checkpoint {weights} --preset tiny --dataset "
                                  "{world}/cvact --split train --bn running --batch 4 --threads 2 "
                                  "--out {out} --quiet")
                              .split(' '),
                          "{weights}", mWeights),
                 "{world}", mWorld);
    QElapsedTimer clock;
    clock.start();
    CliResult r = runCli(withArgs(args, "{out}", reference));
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    const qint64 total = clock.elapsed();
    const DescriptorSet expected = DescriptorSet::load(reference.toStdString());
    QVERIFY(expected.ground.rows > 8);

    auto sameAsExpected = [&](const DescriptorSet& s) {
        return s.ids == expected.ids && s.ground.size() == expected.ground.size() &&
               cv::norm(s.ground, expected.ground, cv::NORM_INF) == 0 &&
               cv::norm(s.satellite, expected.satellite, cv::NORM_INF) == 0;
    };
    // The moments are fractions of one run's time, and a busy machine (tests run two at a
    // time) can make the next run faster than that one: a kill that comes after the end is
    // tried again earlier, so that each moment still interrupts a run.
    int interrupted = 0;
    for (double fraction : {0.45, 0.7, 0.9}) {
        bool landed = false;
        for (double at = fraction; !landed && at > 0.05; at *= 0.6) {
            const int ms = static_cast<int>(at * static_cast<double>(total));
            landed = runAndKill(withArgs(args, "{out}", out),
                                {QString::number(at), [] { return true; }, ms});
            if (QFile::exists(out + "/descriptors.json"))
                QVERIFY2(sameAsExpected(DescriptorSet::load(out.toStdString())),
                         "a killed extraction left an incomplete or different set");
            else
                QVERIFY2(!QFile::exists(out + "/ground.npy"), "descriptors without their metadata");
        }
        interrupted += landed;
    }
    QVERIFY2(interrupted >= 2, qPrintable(QString("only %1 kills landed").arg(interrupted)));
    r = runCli(withArgs(args, "{out}", out));
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY(sameAsExpected(DescriptorSet::load(out.toStdString())));
}

// A heat-map build (its cache of 289 tile descriptors) killed three times once a quarter, half
// and three quarters of the descriptors are on disk, then run to the end: it resumes from the
// last recorded batch, and the cache and the heat map equal an uninterrupted build's bit for
// bit.
void TestKillResume::heatMap() {
    const QString straight = mDir.filePath("heat-straight"), killed = mDir.filePath("heat-killed");
    // The dense map: the whole cache is what a kill interrupts and a second run resumes.
    const QStringList args = withArgs(
        withArgs(QString("heatmap --run {run} --checkpoint {weights} --preset tiny "
                         "--dataset {world} --split test --query {query} --spacing 10 "
                         "--bn running --batch 16 --threads 2 --out {run}/map.tif --json --dense")
                     .split(' '),
                 "{weights}", mWeights),
        "{world}", mWorld);
    const Dataset dataset = Dataset::open(mWorld.toStdString());
    QVERIFY(!dataset.split("test").empty());
    const QString id = QString::fromStdString(dataset.pairs()[dataset.split("test").front()].id);
    const QStringList common = withArgs(args, "{query}", id);
    CliResult r = runCli(withArgs(common, "{run}", straight));
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    const QJsonObject cache =
        QJsonDocument::fromJson(r.out.toUtf8()).object().value("cache").toObject();
    const qint64 cells = cache.value("described").toInteger();
    QCOMPARE(cells, qint64(17 * 17)); // (200 - 40) / 10 + 1 places a side

    // The cache's folder (named after the checkpoint and the grid) and its descriptor file.
    auto descriptorFile = [](const QString& run) {
        const QDir heatmaps(
            QString::fromStdString(RunFolder(run.toStdString()).heatmapDirectory()));
        const QStringList folders = heatmaps.entryList(QDir::Dirs | QDir::NoDotAndDotDot);
        return folders.size() == 1 ? heatmaps.filePath(folders.front() + "/descriptors.f32")
                                   : QString();
    };
    const qint64 bytes = cells * 1536 * 4;
    QCOMPARE(fileSize(descriptorFile(straight)), bytes);
    int interrupted = 0;
    for (double fraction : {0.25, 0.5, 0.75}) {
        interrupted += runAndKill(withArgs(common, "{run}", killed),
                                  {QString::number(fraction),
                                   [&] {
                                       const QString f = descriptorFile(killed);
                                       return !f.isEmpty() && fileSize(f) >= fraction * bytes;
                                   },
                                   0});
    }
    QCOMPARE(interrupted, 3);
    r = runCli(withArgs(common, "{run}", killed));
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    const QJsonObject resumed =
        QJsonDocument::fromJson(r.out.toUtf8()).object().value("cache").toObject();
    const qint64 resumedAt = resumed.value("resumed_at").toInteger();
    QVERIFY2(resumedAt >= cells * 3 / 4 - 16 && resumedAt < cells,
             qPrintable(QString("resumed at %1").arg(resumedAt)));
    QCOMPARE(resumed.value("described").toInteger(), cells - resumedAt);
    QFile a(descriptorFile(straight)), b(descriptorFile(killed));
    QVERIFY(a.open(QIODevice::ReadOnly) && b.open(QIODevice::ReadOnly));
    QVERIFY2(a.readAll() == b.readAll(), "the resumed cache differs");
    QFile mapA(straight + "/map.tif"), mapB(killed + "/map.tif");
    QVERIFY(mapA.open(QIODevice::ReadOnly) && mapB.open(QIODevice::ReadOnly));
    QVERIFY2(mapA.readAll() == mapB.readAll(), "the heat maps differ");
}

QTEST_GUILESS_MAIN(TestKillResume)
#include "tst_killresume.moc"
