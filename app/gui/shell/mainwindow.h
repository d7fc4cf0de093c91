#pragma once

#include <QMainWindow>
#include <QPointer>
#include <QStringList>

#include <memory>

class QActionGroup;
class QDockWidget;
class QSettings;
class QLabel;
class QMenu;
class QTabWidget;

namespace orinet {

class BackgroundJob;
class ComputeWarningButton;
class DatasetWorkspace;
class MakeDatasetDialog;
class ExplanationPanel;
class EvaluationWorkspace;
class JobStatusWidget;
class LanguageManager;
class MapWorkspace;
class OrientationWorkspace;
class RecentMenu;
class StudioSession;
class TrainingWorkspace;

//! The studio's main window: one tab per workspace (orientation, dataset, map, training,
//! evaluation), a status bar with the running job and the compute setup, the language menu and
//! the About dialog. Every text it shows is re-set in retranslate() when the language changes.
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    struct Options {
        //! Where the bundled demo world lives (generated there on first start).
        QString dataDirectory;
        //! Open (and on first start generate) the demo world.
        bool demo = true;
        //! Street locations in a newly generated demo world.
        int demoPairs = 400;
        //! The workspace to show first (one of workspaceNames()); opening a dataset at start
        //! then keeps it instead of switching to the dataset browser.
        QString workspace;
        //! Drives the View ▸ Language menu (not owned; outlives the window). Null: the window
        //! makes its own, looking for catalogues beside the executable.
        LanguageManager* languages = nullptr;
        //! Restore the previous session from, and save it to, session.json in dataDirectory
        //! (StudioSession), and the window's layout to layout.ini there. Off for the test
        //! window of MainWindow(QWidget*), which then never reads the user's choices.
        bool session = true;
    };

    //! A window without the demo world (tests, embedding).
    explicit MainWindow(QWidget* parent = nullptr);
    explicit MainWindow(const Options& options, QWidget* parent = nullptr);
    ~MainWindow() override;

    //! The workspaces' stable object names, in tab order: for `--tab`, scripts and tests.
    static QStringList workspaceNames();
    //! Views inside workspaces, by stable name, for `--view`, scripts and tests: "compare"
    //! (Evaluation ▸ Compare Runs), "heatmap" (the Map with its heat map), "explain" (the
    //! failure inspector with "Why this match?" on) and "compare-explain" (Compare Runs with it
    //! on, run A explained).
    static QStringList viewNames();

    QTabWidget* workspaces() const { return mTabs; }
    DatasetWorkspace* datasetWorkspace() const { return mDatasetWorkspace; }
    MapWorkspace* mapWorkspace() const { return mMapWorkspace; }
    TrainingWorkspace* trainingWorkspace() const { return mTrainingWorkspace; }
    EvaluationWorkspace* evaluationWorkspace() const { return mEvaluationWorkspace; }
    //! The dock that holds the Map workspace while it is beside the images.
    QDockWidget* mapDock() const { return mMapDock; }
    bool isMapBeside() const;
    StudioSession* session() const { return mSession; }

public slots:
    void showAbout();
    void openDatasetDialog();
    //! Opens Make Dataset (DatasetMaker from the studio); a dataset it makes in the pairs.csv
    //! layout is opened, VIGOR's layout is reported in the status bar.
    void makeDatasetDialog();
    //! Starts opening a dataset; the current workspace stays (the menu action shows the
    //! dataset browser itself). A VIGOR-layout root goes to Evaluation > VIGOR instead (it has
    //! no pairs to browse): false then.
    bool openDataset(const QString& root);
    //! Shows a run folder as `--run` does (Training and Evaluation workspaces, the map), in the
    //! Training workspace unless Evaluation is shown.
    void openRun(const QString& run);
    //! Shows the workspace with the stable object name `name` (case-insensitive; see
    //! workspaceNames()). Tab titles are translated, so they are never matched. Returns false,
    //! changing nothing, for an unknown name.
    bool showWorkspace(const QString& name);
    //! Shows the view `name` (case-insensitive; see viewNames()) in its workspace; "heatmap"
    //! shows the whole map and describes the places of the Map's run (reading them when
    //! cached), so the selected query's heat map follows. Returns false, changing nothing, for
    //! an unknown name.
    bool showView(const QString& name);
    //! The explanation panel of view `name` ("explain", "compare-explain"), else null.
    ExplanationPanel* explanationShown(const QString& name) const;
    //! Shows the Map workspace beside the other workspaces (a dock, on the right unless the
    //! user moved it) instead of in a tab of its own, so a viewing ray, the top-K and the heat
    //! map are read next to the panorama and the tiles. Remembered in the data directory.
    void setMapBeside(bool beside);

protected:
    void changeEvent(QEvent* event) override;
    //! Closing while a training runs asks first; stopping then ends the training at its next
    //! step (a checkpoint is written) and the window closes once it has.
    void closeEvent(QCloseEvent* event) override;
    //! Closing the map's dock puts the map back into its tab.
    bool eventFilter(QObject* watched, QEvent* event) override;

signals:
    //! Make Dataset was opened (screenshots fill it in).
    void makeDatasetDialogOpened(MakeDatasetDialog* dialog);
    //! The demo world is ready (generated or found) and being opened.
    void demoReady(const QString& root);
    //! A view of viewNames() shows its content: the compared runs' images of a query, or a
    //! query's heat map.
    void viewReady(const QString& name);
    //! A view of viewNames() cannot show its content (the heat map's places could not be
    //! described); `message` says why.
    void viewFailed(const QString& name, const QString& message);

private:
    void createMenus();
    void createLanguageMenu();
    //! Sets every text of the window (not of the workspaces) in the current language.
    void retranslate();
    void trackJob(BackgroundJob* job);
    void startDemo();
    //! Status bar: the GEMM kernel in use, once it is measured (off the GUI thread).
    void showComputeKernel();
    //! Threads and BLAS, and the GEMM kernel (or that it is being measured), in the current
    //! language.
    void updateComputeLabel();
    //! Shows the Map, in its tab or its dock.
    void showMap();
    //! The window's layout (map beside, dock and window geometry): per data directory, so
    //! tests and scripted screenshots with their own directory start from the defaults.
    std::unique_ptr<QSettings> layoutSettings() const;
    void restoreLayout();
    void saveLayout() const;

    Options mOptions;
    QTabWidget* mTabs;
    DatasetWorkspace* mDatasetWorkspace;
    MapWorkspace* mMapWorkspace;
    TrainingWorkspace* mTrainingWorkspace;
    EvaluationWorkspace* mEvaluationWorkspace;
    OrientationWorkspace* mOrientationWorkspace;
    QDockWidget* mMapDock;
    StudioSession* mSession;
    JobStatusWidget* mJobStatus;
    ComputeWarningButton* mComputeWarning;
    QLabel* mComputeLabel;
    QLabel* mKernelLabel;
    bool mKernelMeasured = false;
    std::unique_ptr<BackgroundJob> mDemoJob;
    QPointer<BackgroundJob> mTrainingJob; //!< the newest training's job, while it exists
    bool mClosingAfterTraining = false;

    std::unique_ptr<LanguageManager> mOwnLanguages;
    LanguageManager* mLanguages;
    QActionGroup* mLanguageGroup = nullptr;
    struct Menus {
        QMenu* file = nullptr;
        QMenu* view = nullptr;
        QMenu* language = nullptr;
        QMenu* help = nullptr;
        QAction* open = nullptr;
        QAction* demo = nullptr;
        QAction* makeDataset = nullptr;
        RecentMenu* recentDatasets = nullptr;
        RecentMenu* recentRuns = nullptr;
        QAction* quit = nullptr;
        QAction* fullScreen = nullptr;
        QAction* mapBeside = nullptr;
        QAction* systemLanguage = nullptr;
        QAction* about = nullptr;
        QAction* aboutQt = nullptr;
    } mMenus;
};

} // namespace orinet
