#include "common/feedback.h"
#include "dataset/dataset.h"
#include "extraction/descriptorextractor.h"
#include "model/orinetmodel.h"
#include "model/safetensors.h"
#include "retrieval/descriptorset.h"
#include "run/checkpoint.h"
#include "run/importrecord.h"
#include "run/runfolder.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>
#include <opencv2/core.hpp>

#include "clirunner.h"
#include "torchpython.h"

using namespace orinet;
using orinet::testing::CliResult;
using orinet::testing::runCli;

namespace {

//! argv[2]/resnet.pt: two torchvision ResNet-18 (random weights, 64-d output) as
//! embed_ground / embed_satellite, scripted; argv[2]/twin.pt: bench/orinet_pytorch.py's network
//! with the weights of argv[1], traced at preset tiny as forward(ground, satellite).
const char* kScript = R"(
sys.path.insert(0, sys.argv[3])
import warnings
import orinet_pytorch as twin
weights, out = sys.argv[1], sys.argv[2]
torch.manual_seed(0)

class TwoResNets(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.ground = torchvision.models.resnet18(weights=None, num_classes=64)
        self.satellite = torchvision.models.resnet18(weights=None, num_classes=64)
    @torch.jit.export
    def embed_ground(self, x):
        return self.ground(x)
    @torch.jit.export
    def embed_satellite(self, x):
        return self.satellite(x)
    def forward(self, g, s):
        return self.embed_ground(g), self.embed_satellite(s)

torch.jit.script(TwoResNets().eval()).save(f"{out}/resnet.pt")

class Pair(torch.nn.Module):
    def __init__(self, net):
        super().__init__()
        self.ground = net.ground
        self.satellite = net.satellite
    def forward(self, g, s):
        return self.ground(g), self.satellite(s)

net = twin.OriNet(5)
net.load_state_dict(twin.load_safetensors(weights), strict=True)
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    example = (torch.rand(2, 5, 56, 308), torch.rand(2, 5, 128, 128))
    torch.jit.trace(Pair(net.eval()), example).save(f"{out}/twin.pt")
)";

const char* kResNetCard = R"({
  "method": "ResNet-18 pair",
  "ground": {"height": 32, "width": 128}, "satellite": {"height": 64, "width": 64},
  "colour": {"order": "rgb", "scale": 0.00392156862745098,
             "mean": [0.485, 0.456, 0.406], "std": [0.229, 0.224, 0.225]},
  "orientation_channels": false,
  "call": {"ground": "embed_ground", "satellite": "embed_satellite"},
  "descriptor_dimension": 64
})";

const char* kTwinCard = R"({
  "method": "OriNet twin",
  "ground": {"height": 56, "width": 308}, "satellite": {"height": 128, "width": 128},
  "colour": {"order": "bgr", "scale": 0.00784313725490196, "mean": [1, 1, 1], "std": [1, 1, 1]},
  "orientation_channels": true, "call": "forward", "descriptor_dimension": 1536
})";

void writeText(const QString& path, const QString& text) {
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write(text.toUtf8());
}

QString sha256Of(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QString::fromLatin1(
        QCryptographicHash::hash(file.readAll(), QCryptographicHash::Sha256).toHex());
}

} // namespace

//! Another method's TorchScript model made into a run (`orinet import-model`, ModelImport,
//! docs/torchscript.md): a model of another architecture runs end to end through `orinet eval`
//! and `orinet extract` (a part of a split too) on a generated world; the OriNet twin's run
//! extracts what the native extractor does with the same weights; folders that are not the import's
//! own and cards that disagree with the model are refused before anything is written.
class TestModelImport : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void otherArchitectureRunsThroughEvalAndExtract();
    void twinRunExtractsTheNativeDescriptors();
    void refusesFoldersAndCardsBeforeWriting();

private:
    QString path(const QString& name) const { return mDir.filePath(name); }
    void needPython() const;

    QTemporaryDir mDir;
    QString mPython;
    Checkpoint mNative; //!< preset tiny, the weights of twin.pt
};

void TestModelImport::initTestCase() {
    QVERIFY(mDir.isValid());
    const CliResult r = runCli({"synth", "--out", path("world"), "--pairs", "40", "--seed", "3",
                                "--threads", "2", "--quiet"});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    ModelConfig config;
    config.preset = InputPreset::byName("tiny");
    config.initSeed = 5;
    mNative.config.model = config;
    mNative.model = OriNetModel(config).namedTensors();
    SafeTensors weights;
    weights.tensors = mNative.model;
    weights.save(path("native.safetensors").toStdString());
    writeText(path("resnet.json"), kResNetCard);
    writeText(path("twin.json"), kTwinCard);
    orinet::testing::PythonResult made;
    mPython = orinet::testing::runWithPython(
        {"torch", "torchvision"}, kScript, path("make.py"),
        {path("native.safetensors"), mDir.path(), ORINET_BENCH_DIR}, &made);
    if (!mPython.isEmpty())
        QVERIFY2(made.exitCode == 0, qPrintable(made.err));
}

void TestModelImport::needPython() const {
    if (mPython.isEmpty())
        QSKIP("no python3 with PyTorch and torchvision (Debian: python3-torch, "
              "python3-torchvision): the TorchScript models are made by PyTorch itself, so "
              "importing them is not tested");
}

void TestModelImport::otherArchitectureRunsThroughEvalAndExtract() {
    needPython();
    const QString run = path("resnet-run");
    CliResult r = runCli({"import-model", "--torchscript", path("resnet.pt"), "--card",
                          path("resnet.json"), "--out", run, "--threads", "2", "--json"});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    const QJsonObject result = QJsonDocument::fromJson(r.out.toUtf8()).object();
    QCOMPARE(result["dimension"].toInt(), 64);
    QCOMPARE(result["input"].toString(), QString("ground 32x128, satellite 64x64, 3 channels"));
    // The record names both files as given, with their SHA-256; the run keeps copies.
    const ImportRecord record = ImportRecord::load(RunFolder(run.toStdString()).importFile());
    QCOMPARE(record.method, std::string("ResNet-18 pair"));
    QVERIFY(record.model && record.model->kind == "torchscript");
    QCOMPARE(record.model->sources.size(), size_t{2});
    QCOMPARE(QString::fromStdString(record.model->sources[0].sha256), sha256Of(path("resnet.pt")));
    QCOMPARE(QString::fromStdString(record.model->sources[1].sha256),
             sha256Of(path("resnet.json")));
    QCOMPARE(sha256Of(run + "/model/model.pt"), sha256Of(path("resnet.pt")));
    QVERIFY(RunFolder::isImportedRun(run.toStdString()));

    r = runCli(
        {"eval", "--run", run, "--dataset", path("world"), "--split", "val", "--threads", "2"});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY2(r.err.contains("extracted 6 descriptors"), qPrintable(r.err));
    QVERIFY2(r.out.contains("TorchScript model (ResNet-18 pair)"), qPrintable(r.out));
    QVERIFY(QFile::exists(run + "/results/val_torchscript/eval_g2s.json"));
    const DescriptorSet set =
        DescriptorSet::load((run + "/descriptors/val_torchscript").toStdString());
    QCOMPARE(set.ground.cols, 64);
    QCOMPARE(set.ground.rows, 6);
    QVERIFY(set.provenance.isTorchScript());
    QCOMPARE(set.provenance.method, std::string("ResNet-18 pair"));
    // Rows are unit length and differ from image to image.
    QVERIFY(std::abs(cv::norm(set.satellite.row(0)) - 1.0) < 1e-5);
    QVERIFY(cv::norm(set.satellite.row(0), set.satellite.row(1), cv::NORM_INF) > 1e-4);

    // A second evaluation reuses the saved set.
    r = runCli(
        {"eval", "--run", run, "--dataset", path("world"), "--split", "val", "--threads", "2"});
    QVERIFY2(r.exitCode == 0 && !r.err.contains("extracted"), qPrintable(r.err));

    // Its heat map (docs/heatmap.md): the satellite branch at the card's input size describes
    // the places, coarse to fine and dense alike; coarse to fine scores a subset of the dense
    // map's places with the same descriptors, so its best is never better.
    const Dataset world = Dataset::open(path("world").toStdString());
    const QString query = QString::fromStdString(world.pairs()[world.split("val").front()].id);
    QJsonObject peaks[2];
    for (int dense = 0; dense < 2; ++dense) {
        QStringList args = {"heatmap",
                            "--run",
                            run,
                            "--dataset",
                            path("world"),
                            "--split",
                            "val",
                            "--query",
                            query,
                            "--spacing",
                            "25",
                            "--out",
                            path(QString("heat%1.tif").arg(dense)),
                            "--threads",
                            "2",
                            "--json"};
        args << (dense ? "--dense" : "--coarse-to-fine");
        r = runCli(args);
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const QJsonObject heat = QJsonDocument::fromJson(r.out.toUtf8()).object();
        QCOMPARE(heat["model"].toString(), QString("ResNet-18 pair"));
        QCOMPARE(heat["mode"].toString(), QString(dense ? "dense" : "coarse-to-fine"));
        QVERIFY(QFile::exists(path(QString("heat%1.tif").arg(dense))));
        peaks[dense] = heat["peaks"].toArray().first().toObject();
    }
    QVERIFY2(peaks[0]["score"].toDouble() <= peaks[1]["score"].toDouble() + 1e-5,
             qPrintable(QString("coarse to fine %1, dense %2")
                            .arg(peaks[0]["score"].toDouble())
                            .arg(peaks[1]["score"].toDouble())));

    // The second of two parts (in batches of 2) holds the same rows as the whole set.
    r = runCli({"extract", "--run", run, "--dataset", path("world"), "--split", "val", "--batch",
                "2", "--shard", "2/2", "--out", path("part2"), "--threads", "2", "--json"});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    const DescriptorSet second = DescriptorSet::load(path("part2").toStdString());
    const DescriptorShard::Range rows = DescriptorShard::rows(6, 2, 2, 2);
    QCOMPARE(second.shard.first, rows.begin);
    QCOMPARE(int64_t{second.satellite.rows}, rows.end - rows.begin);
    const cv::Range range(static_cast<int>(rows.begin), static_cast<int>(rows.end));
    QVERIFY(cv::norm(second.satellite, set.satellite.rowRange(range), cv::NORM_INF) <= 1e-6);
    QVERIFY(cv::norm(second.ground, set.ground.rowRange(range), cv::NORM_INF) <= 1e-6);
    QVERIFY(second.shard.weights.rfind("sha256:", 0) == 0);
}

void TestModelImport::twinRunExtractsTheNativeDescriptors() {
    needPython();
    const QString run = path("twin-run");
    CliResult r = runCli({"import-model", "--torchscript", path("twin.pt"), "--card",
                          path("twin.json"), "--out", run, "--threads", "2"});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    r = runCli(
        {"extract", "--run", run, "--dataset", path("world"), "--split", "val", "--threads", "2"});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    const DescriptorSet twin =
        DescriptorSet::load((run + "/descriptors/val_torchscript").toStdString());

    // The native extractor with the same weights and their running statistics (the twin was
    // traced in eval mode).
    const Dataset world = Dataset::open(path("world").toStdString());
    DescriptorExtractor::Options options;
    options.normalization = Normalization::Running;
    Feedback feedback;
    const DescriptorSet native =
        DescriptorExtractor::extract(mNative, "file", world, "val", options, feedback);
    QCOMPARE(twin.ids, native.ids);
    const double g = cv::norm(twin.ground, native.ground, cv::NORM_INF);
    const double s = cv::norm(twin.satellite, native.satellite, cv::NORM_INF);
    QVERIFY2(g <= 1e-5 && s <= 1e-5,
             qPrintable(QString("max difference ground %1, satellite %2").arg(g).arg(s)));
}

void TestModelImport::refusesFoldersAndCardsBeforeWriting() {
    needPython();
    // A folder of the user's.
    const QString user = path("user");
    QVERIFY(QDir().mkpath(user));
    writeText(user + "/notes.txt", "mine");
    CliResult r = runCli({"import-model", "--torchscript", path("resnet.pt"), "--card",
                          path("resnet.json"), "--out", user});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains(user), qPrintable(r.err));
    QCOMPARE(QDir(user).entryList(QDir::NoDotAndDotDot | QDir::AllEntries),
             QStringList{"notes.txt"});

    // A run of another method's model (the twin's, made by the test before when it ran).
    const QString twinRun = path("twin-run");
    if (!QFileInfo::exists(twinRun + "/import.json")) {
        r = runCli({"import-model", "--torchscript", path("twin.pt"), "--card", path("twin.json"),
                    "--out", twinRun});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    }
    const QString record = sha256Of(twinRun + "/import.json");
    r = runCli({"import-model", "--torchscript", path("resnet.pt"), "--card", path("resnet.json"),
                "--out", twinRun});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains("holds the model of 'OriNet twin', not 'ResNet-18 pair'"),
             qPrintable(r.err));
    QCOMPARE(sha256Of(twinRun + "/import.json"), record);

    // A card that disagrees with the model: found by the probe, nothing written.
    QString wrong = kResNetCard;
    wrong.replace(R"("descriptor_dimension": 64)", R"("descriptor_dimension": 128)");
    writeText(path("wrong.json"), wrong);
    r = runCli({"import-model", "--torchscript", path("resnet.pt"), "--card", path("wrong.json"),
                "--out", path("wrong-run")});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains("returned 64-d descriptors, but the card " + path("wrong.json") +
                            " says descriptor_dimension 128"),
             qPrintable(r.err));
    QVERIFY(!QFileInfo::exists(path("wrong-run")));
}

QTEST_GUILESS_MAIN(TestModelImport)
#include "tst_modelimport.moc"
