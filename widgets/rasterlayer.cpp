#include "rasterlayer.h"

#include "geo/rastersource.h"
#include "tilecache.h"

#include <QPainter>

#include <algorithm>
#include <cmath>

namespace orinet {

RasterLayer::RasterLayer(std::shared_ptr<const RasterSource> source, const QString& name,
                         QObject* parent)
    : MapLayer(name, parent)
    , mSource(std::move(source))
    , mCache(new TileCache(mSource, this))
    , mLevels(mSource->levelCount(TileCache::kTileSize)) {
    connect(mCache, &TileCache::tileLoaded, this, &MapLayer::changed);
}

RasterLayer::~RasterLayer() = default;

int RasterLayer::levelFor(double unitsPerPixel) const {
    // The coarsest level whose pixels are still at most one screen pixel.
    const double ratio = unitsPerPixel / std::min(mSource->pixelWidth(), mSource->pixelHeight());
    const int level = ratio <= 1.0 ? 0 : static_cast<int>(std::floor(std::log2(ratio) + 1e-9));
    return std::clamp(level, 0, mLevels - 1);
}

std::optional<QRectF> RasterLayer::extent() const {
    const cv::Rect2d e = mSource->extent();
    return QRectF(e.x, e.y, e.width, e.height);
}

QRectF RasterLayer::mapRect(int level, double px0, double py0, double px1, double py1) const {
    const double f = 1 << level;
    // Level-L pixel u covers level-0 pixels [u·2^L, (u+1)·2^L), clipped to the raster.
    const double x0 = std::min(px0 * f, double(mSource->width()));
    const double x1 = std::min(px1 * f, double(mSource->width()));
    const double y0 = std::min(py0 * f, double(mSource->height()));
    const double y1 = std::min(py1 * f, double(mSource->height()));
    const cv::Point2d topLeft = mSource->pixelToMap({x0, y0});
    const cv::Point2d bottomRight = mSource->pixelToMap({x1, y1});
    return QRectF(QPointF(topLeft.x, bottomRight.y), QPointF(bottomRight.x, topLeft.y));
}

RasterLayer::Visible RasterLayer::visibleTiles(const MapViewport& viewport) const {
    Visible v;
    v.level = levelFor(viewport.unitsPerPixel);
    const QRectF view = viewport.extent();
    const cv::Point2d a = mSource->mapToPixel({view.left(), view.bottom()}); // top-left
    const cv::Point2d b = mSource->mapToPixel({view.right(), view.top()});   // bottom-right
    const double span = double(TileCache::kTileSize) * (1 << v.level);       // level-0 px per tile
    const int maxX = static_cast<int>(std::ceil(mSource->width() / span)) - 1;
    const int maxY = static_cast<int>(std::ceil(mSource->height() / span)) - 1;
    v.x0 = std::max(0, static_cast<int>(std::floor(a.x / span)));
    v.y0 = std::max(0, static_cast<int>(std::floor(a.y / span)));
    v.x1 = std::min(maxX, static_cast<int>(std::floor(b.x / span)));
    v.y1 = std::min(maxY, static_cast<int>(std::floor(b.y / span)));
    return v;
}

bool RasterLayer::isComplete(const MapViewport& viewport) const {
    const Visible v = visibleTiles(viewport);
    for (int y = v.y0; y <= v.y1; ++y)
        for (int x = v.x0; x <= v.x1; ++x)
            if (!mCache->contains({v.level, x, y}))
                return false;
    return true;
}

void RasterLayer::paint(QPainter& painter, const MapViewport& viewport) {
    const Visible v = visibleTiles(viewport);
    const int s = TileCache::kTileSize;
    // Snap tile edges to whole screen pixels: neighbours then share their edge exactly and no
    // hairline seams show between tiles.
    auto snapped = [&viewport](const QRectF& map) {
        const QRectF r = viewport.toScreen(map);
        return QRectF(QPointF(std::round(r.left()), std::round(r.top())),
                      QPointF(std::round(r.right()), std::round(r.bottom())));
    };
    painter.save();
    // Shrinking averages; magnifying past the raster's resolution shows its pixels as squares
    // (as GIS tools do) instead of blurring them.
    painter.setRenderHint(QPainter::SmoothPixmapTransform,
                          viewport.unitsPerPixel > mSource->pixelWidth());
    painter.setRenderHint(QPainter::Antialiasing, false);
    QList<TileKey> wanted;
    const QPointF centre = viewport.toScreen(viewport.centre);
    struct Missing {
        TileKey key;
        double distance;
    };
    std::vector<Missing> missing;
    for (int y = v.y0; y <= v.y1; ++y) {
        for (int x = v.x0; x <= v.x1; ++x) {
            const TileKey key{v.level, x, y};
            const QRectF target = snapped(mapRect(v.level, double(x) * s, double(y) * s,
                                                  double(x + 1) * s, double(y + 1) * s));
            const QImage image = mCache->tile(key);
            if (!image.isNull()) {
                painter.drawImage(target, image);
                continue;
            }
            missing.push_back({key, std::hypot(target.center().x() - centre.x(),
                                               target.center().y() - centre.y())});
            // Meanwhile, the same area from the nearest coarser level that is cached.
            for (int up = 1; v.level + up < mLevels; ++up) {
                const int level = v.level + up;
                const TileKey parent{level, x >> up, y >> up};
                const QImage coarse = mCache->tile(parent);
                if (coarse.isNull())
                    continue;
                const double scale = 1.0 / (1 << up);
                const QRectF source((x * s) * scale - parent.x * s, (y * s) * scale - parent.y * s,
                                    s * scale, s * scale);
                const QRectF clipped = source & QRectF(0, 0, coarse.width(), coarse.height());
                const QRectF area = snapped(
                    mapRect(level, parent.x * s + clipped.left(), parent.y * s + clipped.top(),
                            parent.x * s + clipped.right(), parent.y * s + clipped.bottom()));
                painter.drawImage(area, coarse, clipped);
                break;
            }
        }
    }
    painter.restore();
    // Nearest the centre first: that is where the user looks.
    std::sort(missing.begin(), missing.end(),
              [](const Missing& a, const Missing& b) { return a.distance < b.distance; });
    for (const Missing& m : missing)
        wanted.append(m.key);
    mCache->request(wanted);
}

} // namespace orinet
