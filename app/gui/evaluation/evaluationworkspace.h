#pragma once

#include "metrics/direction.h"
#include "translatedtexts.h"

#include <QStringList>
#include <QWidget>

#include <memory>
#include <vector>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTabWidget;

namespace orinet {

class BackgroundJob;
class Dataset;
class ComparisonView;
class EvaluationDocument;
class FailureInspector;
class ImportDescriptorsDialog;
class ImportModelDialog;
class QueryGalleryView;
struct InspectedEvaluation;
class RunsView;
namespace metrics {
class EvaluationReport;
}

//! The Evaluation workspace evaluates a trained run on a split of the open dataset and inspects the
//! result: descriptor extraction, retrieval and the per-query table are prepared in a
//! BackgroundJob; then the headline figures, the run among the other evaluated runs (RunsView:
//! curves overlaid, table, paper figure export) and the FailureInspector (the selected query is
//! highlighted on the map through querySelected()), or two runs compared query by query
//! (ComparisonView). The summary names what was evaluated (Provenance::label(): split, checkpoint,
//! epoch, BatchNorm mode); the last checkpoint unless the best one is asked for.
class EvaluationWorkspace : public QWidget {
    Q_OBJECT
public:
    explicit EvaluationWorkspace(QWidget* parent = nullptr);
    ~EvaluationWorkspace() override;

    void setDataset(std::shared_ptr<const Dataset> dataset);
    void setRunDirectory(const QString& run);
    //! Extracts (when the run has no descriptors for the split yet) and evaluates.
    void evaluate();
    //! Opens the dialog that imports another method's descriptors (ImportDescriptorsDialog);
    //! the imported run is then evaluated.
    void importDescriptors();
    //! Opens the dialog that makes another method's TorchScript model a run
    //! (ImportModelDialog); the run is then evaluated when the dialog says so.
    void importModel();
    const metrics::EvaluationReport* report() const;
    //! What the views show: the current evaluation and the runs listed.
    EvaluationDocument* document() const { return mDocument; }
    FailureInspector* inspector() const { return mInspector; }
    RunsView* runs() const { return mRuns; }
    ComparisonView* comparison() const { return mComparison; }
    //! Runs evaluated on query/gallery splits (VIGOR).
    QueryGalleryView* queryGallery() const { return mQueryGallery; }

signals:
    void jobStarted(BackgroundJob* job);
    //! A query was selected in Failures: its dataset pair and the retrieved pairs, nearest
    //! first. Only while Failures is the view shown (else the map follows Compare Runs).
    void querySelected(size_t pairIndex, const std::vector<size_t>& retrievedPairs);
    //! A query was selected in Compare Runs (the view shown): its dataset pair and the top-1
    //! of run A and of run B (SIZE_MAX: unknown), with the runs' names.
    void comparedQuerySelected(size_t pairIndex, const std::vector<size_t>& topPairs,
                               const QStringList& names);
    void evaluated();
    //! evaluate() refused (no dataset, no run folder) or the evaluation failed; `message` is
    //! what the summary line shows.
    void evaluationFailed(const QString& message);
    //! importDescriptors() opened its (window-modal) dialog.
    void importDialogOpened(ImportDescriptorsDialog* dialog);
    //! importModel() opened its (window-modal) dialog.
    void importModelDialogOpened(ImportModelDialog* dialog);

protected:
    void changeEvent(QEvent* event) override;

private:
    //! The headline figures of an evaluation, in the current language.
    static QString summary(const metrics::EvaluationReport& report);
    //! The summary line of the document's current evaluation.
    void showReport();
    //! Shows mStale when the form no longer asks for what the shown figures are.
    void markStale();
    static QString directionLabel(metrics::Direction direction);
    //! Tells the map what the shown view (Failures or Compare Runs) last selected.
    void emitShownSelection();

    std::shared_ptr<const Dataset> mDataset;
    EvaluationDocument* mDocument;
    std::unique_ptr<BackgroundJob> mJob;

    QLineEdit* mRun;
    QComboBox* mSplit;
    QComboBox* mDirection;
    QComboBox* mCheckpoint;
    QComboBox* mNormalization;
    QPushButton* mEvaluate;
    QLabel* mSummary;
    QLabel* mStale; //!< the form's settings differ from the shown evaluation's
    RunsView* mRuns;
    FailureInspector* mInspector;
    ComparisonView* mComparison;
    QueryGalleryView* mQueryGallery;
    QTabWidget* mViews;
    QList<int> mRunsSizes; //!< the runs' and views' heights while the VIGOR view hides the runs
    //! The last selection of each view, told again when its tab is shown.
    struct Selection {
        size_t pair = SIZE_MAX;
        std::vector<size_t> pairs; //!< Failures: the retrieved; Compare Runs: the top-1s
        QStringList names;
    };
    Selection mInspected;
    Selection mCompared;
    TranslatedTexts mTexts; //!< every text this widget shows (docs/translations.md)
};

} // namespace orinet
