// Every output option of every `orinet` subcommand, pointed at (a) an existing folder holding
// a file of the user's and (b) an existing file of the user's with the name the option
// expects: the command must refuse with a message naming the target, and every byte of the
// case folder must survive (docs/robustness.md, "What a write may replace").
//
// The case folder {dir} is a copy of a small world ({dir}/world), a descriptor set
// ({dir}/desc) and evaluation results ({dir}/results). A tiny trained run ({run}) and its
// exported weights ({weights}) are shared by all cases and only read.

#include "robustnesscase.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace orinet::testing;

namespace {

void writeAll(const QString& path, const QByteArray& bytes) {
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate) || f.write(bytes) != bytes.size())
        qFatal("cannot write %s", qPrintable(path));
}

//! One output option: the command line with "{out}" where the target goes, and whether the
//! option writes a folder (else a file with the given suffix).
struct OutputOption {
    QString name;
    QStringList args;
    bool folder;
    QString suffix = {};
};

std::vector<OutputOption> outputOptions(const QString& valQuery) {
    const QStringList extract = {"extract",   "--checkpoint",      "{run}/checkpoints/last.ckpt",
                                 "--dataset", "{dir}/world/cvusa", "--split",
                                 "val",       "--threads",         "1"};
    const QStringList heatmap = {"heatmap", "--run", "{run}",     "--dataset", "{dir}/world/cvact",
                                 "--split", "val",   "--threads", "1"};
    const QStringList evalDesc = {"eval", "--descriptors", "{dir}/desc", "--geo", "none"};
    return {
        {"synth --out", {"synth", "--out", "{out}", "--pairs", "2", "--quiet"}, true},
        {"train --run",
         {"train", "--dataset", "{dir}/world/cvusa", "--run", "{out}", "--preset", "tiny",
          "--epochs", "1", "--batch", "2", "--workers", "1", "--threads", "1", "--val-split",
          "none"},
         true},
        {"extract --out", extract + QStringList{"--out", "{out}"}, true},
        {"eval --out", evalDesc + QStringList{"--out", "{out}"}, true},
        {"eval --export-npy", evalDesc + QStringList{"--export-npy", "{out}"}, true},
        {"eval --export-mat", evalDesc + QStringList{"--export-mat", "{out}"}, false, ".mat"},
        {"eval --index",
         evalDesc + QStringList{"--backend", "faiss-ivfpq", "--index", "{out}", "--out",
                                "{dir}/ivf-results"},
         false, ".ivfpq"},
        {"plot --out",
         {"plot", "recall", "--runs", "{dir}/results", "--out", "{out}"},
         false,
         ".pdf"},
        {"plot --table-out",
         {"plot", "recall", "--runs", "{dir}/results", "--out", "{dir}/fig.pdf", "--table", "latex",
          "--table-out", "{out}"},
         false,
         ".tex"},
        {"heatmap --out", heatmap + QStringList{"--query", valQuery, "--out", "{out}"}, false,
         ".tif"},
        {"heatmap --png",
         heatmap + QStringList{"--query", valQuery, "--out", "{dir}/heat.tif", "--png", "{out}"},
         false, ".png"},
        {"heatmap --summary", heatmap + QStringList{"--query", "all", "--summary", "{out}"}, false,
         ".csv"},
        {"export-weights --out",
         {"export-weights", "--checkpoint", "{run}", "--out", "{out}"},
         false,
         ".safetensors"},
        {"import-weights --out", {"import-weights", "{weights}", "--out", "{out}"}, false, ".ckpt"},
        {"import-descriptors --out",
         {"import-descriptors", "--method", "Other", "--ground", "{dir}/desc/ground.npy",
          "--satellite", "{dir}/desc/satellite.npy", "--dataset", "{dir}/world/cvusa", "--split",
          "val", "--out", "{out}"},
         true},
        {"make-dataset --out",
         {"make-dataset", "--orthophoto", "{dir}/world/world.tif", "--positions",
          "{dir}/positions.csv", "--out", "{out}", "--tile-size", "48", "--tile-metres", "50"},
         true},
        {"orientation --out",
         {"orientation", "--kind", "ground", "--size", "4x8", "--out", "{out}"},
         false,
         ".npy"},
    };
}

//! The first pair of the val split in the world's pairs.csv (columns named in its header).
QString firstValPair(const QString& world) {
    QFile f(world + "/pairs.csv");
    if (!f.open(QIODevice::ReadOnly))
        return {};
    const QStringList header = QString::fromUtf8(f.readLine()).trimmed().split(',');
    const int id = header.indexOf("id"), split = header.indexOf("split");
    while (!f.atEnd()) {
        const QStringList fields = QString::fromUtf8(f.readLine()).trimmed().split(',');
        if (id >= 0 && split >= 0 && fields.value(split).split(';').contains("val"))
            return fields.value(id);
    }
    return {};
}

//! make-dataset's positions file for the world's CVUSA panoramas (file,lat,lon).
bool writePositions(const QString& world, const QString& path) {
    QFile in(world + "/pairs.csv"), out(path);
    if (!in.open(QIODevice::ReadOnly) || !out.open(QIODevice::WriteOnly))
        return false;
    const QStringList header = QString::fromUtf8(in.readLine()).trimmed().split(',');
    const int file = header.indexOf("panorama"), lat = header.indexOf("lat"),
              lon = header.indexOf("lon");
    out.write("file,lat,lon\n");
    while (!in.atEnd()) {
        const QStringList f = QString::fromUtf8(in.readLine()).trimmed().split(',');
        out.write(
            QString("world/%1,%2,%3\n").arg(f.value(file), f.value(lat), f.value(lon)).toUtf8());
    }
    return file >= 0 && lat >= 0 && lon >= 0;
}

} // namespace

class TestOutputOptions : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void foreignTargetSurvives_data();
    void foreignTargetSurvives();
    void ownOutputsAreReplaced();
    void resultsOfALooseSetGoOnlyWhereAsked();
    void cleanupTestCase();

private:
    QString freshCopy();
    QStringList expand(const QStringList& args, const QString& dir, const QString& out) const;

    QTemporaryDir mDir;
    QString mTemplate;
    QString mRun;
    QString mWeights;
    QString mValQuery;
    QMap<QString, QByteArray> mRunSnapshot; //!< the shared run's hashes after initTestCase
};

void TestOutputOptions::initTestCase() {
    QVERIFY(mDir.isValid());
    mTemplate = mDir.filePath("template");
    CliResult r = makeSmallWorld(mTemplate + "/world");
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    mValQuery = firstValPair(mTemplate + "/world");
    QVERIFY(!mValQuery.isEmpty());
    QVERIFY(writePositions(mTemplate + "/world", mTemplate + "/positions.csv"));
    mRun = mDir.filePath("run");
    r = prepareWithCli({"train", "--dataset", mTemplate + "/world/cvusa", "--run", mRun, "--preset",
                        "tiny", "--epochs", "1", "--batch", "2", "--workers", "1", "--threads", "2",
                        "--val-split", "none"},
                       600000);
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    mWeights = mDir.filePath("weights.safetensors");
    r = prepareWithCli({"export-weights", "--checkpoint", mRun, "--out", mWeights});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    r = prepareWithCli({"extract", "--checkpoint", mRun + "/checkpoints/last.ckpt", "--dataset",
                        mTemplate + "/world/cvusa", "--split", "val", "--out", mTemplate + "/desc",
                        "--threads", "2"});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    r = prepareWithCli({"eval", "--descriptors", mTemplate + "/desc", "--geo", "none", "--out",
                        mTemplate + "/results"});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    mRunSnapshot = snapshot(mRun);
}

void TestOutputOptions::cleanupTestCase() {
    // Every case compared the shared run's file times; here its bytes, once.
    if (!mRunSnapshot.isEmpty())
        QVERIFY2(differences(mRunSnapshot, snapshot(mRun)).isEmpty(), "the shared run changed");
}

QString TestOutputOptions::freshCopy() {
    static int counter = 0;
    const QString dir = mDir.filePath("case-" + QString::number(++counter));
    if (!copyTree(mTemplate, dir))
        qFatal("cannot copy the template");
    return dir;
}

QStringList TestOutputOptions::expand(const QStringList& args, const QString& dir,
                                      const QString& out) const {
    QStringList expanded;
    for (QString a : args)
        expanded << a.replace("{out}", out)
                        .replace("{dir}", dir)
                        .replace("{run}", mRun)
                        .replace("{weights}", mWeights);
    return expanded;
}

void TestOutputOptions::foreignTargetSurvives_data() {
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("target");
    QTest::addColumn<QString>("foreignFile"); // relative to the case folder
    for (const OutputOption& o : outputOptions(mValQuery)) {
        // (a) an existing folder holding a file of the user's, named as the option expects
        const QString folder = "mine" + o.suffix;
        QTest::newRow(qPrintable(o.name + " x foreign folder"))
            << o.args << folder << folder + "/thesis.tex";
        // (b) an existing file of the user's: where a folder goes, or with the right suffix
        const QString file = o.folder ? QString("mine.txt") : "mine" + o.suffix;
        QTest::newRow(qPrintable(o.name + " x foreign file")) << o.args << file << file;
    }
}

void TestOutputOptions::foreignTargetSurvives() {
    QFETCH(QStringList, args);
    QFETCH(QString, target);
    QFETCH(QString, foreignFile);
    const QString dir = freshCopy();
    writeAll(dir + "/" + foreignFile, "precious: the user's own words\n");
    const auto before = snapshot(dir);
    const auto runBefore = stamps(mRun);
    const CliResult r = runCli(expand(args, dir, dir + "/" + target), 300000);
    QVERIFY2(r.exitCode != -1, "timed out");
    QVERIFY2(r.exitCode != -2, qPrintable("crashed: " + r.err));
    QVERIFY2(r.exitCode != 0, qPrintable("accepted: " + r.out + r.err));
    QVERIFY2(r.err.contains(target), qPrintable("the message does not name the target: " + r.err));
    const QStringList changed = differences(before, snapshot(dir));
    QVERIFY2(changed.isEmpty(), qPrintable(changed.join(", ")));
    QVERIFY2(differences(runBefore, stamps(mRun)).isEmpty(), "the shared run changed");
}

void TestOutputOptions::ownOutputsAreReplaced() {
    // The rule must not get in the way of running a command again: each file output over the
    // file it wrote itself, and each folder output over its own folder.
    const QString dir = freshCopy();
    for (const OutputOption& o : outputOptions(mValQuery)) {
        if (o.name.startsWith("train") || o.name.startsWith("synth") ||
            o.name.startsWith("heatmap") || o.name == "eval --index")
            continue; // resumable or cached writers, tested with their own commands
        const QString out = dir + "/own-" + QString(o.name).replace(' ', '_') + o.suffix;
        for (int i = 0; i < 2; ++i) {
            const CliResult r = runCli(expand(o.args, dir, out), 300000);
            QVERIFY2(r.exitCode == 0,
                     qPrintable(o.name + " run " + QString::number(i + 1) + ": " + r.err));
        }
        QVERIFY2(QFileInfo::exists(out), qPrintable(out));
    }
}

void TestOutputOptions::resultsOfALooseSetGoOnlyWhereAsked() {
    // A descriptor set outside any run: its results went into the folder above it, which the
    // user never named. Now they go where --out says, or nowhere, and the command says so.
    const QString dir = freshCopy();
    const auto before = snapshot(dir);
    CliResult r = runCli({"eval", "--descriptors", dir + "/desc", "--geo", "none"});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY2(r.out.contains("not saved") && r.out.contains("--out"), qPrintable(r.out));
    QVERIFY2(differences(before, snapshot(dir)).isEmpty(),
             qPrintable(differences(before, snapshot(dir)).join(", ")));
    QVERIFY(!QFileInfo::exists(dir + "/results/val"));
    r = runCli({"eval", "--descriptors", dir + "/desc", "--geo", "none", "--out", dir + "/asked"});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY(QFileInfo::exists(dir + "/asked/eval_g2s.json"));
    // a run's descriptors keep their results in the run
    QVERIFY(QDir().mkpath(dir + "/run/checkpoints"));
    QVERIFY(copyTree(dir + "/desc", dir + "/run/descriptors/val"));
    r = runCli({"eval", "--descriptors", dir + "/run/descriptors/val", "--geo", "none"});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    const QStringList keys =
        QDir(dir + "/run/results").entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    QCOMPARE(keys.size(), 1);
    QVERIFY(QFileInfo::exists(dir + "/run/results/" + keys.front() + "/eval_g2s.json"));
}

QTEST_GUILESS_MAIN(TestOutputOptions)
#include "tst_outputoptions.moc"
