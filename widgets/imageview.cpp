#include "imageview.h"

#include "compasslabels.h"

#include <QEvent>
#include <QMouseEvent>
#include <QPainter>

namespace orinet {

ImageView::ImageView(QWidget* parent)
    : QWidget(parent) {
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
    setMouseTracking(true);
}

void ImageView::setDecorator(Decorator decorator) {
    mDecorator = std::move(decorator);
    update();
}

QTransform ImageView::imageToWidget() const {
    const QRectF target = imageRect();
    if (mImage.isNull() || target.isEmpty())
        return {};
    return QTransform::fromTranslate(target.left(), target.top())
        .scale(target.width() / mImage.width(), target.height() / mImage.height());
}

void ImageView::mouseMoveEvent(QMouseEvent* event) {
    // Outside the image too: a listener learns that the cursor left it.
    if (!mImage.isNull())
        emit imagePointHovered(imageToWidget().inverted().map(event->position()));
    QWidget::mouseMoveEvent(event);
}

void ImageView::setImage(const QImage& image) {
    mImage = image;
    mScaledImage = QPixmap();
    updateGeometry();
    update();
}

void ImageView::setCaption(const QString& caption) {
    mCaption = caption;
    update();
}

void ImageView::setOverlay(const QImage& overlay, double opacity) {
    mOverlay = overlay;
    mScaledOverlay = QPixmap();
    mOverlayOpacity = opacity;
    update();
}

void ImageView::setAnnotation(Annotation annotation) {
    mAnnotation = annotation;
    update();
}

void ImageView::setFrameColor(const QColor& colour) {
    mFrameColor = colour;
    update();
}

void ImageView::mousePressEvent(QMouseEvent* event) {
    if (event->button() == Qt::LeftButton)
        emit clicked();
    QWidget::mousePressEvent(event);
}

void ImageView::mouseDoubleClickEvent(QMouseEvent* event) {
    if (event->button() == Qt::LeftButton)
        emit doubleClicked();
    QWidget::mouseDoubleClickEvent(event);
}

QSize ImageView::sizeHint() const {
    return mImage.isNull() ? QSize(320, 240) : mImage.size().boundedTo(QSize(800, 600));
}

QSize ImageView::minimumSizeHint() const {
    return {64, 48};
}

QRectF ImageView::imageRect() const {
    if (mImage.isNull())
        return {};
    // A caption gets its own line below the image, so it never hides the compass letters.
    const qreal captionHeight = mCaption.isEmpty() ? 0 : fontMetrics().height() + 2;
    const QSizeF area(width(), std::max<qreal>(1, height() - captionHeight));
    const QSizeF scaled = QSizeF(mImage.size()).scaled(area, Qt::KeepAspectRatio);
    return {(area.width() - scaled.width()) / 2.0, (area.height() - scaled.height()) / 2.0,
            scaled.width(), scaled.height()};
}

void ImageView::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.fillRect(rect(), palette().window());
    if (mImage.isNull()) {
        p.drawText(rect(), Qt::AlignCenter, tr("No image"));
        return;
    }
    p.setRenderHint(QPainter::SmoothPixmapTransform);
    p.setRenderHint(QPainter::Antialiasing);
    const QRectF target = imageRect();
    // Scaled once per size, not at every paint: repaints (hover, map linking, tab switches)
    // are then a blit.
    const QSize size = target.size().toSize();
    auto scaled = [&size](QPixmap& cache, const QImage& image) -> const QPixmap& {
        if (cache.size() != size)
            cache = QPixmap::fromImage(
                image.scaled(size, Qt::IgnoreAspectRatio, Qt::SmoothTransformation));
        return cache;
    };
    p.drawPixmap(target.topLeft(), scaled(mScaledImage, mImage));
    if (!mOverlay.isNull()) {
        p.setOpacity(mOverlayOpacity);
        p.drawPixmap(target.topLeft(), scaled(mScaledOverlay, mOverlay));
        p.setOpacity(1.0);
    }

    p.setFont(CompassLabels::font(p.font()));
    if (mAnnotation == Annotation::Compass) {
        // One line in from the nearest edge, so every letter is whole.
        const qreal r =
            std::min(target.width(), target.height()) / 2.0 - QFontMetricsF(p.font()).height();
        CompassLabels::drawTile(p, target.center(), r);
    } else if (mAnnotation == Annotation::PanoramaYaw) {
        CompassLabels::drawPanorama(p, target, [&target](double fraction) {
            return target.left() + fraction * target.width();
        });
    }
    if (mDecorator) {
        p.save();
        mDecorator(p, imageToWidget());
        p.restore();
    }
    if (!mCaption.isEmpty()) {
        p.setFont(QWidget::font());
        p.setPen(palette().color(QPalette::WindowText));
        const QRectF line(0, target.bottom() + 1, width(), fontMetrics().height() + 1);
        p.drawText(line, Qt::AlignHCenter | Qt::AlignTop,
                   fontMetrics().elidedText(mCaption, Qt::ElideRight, width()));
    }
    if (mFrameColor.isValid()) {
        p.setPen(QPen(mFrameColor, 3));
        p.setBrush(Qt::NoBrush);
        p.drawRect(target.adjusted(1.5, 1.5, -1.5, -1.5));
    }
}

void ImageView::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange)
        update(); // "No image" and the compass letters are painted with tr()
    QWidget::changeEvent(event);
}

} // namespace orinet
