#pragma once

#include <QHash>
#include <QImage>
#include <QPointF>

#include <functional>

class QPainter;

namespace orinet {

//! Rasterised copies of small map symbols (a marker disc, a cluster disc with its count), keyed
//! by what they show. A panned frame of several hundred clusters then blits images instead of
//! antialiasing discs and laying out text for each: the drawing, not the clustering, is what
//! made clustered views slow (docs/map.md).
//!
//! The cache holds images for one device pixel ratio; it starts afresh when the ratio changes,
//! and at beginFrame() once it holds more than its capacity (never during a frame, so a view
//! with more distinct symbols than the capacity does not redraw them over and over).
//!
//! Threading: the thread that paints (the GUI thread).
class SymbolCache {
public:
    using Draw = std::function<void(QPainter&)>;

    explicit SymbolCache(int capacity = 1024)
        : mCapacity(capacity) {}

    //! Call before the symbols of one frame: sets the device pixel ratio of the target and
    //! trims the cache.
    void beginFrame(double devicePixelRatio);
    //! Draws the symbol `key` centred on `at` (screen pixels, snapped to device pixels so it
    //! stays crisp). On first use `draw` paints it centred on (0, 0), within `radius` pixels.
    void draw(QPainter& painter, QPointF at, quint64 key, double radius, const Draw& draw);
    void clear() { mImages.clear(); }
    int count() const { return static_cast<int>(mImages.size()); }

private:
    QHash<quint64, QImage> mImages;
    double mRatio = 1.0;
    int mCapacity;
};

} // namespace orinet
