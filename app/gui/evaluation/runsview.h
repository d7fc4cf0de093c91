#pragma once

#include "recallfigure.h"
#include "translatedtexts.h"

#include <QWidget>

#include <vector>

class QCheckBox;
class QLabel;
class QTableWidget;

namespace orinet {

class RecallPlot;

//! Evaluated runs side by side: their recall@K curves overlaid (linear or logarithmic K, hover
//! values, a geo-recall panel), a table of r@1, r@5, r@10, r@1% and geo-recall@1 per run with
//! its split, direction and checkpoint, and export of the figure (PDF, SVG, PNG at a size in
//! mm and a resolution) and of the table (LaTeX, CSV) through RecallFigure, the code of
//! `orinet plot recall`: the same inputs give the same files.
//!
//! Runs evaluated on another split or direction than the reference (the newest evaluation, else
//! the first shown run) are listed but not plotted (greyed, with the reason): a recall curve
//! only compares with its own kind.
//!
//! Threading: GUI thread only.
class RunsView : public QWidget {
    Q_OBJECT
public:
    struct Entry {
        RecallFigure::Run run;
        QString source; //!< the results file it came from; empty when unsaved
        bool shown = true;
    };

    explicit RunsView(QWidget* parent = nullptr);

    //! Adds a run, or replaces the one from the same source with the same split and direction
    //! (a re-evaluation). Returns its row.
    int addRun(const QString& name, const metrics::EvaluationReport& report,
               const QString& source = {});
    //! Reads a results JSON or a run folder (as `orinet plot --runs` does). Throws
    //! orinet::Error naming the file.
    int addResults(const QString& fileOrFolder);
    void removeRun(int row);
    void setShown(int row, bool shown);
    const std::vector<Entry>& entries() const { return mEntries; }
    //! The runs in the plot: shown ones of the reference's split and direction.
    std::vector<RecallFigure::Run> plottedRuns() const;
    //! Why a shown run is not plotted ("evaluated on ..."), empty when it is.
    QString exclusionReason(int row) const;

    void setLogX(bool logX);
    void setGeoPanel(bool geo);
    RecallFigure::Options figureOptions() const;
    RecallPlot* plot() const { return mPlot; }

    //! Export through RecallFigure; throw orinet::Error naming the file.
    void exportFigure(const QString& path, const RecallFigure::Options& options) const;
    void exportTable(const QString& path, metrics::TableFormat format) const;

signals:
    void runsChanged();

protected:
    void changeEvent(QEvent* event) override;

private:
    int referenceRow() const;
    void refresh();
    void exportFigureDialog();
    void exportTableDialog();
    void addResultsDialog();

    std::vector<Entry> mEntries;
    RecallPlot* mPlot;
    QTableWidget* mTable;
    QCheckBox* mLogX;
    QCheckBox* mGeo;
    QLabel* mNote;
    int mReference = -1; //!< row of the newest added run; -1: the first shown one
    bool mRefreshing = false;
    TranslatedTexts mTexts; //!< every text this widget shows (docs/translations.md)
};

} // namespace orinet
