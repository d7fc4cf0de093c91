#include "io/npyarray.h"
#include "model/safetensors.h"
#include "retrieval/descriptorset.h"
#include "run/checkpoint.h"

#include <opencv2/core.hpp>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include "clirunner.h"

#include <cmath>
#include <fstream>

using namespace orinet;

namespace {

//! Training runs take a while on a loaded machine.
orinet::testing::CliResult runTraining(const QStringList& args) {
    return orinet::testing::runCli(args, 240000);
}

std::vector<double> stepLosses(const QString& file) {
    std::ifstream in(file.toStdString());
    std::vector<double> losses;
    for (std::string line; std::getline(in, line);) {
        const auto json = QJsonDocument::fromJson(QByteArray::fromStdString(line)).object();
        if (json.value("type").toString() == "step")
            losses.push_back(json.value("loss").toDouble());
    }
    return losses;
}

int countLines(const QString& file, const char* needle) {
    std::ifstream in(file.toStdString());
    int n = 0;
    for (std::string line; std::getline(in, line);)
        n += line.find(needle) != std::string::npos;
    return n;
}

} // namespace

//! The train / export-weights / import-weights / extract commands end to end on a small
//! synthetic dataset (CVACT layout, so the UTM-masked loss is used).
class TestTrainCli : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void trainResumeExportImportExtract();
    void badArguments_data();
    void badArguments();

private:
    //! RAM-backed when possible: each checkpoint is 368 MB and fsync'ed.
    QTemporaryDir mDir{QDir("/dev/shm").exists() ? QStringLiteral("/dev/shm/orinet-test-XXXXXX")
                                                 : QString()};
    QString mDataset;
};

void TestTrainCli::initTestCase() {
    QVERIFY(mDir.isValid());
    const orinet::testing::CliResult r =
        runTraining({"synth", "--out", mDir.filePath("world"), "--pairs", "40", "--seed", "3",
                     "--threads", "2", "--quiet"});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    mDataset = mDir.filePath("world/cvact");
}

void TestTrainCli::trainResumeExportImportExtract() {
    const QString run = mDir.filePath("run");
    const QStringList common = {"--dataset", mDataset,  "--run",       run,    "--preset",
                                "tiny",      "--batch", "6",           "--lr", "1e-4",
                                "--threads", "2",       "--val-pairs", "6"};
    orinet::testing::CliResult r = runTraining(QStringList{"train", "--epochs", "1"} + common);
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY(r.err.contains("epoch 1/1"));
    QVERIFY(r.err.contains("r@1%"));
    for (const char* f : {"config.json", "log.jsonl", "log.csv", "checkpoints/last.ckpt",
                          "checkpoints/best.ckpt", "results/summary.json"})
        QVERIFY2(QFile::exists(run + "/" + f), f);
    const int stepsPerEpoch = countLines(run + "/log.jsonl", "\"type\":\"step\"");
    QVERIFY(stepsPerEpoch >= 2);

    // Starting again over the same folder is refused; --resume continues.
    r = runTraining(QStringList{"train", "--epochs", "1"} + common);
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains("already holds a checkpoint") && r.err.count('\n') == 1,
             qPrintable(r.err));
    // Invalid values are refused even where a resume would ignore them.
    r = runTraining(QStringList{"train", "--resume", "--epochs", "2"} + common +
                    QStringList{"--batch", "0"});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains("--batch"), qPrintable(r.err));
    // A resumed run keeps its settings and says which given ones it ignores.
    QStringList otherRate = common;
    otherRate[otherRate.indexOf("1e-4")] = "1e-3";
    r = runTraining(QStringList{"train", "--resume", "--epochs", "2"} + otherRate);
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY2(r.err.contains("learning_rate: the run's 0.0001 is kept, 0.001 was given"),
             qPrintable(r.err));
    QCOMPARE(countLines(run + "/log.jsonl", "\"type\":\"step\""), 2 * stepsPerEpoch);
    QCOMPARE(countLines(run + "/log.jsonl", "\"type\":\"epoch\""), 2);

    // With the real loader (shuffling, augmentation): 1 epoch + resume = 2 epochs straight.
    const QString straight = mDir.filePath("straight");
    QStringList straightArgs = common;
    straightArgs[straightArgs.indexOf(run)] = straight;
    r = runTraining(QStringList{"train", "--epochs", "2"} + straightArgs);
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    const std::vector<double> resumed = stepLosses(run + "/log.jsonl");
    const std::vector<double> uninterrupted = stepLosses(straight + "/log.jsonl");
    QCOMPARE(resumed.size(), uninterrupted.size());
    for (size_t i = 0; i < resumed.size(); ++i)
        QVERIFY2(std::abs(resumed[i] - uninterrupted[i]) < 1e-6, qPrintable(QString::number(i)));
    QDir(straight).removeRecursively(); // 368 MB of RAM-backed checkpoint

    // Weights round trip: export, import, and the same descriptors either way.
    const QString last = run + "/checkpoints/last.ckpt";
    const QString weights = mDir.filePath("w.safetensors");
    r = runTraining({"export-weights", "--checkpoint", last, "--out", weights});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    const SafeTensors w = SafeTensors::load(weights.toStdString());
    QCOMPARE(w.tensors.size(), size_t{88});
    QVERIFY(w.find("satellite.conv7.bias") && w.find("ground.bn2.num_batches_tracked"));
    QVERIFY(!w.find("optimizer.exp_avg.ground.conv1.weight"));
    const QString imported = mDir.filePath("imported.ckpt");
    r = runTraining({"import-weights", weights, "--out", imported});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));

    const QString a = mDir.filePath("desc-a"), b = mDir.filePath("desc-b");
    r = runTraining({"extract", "--checkpoint", last, "--dataset", mDataset, "--split", "val",
                     "--out", a, "--threads", "2", "--bn", "running"});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    r = runTraining({"extract", "--checkpoint", imported, "--dataset", mDataset, "--split", "val",
                     "--out", b, "--threads", "2", "--batch", "5", "--bn", "running"});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    const NpyArray ga = NpyArray::load((a + "/ground.npy").toStdString());
    const NpyArray gb = NpyArray::load((b + "/ground.npy").toStdString());
    const NpyArray sa = NpyArray::load((a + "/satellite.npy").toStdString());
    QCOMPARE(ga.shape().size(), size_t{2});
    QCOMPARE(ga.shape()[1], size_t{1536});
    QCOMPARE(sa.shape(), ga.shape());
    QCOMPARE(gb.shape(), ga.shape());
    // Running statistics in eval mode: the batch size does not change any row.
    double maxDiff = 0, norm = 0;
    for (size_t i = 0; i < ga.elementCount(); ++i)
        maxDiff = std::max(maxDiff, double(std::abs(ga.data<float>()[i] - gb.data<float>()[i])));
    for (size_t k = 0; k < 1536; ++k)
        norm += double(sa.data<float>()[k]) * sa.data<float>()[k];
    QVERIFY2(maxDiff < 1e-5, qPrintable(QString::number(maxDiff)));
    QVERIFY(std::abs(norm - 1) < 1e-4);
    QVERIFY(QFile::exists(a + "/descriptors.json"));

    // The default is the paper's protocol: batch statistics in batches of the training batch
    // size (--batch does not change them), the same numbers as --bn original. Recalibrated
    // statistics are per image: --batch does not change those either, and they differ.
    const QString c = mDir.filePath("desc-c"), d = mDir.filePath("desc-d"),
                  e = mDir.filePath("desc-e"), f = mDir.filePath("desc-f"),
                  g = mDir.filePath("desc-g");
    for (const auto& [out, extra] : {std::pair<QString, QStringList>{c, {}},
                                     {d, {"--batch", "5"}},
                                     {e, {"--bn", "original"}},
                                     {f, {"--bn", "recalibrated"}},
                                     {g, {"--bn", "recalibrated", "--batch", "5"}}}) {
        r = runTraining(QStringList{"extract", "--run", run, "--dataset", mDataset, "--split",
                                    "val", "--out", out, "--threads", "2"} +
                        extra);
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        // The run's own checkpoints carry recalibrated statistics from training.
        QVERIFY2(!r.err.contains("recalibrated the BatchNorm"), qPrintable(r.err));
    }
    const DescriptorSet dc = DescriptorSet::load(c.toStdString()),
                        dd = DescriptorSet::load(d.toStdString()),
                        de = DescriptorSet::load(e.toStdString()),
                        df = DescriptorSet::load(f.toStdString()),
                        dg = DescriptorSet::load(g.toStdString());
    QCOMPARE(dc.provenance.normalization, std::string("original"));
    QCOMPARE(dc.provenance.checkpointKind, std::string("last"));
    QCOMPARE(dc.provenance.epoch, 2);
    QCOMPARE(de.provenance.normalization, std::string("original"));
    QCOMPARE(df.provenance.normalization, std::string("recalibrated"));
    QCOMPARE(cv::norm(dc.ground, de.ground, cv::NORM_INF), 0.0);
    QCOMPARE(cv::norm(dc.satellite, de.satellite, cv::NORM_INF), 0.0);
    QCOMPARE(cv::norm(dc.ground, dd.ground, cv::NORM_INF), 0.0);
    QVERIFY(cv::norm(df.ground, dg.ground, cv::NORM_INF) < 1e-5);
    QVERIFY(cv::norm(dc.ground, df.ground, cv::NORM_INF) > 1e-3);

    // Evaluating a run straight from its checkpoint: the first call extracts into the run's
    // descriptors folder (from last.ckpt, by default with the paper's batch statistics), the
    // second reuses them; both write the same results, in a folder named after split,
    // checkpoint and mode, and they are those of the --bn original extraction above.
    const QStringList evalArgs = {"eval",   "--run",   run,   "--dataset",
                                  mDataset, "--split", "val", "--json"};
    r = runTraining(evalArgs);
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY2(r.err.contains("extracted"), qPrintable(r.err));
    QVERIFY(QFile::exists(run + "/descriptors/val_last-e2_original/ground.npy"));
    QVERIFY(QFile::exists(run + "/results/val_last-e2_original/eval_g2s.json"));
    const DescriptorSet evaluated =
        DescriptorSet::load((run + "/descriptors/val_last-e2_original").toStdString());
    // Not bit for bit: eval picks its compute threads from ORINET_THREADS or the cores where
    // the extraction above was given --threads 2, and GEMM sums in another order.
    QVERIFY(cv::norm(evaluated.ground, de.ground, cv::NORM_INF) < 1e-6);
    QVERIFY(cv::norm(evaluated.satellite, de.satellite, cv::NORM_INF) < 1e-6);
    const QString first = r.out;
    r = runTraining(evalArgs);
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY2(!r.err.contains("extracted"), qPrintable(r.err));
    const auto summaryOf = [](const QString& json) {
        return QJsonDocument::fromJson(json.toUtf8()).object();
    };
    QVERIFY(!summaryOf(first).value("recall_at").toArray().isEmpty());
    QCOMPARE(summaryOf(r.out).value("recall_at"), summaryOf(first).value("recall_at"));
    QCOMPARE(summaryOf(first).value("normalization").toString(), QString("original"));
    r = runTraining({"eval", "--run", run, "--dataset", mDataset, "--split", "val", "--bn",
                     "original", "--json"});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QCOMPARE(summaryOf(r.out).value("recall_at"), summaryOf(first).value("recall_at"));
    QCOMPARE(summaryOf(r.out).value("r1_percent"), summaryOf(first).value("r1_percent"));
    r = runTraining({"eval", "--descriptors", e, "--dataset", mDataset, "--split", "val", "--json",
                     "--out", mDir.filePath("results-e")});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QCOMPARE(summaryOf(r.out).value("recall_at"), summaryOf(first).value("recall_at"));
    QCOMPARE(summaryOf(r.out).value("mean_rank"), summaryOf(first).value("mean_rank"));

    // Recalibration never rewrites a file it was given: a weights file and a checkpoint
    // outside a run folder stay byte-identical; the statistics go to a copy beside each,
    // which the next extraction of the same file uses.
    const auto bytesOf = [](const QString& path) {
        QFile file(path);
        return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
    };
    for (const QString& given : {weights, imported}) {
        const QByteArray before = bytesOf(given);
        QVERIFY(!before.isEmpty());
        const QString beside = QFileInfo(given).path() + "/" + QFileInfo(given).completeBaseName() +
                               ".recalibrated.ckpt";
        QVERIFY(!QFile::exists(beside));
        const QString out1 = given + "-desc1", out2 = given + "-desc2";
        r = runTraining({"extract", "--checkpoint", given, "--dataset", mDataset, "--split", "val",
                         "--bn", "recalibrated", "--threads", "2", "--out", out1});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY2(r.err.contains("recalibrated the BatchNorm statistics of " + given) &&
                     r.err.contains("stored them in " + beside) && r.err.contains("left as it was"),
                 qPrintable(r.err));
        QVERIFY2(bytesOf(given) == before, qPrintable(given));
        QVERIFY(QFile::exists(beside));
        QVERIFY(!Checkpoint::load(beside.toStdString()).recalibrated.empty());
        r = runTraining({"extract", "--checkpoint", given, "--dataset", mDataset, "--split", "val",
                         "--bn", "recalibrated", "--threads", "2", "--out", out2});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY2(r.err.contains("used the recalibrated BatchNorm statistics of " + given +
                                " stored in " + beside),
                 qPrintable(r.err));
        QVERIFY2(bytesOf(given) == before, qPrintable(given));
        QCOMPARE(cv::norm(DescriptorSet::load(out1.toStdString()).ground,
                          DescriptorSet::load(out2.toStdString()).ground, cv::NORM_INF),
                 0.0);
    }
    // A copy made for other weights is neither used nor replaced: the checkpoint changed
    // since its statistics were computed.
    const QString changed = mDir.filePath("changed.ckpt");
    {
        Checkpoint edited = Checkpoint::load(imported.toStdString());
        edited.model.front().bytes[0] ^= 1;
        edited.recalibrated.clear();
        edited.save(changed.toStdString());
        QVERIFY(QFile::copy(mDir.filePath("imported.recalibrated.ckpt"),
                            mDir.filePath("changed.recalibrated.ckpt")));
    }
    const QByteArray staleBytes = bytesOf(mDir.filePath("changed.recalibrated.ckpt"));
    r = runTraining({"extract", "--checkpoint", changed, "--dataset", mDataset, "--split", "val",
                     "--bn", "recalibrated", "--threads", "2", "--out", mDir.filePath("desc-i")});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains("changed.recalibrated.ckpt") && r.err.contains("other weights"),
             qPrintable(r.err));
    QCOMPARE(bytesOf(mDir.filePath("changed.recalibrated.ckpt")), staleBytes);

    // The released code's loss is logged beside the optimised one (CVACT layout: the diagonal
    // at least is masked, so it is higher), in log.jsonl and log.csv.
    std::ifstream log((run + "/log.jsonl").toStdString());
    int steps = 0;
    for (std::string line; std::getline(log, line);) {
        const auto json = QJsonDocument::fromJson(QByteArray::fromStdString(line)).object();
        QVERIFY2(json.contains("loss_released"), line.c_str());
        QVERIFY(json.value("loss_released").toDouble() > json.value("loss").toDouble());
        steps += json.value("type").toString() == "step";
    }
    QCOMPARE(steps, 2 * stepsPerEpoch);
    QVERIFY(countLines(run + "/log.csv", ",loss_released") == 1);
    // The run's configuration records the paper's validation protocol.
    QFile config(run + "/config.json");
    QVERIFY(config.open(QIODevice::ReadOnly));
    QCOMPARE(QJsonDocument::fromJson(config.readAll()).object()["validation_normalization"],
             QJsonValue("original"));
}

void TestTrainCli::badArguments_data() {
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<int>("exitCode");
    QTest::newRow("train without dataset") << QStringList{"train", "--run", "x"} << 2;
    QTest::newRow("unknown preset")
        << QStringList{"train", "--dataset", "d", "--run", "x", "--preset", "huge"} << 2;
    QTest::newRow("batch of one") << QStringList{"train", "--dataset", "d", "--run",
                                                 "x",     "--batch",   "1"}
                                  << 2;
    QTest::newRow("missing dataset")
        << QStringList{"train", "--dataset", "/nonexistent/d", "--run", "/nonexistent/r"} << 1;
    QTest::newRow("import garbage")
        << QStringList{"import-weights", "/etc/hostname", "--out", "/tmp/x.ckpt"} << 1;
    QTest::newRow("export missing")
        << QStringList{"export-weights", "--checkpoint", "/nonexistent.ckpt", "--out", "/tmp/w"}
        << 1;
    QTest::newRow("extract both sources")
        << QStringList{"extract", "--run",   "r",   "--checkpoint", "c", "--dataset",
                       "d",       "--split", "val", "--out",        "o"}
        << 2;
}

void TestTrainCli::badArguments() {
    QFETCH(QStringList, args);
    QFETCH(int, exitCode);
    const orinet::testing::CliResult r = runTraining(args);
    QCOMPARE(r.exitCode, exitCode);
    QVERIFY2(r.err.trimmed().count('\n') == 0 && r.err.startsWith("orinet "), qPrintable(r.err));
}

QTEST_APPLESS_MAIN(TestTrainCli)
#include "tst_traincli.moc"
