#include "maplayer.h"

namespace orinet {

MapLayer::MapLayer(const QString& name, QObject* parent)
    : QObject(parent)
    , mName(name) {}

void MapLayer::setName(const QString& name) {
    mName = name;
    emit changed();
}

void MapLayer::setVisible(bool visible) {
    if (visible == mVisible)
        return;
    mVisible = visible;
    emit changed();
}

void MapLayer::paintOverlay(QPainter&, const MapViewport&) {}

std::optional<MapLayer::Hit> MapLayer::hitTest(const QPointF&, const MapViewport&, double) const {
    return std::nullopt;
}

} // namespace orinet
