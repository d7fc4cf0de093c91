#include "evaluationfixture.h"
#include "gui/dataset/datasetworkspace.h"
#include "gui/evaluation/comparisonview.h"
#include "gui/evaluation/evaluationworkspace.h"
#include "gui/evaluation/failureinspector.h"
#include "gui/evaluation/querygalleryview.h"
#include "gui/jobs/backgroundjob.h"
#include "gui/jobs/jobstatuswidget.h"
#include "gui/orientation/orientationworkspace.h"
#include "gui/shell/aboutdialog.h"
#include "gui/shell/computewarningbutton.h"
#include "gui/shell/mainwindow.h"
#include "gui/training/trainingworkspace.h"

#include "common/feedback.h"
#include "common/runtimeinfo.h"
#include "imageview.h"
#include "synth/vigorworld.h"

#include <QAction>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QProcess>

#include <QSignalSpy>
#include <QStatusBar>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTimer>
#include <QtTest>
#include <chrono>
#include <memory>
#include <thread>

using namespace orinet;

namespace {

//! A CSV-layout dataset of one val pair in `root`.
bool writeOnePairDataset(const QString& root) {
    QDir().mkpath(root + "/pano");
    QDir().mkpath(root + "/sat");
    QImage pano(64, 16, QImage::Format_RGB32);
    pano.fill(Qt::darkGreen);
    QImage tile(16, 16, QImage::Format_RGB32);
    tile.fill(Qt::darkGray);
    QFile csv(root + "/pairs.csv");
    if (!pano.save(root + "/pano/a.png") || !tile.save(root + "/sat/a.png") ||
        !csv.open(QIODevice::WriteOnly))
        return false;
    csv.write("id,panorama,satellite,easting,northing,zone,lat,lon,split\n"
              "a,pano/a.png,sat/a.png,690000,6090000,55S,,,val\n");
    return true;
}

} // namespace

class TestMainWindow : public QObject {
    Q_OBJECT
private slots:
    void opensWithWorkspacesAndMenus();
    void vigorRootOpensInEvaluation();
    void aboutDialogNamesLibraryVersions();
    void aboutActionOpensDialog();
    void openingANonDatasetReportsWhy();
    void workspacesHaveStableNames();
    void chosenWorkspaceSurvivesOpeningADataset();
    void unknownWorkspaceIsReported();
    void helpAndVersionNeedNoDisplay();
    void viewsOpenInTheirWorkspace();
    void impossibleViewIsReported_data();
    void impossibleViewIsReported();
    void screenshotStartThatCannotFinishEnds_data();
    void screenshotStartThatCannotFinishEnds();
    void screenshotOfAViewThatFailsEnds();
    void screenshotNeverReplacesAFileOfTheUsers();
    void computeWarningStaysReadableBesideAJob();
};

namespace {

//! The environment a started orinet-studio gets: offscreen, and in English whatever the
//! machine's locale, since these tests read its messages.
QProcessEnvironment studioEnvironment() {
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert("QT_QPA_PLATFORM", "offscreen");
    environment.insert("LC_ALL", "C.UTF-8");
    environment.remove("LANGUAGE");
    return environment;
}

} // namespace

void TestMainWindow::opensWithWorkspacesAndMenus() {
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(window.workspaces()->count() >= 1);
    QStringList menus;
    for (QAction* a : window.menuBar()->actions())
        menus << a->text();
    QVERIFY2(menus.contains("&File") && menus.contains("&Help"), qPrintable(menus.join(",")));

    // The orientation workspace draws real maps, not an empty area.
    auto* orientation = window.findChild<OrientationWorkspace*>();
    QVERIFY(orientation);
    const auto views = orientation->findChildren<ImageView*>();
    QVERIFY(views.size() >= 2);
    for (ImageView* view : views) {
        QVERIFY(!view->image().isNull());
        const QImage shot = view->grab().toImage();
        const QRect r = view->imageRect().toRect();
        QVERIFY(r.width() > 10);
        // Hue varies across a panorama's width: sample left and centre of the drawn image.
        const QColor a = shot.pixelColor(r.left() + r.width() / 4, r.center().y());
        const QColor b = shot.pixelColor(r.left() + 3 * r.width() / 4, r.center().y());
        QVERIFY2(a != b, "orientation image is uniform");
    }
}

void TestMainWindow::aboutDialogNamesLibraryVersions() {
    AboutDialog dialog;
    auto* label = dialog.findChild<QLabel*>("versions");
    QVERIFY(label);
    for (const char* lib : {"Qt ", "LibTorch ", "OpenCV ", "GDAL ", "GEMM kernel "})
        QVERIFY2(label->text().contains(lib), qPrintable(label->text()));
    QVERIFY(label->text().contains(qVersion()));
}

void TestMainWindow::aboutActionOpensDialog() {
    MainWindow window;
    window.show();
    QAction* about = nullptr;
    for (QAction* a : window.findChildren<QAction*>())
        if (a->text() == "&About OriNet Studio")
            about = a;
    QVERIFY(about);
    bool seen = false;
    QTimer::singleShot(50, [&seen] {
        if (auto* d = qobject_cast<AboutDialog*>(QApplication::activeModalWidget())) {
            seen = true;
            d->reject();
        }
    });
    about->trigger();
    QVERIFY(seen);
}

void TestMainWindow::openingANonDatasetReportsWhy() {
    QTemporaryDir empty;
    MainWindow window;
    QSignalSpy failed(window.datasetWorkspace(), &DatasetWorkspace::failed);
    window.openDataset(empty.path());
    QVERIFY(failed.wait(10000));
    const QString message = failed.first().first().toString();
    // It names the folder and what a dataset folder would contain.
    QVERIFY2(message.contains(empty.path()) && message.contains("ACT_data.mat"),
             qPrintable(message));
    QVERIFY(!window.datasetWorkspace()->dataset());
}

void TestMainWindow::workspacesHaveStableNames() {
    MainWindow window;
    QTabWidget* tabs = window.workspaces();
    const QStringList names = MainWindow::workspaceNames();
    QCOMPARE(tabs->count(), names.size());
    // Titles are translated; the names must not depend on them.
    for (int i = 0; i < tabs->count(); ++i)
        tabs->setTabText(i, QStringLiteral("&Arbeitsbereich %1").arg(i));
    for (const QString& name : names) {
        QVERIFY2(window.showWorkspace(name.toUpper()), qPrintable(name));
        QCOMPARE(tabs->currentWidget()->objectName(), name);
    }
    QVERIFY(window.showWorkspace("training"));
    QVERIFY(!window.showWorkspace("Arbeitsbereich 0"));
    QVERIFY(!window.showWorkspace("nonsense"));
    QCOMPARE(tabs->currentWidget()->objectName(), QString("training")); // unchanged
}

void TestMainWindow::chosenWorkspaceSurvivesOpeningADataset() {
    QTemporaryDir dir;
    const QString root = dir.filePath("world");
    QVERIFY(writeOnePairDataset(root));

    MainWindow::Options options;
    options.demo = false;
    options.workspace = "evaluation";
    options.dataDirectory = dir.filePath("data");
    MainWindow window(options);
    QCOMPARE(window.workspaces()->currentWidget()->objectName(), QString("evaluation"));
    QSignalSpy opened(window.datasetWorkspace(), &DatasetWorkspace::datasetOpened);
    window.openDataset(root); // as `--open` does
    QVERIFY(opened.wait(10000));
    QCOMPARE(window.workspaces()->currentWidget()->objectName(), QString("evaluation"));
}

void TestMainWindow::unknownWorkspaceIsReported() {
    QProcess studio;
    const QProcessEnvironment environment = studioEnvironment();
    studio.setProcessEnvironment(environment);
    studio.start(QStringLiteral(ORINET_STUDIO), {"--no-demo", "--tab", "Auswertung"});
    QVERIFY(studio.waitForFinished(30000));
    QCOMPARE(studio.exitCode(), 2);
    const QString err = QString::fromLocal8Bit(studio.readAllStandardError());
    QVERIFY2(err.contains("Auswertung") && err.contains("evaluation") && err.contains("dataset"),
             qPrintable(err));
}

void TestMainWindow::helpAndVersionNeedNoDisplay() {
    // A terminal without a display (ssh, a container): Qt's default platform would abort.
    QProcessEnvironment environment = studioEnvironment();
    for (const char* name : {"QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY"})
        environment.remove(name);
    auto run = [&environment](const QStringList& arguments) {
        auto studio = std::make_unique<QProcess>();
        studio->setProcessEnvironment(environment);
        studio->start(QStringLiteral(ORINET_STUDIO), arguments);
        return studio;
    };
    const auto help = run({"--help"});
    QVERIFY(help->waitForFinished(30000));
    QCOMPARE(help->exitStatus(), QProcess::NormalExit);
    QCOMPARE(help->exitCode(), 0);
    const QString usage = QString::fromLocal8Bit(help->readAllStandardOutput());
    QVERIFY2(usage.contains("--screenshot") && usage.contains("--data-dir"), qPrintable(usage));

    const auto version = run({"--version"});
    QVERIFY(version->waitForFinished(30000));
    QCOMPARE(version->exitCode(), 0);
    QVERIFY(QString::fromLocal8Bit(version->readAllStandardOutput()).contains(ORINET_VERSION));

    // Anything else says why it cannot start instead of dumping core.
    const auto start = run({"--no-demo"});
    QVERIFY(start->waitForFinished(30000));
    QCOMPARE(start->exitStatus(), QProcess::NormalExit);
    QCOMPARE(start->exitCode(), 1);
    const QString err = QString::fromLocal8Bit(start->readAllStandardError());
    QVERIFY2(err.contains("no display") && err.contains("xvfb-run"), qPrintable(err));
}

void TestMainWindow::viewsOpenInTheirWorkspace() {
    MainWindow window;
    QCOMPARE(MainWindow::viewNames(), (QStringList{"compare", "heatmap", "explain",
                                                   "compare-explain", "vigor", "vigor-compare"}));
    // Without an evaluation there is nothing to explain: the view says so.
    QSignalSpy failed(&window, &MainWindow::viewFailed);
    QVERIFY(window.showView("explain"));
    QCOMPARE(
        window.evaluationWorkspace()->findChild<QTabWidget*>("evaluationViews")->currentWidget(),
        window.evaluationWorkspace()->inspector());
    QCOMPARE(failed.count(), 1);
    QCOMPARE(failed.first().first().toString(), QString("explain"));
    QVERIFY(window.showView("Compare"));
    QCOMPARE(window.workspaces()->currentWidget()->objectName(), QString("evaluation"));
    auto* views = window.evaluationWorkspace()->findChild<QTabWidget*>("evaluationViews");
    QVERIFY(views);
    QCOMPARE(views->currentWidget(), window.evaluationWorkspace()->comparison());
    QVERIFY(window.showView("vigor"));
    QCOMPARE(window.workspaces()->currentWidget()->objectName(), QString("evaluation"));
    QCOMPARE(views->currentWidget(), window.evaluationWorkspace()->queryGallery());
    QVERIFY(window.showView("heatmap"));
    QVERIFY(window.showView("vigor-compare"));
    QCOMPARE(views->currentWidget(), window.evaluationWorkspace()->queryGallery());
    QVERIFY(window.showView("heatmap"));
    QCOMPARE(window.workspaces()->currentWidget()->objectName(), QString("map"));
    QVERIFY(!window.showView("nonsense"));
    QCOMPARE(window.workspaces()->currentWidget()->objectName(), QString("map")); // unchanged
}

void TestMainWindow::impossibleViewIsReported_data() {
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("reason");
    QTest::newRow("unknown") << QStringList{"--run", "r", "--view", "failures"}
                             << "choose one of: compare, heatmap, explain, compare-explain, vigor, "
                                "vigor-compare";
    QTest::newRow("without a run") << QStringList{"--view", "heatmap"} << "needs --run";
    QTest::newRow("without a dataset")
        << QStringList{"--no-demo", "--run", "r", "--view", "heatmap"} << "--open";
    QTest::newRow("compare alone")
        << QStringList{"--run", "r", "--view", "compare"} << "add --compare";
    QTest::newRow("compare-explain alone")
        << QStringList{"--run", "r", "--view", "compare-explain"} << "add --compare";
    QTest::newRow("vigor-compare alone")
        << QStringList{"--no-demo", "--run", "r", "--view", "vigor-compare"} << "add --compare";
}

void TestMainWindow::impossibleViewIsReported() {
    QFETCH(QStringList, arguments);
    QFETCH(QString, reason);
    QTemporaryDir dir;
    QProcess studio;
    const QProcessEnvironment environment = studioEnvironment();
    studio.setProcessEnvironment(environment);
    studio.start(QStringLiteral(ORINET_STUDIO), QStringList{"--data-dir", dir.path()} + arguments);
    QVERIFY(studio.waitForFinished(30000));
    QCOMPARE(studio.exitCode(), 2);
    const QString err = QString::fromLocal8Bit(studio.readAllStandardError());
    QVERIFY2(err.contains(reason), qPrintable(err));
}

void TestMainWindow::screenshotStartThatCannotFinishEnds_data() {
    QTest::addColumn<bool>("withDataset");
    QTest::newRow("folder without a dataset") << false;
    QTest::newRow("run folder without a checkpoint") << true;
}

// A scripted start (`--screenshot`) whose dataset cannot be opened, or whose `--run` cannot be
// evaluated, used to wait forever: it must end, say why and still write the picture.
void TestMainWindow::screenshotStartThatCannotFinishEnds() {
    QFETCH(bool, withDataset);
    QTemporaryDir dir;
    const QString dataset = dir.filePath("dataset");
    const QString run = dir.filePath("run");
    QVERIFY(QDir().mkpath(dataset) && QDir().mkpath(run));
    if (withDataset)
        QVERIFY(writeOnePairDataset(dataset));
    const QString picture = dir.filePath("shot.png");
    QStringList arguments{"--data-dir", dir.filePath("data"), "--open",
                          dataset,      "--screenshot",       picture};
    if (withDataset)
        arguments << "--run" << run;

    QProcess studio;
    const QProcessEnvironment environment = studioEnvironment();
    studio.setProcessEnvironment(environment);
    studio.start(QStringLiteral(ORINET_STUDIO), arguments);
    QVERIFY(studio.waitForFinished(60000));
    QCOMPARE(studio.exitCode(), 1);
    const QString err = QString::fromLocal8Bit(studio.readAllStandardError());
    QVERIFY2(err.contains(withDataset ? run : dataset), qPrintable(err));
    QVERIFY(!QImage(picture).isNull());
}

// `--view heatmap` of a run evaluated from its descriptors on a dataset without a base raster:
// the heat map cannot be made, and the scripted start says so at once (not after its time-out).
void TestMainWindow::screenshotOfAViewThatFailsEnds() {
    QTemporaryDir dir;
    const QString dataset = dir.filePath("world"), run = dir.filePath("run");
    testing::writeEvalDataset(dataset);
    testing::writeDescriptorRun(run, {});
    const QString picture = dir.filePath("shot.png");
    QProcess studio;
    const QProcessEnvironment environment = studioEnvironment();
    studio.setProcessEnvironment(environment);
    studio.start(QStringLiteral(ORINET_STUDIO),
                 {"--data-dir", dir.filePath("data"), "--open", dataset, "--run", run, "--view",
                  "heatmap", "--screenshot", picture});
    QVERIFY(studio.waitForFinished(60000));
    const QString err = QString::fromLocal8Bit(studio.readAllStandardError());
    QCOMPARE(studio.exitCode(), 1);
    QVERIFY2(err.contains("base raster"), qPrintable(err));
    QVERIFY(!QImage(picture).isNull());
}

void TestMainWindow::screenshotNeverReplacesAFileOfTheUsers() {
    // --screenshot is an output option like orinet's: a file of another kind at the path (or
    // a folder) is refused before the start-up work, and left as it was.
    QTemporaryDir dir;
    const QString mine = dir.filePath("mine.png");
    {
        QFile f(mine);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("my notes, not a picture");
    }
    QProcess studio;
    const QProcessEnvironment environment = studioEnvironment();
    studio.setProcessEnvironment(environment);
    studio.start(QStringLiteral(ORINET_STUDIO),
                 {"--data-dir", dir.path(), "--no-demo", "--screenshot", mine});
    QVERIFY(studio.waitForFinished(30000));
    QCOMPARE(studio.exitCode(), 2);
    const QString err = QString::fromLocal8Bit(studio.readAllStandardError());
    QVERIFY2(err.contains("mine.png") && err.contains("nothing was changed"), qPrintable(err));
    QFile kept(mine);
    QVERIFY(kept.open(QIODevice::ReadOnly));
    QCOMPARE(kept.readAll(), QByteArray("my notes, not a picture"));
}

void TestMainWindow::computeWarningStaysReadableBesideAJob() {
    // The start-up warning about slow computing was a status message: cut by the permanent
    // widgets, and covered by the next job's text and hover readouts. It is a permanent
    // button now, whole beside a running job, its text a hover or a click away.
    QTemporaryDir dir;
    MainWindow::Options options;
    options.demo = false;
    options.dataDirectory = dir.path();
    MainWindow window(options);
    window.resize(1280, 800);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    auto* button = window.findChild<ComputeWarningButton*>("computeWarning");
    QVERIFY(button);
    // This machine's own warnings (OPENBLAS_CORETYPE, the BLAS installed), or none, once the
    // kernels are measured (off the GUI thread; the kernel's label says when).
    const QString own = QString::fromStdString(runtime::computeWarnings());
    auto measured = [&window] {
        for (QLabel* label : window.statusBar()->findChildren<QLabel*>())
            if (label->text().startsWith("GEMM kernel: ") && !label->text().contains("measuring"))
                return true;
        return false;
    };
    QTRY_VERIFY(measured());
    QCOMPARE(button->warning(), own);
    QCOMPARE(button->isVisible(), !own.isEmpty());

    // Both warnings at once, as on a machine with the reference BLAS and an old OpenBLAS core.
    const QString warning = QStringLiteral(
        "The BLAS in use (/usr/lib/x86_64-linux-gnu/blas/libblas.so.3, reference) is not an "
        "optimized one: matrix products, and with them training and retrieval, run many times "
        "slower. Install OpenBLAS: sudo apt-get install libopenblas0-pthread\n"
        "OpenBLAS, which LibTorch and faiss call, runs its Prescott kernels (SSE3) on this "
        "AVX-512 CPU because OPENBLAS_CORETYPE asks for them.");
    button->setWarning(warning);
    QVERIFY(button->isVisible());
    // A job with a long message runs meanwhile, and a hover readout fills the message area.
    BackgroundJob job(QStringLiteral("Training"), [](Feedback& feedback) {
        while (!feedback.isCanceled()) {
            feedback.report(0.3, "epoch 3/10 · step 1,450/4,000 · loss 0.6931 · r@1 16.67 % · "
                                 "r@1% 25.00 % · about 85 s left");
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
    });
    auto* jobStatus = window.findChild<JobStatusWidget*>();
    QVERIFY(jobStatus);
    jobStatus->track(&job);
    job.start();
    window.statusBar()->showMessage(
        QStringLiteral("panorama (383, 40): yaw 90.0° (E), pitch 12.5°, 42.5 m from the centre"));
    QTRY_VERIFY(jobStatus->isVisible());
    QTest::qWait(100); // a few progress polls
    QVERIFY(button->isVisible());
    // Whole (as wide as its text needs) and beside the job's status, not under it.
    QVERIFY2(
        button->width() >= button->sizeHint().width(),
        qPrintable(QStringLiteral("%1 < %2").arg(button->width()).arg(button->sizeHint().width())));
    QVERIFY(!button->geometry().intersects(jobStatus->geometry()));
    QVERIFY(window.statusBar()->rect().contains(button->geometry()));
    // For people to look at: the status bar with the warning, the job and a readout.
    const QString pictures = QStringLiteral(ORINET_BINARY_DIR "/test-output");
    QDir().mkpath(pictures);
    QVERIFY(window.statusBar()->grab().save(pictures + "/status-warning-with-job.png"));
    // The whole warning, every paragraph, in its tooltip and in the window a click opens.
    for (const QString& paragraph : warning.split('\n'))
        QVERIFY2(button->toolTip().contains(paragraph.toHtmlEscaped()),
                 qPrintable(button->toolTip()));
    QTest::mouseClick(button, Qt::LeftButton);
    auto* details = window.findChild<QMessageBox*>("computeWarningDetails");
    QVERIFY(details);
    QCOMPARE(details->text(), warning);
    QVERIFY(details->isVisible());
    details->close();
    job.cancel();
    QTRY_VERIFY(!job.isRunning());
}

// A VIGOR-layout root has no pairs to browse: opening it leads to Evaluation > VIGOR, ready to
// evaluate a run on it, and to the Training workspace, ready to train one; the dataset
// workspace is left as it was.
void TestMainWindow::vigorRootOpensInEvaluation() {
    QTemporaryDir dir;
    VigorWorldOptions options;
    options.outDir = dir.filePath("vigor").toStdString();
    options.panoramasPerCity = 4;
    options.cityMetres = 200;
    Feedback feedback;
    VigorWorld::generate(options, feedback);
    MainWindow window;
    QSignalSpy failed(window.datasetWorkspace(), &DatasetWorkspace::failed);
    QVERIFY(!window.openDataset(QString::fromStdString(options.outDir)));
    QCOMPARE(window.workspaces()->currentWidget()->objectName(), QString("evaluation"));
    QCOMPARE(
        window.evaluationWorkspace()->findChild<QTabWidget*>("evaluationViews")->currentWidget(),
        window.evaluationWorkspace()->queryGallery());
    QCOMPARE(
        window.evaluationWorkspace()->queryGallery()->findChild<QLineEdit*>("vigorRoot")->text(),
        QString::fromStdString(options.outDir));
    QVERIFY(window.statusBar()->currentMessage().contains("VIGOR"));
    // The Training workspace trains on it; opened from there, that workspace stays in front.
    QCOMPARE(window.trainingWorkspace()->vigorRoot(), QString::fromStdString(options.outDir));
    window.workspaces()->setCurrentWidget(window.trainingWorkspace());
    QVERIFY(!window.openDataset(QString::fromStdString(options.outDir)));
    QCOMPARE(window.workspaces()->currentWidget()->objectName(), QString("training"));
    QTest::qWait(100);
    QCOMPARE(failed.count(), 0);
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
