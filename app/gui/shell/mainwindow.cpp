#include "gui/shell/mainwindow.h"

#include "common/runtimeinfo.h"
#include "crossviewlink.h"
#include "dataset/vigorformat.h"
#include "gui/dataset/datasetworkspace.h"
#include "gui/dataset/makedatasetdialog.h"
#include "gui/evaluation/comparisonfiltermodel.h"
#include "gui/evaluation/comparisonview.h"
#include "gui/evaluation/evaluationworkspace.h"
#include "gui/evaluation/explanationpanel.h"
#include "gui/evaluation/failureinspector.h"
#include "gui/evaluation/querygalleryview.h"
#include "gui/jobs/backgroundjob.h"
#include "gui/jobs/jobstatuswidget.h"
#include "gui/map/heatmapview.h"
#include "gui/map/mapworkspace.h"
#include "gui/orientation/orientationworkspace.h"
#include "gui/shell/aboutdialog.h"
#include "gui/shell/computewarningbutton.h"
#include "gui/shell/demoworld.h"
#include "gui/shell/firststartpage.h"
#include "gui/shell/languagemanager.h"
#include "gui/shell/recentmenu.h"
#include "gui/shell/studiosession.h"
#include "gui/training/trainingworkspace.h"
#include "mapcanvas.h"
#include "pairviewer.h"
#include "synth/syntheticworld.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QDockWidget>
#include <QEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QSignalBlocker>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTabWidget>
#include <QTimer>
#include <QtConcurrent/QtConcurrentRun>

namespace orinet {

MainWindow::MainWindow(QWidget* parent)
    : MainWindow(Options{QString(), /*demo=*/false, 0, QString(), nullptr, /*session=*/false},
                 parent) {}

MainWindow::MainWindow(const Options& options, QWidget* parent)
    : QMainWindow(parent)
    , mOptions(options)
    , mTabs(new QTabWidget)
    , mDatasetWorkspace(new DatasetWorkspace)
    , mMapWorkspace(new MapWorkspace)
    , mTrainingWorkspace(nullptr)
    , mEvaluationWorkspace(new EvaluationWorkspace)
    , mOrientationWorkspace(new OrientationWorkspace)
    , mMapDock(new QDockWidget)
    , mSession(nullptr)
    , mJobStatus(new JobStatusWidget)
    , mComputeWarning(new ComputeWarningButton)
    , mComputeLabel(new QLabel)
    , mKernelLabel(new QLabel)
    , mLanguages(options.languages) {
    if (!mLanguages) {
        mOwnLanguages = std::make_unique<LanguageManager>();
        mLanguages = mOwnLanguages.get();
    }
    if (mOptions.dataDirectory.isEmpty())
        mOptions.dataDirectory =
            QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation);
    mTabs->setDocumentMode(true);
    mTrainingWorkspace = new TrainingWorkspace(QDir(mOptions.dataDirectory).filePath("runs"));
    // Object names are the workspaces' stable names (workspaceNames()); the titles are set,
    // translated, in retranslate().
    const QStringList names = workspaceNames();
    for (QWidget* workspace :
         std::initializer_list<QWidget*>{mDatasetWorkspace, mMapWorkspace, mTrainingWorkspace,
                                         mEvaluationWorkspace, mOrientationWorkspace}) {
        workspace->setObjectName(names.at(mTabs->count()));
        mTabs->addTab(workspace, QString());
    }
    setCentralWidget(mTabs);
    mMapDock->setObjectName("mapDock"); // saveState() finds it by name
    mMapDock->setAllowedAreas(Qt::LeftDockWidgetArea | Qt::RightDockWidgetArea |
                              Qt::BottomDockWidgetArea);
    mMapDock->installEventFilter(this);
    addDockWidget(Qt::RightDockWidgetArea, mMapDock);
    mMapDock->hide();
    mSession = new StudioSession(
        mOptions.session ? StudioSession::fileIn(mOptions.dataDirectory) : QString(), this);
    createMenus();

    connect(mDatasetWorkspace, &DatasetWorkspace::jobStarted, this, &MainWindow::trackJob);
    connect(mTrainingWorkspace, &TrainingWorkspace::jobStarted, this, &MainWindow::trackJob);
    // A one-to-one dataset chosen in the Training workspace opens as any other (its pairs
    // checked in the Dataset workspace), then becomes the one trained on.
    connect(mTrainingWorkspace, &TrainingWorkspace::datasetChosen, this,
            [this](const QString& root) { openDataset(root); });
    connect(mTrainingWorkspace, &TrainingWorkspace::jobStarted, this,
            [this](BackgroundJob* job) { mTrainingJob = job; });
    connect(mEvaluationWorkspace, &EvaluationWorkspace::jobStarted, this, &MainWindow::trackJob);
    connect(mDatasetWorkspace, &DatasetWorkspace::problemsChanged, mTrainingWorkspace,
            &TrainingWorkspace::setDatasetProblems);
    connect(mTrainingWorkspace, &TrainingWorkspace::runReady, mEvaluationWorkspace,
            &EvaluationWorkspace::setRunDirectory);
    connect(mTrainingWorkspace, &TrainingWorkspace::runReady, mMapWorkspace,
            &MapWorkspace::setRunDirectory);
    connect(mMapWorkspace, &MapWorkspace::jobStarted, this, &MainWindow::trackJob);
    connect(mEvaluationWorkspace, &EvaluationWorkspace::querySelected, mMapWorkspace,
            &MapWorkspace::highlight);
    connect(mEvaluationWorkspace, &EvaluationWorkspace::comparedQuerySelected, mMapWorkspace,
            &MapWorkspace::highlightCompared);
    connect(mEvaluationWorkspace->inspector(), &FailureInspector::geoRecallDistancesChanged,
            mMapWorkspace, &MapWorkspace::setGeoRecallDistances);
    connect(mEvaluationWorkspace->comparison(), &ComparisonView::queryShown, this,
            [this] { emit viewReady(QStringLiteral("compare")); });
    connect(mMapWorkspace->heatMapView(), &HeatMapView::heatMapShown, this,
            [this] { emit viewReady(QStringLiteral("heatmap")); });
    connect(mEvaluationWorkspace->queryGallery(), &QueryGalleryView::queryShown, this, [this] {
        emit viewReady(QStringLiteral("vigor"));
        if (!mEvaluationWorkspace->queryGallery()->comparedFile().isEmpty())
            emit viewReady(QStringLiteral("vigor-compare"));
    });
    connect(mEvaluationWorkspace->queryGallery(), &QueryGalleryView::comparisonFailed, this,
            [this](const QString& message) {
                emit viewFailed(QStringLiteral("vigor-compare"), message);
            });
    connect(mEvaluationWorkspace->queryGallery(), &QueryGalleryView::loadFailed, this,
            [this](const QString& message) {
                emit viewFailed(QStringLiteral("vigor"), message);
                emit viewFailed(QStringLiteral("vigor-compare"), message);
            });
    for (const auto& [panel, name] :
         {std::pair{mEvaluationWorkspace->inspector()->explanation(), QStringLiteral("explain")},
          std::pair{mEvaluationWorkspace->comparison()->explanation(),
                    QStringLiteral("compare-explain")}}) {
        connect(panel, &ExplanationPanel::explained, this, [this, name] { emit viewReady(name); });
        connect(panel, &ExplanationPanel::failed, this,
                [this, name](const QString& message) { emit viewFailed(name, message); });
    }
    connect(
        mMapWorkspace->heatMapView(), &HeatMapView::failed, this,
        [this](const QString& message) { emit viewFailed(QStringLiteral("heatmap"), message); });
    connect(mDatasetWorkspace, &DatasetWorkspace::datasetOpened, this, [this](const QString& root) {
        mMapWorkspace->setDataset(mDatasetWorkspace->dataset());
        mTrainingWorkspace->setDataset(mDatasetWorkspace->dataset());
        mEvaluationWorkspace->setDataset(mDatasetWorkspace->dataset());
        // A synthetic world's orthophoto is the base map of its datasets.
        const std::string world =
            SyntheticWorld::imageBeside(QFile::encodeName(root).toStdString());
        if (!world.empty())
            mMapWorkspace->setBaseRaster(QFile::decodeName(world.c_str()));
        QSettings().setValue("lastDataset", root);
        statusBar()->showMessage(tr("Opened %1").arg(root), 5000);
    });
    connect(mDatasetWorkspace, &DatasetWorkspace::failed, this, [this](const QString& message) {
        statusBar()->showMessage(tr("Could not open the dataset: %1").arg(message));
    });
    // Linked selection: the map follows the browser and a map click selects in the browser
    // (keeping the user in the map).
    connect(mDatasetWorkspace, &DatasetWorkspace::pairSelected, mMapWorkspace,
            &MapWorkspace::selectPair);
    connect(mMapWorkspace, &MapWorkspace::pairSelected, mDatasetWorkspace,
            &DatasetWorkspace::selectPair);
    // ... and in the failure inspector when the pair is one of its queries.
    connect(mMapWorkspace, &MapWorkspace::pairSelected, this,
            [this](size_t pair) { mEvaluationWorkspace->inspector()->selectQueryPair(pair); });
    connect(mMapWorkspace, &MapWorkspace::pairActivated, this, [this](size_t pair) {
        mDatasetWorkspace->selectPair(pair);
        mTabs->setCurrentWidget(mDatasetWorkspace);
    });
    // Linked geometry: a bearing hovered in the pair viewer or the inspector is drawn on the
    // map from the pair's position; the values under the cursor go to the status bar.
    auto showValues = [this](const QString& text) {
        if (text.isEmpty())
            statusBar()->clearMessage();
        else
            statusBar()->showMessage(text);
    };
    connect(mDatasetWorkspace->pairViewer(), &PairViewer::bearingChanged, mMapWorkspace,
            &MapWorkspace::showSelectionRay);
    connect(mDatasetWorkspace->pairViewer(), &PairViewer::valuesChanged, this, showValues);
    connect(mEvaluationWorkspace->inspector()->geometryLink(), &CrossViewLink::bearingChanged,
            mMapWorkspace, &MapWorkspace::showQueryRay);
    connect(mEvaluationWorkspace->inspector()->geometryLink(), &CrossViewLink::valuesChanged, this,
            showValues);

    // Permanent, so a status message never draws over or hides the running job, nor the
    // start-up warning.
    statusBar()->addPermanentWidget(mComputeWarning);
    statusBar()->addPermanentWidget(mJobStatus);
    statusBar()->addPermanentWidget(mComputeLabel);
    statusBar()->addPermanentWidget(mKernelLabel);
    showComputeKernel();
    resize(1280, 800);
    retranslate();
    restoreLayout();
    connect(mSession, &StudioSession::message, this,
            [this](const QString& text) { statusBar()->showMessage(text, 20000); });
    mSession->follow(mDatasetWorkspace, mTrainingWorkspace, mEvaluationWorkspace);

    if (!mOptions.workspace.isEmpty())
        showWorkspace(mOptions.workspace);
    if (mOptions.demo)
        startDemo();
}

QStringList MainWindow::workspaceNames() {
    return {QStringLiteral("dataset"), QStringLiteral("map"), QStringLiteral("training"),
            QStringLiteral("evaluation"), QStringLiteral("orientation")};
}

MainWindow::~MainWindow() {
    mSession->flush(); // while the workspaces it saves exist
}

void MainWindow::showComputeKernel() {
    // Choosing the kernel times each candidate (a fraction of a second): off the GUI thread.
    auto* watcher = new QFutureWatcher<void>(this);
    connect(watcher, &QFutureWatcher<void>::finished, this, [this, watcher] {
        watcher->deleteLater();
        mKernelMeasured = true;
        updateComputeLabel();
        const QString warning = QString::fromStdString(runtime::computeWarnings());
        if (!warning.isEmpty())
            mKernelLabel->setStyleSheet("color: #b00020");
        mComputeWarning->setWarning(warning);
    });
    watcher->setFuture(QtConcurrent::run([] { runtime::gemmKernel(); }));
}

void MainWindow::updateComputeLabel() {
    mComputeLabel->setText(tr("CPU · %n thread(s) · BLAS: %1", "", runtime::threads())
                               .arg(QString::fromStdString(runtime::blas().vendor)));
    if (!mKernelMeasured) {
        mKernelLabel->setText(tr("GEMM kernel: measuring…"));
        return;
    }
    const SgemmReport& report = runtime::gemmKernel();
    const SgemmCandidate& kernel = report.chosenKernel();
    mKernelLabel->setText(tr("GEMM kernel: %1 (%2)")
                              .arg(QString::fromStdString(kernel.name))
                              .arg(QString::fromStdString(toString(kernel.isa))));
    mKernelLabel->setToolTip(QString::fromStdString(report.summary()));
}

void MainWindow::createMenus() {
    mMenus.file = menuBar()->addMenu(QString());
    mMenus.open = mMenus.file->addAction(QString(), this, &MainWindow::openDatasetDialog);
    mMenus.open->setShortcut(QKeySequence::Open);
    mMenus.demo = mMenus.file->addAction(QString(), this, [this] {
        mTabs->setCurrentWidget(mDatasetWorkspace);
        startDemo();
    });
    mMenus.makeDataset = mMenus.file->addAction(QString(), this, &MainWindow::makeDatasetDialog);
    mMenus.recentDatasets = new RecentMenu(RecentMenu::Kind::Datasets, mSession, this);
    mMenus.file->addMenu(mMenus.recentDatasets);
    connect(mMenus.recentDatasets, &RecentMenu::chosen, this, [this](const QString& root) {
        openDataset(root);
        mTabs->setCurrentWidget(mDatasetWorkspace);
    });
    mMenus.recentRuns = new RecentMenu(RecentMenu::Kind::Runs, mSession, this);
    mMenus.file->addMenu(mMenus.recentRuns);
    connect(mMenus.recentRuns, &RecentMenu::chosen, this, &MainWindow::openRun);
    mMenus.file->addSeparator();
    mMenus.quit = mMenus.file->addAction(QString(), qApp, &QApplication::closeAllWindows);
    mMenus.quit->setShortcut(QKeySequence::Quit);

    mMenus.view = menuBar()->addMenu(QString());
    mMenus.fullScreen = mMenus.view->addAction(QString());
    mMenus.fullScreen->setCheckable(true);
    mMenus.fullScreen->setShortcut(QKeySequence::FullScreen);
    connect(mMenus.fullScreen, &QAction::toggled, this,
            [this](bool on) { on ? showFullScreen() : showNormal(); });
    mMenus.mapBeside = mMenus.view->addAction(QString());
    mMenus.mapBeside->setCheckable(true);
    mMenus.mapBeside->setObjectName("mapBeside");
    mMenus.mapBeside->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_M));
    connect(mMenus.mapBeside, &QAction::toggled, this, &MainWindow::setMapBeside);
    mMenus.view->addSeparator();
    createLanguageMenu();

    mMenus.help = menuBar()->addMenu(QString());
    mMenus.about = mMenus.help->addAction(QString(), this, &MainWindow::showAbout);
    mMenus.aboutQt = mMenus.help->addAction(QString(), qApp, &QApplication::aboutQt);
}

void MainWindow::createLanguageMenu() {
    mMenus.language = mMenus.view->addMenu(QString());
    mLanguageGroup = new QActionGroup(this);
    auto add = [this](const QString& code, const QString& text) {
        QAction* action = mMenus.language->addAction(text);
        action->setCheckable(true);
        action->setData(code);
        action->setChecked(code == mLanguages->language());
        mLanguageGroup->addAction(action);
        return action;
    };
    mMenus.systemLanguage = add(QString(), QString());
    mMenus.language->addSeparator();
    // Each language in its own words, so a user lost in a foreign UI still finds theirs.
    for (const QString& code : mLanguages->availableLanguages())
        add(code, LanguageManager::nativeName(code));
    connect(mLanguageGroup, &QActionGroup::triggered, this, [this](QAction* action) {
        const QString code = action->data().toString();
        if (!mLanguages->setLanguage(code))
            return;
        LanguageManager::saveLanguage(code);
    });
    connect(mLanguages, &LanguageManager::languageChanged, this, [this](const QString& code) {
        for (QAction* action : mLanguageGroup->actions())
            action->setChecked(action->data().toString() == code);
    });
}

void MainWindow::retranslate() {
    setWindowTitle(tr("OriNet Studio"));
    mTabs->setTabText(mTabs->indexOf(mDatasetWorkspace), tr("Dataset"));
    mTabs->setTabText(mTabs->indexOf(mMapWorkspace), tr("Map"));
    mTabs->setTabText(mTabs->indexOf(mTrainingWorkspace), tr("Training"));
    mTabs->setTabText(mTabs->indexOf(mEvaluationWorkspace), tr("Evaluation"));
    mTabs->setTabText(mTabs->indexOf(mOrientationWorkspace), tr("Orientation"));

    mMenus.file->setTitle(tr("&File"));
    mMenus.open->setText(tr("&Open Dataset…"));
    mMenus.demo->setText(tr("Open &Demo World"));
    mMenus.makeDataset->setText(tr("&Make Dataset from Orthophoto…"));
    mMenus.quit->setText(tr("&Quit"));
    mMenus.view->setTitle(tr("&View"));
    mMenus.fullScreen->setText(tr("&Full Screen"));
    mMenus.mapBeside->setText(tr("&Map Beside the Images"));
    mMapDock->setWindowTitle(tr("Map"));
    mMenus.language->setTitle(tr("&Language"));
    mMenus.systemLanguage->setText(tr("&System Default"));
    mMenus.help->setTitle(tr("&Help"));
    mMenus.about->setText(tr("&About OriNet Studio"));
    mMenus.aboutQt->setText(tr("About &Qt"));

    updateComputeLabel();
}

void MainWindow::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QMainWindow::changeEvent(event);
}

void MainWindow::showAbout() {
    AboutDialog dialog(this);
    dialog.exec();
}

void MainWindow::openDatasetDialog() {
    const QString start = QSettings().value("lastDataset", QDir::homePath()).toString();
    const QString root = QFileDialog::getExistingDirectory(
        this, tr("Open Dataset (CVUSA, CVACT, pairs.csv or VIGOR folder)"), start);
    if (root.isEmpty())
        return;
    if (openDataset(root))
        mTabs->setCurrentWidget(mDatasetWorkspace);
}

void MainWindow::makeDatasetDialog() {
    auto* dialog = new MakeDatasetDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        const QString root = dialog->madeDataset();
        if (openDataset(root))
            mTabs->setCurrentWidget(mDatasetWorkspace);
    });
    emit makeDatasetDialogOpened(dialog);
    dialog->open();
}

bool MainWindow::openDataset(const QString& root) {
    if (!VigorFormat::detect(QFile::encodeName(root).toStdString())) {
        mDatasetWorkspace->openDataset(root);
        return true;
    }
    // A query/gallery dataset has no pairs to browse: it is evaluated (and its results looked
    // at) in Evaluation > VIGOR, and trained on in the Training workspace, which stays in
    // front when the root was opened from there.
    mEvaluationWorkspace->queryGallery()->setDatasetRoot(root);
    mTrainingWorkspace->setVigorRoot(root);
    if (mTabs->currentWidget() != mTrainingWorkspace)
        showView(QStringLiteral("vigor"));
    // The folder's name only: the whole path left no room in the status bar beside its
    // permanent indicators.
    statusBar()->showMessage(tr("VIGOR root %1: evaluate in Evaluation ▸ VIGOR, train in Training")
                                 .arg(QDir(root).dirName()));
    return false;
}

void MainWindow::openRun(const QString& run) {
    mTrainingWorkspace->setRunDirectory(run);
    mEvaluationWorkspace->setRunDirectory(run);
    mMapWorkspace->setRunDirectory(run);
    mSession->addRecentRun(run);
    if (mTabs->currentWidget() != mEvaluationWorkspace)
        mTabs->setCurrentWidget(mTrainingWorkspace);
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
    new FirstStartPage(mDemoJob.get(), demo.root(), mDatasetWorkspace);
    trackJob(mDemoJob.get());
    mDemoJob->start();
}

QStringList MainWindow::viewNames() {
    return {QStringLiteral("compare"), QStringLiteral("heatmap"),
            QStringLiteral("explain"), QStringLiteral("compare-explain"),
            QStringLiteral("vigor"),   QStringLiteral("vigor-compare")};
}

ExplanationPanel* MainWindow::explanationShown(const QString& name) const {
    if (name.compare("explain", Qt::CaseInsensitive) == 0)
        return mEvaluationWorkspace->inspector()->explanation();
    if (name.compare("compare-explain", Qt::CaseInsensitive) == 0)
        return mEvaluationWorkspace->comparison()->explanation();
    return nullptr;
}

bool MainWindow::showView(const QString& name) {
    auto* views = mEvaluationWorkspace->findChild<QTabWidget*>("evaluationViews");
    if (name.compare("explain", Qt::CaseInsensitive) == 0) {
        if (!views)
            return false;
        mTabs->setCurrentWidget(mEvaluationWorkspace);
        views->setCurrentWidget(mEvaluationWorkspace->inspector());
        mEvaluationWorkspace->inspector()->setExplaining(true);
        if (!mEvaluationWorkspace->inspector()->explainButton()->isEnabled())
            emit viewFailed(name, mEvaluationWorkspace->inspector()->explainButton()->toolTip());
        return true;
    }
    if (name.compare("compare-explain", Qt::CaseInsensitive) == 0) {
        if (!views)
            return false;
        mTabs->setCurrentWidget(mEvaluationWorkspace);
        views->setCurrentWidget(mEvaluationWorkspace->comparison());
        mEvaluationWorkspace->comparison()->setExplaining(true);
        if (!mEvaluationWorkspace->comparison()->explainButton()->isEnabled())
            emit viewFailed(name, mEvaluationWorkspace->comparison()->explainButton()->toolTip());
        return true;
    }
    if (name.compare("compare", Qt::CaseInsensitive) == 0) {
        if (!views)
            return false;
        mTabs->setCurrentWidget(mEvaluationWorkspace);
        views->setCurrentWidget(mEvaluationWorkspace->comparison());
        // Nothing listed (e.g. no query is right only by A at K = 1, as for an untrained
        // model): no query will be shown, so the view is ready as it is. Queued, as the
        // images of a listed query arrive later.
        if (mEvaluationWorkspace->comparison()->filterModel()->rowCount() == 0)
            QTimer::singleShot(0, this, [this] { emit viewReady(QStringLiteral("compare")); });
        return true;
    }
    if (name.compare("vigor", Qt::CaseInsensitive) == 0 ||
        name.compare("vigor-compare", Qt::CaseInsensitive) == 0) {
        if (!views)
            return false;
        mTabs->setCurrentWidget(mEvaluationWorkspace);
        QueryGalleryView* vigor = mEvaluationWorkspace->queryGallery();
        views->setCurrentWidget(vigor);
        const bool compare = name.compare("vigor-compare", Qt::CaseInsensitive) == 0;
        if (vigor->shownQuery() >= 0 && (!compare || !vigor->comparedFile().isEmpty()))
            QTimer::singleShot(0, this, [this, shown = name.toLower()] { emit viewReady(shown); });
        return true;
    }
    if (name.compare("heatmap", Qt::CaseInsensitive) == 0) {
        // The heat map covers the whole base map: show all of it.
        showMap();
        mMapWorkspace->canvas()->zoomToAll();
        mMapWorkspace->heatMapView()->describePlaces();
        return true;
    }
    return false;
}

bool MainWindow::showWorkspace(const QString& name) {
    if (name.compare(mMapWorkspace->objectName(), Qt::CaseInsensitive) == 0) {
        showMap();
        return true;
    }
    for (int i = 0; i < mTabs->count(); ++i)
        if (mTabs->widget(i)->objectName().compare(name, Qt::CaseInsensitive) == 0) {
            mTabs->setCurrentIndex(i);
            return true;
        }
    return false;
}

bool MainWindow::isMapBeside() const {
    return mTabs->indexOf(mMapWorkspace) < 0;
}

void MainWindow::setMapBeside(bool beside) {
    if (beside != isMapBeside()) {
        const bool wasCurrent = mTabs->currentWidget() == mMapWorkspace;
        if (beside) {
            mTabs->removeTab(mTabs->indexOf(mMapWorkspace));
            mMapDock->setWidget(mMapWorkspace);
            mMapDock->show();
            if (!mMapDock->isFloating())
                resizeDocks({mMapDock}, {width() * 2 / 5}, Qt::Horizontal);
        } else {
            mMapDock->hide();
            mMapDock->setWidget(nullptr); // keeps the workspace: the tab takes it next
            mTabs->insertTab(workspaceNames().indexOf(mMapWorkspace->objectName()), mMapWorkspace,
                             tr("Map"));
        }
        mMapWorkspace->setBeside(beside);
        // The map was the current tab: the user wants to see the images beside it.
        if (beside && wasCurrent)
            mTabs->setCurrentWidget(mDatasetWorkspace);
    }
    const QSignalBlocker blocker(mMenus.mapBeside);
    mMenus.mapBeside->setChecked(beside);
    if (mOptions.session)
        layoutSettings()->setValue("mapBeside", beside);
}

void MainWindow::showMap() {
    if (isMapBeside()) {
        mMapDock->show();
        mMapDock->raise();
    } else {
        mTabs->setCurrentWidget(mMapWorkspace);
    }
}

std::unique_ptr<QSettings> MainWindow::layoutSettings() const {
    return std::make_unique<QSettings>(QDir(mOptions.dataDirectory).filePath("layout.ini"),
                                       QSettings::IniFormat);
}

void MainWindow::restoreLayout() {
    if (!mOptions.session)
        return;
    const auto settings = layoutSettings();
    if (settings->value("mapBeside", false).toBool())
        setMapBeside(true);
    const QByteArray state = settings->value("windowState").toByteArray();
    if (!state.isEmpty())
        restoreState(state);
    // restoreState() shows the dock as it was saved; the tab holds the map otherwise.
    if (!isMapBeside())
        mMapDock->hide();
}

void MainWindow::saveLayout() const {
    if (!mOptions.session)
        return;
    layoutSettings()->setValue("windowState", saveState());
}

bool MainWindow::eventFilter(QObject* watched, QEvent* event) {
    if (watched == mMapDock && event->type() == QEvent::Close && isMapBeside())
        QTimer::singleShot(0, this, [this] { setMapBeside(false); });
    return QMainWindow::eventFilter(watched, event);
}

void MainWindow::closeEvent(QCloseEvent* event) {
    if (!mTrainingJob || !mTrainingJob->isRunning()) {
        saveLayout();
        QMainWindow::closeEvent(event);
        return;
    }
    event->ignore();
    if (mClosingAfterTraining)
        return; // already stopping: the window closes when the training has
    QMessageBox box(QMessageBox::Question, tr("Quit"),
                    tr("A training is running. Stop it and quit?"), QMessageBox::NoButton, this);
    box.setInformativeText(tr("It stops after the current step and writes a checkpoint, so "
                              "Resume continues from there; the current epoch is not "
                              "validated."));
    QPushButton* stop = box.addButton(tr("Stop and Quit"), QMessageBox::AcceptRole);
    stop->setObjectName("stopAndQuit");
    QPushButton* keep = box.addButton(tr("Keep Training"), QMessageBox::RejectRole);
    keep->setObjectName("keepTraining");
    box.setDefaultButton(keep);
    box.exec();
    if (box.clickedButton() != stop || !mTrainingJob || !mTrainingJob->isRunning()) {
        if (box.clickedButton() == stop) // it ended while the question was open
            QTimer::singleShot(0, this, &QWidget::close);
        return;
    }
    mClosingAfterTraining = true;
    statusBar()->showMessage(tr("Stopping the training after its current step; the window "
                                "closes once the checkpoint is written."));
    connect(mTrainingJob, &BackgroundJob::finished, this, &QWidget::close, Qt::QueuedConnection);
    mTrainingWorkspace->stop();
}

void MainWindow::trackJob(BackgroundJob* job) {
    mJobStatus->track(job);
}

} // namespace orinet
