#include "mainwindow.h"

#include "aboutdialog.h"
#include "backgroundjob.h"
#include "common/runtimeinfo.h"
#include "datasetpanel.h"
#include "demoworld.h"
#include "evaluationpanel.h"
#include "jobstatuswidget.h"
#include "mappanel.h"
#include "orientationpanel.h"
#include "trainingpanel.h"

#include <QAction>
#include <QApplication>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTabWidget>

namespace orinet {

MainWindow::MainWindow(QWidget* parent)
    : MainWindow(Options{QString(), /*demo=*/false, 0, QString()}, parent) {}

MainWindow::MainWindow(const Options& options, QWidget* parent)
    : QMainWindow(parent)
    , mOptions(options)
    , mTabs(new QTabWidget)
    , mDatasetPanel(new DatasetPanel)
    , mMapPanel(new MapPanel)
    , mTrainingPanel(nullptr)
    , mEvaluationPanel(new EvaluationPanel)
    , mJobStatus(new JobStatusWidget)
    , mComputeLabel(new QLabel) {
    if (mOptions.dataDirectory.isEmpty())
        mOptions.dataDirectory =
            QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation);
    setWindowTitle(tr("OriNet Studio"));
    mTabs->setDocumentMode(true);
    mTrainingPanel = new TrainingPanel(QDir(mOptions.dataDirectory).filePath("runs"));
    // Object names are the workspaces' stable names (workspaceNames()); titles are translated.
    const QStringList names = workspaceNames();
    const std::pair<QWidget*, QString> workspaces[] = {{mDatasetPanel, tr("Dataset")},
                                                       {mMapPanel, tr("Map")},
                                                       {mTrainingPanel, tr("Training")},
                                                       {mEvaluationPanel, tr("Evaluation")},
                                                       {new OrientationPanel, tr("Orientation")}};
    for (const auto& [widget, title] : workspaces) {
        widget->setObjectName(names.at(mTabs->count()));
        mTabs->addTab(widget, title);
    }
    setCentralWidget(mTabs);
    createMenus();

    connect(mDatasetPanel, &DatasetPanel::jobStarted, this, &MainWindow::trackJob);
    connect(mTrainingPanel, &TrainingPanel::jobStarted, this, &MainWindow::trackJob);
    connect(mEvaluationPanel, &EvaluationPanel::jobStarted, this, &MainWindow::trackJob);
    connect(mTrainingPanel, &TrainingPanel::runReady, mEvaluationPanel,
            &EvaluationPanel::setRunDirectory);
    connect(mEvaluationPanel, &EvaluationPanel::querySelected, mMapPanel, &MapPanel::highlight);
    connect(mDatasetPanel, &DatasetPanel::datasetOpened, this, [this](const QString& root) {
        mMapPanel->setDataset(mDatasetPanel->dataset());
        mTrainingPanel->setDataset(mDatasetPanel->dataset());
        mEvaluationPanel->setDataset(mDatasetPanel->dataset());
        // A synthetic world keeps its GeoTIFF one level above each layout folder.
        for (const QString& candidate : {root + "/world.tif", root + "/../world.tif"})
            if (QFileInfo::exists(candidate)) {
                mMapPanel->setBaseRaster(QDir::cleanPath(candidate));
                break;
            }
        QSettings().setValue("lastDataset", root);
        statusBar()->showMessage(tr("Opened %1").arg(root), 5000);
    });
    connect(mDatasetPanel, &DatasetPanel::failed, this, [this](const QString& message) {
        statusBar()->showMessage(tr("Could not open the dataset: %1").arg(message));
    });
    // Linked selection: the map follows the browser and a map click selects in the browser
    // (keeping the user in the map).
    connect(mDatasetPanel, &DatasetPanel::pairSelected, mMapPanel, &MapPanel::selectPair);
    connect(mMapPanel, &MapPanel::pairSelected, mDatasetPanel, &DatasetPanel::selectPair);
    connect(mMapPanel, &MapPanel::pairActivated, this, [this](size_t pair) {
        mDatasetPanel->selectPair(pair);
        mTabs->setCurrentWidget(mDatasetPanel);
    });

    const BlasInfo blas = runtime::blas();
    mComputeLabel->setText(tr("CPU · %1 threads · BLAS: %2")
                               .arg(runtime::threads())
                               .arg(QString::fromStdString(blas.vendor)));
    statusBar()->addWidget(mJobStatus);
    statusBar()->addPermanentWidget(mComputeLabel);
    const QString warning = QString::fromStdString(runtime::slowBlasWarning());
    if (!warning.isEmpty())
        statusBar()->showMessage(warning);
    resize(1280, 800);

    if (!mOptions.workspace.isEmpty())
        showWorkspace(mOptions.workspace);
    if (mOptions.demo)
        startDemo();
}

QStringList MainWindow::workspaceNames() {
    return {QStringLiteral("dataset"), QStringLiteral("map"), QStringLiteral("training"),
            QStringLiteral("evaluation"), QStringLiteral("orientation")};
}

MainWindow::~MainWindow() = default;

void MainWindow::createMenus() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    QAction* open = file->addAction(tr("&Open Dataset…"), this, &MainWindow::openDatasetDialog);
    open->setShortcut(QKeySequence::Open);
    file->addAction(tr("Open &Demo World"), this, [this] {
        mTabs->setCurrentWidget(mDatasetPanel);
        startDemo();
    });
    file->addSeparator();
    QAction* quit = file->addAction(tr("&Quit"), qApp, &QApplication::closeAllWindows);
    quit->setShortcut(QKeySequence::Quit);

    QMenu* view = menuBar()->addMenu(tr("&View"));
    QAction* fullScreen = view->addAction(tr("&Full Screen"));
    fullScreen->setCheckable(true);
    fullScreen->setShortcut(QKeySequence::FullScreen);
    connect(fullScreen, &QAction::toggled, this,
            [this](bool on) { on ? showFullScreen() : showNormal(); });

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About OriNet Studio"), this, &MainWindow::showAbout);
    help->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt);
}

void MainWindow::showAbout() {
    AboutDialog dialog(this);
    dialog.exec();
}

void MainWindow::openDatasetDialog() {
    const QString start = QSettings().value("lastDataset", QDir::homePath()).toString();
    const QString root = QFileDialog::getExistingDirectory(
        this, tr("Open Dataset (CVUSA, CVACT or pairs.csv folder)"), start);
    if (root.isEmpty())
        return;
    openDataset(root);
    mTabs->setCurrentWidget(mDatasetPanel);
}

void MainWindow::openDataset(const QString& root) {
    mDatasetPanel->openDataset(root);
}

void MainWindow::startDemo() {
    const DemoWorld demo(mOptions.dataDirectory);
    if (demo.isReady()) {
        openDataset(demo.datasetRoot());
        emit demoReady(demo.datasetRoot());
        return;
    }
    if (mDemoJob && mDemoJob->isRunning())
        return;
    mDemoJob = std::make_unique<BackgroundJob>(tr("Generating the demo world"),
                                               demo.generator(mOptions.demoPairs));
    connect(mDemoJob.get(), &BackgroundJob::succeeded, this, [this, demo] {
        openDataset(demo.datasetRoot());
        emit demoReady(demo.datasetRoot());
    });
    connect(mDemoJob.get(), &BackgroundJob::failed, this, [this](const QString& message) {
        QMessageBox::warning(this, tr("Demo world"),
                             tr("The demo world could not be generated:\n%1").arg(message));
    });
    statusBar()->showMessage(
        tr("First start: generating a synthetic demo world in %1 (about a minute)")
            .arg(demo.root()),
        8000);
    trackJob(mDemoJob.get());
    mDemoJob->start();
}

bool MainWindow::showWorkspace(const QString& name) {
    for (int i = 0; i < mTabs->count(); ++i)
        if (mTabs->widget(i)->objectName().compare(name, Qt::CaseInsensitive) == 0) {
            mTabs->setCurrentIndex(i);
            return true;
        }
    return false;
}

void MainWindow::trackJob(BackgroundJob* job) {
    mJobStatus->track(job);
}

} // namespace orinet
