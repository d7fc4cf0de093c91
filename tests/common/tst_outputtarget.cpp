// The output rule (docs/robustness.md, "What a write may replace") and the core writers that
// follow it: each writer replaces what it wrote itself, and refuses a folder of the user's, a
// file of another kind, and a file where a folder goes (and the other way round), leaving
// every byte as it was.

#include "common/atomicfile.h"
#include "common/error.h"
#include "common/outputtarget.h"
#include "geo/geotiff.h"
#include "io/matfile.h"
#include "io/npyarray.h"
#include "metrics/evaluationreport.h"
#include "model/safetensors.h"
#include "retrieval/descriptorset.h"
#include "run/runfolder.h"
#include "synth/syntheticworld.h"

#include <QCryptographicHash>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>
#include <opencv2/core.hpp>

#include <functional>

using namespace orinet;

using Writer = std::function<void(const std::string&)>;
Q_DECLARE_METATYPE(Writer)

namespace {

void writeFile(const QString& path, const QByteArray& bytes) {
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate) || f.write(bytes) != bytes.size())
        qFatal("cannot write %s", qPrintable(path));
}

//! Relative path -> SHA-1 of every file under `root` (or of `root` itself when it is a file).
QMap<QString, QByteArray> snapshot(const QString& root) {
    QMap<QString, QByteArray> files;
    const auto add = [&](const QString& path) {
        QFile f(path);
        QCryptographicHash sha(QCryptographicHash::Sha1);
        if (f.open(QIODevice::ReadOnly))
            sha.addData(&f);
        files.insert(QDir(root).relativeFilePath(path), sha.result());
    };
    if (QFileInfo(root).isFile()) {
        add(root);
        return files;
    }
    QDirIterator it(root, QDir::Files | QDir::Dirs | QDir::NoDotAndDotDot | QDir::Hidden,
                    QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        if (it.fileInfo().isDir())
            files.insert(QDir(root).relativeFilePath(path) + "/", {});
        else
            add(path);
    }
    return files;
}

DescriptorSet smallSet(int rows, unsigned seed) {
    cv::RNG rng(seed);
    DescriptorSet set;
    set.ground = cv::Mat(rows, 8, CV_32F);
    set.satellite = cv::Mat(rows, 8, CV_32F);
    rng.fill(set.ground, cv::RNG::NORMAL, 0, 1);
    rng.fill(set.satellite, cv::RNG::NORMAL, 0, 1);
    set.provenance.split = "val";
    return set;
}

//! Runs `write` against `target` and checks that it throws an orinet::Error naming the target,
//! and that nothing in `watched` (the target's folder) changed.
void expectRefused(const QString& watched, const QString& target,
                   const std::function<void()>& write) {
    const auto before = snapshot(watched);
    try {
        write();
        QFAIL(qPrintable("accepted " + target));
    } catch (const Error& e) {
        QVERIFY2(QString::fromUtf8(e.what()).contains(target), e.what());
    }
    QCOMPARE(snapshot(watched), before);
}

} // namespace

class TestOutputTarget : public QObject {
    Q_OBJECT
private slots:
    void fileKindsRecogniseTheirOwnBytesOnly();
    void checkFileRefusesFoldersAndOtherKinds();
    void checkFolderRefusesForeignFolders();
    void descriptorSetReplacesOnlyASet();
    void descriptorSetLeavesOtherTemporariesAlone();
    void evaluationResultsGoIntoNewOrOwnFolders();
    void fileWritersReplaceOnlyTheirKind_data();
    void fileWritersReplaceOnlyTheirKind();
    void runFolderIsNotMadeOfAForeignFolder();
    void runOfDescriptors();
    void atomicFileNeverTruncatesAFileNamedLikeItsTemporary();
};

void TestOutputTarget::fileKindsRecogniseTheirOwnBytesOnly() {
    const std::string user = "\\documentclass{article}\n% my thesis\n";
    const std::vector<std::pair<OutputTarget::FileKind, std::string>> own = {
        {OutputTarget::npy(), std::string("\x93NUMPY\x01\x00", 8)},
        {OutputTarget::mat(), "MATLAB 5.0 MAT-file, Platform: GLNXA64"},
        {OutputTarget::safetensors(), std::string("\x02\0\0\0\0\0\0\0{}", 10)},
        {OutputTarget::tiff(), std::string("II*\0", 4)},
        {OutputTarget::png(), "\x89PNG\r\n\x1a\nrest"},
        {OutputTarget::jpeg(), "\xFF\xD8\xFF\xE0rest"},
        {OutputTarget::pdf(), "%PDF-1.4\n"},
        {OutputTarget::svg(), "<?xml version=\"1.0\"?>\n<svg width=\"3\">"},
        {OutputTarget::faissIndex(), "ORNFAISS...."},
        {OutputTarget::text("table", "method,r@1,"), "method,r@1,r@5\nA,1,2\n"},
    };
    for (const auto& [kind, bytes] : own) {
        QVERIFY2(kind.recognises(bytes), kind.name.c_str());
        QVERIFY2(!kind.recognises(user), kind.name.c_str());
    }
    // a byte-order mark before a CSV header is the same table
    QVERIFY(OutputTarget::text("t", "id,rank").recognises("\xEF\xBB\xBFid,rank,x\n"));
    // the kinds of one another are told apart
    QVERIFY(!OutputTarget::npy().recognises("%PDF-1.4"));
    QVERIFY(!OutputTarget::pdf().recognises("\x89PNG\r\n\x1a\n"));
    QVERIFY(!OutputTarget::safetensors().recognises("MATLAB 5.0"));
}

void TestOutputTarget::checkFileRefusesFoldersAndOtherKinds() {
    QTemporaryDir dir;
    const QString text = dir.filePath("fig.pdf");
    writeFile(text, "my own notes\n");
    expectRefused(dir.path(), text,
                  [&] { OutputTarget::checkFile(text.toStdString(), OutputTarget::pdf()); });
    const QString folder = dir.filePath("fig2.pdf");
    QDir().mkpath(folder);
    expectRefused(dir.path(), folder,
                  [&] { OutputTarget::checkFile(folder.toStdString(), OutputTarget::pdf()); });
    // absent, empty and own files pass
    OutputTarget::checkFile(dir.filePath("new.pdf").toStdString(), OutputTarget::pdf());
    writeFile(dir.filePath("empty.pdf"), "");
    OutputTarget::checkFile(dir.filePath("empty.pdf").toStdString(), OutputTarget::pdf());
    writeFile(dir.filePath("old.pdf"), "%PDF-1.4\n...");
    OutputTarget::checkFile(dir.filePath("old.pdf").toStdString(), OutputTarget::pdf());
    QVERIFY_THROWS_EXCEPTION(Error, OutputTarget::figure("fig.docx"));
}

void TestOutputTarget::checkFolderRefusesForeignFolders() {
    QTemporaryDir dir;
    OutputTarget::FolderKind kind;
    kind.name = "thing";
    kind.recognises = [](const std::string& f) {
        return QFile::exists(QString::fromStdString(f) + "/thing.json");
    };
    const QString mine = dir.filePath("mine");
    writeFile(mine + "/thesis.tex", "precious");
    expectRefused(dir.path(), mine, [&] { OutputTarget::checkFolder(mine.toStdString(), kind); });
    const QString file = dir.filePath("file");
    writeFile(file, "precious");
    expectRefused(dir.path(), file, [&] { OutputTarget::checkFolder(file.toStdString(), kind); });
    QDir().mkpath(dir.filePath("empty"));
    OutputTarget::checkFolder(dir.filePath("empty").toStdString(), kind);
    OutputTarget::checkFolder(dir.filePath("absent").toStdString(), kind);
    writeFile(dir.filePath("own/thing.json"), "{}");
    writeFile(dir.filePath("own/extra.txt"), "kept");
    OutputTarget::checkFolder(dir.filePath("own").toStdString(),
                              kind); // adds files: may hold others
    kind.ownsEntry = [](const std::string& name) { return name == "thing.json"; };
    expectRefused(dir.path(), dir.filePath("own"),
                  [&] { OutputTarget::checkFolder(dir.filePath("own").toStdString(), kind); });
}

void TestOutputTarget::descriptorSetReplacesOnlyASet() {
    QTemporaryDir dir;
    // the report's case: extract --out mydocs emptied the folder
    const QString mydocs = dir.filePath("mydocs");
    writeFile(mydocs + "/thesis.tex", "precious");
    expectRefused(dir.path(), mydocs, [&] { smallSet(5, 1).save(mydocs.toStdString()); });
    // a regular file where the set goes
    const QString file = dir.filePath("set.txt");
    writeFile(file, "precious");
    expectRefused(dir.path(), file, [&] { smallSet(5, 1).save(file.toStdString()); });
    // a set is replaced by a set, as a whole
    const QString set = dir.filePath("set");
    smallSet(5, 1).save(set.toStdString());
    const DescriptorSet newer = smallSet(7, 2);
    newer.save(set.toStdString());
    QCOMPARE(DescriptorSet::load(set.toStdString()).ground.rows, 7);
    QCOMPARE(QDir(set).entryList(QDir::Files | QDir::Hidden).size(), 3);
    // but not when the user keeps a file of their own inside it: the swap would lose it
    writeFile(set + "/README.txt", "what these are");
    expectRefused(dir.path(), set, [&] { smallSet(3, 3).save(set.toStdString()); });
    QCOMPARE(DescriptorSet::load(set.toStdString()).ground.rows, 7);
}

void TestOutputTarget::descriptorSetLeavesOtherTemporariesAlone() {
    // A killed save leaves "<set>.tmp-<pid>" behind, which the next save of that set removes;
    // a file of the user's in the same folder that only looks like a temporary stays.
    QTemporaryDir dir;
    const QString userFile = dir.filePath("notes.tmp-999999");
    writeFile(userFile, "precious");
    const QString stale = dir.filePath("set.tmp-999998");
    writeFile(stale + "/ground.npy", "partial");
    smallSet(4, 1).save(dir.filePath("set").toStdString());
    QVERIFY(QFile::exists(userFile));
    QVERIFY(!QFileInfo::exists(stale));
}

void TestOutputTarget::evaluationResultsGoIntoNewOrOwnFolders() {
    QTemporaryDir dir;
    metrics::EvaluationReport report;
    report.direction = metrics::Direction::GroundToSatellite;
    report.computeFromRanks({0, 1, 0, 3}, 4, 4);
    const QString mine = dir.filePath("mine");
    writeFile(mine + "/thesis.tex", "precious");
    expectRefused(dir.path(), mine, [&] { report.save(mine.toStdString()); });
    const QString file = dir.filePath("results.txt");
    writeFile(file, "precious");
    expectRefused(dir.path(), file, [&] { report.save(file.toStdString()); });
    const QString own = dir.filePath("results");
    report.save(own.toStdString());
    writeFile(own + "/my-notes.txt", "kept"); // beside results: kept, and no reason to refuse
    report.direction = metrics::Direction::SatelliteToGround;
    report.save(own.toStdString());
    QVERIFY(QFile::exists(own + "/eval_g2s.json") && QFile::exists(own + "/eval_s2g.json"));
    QVERIFY(QFile::exists(own + "/my-notes.txt"));
}

void TestOutputTarget::fileWritersReplaceOnlyTheirKind_data() {
    QTest::addColumn<QString>("name");
    QTest::addColumn<Writer>("write");
    using Write = Writer;
    QTest::newRow("npy") << "a.npy" << Write([](const std::string& p) {
        NpyArray::fromMat(cv::Mat::ones(2, 3, CV_32F)).save(p);
    });
    QTest::newRow("mat export") << "a.mat"
                                << Write([](const std::string& p) { smallSet(3, 1).exportMat(p); });
    QTest::newRow("safetensors") << "a.safetensors" << Write([](const std::string& p) {
        SafeTensors st;
        st.metadata["format"] = "pt";
        st.save(p);
    });
    QTest::newRow("GeoTIFF") << "a.tif" << Write([](const std::string& p) {
        GeoTiff::write(p, cv::Mat(4, 4, CV_8UC1, cv::Scalar(9)), GeoTransform{690000, 6090000, 1},
                       32755);
    });
}

void TestOutputTarget::fileWritersReplaceOnlyTheirKind() {
    QFETCH(QString, name);
    QFETCH(Writer, write);
    QTemporaryDir dir;
    const QString foreign = dir.filePath(name);
    writeFile(foreign, "precious: a file of the user's with the writer's suffix\n");
    expectRefused(dir.path(), foreign, [&] { write(foreign.toStdString()); });
    const QString folder = dir.filePath("folder-" + name);
    writeFile(folder + "/inside.txt", "precious");
    expectRefused(dir.path(), folder, [&] { write(folder.toStdString()); });
    // what the writer wrote, it replaces
    const QString own = dir.filePath("own-" + name);
    write(own.toStdString());
    write(own.toStdString());
    QVERIFY(QFileInfo(own).isFile() && QFileInfo(own).size() > 0);
    QCOMPARE(QDir(dir.path()).entryList({"*.tmp-*"}, QDir::Files | QDir::Hidden), QStringList());
}

void TestOutputTarget::runFolderIsNotMadeOfAForeignFolder() {
    QTemporaryDir dir;
    const QString mine = dir.filePath("mine");
    writeFile(mine + "/thesis.tex", "precious");
    expectRefused(dir.path(), mine, [&] { RunFolder(mine.toStdString()).create(); });
    const QString file = dir.filePath("run.txt");
    writeFile(file, "precious");
    expectRefused(dir.path(), file, [&] { RunFolder(file.toStdString()).create(); });
    const RunFolder run(dir.filePath("run").toStdString());
    run.create();
    writeFile(QString::fromStdString(run.configFile()), "{}");
    run.create(); // a run (config.json, checkpoints/) is one
    QVERIFY(RunFolder::isRun(run.directory()));
    // the synthetic world follows the same rule
    expectRefused(dir.path(), mine, [&] {
        OutputTarget::checkFolder(mine.toStdString(), SyntheticWorld::folderKind());
    });
}

void TestOutputTarget::runOfDescriptors() {
    QTemporaryDir dir;
    const RunFolder run(dir.filePath("run").toStdString());
    run.create();
    writeFile(QString::fromStdString(run.configFile()), "{}");
    Provenance p;
    p.split = "val";
    const std::string keyed = run.descriptorsDirectory(p);
    QCOMPARE(QString::fromStdString(RunFolder::ofDescriptors(keyed)->directory()),
             QDir(QString::fromStdString(run.directory())).absolutePath());
    QVERIFY(RunFolder::ofDescriptors(keyed + "/"));
    QVERIFY(RunFolder::ofDescriptors(run.descriptorsRoot())); // the older single-set layout
    // a set outside any run, and a folder named "descriptors" above a folder that is no run
    QVERIFY(!RunFolder::ofDescriptors(dir.filePath("loose/set").toStdString()));
    QVERIFY(!RunFolder::ofDescriptors(dir.filePath("notarun/descriptors/val").toStdString()));
}

void TestOutputTarget::atomicFileNeverTruncatesAFileNamedLikeItsTemporary() {
    QTemporaryDir dir;
    const QString target = dir.filePath("out.json");
    const QString lookalike =
        target + ".tmp-" + QString::number(QCoreApplication::applicationPid());
    writeFile(lookalike, "precious");
    AtomicFile::writeAll(target.toStdString(), "{}\n");
    QCOMPARE(snapshot(lookalike).first(),
             QCryptographicHash::hash("precious", QCryptographicHash::Sha1));
    QFile f(target);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QCOMPARE(f.readAll(), QByteArray("{}\n"));
}

QTEST_GUILESS_MAIN(TestOutputTarget)
#include "tst_outputtarget.moc"
