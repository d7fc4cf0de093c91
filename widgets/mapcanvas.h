#pragma once

#include "geo/crs.h"
#include "mapviewport.h"

#include <QList>
#include <QPointF>
#include <QWidget>

#include <memory>
#include <optional>

namespace orinet {

class CoordinateTransform;
class MapLayer;

//! A pannable, zoomable, north-up map in one CRS (the base raster's, or the positions'): a
//! stack of MapLayers drawn bottom to top, a scale bar and a north arrow (true north, so it
//! leans by the grid convergence in projected CRSs). Wheel zooms about the cursor, dragging
//! pans, arrow keys pan, +/- zoom, Home shows everything. A click asks the layers, top first,
//! what lies under the cursor: a feature is reported by featureClicked(), a cluster is zoomed
//! into. The view exports as PNG (or any image format Qt writes) and as PDF (vector markers).
//!
//! Threading: GUI thread only.
class MapCanvas : public QWidget {
    Q_OBJECT
public:
    explicit MapCanvas(QWidget* parent = nullptr);
    ~MapCanvas() override;

    //! Adds a layer on top (or at `index` from the bottom); the canvas becomes its parent.
    void addLayer(MapLayer* layer, int index = -1);
    //! Removes a layer without deleting it.
    void removeLayer(MapLayer* layer);
    const QList<MapLayer*>& layers() const { return mLayers; }

    //! The CRS of the map coordinates; used for the scale bar (metres) and the north arrow.
    void setCrs(const Crs& crs);
    const Crs& crs() const { return mCrs; }

    //! The current view (its size is the widget's).
    MapViewport viewport() const {
        MapViewport v = mViewport;
        v.size = size();
        return v;
    }
    //! Shows `widthUnits` map units across the widget, centred on `centre`.
    void centreOn(QPointF centre, double widthUnits);
    //! Fits a map rectangle with `margin` (fraction of its size) around it; a rectangle smaller
    //! than `minimumSide` map units is shown at that size. Asked while the canvas is hidden,
    //! the fit is made again at the size it is shown at.
    void zoomTo(const QRectF& map, double margin = 0.08, double minimumSide = 0);
    //! Fits the extent of every visible layer.
    void zoomToAll();
    //! Moves the view (keeping the zoom) so `map` is on screen, when it is not already.
    void ensureVisible(QPointF map, double marginPixels = 40);

    QPointF toScreen(QPointF map) const { return viewport().toScreen(map); }
    QPointF toProjected(QPointF screen) const { return viewport().toMap(screen); }

    //! Draws the layers and decorations of `viewport` with `painter` (screen coordinates of
    //! that viewport). Used for painting and exports.
    void renderMap(QPainter& painter, const MapViewport& viewport);
    //! Writes the current view to `path`: PDF when it ends in .pdf, otherwise an image format
    //! chosen by the suffix (PNG, JPEG, TIFF). Returns an empty string or the reason it failed.
    QString exportView(const QString& path);
    //! Metres per map unit at `map` along x (1 for UTM; depends on latitude for degrees).
    double metresPerUnit(QPointF map) const;

    QSize sizeHint() const override { return {640, 480}; }

signals:
    void cursorMoved(QPointF map);
    void cursorLeft();
    //! A click hit a feature of `layer`.
    void featureClicked(orinet::MapLayer* layer, qint64 id);
    //! A click hit nothing.
    void emptyClicked(QPointF map);
    void viewChanged();

protected:
    void changeEvent(QEvent* event) override;
    void paintEvent(QPaintEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    void leaveEvent(QEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void showEvent(QShowEvent* event) override;

private:
    void drawScaleBar(QPainter& painter, const MapViewport& viewport) const;
    void drawNorthArrow(QPainter& painter, const MapViewport& viewport) const;
    //! Angle of true north on screen at the view centre, radians clockwise from screen up.
    double northAngle(const MapViewport& viewport) const;
    void zoomBy(double factor, QPointF screenAnchor);
    void viewMoved();

    QList<MapLayer*> mLayers;
    Crs mCrs;
    std::unique_ptr<CoordinateTransform> mToWgs84;
    std::unique_ptr<CoordinateTransform> mFromWgs84;
    MapViewport mViewport;
    bool mFitPending = true;
    //! A zoomTo() asked for while the canvas was hidden, made again at its shown size.
    struct HiddenFit {
        QRectF map;
        double margin = 0;
        double minimumSide = 0;
    };
    std::optional<HiddenFit> mHiddenFit;
    QPoint mPressPos;
    QPoint mLastPos;
    bool mDragging = false;
};

} // namespace orinet
