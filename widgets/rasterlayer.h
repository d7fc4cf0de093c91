#pragma once

#include "maplayer.h"

#include <memory>

namespace orinet {

class RasterSource;
class TileCache;

//! A georeferenced raster (the base map) drawn from display tiles at the overview level that
//! matches the zoom: never finer than needed, never coarser than the screen, so it stays crisp
//! at every zoom. Missing tiles are requested from the TileCache and drawn from a coarser
//! cached level meanwhile. The raster's CRS must be the canvas's.
class RasterLayer : public MapLayer {
    Q_OBJECT
public:
    RasterLayer(std::shared_ptr<const RasterSource> source, const QString& name,
                QObject* parent = nullptr);
    ~RasterLayer() override;

    const std::shared_ptr<const RasterSource>& source() const { return mSource; }
    TileCache* cache() const { return mCache; }
    //! The overview level paint() uses at `unitsPerPixel`.
    int levelFor(double unitsPerPixel) const;
    //! Whether every tile the viewport needs is cached (what a first paint waits for).
    bool isComplete(const MapViewport& viewport) const;

    void paint(QPainter& painter, const MapViewport& viewport) override;
    std::optional<QRectF> extent() const override;

private:
    struct Visible {
        int level = 0;
        int x0 = 0, y0 = 0, x1 = -1, y1 = -1; //!< inclusive tile range
    };
    Visible visibleTiles(const MapViewport& viewport) const;
    //! The map rectangle of level-L pixel window [px0, px1) x [py0, py1).
    QRectF mapRect(int level, double px0, double py0, double px1, double py1) const;

    std::shared_ptr<const RasterSource> mSource;
    TileCache* mCache;
    int mLevels = 1;
};

} // namespace orinet
