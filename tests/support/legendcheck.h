#pragma once

// What the figure tests check of legends: a legend may sit inside the axes only where it
// hides no data.

#include <QRectF>
#include <QString>
#include <qcustomplot.h>

namespace orinet::testing {

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
