#pragma once

#include "maplayer.h"
#include "symbolcache.h"

#include <QColor>
#include <QFont>
#include <QPointF>
#include <QVector>

#include <array>
#include <vector>

namespace orinet {

//! Many point features (e.g. every pair of a dataset) in categories with one colour each.
//! A uniform grid index finds the visible and the clicked points without scanning them all;
//! when more than clusterThreshold() points are visible they are drawn as clusters (one disc
//! per screen cell with the count, coloured by the most common category), so 100,000 points
//! stay interactive. A click on a cluster asks the canvas to zoom to its points. Markers and
//! cluster discs are drawn once into a SymbolCache and blitted from there.
class MarkerLayer : public MapLayer {
    Q_OBJECT
public:
    struct Category {
        QString name;
        QColor colour;
    };

    explicit MarkerLayer(const QString& name, QObject* parent = nullptr);

    void setCategories(std::vector<Category> categories);
    const std::vector<Category>& categories() const { return mCategories; }
    //! Points in map coordinates; ids are reported by hitTest(); category indexes
    //! categories(). Non-finite positions are kept (ids stay valid) but never drawn or hit.
    void setPoints(std::vector<QPointF> positions, std::vector<qint64> ids,
                   std::vector<quint8> categories);
    size_t count() const { return mPositions.size(); }
    const std::vector<QPointF>& positions() const { return mPositions; }
    const std::vector<qint64>& ids() const { return mIds; }
    //! Index of the point with `id`, or -1.
    qint64 indexOf(qint64 id) const;
    //! Hides a category (e.g. a split) without rebuilding the index.
    void setCategoryVisible(int category, bool visible);
    bool isCategoryVisible(int category) const;

    void setMarkerRadius(double pixels);
    void setClusterThreshold(int visiblePoints);
    int clusterThreshold() const { return mClusterThreshold; }

    //! Indices of the visible points inside a map rectangle (for tests and selection tools).
    std::vector<size_t> pointsIn(const QRectF& map) const;
    //! How the last paint drew: individual markers or clusters.
    bool lastPaintClustered() const { return mLastClustered; }
    //! The clusters a clustered paint of `viewport` draws: map centroid and point count.
    std::vector<std::pair<QPointF, int>> visibleClusters(const MapViewport& viewport) const;

    void paint(QPainter& painter, const MapViewport& viewport) override;
    std::optional<QRectF> extent() const override {
        return mCellsX > 0 ? std::optional<QRectF>(mExtent) : std::nullopt;
    }
    std::optional<Hit> hitTest(const QPointF& screen, const MapViewport& viewport,
                               double tolerance) const override;

private:
    struct Cluster {
        QPointF sum; //!< of map positions, for the centroid
        QRectF bounds;
        int count = 0;
        size_t first = 0; //!< one of its points
        std::vector<int> perCategory;
    };
    void buildIndex();
    template <typename Visit> void forEachIn(const QRectF& map, Visit visit) const;
    //! Visible points in a map rectangle: whole index cells by their counts, border cells
    //! point by point.
    size_t countIn(const QRectF& map) const;
    QRectF cellRect(int cx, int cy) const;
    //! First and last index cell columns and rows (x0, x1, y0, y1) touching a map rectangle.
    std::array<int, 4> cellRange(const QRectF& map) const;
    //! The clusters of cells of `size` map units (anchored to the map) whose points lie in
    //! `area`; complete for every cluster cell inside it.
    std::vector<Cluster> clusters(const QRectF& area, double size) const;

    std::vector<Category> mCategories;
    std::vector<bool> mCategoryVisible;
    std::vector<QPointF> mPositions;
    std::vector<qint64> mIds;
    std::vector<quint8> mCategoryOf;
    QRectF mExtent;
    double mRadius = 3.5;
    int mClusterThreshold = 4000;
    bool mLastClustered = false;
    SymbolCache mSymbols;
    QFont mSymbolFont; //!< the font the cached cluster labels were drawn with

    // Grid index: cell (cx, cy) holds mOrder[mCellStart[c] .. mCellStart[c+1]).
    double mCellSize = 1;
    int mCellsX = 0, mCellsY = 0;
    std::vector<int> mCellStart;
    std::vector<int> mOrder;
    // Per index cell and category value: count and sum of positions, so clusters and counts
    // of a zoomed-out view cost one step per cell instead of one per point.
    int mValues = 1; //!< category values present (max + 1)
    std::vector<int> mCellCount;
    std::vector<QPointF> mCellSum;
    std::vector<QRectF> mCellBounds;
};

} // namespace orinet
