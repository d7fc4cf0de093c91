#pragma once

#include "common/outputtarget.h"
#include "figureplot.h"

#include <QString>

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

namespace orinet {

//! One run's training history as the curves need it: per-step loss and per-epoch validation,
//! from the run's log or received live. Plain data; times are seconds.
struct TrainingHistory {
    struct Step {
        int64_t step = 0; //!< global, 1-based
        int epoch = 0;    //!< 1-based
        double loss = NAN;
        double unixTime = NAN; //!< when it was logged; NaN: unknown
        //! CVACT variant: the released code's value of the same loss (masked pairs counted as
        //! log 2; docs/training.md), shown on hover; NaN: not logged.
        double releasedLoss = NAN;
    };
    struct Epoch {
        int epoch = 0; //!< 1-based
        int64_t step = 0;
        double meanLoss = NAN;
        double recallAt1 = NAN; //!< fractions; NaN without validation
        double recallAtOnePercent = NAN;
        //! A query/gallery (VIGOR) run's validation, held-out panoramas against the whole
        //! gallery: recall@5, @10 and the hit rate (docs/vigor.md, Metrics); NaN otherwise.
        double recallAt5 = NAN;
        double recallAt10 = NAN;
        double hitRate = NAN;
        double unixTime = NAN;
    };
    QString name;
    int64_t stepsPerEpoch = 0; //!< 0: inferred from the epochs
    std::vector<Step> steps;
    std::vector<Epoch> epochs;
};

//! Training curves with TensorBoard's habits, for any number of runs overlaid: the loss per
//! step raw (faint) and smoothed (an exponential moving average with TensorBoard's debiasing,
//! weight 0..0.99), validation recall@1 (dashed) and recall@1% (solid) per epoch below, and for
//! a query/gallery (VIGOR) run also recall@5 (dotted), recall@10 (dash-dot) and the hit rate
//! (dash-dot-dot); x by step, epoch or wall time; hover values; export as PDF/SVG/PNG
//! (FigureWriter) and the data as CSV. The recall legend keys the figures by line style, and
//! clicking a key hides that figure's curves (or shows them again). The loss is the one
//! optimised; where it differs from the released code's (CVACT: masked pairs dropped, not
//! counted as log 2), the axis says so and hovering shows both.
//!
//! Threading: GUI thread only, as every widget. Live updates: append, then call refresh() from
//! a throttled timer, not per step.
class TrainingCurves : public FigurePlot {
    Q_OBJECT
public:
    enum class XAxis { Step, Epoch, WallTime };
    //! The per-epoch validation figures, in the order of the recall legend's key. A one-to-one
    //! run has r@1 and r@1%; a query/gallery run all five (docs/vigor.md, Metrics).
    enum class Figure { RecallAtOnePercent, RecallAt1, RecallAt5, RecallAt10, HitRate };
    static constexpr int kFigureCount = 5;

    explicit TrainingCurves(QWidget* parent = nullptr);

    void setHistories(std::vector<TrainingHistory> histories);
    const std::vector<TrainingHistory>& histories() const { return mHistories; }
    //! Live data for run `index`; shown at the next refresh().
    void appendStep(int index, const TrainingHistory::Step& step);
    void appendEpoch(int index, const TrainingHistory::Epoch& epoch);
    //! Redraws from the histories (after appends, or a change of options).
    void refresh();

    void setSmoothing(double weight);
    double smoothing() const { return mSmoothing; }
    void setXAxis(XAxis axis);
    XAxis xAxis() const { return mXAxis; }
    //! Base font size in points (figures exported with 1 px = 1 pt).
    void setFontSize(double points);
    //! Shows or hides a figure's curves in every run (clicking its key does the same); a
    //! hidden figure leaves the recall axis's range and its key is greyed. All start shown.
    void setFigureShown(Figure figure, bool shown);
    bool isFigureShown(Figure figure) const;
    //! A figure's value in an epoch record (a fraction; NaN: not measured).
    static double figureOf(const TrainingHistory::Epoch& epoch, Figure figure);

    //! TensorBoard's smoothing: last = last·w + (1−w)·v, divided by 1 − w^n so the first
    //! values are not pulled towards 0. NaN values are carried through and skipped.
    static std::vector<double> smooth(const std::vector<double>& values, double weight);
    //! Where a step / an epoch record of `history` lies on the x axis.
    static double xOf(const TrainingHistory& history, const TrainingHistory::Step& step,
                      XAxis axis);
    static double xOf(const TrainingHistory& history, const TrainingHistory::Epoch& epoch,
                      XAxis axis);

    //! Each run's loss or recall nearest to `pos` (empty outside the panels).
    QString hoverText(const QPointF& pos) const override;
    //! Every run's steps and epochs in one long table: run, kind (step|epoch), step, epoch,
    //! wall_time_s (since the run's first record), loss, loss_smoothed, r@1, r@1%; when a
    //! query/gallery run is among them also r@5, r@10, hit_rate (empty for one-to-one runs).
    std::string csv() const;
    //! What csv() writes, for OutputTarget: a user's own CSV at the path is not replaced.
    static OutputTarget::FileKind csvKind();

protected:
    void changeEvent(QEvent* event) override;
    FigureWriter::Metadata figureMetadata() const override;
    //! Each legend takes the first corner of its panel where it hides no data; when one finds
    //! none (several runs at a paper figure's size), a single legend goes under both panels.
    void updateLayout() override;

private:
    void rebuild();
    //! Tries `shown` in the corners of `rect`; true when one leaves every curve in view.
    bool fitInside(QCPLegend* shown, QCPAxisRect* rect, const Qt::Alignment (&corners)[4]);
    //! Below: the runs' legend under the panels, in as few rows as fit, with the recall key;
    //! else each legend back in its panel.
    void placeLegendsBelow(bool below);
    //! Lays out with the plot areas (not the panels with their margins) sized 3:2, value
    //! ticks as dense as the panels' heights allow and the recall title short when the long
    //! one is longer than its panel is high.
    void balancePanels();
    //! Puts the runs' entries of `legend` in `columns` columns, the recall key in rows of
    //! `keyColumns` (0: `columns`) below.
    void arrangeLegend(int columns, int keyColumns = 0);
    //! The recall key inside its panel: more than two figures in two rows.
    void arrangeRecallLegend();
    //! The keys of hidden figures greyed, wherever they are.
    void styleKeys();
    //! A run's name in the legend: in a comparison of one-to-one and query/gallery runs, the
    //! latter say that their recall is against the whole gallery.
    QString runLabel(size_t index) const;
    //! The figure of a key graph; -1 for any other plottable.
    int keyFigure(const QCPAbstractPlottable* plottable) const;

    std::vector<TrainingHistory> mHistories;
    double mSmoothing = 0.6;
    XAxis mXAxis = XAxis::Step;
    double mFontSize = 9;
    QCPAxisRect* mLossRect = nullptr;
    QCPAxisRect* mRecallRect = nullptr;
    QCPLegend* mRecallLegend = nullptr;
    //! Legend-only graphs keying the figures drawn (in mRecallLegend, or in `legend` when
    //! below), and their figures.
    std::vector<QCPGraph*> mRecallKeys;
    std::vector<Figure> mKeyFigures;
    bool mShown[kFigureCount] = {true, true, true, true, true};
    bool mAnyRecall = false;
    bool mMixedKinds = false; //!< one-to-one and query/gallery runs with recall
    bool mLegendsBelow = false;
    QString mRecallTitle; //!< the recall axis's title where the panel is high enough
    //! Graphs per run: raw loss, smoothed loss and each figure's (by Figure; r@1 and r@1%
    //! always, the others only when the run has them).
    struct RunGraphs {
        QCPGraph* raw = nullptr;
        QCPGraph* smoothed = nullptr;
        QCPGraph* figures[kFigureCount] = {};
    };
    std::vector<RunGraphs> mGraphs;
};

} // namespace orinet
