#pragma once

#include <QPointF>
#include <QRectF>
#include <QSize>

namespace orinet {

//! What part of the map a canvas shows: the map coordinate at the widget centre, map units per
//! screen pixel (north up) and the widget size. Layers draw through it; exports use their own.
struct MapViewport {
    QPointF centre;
    double unitsPerPixel = 1.0;
    QSize size{640, 480};

    //! Map y grows northwards, screen y downwards.
    QPointF toScreen(const QPointF& map) const {
        return {size.width() / 2.0 + (map.x() - centre.x()) / unitsPerPixel,
                size.height() / 2.0 - (map.y() - centre.y()) / unitsPerPixel};
    }
    QPointF toMap(const QPointF& screen) const {
        return {centre.x() + (screen.x() - size.width() / 2.0) * unitsPerPixel,
                centre.y() - (screen.y() - size.height() / 2.0) * unitsPerPixel};
    }
    //! The visible map rectangle (x = west edge, y = south edge, normalised).
    QRectF extent() const {
        const double w = size.width() * unitsPerPixel, h = size.height() * unitsPerPixel;
        return {centre.x() - w / 2, centre.y() - h / 2, w, h};
    }
    //! A map rectangle (normalised, y = south edge) on screen.
    QRectF toScreen(const QRectF& map) const {
        const QPointF topLeft = toScreen(QPointF(map.left(), map.bottom()));
        return {topLeft, QSizeF(map.width() / unitsPerPixel, map.height() / unitsPerPixel)};
    }
};

} // namespace orinet
