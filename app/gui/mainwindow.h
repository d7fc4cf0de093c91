#pragma once

#include <QMainWindow>
#include <QStringList>

#include <memory>

class QLabel;
class QTabWidget;

namespace orinet {

class BackgroundJob;
class DatasetPanel;
class EvaluationPanel;
class JobStatusWidget;
class MapPanel;
class TrainingPanel;

//! The studio's main window: one tab per workspace (orientation, dataset, map, training,
//! evaluation), a status bar with the running job and the compute setup, and the About dialog.
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
    };

    //! A window without the demo world (tests, embedding).
    explicit MainWindow(QWidget* parent = nullptr);
    explicit MainWindow(const Options& options, QWidget* parent = nullptr);
    ~MainWindow() override;

    //! The workspaces' stable object names, in tab order: for `--tab`, scripts and tests.
    static QStringList workspaceNames();

    QTabWidget* workspaces() const { return mTabs; }
    DatasetPanel* datasetPanel() const { return mDatasetPanel; }
    MapPanel* mapPanel() const { return mMapPanel; }
    TrainingPanel* trainingPanel() const { return mTrainingPanel; }
    EvaluationPanel* evaluationPanel() const { return mEvaluationPanel; }

public slots:
    void showAbout();
    void openDatasetDialog();
    //! Starts opening a dataset; the current workspace stays (the menu action shows the
    //! dataset browser itself).
    void openDataset(const QString& root);
    //! Shows the workspace with the stable object name `name` (case-insensitive; see
    //! workspaceNames()). Tab titles are translated, so they are never matched. Returns false,
    //! changing nothing, for an unknown name.
    bool showWorkspace(const QString& name);

signals:
    //! The demo world is ready (generated or found) and being opened.
    void demoReady(const QString& root);

private:
    void createMenus();
    void trackJob(BackgroundJob* job);
    void startDemo();

    Options mOptions;
    QTabWidget* mTabs;
    DatasetPanel* mDatasetPanel;
    MapPanel* mMapPanel;
    TrainingPanel* mTrainingPanel;
    EvaluationPanel* mEvaluationPanel;
    JobStatusWidget* mJobStatus;
    QLabel* mComputeLabel;
    std::unique_ptr<BackgroundJob> mDemoJob;
};

} // namespace orinet
