#include "common/error.h"
#include "model/orinetmodel.h"
#include "randomtensor.h"

#include <QtTest>
#include <opencv2/core.hpp>

#include <cstring>
#include <random>

using namespace orinet;

namespace {

ModelConfig config(const char* preset, OrientationMode mode, uint64_t seed = 1) {
    ModelConfig c;
    c.preset = InputPreset::byName(preset);
    c.orientation = mode;
    c.initSeed = seed;
    return c;
}

TensorBuffer firstRows(const TensorBuffer& b, int64_t n) {
    TensorBuffer r;
    r.shape = b.shape;
    r.shape[0] = n;
    r.data.assign(b.data.begin(), b.data.begin() + static_cast<std::ptrdiff_t>(r.count()));
    return r;
}

} // namespace

class TestOriNetModel : public QObject {
    Q_OBJECT
private slots:
    void paperParameterCount();
    void featureMapSizes_data();
    void featureMapSizes();
    void descriptorsAreUnitRowsAndFinite();
    void evalUsesRunningStatistics();
    void describingFollowsChangedTensors();
    void originalBatchStatisticsOption();
    void namedTensorsFollowPyTorchNames();
    void namedTensorsRoundTrip();
    void loadRejectsMismatches();
    void rejectsWrongInputShape();
    void initialisationFollowsSpec();
};

void TestOriNetModel::paperParameterCount() {
    const OriNetModel withOrientation(config("paper", OrientationMode::Input));
    QCOMPARE(withOrientation.parameterCount(Branch::Ground), int64_t{15347904});
    QCOMPARE(withOrientation.parameterCount(Branch::Satellite), int64_t{15347904});
    QCOMPARE(withOrientation.parameterCount(), int64_t{30695808});
    // Without orientation only conv1 shrinks: 2 input channels x 64 filters x 4 x 4 less.
    const OriNetModel colourOnly(config("paper", OrientationMode::None));
    QCOMPARE(colourOnly.parameterCount(Branch::Ground), int64_t{15347904 - 2 * 64 * 16});
}

void TestOriNetModel::featureMapSizes_data() {
    QTest::addColumn<QString>("preset");
    QTest::addColumn<int>("groundRows");
    QTest::addColumn<int>("groundCols");
    QTest::addColumn<int>("satellite");
    QTest::newRow("paper") << "paper" << 2 << 10 << 4;
    QTest::newRow("small") << "small" << 1 << 5 << 2;
    QTest::newRow("tiny") << "tiny" << 1 << 3 << 1;
}

void TestOriNetModel::featureMapSizes() {
    QFETCH(QString, preset);
    QFETCH(int, groundRows);
    QFETCH(int, groundCols);
    QFETCH(int, satellite);
    const OriNetModel model(config(preset.toUtf8().constData(), OrientationMode::Input));
    QCOMPARE(model.featureMapSize(Branch::Ground),
             (std::array<int64_t, 2>{groundRows, groundCols}));
    QCOMPARE(model.featureMapSize(Branch::Satellite),
             (std::array<int64_t, 2>{satellite, satellite}));
}

void TestOriNetModel::descriptorsAreUnitRowsAndFinite() {
    // The tiny preset reaches maps of side 1, where the original's sampling divides by zero.
    OriNetModel model(config("tiny", OrientationMode::Input));
    const auto& p = model.config().preset;
    for (Branch branch : {Branch::Ground, Branch::Satellite}) {
        const TensorBuffer in =
            branch == Branch::Ground
                ? testing::randomTensor(3, 5, p.groundRows, p.groundCols, 7)
                : testing::randomTensor(3, 5, p.satelliteSize, p.satelliteSize, 8);
        const cv::Mat d = model.describe(branch, in);
        QCOMPARE(d.rows, 3);
        QCOMPARE(d.cols, OriNetModel::kDescriptorSize);
        QVERIFY(cv::checkRange(d));
        for (int i = 0; i < d.rows; ++i)
            QVERIFY(std::abs(cv::norm(d.row(i)) - 1.0) < 1e-5);
        // GeM of values clamped at 1e-6 is positive everywhere.
        double minValue = 0;
        cv::minMaxLoc(d, &minValue);
        QVERIFY(minValue > 0);
    }
}

void TestOriNetModel::evalUsesRunningStatistics() {
    OriNetModel model(config("tiny", OrientationMode::Input));
    const auto& p = model.config().preset;
    const TensorBuffer in = testing::randomTensor(4, 5, p.satelliteSize, p.satelliteSize, 3);
    const cv::Mat all = model.describe(Branch::Satellite, in);
    const cv::Mat one = model.describe(Branch::Satellite, firstRows(in, 1));
    // Per-image results: a row does not depend on the rest of the batch.
    QVERIFY(cv::norm(all.row(0), one.row(0), cv::NORM_INF) < 1e-5);
    QVERIFY(!model.isTraining());
}

// Describing folds BatchNorm into the convolutions once and keeps the fold (docs/model.md,
// "Describing"); tensors loaded into the model afterwards, the statistics alone included, are
// always what it describes with: the same descriptors as a model that never folded anything else.
void TestOriNetModel::describingFollowsChangedTensors() {
    OriNetModel model(config("tiny", OrientationMode::Input, 1));
    const auto& p = model.config().preset;
    const TensorBuffer in = testing::randomTensor(3, 5, p.satelliteSize, p.satelliteSize, 4);
    const cv::Mat first = model.describe(Branch::Satellite, in);
    auto shifted = [](std::vector<NamedTensor> tensors, const std::string& suffix, float by) {
        for (NamedTensor& t : tensors) {
            if (t.name.size() < suffix.size() ||
                t.name.compare(t.name.size() - suffix.size(), suffix.size(), suffix) != 0)
                continue;
            for (size_t i = 0; i + sizeof(float) <= t.bytes.size(); i += sizeof(float)) {
                float v;
                std::memcpy(&v, t.bytes.data() + i, sizeof v);
                v += by;
                std::memcpy(t.bytes.data() + i, &v, sizeof v);
            }
        }
        return tensors;
    };
    const std::vector<NamedTensor> otherWeights =
        OriNetModel(config("tiny", OrientationMode::Input, 2)).namedTensors();
    const std::vector<NamedTensor> otherStatistics = shifted(otherWeights, "running_var", 0.5f);
    for (const auto* tensors : {&otherWeights, &otherStatistics}) {
        model.loadNamedTensors(*tensors, "changed");
        OriNetModel fresh(config("tiny", OrientationMode::Input, 3));
        fresh.loadNamedTensors(*tensors, "changed");
        const cv::Mat described = model.describe(Branch::Satellite, in);
        QVERIFY(cv::norm(described, fresh.describe(Branch::Satellite, in), cv::NORM_INF) < 1e-6);
        QVERIFY(cv::norm(described, first, cv::NORM_INF) > 1e-4);
    }
    // The statistics alone changed the descriptors (a fold kept from the weights' load would not).
    OriNetModel weightsOnly(config("tiny", OrientationMode::Input, 3));
    weightsOnly.loadNamedTensors(otherWeights, "other");
    QVERIFY(cv::norm(model.describe(Branch::Satellite, in),
                     weightsOnly.describe(Branch::Satellite, in), cv::NORM_INF) > 1e-4);
}

void TestOriNetModel::originalBatchStatisticsOption() {
    ModelConfig c = config("tiny", OrientationMode::Input);
    OriNetModel model(c);
    model.setBatchStatisticsInEval(true);
    const auto& p = c.preset;
    const TensorBuffer in = testing::randomTensor(4, 5, p.satelliteSize, p.satelliteSize, 3);
    const cv::Mat all = model.describe(Branch::Satellite, in);
    const cv::Mat two = model.describe(Branch::Satellite, firstRows(in, 2));
    QVERIFY(cv::checkRange(all));
    // Batch statistics make a row depend on its batch, as in the original.
    QVERIFY(cv::norm(all.row(0), two.row(0), cv::NORM_INF) > 1e-4);
    // ... and leave the running statistics untouched.
    for (const NamedTensor& t : model.namedTensors())
        if (t.name == "satellite.bn3.running_mean") {
            const float* v = reinterpret_cast<const float*>(t.bytes.data());
            QCOMPARE(v[0], 0.0f);
        }
}

void TestOriNetModel::namedTensorsFollowPyTorchNames() {
    const OriNetModel model(config("tiny", OrientationMode::Input));
    std::map<std::string, NamedTensor> byName;
    for (const NamedTensor& t : model.namedTensors())
        byName[t.name] = t;
    // 7 convs (weight, bias) + 6 BNs (weight, bias, running_mean, running_var, count) per branch.
    QCOMPARE(byName.size(), size_t{2 * (7 * 2 + 6 * 5)});
    QVERIFY(byName.count("ground.conv1.weight"));
    QCOMPARE(byName["ground.conv1.weight"].shape, (std::vector<int64_t>{64, 5, 4, 4}));
    QCOMPARE(byName["satellite.conv7.bias"].shape, (std::vector<int64_t>{512}));
    QCOMPARE(byName["ground.bn2.running_mean"].shape, (std::vector<int64_t>{128}));
    QVERIFY(byName["ground.bn2.num_batches_tracked"].dtype == TensorDType::Int64);
    QVERIFY(!byName.count("ground.bn1.weight"));
}

void TestOriNetModel::namedTensorsRoundTrip() {
    OriNetModel a(config("tiny", OrientationMode::None, 1));
    OriNetModel b(config("tiny", OrientationMode::None, 2));
    const auto& p = a.config().preset;
    const TensorBuffer in = testing::randomTensor(2, 3, p.groundRows, p.groundCols, 5);
    const cv::Mat da = a.describe(Branch::Ground, in);
    QVERIFY(cv::norm(da, b.describe(Branch::Ground, in), cv::NORM_INF) > 1e-4);
    b.loadNamedTensors(a.namedTensors(), "a");
    QCOMPARE(cv::norm(da, b.describe(Branch::Ground, in), cv::NORM_INF), 0.0);
}

void TestOriNetModel::loadRejectsMismatches() {
    OriNetModel five(config("tiny", OrientationMode::Input));
    OriNetModel three(config("tiny", OrientationMode::None));
    try {
        five.loadNamedTensors(three.namedTensors(), "three.safetensors");
        QFAIL("loading 3-channel weights into a 5-channel model must fail");
    } catch (const Error& e) {
        QVERIFY2(QString(e.what()).contains("three.safetensors") &&
                     QString(e.what()).contains("ground.conv1.weight"),
                 e.what());
    }
    auto tensors = five.namedTensors();
    tensors.pop_back();
    QVERIFY_THROWS_EXCEPTION(Error, five.loadNamedTensors(tensors, "x"));
    tensors = five.namedTensors();
    tensors[0].dtype = TensorDType::Float64;
    tensors[0].bytes.resize(tensors[0].bytes.size() * 2);
    QVERIFY_THROWS_EXCEPTION(Error, five.loadNamedTensors(tensors, "x"));
    tensors = five.namedTensors();
    tensors.push_back(tensors[0]);
    tensors.back().name = "ground.conv8.weight";
    QVERIFY_THROWS_EXCEPTION(Error, five.loadNamedTensors(tensors, "x"));
}

void TestOriNetModel::rejectsWrongInputShape() {
    OriNetModel model(config("tiny", OrientationMode::Input));
    QVERIFY_THROWS_EXCEPTION(
        Error, model.describe(Branch::Ground, testing::randomTensor(1, 3, 56, 308, 1)));
    QVERIFY_THROWS_EXCEPTION(
        Error, model.describe(Branch::Satellite, testing::randomTensor(1, 5, 56, 308, 1)));
    TensorBuffer truncated = testing::randomTensor(1, 5, 128, 128, 1);
    truncated.data.pop_back();
    QVERIFY_THROWS_EXCEPTION(Error, model.describe(Branch::Satellite, truncated));
}

void TestOriNetModel::initialisationFollowsSpec() {
    const OriNetModel model(config("paper", OrientationMode::Input, 11));
    for (const NamedTensor& t : model.namedTensors()) {
        if (t.dtype != TensorDType::Float32)
            continue;
        const cv::Mat v(1, static_cast<int>(t.elementCount()), CV_32F,
                        const_cast<uint8_t*>(t.bytes.data()));
        cv::Scalar mean, stddev;
        cv::meanStdDev(v, mean, stddev);
        const QByteArray what = QByteArray::fromStdString(t.name);
        if (t.name.find(".conv") != std::string::npos &&
            t.name.find("weight") != std::string::npos) {
            QVERIFY2(std::abs(mean[0]) < 0.005 && std::abs(stddev[0] - 0.02) < 0.002, what);
        } else if (t.name.find(".bn") != std::string::npos &&
                   t.name.find(".weight") != std::string::npos) {
            QVERIFY2(std::abs(mean[0] - 1.0) < 0.01 && std::abs(stddev[0] - 0.02) < 0.01, what);
        } else if (t.name.find("running_var") != std::string::npos) {
            QCOMPARE(mean[0], 1.0);
        } else {
            QCOMPARE(mean[0], 0.0); // biases, BN beta, running means
        }
    }
}

QTEST_APPLESS_MAIN(TestOriNetModel)
#include "tst_orinetmodel.moc"
