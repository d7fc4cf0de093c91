// The rotation draw and the validation's BatchNorm mode are saved with a run and read back;
// configurations written before a field existed read as what those runs used.

#include "common/error.h"
#include "run/trainingconfig.h"

#include <QtTest>

using namespace orinet;

class TestTrainingConfig : public QObject {
    Q_OBJECT

private slots:
    void rotationRoundTrip() {
        TrainingConfig c;
        QVERIFY(c.rotation == RotationDraw::Original);
        c.rotation = RotationDraw::Uniform;
        QVERIFY(TrainingConfig::fromJson(c.toJson()).rotation == RotationDraw::Uniform);
        c.rotation = RotationDraw::Original;
        const std::string json = c.toJson();
        QVERIFY(json.find("\"rotation\": \"original\"") != std::string::npos);
        QVERIFY(TrainingConfig::fromJson(json).rotation == RotationDraw::Original);
    }
    void olderConfigsReadAsUniform() {
        std::string json = TrainingConfig().toJson();
        const size_t at = json.find("\"rotation\"");
        json.erase(at, json.find('\n', at) - at + 1);
        QVERIFY(TrainingConfig::fromJson(json).rotation == RotationDraw::Uniform);
    }
    void unknownRotationNamesTheFile() {
        std::string json = TrainingConfig().toJson();
        json.replace(json.find("\"original\"", json.find("\"rotation\"")), 10, "\"sideways\"");
        try {
            TrainingConfig::fromJson(json, "run/config.json");
            QFAIL("accepted an unknown rotation");
        } catch (const Error& e) {
            QVERIFY2(QString(e.what()).contains("run/config.json") &&
                         QString(e.what()).contains("sideways"),
                     e.what());
        }
    }
    // Validation (and so the choice of best.ckpt) follows the paper's protocol by default:
    // batch statistics; configurations from before the field validated with running ones.
    void validationUsesBatchStatisticsByDefault() {
        const TrainingConfig c;
        QVERIFY(c.validationNormalization == Normalization::Original);
        std::string json = c.toJson();
        QVERIFY(json.find("\"validation_normalization\": \"original\"") != std::string::npos);
        QVERIFY(TrainingConfig::fromJson(json).validationNormalization == Normalization::Original);
        const size_t at = json.find("\"validation_normalization\"");
        json.erase(at, json.find('\n', at) - at + 1);
        QVERIFY(TrainingConfig::fromJson(json).validationNormalization == Normalization::Running);
    }
    // --val-every: saved, read back, kept on resume; older runs validated every epoch.
    void validationCadence() {
        TrainingConfig c;
        c.epochs = 7;
        QCOMPARE(c.validateEveryEpochs, 1);
        c.validateEveryEpochs = 3;
        std::string json = c.toJson();
        QVERIFY(json.find("\"validate_every_epochs\": 3") != std::string::npos);
        const TrainingConfig read = TrainingConfig::fromJson(json);
        QCOMPARE(read.validateEveryEpochs, 3);
        std::vector<int> validated;
        for (int e = 1; e <= read.epochs; ++e)
            if (read.validatesEpoch(e))
                validated.push_back(e);
        QCOMPARE(validated, (std::vector<int>{3, 6, 7})); // the cadence and the last
        const size_t at = json.find("\"validate_every_epochs\"");
        json.erase(at, json.find('\n', at) - at + 1);
        QCOMPARE(TrainingConfig::fromJson(json).validateEveryEpochs, 1);
        // A resumed run keeps its cadence and says so.
        TrainingConfig asked = c;
        asked.validateEveryEpochs = 5;
        std::vector<std::string> kept;
        QCOMPARE(TrainingConfig::resumed(c, asked, {"validate_every_epochs"}, 10, &kept)
                     .validateEveryEpochs,
                 3);
        QCOMPARE(kept.size(), size_t{1});
        c.validateEveryEpochs = 0;
        QVERIFY_THROWS_EXCEPTION(Error, c.validate());
    }
};

QTEST_APPLESS_MAIN(TestTrainingConfig)
#include "tst_trainingconfig.moc"
