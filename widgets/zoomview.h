#pragma once

#include <QImage>
#include <QPointF>
#include <QTransform>
#include <QWidget>

#include <functional>

namespace orinet {

//! One image shown zoomable: the wheel zooms about the cursor, dragging pans, a double-click
//! (or the 0 key) fits the image again, + and - zoom about the centre. An optional overlay
//! (e.g. the orientation map, any size) is drawn stretched over the image.
//!
//! Hook for linked geometry (e.g. the pair viewer drawing the ray of a panorama column into
//! the tile): setDecorator() paints on top in image coordinates, and imagePointHovered()
//! reports where the cursor is in image pixels.
//!
//! Threading: GUI thread only.
class ZoomView : public QWidget {
    Q_OBJECT
public:
    //! Paints on top of the image; `imageToWidget` maps image pixel coordinates to the widget.
    using Decorator = std::function<void(QPainter& painter, const QTransform& imageToWidget)>;

    explicit ZoomView(QWidget* parent = nullptr);

    void setImage(const QImage& image);
    const QImage& image() const { return mImage; }
    void setOverlay(const QImage& overlay, double opacity = 0.45);
    void setDecorator(Decorator decorator);

    //! Widget pixels per image pixel.
    double zoom() const { return mZoom; }
    //! Zooms by `factor` keeping the image point under `widgetPoint` in place.
    void zoomAbout(double factor, QPointF widgetPoint);
    //! Shows the whole image, centred.
    void fit();
    QTransform imageToWidget() const;

    QSize sizeHint() const override { return {900, 600}; }

signals:
    //! The cursor is over image pixel `position` (continuous coordinates).
    void imagePointHovered(QPointF position);

protected:
    void changeEvent(QEvent* event) override;
    void paintEvent(QPaintEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void mouseDoubleClickEvent(QMouseEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;

private:
    QImage mImage;
    QImage mOverlay;
    double mOverlayOpacity = 0.45;
    Decorator mDecorator;
    double mZoom = 1.0;
    QPointF mOffset; //!< widget position of the image's top-left corner
    bool mFitted = true;
    bool mDragging = false;
    QPointF mLastPos;
};

} // namespace orinet
