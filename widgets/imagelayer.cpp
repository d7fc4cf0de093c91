#include "imagelayer.h"

#include <QFontMetricsF>
#include <QPainter>

namespace orinet {

ImageLayer::ImageLayer(const QString& name, QObject* parent)
    : MapLayer(name, parent) {}

void ImageLayer::setImage(const QImage& image, const QRectF& map) {
    mImage = image;
    mMap = map.normalized();
    emit changed();
}

void ImageLayer::clearImage() {
    mImage = QImage();
    emit changed();
}

void ImageLayer::setOpacity(double opacity) {
    mOpacity = std::clamp(opacity, 0.0, 1.0);
    emit changed();
}

void ImageLayer::setLegend(const Legend& legend) {
    mLegend = legend;
    emit changed();
}

void ImageLayer::setPixelated(bool pixelated) {
    mPixelated = pixelated;
    emit changed();
}

void ImageLayer::paint(QPainter& painter, const MapViewport& viewport) {
    if (mImage.isNull())
        return;
    painter.save();
    painter.setOpacity(mOpacity);
    painter.setRenderHint(QPainter::SmoothPixmapTransform, !mPixelated);
    painter.drawImage(viewport.toScreen(mMap), mImage);
    painter.restore();
}

void ImageLayer::paintOverlay(QPainter& painter, const MapViewport& viewport) {
    if (mImage.isNull() || mLegend.ramp.isNull())
        return;
    painter.save();
    QFont font = painter.font();
    const QFontMetricsF metrics(font);
    const double rampWidth = 160, rampHeight = 12;
    const double width = std::max(rampWidth, metrics.horizontalAdvance(mLegend.title)) + 16;
    const double height = metrics.height() * 2 + rampHeight + 18;
    const QRectF box(viewport.size.width() - width - 10, viewport.size.height() - height - 10,
                     width, height);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(QPen(QColor(255, 255, 255, 60), 1));
    painter.setBrush(QColor(20, 22, 26, 200));
    painter.drawRoundedRect(box, 5, 5);
    painter.setPen(Qt::white);
    const QPointF origin = box.topLeft() + QPointF(8, 6);
    painter.drawText(QRectF(origin, QSizeF(width - 16, metrics.height())), Qt::AlignLeft,
                     mLegend.title);
    const QRectF ramp(origin + QPointF(0, metrics.height() + 4), QSizeF(rampWidth, rampHeight));
    QImage horizontal = mLegend.ramp.height() > mLegend.ramp.width()
                            ? mLegend.ramp.transformed(QTransform().rotate(-90))
                            : mLegend.ramp;
    painter.setRenderHint(QPainter::SmoothPixmapTransform);
    painter.drawImage(ramp, horizontal);
    painter.setPen(QPen(QColor(255, 255, 255, 120), 1));
    painter.setBrush(Qt::NoBrush);
    painter.drawRect(ramp);
    painter.setPen(Qt::white);
    const QRectF labels(ramp.left(), ramp.bottom() + 2, rampWidth, metrics.height());
    painter.drawText(labels, Qt::AlignLeft, mLegend.low);
    painter.drawText(labels, Qt::AlignRight, mLegend.high);
    painter.restore();
}

} // namespace orinet
