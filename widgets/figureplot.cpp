#include "figureplot.h"

#include <QMouseEvent>
#include <QToolTip>

#include <cmath>

namespace orinet {

FigurePlot::FigurePlot(QWidget* parent)
    : QCustomPlot(parent) {
    setBackground(Qt::white);
    setMouseTracking(true);
    setAutoAddPlottableToLegend(false); // each plot fills its legends itself
}

QFont FigurePlot::fontOfSize(double points) {
    QFont font(QStringLiteral("DejaVu Sans"));
    font.setPixelSize(std::max(1, static_cast<int>(std::lround(points))));
    return font;
}

bool FigurePlot::saveFigure(const QString& path, int widthPt, int heightPt, int dpi,
                            QString* error) {
    return FigureWriter::save(*this, path, widthPt, heightPt, dpi, figureMetadata(), error);
}

void FigurePlot::mouseMoveEvent(QMouseEvent* event) {
    QCustomPlot::mouseMoveEvent(event);
    const QString text = hoverText(event->position());
    if (text.isEmpty())
        QToolTip::hideText();
    else
        QToolTip::showText(event->globalPosition().toPoint(), text, this);
}

bool FigurePlot::legendCoversData(const QCPLegend* legend, const QCPAxisRect* rect) const {
    if (!legend || !legend->visible())
        return false;
    // A pen's width around the box: a line grazing the frame is hidden by it too.
    const QRectF box = QRectF(legend->outerRect()).adjusted(-1, -1, 1, 1);
    for (int i = 0; i < graphCount(); ++i) {
        const QCPGraph* g = graph(i);
        if (!g->visible() || g->keyAxis()->axisRect() != rect)
            continue;
        const bool lines = g->lineStyle() != QCPGraph::lsNone && g->pen().style() != Qt::NoPen;
        bool havePrevious = false;
        QPointF previous;
        for (auto it = g->data()->constBegin(); it != g->data()->constEnd(); ++it) {
            if (!std::isfinite(it->value)) {
                havePrevious = false; // a gap in the curve
                continue;
            }
            const QPointF point(g->keyAxis()->coordToPixel(it->key),
                                g->valueAxis()->coordToPixel(it->value));
            if (box.contains(point) ||
                (lines && havePrevious && segmentCrosses(previous, point, box)))
                return true;
            previous = point;
            havePrevious = true;
        }
    }
    return false;
}

bool FigurePlot::segmentCrosses(const QPointF& a, const QPointF& b, const QRectF& box) {
    // Liang-Barsky: clip the parameter range [0, 1] of a + t (b - a) against the box's four
    // sides; the segment crosses the box when some range is left.
    double t0 = 0, t1 = 1;
    const double dx = b.x() - a.x(), dy = b.y() - a.y();
    const double p[4] = {-dx, dx, -dy, dy};
    const double q[4] = {a.x() - box.left(), box.right() - a.x(), a.y() - box.top(),
                         box.bottom() - a.y()};
    for (int i = 0; i < 4; ++i) {
        if (p[i] == 0) {
            if (q[i] < 0)
                return false; // parallel to this side and outside it
            continue;
        }
        const double t = q[i] / p[i];
        if (p[i] < 0)
            t0 = std::max(t0, t);
        else
            t1 = std::min(t1, t);
        if (t0 > t1)
            return false;
    }
    return true;
}

} // namespace orinet
