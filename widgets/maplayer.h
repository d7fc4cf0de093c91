#pragma once

#include "mapviewport.h"

#include <QObject>
#include <QRectF>
#include <QString>

#include <optional>

class QPainter;

namespace orinet {

//! One layer of a MapCanvas: drawn in map coordinates through a MapViewport, bottom to top in
//! the canvas's order, with a name and a visibility toggle for the layer list.
//!
//! Threading: GUI thread only. A layer that loads data in the background emits changed() when
//! it has something new to draw.
class MapLayer : public QObject {
    Q_OBJECT
public:
    //! What a click hit: a feature (its id) or, for aggregated features, the map rectangle to
    //! zoom to.
    struct Hit {
        qint64 id = -1; //!< -1 for a cluster: zoom to `zoomTo` instead
        QRectF zoomTo;
        double screenDistance = 0;
    };

    explicit MapLayer(const QString& name, QObject* parent = nullptr);

    const QString& name() const { return mName; }
    void setName(const QString& name);
    bool isVisible() const { return mVisible; }
    void setVisible(bool visible);

    //! Draws the layer; `painter` is in screen coordinates of `viewport`.
    virtual void paint(QPainter& painter, const MapViewport& viewport) = 0;
    //! Screen-fixed decorations drawn above every layer (legends); none by default.
    virtual void paintOverlay(QPainter& painter, const MapViewport& viewport);
    //! The map extent of the layer's content (x = west, y = south edge; a point has size 0),
    //! for "zoom to all"; nothing when the layer is empty.
    virtual std::optional<QRectF> extent() const { return std::nullopt; }
    //! The feature nearest to `screen` within `tolerance` pixels, if any.
    virtual std::optional<Hit> hitTest(const QPointF& screen, const MapViewport& viewport,
                                       double tolerance) const;

signals:
    //! Something to draw changed (content, style or visibility).
    void changed();

private:
    QString mName;
    bool mVisible = true;
};

} // namespace orinet
