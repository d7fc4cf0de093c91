#include "annotationlayer.h"
#include "crossviewlink.h"
#include "gui/dataset/datasetworkspace.h"
#include "gui/evaluation/evaluationworkspace.h"
#include "gui/evaluation/failureinspector.h"
#include "gui/jobs/backgroundjob.h"
#include "gui/map/mapworkspace.h"
#include "gui/shell/mainwindow.h"
#include "gui/training/trainingworkspace.h"
#include "imageview.h"
#include "markerlayer.h"
#include "modalanswer.h"

#include "dataset/dataset.h"
#include "metrics/evaluationreport.h"

#include <QApplication>
#include <QComboBox>
#include <QFileInfo>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableView>
#include <QTemporaryDir>
#include <QTimer>
#include <QtTest>

#include <memory>

using namespace orinet;

//! The researcher's path through the GUI on the bundled demo: first start generates the world
//! and opens it, a short training run, evaluation of that run, and the failure inspector
//! highlighting a query on the map. Everything runs in the real background jobs.
class TestStudioWorkflow : public QObject {
    Q_OBJECT
private slots:
    //! A window on a demo world of its own, opened.
    void init();
    void cleanup();
    void demoTrainEvaluateInspect();
    void quittingWhileTrainingAsksAndStopsCleanly();

private:
    std::unique_ptr<QTemporaryDir> mData;
    MainWindow::Options mOptions;
    std::unique_ptr<MainWindow> mWindow;
};

void TestStudioWorkflow::init() {
    mData = std::make_unique<QTemporaryDir>();
    mOptions.dataDirectory = mData->path();
    mOptions.demoPairs = 80;
    mWindow = std::make_unique<MainWindow>(mOptions);
    QSignalSpy opened(mWindow->datasetWorkspace(), &DatasetWorkspace::datasetOpened);
    mWindow->show();
    QVERIFY(opened.wait(180000));
}

void TestStudioWorkflow::cleanup() {
    mWindow.reset(); // before its data folder
    mData.reset();
}

void TestStudioWorkflow::demoTrainEvaluateInspect() {
    MainWindow& window = *mWindow;
    const QTemporaryDir& data = *mData;

    // The demo world: a CVACT-layout dataset with positions, shown in the table and on the map.
    const auto dataset = window.datasetWorkspace()->dataset();
    QVERIFY(dataset);
    QCOMPARE(dataset->pairs().size(), size_t(80));
    QVERIFY(dataset->hasPositions());
    QVERIFY(QFileInfo::exists(data.filePath("demo-world/world.tif")));
    // Positions are placed on the map in the background.
    QTRY_VERIFY_WITH_TIMEOUT(window.mapWorkspace()->positionsReady(), 10000);
    QCOMPARE(window.mapWorkspace()->pairsLayer()->count(), size_t(80));
    auto* table = window.datasetWorkspace()->findChild<QTableView*>();
    QVERIFY(table && table->model()->rowCount() == 80);

    // A second start finds the world instead of generating it again.
    {
        MainWindow again(mOptions);
        QSignalSpy reopened(again.datasetWorkspace(), &DatasetWorkspace::datasetOpened);
        QVERIFY(reopened.wait(30000));
    }

    // Train one epoch at the tiny preset.
    TrainingWorkspace* training = window.trainingWorkspace();
    auto* preset = training->findChild<QComboBox*>("preset");
    preset->setCurrentIndex(preset->findData("tiny"));
    training->findChild<QSpinBox*>("epochs")->setValue(1);
    training->findChild<QSpinBox*>("batch")->setValue(8);
    const QString run = data.filePath("runs/first");
    training->findChild<QLineEdit*>("run")->setText(run);
    QSignalSpy ready(training, &TrainingWorkspace::runReady);
    training->start();
    QVERIFY(ready.wait(300000));
    QCOMPARE(ready.first().first().toString(), run);
    QVERIFY(QFileInfo::exists(run + "/checkpoints/last.ckpt"));

    // Evaluate it on the held-out split; the run folder came over from training.
    EvaluationWorkspace* evaluation = window.evaluationWorkspace();
    QSignalSpy evaluated(evaluation, &EvaluationWorkspace::evaluated);
    QSignalSpy selected(evaluation, &EvaluationWorkspace::querySelected);
    evaluation->evaluate();
    QVERIFY(evaluated.wait(300000));
    const metrics::EvaluationReport* report = evaluation->report();
    QVERIFY(report);
    const std::string split = dataset->hasSplit("test") ? "test" : "val";
    QCOMPARE(report->queryCount, int64_t(dataset->split(split).size()));
    QCOMPARE(report->recall.back(), 1.0); // every true tile is within the top min(100, N)
    // Results and descriptors are filed under the split, checkpoint and BatchNorm mode; by
    // default the paper's protocol (batch statistics).
    const QString key = QString::fromStdString(split) + "_last-e1_original";
    QVERIFY(QFileInfo::exists(run + "/results/" + key + "/eval_g2s.json"));
    QVERIFY(QFileInfo::exists(run + "/descriptors/" + key + "/ground.npy"));
    QCOMPARE(report->provenance.normalization, std::string("original"));

    // The worst query is inspected: its pair and five retrieved pairs go to the map.
    QTRY_VERIFY_WITH_TIMEOUT(selected.count() >= 1, 30000);
    const auto retrieved = selected.last().at(1).value<std::vector<size_t>>();
    QCOMPARE(retrieved.size(), size_t(5));
    bool queryMarked = false;
    for (const AnnotationLayer::Symbol& s : window.mapWorkspace()->resultsLayer()->symbols())
        queryMarked |= s.id == static_cast<qint64>(selected.last().at(0).value<size_t>()) &&
                       s.shape == AnnotationLayer::Shape::Star;
    QVERIFY(queryMarked);

    // A demo world knows its tiles' ground extent: hovering a tile in the inspector measures
    // in metres, as the Dataset workspace does, not in pixels.
    FailureInspector* inspector = evaluation->inspector();
    QTRY_VERIFY_WITH_TIMEOUT(!inspector->trueMatchView()->image().isNull(), 30000);
    inspector->geometryLink()->hover(inspector->trueMatchView(), QPointF(5, 5));
    QTRY_VERIFY2(inspector->geometryLink()->values().contains(" m from the centre"),
                 qPrintable(inspector->geometryLink()->values()));
}

void TestStudioWorkflow::quittingWhileTrainingAsksAndStopsCleanly() {
    MainWindow& window = *mWindow;
    const QTemporaryDir& data = *mData;

    TrainingWorkspace* training = window.trainingWorkspace();
    auto* preset = training->findChild<QComboBox*>("preset");
    preset->setCurrentIndex(preset->findData("tiny"));
    training->findChild<QSpinBox*>("epochs")->setValue(1000); // far longer than the test
    training->findChild<QSpinBox*>("batch")->setValue(4);
    const QString run = data.filePath("runs/long");
    training->findChild<QLineEdit*>("run")->setText(run);
    BackgroundJob* job = nullptr;
    connect(training, &TrainingWorkspace::jobStarted, this, [&job](BackgroundJob* j) { job = j; });
    training->start();
    QVERIFY(job);
    // Some steps are done (the log has them).
    QTRY_VERIFY_WITH_TIMEOUT(QFileInfo(run + "/log.jsonl").size() > 0, 120000);

    testing::answerModal("keepTraining");
    window.close();
    QVERIFY(window.isVisible());
    QVERIFY(job->isRunning());

    QSignalSpy finished(job, &BackgroundJob::finished);
    testing::answerModal("stopAndQuit");
    window.close();
    QVERIFY(finished.count() == 1 || finished.wait(120000));
    // The window closes once the training has stopped, its checkpoint written.
    QTRY_VERIFY_WITH_TIMEOUT(!window.isVisible(), 10000);
    QVERIFY(QFileInfo::exists(run + "/checkpoints/last.ckpt"));
}

QTEST_MAIN(TestStudioWorkflow)
#include "tst_studioworkflow.moc"
