#pragma once

#include "recallfigure.h"
#include "translatedtexts.h"

#include <QWidget>

#include <vector>

class QCheckBox;
class QLabel;
class QTableWidget;

namespace orinet {

class EvaluationDocument;
class RecallPlot;

//! Evaluated runs side by side: their recall@K curves overlaid (linear or logarithmic K, hover
//! values, a geo-recall panel), a table of r@1, r@5, r@10, r@1% and geo-recall@1 per run with
//! its split, direction and checkpoint, and export of the figure (PDF, SVG, PNG at a size in
//! mm and a resolution) and of the table (LaTeX, CSV) through RecallFigure, the code of
//! `orinet plot recall`: the same inputs give the same files.
//!
//! Runs evaluated on another split or direction than the reference (EvaluationDocument::
//! referenceRow(): the newest evaluation, else the first shown run) are listed but not plotted
//! (greyed, with the reason): a recall curve only compares with its own kind.
//!
//! The runs are the document's: this view shows them and edits them (add, remove, show,
//! rename), and follows the document's changes. A table of published figures (Add Published
//! Results…, docs/guide/figures.md) adds reference markers to the plot and rows to the table
//! and the exports.
//!
//! Threading: GUI thread only.
class RunsView : public QWidget {
    Q_OBJECT
public:
    explicit RunsView(EvaluationDocument* document, QWidget* parent = nullptr);

    EvaluationDocument* document() const { return mDocument; }
    //! The runs in the plot: shown ones of the reference's split and direction.
    std::vector<RecallFigure::Run> plottedRuns() const;
    //! Why a shown run is not plotted ("evaluated on ..."), empty when it is.
    QString exclusionReason(int row) const;
    //! The rows of the document's published table drawn beside the plotted runs: those of
    //! their split and dataset (RecallFigure::publishedFor(), the dataset from the reference
    //! run's configuration). They follow the runs in the table, in italics.
    RecallFigure::Published plottedPublished() const;

    void setLogX(bool logX);
    void setGeoPanel(bool geo);
    RecallFigure::Options figureOptions() const;
    RecallPlot* plot() const { return mPlot; }

    //! Export through RecallFigure; throw orinet::Error naming the file.
    void exportFigure(const QString& path, const RecallFigure::Options& options) const;
    void exportTable(const QString& path, metrics::TableFormat format) const;

protected:
    void changeEvent(QEvent* event) override;

private:
    void refresh();
    //! The first evaluation of the workspace sets the geo panel (on when it has geo-recall).
    void onCurrentChanged();
    void exportFigureDialog();
    void exportTableDialog();
    void addResultsDialog();
    void addPublishedDialog();

    EvaluationDocument* mDocument;
    RecallPlot* mPlot;
    QTableWidget* mTable;
    QCheckBox* mLogX;
    QCheckBox* mGeo;
    QLabel* mNote;
    bool mRefreshing = false;
    bool mHadRuns = false;  //!< the list was not empty at the last refresh
    TranslatedTexts mTexts; //!< every text this widget shows (docs/translations.md)
};

} // namespace orinet
