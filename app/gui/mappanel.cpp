#include "mappanel.h"

#include "common/error.h"
#include "dataset/dataset.h"
#include "geo/geotiff.h"
#include "mapcanvas.h"
#include "orientationimage.h"

#include <QLabel>
#include <QVBoxLayout>
#include <QtConcurrent>

namespace orinet {

MapPanel::MapPanel(QWidget* parent)
    : QWidget(parent)
    , mCanvas(new MapCanvas)
    , mStatus(new QLabel(tr("No map. A dataset with positions shows its pairs here; a "
                            "synthetic world also shows its GeoTIFF."))) {
    mStatus->setWordWrap(true);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(mStatus);
    layout->addWidget(mCanvas, 1);
    connect(mCanvas, &MapCanvas::markerClicked, this,
            [this](int id) { emit pairActivated(static_cast<size_t>(id)); });
    connect(&mBaseLoader, &QFutureWatcher<Base>::finished, this, [this] {
        const Base base = mBaseLoader.result();
        if (!base.error.isEmpty()) {
            mStatus->setText(base.error);
            return;
        }
        mCanvas->setBaseImage(base.image, QPointF(base.originX, base.originY), base.pixelSize);
    });
}

MapPanel::~MapPanel() {
    mBaseLoader.waitForFinished();
}

void MapPanel::setBaseRaster(const QString& path) {
    mBaseLoader.waitForFinished();
    mBaseLoader.setFuture(QtConcurrent::run([path] {
        Base base;
        try {
            const GeoRaster preview = GeoTiff::readPreview(path.toStdString(), 2048);
            if (preview.rotated)
                throw Error(path.toStdString(), "rotated rasters are not supported by the map");
            base.image = orientationimage::fromBgr(preview.pixels);
            base.originX = preview.transform.originEasting;
            base.originY = preview.transform.originNorthing;
            base.pixelSize = preview.transform.pixelSize;
        } catch (const std::exception& e) {
            base.error = QString::fromStdString(e.what());
        }
        return base;
    }));
}

void MapPanel::setDataset(std::shared_ptr<const Dataset> dataset) {
    mDataset = std::move(dataset);
    mQuery = SIZE_MAX;
    mRetrieved.clear();
    rebuildMarkers();
    mCanvas->zoomToAll();
}

void MapPanel::highlight(size_t query, const std::vector<size_t>& retrieved) {
    mQuery = query;
    mRetrieved = retrieved;
    rebuildMarkers();
    if (mDataset && query < mDataset->pairs().size() && mDataset->pairs()[query].utm) {
        const UtmPosition& p = *mDataset->pairs()[query].utm;
        mCanvas->centreOn(QPointF(p.easting, p.northing), 400);
    }
}

void MapPanel::rebuildMarkers() {
    std::vector<MapCanvas::Marker> markers;
    if (!mDataset) {
        mCanvas->setMarkers({});
        return;
    }
    const auto& pairs = mDataset->pairs();
    size_t located = 0;
    for (size_t i = 0; i < pairs.size(); ++i) {
        if (!pairs[i].utm)
            continue;
        ++located;
        markers.push_back({QPointF(pairs[i].utm->easting, pairs[i].utm->northing),
                           QColor(255, 210, 60, 200),
                           {},
                           3,
                           static_cast<int>(i)});
    }
    // Highlighted markers last, so they are drawn on top.
    for (size_t rank = 0; rank < mRetrieved.size(); ++rank) {
        const size_t i = mRetrieved[rank];
        if (i < pairs.size() && pairs[i].utm && i != mQuery)
            markers.push_back({QPointF(pairs[i].utm->easting, pairs[i].utm->northing),
                               QColor(230, 57, 70), QString::number(rank + 1), 6,
                               static_cast<int>(i)});
    }
    if (mQuery < pairs.size() && pairs[mQuery].utm)
        markers.push_back({QPointF(pairs[mQuery].utm->easting, pairs[mQuery].utm->northing),
                           QColor(80, 220, 120), tr("query / true tile"), 7,
                           static_cast<int>(mQuery)});
    mStatus->setText(located ? tr("%1 of %2 pairs have positions. Click a marker to open the pair.")
                                   .arg(located)
                                   .arg(pairs.size())
                             : tr("This dataset has no positions (CVUSA's split files carry "
                                  "none); CVACT and CSV datasets do."));
    mCanvas->setMarkers(std::move(markers));
}

} // namespace orinet
