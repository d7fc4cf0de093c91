#pragma once

#include "geo/geopoint.h"
#include "gui/evaluation/runcomparison.h"
#include "translatedtexts.h"

#include <QImage>
#include <QWidget>

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QPushButton;
class QStackedWidget;
class QSpinBox;
class QTableView;

namespace orinet {

class BackgroundJob;
class ComparisonFilterModel;
class Dataset;
class DescriptorSet;
class EvaluationDocument;
class ExplanationPanel;
class ImageView;
class NewestRequest;
namespace metrics {
class EvaluationReport;
}

//! Two evaluated runs compared query by query: the queries one gets right at K and the other
//! does not (or neither, or both), each with both ranks and both top-1s' geo errors, sortable,
//! filterable by geo error and exportable as CSV; the selected query's image with both runs'
//! top retrieved items side by side, the true match framed, and both top-1s for the map
//! (topsSelected()). Built for a real test set: CVACT's 8,884 queries (docs/responsiveness.md).
//!
//! A run's top-K needs its descriptors: the current evaluation hands them over, other runs'
//! are read from their run folder's descriptor cache off the GUI thread; without them only
//! the top-1 from the results is shown.
//!
//! With a document, the view follows it: the current evaluation gives the dataset and split,
//! the document's runs of that split are the candidates (candidatesOf()), the current one
//! first, and the document's selected query is selected here when the table lists it. A
//! query's top-K costs a retrieval per run, so a hidden view catches up when it is shown, and
//! only a query chosen here while the view is shown becomes the document's selection.
//!
//! Threading: GUI thread; retrieval and image decoding for a selection run on the global pool,
//! a newer selection superseding a running one.
class ComparisonView : public QWidget {
    Q_OBJECT
public:
    static constexpr int kShown = 5;

    struct Candidate {
        QString name;
        std::shared_ptr<const metrics::EvaluationReport> report;
        QString runFolder; //!< where its descriptors are cached; may be empty
        std::shared_ptr<const DescriptorSet> descriptors; //!< when already in memory
        quint64 runId = 0; //!< the document's EvaluationDocument::Run::id; 0: not the document's
    };

    //! `document` may be null: the dataset and candidates are then given with the setters.
    explicit ComparisonView(EvaluationDocument* document = nullptr, QWidget* parent = nullptr);
    ~ComparisonView() override;

    //! The runs of `document` that can be compared with its current evaluation: those of the
    //! current evaluation's split (images come from it), the current one first and holding its
    //! descriptors in memory. Empty without a current evaluation. A run listed in both
    //! directions (by run folder or name) is named with its direction.
    static std::vector<Candidate> candidatesOf(const EvaluationDocument& document);

    //! The dataset and split the candidates were evaluated on (images), and the split's
    //! positions (one per split row, e.g. Evaluation::positions(); empty: no geo errors).
    void setDataset(std::shared_ptr<const Dataset> dataset, const std::vector<size_t>& splitRows,
                    std::vector<UtmPosition> positions = {});
    //! The runs to choose from. Preselected: the document's chosen A and B (comparedRuns())
    //! when both are offered; else the ones chosen before while the first candidate (the
    //! current evaluation) stays; else the first as A and the next comparable one as B.
    void setCandidates(std::vector<Candidate> candidates);
    //! Chooses A and B by candidate index, as the user does (the document remembers it).
    void choose(int a, int b);
    //! The candidates offered, in the boxes' order.
    const std::vector<Candidate>& candidates() const { return mCandidates; }
    void setK(int k);
    void setSet(RunComparison::Set set);

    RunComparison* model() const { return mModel; }
    //! What the table shows: the model sorted and filtered by geo error.
    ComparisonFilterModel* filterModel() const { return mFiltered; }
    QTableView* table() const { return mTable; }
    //! Lists only the queries whose top-1 of A (and of B) lies within or beyond `metres` of the
    //! truth, as the geo-error controls do.
    void setGeoFilter(int a, int b, double metres);
    //! Writes the listed queries (view order) as CSV; false with the reason on failure. A file
    //! at `path` that this tool did not write is not replaced.
    bool exportCsv(const QString& path, QString* error = nullptr);
    void exportDialog();
    //! "N of M queries": how many of the chosen set the geo filter lists.
    QLabel* countLabel() const { return mCount; }
    QLabel* status() const { return mStatus; }
    //! The query (split row) whose images are shown, or -1.
    int64_t shownQuery() const { return mShown.query; }
    const std::vector<ImageView*>& viewsOf(int side) const { return mViews[side]; }
    ImageView* queryView() const { return mQueryView; }

    //! "Why this match": instead of the retrieved items, the selected query's match with its
    //! true item and with the best-scored wrong one of run A or B (explainedSide()), explained
    //! with that run's checkpoint (docs/explain.md). Disabled, saying why in its tooltip, when
    //! that run's results have no checkpoint.
    QPushButton* explainButton() const { return mExplain; }
    ExplanationPanel* explanation() const { return mExplanation; }
    void setExplaining(bool on);
    //! 0: run A is explained, 1: run B.
    int explainedSide() const;
    void setExplainedSide(int side);

signals:
    //! The selected query's images are shown.
    void queryShown(int64_t query);
    //! An explanation job started (for the window's job strip).
    void jobStarted(BackgroundJob* job);
    //! The selected query (dataset pair) and the top-1 of A and of B (dataset pairs, SIZE_MAX
    //! when the results do not say), with the runs' names: what the map shows. Emitted at once
    //! on a selection (the top-1s are in the results), before the images are read.
    void topsSelected(size_t queryPair, const std::vector<size_t>& topPairs,
                      const QStringList& names);

protected:
    void changeEvent(QEvent* event) override;
    void showEvent(QShowEvent* event) override;

private:
    struct Side {
        std::vector<QImage> images;
        std::vector<int64_t> rows; //!< split rows retrieved, nearest first
        std::vector<float> scores;
        std::shared_ptr<const DescriptorSet> descriptors; //!< loaded for the inspection
        QString error;
    };
    struct Inspection {
        int64_t query = -1;
        QImage queryImage;
        Side sides[2];
    };

    void refresh();
    //! The user chose A or B: the document remembers the pair.
    void rememberChoice();
    //! Identifies a candidate across setCandidates() calls: its document id, else its name.
    static QString keyOf(const Candidate& candidate);
    int indexOf(const QString& key) const;
    void onCurrentChanged();
    //! Selects the document's selected query when listed (now if shown, else once shown).
    void followSelection();
    //! The table row (sorted) of the query at dataset pair `pair`, or -1.
    int rowOfPair(size_t pair) const;
    //! The document's current evaluation changed: its dataset and split (the candidates follow
    //! with the document's runsChanged), or no candidates without one.
    void onCurrentEvaluationChanged();
    void inspect(int64_t query);
    //! Emits topsSelected() for the table's current row.
    void emitTops();
    void updateCount();
    void showInspection();
    //! Whether the explained run has a checkpoint; sets the toggle.
    void updateExplainAvailability();
    //! Explains the shown query's matches of the explained run (when the toggle is on).
    void explainShown();

    //! Descriptor sets read from run folders, by folder and provenance (loadedKey()): one
    //! folder holds several (checkpoints, BatchNorm modes). Filled by the inspections' work (a
    //! dropped inspection's reading is not lost), cleared with the dataset.
    struct LoadedDescriptors {
        std::mutex mutex;
        std::map<QString, std::shared_ptr<const DescriptorSet>> sets;
    };
    static QString loadedKey(const Candidate& candidate);
    //! The folder of the descriptors a candidate's results were computed from; empty when
    //! unknown. Touches the disk.
    static std::string descriptorsOf(const Candidate& candidate);

    EvaluationDocument* mDocument;
    bool mSelectionPending = false; //!< the document's selection changed while hidden
    std::shared_ptr<const Dataset> mDataset;
    std::vector<size_t> mSplitRows;
    std::vector<UtmPosition> mPositions;
    std::vector<Candidate> mCandidates;
    std::shared_ptr<LoadedDescriptors> mLoaded = std::make_shared<LoadedDescriptors>();

    RunComparison* mModel;
    ComparisonFilterModel* mFiltered;
    QComboBox* mRunA;
    QComboBox* mRunB;
    QSpinBox* mK;
    QComboBox* mSet;
    QComboBox* mGeoA; //!< ComparisonFilterModel::Geo of A's top-1
    QComboBox* mGeoB;
    QDoubleSpinBox* mGeoMetres;
    QLabel* mCount;
    QPushButton* mExport;
    QLabel* mStatus;
    QTableView* mTable;
    ImageView* mQueryView;
    QLabel* mSideLabels[2];
    std::vector<ImageView*> mViews[2];

    QPushButton* mExplain;
    QComboBox* mExplainSide;
    ExplanationPanel* mExplanation;
    QStackedWidget* mImagePages; //!< the retrieved items, or mExplanation while explaining
    std::string mCheckpoint;     //!< what explains the explained run; empty: nothing
    QString mNoCheckpoint;       //!< why not

    NewestRequest* mInspections;
    Inspection mShown;
    TranslatedTexts mTexts; //!< every text this widget shows (docs/translations.md)
};

} // namespace orinet
