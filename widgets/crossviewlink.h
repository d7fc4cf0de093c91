#pragma once

#include <QList>
#include <QObject>
#include <QPointF>
#include <QPointer>
#include <QString>

#include <cmath>

class QPainter;
class QTransform;
class QWidget;

namespace orinet {

//! Links the panoramas and satellite tiles shown in image views (ImageView or ZoomView) through
//! their shared geometry (docs/geometry.md):
//! - hovering a panorama pixel reports its yaw and pitch (degrees, compass direction, and the
//!   flat ground distance below the horizon) and draws that bearing as a ray from the centre of
//!   every linked tile, with the ground point marked when the tile's scale is known;
//! - hovering a tile pixel reports its azimuth and distance from the centre and highlights, in
//!   every linked panorama, the column that looks that way (and the ground point's row).
//! The hovered bearing is also emitted (bearingChanged()) so a map can draw it from the pair's
//! position. A click on a linked view pins what is under the cursor: the ray stays (and the
//! pointer may go to the map to read it there) until the next click on a linked view or
//! Escape. A CVACT-layout panorama gets the rows the network crops away shaded.
//!
//! The link installs itself as the views' decorator (and draws their compass labels: N/E/S/W
//! on tiles, yaw ticks on panoramas). Views may be added and removed at any time; a destroyed
//! view is dropped. Threading: GUI thread only.
class CrossViewLink : public QObject {
    Q_OBJECT
public:
    struct PanoramaOptions {
        //! Shade the rows outside the middle half (the CVACT crop the network sees).
        bool cvactCrop = false;
        //! Metres above flat ground, for the ground distance of pixels below the horizon.
        double cameraHeight = 2.3;
    };

    explicit CrossViewLink(QObject* parent = nullptr);

    //! `view` is an ImageView or a ZoomView showing a whole 360° equirectangular panorama.
    void addPanorama(QWidget* view, const PanoramaOptions& options);
    void addPanorama(QWidget* view) { addPanorama(view, PanoramaOptions()); }
    //! `view` shows a north-up tile centred on the pair; `metresPerPixel` of the image as
    //! shown (0 when unknown: distances are then given in pixels).
    void addTile(QWidget* view, double metresPerPixel = 0);
    void setTileScale(QWidget* view, double metresPerPixel);
    void setPanoramaOptions(QWidget* view, const PanoramaOptions& options);
    void remove(QWidget* view);
    void clear();

    //! What the cursor points at: a bearing (radians clockwise from north; NaN when nothing is
    //! hovered) and, for a panorama pixel below the horizon or a tile pixel, the ground
    //! distance in metres (infinite or NaN when unknown).
    double bearing() const { return mBearing; }
    double groundDistance() const { return mGroundDistance; }
    //! The text describing what is under the cursor (empty when nothing), in the current
    //! language: it is made again, and valuesChanged() emitted, when the language changes.
    const QString& values() const { return mValues; }
    //! The 16-point compass name of an azimuth in the current language ("NNE"; German "NNO").
    static QString compassName(double azimuth);

    //! Feeds a hover as a view would (image pixel coordinates, pixel (0, 0) covering [0, 1)²);
    //! for tests and scripted tours.
    void hover(QWidget* view, QPointF imagePoint);
    void leave();
    //! Keeps the current hover (nothing when nothing is hovered) until unpin(): hovers and
    //! leaving are then ignored. A click on a linked view does this, or unpins when pinned.
    void pin();
    void unpin();
    bool isPinned() const { return mPinned; }

signals:
    //! The hovered bearing changed; NaN when the cursor left the linked views.
    void bearingChanged(double bearing, double groundDistanceMetres);
    void valuesChanged(const QString& text);
    void pinnedChanged(bool pinned);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    enum class Kind { Panorama, Tile };
    struct Linked {
        QPointer<QWidget> view;
        Kind kind = Kind::Tile;
        PanoramaOptions panorama;
        double metresPerPixel = 0;
    };
    struct Hover {
        QWidget* view = nullptr;
        Kind kind = Kind::Tile;
        QPointF pixel; //!< pixel-centre coordinates
    };

    Linked* find(QWidget* view);
    //! Links a view not linked yet (a view added twice keeps its first role).
    void add(const Linked& linked);
    void attach(Linked& linked);
    void decorate(const Linked& linked, QPainter& painter, const QTransform& toWidget) const;
    void drawPanorama(const Linked& linked, QPainter& painter, const QTransform& toWidget) const;
    void drawTile(const Linked& linked, QPainter& painter, const QTransform& toWidget) const;
    void repaintAll();
    void setHover(const Hover& hover);
    //! Clicks on linked views pin and unpin; Escape in their window unpins.
    bool handleClick(QWidget* view, QEvent* event);

    QList<Linked> mViews;
    Hover mHover;
    bool mHovering = false;
    double mBearing = NAN;
    double mGroundDistance = NAN;
    double mPitch = NAN;
    QString mValues;
    bool mPinned = false;
    QPointer<QWidget> mPressed; //!< the linked view a left button went down on
    QPoint mPressedAt;
    QPointer<QWidget> mEscapeWatched; //!< the window whose Escape unpins
};

} // namespace orinet
