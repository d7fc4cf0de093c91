#include "common/error.h"
#include "common/feedback.h"
#include "dataset/dataset.h"
#include "evaluation/descriptorimport.h"
#include "evaluation/runevaluation.h"
#include "io/matfile.h"
#include "io/npyarray.h"
#include "metrics/evaluationreport.h"
#include "retrieval/descriptorset.h"
#include "run/importrecord.h"
#include "run/runfolder.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>
#include <opencv2/core.hpp>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <fstream>
#include <numeric>
#include <random>

#include "clirunner.h"

using namespace orinet;
using orinet::testing::CliResult;
using orinet::testing::runCli;

namespace {

constexpr int kPairs = 300;
constexpr int kDimension = 32;

QString sha256Of(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QString::fromLatin1(
        QCryptographicHash::hash(file.readAll(), QCryptographicHash::Sha256).toHex());
}

void writeText(const QString& path, const QString& text) {
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write(text.toUtf8());
}

//! A .npy written byte by byte, as NumPy does (version 1.0, 64-byte aligned header), for dtypes
//! this project never writes itself: `descr` "<f2" with `m` CV_16F, or anything else.
void writeNpyBytes(const std::string& path, const cv::Mat& m, const std::string& descr,
                   const std::string& shape) {
    std::string header =
        "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }";
    header.append(64 - (10 + header.size() + 1) % 64, ' ');
    header.push_back('\n');
    std::ofstream out(path, std::ios::binary);
    out.write("\x93NUMPY\x01\x00", 8);
    const char length[2] = {static_cast<char>(header.size() & 0xff),
                            static_cast<char>(header.size() >> 8)};
    out.write(length, 2);
    out << header;
    const cv::Mat contiguous = m.clone();
    out.write(reinterpret_cast<const char*>(contiguous.data),
              static_cast<std::streamsize>(contiguous.total() * contiguous.elemSize()));
}

//! Rows of `m` in the order `order` gives: row i of the result is row order[i] of `m`.
cv::Mat permuted(const cv::Mat& m, const std::vector<int>& order) {
    cv::Mat out(m.rows, m.cols, m.type());
    for (int i = 0; i < m.rows; ++i)
        m.row(order[static_cast<size_t>(i)]).copyTo(out.row(i));
    return out;
}

} // namespace

//! Descriptor sets of other methods (DescriptorImport, `orinet import-descriptors`): every
//! format other code writes gives the native set back, ids files reorder rows, every malformed
//! input is refused naming its file and line, and the imported run is evaluated by `orinet
//! eval --run`, plotted and loaded as results like a trained run.
class TestDescriptorImport : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void float32RowsInSplitOrderAreTheNativeSet();
    void shuffledIdsGiveTheNativeRanks();
    void float16AndFloat64AreReadAndNormalised();
    void malformedInputsAreNamed_data();
    void malformedInputsAreNamed();
    void cliMakesAResultsOnlyRunThatEvalAndPlotTake();
    void neverWritesIntoAFolderItDidNotMake();
    void torchSaveFiles();

private:
    QString path(const QString& name) const { return mDir.filePath(name); }
    DescriptorImport::Result importFiles(const QString& ground, const QString& satellite,
                                         const QString& groundIds = {},
                                         const QString& satelliteIds = {});
    std::vector<int> measuredRanks(const DescriptorSet& set) const;

    QTemporaryDir mDir;
    QString mDataset;
    std::vector<std::string> mIds; //!< split 'test' in order
    DescriptorSet mNative;         //!< as a native run stores it: unit rows, the split's ids
    std::vector<int> mNativeRanks; //!< g2s ranks of mNative
};

void TestDescriptorImport::initTestCase() {
    QVERIFY(mDir.isValid());
    // A dataset index only: the descriptors are made, no image is read.
    mDataset = path("dataset");
    QVERIFY(QDir().mkpath(mDataset));
    QString csv = "id,panorama,satellite,easting,northing,zone,split\n";
    for (int i = 0; i < kPairs; ++i) {
        const QString id = QString("p%1").arg(i, 4, 10, QChar('0'));
        mIds.push_back(id.toStdString());
        csv += QString("%1,g/%1.jpg,s/%1.png,%2,6090000,55S,test\n")
                   .arg(id)
                   .arg(600000 + 10.0 * i, 0, 'f', 1);
    }
    writeText(mDataset + "/pairs.csv", csv);

    // Satellite descriptors are noisy copies of the ground ones: recall between 0 and 1.
    cv::RNG rng(11);
    mNative.ground.create(kPairs, kDimension, CV_32F);
    rng.fill(mNative.ground, cv::RNG::NORMAL, 0, 1);
    cv::Mat noise(kPairs, kDimension, CV_32F);
    rng.fill(noise, cv::RNG::NORMAL, 0, 1.2);
    mNative.satellite = mNative.ground + noise;
    for (cv::Mat* m : {&mNative.ground, &mNative.satellite})
        for (int r = 0; r < kPairs; ++r)
            cv::normalize(m->row(r), m->row(r));
    mNative.ids = mIds;
    mNativeRanks = measuredRanks(mNative);
    const double r1 =
        std::count(mNativeRanks.begin(), mNativeRanks.end(), 0) / static_cast<double>(kPairs);
    QVERIFY2(r1 > 0.1 && r1 < 0.95, qPrintable(QString::number(r1)));
}

std::vector<int> TestDescriptorImport::measuredRanks(const DescriptorSet& set) const {
    RunEvaluation::Options options;
    options.evaluation.top = 10;
    options.evaluation.geoMetres.clear();
    Feedback feedback;
    const auto reports = RunEvaluation::measureSet(set, "test", {}, options, {}, feedback);
    return std::vector<int>(reports.front().ranks.begin(), reports.front().ranks.end());
}

DescriptorImport::Result TestDescriptorImport::importFiles(const QString& ground,
                                                           const QString& satellite,
                                                           const QString& groundIds,
                                                           const QString& satelliteIds) {
    DescriptorImport::Options options;
    options.method = "Other";
    options.groundFile = ground.toStdString();
    options.satelliteFile = satellite.toStdString();
    options.groundIdsFile = groundIds.toStdString();
    options.satelliteIdsFile = satelliteIds.toStdString();
    Feedback feedback;
    return DescriptorImport::read(options, "test", mIds, feedback);
}

void TestDescriptorImport::float32RowsInSplitOrderAreTheNativeSet() {
    NpyArray::fromMat(mNative.ground).save(path("g32.npy").toStdString());
    NpyArray::fromMat(mNative.satellite).save(path("s32.npy").toStdString());
    const DescriptorImport::Result r = importFiles(path("g32.npy"), path("s32.npy"));
    // Unit rows of float32 are kept bit for bit.
    QCOMPARE(cv::norm(r.set.ground, mNative.ground, cv::NORM_INF), 0.0);
    QCOMPARE(cv::norm(r.set.satellite, mNative.satellite, cv::NORM_INF), 0.0);
    QVERIFY(r.set.ids == mIds);
    QVERIFY(r.set.provenance.isImported());
    QCOMPARE(r.set.provenance.method, std::string("Other"));
    QCOMPARE(r.set.provenance.split, std::string("test"));
    const std::vector<std::string> notes = r.notes();
    QVERIFY2(notes.empty(), notes.empty() ? "" : notes.front().c_str());
    QCOMPARE(r.ground.notUnit, int64_t{0});
    QCOMPARE(r.sources.size(), size_t{2});
    QCOMPARE(r.sources[0].role, std::string("ground"));
    QCOMPARE(r.sources[0].format, std::string("npy float32"));
    QCOMPARE(r.sources[0].rows, int64_t{kPairs});
    QCOMPARE(r.sources[0].dimension, int64_t{kDimension});
    QCOMPARE(QString::fromStdString(r.sources[0].sha256), sha256Of(path("g32.npy")));
    QCOMPARE(QString::fromStdString(r.sources[1].sha256), sha256Of(path("s32.npy")));
    QCOMPARE(r.sources[1].bytes, static_cast<uint64_t>(QFileInfo(path("s32.npy")).size()));
}

void TestDescriptorImport::shuffledIdsGiveTheNativeRanks() {
    // Ground and satellite rows each in an order of their own, as another tool may write them.
    std::vector<int> groundOrder(kPairs), satelliteOrder(kPairs);
    std::iota(groundOrder.begin(), groundOrder.end(), 0);
    std::iota(satelliteOrder.begin(), satelliteOrder.end(), 0);
    std::mt19937 random(5);
    std::shuffle(groundOrder.begin(), groundOrder.end(), random);
    std::shuffle(satelliteOrder.begin(), satelliteOrder.end(), random);
    NpyArray::fromMat(permuted(mNative.ground, groundOrder))
        .save(path("g-shuffled.npy").toStdString());
    NpyArray::fromMat(permuted(mNative.satellite, satelliteOrder))
        .save(path("s-shuffled.npy").toStdString());
    QString groundIds, satelliteIds;
    for (int i = 0; i < kPairs; ++i) {
        // blanks and Windows line ends around an id are not part of it
        groundIds += QString::fromStdString(mIds[groundOrder[i]]) + (i % 7 == 0 ? " \r\n" : "\n");
        satelliteIds += QString::fromStdString(mIds[satelliteOrder[i]]) + "\n";
    }
    writeText(path("g-ids.txt"), groundIds);
    writeText(path("s-ids.txt"), satelliteIds);
    const DescriptorImport::Result r = importFiles(path("g-shuffled.npy"), path("s-shuffled.npy"),
                                                   path("g-ids.txt"), path("s-ids.txt"));
    QCOMPARE(cv::norm(r.set.ground, mNative.ground, cv::NORM_INF), 0.0);
    QCOMPARE(cv::norm(r.set.satellite, mNative.satellite, cv::NORM_INF), 0.0);
    QVERIFY(r.groundReordered && r.satelliteReordered);
    QCOMPARE(r.sources.size(), size_t{4});
    QCOMPARE(r.sources[1].role, std::string("ground ids"));
    QCOMPARE(r.sources[1].rows, int64_t{kPairs});
    QVERIFY(measuredRanks(r.set) == mNativeRanks);
    QVERIFY(!r.notes().empty() && r.notes().front().find("split's order") != std::string::npos);
}

void TestDescriptorImport::float16AndFloat64AreReadAndNormalised() {
    // float64, three times too long: every row is said to be off and normalised.
    cv::Mat ground64;
    mNative.ground.convertTo(ground64, CV_64F, 3.0);
    NpyArray::fromMat(ground64).save(path("g64.npy").toStdString());
    // float16, as half-precision models write it.
    cv::Mat satellite16;
    mNative.satellite.convertTo(satellite16, CV_16F);
    writeNpyBytes(path("s16.npy").toStdString(), satellite16, "<f2",
                  QString("(%1, %2)").arg(kPairs).arg(kDimension).toStdString());
    const DescriptorImport::Result r = importFiles(path("g64.npy"), path("s16.npy"));
    QCOMPARE(r.sources[0].format, std::string("npy float64"));
    QCOMPARE(r.sources[1].format, std::string("npy float16"));
    QCOMPARE(r.ground.notUnit, int64_t{kPairs});
    QVERIFY(std::abs(r.ground.minimum - 3.0) < 1e-5 && std::abs(r.ground.maximum - 3.0) < 1e-5);
    QVERIFY(cv::norm(r.set.ground, mNative.ground, cv::NORM_INF) < 1e-6);
    // float16 keeps 11 significant bits; its rows come back unit length.
    QVERIFY(cv::norm(r.set.satellite, mNative.satellite, cv::NORM_INF) < 2e-3);
    for (int i = 0; i < kPairs; ++i)
        QVERIFY(std::abs(cv::norm(r.set.satellite.row(i)) - 1.0) < 1e-5);
    const std::vector<std::string> notes = r.notes();
    QVERIFY(!notes.empty());
    QVERIFY2(notes.front().find("ground: 300 of 300 rows were not unit length (norms 3 to 3)") !=
                 std::string::npos,
             notes.front().c_str());
    // The same ranks up to the few queries float16 rounding moves.
    const std::vector<int> ranks = measuredRanks(r.set);
    int differ = 0;
    for (size_t i = 0; i < ranks.size(); ++i)
        differ += ranks[i] != mNativeRanks[i];
    QVERIFY2(differ <= kPairs / 20, qPrintable(QString::number(differ)));
    // A float16 folder is also read by `orinet eval --descriptors`.
    const QString folder = path("half-folder");
    QVERIFY(QDir().mkpath(folder));
    QVERIFY(QFile::copy(path("s16.npy"), folder + "/ground.npy"));
    QVERIFY(QFile::copy(path("s16.npy"), folder + "/satellite.npy"));
    const DescriptorSet half = DescriptorSet::load(folder.toStdString());
    QCOMPARE(half.ground.rows, kPairs);
    QVERIFY(cv::norm(half.ground, mNative.satellite, cv::NORM_INF) < 2e-3);
}

void TestDescriptorImport::malformedInputsAreNamed_data() {
    QTest::addColumn<QString>("ground");
    QTest::addColumn<QString>("satellite");
    QTest::addColumn<QString>("ids");
    QTest::addColumn<QString>("named"); //!< the file the message must name
    QTest::addColumn<QString>("message");
    const auto save = [&](const char* name, const cv::Mat& m) {
        NpyArray::fromMat(m).save(path(name).toStdString());
        return path(name);
    };
    const QString g = save("ok-g.npy", mNative.ground);
    const QString s = save("ok-s.npy", mNative.satellite);
    const auto ids = [&](const char* name, const QStringList& lines) {
        writeText(path(name), lines.join('\n') + '\n');
        return path(name);
    };
    QStringList all;
    for (const std::string& id : mIds)
        all << QString::fromStdString(id);

    const QString shortGround = save("short-g.npy", mNative.ground.rowRange(0, kPairs - 1));
    QTest::newRow("rows differ from the split") << shortGround << s << QString() << shortGround
                                                << "has 299 rows but split 'test' has 300 pairs";
    const QString narrow = save("narrow-s.npy", mNative.satellite.colRange(0, 16));
    QTest::newRow("dimensions differ")
        << g << narrow << QString() << narrow << "has descriptors of dimension 16 but";
    cv::Mat withNan = mNative.ground.clone();
    withNan.at<float>(5, 3) = NAN;
    withNan.at<float>(9, 1) = NAN;
    const QString nan = save("nan-g.npy", withNan);
    QTest::newRow("NaN") << nan << s << QString() << nan
                         << "2 values are NaN or infinite, the first in row 5 (counted from 0; "
                            "pair 'p0005'), column 3 (NaN)";
    cv::Mat withInf = mNative.satellite.clone();
    withInf.at<float>(7, 0) = -INFINITY;
    const QString inf = save("inf-s.npy", withInf);
    QTest::newRow("infinity") << g << inf << QString() << inf << "column 0 (-inf)";
    cv::Mat withZero = mNative.satellite.clone();
    withZero.row(12).setTo(0);
    const QString zero = save("zero-s.npy", withZero);
    QTest::newRow("all-zero row") << g << zero << QString() << zero << "row 12 (counted from 0";
    NpyArray flat(NpyArray::DType::Float32, {size_t(kPairs * kDimension)});
    flat.save(path("flat-g.npy").toStdString());
    QTest::newRow("1-D") << path("flat-g.npy") << s << QString() << path("flat-g.npy")
                         << "2-D array (N x D), this one has 1 dimensions";
    NpyArray integers(NpyArray::DType::Int32, {size_t(kPairs), size_t(kDimension)});
    integers.save(path("int-g.npy").toStdString());
    QTest::newRow("integer dtype") << path("int-g.npy") << s << QString() << path("int-g.npy")
                                   << "descriptors must be float16, float32 or float64";
    NpyArray cube(NpyArray::DType::Float32, {size_t(kPairs), 4, 8});
    cube.save(path("cube-g.npy").toStdString());
    QTest::newRow("3-D") << path("cube-g.npy") << s << QString() << path("cube-g.npy")
                         << "2-D array (N x D), this one has 3 dimensions";
    QFile::copy(g, path("truncated-g.npy"));
    QFile::resize(path("truncated-g.npy"), QFileInfo(g).size() - 100);
    QTest::newRow("truncated .npy")
        << path("truncated-g.npy") << s << QString() << path("truncated-g.npy") << "truncated";

    QStringList unknown = all;
    unknown[6] = "nope";
    const QString unknownIds = ids("unknown.txt", unknown);
    QTest::newRow("unknown id") << g << s << unknownIds << unknownIds
                                << "line 7: 'nope' is not a pair of split 'test'";
    QStringList twice = all;
    twice[8] = twice[2];
    const QString twiceIds = ids("twice.txt", twice);
    QTest::newRow("id given twice")
        << g << s << twiceIds << twiceIds << "line 9: 'p0002' is given twice (also line 3)";
    const QString fewer = ids("fewer.txt", all.mid(0, kPairs - 1));
    QTest::newRow("fewer ids than rows")
        << g << s << fewer << fewer << "has 299 ids but " + g + " has 300 rows";
    QStringList skipping = all.mid(0, kPairs - 1);
    const QString subsetIds = ids("subset.txt", skipping);
    QTest::newRow("a pair without descriptor")
        << shortGround << save("short-s.npy", mNative.satellite.rowRange(0, kPairs - 1))
        << subsetIds << subsetIds
        << "1 of the 300 pairs of split 'test' have no descriptor, e.g. "
           "'p0299'";
    QStringList gap = all;
    gap.insert(3, "");
    const QString gapIds = ids("gap.txt", gap);
    QTest::newRow("empty line") << g << s << gapIds << gapIds << "line 4 is empty";

    writeText(path("desc.csv"), "0.1,0.2\n");
    QTest::newRow("unknown file type") << path("desc.csv") << s << QString() << path("desc.csv")
                                       << "unknown descriptor file type '.csv'";
    writeText(path("text.pt"), "not a tensor at all");
    QTest::newRow(".pt not a zip") << g << path("text.pt") << QString() << path("text.pt")
                                   << "not a file written by torch.save";
    QFile legacy(path("legacy.pt"));
    QVERIFY(legacy.open(QIODevice::WriteOnly));
    legacy.write(QByteArray("\x80\x02\x8a\x0a", 4) + "legacy pickle");
    legacy.close();
    QTest::newRow(".pt legacy format")
        << path("legacy.pt") << s << QString() << path("legacy.pt") << "legacy format";
    MatFile::writeAtomically(path("other.mat").toStdString(), [&](MatFile& file) {
        file.writeSingle("features", mNative.ground.ptr<float>(), kPairs, kDimension);
    });
    QTest::newRow(".mat without the variable")
        << path("other.mat") << s << QString() << path("other.mat")
        << "has no variable 'grd_global_descriptor'";
    QTest::newRow("missing file") << path("absent.npy") << s << QString() << path("absent.npy")
                                  << "no such file";
}

void TestDescriptorImport::malformedInputsAreNamed() {
    QFETCH(QString, ground);
    QFETCH(QString, satellite);
    QFETCH(QString, ids);
    QFETCH(QString, named);
    QFETCH(QString, message);
    try {
        importFiles(ground, satellite, ids, ids);
        QFAIL("a malformed input was accepted");
    } catch (const Error& e) {
        const QString what = QString::fromStdString(e.what());
        QVERIFY2(what.contains(message), qPrintable(what));
        QVERIFY2(what.startsWith(named + ":"), qPrintable(what));
    }
}

void TestDescriptorImport::cliMakesAResultsOnlyRunThatEvalAndPlotTake() {
    // Shuffled ground rows with their ids, satellite rows in split order, as a .mat for once.
    std::vector<int> order(kPairs);
    std::iota(order.begin(), order.end(), 0);
    std::reverse(order.begin(), order.end());
    NpyArray::fromMat(permuted(mNative.ground, order)).save(path("cli-g.npy").toStdString());
    QString lines;
    for (int i : order)
        lines += QString::fromStdString(mIds[static_cast<size_t>(i)]) + "\n";
    writeText(path("cli-ids.txt"), lines);
    mNative.exportMat(path("cli.mat").toStdString()); // its ids are the split's
    const QString run = path("runs/other");
    CliResult r =
        runCli({"import-descriptors", "--method", "Other", "--ground", path("cli-g.npy"),
                "--ground-ids", path("cli-ids.txt"), "--satellite", path("cli.mat"), "--dataset",
                mDataset, "--split", "test", "--out", run, "--direction", "both", "--json"});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    const QJsonObject json = QJsonDocument::fromJson(r.out.toUtf8()).object();
    QCOMPARE(json["pairs"].toInt(), kPairs);
    QCOMPARE(json["dimension"].toInt(), kDimension);
    const QJsonArray sources = json["sources"].toArray();
    QCOMPARE(sources.size(), 3);
    QCOMPARE(sources[2].toObject()["format"].toString(), QString("mat sat_global_descriptor"));
    QCOMPARE(sources[2].toObject()["sha256"].toString(), sha256Of(path("cli.mat")));
    QCOMPARE(json["reports"].toArray().size(), 2);

    // What it was made from, kept in the run.
    QVERIFY(RunFolder::isImportedRun(run.toStdString()));
    QVERIFY(!RunFolder::isRun(run.toStdString()));
    const ImportRecord record = ImportRecord::load(RunFolder(run.toStdString()).importFile());
    QCOMPARE(record.method, std::string("Other"));
    QCOMPARE(record.imports.size(), size_t{1});
    const ImportRecord::Import& entry = record.imports.front();
    QCOMPARE(entry.split, std::string("test"));
    QCOMPARE(QString::fromStdString(entry.dataset), QDir(mDataset).absolutePath());
    QVERIFY((entry.directions == std::vector<std::string>{"g2s", "s2g"}));
    QCOMPARE(QString::fromStdString(entry.sources[1].sha256), sha256Of(path("cli-ids.txt")));
    QCOMPARE(entry.descriptors, std::string("descriptors/test_imported"));

    // The results as Add Results and `orinet plot` load them: the imported descriptors' ranks.
    const QString results = run + "/results/test_imported";
    const metrics::EvaluationReport g2s = RunFolder::loadResults(run.toStdString());
    QVERIFY(g2s.direction == metrics::Direction::GroundToSatellite);
    QVERIFY(std::vector<int>(g2s.ranks.begin(), g2s.ranks.end()) == mNativeRanks);
    QVERIFY(g2s.provenance.isImported());
    QCOMPARE(g2s.provenance.method, std::string("Other"));
    QCOMPARE(g2s.provenance.label(), std::string("test · imported descriptors (Other)"));
    QVERIFY(!g2s.geo.empty()); // positions came from the dataset
    const auto owner = RunFolder::ofResults((results + "/eval_g2s.json").toStdString());
    QVERIFY(owner && QDir(QString::fromStdString(owner->directory())) == QDir(run));

    // `orinet eval --run` evaluates it without a checkpoint, with or without the dataset.
    r = runCli({"eval", "--run", run, "--dataset", mDataset, "--split", "test", "--json"});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    const QJsonObject again = QJsonDocument::fromJson(r.out.toUtf8()).object();
    QCOMPARE(again["r1"].toDouble(), g2s.recallAt(1));
    QCOMPARE(again["checkpoint_kind"].toString(), QString("imported"));
    QCOMPARE(again["method"].toString(), QString("Other"));
    // A figure of it, as of any run.
    QProcessEnvironment headless = QProcessEnvironment::systemEnvironment();
    headless.remove("DISPLAY");
    headless.remove("WAYLAND_DISPLAY");
    r = runCli({"plot", "recall", "--runs", run, "--out", path("imported.svg")}, 120000, headless);
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY(QFileInfo(path("imported.svg")).size() > 0);

    // The same method again replaces the split's set in the same run: here from the .mat alone,
    // whose ids say the order.
    DescriptorImport::Options sameMethod;
    sameMethod.method = "Other";
    sameMethod.groundFile = sameMethod.satelliteFile = path("cli.mat").toStdString();
    Feedback feedback;
    const DescriptorImport::Result fromMat =
        DescriptorImport::read(sameMethod, "test", mIds, feedback);
    QVERIFY(!fromMat.groundReordered && !fromMat.satelliteReordered);
    QCOMPARE(fromMat.sources[0].format, std::string("mat grd_global_descriptor"));
    const std::string folder = DescriptorImport::save(fromMat, RunFolder(run.toStdString()),
                                                      mDataset.toStdString(), {"g2s"});
    QCOMPARE(QString::fromStdString(folder), run + "/descriptors/test_imported");
    QCOMPARE(ImportRecord::load(RunFolder(run.toStdString()).importFile()).imports.size(),
             size_t{1});
    QCOMPARE(cv::norm(DescriptorSet::load(folder).ground, mNative.ground, cv::NORM_INF), 0.0);
}

void TestDescriptorImport::neverWritesIntoAFolderItDidNotMake() {
    NpyArray::fromMat(mNative.ground).save(path("safe-g.npy").toStdString());
    NpyArray::fromMat(mNative.satellite).save(path("safe-s.npy").toStdString());
    // A folder of the user's, refused by the CLI before any file is read.
    const QString mine = path("mine");
    QVERIFY(QDir().mkpath(mine));
    writeText(mine + "/thesis.tex", "precious");
    const CliResult r = runCli({"import-descriptors", "--method", "Other", "--ground",
                                path("safe-g.npy"), "--satellite", path("safe-s.npy"), "--dataset",
                                mDataset, "--split", "test", "--out", mine});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains(mine) && r.err.contains("nothing was changed"), qPrintable(r.err));
    QCOMPARE(QDir(mine).entryList(QDir::NoDotAndDotDot | QDir::AllEntries),
             QStringList{"thesis.tex"});

    DescriptorImport::Options options;
    options.method = "First";
    options.groundFile = path("safe-g.npy").toStdString();
    options.satelliteFile = path("safe-s.npy").toStdString();
    Feedback feedback;
    const DescriptorImport::Result first = DescriptorImport::read(options, "test", mIds, feedback);
    const auto refused = [&](const QString& folder, const QString& message) {
        try {
            DescriptorImport::save(first, RunFolder(folder.toStdString()), mDataset.toStdString(),
                                   {"g2s"});
            QFAIL(qPrintable(folder + " was written into"));
        } catch (const Error& e) {
            QVERIFY2(QString(e.what()).contains(message), e.what());
        }
    };
    refused(mine, "nothing was changed");
    // A training run.
    const QString trained = path("trained");
    QVERIFY(QDir().mkpath(trained + "/checkpoints"));
    refused(trained, "is a training run");
    QCOMPARE(QDir(trained).entryList(QDir::NoDotAndDotDot | QDir::AllEntries),
             QStringList{"checkpoints"});
    // An imported run of another method.
    const QString run = path("runs/first");
    DescriptorImport::save(first, RunFolder(run.toStdString()), mDataset.toStdString(), {"g2s"});
    const QString recordBefore = sha256Of(run + "/import.json");
    DescriptorImport::Result second = first;
    second.set.provenance.method = "Second";
    try {
        DescriptorImport::save(second, RunFolder(run.toStdString()), mDataset.toStdString(),
                               {"g2s"});
        QFAIL("another method was imported into the same run");
    } catch (const Error& e) {
        QVERIFY2(QString(e.what()).contains("'First', not 'Second'"), e.what());
    }
    QCOMPARE(sha256Of(run + "/import.json"), recordBefore);
}

void TestDescriptorImport::torchSaveFiles() {
    // torch.save files are made by PyTorch itself, where it is installed (Debian's
    // python3-torch); the pyenv or venv python first on PATH may lack it.
    NpyArray::fromMat(mNative.ground).save(path("pt-g.npy").toStdString());
    NpyArray::fromMat(mNative.satellite).save(path("pt-s.npy").toStdString());
    const QString script = QString(R"(
import sys
try:
    import numpy, torch
except ImportError:
    sys.exit(77)
g = torch.from_numpy(numpy.load('%1/pt-g.npy'))
s = torch.from_numpy(numpy.load('%1/pt-s.npy'))
torch.save(s, '%1/s.pt')
torch.save({'grd': g.half(), 'sat': s.double(), 'step': 3}, '%1/both.pth')
torch.save([torch.zeros(3), g.clone().requires_grad_()], '%1/list.pt')
torch.save(torch.nn.Parameter(g), '%1/parameter.pt')
torch.save(g.to(torch.int32), '%1/int.pt')
torch.save(g[0], '%1/row.pt')
# as saved on a GPU: the storage's location says cuda:0
torch.serialization.location_tag = lambda storage: 'cuda:0'
torch.save(s, '%1/gpu.pt')
)")
                               .arg(mDir.path());
    bool made = false;
    for (const QString& python :
         {QStandardPaths::findExecutable("python3"), QStringLiteral("/usr/bin/python3")}) {
        if (python.isEmpty() || !QFileInfo(python).isExecutable())
            continue;
        const CliResult run = orinet::testing::runProgram(python, {"-c", script}, 120000,
                                                          QProcessEnvironment::systemEnvironment());
        if (run.exitCode == 77) // this python has no torch; another may
            continue;
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        made = true;
        break;
    }
    if (!made)
        QSKIP("no python3 with PyTorch and NumPy (Debian: python3-torch): torch.save files are "
              "not tested");

    std::string format;
    const cv::Mat s =
        DescriptorImport::readMatrix(path("s.pt").toStdString(), {}, {}, &format, nullptr);
    QCOMPARE(format, std::string("pt float32 tensor"));
    QCOMPARE(cv::norm(s, mNative.satellite, cv::NORM_INF), 0.0);
    const cv::Mat half =
        DescriptorImport::readMatrix(path("both.pth").toStdString(), "grd", {}, &format, nullptr);
    QCOMPARE(format, std::string("pt float16 tensor 'grd'"));
    QVERIFY(cv::norm(half, mNative.ground, cv::NORM_INF) < 2e-3);
    QVERIFY(QFile(path("gpu.pt")).open(QIODevice::ReadOnly));
    const cv::Mat fromGpu =
        DescriptorImport::readMatrix(path("gpu.pt").toStdString(), {}, {}, &format, nullptr);
    QCOMPARE(cv::norm(fromGpu, mNative.satellite, cv::NORM_INF), 0.0);
    const cv::Mat listed =
        DescriptorImport::readMatrix(path("list.pt").toStdString(), {}, {}, &format, nullptr);
    QCOMPARE(format, std::string("pt float32 tensor '1'"));
    QCOMPARE(cv::norm(listed, mNative.ground, cv::NORM_INF), 0.0);

    const auto refused = [&](const char* file, const std::string& key, const QString& message) {
        try {
            DescriptorImport::readMatrix(path(file).toStdString(), key, {}, nullptr, nullptr);
            QFAIL(qPrintable(QString("%1 was accepted").arg(file)));
        } catch (const Error& e) {
            QVERIFY2(QString(e.what()).contains(message) && QString(e.what()).contains(file),
                     e.what());
        }
    };
    refused("both.pth", {},
            "holds several 2-D tensors ('grd' (float16, 300 x 32), 'sat' "
            "(float64, 300 x 32)): name the one to read");
    refused("both.pth", "features", "has no tensor 'features'");
    refused("int.pt", {}, "the descriptors are an int32 tensor; they must be float16");
    refused("row.pt", {}, "must be 2-D (N x D descriptors), it is 32");
    refused("parameter.pt", {}, "holds a torch.nn.Parameter");

    // A whole import: a float16 ground entry of a dict, a plain satellite tensor.
    DescriptorImport::Options options;
    options.method = "Torch";
    options.groundFile = path("both.pth").toStdString();
    options.groundKey = "grd";
    options.satelliteFile = path("s.pt").toStdString();
    Feedback feedback;
    const DescriptorImport::Result r = DescriptorImport::read(options, "test", mIds, feedback);
    QCOMPARE(r.sources[0].format, std::string("pt float16 tensor 'grd'"));
    QCOMPARE(QString::fromStdString(r.sources[0].sha256), sha256Of(path("both.pth")));
    const std::vector<int> ranks = measuredRanks(r.set);
    int differ = 0;
    for (size_t i = 0; i < ranks.size(); ++i)
        differ += ranks[i] != mNativeRanks[i];
    QVERIFY2(differ <= kPairs / 20, qPrintable(QString::number(differ)));
}

QTEST_GUILESS_MAIN(TestDescriptorImport)
#include "tst_descriptorimport.moc"
