#include "symbolcache.h"

#include <QPainter>

#include <cmath>

namespace orinet {

void SymbolCache::beginFrame(double devicePixelRatio) {
    if (devicePixelRatio != mRatio || mImages.size() > mCapacity)
        mImages.clear();
    mRatio = devicePixelRatio;
}

void SymbolCache::draw(QPainter& painter, QPointF at, quint64 key, double radius,
                       const Draw& draw) {
    auto it = mImages.find(key);
    if (it == mImages.end()) {
        // An odd number of device pixels around a whole-pixel centre, with room for the pen.
        const int half = static_cast<int>(std::ceil((radius + 1.5) * mRatio));
        QImage image(2 * half + 1, 2 * half + 1, QImage::Format_ARGB32_Premultiplied);
        image.setDevicePixelRatio(mRatio);
        image.fill(Qt::transparent);
        QPainter symbol(&image);
        symbol.setRenderHints(painter.renderHints());
        symbol.setFont(painter.font());
        symbol.translate((half + 0.5) / mRatio, (half + 0.5) / mRatio);
        draw(symbol);
        symbol.end();
        it = mImages.insert(key, image);
    }
    const double half = (it->width() / 2) / mRatio;
    // The image centre is the middle of its centre pixel; put that under `at`.
    const QPointF topLeft(std::round(at.x() * mRatio - 0.5) / mRatio - half,
                          std::round(at.y() * mRatio - 0.5) / mRatio - half);
    painter.drawImage(topLeft, *it);
}

} // namespace orinet
