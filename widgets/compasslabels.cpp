#include "compasslabels.h"

#include "outlinedtext.h"

#include <QCoreApplication>
#include <QFontMetricsF>
#include <QPainter>

#include <algorithm>
#include <cmath>

namespace orinet {

namespace {

const char* const kContext = "orinet::CompassLabels";
const char* const kNorth = QT_TRANSLATE_NOOP("orinet::CompassLabels", "N");
const char* const kEast = QT_TRANSLATE_NOOP("orinet::CompassLabels", "E");
const char* const kSouth = QT_TRANSLATE_NOOP("orinet::CompassLabels", "S");
const char* const kWest = QT_TRANSLATE_NOOP("orinet::CompassLabels", "W");

QString translated(const char* text) {
    return QCoreApplication::translate(kContext, text);
}

} // namespace

QString CompassLabels::letter(char point) {
    switch (point) {
    case 'N':
        return translated(kNorth);
    case 'E':
        return translated(kEast);
    case 'S':
        return translated(kSouth);
    default:
        return translated(kWest);
    }
}

QFont CompassLabels::font(const QFont& base) {
    QFont bold = base;
    bold.setBold(true);
    return bold;
}

void CompassLabels::drawTile(QPainter& painter, const QPointF& centre, double radius) {
    painter.save();
    painter.setFont(font(painter.font()));
    const QFontMetricsF metrics(painter.font());
    const std::pair<const char*, QPointF> labels[] = {
        {kNorth, {0, -1}}, {kEast, {1, 0}}, {kSouth, {0, 1}}, {kWest, {-1, 0}}};
    for (const auto& [text, direction] : labels) {
        const QString shown = translated(text);
        const QPointF at = centre + direction * radius;
        outlinedtext::draw(
            painter, at - QPointF(metrics.horizontalAdvance(shown) / 2, -metrics.ascent() / 2),
            shown);
    }
    painter.restore();
}

void CompassLabels::drawPanorama(QPainter& painter, const QRectF& area,
                                 const std::function<double(double fraction)>& xAt) {
    painter.save();
    painter.setFont(font(painter.font()));
    const QFontMetricsF metrics(painter.font());
    const std::pair<const char*, double> ticks[] = {
        {kSouth, 0.0}, {kWest, 0.25}, {kNorth, 0.5}, {kEast, 0.75}, {kSouth, 1.0}};
    // On a thumbnail the five letters would run into each other (the S at either edge is
    // pushed inside): there only N is named, the other ticks stay lines.
    const double spacing = std::abs(xAt(0.25) - xAt(0.0));
    const bool roomy = spacing >= 3 * metrics.horizontalAdvance(translated(kWest));
    for (const auto& [text, fraction] : ticks) {
        const QString shown = translated(text);
        const double x = xAt(fraction);
        painter.setPen(QPen(Qt::white, 1, Qt::DashLine));
        painter.drawLine(QPointF(x, area.top()), QPointF(x, area.bottom()));
        if (!roomy && text != kNorth)
            continue;
        // Kept inside the image: the S at either edge would otherwise be cut in half.
        const double width = metrics.horizontalAdvance(shown);
        const double left = std::clamp(x - width / 2, area.left(), area.right() - width);
        outlinedtext::draw(painter, QPointF(left, area.top() + metrics.ascent() + 2), shown);
    }
    painter.restore();
}

} // namespace orinet
