#pragma once

// What the figure tests share: a plot painted at a figure's size, and the check that a legend
// sits inside the axes only where it hides no data.

#include <QDir>
#include <QImage>
#include <QRect>
#include <QRectF>
#include <QString>
#include <qcustomplot.h>

#include <algorithm>
#include <cmath>

namespace orinet::testing {

//! Where figure tests write pictures for people to look at (BUILD/test-output), made if needed.
inline QString figureOutputFolder() {
    const QString dir = QStringLiteral(ORINET_BINARY_DIR "/test-output");
    QDir().mkpath(dir);
    return dir;
}

//! Lays `plot` out and paints it at the size of `figure`, as a figure export does (1 px = 1 pt).
inline QImage paintedFigure(QCustomPlot& plot, const QRect& figure) {
    QImage image(figure.size(), QImage::Format_ARGB32);
    QCPPainter painter(&image);
    plot.toPainter(&painter, figure.width(), figure.height());
    painter.end();
    return image;
}

//! The first data of `plot` drawn under one of its legends (a curve vertex or marker, or a
//! point of the line between two vertices), as "<graph name> at <key>"; empty when every
//! curve is in view. Call after laying out.
inline QString dataUnderLegends(QCustomPlot& plot) {
    for (QCPLegend* legend : plot.findChildren<QCPLegend*>()) {
        if (!legend->visible())
            continue;
        const QRectF box = legend->outerRect();
        for (int g = 0; g < plot.graphCount(); ++g) {
            const QCPGraph* graph = plot.graph(g);
            if (!graph->visible() ||
                !graph->keyAxis()->axisRect()->rect().intersects(legend->outerRect()))
                continue;
            const bool lines = graph->lineStyle() != QCPGraph::lsNone;
            QPointF previous(qQNaN(), qQNaN());
            for (auto it = graph->data()->constBegin(); it != graph->data()->constEnd(); ++it) {
                const QPointF point(graph->keyAxis()->coordToPixel(it->key),
                                    graph->valueAxis()->coordToPixel(it->value));
                if (!qIsFinite(point.y())) {
                    previous = QPointF(qQNaN(), qQNaN());
                    continue;
                }
                if (box.contains(point))
                    return QStringLiteral("%1 at %2").arg(graph->name()).arg(it->key);
                // The line to the previous vertex, sampled every half pixel.
                if (lines && qIsFinite(previous.x())) {
                    const QPointF step = point - previous;
                    const int samples = static_cast<int>(
                        std::ceil(2 * std::max(std::abs(step.x()), std::abs(step.y()))));
                    for (int i = 1; i < samples; ++i)
                        if (box.contains(previous + step * (double(i) / samples)))
                            return QStringLiteral("%1 between %2 and its previous point")
                                .arg(graph->name())
                                .arg(it->key);
                }
                previous = point;
            }
        }
    }
    return {};
}

//! What is wrong with where `plot`'s legends are, laid out at the size of `figure`: a legend
//! (or a panel with its tick labels and axis titles) leaving the figure, a legend given less
//! room than its entries need (clipped), or a legend on a panel's tick labels or titles (it
//! may sit inside the axes, or outside every panel with its margins). Empty when all is well.
inline QString legendPlacementProblem(QCustomPlot& plot, const QRect& figure) {
    auto text = [](const QRect& r) {
        return QStringLiteral("%1,%2 %3x%4").arg(r.x()).arg(r.y()).arg(r.width()).arg(r.height());
    };
    for (QCPAxisRect* rect : plot.axisRects())
        if (!figure.contains(rect->outerRect()))
            return QStringLiteral("panel %1 leaves the figure").arg(text(rect->outerRect()));
    for (QCPLegend* legend : plot.findChildren<QCPLegend*>()) {
        if (!legend->visible())
            continue;
        const QRect box = legend->outerRect();
        if (!figure.contains(box))
            return QStringLiteral("legend %1 leaves the figure").arg(text(box));
        const QSize needed = legend->minimumOuterSizeHint();
        if (box.width() < needed.width() || box.height() < needed.height())
            return QStringLiteral("legend %1 is clipped: it needs %2x%3")
                .arg(text(box))
                .arg(needed.width())
                .arg(needed.height());
        for (QCPAxisRect* rect : plot.axisRects())
            // (a pixel of tolerance: an inset legend is flush with the frame, rounded)
            if (box.intersects(rect->outerRect()) &&
                !rect->rect().adjusted(-1, -1, 1, 1).contains(box))
                return QStringLiteral("legend %1 overlaps the tick labels or titles of panel %2")
                    .arg(text(box), text(rect->outerRect()));
    }
    return {};
}

} // namespace orinet::testing
