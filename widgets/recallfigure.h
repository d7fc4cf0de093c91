#pragma once

#include "metrics/evaluationreport.h"
#include "metrics/publishedresults.h"
#include "metrics/resultstable.h"
#include "recallplot.h"

#include <QString>
#include <QVector>

#include <vector>

namespace orinet {

//! The paper figure and results table of several evaluated runs: what `orinet plot recall`
//! writes and what the studio's Export writes, through this one class, so both give the same
//! bytes for the same inputs (a PDF's creation date is the newest result's date, not the
//! clock's).
//!
//! Threading: GUI thread (it renders with a widget); a QApplication must exist.
class RecallFigure {
public:
    struct Run {
        QString name; //!< legend and table name
        metrics::EvaluationReport report;
    };

    struct Options {
        int widthPt = 0; //!< 0: 252 pt (3.5 in, one column), 504 pt with the geo panel
        int heightPt = 180;
        int dpi = 300; //!< PNG only
        double fontPt = 8;
        bool logX = false;
        bool geo = false; //!< a second panel with geo-recall@K
        QString title;

        int effectiveWidthPt() const { return widthPt > 0 ? widthPt : (geo ? 504 : 252); }
    };

    //! A length for --width/--height or the export dialog: "252" or "252pt" (points), "89mm",
    //! "3.5in"; rounded to whole points. Throws orinet::Error naming `what` for anything else
    //! or a length outside 50..5000 pt.
    static int parseLength(const QString& text, const QString& what);
    static double millimetresToPoints(double mm) { return mm * 72.0 / 25.4; }

    //! Throws orinet::Error for out-of-range options or a figure path that is not .pdf, .svg
    //! or .png: call it before writing anything.
    static void validate(const Options& options, const QString& figurePath);

    //! What makes runs comparable in one plot: split and direction (e.g. "val, g2s").
    static QString comparisonKey(const metrics::EvaluationReport& report);
    //! Empty when every run has the first run's split and direction; otherwise a sentence
    //! naming the runs that differ.
    static QString mismatch(const std::vector<Run>& runs);

    static QVector<RecallPlot::Curve> curves(const std::vector<Run>& runs);

    using Published = std::vector<metrics::PublishedResults::Row>;
    //! The rows of `table` to show beside `runs` (PublishedResults::matching()): those of the
    //! runs' split (the first run that says), and of `dataset` when a row names it (else of
    //! every dataset). `dataset` may be empty: not known.
    static Published publishedFor(const metrics::PublishedResults& table,
                                  const std::vector<Run>& runs, const QString& dataset);
    //! The name of the dataset a run was trained on, from the run folder's configuration
    //! (the dataset folder's name, e.g. "CVUSA"), for `fileOrFolder` a run folder or results
    //! in one; empty when it is not known.
    static QString datasetOf(const QString& fileOrFolder);
    //! The markers of published rows: at each K a row gives, and its r@1% at K =
    //! floor(0.01·N) + 1 with N its gallery column, else the runs' gallery size. Legend names
    //! are "<method> (published)", with the dataset and split when two rows share a method
    //! and the distance of geo-recall ("OriNet, ≤5 m (published)");
    //! `mark` is "published" (figures are English; the window shows its own language's).
    static QVector<RecallPlot::Reference>
    references(const Published& published, const std::vector<Run>& runs,
               const QString& mark = QStringLiteral("published"));

    //! Writes the figure (format by suffix), atomically, with `published` rows as reference
    //! markers. Throws orinet::Error naming the file.
    static void writeFigure(const std::vector<Run>& runs, const Options& options,
                            const QString& path, const Published& published = {});
    //! r@1, r@5, r@10, r@1% (and geo-recall@1 when a run has it) per run, then the published
    //! rows (metrics::resultsTable()).
    static std::string table(const std::vector<Run>& runs, metrics::TableFormat format,
                             const Published& published = {});
    //! Writes table() atomically. Throws orinet::Error naming the file.
    static void writeTable(const std::vector<Run>& runs, metrics::TableFormat format,
                           const QString& path, const Published& published = {});

    //! The usual name of a run from where its results were read: the run folder's name for
    //! RUN, RUN/results/eval_*.json or RUN/results/<key>/eval_*.json, else the file's base
    //! name; followed by the checkpoint and BatchNorm mode the report records
    //! ("run (last e20, BN recalibrated)"), so a legend says what each curve is. Imported
    //! descriptors of another method are named by the method ("Sample4Geo").
    static QString defaultName(const QString& fileOrFolder,
                               const metrics::EvaluationReport& report);
};

} // namespace orinet
