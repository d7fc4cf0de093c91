#pragma once

#include <QMainWindow>

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
    };

    //! A window without the demo world (tests, embedding).
    explicit MainWindow(QWidget* parent = nullptr);
    explicit MainWindow(const Options& options, QWidget* parent = nullptr);
    ~MainWindow() override;

    QTabWidget* workspaces() const { return mTabs; }
    DatasetPanel* datasetPanel() const { return mDatasetPanel; }
    MapPanel* mapPanel() const { return mMapPanel; }
    TrainingPanel* trainingPanel() const { return mTrainingPanel; }
    EvaluationPanel* evaluationPanel() const { return mEvaluationPanel; }

public slots:
    void showAbout();
    void openDatasetDialog();
    void openDataset(const QString& root);
    //! Shows the workspace whose tab title matches `name` (case-insensitive, no accelerators).
    void showWorkspace(const QString& name);

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
