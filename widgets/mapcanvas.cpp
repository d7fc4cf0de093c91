#include "mapcanvas.h"

#include <QMouseEvent>
#include <QPainter>
#include <QWheelEvent>

#include <cmath>

namespace orinet {

MapCanvas::MapCanvas(QWidget* parent)
    : QWidget(parent) {
    setMouseTracking(false);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
}

void MapCanvas::setBaseImage(const QImage& image, QPointF topLeft, double pixelSize) {
    mBase = image;
    mBaseTopLeft = topLeft;
    mBasePixelSize = pixelSize;
    mFitPending = true;
    zoomToAll();
}

void MapCanvas::setMarkers(std::vector<Marker> markers) {
    mMarkers = std::move(markers);
    if (mBase.isNull())
        zoomToAll();
    update();
}

void MapCanvas::centreOn(QPointF position, double widthMetres) {
    mCentre = position;
    mMetresPerPixel = widthMetres / std::max(1, width());
    mFitPending = false;
    update();
}

void MapCanvas::zoomToAll() {
    QRectF bounds;
    if (!mBase.isNull()) {
        bounds = QRectF(mBaseTopLeft.x(), mBaseTopLeft.y() - mBase.height() * mBasePixelSize,
                        mBase.width() * mBasePixelSize, mBase.height() * mBasePixelSize);
    } else {
        for (const Marker& m : mMarkers)
            bounds = bounds.united(QRectF(m.position - QPointF(1, 1), QSizeF(2, 2)));
    }
    if (bounds.isEmpty() || width() < 2 || height() < 2) {
        update();
        return;
    }
    mCentre = bounds.center();
    mMetresPerPixel = std::max(bounds.width() / width(), bounds.height() / height()) * 1.02;
    update();
}

QPointF MapCanvas::toScreen(QPointF p) const {
    // Projected y grows northwards, screen y downwards.
    return {width() / 2.0 + (p.x() - mCentre.x()) / mMetresPerPixel,
            height() / 2.0 - (p.y() - mCentre.y()) / mMetresPerPixel};
}

QPointF MapCanvas::toProjected(QPointF s) const {
    return {mCentre.x() + (s.x() - width() / 2.0) * mMetresPerPixel,
            mCentre.y() - (s.y() - height() / 2.0) * mMetresPerPixel};
}

void MapCanvas::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.fillRect(rect(), QColor(30, 33, 38));
    p.setRenderHint(QPainter::Antialiasing);
    if (!mBase.isNull()) {
        const QPointF tl = toScreen(mBaseTopLeft);
        const QPointF br = toScreen(mBaseTopLeft + QPointF(mBase.width() * mBasePixelSize,
                                                           -mBase.height() * mBasePixelSize));
        p.setRenderHint(QPainter::SmoothPixmapTransform, mMetresPerPixel > mBasePixelSize);
        p.drawImage(QRectF(tl, br), mBase);
    }
    for (const Marker& m : mMarkers) {
        const QPointF s = toScreen(m.position);
        if (!rect().adjusted(-20, -20, 20, 20).contains(s.toPoint()))
            continue;
        p.setPen(QPen(Qt::black, 1.5));
        p.setBrush(m.colour);
        p.drawEllipse(s, m.radius, m.radius);
        if (!m.label.isEmpty()) {
            p.setPen(Qt::white);
            p.drawText(s + QPointF(m.radius + 2, -m.radius), m.label);
        }
    }
    // Scale bar: a round number of metres about 1/5 of the width.
    const double target = width() / 5.0 * mMetresPerPixel;
    const double magnitude = std::pow(10.0, std::floor(std::log10(std::max(target, 1e-9))));
    double metres = magnitude;
    for (double step : {2.0, 5.0, 10.0})
        if (magnitude * step <= target)
            metres = magnitude * step;
    const double px = metres / mMetresPerPixel;
    const QPointF origin(12, height() - 14);
    p.setPen(QPen(Qt::white, 2));
    p.drawLine(origin, origin + QPointF(px, 0));
    p.drawText(origin + QPointF(0, -4),
               metres >= 1000 ? tr("%1 km").arg(metres / 1000) : tr("%1 m").arg(metres));
}

void MapCanvas::wheelEvent(QWheelEvent* event) {
    const QPointF anchor = toProjected(event->position());
    const double factor = std::pow(0.8, event->angleDelta().y() / 120.0);
    mMetresPerPixel = std::clamp(mMetresPerPixel * factor, 1e-3, 1e5);
    // Keep the point under the cursor fixed.
    const QPointF after = toProjected(event->position());
    mCentre += anchor - after;
    mFitPending = false;
    update();
}

void MapCanvas::mousePressEvent(QMouseEvent* event) {
    mPressPos = mLastPos = event->position().toPoint();
    mDragging = true;
}

void MapCanvas::mouseMoveEvent(QMouseEvent* event) {
    if (!mDragging)
        return;
    const QPoint pos = event->position().toPoint();
    const QPoint delta = pos - mLastPos;
    mLastPos = pos;
    mCentre += QPointF(-delta.x() * mMetresPerPixel, delta.y() * mMetresPerPixel);
    mFitPending = false;
    update();
}

void MapCanvas::mouseReleaseEvent(QMouseEvent* event) {
    mDragging = false;
    if ((event->position().toPoint() - mPressPos).manhattanLength() > 4)
        return;
    // A click, not a drag: report the nearest marker within a few pixels.
    int best = -1;
    double bestDistance = 10.0;
    for (const Marker& m : mMarkers) {
        const QPointF d = toScreen(m.position) - event->position();
        const double distance = std::hypot(d.x(), d.y());
        if (distance < bestDistance) {
            bestDistance = distance;
            best = m.id;
        }
    }
    if (best >= 0)
        emit markerClicked(best);
}

void MapCanvas::resizeEvent(QResizeEvent*) {
    if (mFitPending)
        zoomToAll();
}

} // namespace orinet
