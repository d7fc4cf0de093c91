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
};

QTEST_APPLESS_MAIN(TestTrainingConfig)
#include "tst_trainingconfig.moc"
