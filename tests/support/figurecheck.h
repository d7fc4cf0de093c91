#pragma once

// What the figure tests share: a plot painted at a figure's size, and the check that a legend
// sits inside the axes only where it hides no data.

#include <QDir>
#include <QImage>
#include <QRect>
#include <QRectF>
#include <QString>
#include <qcustomplot.h>

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

//! The first data point of `plot` (a curve vertex or marker) drawn under one of its legends,
//! as "<graph name> at <key>"; empty when every point is in view. Call after laying out.
inline QString dataUnderLegends(QCustomPlot& plot) {
    for (QCPLegend* legend : plot.findChildren<QCPLegend*>()) {
        if (!legend->visible())
            continue;
        const QRectF box = legend->outerRect();
        for (int g = 0; g < plot.graphCount(); ++g) {
            const QCPGraph* graph = plot.graph(g);
            if (!graph->keyAxis()->axisRect()->rect().intersects(legend->outerRect()))
                continue;
            for (auto it = graph->data()->constBegin(); it != graph->data()->constEnd(); ++it) {
                const QPointF point(graph->keyAxis()->coordToPixel(it->key),
                                    graph->valueAxis()->coordToPixel(it->value));
                if (box.contains(point))
                    return QStringLiteral("%1 at %2").arg(graph->name()).arg(it->key);
            }
        }
    }
    return {};
}

} // namespace orinet::testing
