#pragma once

#include "figureplot.h"
#include "metrics/evaluationreport.h"

#include <QDateTime>
#include <QString>
#include <QVector>

namespace orinet {

//! Recall@K curves of several evaluation runs overlaid (the figures of cross-view papers), with
//! an optional second panel of geo-recall@K. Used live in the GUI and, rendered without a
//! display, by `orinet plot recall` for publication figures (PDF, SVG, PNG).
//!
//! Sizes are in points with 1 px = 1 pt, so a figure saved at 252 x 180 is a 3.5 inch wide
//! single-column figure whose fonts have their nominal sizes in the PDF and SVG.
//!
//! Threading: GUI thread only, as every widget.
class RecallPlot : public FigurePlot {
    Q_OBJECT
public:
    //! One run: recall@K as fractions (element K-1), NaN where unknown.
    struct Curve {
        QString name;
        QVector<double> recall;
        QVector<metrics::GeoRecall> geo;
    };

    //! Figures printed in a paper (PublishedResults): drawn as unconnected, hollow black
    //! markers of shapes no curve has, at the K they give, named in the legend.
    struct Reference {
        QString name;            //!< legend, e.g. "OriNet (published)"
        QVector<QPointF> points; //!< (K, recall@K as a fraction)
        bool geo = false;        //!< geo-recall: drawn in the geo panel (when shown) only
    };

    explicit RecallPlot(QWidget* parent = nullptr);

    static Curve curveFromReport(const metrics::EvaluationReport& report, const QString& name);

    void setCurves(const QVector<Curve>& curves);
    const QVector<Curve>& curves() const { return mCurves; }
    void setReferences(const QVector<Reference>& references);
    const QVector<Reference>& references() const { return mReferences; }
    //! The marker of the i-th reference: a hollow shape no curve uses.
    static QCPScatterStyle referenceMarker(int index, double size);
    //! Logarithmic K axis (1, 10, 100, ...).
    void setLogX(bool logX);
    //! Adds a right-hand panel with geo-recall@K (one line style per distance threshold).
    void setGeoPanel(bool show);
    void setPlotTitle(const QString& title);
    //! Axis titles. English by default, as paper figures are (`orinet plot` and the window's
    //! export both draw with the defaults); the GUI gives translated ones for the screen.
    struct AxisTitles {
        QString k = QStringLiteral("K (top candidates)");
        QString recall = QStringLiteral("Recall@K (%)");
        QString geoRecall = QStringLiteral("Geo-recall@K (%)");
    };
    void setAxisTitles(const AxisTitles& titles);
    //! Base font size in points (tick labels; axis labels and title are a little larger).
    void setFontSize(double points);

    //! The creation date written into PDFs (default: now). Set it from the data (e.g. the
    //! newest result) to make the same inputs give the same bytes.
    void setCreationDate(const QDateTime& date) { mCreationDate = date; }

    //! K and each curve's recall@K at `pos` (empty outside the panels).
    QString hoverText(const QPointF& pos) const override;

    //! The colour of the i-th curve (a colour-blind-safe palette, then repeated).
    static QColor curveColor(int index);

protected:
    FigureWriter::Metadata figureMetadata() const override;
    //! After QCustomPlot's layout at the current size (screen or export): a legend too wide
    //! for its panel moves below it, and names still too wide are shortened in the middle.
    void updateLayout() override;

private:
    //! Where a panel's legend sits: inside its axis rect (bottom right) or under it.
    struct LegendPlace {
        QCPLegend* legend = nullptr;
        QCPAxisRect* rect = nullptr;
        int column = 0;
        bool below = false;
        bool coveredData = false; //!< inside, it hid data points (so it went below)
    };

    void rebuild();
    //! Places and shortens one legend for the current layout; true when anything changed.
    bool fitLegend(LegendPlace& place);

    QVector<Curve> mCurves;
    QVector<Reference> mReferences;
    bool mLogX = false;
    bool mGeoPanel = false;
    QString mTitle;
    AxisTitles mAxisTitles;
    double mFontSize = 8;
    QDateTime mCreationDate;
    //! The curves' line graphs (not their markers) with their names, for hover values.
    QVector<QCPGraph*> mLines;
    //! The full legend names of mLines (a graph's own name may be shortened to fit).
    QVector<QString> mNames;
    QCPLayoutGrid* mPanels = nullptr;
    QVector<LegendPlace> mLegendPlaces;
};

} // namespace orinet
