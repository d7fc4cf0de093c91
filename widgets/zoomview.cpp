#include "zoomview.h"

#include <QEvent>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>

namespace orinet {

namespace {
// Beyond these a view is either a dot or a few pixels filling the screen: nothing to inspect.
constexpr double kMinZoom = 0.02;
constexpr double kMaxZoom = 64.0;
} // namespace

ZoomView::ZoomView(QWidget* parent)
    : QWidget(parent) {
    setFocusPolicy(Qt::StrongFocus);
    setMouseTracking(true);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
}

void ZoomView::setImage(const QImage& image) {
    const bool sameSize = image.size() == mImage.size();
    mImage = image;
    if (!sameSize || mFitted)
        fit();
    update();
}

void ZoomView::setOverlay(const QImage& overlay, double opacity) {
    mOverlay = overlay;
    mOverlayOpacity = opacity;
    update();
}

void ZoomView::setDecorator(Decorator decorator) {
    mDecorator = std::move(decorator);
    update();
}

void ZoomView::fit() {
    mFitted = true;
    if (mImage.isNull() || width() <= 0 || height() <= 0)
        return;
    mZoom = std::min(width() / double(mImage.width()), height() / double(mImage.height()));
    mOffset = QPointF((width() - mZoom * mImage.width()) / 2.0,
                      (height() - mZoom * mImage.height()) / 2.0);
    update();
}

void ZoomView::zoomAbout(double factor, QPointF widgetPoint) {
    const double zoom = std::clamp(mZoom * factor, kMinZoom, kMaxZoom);
    const QPointF imagePoint = (widgetPoint - mOffset) / mZoom;
    mZoom = zoom;
    mOffset = widgetPoint - imagePoint * mZoom;
    mFitted = false;
    update();
}

QTransform ZoomView::imageToWidget() const {
    return QTransform(mZoom, 0, 0, mZoom, mOffset.x(), mOffset.y());
}

void ZoomView::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.fillRect(rect(), QColor(32, 32, 32));
    if (mImage.isNull()) {
        p.setPen(Qt::white);
        p.drawText(rect(), Qt::AlignCenter, tr("No image"));
        return;
    }
    const QRectF target(mOffset, QSizeF(mImage.size()) * mZoom);
    // Magnified pixels stay crisp squares (that is what one zooms in to see); reduced ones are
    // smoothed so edges do not alias.
    p.setRenderHint(QPainter::SmoothPixmapTransform, mZoom < 1.0);
    p.drawImage(target, mImage);
    if (!mOverlay.isNull()) {
        p.setOpacity(mOverlayOpacity);
        p.drawImage(target, mOverlay);
        p.setOpacity(1.0);
    }
    if (mDecorator) {
        p.save();
        p.setRenderHint(QPainter::Antialiasing);
        mDecorator(p, imageToWidget());
        p.restore();
    }
    p.setPen(Qt::white);
    p.drawText(rect().adjusted(6, 4, -6, -4), Qt::AlignRight | Qt::AlignBottom,
               tr("%1 %  ·  wheel: zoom  ·  drag: pan  ·  double-click: fit")
                   .arg(std::lround(mZoom * 100)));
}

void ZoomView::wheelEvent(QWheelEvent* event) {
    const double steps = event->angleDelta().y() / 120.0;
    if (steps != 0)
        zoomAbout(std::pow(1.25, steps), event->position());
    event->accept();
}

void ZoomView::mousePressEvent(QMouseEvent* event) {
    if (event->button() == Qt::LeftButton) {
        mDragging = true;
        mLastPos = event->position();
        setCursor(Qt::ClosedHandCursor);
    }
}

void ZoomView::mouseMoveEvent(QMouseEvent* event) {
    if (mDragging) {
        mOffset += event->position() - mLastPos;
        mLastPos = event->position();
        mFitted = false;
        update();
    }
    if (!mImage.isNull())
        emit imagePointHovered((event->position() - mOffset) / mZoom);
}

void ZoomView::mouseReleaseEvent(QMouseEvent* event) {
    if (event->button() == Qt::LeftButton) {
        mDragging = false;
        unsetCursor();
    }
}

void ZoomView::mouseDoubleClickEvent(QMouseEvent*) {
    fit();
}

void ZoomView::keyPressEvent(QKeyEvent* event) {
    const QPointF centre(width() / 2.0, height() / 2.0);
    switch (event->key()) {
    case Qt::Key_Plus:
    case Qt::Key_Equal:
        zoomAbout(1.25, centre);
        break;
    case Qt::Key_Minus:
        zoomAbout(0.8, centre);
        break;
    case Qt::Key_0:
        fit();
        break;
    default:
        QWidget::keyPressEvent(event);
    }
}

void ZoomView::resizeEvent(QResizeEvent*) {
    if (mFitted)
        fit();
}

void ZoomView::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange)
        update(); // the hint line is painted with tr()
    QWidget::changeEvent(event);
}

} // namespace orinet
