#pragma once

#include "recallfigure.h"
#include "trainingcurves.h"
#include "translatedtexts.h"

#include "gui/training/traininglauncher.h"

#include <QElapsedTimer>
#include <QTimer>
#include <QWidget>

#include <functional>
#include <memory>
#include <vector>

class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QSlider;

namespace orinet {

class BackgroundJob;
class ComparedRunsList;
class Dataset;
class TrainingForm;
struct TrainingConfig;
struct TrainingProgress;

//! The Training workspace trains OriNet on the open dataset: the run's settings, start / resume /
//! stop, and the run's training curves (TrainingCurves: its whole history from the log, then live).
//!
//! The run's settings are a TrainingForm, at the core's defaults (TrainingConfig{}, as the
//! CLI) until a run is shown. Naming a folder that holds a run shows that run: its saved
//! settings in the form and its history in the curves. Resume applies the CLI's policy
//! (TrainingConfig::resumed): the run keeps its settings except the number of epochs; other changes
//! are reported and ignored.
//!
//! The dataset is the one open in the Dataset workspace (setDataset()) or a VIGOR root
//! (setVigorRoot()), trained on as `orinet train --dataset ROOT --protocol … --val-holdout …`
//! does (TrainingData::forVigor): the form then has the protocol and holdout rows, and the log
//! and curves show the held-out validation against the whole gallery. The dataset row's
//! Choose… takes either kind of folder (chooseDataset()).
//!
//! Other runs can be drawn with it (ComparedRunsList, TensorBoard's run selector). Training
//! runs as a TrainingLauncher's job, whose reports the curves, the log and the status follow.
class TrainingWorkspace : public QWidget {
    Q_OBJECT
public:
    explicit TrainingWorkspace(const QString& runsDirectory, QWidget* parent = nullptr);
    ~TrainingWorkspace() override;

    //! Trains on this one-to-one dataset from now on (a VIGOR root chosen before is let go).
    void setDataset(std::shared_ptr<const Dataset> dataset);
    //! Trains on the VIGOR root `root` from now on (VigorFormat::detect must hold). Its split
    //! files are read when training starts; a protocol whose files are missing is named in the
    //! status at once.
    void setVigorRoot(const QString& root);
    //! The VIGOR root trained on; empty when it is a one-to-one dataset (or none).
    QString vigorRoot() const { return mVigorRoot; }
    //! A folder the user chose as the dataset: a VIGOR root is taken (setVigorRoot()), a
    //! one-to-one dataset is asked to be opened (datasetChosen(): the Dataset workspace opens
    //! it and checks its pairs), anything else is refused with the reason in the status.
    //! False when refused.
    bool chooseDataset(const QString& folder);
    QString runDirectory() const;
    //! Names the run folder and shows it at once (showRun()).
    void setRunDirectory(const QString& run);
    TrainingCurves* curves() const { return mCurves; }
    //! The runs drawn after the shown one; a run it refuses says why in the status.
    ComparedRunsList* comparedRuns() const { return mComparedRuns; }

    //! Writes the curves as a figure (.pdf, .svg, .png by suffix) with the export dialog's
    //! options; false with the reason in `error`.
    bool exportFigure(const QString& path, const RecallFigure::Options& options, QString* error);
    //! Writes the curves' data (TrainingCurves::csv()) atomically; false with the reason.
    bool exportCsv(const QString& path, QString* error);

    //! The status of a running training: "epoch 3/10 · step 120/400 · loss 0.6931" (loss to
    //! four significant digits), saying so after an epoch's last step while the epoch ends
    //! (statistics, validation, checkpoint).
    static QString progressText(const TrainingProgress& progress);
    //! The trainer's estimate of the time left (it counts steps, validation included on
    //! average); NaN after the last step, when only the final epoch's end is left and its
    //! length is not known.
    static double remainingSeconds(const TrainingProgress& progress);
    //! The log line of a finished epoch: "epoch 2: loss 0.6931 · val r@1 16.67 % · r@1% 25.00 %"
    //! (recalls are fractions; NaN: not validated). A query/gallery (VIGOR) validation says
    //! what it measured: "epoch 2: loss 0.6931 · held-out vs gallery r@1 … · r@5 … · r@10 … ·
    //! r@1% … · hit rate …".
    static QString epochText(const TrainingHistory::Epoch& epoch);

public slots:
    //! What the Dataset workspace knows to be wrong with the open dataset: with `pairs` > 0,
    //! start and resume ask before training (`summary` is shown on request).
    void setDatasetProblems(int pairs, const QString& summary);
    void start();
    void resume();
    void stop();
    //! Shows the run in the run-folder field (settings and history), or a new run's empty
    //! curves when the folder holds none; with a VIGOR root lacking the files of the form's
    //! protocol, the status names the missing file. Called shortly after the field changes.
    void showRun();

signals:
    void jobStarted(BackgroundJob* job);
    //! The user chose a one-to-one dataset folder to train on: open it (then setDataset()).
    void datasetChosen(const QString& root);
    //! A run ended (finished or stopped with a checkpoint) and can be evaluated.
    void runReady(const QString& runDirectory);

protected:
    void changeEvent(QEvent* event) override;
    void showEvent(QShowEvent* event) override;

private:
    //! The form's settings for a new run on the open dataset.
    TrainingConfig formConfig() const;
    //! Shows the history of `runDir` (up to the given step / epochs, -1: all) in the curves;
    //! false, with the reason in the status, when the log cannot be read.
    bool showHistory(const QString& runDir, int64_t upToStep = -1, int upToEpochs = -1);
    //! showRun() but for the check of a VIGOR root's files.
    void showRunFolder();
    //! The dataset trained on: the VIGOR root or the open dataset's root; empty for none.
    QString datasetRoot() const;
    //! The dataset row's text and the form's query/gallery rows for the dataset trained on.
    void showDataset();
    //! Checks that the VIGOR root has the files of the form's protocol; false, with the file
    //! named in the status, when one is missing.
    bool checkVigorFiles(const std::string& protocol);
    void launch(const TrainingConfig& config, bool resume, const TrainingLauncher::Input& input);
    //! Shows `current` (the run in the run field) with the compared runs after it.
    void setCurrentHistory(TrainingHistory current);
    //! The compared runs changed: redraw, keeping the current run's (maybe live) history.
    void updateComparedRuns();
    //! The status line, made again in the new language when it changes.
    void setStatus(std::function<QString()> text);
    //! Follows the trainer's reports in the curves, the log and the status.
    void follow(const std::vector<TrainingLauncher::Record>& records);
    void setRunning(bool running);
    bool isTraining() const { return mLauncher.isRunning(); }

    std::shared_ptr<const Dataset> mDataset;
    QString mVigorRoot;              //!< when set, trained on instead of mDataset
    bool mVigorFilesMissing = false; //!< the status names a missing split file
    TrainingLauncher mLauncher;
    QString mRunsDirectory;

    QLabel* mDatasetLabel;
    QPushButton* mChooseDataset;
    QLineEdit* mRun;
    //! The settings' rows, made in the constructor between the run folder and the buttons.
    TrainingForm* mForm = nullptr;
    QPushButton* mStart;
    QPushButton* mResume;
    QPushButton* mStop;
    QLabel* mStatus;
    TrainingCurves* mCurves;
    QSlider* mSmoothing;
    QComboBox* mXAxis;
    QPlainTextEdit* mLog;
    ComparedRunsList* mComparedRuns;
    QTimer mShowRunTimer;      //!< waits for typing in the run field to pause
    QElapsedTimer mLastRedraw; //!< the curves redraw at most a few times a second
    bool mRedrawPending = false;
    int mProblemPairs = 0;  //!< pairs of the open dataset with known problems
    QString mProblems;      //!< their summary
    QString mProgressText;  //!< of the last step followed; empty before the first
    double mRemaining = 0;  //!< seconds, of the last step followed; NaN: unknown
    TranslatedTexts mTexts; //!< every text this widget shows (docs/translations.md)
};

} // namespace orinet
