#include "common/error.h"
#include "model/orinetmodel.h"
#include "model/safetensors.h"
#include "training/checkpointfile.h"

#include <QTemporaryDir>
#include <QtTest>
#include <opencv2/core.hpp>

using namespace orinet;

namespace {

TensorBuffer ramp(int64_t c, int64_t h, int64_t w) {
    TensorBuffer b;
    b.shape = {2, c, h, w};
    b.data.resize(b.count());
    for (size_t i = 0; i < b.data.size(); ++i)
        b.data[i] = static_cast<float>(std::sin(0.001 * static_cast<double>(i)));
    return b;
}

} // namespace

//! Weights files from elsewhere (no OriNet metadata, as PyTorch's save_file writes them).
class TestCheckpointFile : public QObject {
    Q_OBJECT
private slots:
    void importsForeignWeightsAndInfersTheMode();
    void importRejectsIncompleteOrMisshapenWeights();
};

void TestCheckpointFile::importsForeignWeightsAndInfersTheMode() {
    QTemporaryDir dir;
    ModelConfig c;
    c.preset = InputPreset::byName("tiny");
    c.orientation = OrientationMode::None;
    c.initSeed = 3;
    OriNetModel source(c);
    SafeTensors foreign;
    foreign.tensors = source.namedTensors();
    const std::string weights = dir.filePath("foreign.safetensors").toStdString();
    foreign.save(weights);

    const std::string ckpt = dir.filePath("imported.ckpt").toStdString();
    CheckpointFile::importWeights(weights, ckpt, "tiny");
    const ModelConfig read = CheckpointFile::modelConfig(ckpt);
    QVERIFY(read.orientation == OrientationMode::None); // from conv1's 3 input channels
    QCOMPARE(read.preset.name, std::string("tiny"));
    auto loaded = CheckpointFile::loadModel(ckpt);
    const TensorBuffer in = ramp(3, c.preset.groundRows, c.preset.groundCols);
    QCOMPARE(cv::norm(source.describe(Branch::Ground, in), loaded->describe(Branch::Ground, in),
                      cv::NORM_INF),
             0.0);
    // The imported checkpoint is complete: zero Adam moments for every parameter.
    const SafeTensors st = SafeTensors::load(ckpt);
    QVERIFY(st.find("optimizer.exp_avg.satellite.bn7.weight"));
    QVERIFY(st.find("optimizer.exp_avg_sq.ground.conv1.weight"));
    QCOMPARE(st.metadata.at("step"), std::string("0"));

    // export-weights of that checkpoint gives the model tensors only, with the configuration.
    const std::string exported = dir.filePath("exported.safetensors").toStdString();
    CheckpointFile::exportWeights(ckpt, exported);
    const SafeTensors w = SafeTensors::load(exported);
    QCOMPARE(w.tensors.size(), foreign.tensors.size());
    QVERIFY(w.metadata.count("orinet.model_config"));
}

void TestCheckpointFile::importRejectsIncompleteOrMisshapenWeights() {
    QTemporaryDir dir;
    ModelConfig c;
    c.preset = InputPreset::byName("tiny");
    OriNetModel model(c);
    const std::string out = dir.filePath("x.ckpt").toStdString();
    auto expectError = [&](SafeTensors st, const char* needle) {
        const std::string path = dir.filePath("w.safetensors").toStdString();
        st.save(path);
        try {
            CheckpointFile::importWeights(path, out);
            QFAIL("import accepted bad weights");
        } catch (const Error& e) {
            QVERIFY2(QString(e.what()).contains("w.safetensors") &&
                         QString(e.what()).contains(needle),
                     e.what());
        }
        QVERIFY(!QFile::exists(QString::fromStdString(out)));
    };
    SafeTensors missing;
    missing.tensors = model.namedTensors();
    missing.tensors.erase(missing.tensors.begin() + 3);
    expectError(missing, "missing");
    SafeTensors misshapen;
    misshapen.tensors = model.namedTensors();
    for (NamedTensor& t : misshapen.tensors)
        if (t.name == "satellite.conv3.weight")
            t.shape = {128, 256, 4, 4}; // same byte count, transposed channels
    expectError(misshapen, "shape");
    SafeTensors noConv1;
    noConv1.tensors = {model.namedTensors().back()};
    expectError(noConv1, "ground.conv1.weight");
}

QTEST_APPLESS_MAIN(TestCheckpointFile)
#include "tst_checkpointfile.moc"
