// The studio's responsiveness while a paper-size training step runs (issue: "worst event-loop
// stall ≤ 100 ms"). A synthetic world is opened in the main window, the Training workspace
// trains at the paper preset (224x1232 panoramas, 512x512 tiles, batch 12) in its background
// job, and for a minute a script works the window as a user would: a workspace switch every
// 2 s; on the dataset browser a row down every 100 ms (images decoded, map selection linked);
// on the map a wheel zoom every 150 ms; on the evaluation workspace a recall plot update every
// 150 ms; the training workspace replots its live curves itself. A 10 ms probe timer records
// the GUI thread's lateness: median, 99th percentile and worst are printed, with the training
// steps completed meanwhile (proof the training really competed for the cores).
// The five worst stalls are printed with the scripted action just before them, and a second
// pass without training tells the GUI's own cost from the competition for the cores.
// Deliveries of single events slower than 15 ms are listed by receiver and event type.
// Run: bench_guiresponsiveness [seconds=60] [world dir] [--no-training (the second pass only)]

#include "benchsupport.h"
#include "guiprobe.h"

#include "gui/dataset/datasetworkspace.h"
#include "gui/evaluation/evaluationworkspace.h"
#include "gui/map/mapworkspace.h"
#include "gui/shell/mainwindow.h"
#include "gui/training/trainingworkspace.h"
#include "recallplot.h"

#include "common/feedback.h"
#include "common/runtimeinfo.h"
#include "synth/syntheticworld.h"

#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QElapsedTimer>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QWheelEvent>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <numeric>
#include <random>
#include <thread>

using namespace orinet;
using namespace orinet::bench;

namespace {

int stepsLogged(const QString& run) {
    std::ifstream log((run + "/log.jsonl").toStdString());
    int steps = 0;
    for (std::string line; std::getline(log, line);)
        steps += line.find("\"type\":\"step\"") != std::string::npos;
    return steps;
}

} // namespace

int main(int argc, char** argv) {
    if (qEnvironmentVariableIsEmpty("DISPLAY") && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    ProfiledApplication app(argc, argv);
    QStringList args = app.arguments().mid(1);
    const bool train = !args.removeAll("--no-training");
    const double seconds = args.size() > 0 ? args[0].toDouble() : 60.0;
    QTemporaryDir dir;
    QString world = args.size() > 1 ? args[1] : QString();
    if (world.isEmpty()) {
        SynthOptions options;
        options.outDir = dir.filePath("world").toStdString();
        options.pairs = 120;
        Feedback feedback;
        SyntheticWorld::generate(options, feedback);
        world = dir.filePath("world");
    }
    runtime::configureThreads(0);
    std::printf("bench_guiresponsiveness: %.0f s, %u hardware threads, %d compute threads, "
                "platform %s\n",
                seconds, std::thread::hardware_concurrency(), runtime::threads(),
                qPrintable(QApplication::platformName()));

    MainWindow::Options options;
    options.demo = false;
    options.dataDirectory = dir.filePath("data");
    MainWindow window(options);
    window.show();
    QSignalSpy opened(window.datasetWorkspace(), &DatasetWorkspace::datasetOpened);
    window.openDataset(world + "/cvact");
    if (!opened.wait(60000)) {
        std::fprintf(stderr, "could not open %s\n", qPrintable(world));
        return 1;
    }

    TrainingWorkspace* training = window.trainingWorkspace();
    auto* preset = training->findChild<QComboBox*>("preset");
    preset->setCurrentIndex(preset->findData("paper"));
    training->findChild<QSpinBox*>("batch")->setValue(12);
    training->findChild<QSpinBox*>("epochs")->setValue(100);
    const QString run = dir.filePath("runs/paper");
    training->findChild<QLineEdit*>("run")->setText(run);
    if (train)
        training->start();

    // Let the first step start (model creation, first batches) before measuring.
    QElapsedTimer warmup;
    warmup.start();
    while (warmup.elapsed() < (train ? 8000 : 1000))
        QApplication::processEvents(QEventLoop::WaitForMoreEvents, 50);

    QTabWidget* tabs = window.workspaces();
    const QStringList cycle = {"dataset", "map", "training", "evaluation"};
    int cycleIndex = 0;
    std::mt19937 random(1);
    QTableView* table = window.datasetWorkspace()->table();
    RecallPlot* plot = window.evaluationWorkspace()->findChild<RecallPlot*>();
    QWidget* canvas = window.mapWorkspace();
    for (QWidget* child : window.mapWorkspace()->findChildren<QWidget*>())
        if (QString(child->metaObject()->className()) == "orinet::MapCanvas")
            canvas = child;

    EventLoopProbe probe;
    std::vector<std::pair<double, QString>> events; // what the script did, on the probe's clock
    QTimer switcher, action;
    QObject::connect(&switcher, &QTimer::timeout, [&] {
        const QString next = cycle[cycleIndex++ % cycle.size()];
        events.emplace_back(probe.now(), "switch to " + next);
        window.showWorkspace(next);
    });
    int zoomDirection = 1, actions = 0;
    QObject::connect(&action, &QTimer::timeout, [&] {
        const QString current = tabs->currentWidget()->objectName();
        ++actions;
        if (current == "dataset") {
            events.emplace_back(probe.now(), "dataset: next row");
            const int row = (table->currentIndex().row() + 1) % table->model()->rowCount();
            table->selectRow(row);
        } else if (current == "map") {
            events.emplace_back(probe.now(), "map: wheel zoom");
            QWidget* target = canvas;
            const QPointF centre(target->width() / 2.0, target->height() / 2.0);
            QWheelEvent wheel(centre, target->mapToGlobal(centre), QPoint(),
                              QPoint(0, 120 * zoomDirection), Qt::NoButton, Qt::NoModifier,
                              Qt::NoScrollPhase, false);
            QApplication::sendEvent(target, &wheel);
            if (actions % 8 == 0)
                zoomDirection = -zoomDirection;
        } else if (current == "evaluation" && plot) {
            events.emplace_back(probe.now(), "evaluation: plot update");
            RecallPlot::Curve curve;
            curve.name = QStringLiteral("run %1").arg(actions);
            for (int k = 1; k <= 100; ++k)
                curve.recall << 1.0 - std::exp(-k / (5.0 + random() % 20));
            plot->setCurves({curve});
            plot->replot();
        } else {
            events.emplace_back(probe.now(), "training: (live curves only)");
        }
    });

    auto measure = [&](const char* label) {
        events.clear();
        actions = 0;
        switcher.start(2000);
        action.start(120);
        const int stepsBefore = stepsLogged(run);
        probe.start();
        app.startRecording(15);
        QElapsedTimer clock;
        clock.start();
        while (clock.elapsed() < seconds * 1000)
            QApplication::processEvents(QEventLoop::WaitForMoreEvents, 50);
        probe.stop();
        app.stopRecording();
        switcher.stop();
        action.stop();
        std::printf("%s: GUI thread lateness over %.0f s (%zu ticks of 10 ms, %d scripted "
                    "actions): median %.1f ms, p99 %.1f ms, worst %.1f ms; %d paper-size "
                    "training steps (batch 12) finished meanwhile\n",
                    label, seconds, probe.lateness().size(), actions, probe.medianMs(),
                    probe.percentileMs(0.99), probe.worstMs(), stepsLogged(run) - stepsBefore);
        // The worst stalls and what the script had just done.
        std::vector<size_t> order(probe.lateness().size());
        std::iota(order.begin(), order.end(), 0);
        std::sort(order.begin(), order.end(),
                  [&](size_t a, size_t b) { return probe.lateness()[a] > probe.lateness()[b]; });
        for (size_t i = 0; i < std::min<size_t>(5, order.size()); ++i) {
            const double end = probe.times()[order[i]];
            QString before = "nothing";
            for (const auto& [at, what] : events)
                if (at <= end)
                    before =
                        QStringLiteral("%1 (%2 ms earlier)").arg(what).arg(end - at, 0, 'f', 0);
            std::printf("  stall %.0f ms at %.1f s, after %s\n", probe.lateness()[order[i]],
                        end / 1000, qPrintable(before));
        }
        app.printSlow();
    };

    if (train)
        measure("with training");
    training->stop();
    // Wait for the job to stop (it finishes its step and writes a checkpoint).
    QElapsedTimer stopping;
    stopping.start();
    while (stopping.elapsed() < 300000 && !training->findChild<QPushButton*>("start")->isEnabled())
        QApplication::processEvents(QEventLoop::WaitForMoreEvents, 100);
    measure("without training");
    return 0;
}
