#pragma once

#include <QColor>
#include <QImage>
#include <QPointF>
#include <QString>
#include <QWidget>

#include <vector>

namespace orinet {

//! A pannable, zoomable map in projected coordinates (UTM metres, north up): a georeferenced
//! base image and markers on top. Wheel zooms about the cursor, drag pans, a click near a
//! marker emits markerClicked().
class MapCanvas : public QWidget {
    Q_OBJECT
public:
    struct Marker {
        QPointF position; //!< easting, northing (metres)
        QColor colour = Qt::yellow;
        QString label;
        double radius = 4; //!< pixels on screen
        int id = -1;       //!< caller's identifier, reported by markerClicked()
    };

    explicit MapCanvas(QWidget* parent = nullptr);

    //! `topLeft` is the projected coordinate of the image's top-left corner, `pixelSize` the
    //! metres per image pixel (square pixels, north up, as in a GDAL geotransform).
    void setBaseImage(const QImage& image, QPointF topLeft, double pixelSize);
    void setMarkers(std::vector<Marker> markers);
    const std::vector<Marker>& markers() const { return mMarkers; }

    //! Shows the given projected rectangle (centre, width in metres).
    void centreOn(QPointF position, double widthMetres);
    void zoomToAll();

    QPointF toScreen(QPointF projected) const;
    QPointF toProjected(QPointF screen) const;

    QSize sizeHint() const override { return {640, 480}; }

signals:
    void markerClicked(int id);

protected:
    void paintEvent(QPaintEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;

private:
    QImage mBase;
    QPointF mBaseTopLeft;
    double mBasePixelSize = 1.0;
    std::vector<Marker> mMarkers;

    QPointF mCentre;            //!< projected coordinate at the widget centre
    double mMetresPerPixel = 1; //!< screen scale
    bool mFitPending = true;
    QPoint mPressPos;
    QPoint mLastPos;
    bool mDragging = false;
};

} // namespace orinet
