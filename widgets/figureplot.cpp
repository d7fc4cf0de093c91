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
    const QRectF box = legend->outerRect();
    for (int i = 0; i < graphCount(); ++i) {
        const QCPGraph* g = graph(i);
        if (!g->visible() || g->keyAxis()->axisRect() != rect)
            continue;
        for (auto it = g->data()->constBegin(); it != g->data()->constEnd(); ++it) {
            if (!std::isfinite(it->value))
                continue;
            const QPointF point(g->keyAxis()->coordToPixel(it->key),
                                g->valueAxis()->coordToPixel(it->value));
            if (box.contains(point))
                return true;
        }
    }
    return false;
}

} // namespace orinet
