// Training on a VIGOR root from the studio (docs/vigor.md, *Training*): the Training workspace
// takes a VIGOR root as its dataset, trains through the core path `orinet train` uses
// (TrainingData::forVigor), so its run folder is the CLI's for the same settings (config.json,
// the per-epoch validation records) and the CLI resumes it; what it cannot train on is refused
// with the file named.

#include "gui/jobs/backgroundjob.h"
#include "gui/training/trainingworkspace.h"
#include "trainingcurves.h"

#include "common/feedback.h"
#include "synth/vigorworld.h"

#include "clirunner.h"

#include <QComboBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardItemModel>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <fstream>
#include <vector>

using namespace orinet;

namespace {

QJsonObject readJson(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(file.readAll()).object();
}

//! The "epoch" records of a run's log.jsonl, in order.
std::vector<QJsonObject> epochRecords(const QString& run) {
    std::vector<QJsonObject> epochs;
    std::ifstream in((run + "/log.jsonl").toStdString());
    for (std::string line; std::getline(in, line);) {
        const QJsonObject o = QJsonDocument::fromJson(QByteArray::fromStdString(line)).object();
        if (o.value("type").toString() == "epoch")
            epochs.push_back(o);
    }
    return epochs;
}

QString status(const TrainingWorkspace& panel) {
    return panel.findChild<QLabel*>("status")->text();
}

} // namespace

class TestVigorTrainingWorkspace : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void trainsAsTheCliDoes();
    void validatesEveryNthEpochAsTheCliDoes();
    void refusesWhatItCannotTrainOn();

private:
    //! The form of `panel` set as `orinet train --preset tiny --epochs 1 --batch 8 --lr 1e-3
    //! --seed 3 --protocol same-area --val-holdout 0.5` says.
    static void fillForm(TrainingWorkspace& panel, const QString& run);

    QTemporaryDir mDir;
    QString mWorld;
};

void TestVigorTrainingWorkspace::initTestCase() {
    QVERIFY(mDir.isValid());
    // 8 panoramas a city, 4 of each in the same-area train split: half held out is 8 queries
    // against the train split's gallery, the other 8 one batch of training pairs.
    VigorWorldOptions options;
    options.outDir = mDir.filePath("world").toStdString();
    options.panoramasPerCity = 8;
    Feedback feedback;
    VigorWorld::generate(options, feedback);
    mWorld = QString::fromStdString(options.outDir);
}

void TestVigorTrainingWorkspace::fillForm(TrainingWorkspace& panel, const QString& run) {
    auto* preset = panel.findChild<QComboBox*>("preset");
    preset->setCurrentIndex(preset->findData("tiny"));
    panel.findChild<QSpinBox*>("epochs")->setValue(1);
    panel.findChild<QSpinBox*>("batch")->setValue(8);
    panel.findChild<QDoubleSpinBox*>("learningRate")->setValue(1e-3);
    panel.findChild<QSpinBox*>("seed")->setValue(3);
    auto* protocol = panel.findChild<QComboBox*>("protocol");
    protocol->setCurrentIndex(protocol->findData("same-area"));
    panel.findChild<QDoubleSpinBox*>("validationHoldout")->setValue(50);
    panel.findChild<QLineEdit*>("run")->setText(run);
}

void TestVigorTrainingWorkspace::trainsAsTheCliDoes() {
    QElapsedTimer timer;
    timer.start();
    TrainingWorkspace panel(mDir.filePath("runs"));
    auto* protocol = panel.findChild<QComboBox*>("protocol");
    auto* holdout = panel.findChild<QDoubleSpinBox*>("validationHoldout");
    QVERIFY(protocol && holdout);
    // A VIGOR root chosen as the dataset: the form gets its protocol and holdout, at the CLI's
    // defaults.
    QVERIFY(panel.chooseDataset(mWorld));
    QCOMPARE(panel.vigorRoot(), mWorld);
    QVERIFY2(panel.findChild<QLabel*>("dataset")->text().contains("VIGOR"),
             qPrintable(panel.findChild<QLabel*>("dataset")->text()));
    QVERIFY(!protocol->isHidden() && !holdout->isHidden());
    QCOMPARE(protocol->currentData().toString(), QString("same-area"));
    QCOMPARE(holdout->value(), 5.0);

    const QString studioRun = mDir.filePath("runs/studio");
    fillForm(panel, studioRun);
    QSignalSpy ready(&panel, &TrainingWorkspace::runReady);
    QSignalSpy started(&panel, &TrainingWorkspace::jobStarted);
    panel.start();
    QCOMPARE(started.count(), 1);
    QVERIFY2(ready.wait(120000), qPrintable(status(panel)));
    QVERIFY2(status(panel).contains("Finished"), qPrintable(status(panel)));
    const qint64 studioMs = timer.elapsed();

    // The CLI with the same settings (its threads and workers as the studio's defaults).
    const QString cliRun = mDir.filePath("runs/cli");
    const QStringList cliArgs = {"train",      "--dataset", mWorld,          "--run",  cliRun,
                                 "--preset",   "tiny",      "--epochs",      "1",      "--batch",
                                 "8",          "--lr",      "1e-3",          "--seed", "3",
                                 "--protocol", "same-area", "--val-holdout", "0.5"};
    orinet::testing::CliResult r = orinet::testing::runCli(cliArgs, 120000);
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));

    // The same run folder: configuration equal, layout/protocol/holdout recorded.
    const QJsonObject studioConfig = readJson(studioRun + "/config.json");
    const QJsonObject cliConfig = readJson(cliRun + "/config.json");
    QVERIFY(!studioConfig.isEmpty());
    QCOMPARE(studioConfig, cliConfig);
    QCOMPARE(studioConfig.value("layout").toString(), QString("vigor"));
    QCOMPARE(studioConfig.value("protocol").toString(), QString("same-area"));
    QCOMPARE(studioConfig.value("validation_holdout").toDouble(), 0.5);
    QCOMPARE(studioConfig.value("dataset").toString(), mWorld);
    QVERIFY(QFile::exists(studioRun + "/checkpoints/best.ckpt"));

    // Every epoch validated as the CLI's: held-out panoramas against the whole gallery, best
    // by r@1, the same figures.
    const std::vector<QJsonObject> studioEpochs = epochRecords(studioRun);
    const std::vector<QJsonObject> cliEpochs = epochRecords(cliRun);
    QCOMPARE(studioEpochs.size(), size_t{1});
    QCOMPARE(cliEpochs.size(), studioEpochs.size());
    for (size_t i = 0; i < studioEpochs.size(); ++i) {
        const QJsonObject& s = studioEpochs[i];
        const QJsonObject& c = cliEpochs[i];
        QCOMPARE(s.value("val_count").toInt(), 8);
        QCOMPARE(s.value("val_gallery").toInt(), c.value("val_gallery").toInt());
        QVERIFY(s.value("val_gallery").toInt() > 8);
        QCOMPARE(s.value("val_selects_by").toString(), QString("r1"));
        QCOMPARE(s.value("val_mode").toString(), c.value("val_mode").toString());
        for (const char* key : {"val_r1", "val_r5", "val_r10", "val_r1p", "val_hit"}) {
            QVERIFY2(s.contains(key), key);
            QCOMPARE(s.value(key).toDouble(), c.value(key).toDouble());
        }
        QCOMPARE(s.value("step").toInt(), c.value("step").toInt());
        QVERIFY2(std::abs(s.value("loss").toDouble() - c.value("loss").toDouble()) < 1e-4,
                 qPrintable(QString("epoch %1 loss %2 vs %3")
                                .arg(i + 1)
                                .arg(s.value("loss").toDouble())
                                .arg(c.value("loss").toDouble())));
    }

    // The studio shows those figures, labelled as what they are.
    const QString log = panel.findChild<QPlainTextEdit*>("log")->toPlainText();
    QVERIFY2(log.contains("held-out vs gallery r@1") && log.contains("hit rate"), qPrintable(log));
    const TrainingHistory live = panel.curves()->histories().front(); // replaced below
    QCOMPARE(live.epochs.size(), size_t{1});
    for (size_t i = 0; i < live.epochs.size(); ++i) {
        QCOMPARE(live.epochs[i].recallAt1, studioEpochs[i].value("val_r1").toDouble());
        QCOMPARE(live.epochs[i].hitRate, studioEpochs[i].value("val_hit").toDouble());
        QCOMPARE(live.epochs[i].recallAtOnePercent, studioEpochs[i].value("val_r1p").toDouble());
    }
    // Shown again from its folder (as after a restart): the same figures from the log.
    panel.setRunDirectory(studioRun);
    QVERIFY(!panel.curves()->histories().empty());
    const TrainingHistory& shown = panel.curves()->histories().front();
    QCOMPARE(shown.epochs.size(), size_t{1});
    QCOMPARE(shown.epochs[0].hitRate, live.epochs[0].hitRate);
    QCOMPARE(shown.epochs[0].recallAt10, studioEpochs[0].value("val_r10").toDouble());

    // `orinet train --resume` takes the studio's run: its checkpoint, protocol and holdout
    // (all its epochs are done, so nothing is trained: an epoch more costs as much as the
    // run, and tst_vigortraining resumes CLI runs).
    r = orinet::testing::runCli({"train", "--dataset", mWorld, "--run", studioRun, "--resume"},
                                120000);
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY2(r.err.contains("resuming run") && r.err.contains("8 panoramas held out"),
             qPrintable(r.err));
    QCOMPARE(epochRecords(studioRun).size(), size_t{1});
    // So does the studio's Resume, from the run's VIGOR root.
    panel.resume();
    QVERIFY2(status(panel).contains("done all its 1 epochs"), qPrintable(status(panel)));
    // Shown where no VIGOR root is chosen (File > Recent Runs): its protocol and holdout too.
    TrainingWorkspace other(mDir.filePath("runs"));
    other.setRunDirectory(studioRun);
    auto* shownProtocol = other.findChild<QComboBox*>("protocol");
    QVERIFY(!shownProtocol->isHidden());
    QCOMPARE(shownProtocol->currentData().toString(), QString("same-area"));
    QCOMPARE(other.findChild<QDoubleSpinBox*>("validationHoldout")->value(), 50.0);
    qInfo("studio run %.1f s, all %.1f s", studioMs / 1000.0, timer.elapsed() / 1000.0);
}

void TestVigorTrainingWorkspace::validatesEveryNthEpochAsTheCliDoes() {
    // Validate every 2 epochs, BatchNorm running, 2 recalibration batches, over 3 epochs: the
    // studio's config.json is `orinet train --val-every 2 --val-bn running
    // --recalibration-batches 2`'s, validated at epochs 2 and 3 (the last) only; the curves
    // and their CSV carry every figure of those epochs as log.jsonl records them.
    // A smaller town than the other tests' (about 16 tiles a city): the validation describes
    // the whole gallery, and this run validates twice.
    VigorWorldOptions options;
    options.outDir = mDir.filePath("small").toStdString();
    options.panoramasPerCity = 8;
    options.cityMetres = 200;
    Feedback feedback;
    VigorWorld::generate(options, feedback);
    const QString world = QString::fromStdString(options.outDir);
    QElapsedTimer timer;
    timer.start();
    TrainingWorkspace panel(mDir.filePath("runs"));
    QVERIFY(panel.chooseDataset(world));
    const QString studioRun = mDir.filePath("runs/every2-studio");
    fillForm(panel, studioRun);
    panel.findChild<QSpinBox*>("epochs")->setValue(3);
    auto* every = panel.findChild<QSpinBox*>("validateEvery");
    auto* bn = panel.findChild<QComboBox*>("validationBatchNorm");
    auto* recalibration = panel.findChild<QSpinBox*>("recalibrationBatches");
    QVERIFY(every && bn && recalibration);
    // At the CLI's defaults; a VIGOR run is not offered mode adapted (the core refuses it).
    QCOMPARE(every->value(), 1);
    QCOMPARE(every->text(), QString("epoch"));
    QCOMPARE(bn->currentData().toString(), QString("original"));
    QCOMPARE(recalibration->value(), 50);
    auto* modes = qobject_cast<QStandardItemModel*>(bn->model());
    QVERIFY(modes && !modes->item(bn->findData("adapted"))->isEnabled());
    every->setValue(2);
    QCOMPARE(every->text(), QString("2 epochs"));
    bn->setCurrentIndex(bn->findData("running"));
    recalibration->setValue(2);
    QSignalSpy ready(&panel, &TrainingWorkspace::runReady);
    panel.start();
    QVERIFY2(ready.wait(120000), qPrintable(status(panel)));
    const qint64 studioMs = timer.elapsed();

    const QString cliRun = mDir.filePath("runs/every2-cli");
    orinet::testing::CliResult r = orinet::testing::runCli(
        {"train", "--dataset",   world, "--run",      cliRun,      "--preset",
         "tiny",  "--epochs",    "3",   "--batch",    "8",         "--lr",
         "1e-3",  "--seed",      "3",   "--protocol", "same-area", "--val-holdout",
         "0.5",   "--val-every", "2",   "--val-bn",   "running",   "--recalibration-batches",
         "2"},
        120000);
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    const QJsonObject studioConfig = readJson(studioRun + "/config.json");
    QVERIFY(!studioConfig.isEmpty());
    QCOMPARE(studioConfig, readJson(cliRun + "/config.json"));
    QCOMPARE(studioConfig.value("validate_every_epochs").toInt(), 2);
    QCOMPARE(studioConfig.value("validation_normalization").toString(), QString("running"));
    QCOMPARE(studioConfig.value("recalibration_batches").toInt(), 2);

    // Validated at epochs 2 and 3 only, as the CLI's run.
    const std::vector<QJsonObject> epochs = epochRecords(studioRun);
    const std::vector<QJsonObject> cliEpochs = epochRecords(cliRun);
    QCOMPARE(epochs.size(), size_t{3});
    QCOMPARE(cliEpochs.size(), size_t{3});
    for (size_t i = 0; i < epochs.size(); ++i) {
        QCOMPARE(epochs[i].contains("val_r1"), i > 0);
        QCOMPARE(cliEpochs[i].contains("val_r1"), i > 0);
    }
    QCOMPARE(epochs[1].value("val_mode").toString(), QString("running"));

    // The curves: r@5, r@10 and the hit rate of the validated epochs, as logged.
    const TrainingHistory& live = panel.curves()->histories().front();
    QCOMPARE(live.epochs.size(), size_t{3});
    QVERIFY(std::isnan(live.epochs[0].recallAt5) && std::isnan(live.epochs[0].hitRate));
    for (size_t i = 1; i < 3; ++i) {
        QCOMPARE(live.epochs[i].recallAt5, epochs[i].value("val_r5").toDouble());
        QCOMPARE(live.epochs[i].recallAt10, epochs[i].value("val_r10").toDouble());
        QCOMPARE(live.epochs[i].hitRate, epochs[i].value("val_hit").toDouble());
    }
    // Shown again from its folder: the form has its saved validation settings, the curves a
    // graph per figure with the two validated epochs' points.
    TrainingWorkspace shown(mDir.filePath("runs"));
    shown.setRunDirectory(studioRun);
    QCOMPARE(shown.findChild<QSpinBox*>("validateEvery")->value(), 2);
    QCOMPARE(shown.findChild<QComboBox*>("validationBatchNorm")->currentData().toString(),
             QString("running"));
    QCOMPARE(shown.findChild<QSpinBox*>("recalibrationBatches")->value(), 2);
    TrainingCurves* curves = shown.curves();
    for (const auto& [graphName, key] :
         {std::pair{"every2-studio r@5", "val_r5"}, std::pair{"every2-studio r@10", "val_r10"},
          std::pair{"every2-studio hit rate", "val_hit"}}) {
        QCPGraph* graph = nullptr;
        for (int i = 0; i < curves->graphCount(); ++i)
            if (curves->graph(i)->name() == graphName)
                graph = curves->graph(i);
        QVERIFY2(graph, graphName);
        QCOMPARE(graph->data()->size(), 2);
        for (int k = 0; k < 2; ++k)
            QVERIFY(std::abs(graph->data()->at(k)->value -
                             100 * epochs[size_t(k + 1)].value(key).toDouble()) < 1e-9);
    }
    // Its CSV: a column per figure, the log's values (6 significant digits), none at epoch 1.
    QString error;
    const QString csvPath = mDir.filePath("every2.csv");
    QVERIFY2(shown.exportCsv(csvPath, &error), qPrintable(error));
    QFile csv(csvPath);
    QVERIFY(csv.open(QIODevice::ReadOnly | QIODevice::Text));
    const QStringList lines = QString::fromUtf8(csv.readAll()).split('\n', Qt::SkipEmptyParts);
    const QStringList header = lines.front().split(',');
    QCOMPARE(header, QString("run,kind,step,epoch,wall_time_s,loss,loss_smoothed,r@1,r@1%,r@5,"
                             "r@10,hit_rate")
                         .split(','));
    const std::pair<const char*, const char*> columns[] = {{"r@1", "val_r1"},
                                                           {"r@5", "val_r5"},
                                                           {"r@10", "val_r10"},
                                                           {"r@1%", "val_r1p"},
                                                           {"hit_rate", "val_hit"}};
    int epochRows = 0;
    for (const QString& line : lines) {
        const QStringList f = line.split(',');
        if (f.value(1) != "epoch")
            continue;
        const int epoch = f.value(3).toInt();
        QVERIFY(epoch >= 1 && epoch <= 3);
        ++epochRows;
        for (const auto& [column, key] : columns) {
            const QString value = f.value(int(header.indexOf(column)));
            if (epoch == 1) {
                QVERIFY2(value.isEmpty(), qPrintable(line));
                continue;
            }
            const double logged = epochs[size_t(epoch - 1)].value(key).toDouble();
            QVERIFY2(!value.isEmpty() && std::abs(value.toDouble() - logged) <= 1e-6,
                     qPrintable(QString("%1 of epoch %2: %3, logged %4")
                                    .arg(column)
                                    .arg(epoch)
                                    .arg(value)
                                    .arg(logged)));
        }
    }
    QCOMPARE(epochRows, 3);

    // Resume with another cadence in the form: the run's is kept, and the log says so (all
    // its epochs are done, so nothing is trained: an epoch more costs as much as the run).
    shown.findChild<QSpinBox*>("validateEvery")->setValue(3);
    shown.resume();
    const QString log = shown.findChild<QPlainTextEdit*>("log")->toPlainText();
    QVERIFY2(log.contains("keeps the run's validation cadence every 2 epochs (the form had "
                          "every 3 epochs)"),
             qPrintable(log));
    QVERIFY2(status(shown).contains("done all its 3 epochs"), qPrintable(status(shown)));
    QCOMPARE(shown.findChild<QSpinBox*>("validateEvery")->value(), 2);
    qInfo("studio run %.1f s, all %.1f s", studioMs / 1000.0, timer.elapsed() / 1000.0);
}

void TestVigorTrainingWorkspace::refusesWhatItCannotTrainOn() {
    TrainingWorkspace panel(mDir.filePath("runs"));
    QSignalSpy opened(&panel, &TrainingWorkspace::datasetChosen);

    // Neither a one-to-one dataset nor a VIGOR root: named, nothing changes.
    const QString empty = mDir.filePath("nothing");
    QVERIFY(QDir().mkpath(empty));
    QVERIFY(!panel.chooseDataset(empty));
    QVERIFY2(status(panel).contains(empty) && status(panel).contains("neither"),
             qPrintable(status(panel)));
    QVERIFY(panel.vigorRoot().isEmpty());
    QCOMPARE(opened.count(), 0);

    // A one-to-one dataset is handed on to be opened (and its pairs checked) as any other.
    const QString pairs = mDir.filePath("pairs");
    QVERIFY(QDir().mkpath(pairs));
    QFile csv(pairs + "/pairs.csv");
    QVERIFY(csv.open(QIODevice::WriteOnly));
    csv.write("id,panorama,satellite,split\n");
    csv.close();
    QVERIFY(panel.chooseDataset(pairs));
    QCOMPARE(opened.count(), 1);
    QCOMPARE(opened.at(0).at(0).toString(), pairs);

    // A VIGOR root without the cross-area label file of a train city: named as soon as the
    // protocol is chosen, and Start makes no run folder.
    VigorWorldOptions options;
    options.outDir = mDir.filePath("partial").toStdString();
    options.panoramasPerCity = 4;
    Feedback feedback;
    VigorWorld::generate(options, feedback);
    const QString root = QString::fromStdString(options.outDir);
    const QString missing = root + "/splits/Seattle/pano_label_balanced.txt";
    QVERIFY(QFile::remove(missing));
    QVERIFY(panel.chooseDataset(root));
    auto* protocol = panel.findChild<QComboBox*>("protocol");
    protocol->setCurrentIndex(protocol->findData("cross-area"));
    QVERIFY2(status(panel).contains(missing) && status(panel).contains("missing"),
             qPrintable(status(panel)));
    // Still said once the new run folder is shown (a timer after the field changed).
    QTest::qWait(400);
    QVERIFY2(status(panel).contains(missing), qPrintable(status(panel)));
    const QString run = mDir.filePath("runs/refused");
    panel.findChild<QLineEdit*>("run")->setText(run);
    QSignalSpy started(&panel, &TrainingWorkspace::jobStarted);
    panel.start();
    QCOMPARE(started.count(), 0);
    QVERIFY2(status(panel).contains(missing), qPrintable(status(panel)));
    QVERIFY(!QFile::exists(run + "/config.json"));

    // Same-area has its files: the message goes.
    protocol->setCurrentIndex(protocol->findData("same-area"));
    QVERIFY2(!status(panel).contains(missing), qPrintable(status(panel)));

    // A one-to-one dataset opened later is trained on instead: the VIGOR rows go.
    panel.setDataset(nullptr);
    QVERIFY(panel.vigorRoot().isEmpty());
    QVERIFY(protocol->isHidden());
}

QTEST_MAIN(TestVigorTrainingWorkspace)
#include "tst_vigortrainingworkspace.moc"
