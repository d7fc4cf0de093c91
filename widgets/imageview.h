#pragma once

#include <QColor>
#include <QImage>
#include <QPixmap>
#include <QTransform>
#include <QWidget>

#include <functional>

namespace orinet {

//! Shows one image scaled to fit, aspect ratio kept, with an optional caption and compass
//! labels (N/E/S/W for tiles, yaw ticks for panoramas) drawn on top, and an optional coloured
//! frame (e.g. "true match", "keyboard focus"). Clicks and double-clicks are reported so that
//! a container can select the view or open the image zoomable. Like ZoomView it takes a
//! decorator (linked geometry, e.g. CrossViewLink) and reports the image point under the cursor.
class ImageView : public QWidget {
    Q_OBJECT
public:
    enum class Annotation { None, Compass, PanoramaYaw };

    explicit ImageView(QWidget* parent = nullptr);

    void setImage(const QImage& image);
    const QImage& image() const { return mImage; }
    void setCaption(const QString& caption);
    const QString& caption() const { return mCaption; }
    void setAnnotation(Annotation annotation);
    Annotation annotation() const { return mAnnotation; }
    //! A frame drawn around the image; an invalid colour draws none.
    void setFrameColor(const QColor& colour);
    const QColor& frameColor() const { return mFrameColor; }
    //! An image of any size drawn stretched over the main one with the given opacity
    //! (e.g. an orientation map); a null image removes it.
    void setOverlay(const QImage& overlay, double opacity = 0.45);
    const QImage& overlay() const { return mOverlay; }

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

    //! Where the image is drawn inside the widget (letterboxed), in widget coordinates.
    QRectF imageRect() const;

    //! Paints above the image and its annotations; `imageToWidget` maps image pixel
    //! coordinates (pixel (0, 0) covers [0, 1)²) to the widget.
    using Decorator = std::function<void(QPainter& painter, const QTransform& imageToWidget)>;
    void setDecorator(Decorator decorator);
    QTransform imageToWidget() const;

signals:
    void clicked();
    void doubleClicked();
    //! The cursor is over image point `position` (continuous image pixel coordinates).
    void imagePointHovered(QPointF position);

protected:
    void changeEvent(QEvent* event) override;
    void paintEvent(QPaintEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseDoubleClickEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;

private:
    QImage mImage;
    QString mCaption;
    QImage mOverlay;
    double mOverlayOpacity = 0.45;
    Annotation mAnnotation = Annotation::None;
    QColor mFrameColor;
    QPixmap mScaledImage;   //!< mImage at the size last painted
    QPixmap mScaledOverlay; //!< mOverlay at that size
    Decorator mDecorator;
};

} // namespace orinet
