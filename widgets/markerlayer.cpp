#include "markerlayer.h"

#include <QFontMetricsF>
#include <QHash>
#include <QPaintEngine>
#include <QPainter>

#include <algorithm>
#include <array>
#include <cmath>

namespace orinet {

namespace {

constexpr double kClusterCell = 56.0; //!< screen pixels per cluster cell
constexpr int kPointsPerCell = 8;     //!< average occupancy of the grid index

//! What a cluster disc says: its count, in thousands from 10,000 on.
QString clusterLabel(int count) {
    return count >= 10000 ? QString::number(count / 1000) + "k" : QString::number(count);
}

//! Grows with the count and fits the label.
double clusterRadius(int count, const QString& label, const QFontMetricsF& metrics) {
    return std::max(8.0 + 3.0 * std::log10(double(count)),
                    metrics.horizontalAdvance(label) / 2 + 4);
}

void drawMarker(QPainter& painter, QPointF at, const QColor& fill, double radius) {
    painter.setPen(QPen(QColor(0, 0, 0, 200), 1.0));
    painter.setBrush(fill);
    painter.drawEllipse(at, radius, radius);
}

void drawCluster(QPainter& painter, QPointF at, QColor fill, const QString& label, double radius) {
    fill.setAlpha(210);
    painter.setPen(QPen(QColor(0, 0, 0, 160), 1.2));
    painter.setBrush(fill);
    painter.drawEllipse(at, radius, radius);
    painter.setPen(fill.lightness() > 140 ? Qt::black : Qt::white);
    painter.drawText(QRectF(at.x() - radius, at.y() - radius, 2 * radius, 2 * radius),
                     Qt::AlignCenter, label);
}

//! Symbol cache keys: the colour, and the count a cluster shows (0 for a single marker).
quint64 symbolKey(const QColor& colour, int shownCount) {
    return (static_cast<quint64>(colour.rgba()) << 32) | static_cast<quint32>(shownCount);
}

} // namespace

MarkerLayer::MarkerLayer(const QString& name, QObject* parent)
    : MapLayer(name, parent) {}

void MarkerLayer::setCategories(std::vector<Category> categories) {
    mCategories = std::move(categories);
    mCategoryVisible.assign(mCategories.size(), true);
    emit changed();
}

void MarkerLayer::setCategoryVisible(int category, bool visible) {
    if (category < 0 || category >= static_cast<int>(mCategoryVisible.size()))
        return;
    mCategoryVisible[static_cast<size_t>(category)] = visible;
    emit changed();
}

bool MarkerLayer::isCategoryVisible(int category) const {
    return category >= 0 && category < static_cast<int>(mCategoryVisible.size()) &&
           mCategoryVisible[static_cast<size_t>(category)];
}

void MarkerLayer::setMarkerRadius(double pixels) {
    mRadius = pixels;
    mSymbols.clear();
    emit changed();
}

void MarkerLayer::setClusterThreshold(int visiblePoints) {
    mClusterThreshold = std::max(1, visiblePoints);
    emit changed();
}

void MarkerLayer::setPoints(std::vector<QPointF> positions, std::vector<qint64> ids,
                            std::vector<quint8> categories) {
    const size_t n = positions.size();
    ids.resize(n, -1);
    categories.resize(n, 0);
    mPositions = std::move(positions);
    mIds = std::move(ids);
    mCategoryOf = std::move(categories);
    buildIndex();
    emit changed();
}

qint64 MarkerLayer::indexOf(qint64 id) const {
    const auto it = std::find(mIds.begin(), mIds.end(), id);
    return it == mIds.end() ? -1 : static_cast<qint64>(it - mIds.begin());
}

void MarkerLayer::buildIndex() {
    mExtent = QRectF();
    double minX = INFINITY, minY = INFINITY, maxX = -INFINITY, maxY = -INFINITY;
    size_t finite = 0;
    for (const QPointF& p : mPositions) {
        if (!std::isfinite(p.x()) || !std::isfinite(p.y()))
            continue;
        ++finite;
        minX = std::min(minX, p.x());
        maxX = std::max(maxX, p.x());
        minY = std::min(minY, p.y());
        maxY = std::max(maxY, p.y());
    }
    mCellStart.clear();
    mOrder.clear();
    mCellsX = mCellsY = 0;
    if (finite == 0)
        return;
    mExtent = QRectF(QPointF(minX, minY), QPointF(maxX, maxY));
    const double width = std::max(maxX - minX, 1e-9), height = std::max(maxY - minY, 1e-9);
    // Square cells holding kPointsPerCell points on average over the bounding box.
    const double cells = std::max<double>(1.0, double(finite) / kPointsPerCell);
    mCellSize = std::max(std::sqrt(width * height / cells), std::max(width, height) / 2048.0);
    mCellsX = std::max(1, static_cast<int>(std::ceil(width / mCellSize)) + 1);
    mCellsY = std::max(1, static_cast<int>(std::ceil(height / mCellSize)) + 1);
    std::vector<int> cellOf(mPositions.size(), -1);
    mCellStart.assign(static_cast<size_t>(mCellsX) * mCellsY + 1, 0);
    for (size_t i = 0; i < mPositions.size(); ++i) {
        const QPointF& p = mPositions[i];
        if (!std::isfinite(p.x()) || !std::isfinite(p.y()))
            continue;
        const int cx = static_cast<int>((p.x() - minX) / mCellSize);
        const int cy = static_cast<int>((p.y() - minY) / mCellSize);
        cellOf[i] = cy * mCellsX + cx;
        ++mCellStart[static_cast<size_t>(cellOf[i]) + 1];
    }
    for (size_t c = 1; c < mCellStart.size(); ++c)
        mCellStart[c] += mCellStart[c - 1];
    mOrder.assign(finite, 0);
    std::vector<int> fill(mCellStart.begin(), mCellStart.end() - 1);
    for (size_t i = 0; i < mPositions.size(); ++i)
        if (cellOf[i] >= 0)
            mOrder[static_cast<size_t>(fill[static_cast<size_t>(cellOf[i])]++)] =
                static_cast<int>(i);

    mValues = 1;
    for (quint8 v : mCategoryOf)
        mValues = std::max(mValues, v + 1);
    const size_t cellCount = static_cast<size_t>(mCellsX) * mCellsY;
    mCellCount.assign(cellCount * mValues, 0);
    mCellSum.assign(cellCount * mValues, QPointF(0, 0));
    mCellBounds.assign(cellCount, QRectF());
    for (size_t i = 0; i < mPositions.size(); ++i) {
        if (cellOf[i] < 0)
            continue;
        const size_t c = static_cast<size_t>(cellOf[i]);
        const size_t slot = c * mValues + mCategoryOf[i];
        ++mCellCount[slot];
        mCellSum[slot] += mPositions[i];
        const QPointF& p = mPositions[i];
        QRectF& b = mCellBounds[c];
        b = b.isNull() && b.topLeft() == QPointF()
                ? QRectF(p, QSizeF(0, 0))
                : QRectF(QPointF(std::min(b.left(), p.x()), std::min(b.top(), p.y())),
                         QPointF(std::max(b.right(), p.x()), std::max(b.bottom(), p.y())));
    }
}

std::array<int, 4> MarkerLayer::cellRange(const QRectF& map) const {
    auto clamped = [](double v, int cells) {
        return std::clamp(static_cast<int>(std::floor(v)), 0, cells - 1);
    };
    return {clamped((map.left() - mExtent.left()) / mCellSize, mCellsX),
            clamped((map.right() - mExtent.left()) / mCellSize, mCellsX),
            clamped((map.top() - mExtent.top()) / mCellSize, mCellsY),
            clamped((map.bottom() - mExtent.top()) / mCellSize, mCellsY)};
}

QRectF MarkerLayer::cellRect(int cx, int cy) const {
    return {mExtent.left() + cx * mCellSize, mExtent.top() + cy * mCellSize, mCellSize, mCellSize};
}

size_t MarkerLayer::countIn(const QRectF& map) const {
    if (mCellsX == 0 || !map.intersects(mExtent.adjusted(-1e-9, -1e-9, 1e-9, 1e-9)))
        return 0;
    const auto [cx0, cx1, cy0, cy1] = cellRange(map);
    size_t count = 0;
    for (int cy = cy0; cy <= cy1; ++cy)
        for (int cx = cx0; cx <= cx1; ++cx) {
            const size_t c = static_cast<size_t>(cy) * mCellsX + cx;
            if (map.contains(cellRect(cx, cy))) {
                for (int v = 0; v < mValues; ++v)
                    if (mCategoryVisible.empty() || isCategoryVisible(v))
                        count += static_cast<size_t>(mCellCount[c * mValues + v]);
                continue;
            }
            for (int k = mCellStart[c]; k < mCellStart[c + 1]; ++k) {
                const size_t i = static_cast<size_t>(mOrder[static_cast<size_t>(k)]);
                if (!mCategoryVisible.empty() && !isCategoryVisible(mCategoryOf[i]))
                    continue;
                const QPointF& p = mPositions[i];
                count += p.x() >= map.left() && p.x() <= map.right() && p.y() >= map.top() &&
                                 p.y() <= map.bottom()
                             ? 1
                             : 0;
            }
        }
    return count;
}

template <typename Visit> void MarkerLayer::forEachIn(const QRectF& map, Visit visit) const {
    if (mCellsX == 0 || !map.intersects(mExtent.adjusted(-1e-9, -1e-9, 1e-9, 1e-9)))
        return;
    const auto [cx0, cx1, cy0, cy1] = cellRange(map);
    for (int cy = cy0; cy <= cy1; ++cy)
        for (int cx = cx0; cx <= cx1; ++cx) {
            const size_t c = static_cast<size_t>(cy) * mCellsX + cx;
            for (int k = mCellStart[c]; k < mCellStart[c + 1]; ++k) {
                const size_t i = static_cast<size_t>(mOrder[static_cast<size_t>(k)]);
                if (!isCategoryVisible(mCategoryOf[i]) && !mCategoryVisible.empty())
                    continue;
                const QPointF& p = mPositions[i];
                if (p.x() >= map.left() && p.x() <= map.right() && p.y() >= map.top() &&
                    p.y() <= map.bottom())
                    visit(i);
            }
        }
}

std::vector<size_t> MarkerLayer::pointsIn(const QRectF& map) const {
    std::vector<size_t> out;
    forEachIn(map.normalized(), [&out](size_t i) { out.push_back(i); });
    return out;
}

std::vector<MarkerLayer::Cluster> MarkerLayer::clusters(const QRectF& view, double size) const {
    // Cells are anchored to the map, not the screen, so clusters stay put while panning.
    QHash<quint64, int> index;
    std::vector<Cluster> out;
    const size_t categories = std::max<size_t>(mValues, mCategories.size());
    auto clusterAt = [&](const QPointF& p, size_t first) -> Cluster& {
        const qint64 gx = static_cast<qint64>(std::floor(p.x() / size));
        const qint64 gy = static_cast<qint64>(std::floor(p.y() / size));
        const quint64 key = (static_cast<quint64>(gx) << 32) ^ static_cast<quint32>(gy);
        auto it = index.find(key);
        if (it == index.end()) {
            it = index.insert(key, static_cast<int>(out.size()));
            out.push_back({});
            out.back().perCategory.assign(categories, 0);
            out.back().bounds = QRectF(p, QSizeF(0, 0));
            out.back().first = first;
        }
        return out[static_cast<size_t>(*it)];
    };
    auto grow = [](QRectF& bounds, const QRectF& r) {
        bounds = QRectF(
            QPointF(std::min(bounds.left(), r.left()), std::min(bounds.top(), r.top())),
            QPointF(std::max(bounds.right(), r.right()), std::max(bounds.bottom(), r.bottom())));
    };
    if (size < 4 * mCellSize || mCellsX == 0) {
        forEachIn(view, [&](size_t i) {
            const QPointF& p = mPositions[i];
            Cluster& c = clusterAt(p, i);
            c.sum += p;
            grow(c.bounds, QRectF(p, QSizeF(0, 0)));
            ++c.count;
            ++c.perCategory[mCategoryOf[i]];
        });
        return out;
    }
    // Index cells much smaller than a cluster: each joins the cluster of its centroid whole.
    const auto [cx0, cx1, cy0, cy1] = cellRange(view);
    for (int cy = cy0; cy <= cy1; ++cy)
        for (int cx = cx0; cx <= cx1; ++cx) {
            const size_t c = static_cast<size_t>(cy) * mCellsX + cx;
            int count = 0;
            QPointF sum(0, 0);
            for (int v = 0; v < mValues; ++v)
                if (mCategoryVisible.empty() || isCategoryVisible(v)) {
                    count += mCellCount[c * mValues + v];
                    sum += mCellSum[c * mValues + v];
                }
            if (count == 0)
                continue;
            size_t first = static_cast<size_t>(mOrder[static_cast<size_t>(mCellStart[c])]);
            for (int k = mCellStart[c]; k < mCellStart[c + 1]; ++k) {
                const size_t i = static_cast<size_t>(mOrder[static_cast<size_t>(k)]);
                if (mCategoryVisible.empty() || isCategoryVisible(mCategoryOf[i])) {
                    first = i; // a visible point, reported when the cluster holds only it
                    break;
                }
            }
            Cluster& cluster = clusterAt(sum / count, first);
            cluster.sum += sum;
            cluster.count += count;
            grow(cluster.bounds, mCellBounds[c]);
            for (int v = 0; v < mValues; ++v)
                if (mCategoryVisible.empty() || isCategoryVisible(v))
                    cluster.perCategory[static_cast<size_t>(v)] += mCellCount[c * mValues + v];
        }
    return out;
}

std::vector<std::pair<QPointF, int>>
MarkerLayer::visibleClusters(const MapViewport& viewport) const {
    std::vector<std::pair<QPointF, int>> out;
    const double size = kClusterCell * viewport.unitsPerPixel;
    for (const Cluster& c : clusters(viewport.extent().adjusted(-size, -size, size, size), size))
        out.emplace_back(c.sum / c.count, c.count);
    return out;
}

void MarkerLayer::paint(QPainter& painter, const MapViewport& viewport) {
    const double margin = 12 * viewport.unitsPerPixel;
    const QRectF view = viewport.extent().adjusted(-margin, -margin, margin, margin);
    const size_t visible = countIn(view);
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing);
    auto colourOf = [this](size_t category) {
        return category < mCategories.size() ? mCategories[category].colour : QColor(255, 210, 60);
    };
    mLastClustered = visible > static_cast<size_t>(mClusterThreshold);
    QFont font = painter.font();
    if (mLastClustered) {
        font.setPointSizeF(std::max(7.0, font.pointSizeF() - 1));
        font.setBold(true);
        painter.setFont(font);
    }
    // On screen and in images, symbols are blitted from the cache; vector outputs (PDF, SVG)
    // get real discs and text.
    const bool blit =
        painter.paintEngine() && painter.paintEngine()->type() == QPaintEngine::Raster;
    if (blit) {
        if (font != mSymbolFont)
            mSymbols.clear();
        mSymbolFont = font;
        mSymbols.beginFrame(painter.device()->devicePixelRatioF());
    }
    auto marker = [&](QPointF at, const QColor& fill) {
        if (!blit)
            return drawMarker(painter, at, fill, mRadius);
        mSymbols.draw(painter, at, symbolKey(fill, 0), mRadius,
                      [&](QPainter& p) { drawMarker(p, QPointF(0, 0), fill, mRadius); });
    };
    if (!mLastClustered) {
        forEachIn(view, [&](size_t i) {
            const size_t category = mCategoryOf[i] < mCategories.size() ? mCategoryOf[i] : 0;
            marker(viewport.toScreen(mPositions[i]), colourOf(category));
        });
    } else {
        const QFontMetricsF metrics(font);
        const double size = kClusterCell * viewport.unitsPerPixel;
        for (const Cluster& c :
             clusters(viewport.extent().adjusted(-size, -size, size, size), size)) {
            const QPointF at = viewport.toScreen(c.sum / c.count);
            const auto dominant =
                static_cast<size_t>(std::max_element(c.perCategory.begin(), c.perCategory.end()) -
                                    c.perCategory.begin());
            const QColor fill = colourOf(dominant);
            if (c.count == 1) {
                marker(at, fill);
                continue;
            }
            const QString label = clusterLabel(c.count);
            const double radius = clusterRadius(c.count, label, metrics);
            if (!blit) {
                drawCluster(painter, at, fill, label, radius);
                continue;
            }
            // Counts from 10,000 on show in thousands: one symbol per shown label.
            const int shown = c.count >= 10000 ? c.count / 1000 * 1000 : c.count;
            mSymbols.draw(painter, at, symbolKey(fill, shown), radius + 0.6,
                          [&](QPainter& p) { drawCluster(p, QPointF(0, 0), fill, label, radius); });
        }
    }
    painter.restore();
}

std::optional<MapLayer::Hit>
MarkerLayer::hitTest(const QPointF& screen, const MapViewport& viewport, double tolerance) const {
    const QPointF at = viewport.toMap(screen);
    const double margin = 12 * viewport.unitsPerPixel;
    const size_t visible = countIn(viewport.extent().adjusted(-margin, -margin, margin, margin));
    if (visible > static_cast<size_t>(mClusterThreshold)) {
        // A cluster is drawn at its centroid, inside its own cell, at most ~25 px from a click
        // that hits it: only the 3 x 3 cluster cells around the click need to be formed.
        const double size = kClusterCell * viewport.unitsPerPixel;
        const QRectF around(std::floor(at.x() / size - 1) * size,
                            std::floor(at.y() / size - 1) * size, 3 * size, 3 * size);
        std::optional<Hit> best;
        for (const Cluster& c : clusters(around, size)) {
            const QPointF d = viewport.toScreen(c.sum / c.count) - screen;
            const double distance = std::hypot(d.x(), d.y());
            const double radius = c.count == 1 ? mRadius : 8.0 + 3.0 * std::log10(double(c.count));
            if (distance <= radius + tolerance && (!best || distance < best->screenDistance)) {
                best = Hit{};
                best->screenDistance = distance;
                best->zoomTo = c.count > 1 ? c.bounds : QRectF();
                if (c.count == 1)
                    best->id = mIds[c.first];
            }
        }
        return best;
    }
    const double reach = (tolerance + mRadius) * viewport.unitsPerPixel;
    std::optional<Hit> best;
    forEachIn(QRectF(at.x() - reach, at.y() - reach, 2 * reach, 2 * reach), [&](size_t i) {
        const QPointF d = viewport.toScreen(mPositions[i]) - screen;
        const double distance = std::hypot(d.x(), d.y());
        if (distance <= tolerance + mRadius && (!best || distance < best->screenDistance))
            best = Hit{mIds[i], QRectF(), distance};
    });
    return best;
}

} // namespace orinet
