#pragma once

#include "metrics/publishedresults.h"
#include "recallfigure.h"

#include <QObject>
#include <QString>

#include <cstddef>
#include <limits>
#include <memory>
#include <utility>
#include <vector>

namespace orinet {

struct InspectedEvaluation;

//! What the Evaluation workspace's views show, held once: the current evaluation (the newest
//! made in the workspace), the evaluated runs listed for comparison, the current one among
//! them, and the selected query. The workspace and the views change it; RunsView,
//! FailureInspector and ComparisonView observe its signals instead of each keeping its own
//! copy.
//!
//! Threading: GUI thread only.
class EvaluationDocument : public QObject {
    Q_OBJECT
public:
    //! One evaluated run in the list.
    struct Run {
        RecallFigure::Run run; //!< its legend name (the user may edit it) and figures
        QString source;        //!< the results file or run folder it came from; empty: unsaved
        bool shown = true;     //!< drawn in the plot (when comparable, RunsView)
        //! Stable while the run is listed (renamed, shown, re-evaluated): what Compare Runs'
        //! choice of A and B holds on to. Never 0.
        quint64 id = 0;
    };

    explicit EvaluationDocument(QObject* parent = nullptr);
    ~EvaluationDocument() override;

    //! The evaluation the Failures and Compare Runs views show; null before the first.
    const std::shared_ptr<const InspectedEvaluation>& current() const { return mCurrent; }
    //! Makes `evaluation` the current one and lists its run (named after its run folder, from
    //! its results file) as addRun() does. Null (or one without a report) clears the current
    //! evaluation and leaves the list as it is.
    void setCurrent(std::shared_ptr<const InspectedEvaluation> evaluation);

    const std::vector<Run>& runs() const { return mRuns; }
    //! Adds a run, or replaces the one from the same source with the same split and direction
    //! (a re-evaluation), keeping the name and visibility the user gave it. The run added or
    //! replaced becomes the reference. Returns its row.
    int addRun(const QString& name, const metrics::EvaluationReport& report,
               const QString& source = {});
    //! Reads a results JSON, or of a run or results folder each evaluated direction's results
    //! (RunFolder::resultsPerDirection(): ground→satellite and satellite→ground when it has
    //! both), and adds them, each from its file; of several, the one of the plot's split and
    //! direction (else the first) becomes the reference. Returns the first one's row. Throws
    //! orinet::Error naming the file or folder, adding nothing.
    int addResults(const QString& fileOrFolder);
    void removeRun(int row);
    void setShown(int row, bool shown);
    void setName(int row, const QString& name);
    //! The run whose split and direction the plot shows: the newest added while it is shown,
    //! else the first shown one; -1 when none is shown.
    int referenceRow() const;
    //! The row of the current evaluation's run, or -1.
    int currentRow() const;
    //! The row of the run with Run::id `id`, or -1.
    int rowOf(quint64 id) const;

    //! The runs chosen as A and B in Compare Runs (Run::id; 0: none chosen). A new current
    //! evaluation that is neither forgets the choice (it becomes A); removing either does too.
    std::pair<quint64, quint64> comparedRuns() const { return mCompared; }
    void setComparedRuns(quint64 a, quint64 b);

    //! A table of figures printed in papers (metrics::PublishedResults), shown beside the runs
    //! (RunsView); empty when none is loaded.
    const QString& publishedFile() const { return mPublishedFile; }
    const metrics::PublishedResults& published() const { return mPublished; }
    //! Reads `path` and shows it instead of the table loaded before; publishedChanged().
    //! Throws orinet::Error naming the file, line and problem, keeping the one loaded before.
    void setPublishedFile(const QString& path);
    //! Shows no published figures any more.
    void clearPublished();

    static constexpr size_t kNoPair = std::numeric_limits<size_t>::max();
    //! The selected query, as its dataset pair (the compared runs are evaluations of the same
    //! split, so a pair names the same query in each); kNoPair: none.
    size_t selectedPair() const { return mSelectedPair; }
    //! Selects a query; selectionChanged() when it differs.
    void selectPair(size_t pair);

signals:
    //! current() changed (a new evaluation, or none).
    void currentChanged();
    //! runs() changed: added, removed, renamed, shown or hidden.
    void runsChanged();
    //! selectedPair() changed.
    void selectionChanged(size_t pair);
    //! comparedRuns() changed.
    void comparedRunsChanged();
    //! publishedFile() changed (loaded, replaced or cleared).
    void publishedChanged();

private:
    std::shared_ptr<const InspectedEvaluation> mCurrent;
    std::vector<Run> mRuns;
    int mNewest = -1; //!< row of the newest added run; -1 once it is removed
    size_t mSelectedPair = kNoPair;
    quint64 mNextId = 1;
    std::pair<quint64, quint64> mCompared{0, 0};
    QString mPublishedFile;
    metrics::PublishedResults mPublished;
};

} // namespace orinet
