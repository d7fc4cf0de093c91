#include "outlinedtext.h"

#include <QPainter>

namespace orinet::outlinedtext {

void draw(QPainter& painter, const QPointF& at, const QString& text, const QColor& fill,
          const QColor& halo) {
    painter.save();
    painter.setPen(halo);
    constexpr double r = 1.2;  // halo radius in pixels
    constexpr double d = 0.85; // r · cos 45°, rounded
    static constexpr QPointF kOffsets[] = {{r, 0}, {-r, 0}, {0, r},  {0, -r},
                                           {d, d}, {d, -d}, {-d, d}, {-d, -d}};
    for (const QPointF& offset : kOffsets)
        painter.drawText(at + offset, text);
    painter.setPen(fill);
    painter.drawText(at, text);
    painter.restore();
}

} // namespace orinet::outlinedtext
