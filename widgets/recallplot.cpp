#include "recallplot.h"
#include "localnumber.h"

#include <QFile>
#include <QFileInfo>

#include <cmath>
#include <cstdio>
#include <limits>

namespace orinet {

namespace {

void styleAxis(QCPAxis* axis, double fontSize) {
    axis->setTickLabelFont(FigurePlot::fontOfSize(fontSize));
    axis->setLabelFont(FigurePlot::fontOfSize(fontSize + 1));
    axis->setBasePen(QPen(Qt::black, 0.8));
    axis->setTickPen(QPen(Qt::black, 0.8));
    axis->setSubTickPen(QPen(Qt::black, 0.5));
    axis->grid()->setPen(QPen(QColor(210, 210, 210), 0.5, Qt::DotLine));
    axis->grid()->setSubGridVisible(false);
    axis->setLabelPadding(2);
    axis->setTickLabelPadding(2);
}

Qt::PenStyle thresholdStyle(int index) {
    static const Qt::PenStyle styles[] = {Qt::SolidLine, Qt::DashLine, Qt::DotLine,
                                          Qt::DashDotLine};
    return styles[index % 4];
}

// Marker shapes (in QCPScatterStyle's size-6 frame) so that curves stay apart in grey-scale
// print; drawn as paths, which also keeps them vector shapes in PDF and SVG.
QPainterPath markerPath(int index) {
    QPainterPath path;
    switch (index % 5) {
    case 0:
        path.addEllipse(QPointF(0, 0), 2.6, 2.6);
        break;
    case 1:
        path.addRect(-2.3, -2.3, 4.6, 4.6);
        break;
    case 2:
        path.addPolygon(QPolygonF({{0, -3}, {2.8, 2}, {-2.8, 2}, {0, -3}}));
        break;
    case 3:
        path.addPolygon(QPolygonF({{0, -3}, {3, 0}, {0, 3}, {-3, 0}, {0, -3}}));
        break;
    default:
        path.addPolygon(QPolygonF({{0, 3}, {2.8, -2}, {-2.8, -2}, {0, 3}}));
        break;
    }
    path.closeSubpath();
    return path;
}

// Points (K, 100·recall) skipping unknown values.
void fillGraph(QCPGraph* graph, const QVector<double>& recall) {
    QVector<double> keys, values;
    for (int k = 0; k < recall.size(); ++k)
        if (std::isfinite(recall[k])) {
            keys << k + 1;
            values << 100.0 * recall[k];
        }
    graph->setData(keys, values, /*alreadySorted=*/true);
}

} // namespace

RecallPlot::RecallPlot(QWidget* parent)
    : FigurePlot(parent) {
    rebuild();
}

QColor RecallPlot::curveColor(int index) {
    // Okabe & Ito's palette, distinguishable with the common colour-vision deficiencies.
    static const QColor palette[] = {
        QColor(0, 114, 178), QColor(213, 94, 0),   QColor(0, 158, 115), QColor(204, 121, 167),
        QColor(230, 159, 0), QColor(86, 180, 233), QColor(0, 0, 0),     QColor(240, 228, 66)};
    return palette[index % 8];
}

RecallPlot::Curve RecallPlot::curveFromReport(const metrics::EvaluationReport& report,
                                              const QString& name) {
    Curve c;
    c.name = name;
    c.recall = QVector<double>(report.recall.begin(), report.recall.end());
    c.geo = QVector<metrics::GeoRecall>(report.geo.begin(), report.geo.end());
    return c;
}

void RecallPlot::setCurves(const QVector<Curve>& curves) {
    mCurves = curves;
    rebuild();
}

void RecallPlot::setReferences(const QVector<Reference>& references) {
    mReferences = references;
    rebuild();
}

QCPScatterStyle RecallPlot::referenceMarker(int index, double size) {
    // Crossed and starred outlines: no curve marker (markerPath) has them, and without a fill
    // they read as "a point from elsewhere" beside the filled-looking curve markers.
    static const QCPScatterStyle::ScatterShape shapes[] = {
        QCPScatterStyle::ssCrossCircle, QCPScatterStyle::ssPlusSquare, QCPScatterStyle::ssStar,
        QCPScatterStyle::ssCrossSquare, QCPScatterStyle::ssPlusCircle};
    return QCPScatterStyle(shapes[index % 5], QPen(Qt::black, 0.9), Qt::NoBrush, size);
}

void RecallPlot::setLogX(bool logX) {
    mLogX = logX;
    rebuild();
}

void RecallPlot::setGeoPanel(bool show) {
    mGeoPanel = show;
    rebuild();
}

void RecallPlot::setPlotTitle(const QString& title) {
    mTitle = title;
    rebuild();
}

void RecallPlot::setAxisTitles(const AxisTitles& titles) {
    mAxisTitles = titles;
    rebuild();
}

void RecallPlot::setFontSize(double points) {
    mFontSize = points;
    rebuild();
}

void RecallPlot::rebuild() {
    mLines.clear();
    mNames.clear();
    mLegendPlaces.clear();
    clearPlottables();
    plotLayout()->clear(); // deletes the axis rects, their legends and the title
    legend = nullptr;
    plotLayout()->setRowSpacing(0);

    int row = 0;
    if (!mTitle.isEmpty()) {
        // Regular weight: with a second (bold) face, the order of the fonts in a PDF follows
        // Qt's per-process hash seed, and the same figure would not give the same bytes.
        plotLayout()->addElement(row++, 0,
                                 new QCPTextElement(this, mTitle, fontOfSize(mFontSize + 2)));
    }
    const bool geo = mGeoPanel;
    int topK = 1;
    for (const Curve& c : mCurves)
        topK = std::max(topK, static_cast<int>(c.recall.size()));
    // A paper's recall@1% may lie beyond the runs' top K (K = 89 of CVUSA's 8,884 tiles): each
    // panel's K axis reaches its own references.
    bool anyReference = false;
    int mainTopK = topK, geoTopK = topK;
    for (const Reference& r : mReferences) {
        if (r.geo && !mGeoPanel)
            continue;
        anyReference = anyReference || !r.geo;
        int& panelTopK = r.geo ? geoTopK : mainTopK;
        for (const QPointF& p : r.points)
            panelTopK = std::max(panelTopK, static_cast<int>(std::ceil(p.x())));
    }

    // The panels share one cell of the top-level grid so the title spans both.
    auto panels = new QCPLayoutGrid;
    mPanels = panels;
    plotLayout()->addElement(row, 0, panels);
    panels->setColumnSpacing(12);
    auto makeRect = [&](int column, const QString& yLabel, int topK) {
        auto rect = new QCPAxisRect(this);
        panels->addElement(0, column, rect);
        rect->setupFullAxesBox(true);
        QCPAxis* x = rect->axis(QCPAxis::atBottom);
        QCPAxis* y = rect->axis(QCPAxis::atLeft);
        for (QCPAxis* axis : rect->axes())
            styleAxis(axis, mFontSize);
        x->setLabel(mAxisTitles.k);
        y->setLabel(yLabel);
        if (mLogX) {
            for (QCPAxis* axis : {x, rect->axis(QCPAxis::atTop)}) {
                axis->setScaleType(QCPAxis::stLogarithmic);
                QSharedPointer<QCPAxisTickerLog> ticker(new QCPAxisTickerLog);
                ticker->setSubTickCount(8);
                axis->setTicker(ticker);
            }
        } else if (topK <= 10) {
            // K is a count: on a short axis (or an empty plot, 1..2) the default ticker would
            // label 1.2, 1.4, ...
            for (QCPAxis* axis : {x, rect->axis(QCPAxis::atTop)}) {
                QSharedPointer<QCPAxisTickerFixed> ticker(new QCPAxisTickerFixed);
                ticker->setTickStep(1);
                axis->setTicker(ticker);
            }
        }
        // An empty plot shows K = 1..10, the range most figures start with.
        x->setRange(1, std::max(mCurves.isEmpty() && topK == 1 ? 10 : 2, topK));
        y->setRange(0, 100);
        rect->axis(QCPAxis::atTop)->setTickLabels(false);
        rect->axis(QCPAxis::atRight)->setTickLabels(false);
        rect->setMargins(QMargins(0, 0, 0, 0));
        return rect;
    };

    QCPAxisRect* main = makeRect(0, mAxisTitles.recall, mainTopK);
    QCPAxisRect* geoRect = geo ? makeRect(1, mAxisTitles.geoRecall, geoTopK) : nullptr;

    legend = new QCPLegend;
    main->insetLayout()->addElement(legend, Qt::AlignRight | Qt::AlignBottom);
    legend->setLayer(QLatin1String("legend"));
    legend->setFont(fontOfSize(mFontSize));
    legend->setBorderPen(QPen(QColor(160, 160, 160), 0.5));
    legend->setBrush(QColor(255, 255, 255, 230));
    legend->setRowSpacing(0);
    legend->setIconSize(18, 8);
    legend->setMargins(QMargins(4, 2, 4, 2));
    legend->setVisible(!mCurves.isEmpty() || anyReference);

    QCPLegend* geoLegend = nullptr;
    if (geoRect) {
        geoLegend = new QCPLegend;
        geoRect->insetLayout()->addElement(geoLegend, Qt::AlignRight | Qt::AlignBottom);
        geoLegend->setLayer(QLatin1String("legend"));
        geoLegend->setFont(fontOfSize(mFontSize));
        geoLegend->setBorderPen(QPen(QColor(160, 160, 160), 0.5));
        geoLegend->setBrush(QColor(255, 255, 255, 230));
        geoLegend->setRowSpacing(0);
        geoLegend->setIconSize(18, 8);
        geoLegend->setMargins(QMargins(4, 2, 4, 2));
    }

    // Markers at about ten K values, spread evenly on the axis in use. They are a separate,
    // legend-less graph: QCustomPlot's scatter skip is uniform in K, which bunches them on a
    // log axis. The line graph keeps the marker style for its legend icon only.
    QVector<double> markerKeys;
    if (mLogX) {
        for (double decade = 1; decade <= topK; decade *= 10)
            for (double step : {1.0, 2.0, 5.0})
                if (step * decade <= topK)
                    markerKeys << step * decade;
    } else {
        markerKeys << 1;
        const int stride = std::max(1, topK / 10);
        for (int k = stride; k <= topK; k += stride)
            if (k > 1)
                markerKeys << k;
    }
    auto addCurve = [&](QCPAxisRect* rect, QCPLegend* target, const QString& name,
                        const QVector<double>& recall, int colour, Qt::PenStyle style) {
        const QPen pen(curveColor(colour), 1.3, style);
        const QCPScatterStyle marker(markerPath(colour), QPen(curveColor(colour), 1.0), Qt::white,
                                     mFontSize * 0.6);
        QCPGraph* line = addGraph(rect->axis(QCPAxis::atBottom), rect->axis(QCPAxis::atLeft));
        line->setName(name);
        line->setPen(pen);
        fillGraph(line, recall);
        line->setScatterStyle(marker);
        line->setScatterSkip(std::numeric_limits<int>::max() / 2); // icon only (and K = 1)
        if (target)
            line->addToLegend(target);
        mLines << line;
        mNames << name;
        QCPGraph* markers = addGraph(rect->axis(QCPAxis::atBottom), rect->axis(QCPAxis::atLeft));
        markers->setLineStyle(QCPGraph::lsNone);
        markers->setScatterStyle(marker);
        QVector<double> keys, values;
        for (double k : markerKeys) {
            const int index = static_cast<int>(k) - 1;
            if (index < recall.size() && std::isfinite(recall[index])) {
                keys << k;
                values << 100.0 * recall[index];
            }
        }
        markers->setData(keys, values, /*alreadySorted=*/true);
    };
    // The geo panel's curves have the runs' colours (the recall panel's legend names them);
    // its legend is only the key of the distances' line styles, however many runs there are.
    QVector<double> geoThresholds;
    for (int i = 0; i < mCurves.size(); ++i) {
        const Curve& c = mCurves[i];
        addCurve(main, legend, c.name, c.recall, i, Qt::SolidLine);
        if (!geoRect)
            continue;
        for (int t = 0; t < c.geo.size(); ++t) {
            addCurve(geoRect, nullptr, QStringLiteral("%1, ≤%2 m").arg(c.name).arg(c.geo[t].metres),
                     QVector<double>(c.geo[t].curve.begin(), c.geo[t].curve.end()), i,
                     thresholdStyle(t));
            if (t >= geoThresholds.size())
                geoThresholds << c.geo[t].metres;
        }
    }
    for (int t = 0; geoLegend && t < geoThresholds.size(); ++t) {
        QCPGraph* key = addGraph(geoRect->axis(QCPAxis::atBottom), geoRect->axis(QCPAxis::atLeft));
        key->setPen(QPen(QColor(60, 60, 60), 1.3, thresholdStyle(t)));
        key->setName(QStringLiteral("≤%1 m").arg(geoThresholds[t]));
        key->addToLegend(geoLegend);
    }
    // The papers' figures after the runs: unconnected markers at the K they give, each in its
    // panel's legend (the geo panel's legend keys distances, and these).
    for (int i = 0; i < mReferences.size(); ++i) {
        const Reference& r = mReferences[i];
        QCPAxisRect* rect = r.geo ? geoRect : main;
        QCPLegend* target = r.geo ? geoLegend : legend;
        if (!rect)
            continue;
        QCPGraph* points = addGraph(rect->axis(QCPAxis::atBottom), rect->axis(QCPAxis::atLeft));
        points->setName(r.name);
        points->setLineStyle(QCPGraph::lsNone);
        points->setPen(QPen(Qt::black, 0.9));
        points->setScatterStyle(referenceMarker(i, mFontSize * 0.9));
        QVector<double> keys, values;
        for (const QPointF& p : r.points)
            if (std::isfinite(p.y())) {
                keys << p.x();
                values << 100.0 * p.y();
            }
        points->setData(keys, values);
        points->addToLegend(target);
        mLines << points;
        mNames << r.name;
    }
    if (geoLegend)
        geoLegend->setVisible(geoLegend->itemCount() > 0);
    mLegendPlaces << LegendPlace{legend, main, 0, false};
    if (geoLegend)
        mLegendPlaces << LegendPlace{geoLegend, geoRect, 1, false};
    replot(QCustomPlot::rpQueuedReplot);
}

void RecallPlot::updateLayout() {
    QCustomPlot::updateLayout();
    bool changed = false;
    for (LegendPlace& place : mLegendPlaces)
        changed |= fitLegend(place);
    if (changed)
        QCustomPlot::updateLayout();
}

bool RecallPlot::fitLegend(LegendPlace& place) {
    QCPLegend* legend = place.legend;
    if (!legend->visible() || legend->itemCount() == 0)
        return false;
    // Measure with the full names.
    QVector<QCPGraph*> graphs;
    QVector<QString> shown;
    for (int i = 0; i < mLines.size(); ++i) {
        if (legend->hasItemWithPlottable(mLines[i])) {
            graphs << mLines[i];
            shown << mLines[i]->name();
            mLines[i]->setName(mNames[i]);
        }
    }
    const QFontMetricsF metrics(legend->font());
    double widestName = 0;
    for (QCPGraph* graph : graphs)
        widestName = std::max(widestName, metrics.horizontalAdvance(graph->name()));
    const int needed = legend->minimumOuterSizeHint().width();
    // Inside the axes only where it hides no data point (and leaves room beside it); under
    // them it has the panel's whole width.
    bool below = needed > place.rect->rect().width() - 6;
    if (!below)
        below = place.below ? place.coveredData
                            : (place.coveredData = legendCoversData(legend, place.rect));
    bool changed = below != place.below;
    if (changed) {
        if (below) {
            place.rect->insetLayout()->take(legend);
            place.rect->insetLayout()->simplify();
            mPanels->addElement(1, place.column, legend);
            mPanels->setRowStretchFactor(1, 0.001); // as tall as its entries, no more
            legend->setBorderPen(Qt::NoPen);        // a frame under the axes is only clutter
        } else {
            mPanels->take(legend);
            mPanels->simplify();
            place.rect->insetLayout()->addElement(legend, Qt::AlignRight | Qt::AlignBottom);
            legend->setBorderPen(QPen(QColor(160, 160, 160), 0.5));
        }
        place.below = below;
    }
    if (below) {
        // Still too wide for the panel: shorten the names in the middle, where run names
        // differ least (their start is the run, their end the checkpoint and mode).
        const double overhead = needed - widestName;
        const double room = std::max(20.0, place.rect->outerRect().width() - overhead - 2);
        for (QCPGraph* graph : graphs)
            if (metrics.horizontalAdvance(graph->name()) > room)
                graph->setName(metrics.elidedText(graph->name(), Qt::ElideMiddle, room));
    }
    for (int i = 0; i < graphs.size(); ++i)
        changed |= graphs[i]->name() != shown[i];
    return changed;
}

QString RecallPlot::hoverText(const QPointF& pos) const {
    QString text;
    QCPAxisRect* hovered = nullptr;
    for (QCPAxisRect* rect : axisRects())
        if (rect->rect().contains(pos.toPoint()))
            hovered = rect;
    if (!hovered)
        return {};
    const double key = hovered->axis(QCPAxis::atBottom)->pixelToCoord(pos.x());
    const int k = std::max(1, static_cast<int>(std::lround(key)));
    for (int i = 0; i < mLines.size(); ++i) {
        const QCPGraph* line = mLines[i];
        if (line->keyAxis()->axisRect() != hovered)
            continue;
        const auto it = line->data()->findBegin(k, /*expandedRange=*/false);
        if (it == line->data()->constEnd() || std::lround(it->key) != k)
            continue;
        text += QStringLiteral("\n%1: %2 %").arg(mNames[i]).arg(localNumber(it->value, 2));
    }
    return text.isEmpty() ? QString() : QStringLiteral("K = %1").arg(k) + text;
}

FigureWriter::Metadata RecallPlot::figureMetadata() const {
    FigureWriter::Metadata metadata;
    metadata.title = mTitle.isEmpty() ? QStringLiteral("Recall@K") : mTitle;
    metadata.description = QStringLiteral("OriNet Studio recall plot");
    metadata.created = mCreationDate;
    return metadata;
}

} // namespace orinet
