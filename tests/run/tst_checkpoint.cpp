#include "common/error.h"
#include "model/orinetmodel.h"
#include "model/safetensors.h"
#include "run/checkpoint.h"
#include "run/runfolder.h"

#include <QTemporaryDir>
#include <QtTest>
#include <opencv2/core.hpp>

#include <cmath>
#include <fstream>

using namespace orinet;

namespace {

TensorBuffer ramp(int64_t n, int64_t c, int64_t h, int64_t w) {
    TensorBuffer b;
    b.shape = {n, c, h, w};
    b.data.resize(b.count());
    for (size_t i = 0; i < b.data.size(); ++i)
        b.data[i] = static_cast<float>(std::sin(0.001 * static_cast<double>(i)));
    return b;
}

ModelConfig tiny(OrientationMode mode = OrientationMode::Input, uint64_t seed = 3) {
    ModelConfig c;
    c.preset = InputPreset::byName("tiny");
    c.orientation = mode;
    c.initSeed = seed;
    return c;
}

void expectError(const std::function<void()>& f, const QString& fragment) {
    try {
        f();
        QFAIL(qPrintable("no error, expected one mentioning " + fragment));
    } catch (const Error& e) {
        QVERIFY2(QString(e.what()).contains(fragment), e.what());
    }
}

//! A checkpoint as the trainer writes one, with every part present.
Checkpoint fullCheckpoint(OriNetModel& model) {
    Checkpoint c;
    c.config.model = model.config();
    c.config.learningRate = 3e-4;
    c.state.step = 17;
    c.state.stepsPerEpoch = 5;
    c.state.epochLossSum = 1.25;
    c.state.recordedEpochs = 3;
    c.state.bestRecall = 0.5;
    c.state.bestEpoch = 2;
    c.model = model.namedTensors();
    c.recalibrated = model.normalizationStatistics();
    for (NamedTensor& t : c.recalibrated)
        if (t.dtype == TensorDType::Float32)
            for (size_t i = 0; i < t.bytes.size() / 4; ++i)
                reinterpret_cast<float*>(t.bytes.data())[i] = 0.5f + 0.001f * i;
    for (const std::string& name : model.parameterNames()) {
        NamedTensor m;
        m.name = "optimizer.exp_avg." + name;
        m.shape = {1};
        m.bytes.assign(4, 0);
        c.optimizer.push_back(m);
    }
    NamedTensor rng;
    rng.name = "rng.cpu";
    rng.dtype = TensorDType::UInt8;
    rng.shape = {3};
    rng.bytes = {1, 2, 3};
    c.rng = rng;
    return c;
}

} // namespace

class TestCheckpoint : public QObject {
    Q_OBJECT
private slots:
    void roundTripKeepsEveryPart();
    void headerReadsConfigurationWithoutData();
    void bestKeepsNoTrainingState();
    void buildModelUsesTheAskedStatistics();
    void importsForeignWeightsAndInfersTheMode();
    void rejectsBadFiles();
    void checkpointWithoutConfigurationTakesItsRunsOrFails();

private:
    QTemporaryDir mDir;
};

void TestCheckpoint::roundTripKeepsEveryPart() {
    OriNetModel model(tiny());
    const Checkpoint c = fullCheckpoint(model);
    const std::string file = mDir.filePath("full.ckpt").toStdString();
    c.save(file);
    const Checkpoint back = Checkpoint::load(file);
    QCOMPARE(back.path, file);
    QCOMPARE(back.config.toJson(), c.config.toJson());
    QCOMPARE(back.state.step, int64_t{17});
    QCOMPARE(back.state.stepsPerEpoch, int64_t{5});
    QCOMPARE(back.state.completedEpochs(), 3);
    QCOMPARE(back.state.recordedEpochs, 3);
    QCOMPARE(back.state.bestEpoch, 2);
    QCOMPARE(back.state.epochLossSum, 1.25);
    QCOMPARE(back.model.size(), c.model.size());
    QCOMPARE(back.recalibrated.size(), c.recalibrated.size());
    QCOMPARE(back.recalibrated.front().name, c.recalibrated.front().name); // prefix removed
    QCOMPARE(back.recalibrated.front().bytes, c.recalibrated.front().bytes);
    QCOMPARE(back.optimizer.size(), c.optimizer.size());
    QVERIFY(back.rng && back.rng->bytes == c.rng->bytes);
    QVERIFY(back.hasTrainingState());
    QCOMPARE(back.label(), std::string("full.ckpt (epoch 3, step 17)"));
    // On disk the statistics carry their own prefix.
    const SafeTensors st = SafeTensors::load(file);
    QVERIFY(st.find("recalibrated.ground.bn2.running_mean"));
    QCOMPARE(st.metadata.at("recorded_epochs"), std::string("3"));
}

void TestCheckpoint::headerReadsConfigurationWithoutData() {
    OriNetModel model(tiny(OrientationMode::None));
    const std::string file = mDir.filePath("header.ckpt").toStdString();
    fullCheckpoint(model).save(file);
    const Checkpoint h = Checkpoint::loadHeader(file);
    QVERIFY(h.model.empty() && h.optimizer.empty());
    QVERIFY(h.config.model.orientation == OrientationMode::None);
    QCOMPARE(h.config.learningRate, 3e-4);
    QCOMPARE(h.state.step, int64_t{17});
}

void TestCheckpoint::bestKeepsNoTrainingState() {
    OriNetModel model(tiny());
    const Checkpoint c = fullCheckpoint(model).withoutTrainingState();
    QVERIFY(!c.hasTrainingState() && !c.rng);
    const std::string file = mDir.filePath("best.ckpt").toStdString();
    c.save(file);
    const qint64 size = QFileInfo(QString::fromStdString(file)).size();
    // The weights of both branches (30.7 M floats) and little else: no Adam moments.
    QVERIFY2(size < 30695808LL * 4 + 2'000'000, qPrintable(QString::number(size)));
    QCOMPARE(Checkpoint::load(file).state.bestEpoch, 2);
}

void TestCheckpoint::buildModelUsesTheAskedStatistics() {
    OriNetModel model(tiny());
    Checkpoint c = fullCheckpoint(model);
    const TensorBuffer in = ramp(3, 5, 128, 128);
    const cv::Mat running = c.buildModel(Normalization::Running)->describe(Branch::Satellite, in);
    const cv::Mat recal =
        c.buildModel(Normalization::Recalibrated)->describe(Branch::Satellite, in);
    auto original = c.buildModel(Normalization::Original);
    QVERIFY(original->batchStatisticsInEval());
    const cv::Mat batch = original->describe(Branch::Satellite, in);
    QCOMPARE(cv::norm(running, model.describe(Branch::Satellite, in), cv::NORM_INF), 0.0);
    QVERIFY(cv::norm(running, recal, cv::NORM_INF) > 1e-4);
    QVERIFY(cv::norm(running, batch, cv::NORM_INF) > 1e-4);
    c.recalibrated.clear();
    c.path = "run/checkpoints/last.ckpt";
    expectError([&] { c.buildModel(Normalization::Recalibrated); },
                "last.ckpt: has no recalibrated BatchNorm statistics");
}

void TestCheckpoint::importsForeignWeightsAndInfersTheMode() {
    OriNetModel source(tiny(OrientationMode::None));
    SafeTensors foreign; // as PyTorch's save_file writes it: no OriNet metadata
    foreign.tensors = source.namedTensors();
    const std::string weights = mDir.filePath("foreign.safetensors").toStdString();
    foreign.save(weights);
    const Checkpoint c = Checkpoint::load(weights, "tiny");
    QVERIFY(c.config.model.orientation == OrientationMode::None); // conv1: 3 input channels
    QCOMPARE(c.config.model.preset.name, std::string("tiny"));
    QVERIFY(!c.hasTrainingState());
    QCOMPARE(c.state.step, int64_t{0});
    const TensorBuffer in = ramp(2, 3, 56, 308);
    QCOMPARE(cv::norm(source.describe(Branch::Ground, in),
                      c.buildModel(Normalization::Running)->describe(Branch::Ground, in),
                      cv::NORM_INF),
             0.0);
    // Exported again: only the model tensors, with the configuration as metadata.
    const std::string exported = mDir.filePath("exported.safetensors").toStdString();
    c.exportWeights(exported);
    const SafeTensors w = SafeTensors::load(exported);
    QCOMPARE(w.tensors.size(), foreign.tensors.size());
    QVERIFY(w.metadata.count("orinet.model_config"));
    QVERIFY(Checkpoint::load(exported).config.model.orientation == OrientationMode::None);
}

void TestCheckpoint::rejectsBadFiles() {
    OriNetModel model(tiny());
    auto saveAs = [&](SafeTensors st, const char* name) {
        const std::string path = mDir.filePath(name).toStdString();
        st.save(path);
        return path;
    };
    SafeTensors unknown;
    unknown.tensors = model.namedTensors();
    unknown.tensors.push_back(unknown.tensors.front());
    unknown.tensors.back().name = "decoder.weight";
    const std::string u = saveAs(unknown, "unknown.safetensors");
    expectError([&] { Checkpoint::load(u); }, "unknown tensor 'decoder.weight'");

    SafeTensors misshapen;
    misshapen.tensors = model.namedTensors();
    for (NamedTensor& t : misshapen.tensors)
        if (t.name == "satellite.conv3.weight")
            t.shape = {128, 256, 4, 4}; // same byte count, transposed channels
    const std::string m = saveAs(misshapen, "misshapen.safetensors");
    expectError([&] { Checkpoint::load(m, "tiny").buildModel(Normalization::Running); }, "shape");

    SafeTensors noConv1;
    noConv1.tensors = {model.namedTensors().back()};
    const std::string n = saveAs(noConv1, "noconv1.safetensors");
    expectError([&] { Checkpoint::load(n); }, "ground.conv1.weight");

    // A configuration naming a preset the program does not know.
    Checkpoint c = fullCheckpoint(model);
    const std::string file = mDir.filePath("badpreset.ckpt").toStdString();
    c.save(file);
    SafeTensors st = SafeTensors::load(file);
    const std::string config = st.metadata["config"];
    st.metadata["config"] =
        QString::fromStdString(config).replace("\"tiny\"", "\"huge\"").toStdString();
    QVERIFY(st.metadata["config"] != config);
    st.save(file);
    expectError([&] { Checkpoint::load(file); }, "unknown input preset 'huge'");

    // Inconsistent state: more recorded epochs than steps allow.
    c.state.recordedEpochs = 9;
    const std::string inconsistent = mDir.filePath("inconsistent.ckpt").toStdString();
    c.save(inconsistent);
    expectError([&] { Checkpoint::load(inconsistent); }, "inconsistent");

    expectError([&] { Checkpoint::load(mDir.path().toStdString()); }, "is a folder");
}

// A checkpoint whose metadata lost its configuration used to load at the paper preset (the
// weights fit every input size): training resumed and descriptors were made at the wrong size.
void TestCheckpoint::checkpointWithoutConfigurationTakesItsRunsOrFails() {
    OriNetModel model(tiny());
    Checkpoint c = fullCheckpoint(model);
    c.config.epochs = 7;
    const RunFolder run(mDir.filePath("noconfig-run").toStdString());
    run.create();
    c.save(run.lastCheckpoint());
    SafeTensors st = SafeTensors::load(run.lastCheckpoint());
    QVERIFY(st.metadata.erase("config") == 1);
    st.save(run.lastCheckpoint());

    // The run's config.json says what the checkpoint does not: used, and said so.
    std::ofstream(run.configFile()) << c.config.toJson();
    for (const Checkpoint& loaded :
         {Checkpoint::load(run.lastCheckpoint()), Checkpoint::loadHeader(run.lastCheckpoint())}) {
        QCOMPARE(loaded.config.toJson(), c.config.toJson());
        QCOMPARE(loaded.configSource, run.configFile());
        QCOMPARE(loaded.state.step, int64_t{17});
    }
    QCOMPARE(run.savedConfig().epochs, 7);
    // A checkpoint that carries its configuration does not consult config.json.
    c.save(mDir.filePath("noconfig-run/checkpoints/best.ckpt").toStdString());
    QVERIFY(Checkpoint::load(run.bestCheckpoint()).configSource.empty());

    // A config.json that does not fit the weights (3 input channels instead of 5) is refused.
    TrainingConfig other = c.config;
    other.model.orientation = OrientationMode::None;
    std::ofstream(run.configFile(), std::ios::trunc) << other.toJson();
    expectError([&] { Checkpoint::load(run.lastCheckpoint()); }, "does not fit its weights");

    // Without config.json: refused, naming the checkpoint and the missing file, never the
    // fallback preset.
    QVERIFY(QFile::remove(QString::fromStdString(run.configFile())));
    for (bool header : {false, true}) {
        try {
            header ? Checkpoint::loadHeader(run.lastCheckpoint(), "paper")
                   : Checkpoint::load(run.lastCheckpoint(), "paper");
            QFAIL("a checkpoint without its configuration loaded");
        } catch (const Error& e) {
            const QString text = e.what();
            QVERIFY2(text.startsWith(QString::fromStdString(run.lastCheckpoint())) &&
                         text.contains("lacks its training configuration") &&
                         text.contains("config.json is missing"),
                     e.what());
        }
    }
    expectError([&] { run.savedConfig(); }, "lacks its training configuration");
    // Outside a run folder there is no config.json to take it from.
    const std::string loose = mDir.filePath("loose.ckpt").toStdString();
    st.save(loose);
    expectError([&] { Checkpoint::load(loose); }, "not in a run's checkpoints folder");
}

QTEST_APPLESS_MAIN(TestCheckpoint)
#include "tst_checkpoint.moc"
