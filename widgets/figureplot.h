#pragma once

#include "figurewriter.h"

#include <QFont>
#include <QString>
#include <qcustomplot.h>

namespace orinet {

//! What the studio's plots (RecallPlot, TrainingCurves) share: a white QCustomPlot whose
//! hover values show as a tooltip, saved as a publication figure with FigureWriter, and fonts
//! sized in pixels (figures are exported with 1 px = 1 pt, so fonts keep their nominal sizes).
//!
//! Threading: GUI thread only, as every widget.
class FigurePlot : public QCustomPlot {
    Q_OBJECT
public:
    explicit FigurePlot(QWidget* parent = nullptr);

    //! What hovering at widget position `pos` shows (empty outside the panels).
    virtual QString hoverText(const QPointF& pos) const = 0;

    //! Writes the figure by the file's suffix: .pdf, .svg or .png (rasterised at `dpi`), at
    //! widthPt x heightPt points. The file appears complete or not at all. Returns false and
    //! fills `error` on failure.
    bool saveFigure(const QString& path, int widthPt, int heightPt, int dpi = 300,
                    QString* error = nullptr);

    //! DejaVu Sans at `points` (as pixels, see the class comment).
    static QFont fontOfSize(double points);

protected:
    //! Whether `legend`, where it is now laid out, hides any data drawn in `rect` (curve
    //! vertices, markers and the lines between them): a legend inside the axes may only cover
    //! empty space.
    bool legendCoversData(const QCPLegend* legend, const QCPAxisRect* rect) const;
    //! Whether the segment from `a` to `b` passes through `box`.
    static bool segmentCrosses(const QPointF& a, const QPointF& b, const QRectF& box);
    //! Title, description and date written into the saved figure.
    virtual FigureWriter::Metadata figureMetadata() const = 0;
    void mouseMoveEvent(QMouseEvent* event) override;
};

} // namespace orinet
