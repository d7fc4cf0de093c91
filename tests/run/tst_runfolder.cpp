#include "common/error.h"
#include "common/provenance.h"
#include "metrics/evaluationreport.h"
#include "model/orinetmodel.h"
#include "run/checkpoint.h"
#include "run/runfolder.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QtTest>

#include <sys/wait.h>
#include <unistd.h>

using namespace orinet;

namespace {

//! The pid of a process that has exited: what a killed writer leaves in its file names.
pid_t deadPid() {
    const pid_t child = ::fork();
    if (child == 0)
        ::_exit(0);
    int status = 0;
    ::waitpid(child, &status, 0);
    return child;
}

void touch(const QString& path) {
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("x");
}

Checkpoint tinyCheckpoint(int64_t step) {
    ModelConfig m;
    m.preset = InputPreset::byName("tiny");
    Checkpoint c;
    c.config.model = m;
    c.config.epochs = 7;
    c.state.step = step;
    c.state.stepsPerEpoch = 2;
    c.state.recordedEpochs = static_cast<int>(step / 2);
    c.model = OriNetModel(m).namedTensors();
    return c;
}

} // namespace

class TestRunFolder : public QObject {
    Q_OBJECT
private slots:
    void layoutHasOneOwner();
    void findsKeyedAndOlderDescriptorFolders();
    void checkpointChoiceFallsBackAndSaysSo();
    void listsTheDescriptorSetsItStores();
    void answersWhichRunResultsBelongTo();
    void findsTheResultsOfARun();
    void resultsPerDirectionTakesBothDirections();
    void savedConfigComesFromTheCheckpoint();
    void staleTemporariesOfDeadWritersAreRemoved();
    void secondWriterIsRefused();
};

void TestRunFolder::layoutHasOneOwner() {
    const RunFolder run("/data/runs/a");
    QCOMPARE(run.lastCheckpoint(), std::string("/data/runs/a/checkpoints/last.ckpt"));
    QCOMPARE(run.bestCheckpoint(), std::string("/data/runs/a/checkpoints/best.ckpt"));
    Provenance p;
    p.split = "test";
    p.checkpointKind = "best";
    p.epoch = 14;
    p.normalization = "original";
    QCOMPARE(run.resultsDirectory(p), std::string("/data/runs/a/results/test_best-e14_original"));
    QCOMPARE(run.descriptorsDirectory(p),
             std::string("/data/runs/a/descriptors/test_best-e14_original"));
    // Results of different splits, checkpoints or modes never share a folder.
    Provenance q = p;
    q.split = "val";
    QVERIFY(run.resultsDirectory(q) != run.resultsDirectory(p));
    q = p;
    q.normalization = "recalibrated";
    QVERIFY(run.resultsDirectory(q) != run.resultsDirectory(p));
}

void TestRunFolder::findsKeyedAndOlderDescriptorFolders() {
    QTemporaryDir dir;
    const RunFolder run(dir.path().toStdString());
    Provenance val;
    val.split = "val";
    QCOMPARE(run.findDescriptors(val), std::string());
    // An older version's single set in descriptors/ itself, of split val.
    QVERIFY(QDir().mkpath(QString::fromStdString(run.descriptorsRoot())));
    QFile legacy(QString::fromStdString(run.descriptorsRoot()) + "/descriptors.json");
    QVERIFY(legacy.open(QIODevice::WriteOnly));
    legacy.write("{\"split\": \"val\", \"count\": 3}");
    legacy.close();
    QCOMPARE(run.findDescriptors(val), run.descriptorsRoot());
    Provenance test = val;
    test.split = "test";
    QCOMPARE(run.findDescriptors(test), std::string());
    // A keyed set wins.
    val.checkpointKind = "last";
    val.epoch = 2;
    val.normalization = "recalibrated";
    QVERIFY(QDir().mkpath(QString::fromStdString(run.descriptorsDirectory(val))));
    QFile keyed(QString::fromStdString(run.descriptorsDirectory(val)) + "/descriptors.json");
    QVERIFY(keyed.open(QIODevice::WriteOnly));
    keyed.write("{}");
    keyed.close();
    QCOMPARE(run.findDescriptors(val), run.descriptorsDirectory(val));
}

void TestRunFolder::checkpointChoiceFallsBackAndSaysSo() {
    QTemporaryDir dir;
    const RunFolder run(dir.path().toStdString());
    QVERIFY(!run.hasCheckpoint());
    try {
        run.checkpoint(CheckpointChoice::Last);
        QFAIL("a run without checkpoint has none to give");
    } catch (const Error& e) {
        QVERIFY2(QString(e.what()).contains("no checkpoint"), e.what());
    }
    run.create();
    tinyCheckpoint(4).save(run.lastCheckpoint());
    std::string note;
    QCOMPARE(run.checkpoint(CheckpointChoice::Best, &note), run.lastCheckpoint());
    QVERIFY2(QString::fromStdString(note).contains("no best checkpoint"), note.c_str());
    const RunFolder::ChosenCheckpoint fallback = run.chooseCheckpoint(CheckpointChoice::Best);
    QCOMPARE(fallback.file, run.lastCheckpoint());
    QVERIFY(fallback.fellBack);
    QVERIFY(fallback.choice == CheckpointChoice::Last);
    QCOMPARE(fallback.reason, note);
    tinyCheckpoint(4).save(run.bestCheckpoint());
    note.clear();
    QCOMPARE(run.checkpoint(CheckpointChoice::Best, &note), run.bestCheckpoint());
    QVERIFY(note.empty());
    const RunFolder::ChosenCheckpoint best = run.chooseCheckpoint(CheckpointChoice::Best);
    QVERIFY(!best.fellBack && best.reason.empty());
    QVERIFY(best.choice == CheckpointChoice::Best);
    QCOMPARE(run.checkpoint(CheckpointChoice::Last), run.lastCheckpoint());
    QVERIFY(RunFolder::isRun(dir.path().toStdString()));
    QVERIFY(!RunFolder::isRun(dir.filePath("checkpoints").toStdString()));
}

void TestRunFolder::listsTheDescriptorSetsItStores() {
    QTemporaryDir dir;
    const RunFolder run(dir.path().toStdString());
    QVERIFY(run.descriptorSets().empty()); // no descriptors folder at all
    const QString root = QString::fromStdString(run.descriptorsRoot());
    QVERIFY(QDir().mkpath(root + "/b_last-e1_original"));
    QVERIFY(QDir().mkpath(root + "/a_best-e2_running"));
    QVERIFY(QDir().mkpath(root + "/empty"));
    touch(root + "/b_last-e1_original/ground.npy");
    touch(root + "/a_best-e2_running/ground.npy");
    touch(root + "/empty/notes.txt");
    QCOMPARE(run.descriptorSets(),
             (std::vector<std::string>{run.descriptorsRoot() + "/a_best-e2_running",
                                       run.descriptorsRoot() + "/b_last-e1_original"}));
    // An older version's set in the folder itself comes first.
    touch(root + "/ground.npy");
    QCOMPARE(run.descriptorSets().size(), size_t{3});
    QCOMPARE(run.descriptorSets().front(), run.descriptorsRoot());
}

void TestRunFolder::answersWhichRunResultsBelongTo() {
    QTemporaryDir dir;
    const QString runPath = dir.filePath("run");
    const RunFolder run(runPath.toStdString());
    run.create();
    Provenance p;
    p.split = "val";
    p.checkpointKind = "last";
    p.epoch = 2;
    p.normalization = "original";
    const QString keyed = QString::fromStdString(run.resultsDirectory(p));
    QVERIFY(QDir().mkpath(keyed));
    touch(keyed + "/eval_g2s.json");
    const QString absolute = QFileInfo(runPath).absoluteFilePath();
    for (const QString& path :
         {keyed, keyed + "/", keyed + "/eval_g2s.json", QString::fromStdString(run.resultsRoot()),
          QString::fromStdString(run.resultsRoot()) + "/eval_s2g.json"}) {
        const std::optional<RunFolder> owner = RunFolder::ofResults(path.toStdString());
        QVERIFY2(owner, qPrintable(path));
        QCOMPARE(QString::fromStdString(owner->directory()), absolute);
    }
    // The run folder is not its own results, nor are its other folders.
    QVERIFY(!RunFolder::ofResults(runPath.toStdString()));
    QVERIFY(!RunFolder::ofResults(run.checkpointsDirectory()));
    // A keyed folder under results/ of something that is not a run is not a run's...
    QVERIFY(QDir().mkpath(dir.filePath("out/results/aligned")));
    QVERIFY(!RunFolder::ofResults(dir.filePath("out/results/aligned/eval_g2s.json").toStdString()));
    // ... but a results folder copied without its checkpoints still names its run.
    QCOMPARE(QString::fromStdString(
                 RunFolder::ofResults(dir.filePath("out/results").toStdString())->directory()),
             dir.filePath("out"));
}

void TestRunFolder::findsTheResultsOfARun() {
    QTemporaryDir dir;
    metrics::EvaluationReport r;
    r.computeFromRanks({0, 1}, 2, 2);
    const QString run = dir.filePath("run");
    r.save((run + "/results").toStdString());
    QCOMPARE(RunFolder::loadResults(run.toStdString()).recall, r.recall);
    QVERIFY_THROWS_EXCEPTION(Error, RunFolder::loadResults(dir.filePath("nothing").toStdString()));
    // A run folder with results filed by key: one is found, several must be named.
    const QString keyed = dir.filePath("keyed");
    r.provenance.split = "test";
    r.save((keyed + "/results/test_last-e3_recalibrated").toStdString());
    QCOMPARE(RunFolder::loadResults(keyed.toStdString()).provenance.split, std::string("test"));
    r.provenance.split = "val";
    r.save((keyed + "/results/val_last-e3_recalibrated").toStdString());
    QCOMPARE(RunFolder::findResults(keyed.toStdString()).size(), size_t{2});
    // A results file names itself; a folder of results is searched too.
    const std::string file =
        keyed.toStdString() + "/results/val_last-e3_recalibrated/eval_g2s.json";
    QCOMPARE(RunFolder::findResults(file), std::vector<std::string>{file});
    QCOMPARE(RunFolder::loadResults(keyed.toStdString() + "/results/val_last-e3_recalibrated")
                 .provenance.split,
             std::string("val"));
    try {
        RunFolder::loadResults(keyed.toStdString());
        QFAIL("two results sets, one taken silently");
    } catch (const Error& e) {
        QVERIFY2(QString(e.what()).contains("several evaluation results") &&
                     QString(e.what()).contains("val_last-e3_recalibrated/eval_g2s.json"),
                 e.what());
    }
}

void TestRunFolder::resultsPerDirectionTakesBothDirections() {
    QTemporaryDir dir;
    metrics::EvaluationReport r;
    r.computeFromRanks({0, 1}, 2, 2);
    const std::string results = dir.filePath("run/results/val_last-e3_original").toStdString();
    r.save(results);
    const std::string g2s = results + "/eval_g2s.json", s2g = results + "/eval_s2g.json";
    // One direction: that one; the run folder and its results folder find the same.
    QCOMPARE(RunFolder::resultsPerDirection(dir.filePath("run").toStdString()),
             std::vector<std::string>{g2s});
    r.direction = metrics::Direction::SatelliteToGround;
    r.save(results);
    // Both: both, ground→satellite first (the paper's direction); a file is itself.
    QCOMPARE(RunFolder::resultsPerDirection(dir.filePath("run").toStdString()),
             (std::vector<std::string>{g2s, s2g}));
    QCOMPARE(RunFolder::resultsPerDirection(results), (std::vector<std::string>{g2s, s2g}));
    QCOMPARE(RunFolder::resultsPerDirection(s2g), std::vector<std::string>{s2g});
    // Two evaluations of one direction are for the user to choose between, named.
    r.save(dir.filePath("run/results/val_best-e2_original").toStdString());
    try {
        RunFolder::resultsPerDirection(dir.filePath("run").toStdString());
        QFAIL("two s2g results, one taken silently");
    } catch (const Error& e) {
        QVERIFY2(QString(e.what()).contains("val_best-e2_original/eval_s2g.json") &&
                     QString(e.what()).contains("val_last-e3_original/eval_s2g.json"),
                 e.what());
    }
    QVERIFY_THROWS_EXCEPTION(Error,
                             RunFolder::resultsPerDirection(dir.filePath("nothing").toStdString()));
    QVERIFY(QDir().mkpath(dir.filePath("empty")));
    QVERIFY_THROWS_EXCEPTION(Error,
                             RunFolder::resultsPerDirection(dir.filePath("empty").toStdString()));
}

void TestRunFolder::savedConfigComesFromTheCheckpoint() {
    QTemporaryDir dir;
    const RunFolder run(dir.path().toStdString());
    run.create();
    try {
        run.savedConfig();
        QFAIL("no configuration to read");
    } catch (const Error& e) {
        QVERIFY2(QString(e.what()).contains("not a run folder"), e.what());
    }
    tinyCheckpoint(6).save(run.lastCheckpoint());
    QCOMPARE(run.savedConfig().epochs, 7);
    QCOMPARE(run.savedConfig().model.preset.name, std::string("tiny"));
}

void TestRunFolder::staleTemporariesOfDeadWritersAreRemoved() {
    QTemporaryDir dir;
    const RunFolder run(dir.path().toStdString());
    run.create();
    const QString checkpoints = QString::fromStdString(run.checkpointsDirectory());
    const QString dead = checkpoints + "/last.ckpt.tmp-" + QString::number(deadPid());
    const QString alive = checkpoints + "/last.ckpt.tmp-" + QString::number(::getpid());
    const QString other = checkpoints + "/notes.tmp-abc";
    touch(dead);
    touch(alive);
    touch(other);
    // A descriptor set staged beside its folder by a killed save is one too.
    const QString staged = dir.filePath("descriptors.tmp-" + QString::number(deadPid()));
    QVERIFY(QDir().mkpath(staged + "/inner"));
    const std::vector<std::string> removed = run.removeStaleTemporaries();
    QCOMPARE(removed.size(), size_t{2});
    QVERIFY(!QFile::exists(dead));
    QVERIFY(!QFile::exists(staged));
    QVERIFY(QFile::exists(alive)); // its writer (this process) may still be writing
    QVERIFY(QFile::exists(other)); // not a temporary file of ours
    QCOMPARE(run.removeStaleTemporaries().size(), size_t{0});
}

void TestRunFolder::secondWriterIsRefused() {
    QTemporaryDir dir;
    const RunFolder run(dir.path().toStdString());
    run.create();
    {
        auto first = run.lock();
        try {
            run.lock();
            QFAIL("two writers in one run folder");
        } catch (const Error& e) {
            QVERIFY2(QString(e.what()).contains("another process is training"), e.what());
        }
    }
    auto again = run.lock(); // released with the first
    QVERIFY(again);
}

QTEST_APPLESS_MAIN(TestRunFolder)
#include "tst_runfolder.moc"
