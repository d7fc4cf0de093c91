#pragma once

#include <QImage>
#include <QWidget>

namespace orinet {

//! Shows one image scaled to fit, aspect ratio kept, with an optional caption and compass
//! labels (N/E/S/W for tiles, yaw ticks for panoramas) drawn on top.
class ImageView : public QWidget {
    Q_OBJECT
public:
    enum class Annotation { None, Compass, PanoramaYaw };

    explicit ImageView(QWidget* parent = nullptr);

    void setImage(const QImage& image);
    const QImage& image() const { return mImage; }
    void setCaption(const QString& caption);
    void setAnnotation(Annotation annotation);
    //! An image of any size drawn stretched over the main one with the given opacity
    //! (e.g. an orientation map); a null image removes it.
    void setOverlay(const QImage& overlay, double opacity = 0.45);

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

    //! Where the image is drawn inside the widget (letterboxed), in widget coordinates.
    QRectF imageRect() const;

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    QImage mImage;
    QString mCaption;
    QImage mOverlay;
    double mOverlayOpacity = 0.45;
    Annotation mAnnotation = Annotation::None;
};

} // namespace orinet
