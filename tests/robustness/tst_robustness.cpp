// The robustness suite: broken inputs made from a small generated world, each run through
// the `orinet` CLI. A case passes when the command fails with a non-zero exit (no crash, no
// hang), its message names the file and the problem, and nothing already on disk changed.
// Add a case: one entry in cases() below (see robustnesscase.h for the fields).
//
// The world (made once, ~2 s): {dir}/world (orinet synth, 12 pairs: cvusa/, cvact/,
// pairs.csv), {dir}/desc (a descriptor set of 12 x 16), {dir}/desc.mat (the same as .mat).

#include "common/error.h"
#include "dataset/cvactformat.h"
#include "io/matfile.h"
#include "io/npyarray.h"
#include "retrieval/descriptorset.h"
#include "robustnesscase.h"

#include <QTemporaryDir>
#include <QtTest>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include <signal.h>
#include <sys/mount.h>
#include <unistd.h>

#include <fstream>

using namespace orinet;
using namespace orinet::testing;

namespace {

QByteArray readAll(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

void writeAll(const QString& path, const QByteArray& bytes) {
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate) || f.write(bytes) != bytes.size())
        throw std::runtime_error("cannot write " + path.toStdString());
}

//! The panorama of the first line of the CVUSA train list (relative to the cvusa root).
QString firstTrainPanorama(const QString& dir) {
    const QByteArray list = readAll(dir + "/world/cvusa/splits/train-19zl.csv");
    return QString::fromUtf8(list.left(list.indexOf('\n'))).split(',').value(1);
}

void truncateTo(const QString& path, double fraction) {
    const QByteArray bytes = readAll(path);
    writeAll(path, bytes.left(static_cast<int>(bytes.size() * fraction)));
}

//! Rewrites a JPEG's frame header (SOF0/SOF2) to claim another size; the data stays.
void claimJpegSize(const QString& path, int width, int height) {
    QByteArray bytes = readAll(path);
    for (int i = 2; i + 9 < bytes.size(); ++i) {
        const auto marker = static_cast<unsigned char>(bytes[i + 1]);
        if (static_cast<unsigned char>(bytes[i]) == 0xFF && (marker == 0xC0 || marker == 0xC2)) {
            bytes[i + 5] = char(height >> 8);
            bytes[i + 6] = char(height & 0xFF);
            bytes[i + 7] = char(width >> 8);
            bytes[i + 8] = char(width & 0xFF);
            writeAll(path, bytes);
            return;
        }
    }
    throw std::runtime_error("no frame header in " + path.toStdString());
}

//! Replaces a line's `column` field in pairs.csv.
void editPairsCsv(const QString& dir, int line, int column, const QString& value) {
    const QString path = dir + "/world/pairs.csv";
    QStringList lines = QString::fromUtf8(readAll(path)).split('\n');
    QStringList fields = lines[line].split(',');
    fields[column] = value;
    lines[line] = fields.join(',');
    writeAll(path, lines.join('\n').toUtf8());
}

void editAct(const QString& dir, const std::function<void(CvactFormat::Index&)>& edit) {
    const std::string path = (dir + "/world/cvact/ACT_data.mat").toStdString();
    CvactFormat::Index index;
    {
        MatFile mat(path, MatFile::Mode::Read);
        mat.readAllVariables();
        index.ids = mat.readStrings("panoIds");
        const MatArray utm = mat.readNumeric("utm");
        for (size_t i = 0; i < index.ids.size(); ++i)
            index.utm.push_back({utm.at(i, 0), utm.at(i, 1)});
        auto indices = [&](const char* name) {
            std::vector<size_t> out;
            for (double v : mat.readNumeric(name).values)
                out.push_back(static_cast<size_t>(v) - 1);
            return out;
        };
        index.train = indices("trainSet.trainInd");
        index.val = indices("valSet.valInd");
        index.test = indices("valSetAll.valInd");
    }
    edit(index);
    CvactFormat::write(path, index);
}

//! A v5 MAT element for a double matrix declared rows x cols that holds only `values`
//! (uncompressed, as MATLAB writes with -v6).
QByteArray matrixElement(const char* name, int rows, int cols, const std::vector<double>& values) {
    auto u32 = [](QByteArray& b, uint32_t v) { b.append(reinterpret_cast<const char*>(&v), 4); };
    QByteArray body;
    u32(body, 6); // miUINT32 array flags
    u32(body, 8);
    u32(body, 6); // mxDOUBLE_CLASS
    u32(body, 0);
    u32(body, 5); // miINT32 dimensions
    u32(body, 8);
    u32(body, static_cast<uint32_t>(rows));
    u32(body, static_cast<uint32_t>(cols));
    const uint32_t nameLength = static_cast<uint32_t>(std::strlen(name));
    u32(body, 1); // miINT8 name
    u32(body, nameLength);
    QByteArray nameBytes(name);
    nameBytes.append(QByteArray((8 - nameLength % 8) % 8, '\0'));
    body.append(nameBytes);
    u32(body, 9); // miDOUBLE data
    u32(body, static_cast<uint32_t>(values.size() * 8));
    body.append(reinterpret_cast<const char*>(values.data()), static_cast<int>(values.size() * 8));
    QByteArray element;
    u32(element, 14); // miMATRIX
    u32(element, static_cast<uint32_t>(body.size()));
    return element + body;
}

QStringList trainArgs(const QString& layoutFolder) {
    return {"train",       "--dataset", "{dir}/world/" + layoutFolder,
            "--run",       "{dir}/run", "--preset",
            "tiny",        "--epochs",  "1",
            "--batch",     "2",         "--workers",
            "1",           "--threads", "1",
            "--val-split", "none"};
}

std::vector<RobustnessCase> cases() {
    const QStringList datasetCheck = {"dataset", "--dataset", "{dir}/world/cvusa", "--check"};
    return {
        // --- images ---------------------------------------------------------------------
        {"truncated JPEG, dataset --check",
         [](const QString& d) { truncateTo(d + "/world/cvusa/" + firstTrainPanorama(d), 0.6); },
         datasetCheck,
         {"streetview/panos", "truncated"}},
        {"truncated JPEG, train",
         [](const QString& d) { truncateTo(d + "/world/cvusa/" + firstTrainPanorama(d), 0.6); },
         trainArgs("cvusa"),
         {"streetview/panos", "truncated"},
         "world"},
        {"CVUSA panorama 64x64, train",
         [](const QString& d) {
             const cv::Mat square(64, 64, CV_8UC3, cv::Scalar(90, 120, 30));
             cv::imwrite((d + "/world/cvusa/" + firstTrainPanorama(d)).toStdString(), square);
         },
         trainArgs("cvusa"),
         {"streetview/panos", "64x64", "wider than tall"},
         "world"},
        {"CVUSA panorama of the wrong aspect, train",
         [](const QString& d) {
             const cv::Mat wide(20, 66, CV_8UC3, cv::Scalar(90, 120, 30));
             cv::imwrite((d + "/world/cvusa/" + firstTrainPanorama(d)).toStdString(), wide);
         },
         trainArgs("cvusa"),
         {"streetview/panos", "66x20", "aspect"},
         "world"},
        {"header claims 32000x16000, dataset --check",
         [](const QString& d) {
             claimJpegSize(d + "/world/cvusa/" + firstTrainPanorama(d), 32000, 16000);
         },
         datasetCheck,
         {"streetview/panos", "32000x16000", "at most"}},
        {"header claims 32000x16000, train",
         [](const QString& d) {
             claimJpegSize(d + "/world/cvusa/" + firstTrainPanorama(d), 32000, 16000);
         },
         trainArgs("cvusa"),
         {"streetview/panos", "32000x16000", "at most"},
         "world"},
        // --- index files -------------------------------------------------------------------
        {"pairs.csv lists a pair twice in a split",
         [](const QString& d) { editPairsCsv(d, 1, 8, "val;val"); },
         {"dataset", "--dataset", "{dir}/world"},
         {"pairs.csv", "more than once", "val"}},
        {"pairs.csv unterminated quote",
         [](const QString& d) { editPairsCsv(d, 2, 0, "\"0000002"); },
         {"dataset", "--dataset", "{dir}/world"},
         {"pairs.csv:3", "unterminated"}},
        {"pairs.csv easting not a number",
         [](const QString& d) { editPairsCsv(d, 3, 3, "69x000"); },
         {"dataset", "--dataset", "{dir}/world"},
         {"pairs.csv:4", "easting", "not a number"}},
        {"CVACT index repeated in a split",
         [](const QString& d) {
             editAct(d, [](CvactFormat::Index& i) { i.val.push_back(i.val.front()); });
         },
         {"dataset", "--dataset", "{dir}/world/cvact"},
         {"ACT_data.mat", "more than once"}},
        {"truncated ACT_data.mat",
         [](const QString& d) { truncateTo(d + "/world/cvact/ACT_data.mat", 0.7); },
         {"dataset", "--dataset", "{dir}/world/cvact"},
         {"ACT_data.mat", "truncated"}},
        {"ACT_data.mat utm declared 60x2 holding 8 values",
         [](const QString& d) {
             // panoIds from a MatFile, then the bad utm, then the index structs
             const QString path = d + "/world/cvact/ACT_data.mat";
             std::vector<std::string> ids;
             {
                 MatFile old(path.toStdString(), MatFile::Mode::Read);
                 ids = old.readStrings("panoIds");
             }
             for (size_t i = ids.size(); i < 60; ++i)
                 ids.push_back("x" + std::to_string(i));
             MatFile::writeAtomically((path + ".ids").toStdString(),
                                      [&](MatFile& m) { m.writeStrings("panoIds", ids); });
             MatFile::writeAtomically((path + ".rest").toStdString(), [&](MatFile& m) {
                 m.writeStructOfVectors("trainSet", {{"trainInd", {1, 2}}});
                 m.writeStructOfVectors("valSet", {{"valInd", {3}}});
             });
             QByteArray bytes = readAll(path + ".ids");
             bytes.append(matrixElement("utm", 60, 2, {1, 2, 3, 4, 5, 6, 7, 8}));
             bytes.append(readAll(path + ".rest").mid(128));
             writeAll(path, bytes);
             QFile::remove(path + ".ids");
             QFile::remove(path + ".rest");
         },
         {"dataset", "--dataset", "{dir}/world/cvact"},
         // "utm" alone also matched "UTM positions" of a report that only found the padded
         // ids' missing images: the size mismatch itself must be named
         {"ACT_data.mat", "'utm'", "declared 60x2"}},
        {"CVUSA list line with one column",
         [](const QString& d) {
             const QString path = d + "/world/cvusa/splits/val-19zl.csv";
             writeAll(path, readAll(path) + "bingmap/19/0000001.jpg\n");
         },
         {"dataset", "--dataset", "{dir}/world/cvusa"},
         {"val-19zl.csv", "1 columns"}},
        // --- descriptors, weights ----------------------------------------------------------
        {".npy shape (-1, 16)",
         [](const QString& d) {
             QByteArray bytes = readAll(d + "/desc/ground.npy");
             bytes.replace("'shape': (12, 16)", "'shape': (-1, 16)");
             writeAll(d + "/desc/ground.npy", bytes);
         },
         {"eval", "--descriptors", "{dir}/desc", "--geo", "none"},
         {"ground.npy", "shape"}},
        {".npy dimension of 23 digits",
         [](const QString& d) {
             QByteArray bytes = readAll(d + "/desc/ground.npy");
             bytes.replace("'shape': (12, 16), }", "'shape': (12345678901234567890123, 16), }");
             writeAll(d + "/desc/ground.npy", bytes);
         },
         {"eval", "--descriptors", "{dir}/desc", "--geo", "none"},
         {"ground.npy", "too large"}},
        {".npy data cut short",
         [](const QString& d) { truncateTo(d + "/desc/satellite.npy", 0.5); },
         {"eval", "--descriptors", "{dir}/desc", "--geo", "none"},
         {"satellite.npy", "truncated"}},
        {"descriptors.json not JSON",
         [](const QString& d) { writeAll(d + "/desc/descriptors.json", "{\"ids\": [1, "); },
         {"eval", "--descriptors", "{dir}/desc", "--geo", "none"},
         {"descriptors.json"}},
        {"truncated descriptor .mat",
         [](const QString& d) { truncateTo(d + "/desc.mat", 0.5); },
         {"eval", "--descriptors", "{dir}/desc.mat", "--geo", "none"},
         {"desc.mat", "truncated"}},
        {"import-weights of a folder",
         {},
         {"import-weights", "{dir}/desc", "--out", "{dir}/w.ckpt"},
         {"desc", "folder"}},
        {"import-weights of a cut safetensors file",
         [](const QString& d) {
             writeAll(d + "/w.safetensors", QByteArray("\x40\0\0\0\0\0\0\0{\"a\":", 13));
         },
         {"import-weights", "{dir}/w.safetensors", "--out", "{dir}/w.ckpt"},
         {"w.safetensors", "header length"}},
        // --- writers -------------------------------------------------------------------------
        {"synth into a folder that is not a world",
         [](const QString& d) {
             QDir().mkpath(d + "/mine");
             writeAll(d + "/mine/notes.txt", "precious");
         },
         {"synth", "--out", "{dir}/mine", "--pairs", "2", "--quiet"},
         {"mine", "refusing"}},
    };
}

} // namespace

class TestRobustness : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void brokenInput_data();
    void brokenInput();
    void exportMatOnFullDisk();
    void exportMatKilled();

private:
    RobustnessCase findCase(const QString& name) const;
    QString freshCopy(const QString& name);

    QTemporaryDir mDir;
    QString mTemplate;
};

void TestRobustness::initTestCase() {
    QVERIFY(mDir.isValid());
    mTemplate = mDir.filePath("template");
    const CliResult r = makeSmallWorld(mTemplate + "/world");
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    DescriptorSet set;
    set.ground = cv::Mat(12, 16, CV_32F);
    set.satellite = cv::Mat(12, 16, CV_32F);
    cv::randn(set.ground, 0, 1);
    cv::randn(set.satellite, 0, 1);
    for (cv::Mat* m : {&set.ground, &set.satellite})
        for (int r = 0; r < m->rows; ++r)
            m->row(r) /= cv::norm(m->row(r));
    for (int i = 0; i < 12; ++i)
        set.ids.push_back(QString::number(i + 1).rightJustified(7, '0').toStdString());
    set.provenance.split = "val";
    set.save((mTemplate + "/desc").toStdString());
    set.exportMat((mTemplate + "/desc.mat").toStdString());
}

RobustnessCase TestRobustness::findCase(const QString& name) const {
    for (const RobustnessCase& c : cases())
        if (c.name == name)
            return c;
    return {};
}

QString TestRobustness::freshCopy(const QString& name) {
    static int counter = 0;
    const QString dir = mDir.filePath("case-" + QString::number(++counter));
    if (!copyTree(mTemplate, dir))
        qFatal("cannot copy the template world for %s", qPrintable(name));
    return dir;
}

void TestRobustness::brokenInput_data() {
    QTest::addColumn<QString>("name");
    for (const RobustnessCase& c : cases())
        QTest::newRow(qPrintable(c.name)) << c.name;
}

void TestRobustness::brokenInput() {
    QFETCH(QString, name);
    const RobustnessCase c = findCase(name);
    const QString dir = freshCopy(name);
    if (c.breakIt)
        c.breakIt(dir);
    const QString watched = c.unchanged.isEmpty() ? dir : dir + "/" + c.unchanged;
    const auto before = snapshot(watched);
    QStringList args;
    for (const QString& a : c.args)
        args << QString(a).replace("{dir}", dir);
    const CliResult r = runCli(args, 120000);
    QVERIFY2(r.exitCode != -1, "timed out");
    QVERIFY2(r.exitCode != -2, qPrintable("crashed: " + r.err));
    QVERIFY2(r.exitCode != 0, qPrintable("accepted: " + r.out + r.err));
    for (const QString& word : c.mention)
        // a failure's reason is on stderr; `orinet dataset` prints its report on stdout
        QVERIFY2((r.err + r.out).contains(QString(word).replace("{dir}", dir), Qt::CaseInsensitive),
                 qPrintable("'" + word + "' not in: " + r.out + r.err));
    const QStringList changed = differences(before, snapshot(watched));
    QVERIFY2(changed.isEmpty(), qPrintable(changed.join(", ")));
}

void TestRobustness::exportMatOnFullDisk() {
    // A small tmpfs that fills up: the only honest full disk. Needs root (CI runs as root).
    const QString mount = mDir.filePath("full");
    QVERIFY(QDir().mkpath(mount));
    if (::geteuid() != 0 ||
        ::mount("tmpfs", mount.toLocal8Bit().constData(), "tmpfs", 0, "size=512k") != 0)
        QSKIP("cannot mount a small tmpfs here (needs root): full-disk case not run");
    struct Unmount {
        QString path;
        ~Unmount() { ::umount2(path.toLocal8Bit().constData(), MNT_DETACH); }
    } unmount{mount};
    // an existing export, then a set too large for the space left
    QVERIFY(QFile::copy(mTemplate + "/desc.mat", mount + "/old.mat"));
    DescriptorSet big;
    big.ground = cv::Mat(3000, 64, CV_32F);
    big.satellite = cv::Mat(3000, 64, CV_32F);
    cv::randu(big.ground, -1, 1);
    cv::randu(big.satellite, -1, 1);
    const QString bigDir = mDir.filePath("big");
    big.save(bigDir.toStdString());
    const auto before = snapshot(mount);
    const CliResult r = runCli(
        {"eval", "--descriptors", bigDir, "--export-mat", mount + "/old.mat", "--export-only"});
    QVERIFY2(r.exitCode != 0 && r.exitCode > 0, qPrintable(r.out + r.err));
    QVERIFY2(r.err.contains("old.mat"), qPrintable(r.err));
    const QStringList changed = differences(before, snapshot(mount));
    QVERIFY2(changed.isEmpty(), qPrintable(changed.join(", ")));
}

void TestRobustness::exportMatKilled() {
    // kill -9 at several moments of an export over an existing file: the target is always
    // the old file or the complete new one, never a mix or a stub.
    DescriptorSet big;
    big.ground = cv::Mat(20000, 128, CV_32F);
    big.satellite = cv::Mat(20000, 128, CV_32F);
    cv::randu(big.ground, -1, 1);
    cv::randu(big.satellite, -1, 1);
    const QString bigDir = mDir.filePath("killbig");
    big.save(bigDir.toStdString());
    const QString target = mDir.filePath("kill/out.mat");
    QVERIFY(QDir().mkpath(mDir.filePath("kill")));
    QVERIFY(QFile::copy(mTemplate + "/desc.mat", target));
    const QByteArray old = readAll(target);
    for (int delayMs : {150, 400, 800, 1500}) {
        QProcess p;
        p.start(cliPath(),
                {"eval", "--descriptors", bigDir, "--export-mat", target, "--export-only"});
        QVERIFY(p.waitForStarted());
        QThread::msleep(static_cast<unsigned long>(delayMs));
        ::kill(static_cast<pid_t>(p.processId()), SIGKILL);
        p.waitForFinished();
        const QByteArray now = readAll(target);
        if (now == old)
            continue;
        // replaced: it must be the whole new export
        const DescriptorSet back = DescriptorSet::importMat(target.toStdString());
        QCOMPARE(back.ground.rows, 20000);
        QVERIFY(cv::norm(back.ground, big.ground, cv::NORM_INF) == 0);
        QFile::remove(target);
        QVERIFY(QFile::copy(mTemplate + "/desc.mat", target));
    }
}

QTEST_GUILESS_MAIN(TestRobustness)
#include "tst_robustness.moc"
