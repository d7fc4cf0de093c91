#include "common/error.h"
#include "model/modelcard.h"
#include "model/orinetmodel.h"
#include "model/safetensors.h"
#include "model/torchscriptmodel.h"
#include "randomtensor.h"
#include "torchpython.h"

#include <QFile>
#include <QTemporaryDir>
#include <QtTest>
#include <opencv2/core.hpp>

#include <cstring>
#include <random>

using namespace orinet;
using orinet::testing::randomTensor;

namespace {

//! The OriNet twin's card (docs/torchscript.md): the pipeline's own input at preset tiny.
const char* kTwinCard = R"({
  "format": "orinet-model-card", "version": 1, "method": "OriNet twin",
  "ground": {"height": 56, "width": 308}, "satellite": {"height": 128, "width": 128},
  "colour": {"order": "bgr", "scale": 0.00784313725490196, "mean": [1, 1, 1], "std": [1, 1, 1]},
  "orientation_channels": true, "call": "forward", "descriptor_dimension": 1536
})";

//! Traces bench/orinet_pytorch.py's network with the weights of argv[1] into argv[2]/twin.pt
//! (forward(ground, satellite), B, G, R input as the pipeline makes it) and twin_rgb.pt (the
//! same network behind an R, G, B input), and writes files for the refusals: newer.pt (twin.pt
//! with file-format version 11), state.pt (a torch.save file).
const char* kTwinScript = R"(
import sys, warnings, zipfile
sys.path.insert(0, sys.argv[3])
import torch
import orinet_pytorch as twin
weights, out = sys.argv[1], sys.argv[2]
net = twin.OriNet(5)
net.load_state_dict(twin.load_safetensors(weights), strict=True)
net.eval()

class Pair(torch.nn.Module):
    def __init__(self, net, rgb):
        super().__init__()
        self.ground = net.ground
        self.satellite = net.satellite
        self.rgb = rgb
    def forward(self, g, s):
        if self.rgb:  # back to the B, G, R order the weights know
            g = torch.cat([g[:, [2, 1, 0]], g[:, 3:]], 1)
            s = torch.cat([s[:, [2, 1, 0]], s[:, 3:]], 1)
        return self.ground(g), self.satellite(s)

example = (torch.rand(2, 5, 56, 308) * 2 - 1, torch.rand(2, 5, 128, 128) * 2 - 1)
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    for rgb, name in ((False, "twin"), (True, "twin_rgb")):
        torch.jit.trace(Pair(net, rgb), example).save(f"{out}/{name}.pt")
with zipfile.ZipFile(f"{out}/twin.pt") as src, zipfile.ZipFile(f"{out}/newer.pt", "w") as dst:
    for item in src.infolist():
        data = src.read(item.filename)
        if item.filename.endswith("/version") and item.filename.count("/") == 1:
            data = b"11\n"
        dst.writestr(item.filename, data)
torch.save({"weights": torch.zeros(3)}, f"{out}/state.pt")
)";

void writeText(const QString& path, const QString& text) {
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write(text.toUtf8());
}

} // namespace

//! TorchScript models of other methods (TorchScriptModel, ModelCard, docs/torchscript.md): the
//! card is checked field by field; the OriNet network traced from its PyTorch twin with a
//! native model's weights gives that model's descriptors whatever colour order and scaling the
//! card asks for; a card that disagrees with the model, an archive of a newer PyTorch and a
//! torch.save file are refused saying what is wrong.
class TestTorchScriptModel : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void cardsAreCheckedFieldByField_data();
    void cardsAreCheckedFieldByField();
    void twinGivesTheNativeDescriptors();
    void cardColourOrderAndScalingAreApplied();
    void cardThatDisagreesIsFoundByTheProbe_data();
    void cardThatDisagreesIsFoundByTheProbe();
    void newerArchiveIsNamed();
    void torchSaveFileIsNoModel();

private:
    QString path(const QString& name) const { return mDir.filePath(name); }
    ModelCard card(const QString& json, const QString& name);
    void needTwin() const;

    QTemporaryDir mDir;
    std::unique_ptr<OriNetModel> mNative;
    QString mPython; //!< empty: no python with PyTorch
};

void TestTorchScriptModel::initTestCase() {
    QVERIFY(mDir.isValid());
    ModelConfig config;
    config.preset = InputPreset::byName("tiny");
    config.orientation = OrientationMode::Input;
    config.initSeed = 7;
    mNative = std::make_unique<OriNetModel>(config);
    // Running statistics far from the initial (0, 1), so that a twin ignoring them would
    // differ.
    std::vector<NamedTensor> statistics = mNative->normalizationStatistics();
    std::mt19937 rng(11);
    std::normal_distribution<float> mean(0.f, 0.05f);
    std::uniform_real_distribution<float> var(0.5f, 1.5f);
    for (NamedTensor& t : statistics) {
        if (t.dtype != TensorDType::Float32)
            continue;
        const bool isVar = t.name.find("running_var") != std::string::npos;
        auto* values = reinterpret_cast<float*>(t.bytes.data());
        for (int64_t i = 0; i < t.elementCount(); ++i)
            values[i] = isVar ? var(rng) : mean(rng);
    }
    mNative->loadNormalizationStatistics(statistics, "test statistics");
    mNative->setBatchStatisticsInEval(false);
    SafeTensors weights;
    weights.tensors = mNative->namedTensors();
    weights.save(path("native.safetensors").toStdString());

    orinet::testing::PythonResult r;
    mPython = orinet::testing::runWithPython(
        {"torch"}, kTwinScript, path("make.py"),
        {path("native.safetensors"), mDir.path(), ORINET_BENCH_DIR}, &r);
    if (mPython.isEmpty())
        return;
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    writeText(path("twin.json"), kTwinCard);
}

void TestTorchScriptModel::needTwin() const {
    if (mPython.isEmpty())
        QSKIP("no python3 with PyTorch (Debian: python3-torch): the TorchScript fixtures are "
              "made by PyTorch itself, so the model cases are not tested");
}

ModelCard TestTorchScriptModel::card(const QString& json, const QString& name) {
    writeText(path(name), json);
    return ModelCard::load(path(name).toStdString());
}

void TestTorchScriptModel::cardsAreCheckedFieldByField_data() {
    QTest::addColumn<QString>("from");
    QTest::addColumn<QString>("to");
    QTest::addColumn<QString>("message");
    QTest::newRow("no method") << R"("method": "OriNet twin",)"
                               << ""
                               << "field 'method': missing";
    QTest::newRow("size zero") << R"("height": 56)"
                               << R"("height": 0)"
                               << "field 'ground.height': must be a whole number of pixels";
    QTest::newRow("oblong tile") << R"("height": 128, "width": 128)"
                                 << R"("height": 128, "width": 96)"
                                 << "field 'satellite': height 128 and width 96 differ";
    QTest::newRow("colour order") << R"("order": "bgr")"
                                  << R"("order": "hsv")"
                                  << "field 'colour.order': must be \"rgb\" or \"bgr\"";
    QTest::newRow("two means") << R"("mean": [1, 1, 1])"
                               << R"("mean": [1, 1])"
                               << "field 'colour.mean': must be a list of 3 numbers";
    QTest::newRow("zero std") << R"("std": [1, 1, 1])"
                              << R"("std": [1, 0, 1])"
                              << "field 'colour.std[1]': must be greater than 0";
    QTest::newRow("typo") << R"("scale")"
                          << R"("scal")"
                          << "field 'colour.scal': unknown field";
    QTest::newRow("call") << R"("call": "forward")"
                          << R"("call": "both")"
                          << "field 'call': must be \"forward\"";
    QTest::newRow("method name") << R"("call": "forward")"
                                 << R"("call": {"ground": "embed ground", "satellite": "s"})"
                                 << "field 'call.ground': 'embed ground' is not a method name";
    QTest::newRow("dimension") << R"("descriptor_dimension": 1536)"
                               << R"("descriptor_dimension": "1536")"
                               << "field 'descriptor_dimension': must be a whole number";
    QTest::newRow("orientation") << R"("orientation_channels": true)"
                                 << R"("orientation_channels": 5)"
                                 << "field 'orientation_channels': must be true or false";
    QTest::newRow("not json") << R"("version": 1,)"
                              << R"("version": 1,,)"
                              << "is not valid JSON";
}

void TestTorchScriptModel::cardsAreCheckedFieldByField() {
    QFETCH(QString, from);
    QFETCH(QString, to);
    QFETCH(QString, message);
    QString json = kTwinCard;
    QVERIFY2(json.contains(from), qPrintable(from));
    json.replace(from, to);
    try {
        card(json, "bad.json");
        QFAIL("the card was accepted");
    } catch (const Error& e) {
        QVERIFY2(QString(e.what()).contains(message) && QString(e.what()).contains("bad.json"),
                 e.what());
    }
    // The card as documented is accepted and says what it holds.
    const ModelCard good = card(kTwinCard, "good.json");
    QCOMPARE(good.channels(), 5);
    QVERIFY(good.takesPipelineColour());
    QCOMPARE(good.inputText(), std::string("ground 56x308, satellite 128x128, 5 channels"));
    QCOMPARE(ModelCard::parse(good.toJson(), "again").toJson(), good.toJson());
}

void TestTorchScriptModel::twinGivesTheNativeDescriptors() {
    needTwin();
    TorchScriptModel twin(path("twin.pt").toStdString(),
                          ModelCard::load(path("twin.json").toStdString()));
    twin.probe();
    const TensorBuffer ground = randomTensor(3, 5, 56, 308, 1);
    const TensorBuffer satellite = randomTensor(3, 5, 128, 128, 2);
    cv::Mat g, s;
    twin.describePairs(ground, satellite, g, s);
    const cv::Mat nativeGround = mNative->describe(Branch::Ground, ground);
    const cv::Mat nativeSatellite = mNative->describe(Branch::Satellite, satellite);
    QCOMPARE(g.rows, 3);
    QCOMPARE(g.cols, 1536);
    const double groundDiff = cv::norm(g, nativeGround, cv::NORM_INF);
    const double satelliteDiff = cv::norm(s, nativeSatellite, cv::NORM_INF);
    QVERIFY2(
        groundDiff <= 1e-5 && satelliteDiff <= 1e-5,
        qPrintable(
            QString("max difference ground %1, satellite %2").arg(groundDiff).arg(satelliteDiff)));
    // One branch alone (forward() gets zeros for the other) gives the same rows.
    QVERIFY(cv::norm(twin.describe(Branch::Satellite, satellite), s, cv::NORM_INF) <= 1e-6);
    // The descriptors depend on the input: a test of equal outputs could not pass by chance.
    QVERIFY(cv::norm(g.row(0), g.row(1), cv::NORM_INF) > 1e-3);
}

void TestTorchScriptModel::cardColourOrderAndScalingAreApplied() {
    needTwin();
    // R, G, B as v/255 normalised by mean 0.5, std 0.5: v/255*2-1 again, in the other order,
    // which twin_rgb.pt turns back.
    QString json = kTwinCard;
    json.replace(
        R"("order": "bgr", "scale": 0.00784313725490196, "mean": [1, 1, 1], "std": [1, 1, 1])",
        R"("order": "rgb", "scale": 0.00392156862745098, "mean": [0.5, 0.5, 0.5], "std": [0.5, 0.5, 0.5])");
    const ModelCard rgb = card(json, "rgb.json");
    QVERIFY(!rgb.takesPipelineColour());
    TorchScriptModel twin(path("twin_rgb.pt").toStdString(), rgb);
    const TensorBuffer ground = randomTensor(2, 5, 56, 308, 3);
    const TensorBuffer satellite = randomTensor(2, 5, 128, 128, 4);
    cv::Mat g, s;
    twin.describePairs(ground, satellite, g, s);
    QVERIFY(cv::norm(g, mNative->describe(Branch::Ground, ground), cv::NORM_INF) <= 1e-5);
    QVERIFY(cv::norm(s, mNative->describe(Branch::Satellite, satellite), cv::NORM_INF) <= 1e-5);
    // The plain twin under that card sees its colours swapped: other descriptors.
    TorchScriptModel swapped(path("twin.pt").toStdString(), rgb);
    cv::Mat g2, s2;
    swapped.describePairs(ground, satellite, g2, s2);
    QVERIFY(cv::norm(g2, g, cv::NORM_INF) > 1e-4);
}

void TestTorchScriptModel::cardThatDisagreesIsFoundByTheProbe_data() {
    QTest::addColumn<QString>("from");
    QTest::addColumn<QString>("to");
    QTest::addColumn<QString>("message");
    QTest::newRow("dimension") << R"("descriptor_dimension": 1536)"
                               << R"("descriptor_dimension": 512)"
                               << "returned 1536-d descriptors, but the card %1 says "
                                  "descriptor_dimension 512";
    QTest::newRow("channels") << R"("orientation_channels": true)"
                              << R"("orientation_channels": false)"
                              << "forward(ground, satellite) failed on a batch of the input the "
                                 "card %1 gives (ground 56x308, satellite 128x128, 3 channels)";
    QTest::newRow("methods") << R"("call": "forward")"
                             << R"("call": {"ground": "embed_ground", "satellite": "forward"})"
                             << "has no method 'embed_ground', which the card %1 calls "
                                "(call.ground); it has: forward";
}

void TestTorchScriptModel::cardThatDisagreesIsFoundByTheProbe() {
    needTwin();
    QFETCH(QString, from);
    QFETCH(QString, to);
    QFETCH(QString, message);
    QString json = kTwinCard;
    json.replace(from, to);
    const ModelCard wrong = card(json, "wrong.json");
    try {
        TorchScriptModel twin(path("twin.pt").toStdString(), wrong);
        twin.probe();
        QFAIL("the probe passed");
    } catch (const Error& e) {
        QVERIFY2(QString(e.what()).contains(message.arg(path("wrong.json"))) &&
                     QString(e.what()).startsWith(path("twin.pt")),
                 e.what());
    }
}

void TestTorchScriptModel::newerArchiveIsNamed() {
    needTwin();
    QCOMPARE(TorchScriptModel::archiveVersion(path("twin.pt").toStdString()) > 0, true);
    QCOMPARE(TorchScriptModel::archiveVersion(path("newer.pt").toStdString()), int64_t{11});
    try {
        TorchScriptModel(path("newer.pt").toStdString(), card(kTwinCard, "twin.json"));
        QFAIL("the newer archive was accepted");
    } catch (const Error& e) {
        const QString text = e.what();
        QVERIFY2(text.startsWith(path("newer.pt")) && text.contains("file-format version 11") &&
                     text.contains("reads versions up to " +
                                   QString::number(TorchScriptModel::supportedArchiveVersion())) &&
                     text.contains("re-export it with PyTorch"),
                 e.what());
    }
}

void TestTorchScriptModel::torchSaveFileIsNoModel() {
    needTwin();
    try {
        TorchScriptModel(path("state.pt").toStdString(), card(kTwinCard, "twin.json"));
        QFAIL("a torch.save file was accepted");
    } catch (const Error& e) {
        QVERIFY2(QString(e.what()).contains("is a torch.save file") &&
                     QString(e.what()).contains("torch.jit.save"),
                 e.what());
    }
    try {
        TorchScriptModel(path("twin.json").toStdString(), card(kTwinCard, "twin.json"));
        QFAIL("a JSON file was accepted");
    } catch (const Error& e) {
        QVERIFY2(QString(e.what()).contains("is not a TorchScript file"), e.what());
    }
}

QTEST_GUILESS_MAIN(TestTorchScriptModel)
#include "tst_torchscriptmodel.moc"
