#include "annotationlayer.h"

#include "outlinedtext.h"

#include <QFontMetricsF>
#include <QPainter>

#include <cmath>

namespace orinet {

AnnotationLayer::AnnotationLayer(const QString& name, QObject* parent)
    : MapLayer(name, parent) {}

void AnnotationLayer::setSymbols(std::vector<Symbol> symbols) {
    mSymbols = std::move(symbols);
    emit changed();
}

void AnnotationLayer::setCircles(std::vector<Circle> circles) {
    mCircles = std::move(circles);
    emit changed();
}

void AnnotationLayer::setLines(std::vector<Line> lines) {
    mLines = std::move(lines);
    emit changed();
}

void AnnotationLayer::clear() {
    mSymbols.clear();
    mCircles.clear();
    mLines.clear();
    emit changed();
}

std::optional<QRectF> AnnotationLayer::extent() const {
    std::optional<QRectF> box;
    // QRectF::united() drops empty rectangles, so a single point needs min/max by hand.
    auto add = [&box](const QRectF& r) {
        box = box ? QRectF(QPointF(std::min(box->left(), r.left()), std::min(box->top(), r.top())),
                           QPointF(std::max(box->right(), r.right()),
                                   std::max(box->bottom(), r.bottom())))
                  : r;
    };
    for (const Symbol& s : mSymbols)
        if (std::isfinite(s.position.x()) && std::isfinite(s.position.y()))
            add(QRectF(s.position, QSizeF(0, 0)));
    for (const Circle& c : mCircles)
        add(QRectF(c.centre.x() - c.radius, c.centre.y() - c.radius, 2 * c.radius, 2 * c.radius));
    for (const Line& l : mLines)
        add(l.points.boundingRect());
    return box;
}

void AnnotationLayer::drawSymbol(QPainter& painter, const QPointF& at, Shape shape, double radius,
                                 const QColor& colour) {
    painter.setPen(QPen(QColor(0, 0, 0, 230), 1.5));
    painter.setBrush(colour);
    const double r = radius;
    switch (shape) {
    case Shape::Circle:
        painter.drawEllipse(at, r, r);
        break;
    case Shape::Square:
        painter.drawRect(QRectF(at.x() - r, at.y() - r, 2 * r, 2 * r));
        break;
    case Shape::Diamond:
        painter.drawPolygon(QPolygonF({at + QPointF(0, -r * 1.3), at + QPointF(r * 1.3, 0),
                                       at + QPointF(0, r * 1.3), at + QPointF(-r * 1.3, 0)}));
        break;
    case Shape::Star: {
        QPolygonF star;
        for (int k = 0; k < 10; ++k) {
            const double a = -M_PI / 2 + k * M_PI / 5;
            const double rr = k % 2 == 0 ? r * 1.5 : r * 0.65;
            star << at + QPointF(rr * std::cos(a), rr * std::sin(a));
        }
        painter.drawPolygon(star);
        break;
    }
    case Shape::Ring:
        // A hollow ring that reads on any background: white with a dark outline.
        painter.setBrush(Qt::NoBrush);
        painter.setPen(QPen(QColor(0, 0, 0, 230), 5));
        painter.drawEllipse(at, r, r);
        painter.setPen(QPen(colour, 2.5));
        painter.drawEllipse(at, r, r);
        break;
    case Shape::Cross: {
        painter.setPen(QPen(QColor(0, 0, 0, 230), 5, Qt::SolidLine, Qt::RoundCap));
        painter.drawLine(at + QPointF(-r, -r), at + QPointF(r, r));
        painter.drawLine(at + QPointF(-r, r), at + QPointF(r, -r));
        painter.setPen(QPen(colour, 2.5, Qt::SolidLine, Qt::RoundCap));
        painter.drawLine(at + QPointF(-r, -r), at + QPointF(r, r));
        painter.drawLine(at + QPointF(-r, r), at + QPointF(r, -r));
        break;
    }
    }
}

void AnnotationLayer::paint(QPainter& painter, const MapViewport& viewport) {
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing);
    QFont font = painter.font();
    font.setBold(true);
    painter.setFont(font);
    const QFontMetricsF metrics(font);
    for (const Circle& c : mCircles) {
        const QPointF at = viewport.toScreen(c.centre);
        const double r = c.radius / viewport.unitsPerPixel;
        painter.setBrush(Qt::NoBrush);
        painter.setPen(QPen(QColor(0, 0, 0, 150), 3.5));
        painter.drawEllipse(at, r, r);
        painter.setPen(QPen(c.colour, 1.6, Qt::DashLine));
        painter.drawEllipse(at, r, r);
        // The label sits above the circle's north point, clear of symbols at its centre.
        if (!c.label.isEmpty() && r > 10)
            outlinedtext::draw(painter,
                               at + QPointF(-metrics.horizontalAdvance(c.label) / 2, -r - 4),
                               c.label, c.colour);
    }
    for (const Line& l : mLines) {
        QPolygonF screen;
        for (const QPointF& p : l.points)
            screen << viewport.toScreen(p);
        painter.setBrush(Qt::NoBrush);
        if (l.halo) {
            painter.setPen(QPen(QColor(0, 0, 0, 170), l.width + 2.5, Qt::SolidLine, Qt::RoundCap));
            painter.drawPolyline(screen);
        }
        painter.setPen(QPen(l.colour, l.width, Qt::SolidLine, Qt::RoundCap));
        painter.drawPolyline(screen);
        if (l.arrow && screen.size() >= 2) {
            const QPointF tip = screen.back();
            const QPointF d = tip - screen[screen.size() - 2];
            const double length = std::hypot(d.x(), d.y());
            if (length > 1) {
                const QPointF u = d / length, n(-u.y(), u.x());
                const double s = 6 + l.width * 2;
                painter.setBrush(l.colour);
                painter.setPen(QPen(QColor(0, 0, 0, 170), 1));
                painter.drawPolygon(QPolygonF(
                    {tip, tip - u * s * 1.6 + n * s * 0.7, tip - u * s * 1.6 - n * s * 0.7}));
            }
        }
    }
    for (const Symbol& s : mSymbols) {
        if (!std::isfinite(s.position.x()) || !std::isfinite(s.position.y()))
            continue;
        const QPointF at = viewport.toScreen(s.position);
        drawSymbol(painter, at, s.shape, s.radius, s.colour);
        // Beside the symbol on its right, or on its left where the right would leave the
        // canvas (a top-1 at the map's edge kept its name cut off).
        const auto besideSymbol = [&](const QString& text) {
            const double gap = s.radius * 1.4 + 3;
            const double width = metrics.horizontalAdvance(text);
            const double x =
                at.x() + gap + width > viewport.size.width() && at.x() - gap - width >= 0
                    ? -gap - width
                    : gap;
            return at + QPointF(x, metrics.ascent() / 2 - 1);
        };
        if (!s.caption.isEmpty())
            outlinedtext::draw(painter, besideSymbol(s.caption), s.caption);
        if (s.label.isEmpty())
            continue;
        if (s.labelInside) {
            painter.setPen(s.colour.lightness() > 140 ? Qt::black : Qt::white);
            painter.drawText(
                QRectF(at.x() - s.radius * 2, at.y() - s.radius * 2, 4 * s.radius, 4 * s.radius),
                Qt::AlignCenter, s.label);
        } else {
            outlinedtext::draw(painter, besideSymbol(s.label), s.label);
        }
    }
    painter.restore();
}

std::optional<MapLayer::Hit> AnnotationLayer::hitTest(const QPointF& screen,
                                                      const MapViewport& viewport,
                                                      double tolerance) const {
    std::optional<Hit> best;
    // Topmost (last drawn) first when two overlap exactly.
    for (auto it = mSymbols.rbegin(); it != mSymbols.rend(); ++it) {
        if (it->id < 0)
            continue;
        const QPointF d = viewport.toScreen(it->position) - screen;
        const double distance = std::hypot(d.x(), d.y());
        if (distance <= it->radius + tolerance && (!best || distance < best->screenDistance))
            best = Hit{it->id, QRectF(), distance};
    }
    return best;
}

} // namespace orinet
