#pragma once

#include <QFutureWatcher>
#include <QImage>
#include <QWidget>

#include <memory>
#include <vector>

class QLabel;

namespace orinet {

class Dataset;
class MapCanvas;

//! The geographic view: the world's GeoTIFF as a base map (read from its overviews off the
//! GUI thread) and the dataset's pair positions as markers. Clicking a marker activates that
//! pair; retrieval results can be highlighted (query, true tile, retrieved tiles).
class MapPanel : public QWidget {
    Q_OBJECT
public:
    explicit MapPanel(QWidget* parent = nullptr);
    ~MapPanel() override;

    //! Loads a preview of a georeferenced raster as the base map.
    void setBaseRaster(const QString& path);
    void setDataset(std::shared_ptr<const Dataset> dataset);
    //! Emphasises one query (white), its true tile (green) and retrieved tiles (red, ranked).
    void highlight(size_t query, const std::vector<size_t>& retrieved);

    MapCanvas* canvas() const { return mCanvas; }

signals:
    void pairActivated(size_t pairIndex);

private:
    struct Base {
        QImage image;
        double originX = 0, originY = 0, pixelSize = 1;
        QString error;
    };
    void rebuildMarkers();

    MapCanvas* mCanvas;
    QLabel* mStatus;
    std::shared_ptr<const Dataset> mDataset;
    QFutureWatcher<Base> mBaseLoader;
    size_t mQuery = SIZE_MAX;
    std::vector<size_t> mRetrieved;
};

} // namespace orinet
