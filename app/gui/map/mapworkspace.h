#pragma once

#include "annotationlayer.h"
#include "geo/crs.h"
#include "translatedtexts.h"

#include <QStringList>

#include <QPointF>
#include <QWidget>

#include <cmath>
#include <memory>
#include <vector>

class QAction;
class QHBoxLayout;
class QLabel;
class QPushButton;
class QToolButton;
class QTreeWidget;
class QTreeWidgetItem;

namespace orinet {

class AnnotationLayer;
class BackgroundJob;
class CoordinateTransform;
class Dataset;
class HeatMapView;
class ImageLayer;
class MapCanvas;
class MapLayer;
class MarkerLayer;
class NewestRequest;
class RasterLayer;
class RasterSource;

//! The Map workspace: a GIS view of the dataset. The base raster (any north-up GeoTIFF GDAL
//! reads, in any CRS PROJ knows) is drawn from tiles at the zoom's overview level; the pairs,
//! reprojected from their UTM or WGS84 positions, are coloured by split. Layers (with
//! toggles): base map, heat map, pairs per split, geo-recall circles, query with its true
//! position and top-K by rank, viewing ray, selected pair. The cursor readout shows map CRS and
//! WGS84 coordinates; a click identifies a pair and selects it everywhere (pairSelected()).
//!
//! Raster opening and position reprojection run off the GUI thread; results of superseded
//! requests are dropped.
class MapWorkspace : public QWidget {
    Q_OBJECT
public:
    explicit MapWorkspace(QWidget* parent = nullptr);
    ~MapWorkspace() override;

    //! Opens a georeferenced raster as the base map (background); problems (no
    //! georeferencing, rotated, unknown CRS, unreadable) are shown in the workspace.
    void setBaseRaster(const QString& path);
    void setDataset(std::shared_ptr<const Dataset> dataset);
    //! Distances of the geo-recall circles drawn around a query (metres), those of the
    //! evaluation shown; empty: the default 5 and 25 m.
    void setGeoRecallDistances(const std::vector<double>& metres);

    MapCanvas* canvas() const { return mCanvas; }
    MarkerLayer* pairsLayer() const { return mPairs; }
    AnnotationLayer* resultsLayer() const { return mResults; }
    AnnotationLayer* selectionLayer() const { return mSelection; }
    AnnotationLayer* circlesLayer() const { return mCircles; }
    AnnotationLayer* rayLayer() const { return mRay; }
    ImageLayer* heatMapLayer() const { return mHeatMap; }
    AnnotationLayer* peaksLayer() const { return mPeaks; }
    HeatMapView* heatMapView() const { return mHeatMapView; }
    RasterLayer* baseLayer() const { return mBase; }
    //! The map CRS (the raster's, else the UTM zone of the pairs).
    const Crs& crs() const { return mCrs; }
    //! Map position of a pair (NaN when it has none or reprojection is still running).
    QPointF pairPosition(size_t pairIndex) const;
    //! True once the pairs of the current dataset are placed in the current CRS.
    bool positionsReady() const { return mPositionsReady; }
    //! The text of the cursor readout and of the message line (for tests).
    QString cursorText() const;
    QString messageText() const;
    QString identifyText() const;
    //! Beside the images (a dock of the main window, narrower than a workspace): the canvas
    //! takes the width, the layers / identify / heat-map panel is shown on demand and the
    //! cursor readout goes under the map.
    void setBeside(bool beside);
    bool isBeside() const { return mBeside; }
    //! Whether the layers / identify / heat-map panel is shown.
    bool isPanelShown() const;

public slots:
    //! Emphasises a query, its true position and the retrieved pairs (nearest first, numbered
    //! by rank), with geo-recall circles around the query; the view moves to show them.
    void highlight(size_t query, const std::vector<size_t>& retrieved);
    //! Emphasises a query and the top-1 of each compared method (Compare Runs: A, B), each in
    //! its colour (Palette::runA(), runB()) and labelled with its letter, the legend naming the
    //! methods; a top-1 that is the true match is said at the query's star. SIZE_MAX: unknown.
    void highlightCompared(size_t query, const std::vector<size_t>& tops, const QStringList& names);
    //! Marks a pair as selected (e.g. from the dataset browser) and keeps it on screen.
    void selectPair(size_t pairIndex);
    //! Fits the view to the highlighted query and its retrieved pairs.
    void fitToResults();
    //! Draws the viewing ray of a pair: from its position towards `bearing` (radians clockwise
    //! from north) over `lengthMetres`, with a dot at `groundMetres` when that is finite and
    //! shorter. A negative pair index or a NaN bearing removes it.
    void showRay(qint64 pairIndex, double bearing, double lengthMetres, double groundMetres = NAN);
    //! The bearing hovered in a pair viewer, from the selected pair (dataset browser) or the
    //! highlighted query (failure inspector), 120 m long, with a dot at `groundMetres` (the
    //! flat ground the hovered pixel sees) when that is finite; a NaN bearing removes it.
    void showSelectionRay(double bearing, double groundMetres);
    void showQueryRay(double bearing, double groundMetres);
    //! The run whose model the heat map uses.
    void setRunDirectory(const QString& run);
    void exportViewDialog();
    void openRasterDialog();

signals:
    //! A pair was clicked on the map (linked selection).
    void pairSelected(size_t pairIndex);
    //! The user asked to open a pair in the dataset browser.
    void pairActivated(size_t pairIndex);
    //! A long job (describing the heat map's places) started.
    void jobStarted(BackgroundJob* job);

protected:
    void changeEvent(QEvent* event) override;

private:
    struct Placed {
        std::vector<QPointF> positions;
        std::vector<quint8> categories;
        QStringList categoryNames;
        std::vector<size_t> categoryCounts;
        size_t located = 0;
        QString error;
    };
    struct OpenedRaster {
        std::shared_ptr<const RasterSource> source;
        QString error;
    };

    void placePairs();
    void onPairsPlaced(Placed placed);
    void onRasterOpened(const OpenedRaster& opened);
    void rebuildLayerTree();
    void onLayerItemChanged(QTreeWidgetItem* item);
    void updateResults();
    //! Draws `query` with `retrieved` and frames them when not all on screen.
    void showResults(size_t query, const std::vector<size_t>& retrieved);
    static QString comparedLetter(size_t index);
    static QString elided(const QString& name);
    static QColor comparedColour(size_t index);
    //! The compared methods' symbols (highlightCompared()).
    void addComparedSymbols(std::vector<AnnotationLayer::Symbol>& symbols,
                            QString* queryLabel) const;
    void updateSelection();
    void identify(size_t pairIndex);
    //! The status line; a message made by a function follows language changes.
    void showMessage(TranslatedTexts::Text text, bool problem = false);
    void showMessage(const QString& text, bool problem = false);
    void updateCursor(QPointF map);
    //! Map units per metre at a map point (1 in metric projected CRSs).
    double unitsPerMetre(QPointF map) const;
    QString splitOf(size_t pairIndex) const;

    MapCanvas* mCanvas;
    QLabel* mMessage;
    QLabel* mCursor;
    QLabel* mIdentify;
    QPushButton* mOpenInBrowser;
    QToolButton* mPanelButton;
    QAction* mPanelAction = nullptr;
    QHBoxLayout* mTools;
    QHBoxLayout* mBottom;
    QWidget* mSide;
    bool mBeside = false;
    QTreeWidget* mLayerTree;
    HeatMapView* mHeatMapView;

    RasterLayer* mBase = nullptr;
    ImageLayer* mHeatMap;
    AnnotationLayer* mPeaks;
    MarkerLayer* mPairs;
    AnnotationLayer* mCircles;
    AnnotationLayer* mResults;
    AnnotationLayer* mRay;
    AnnotationLayer* mSelection;

    std::shared_ptr<const Dataset> mDataset;
    Crs mCrs;
    std::unique_ptr<CoordinateTransform> mToWgs84;
    std::vector<QPointF> mPositions; //!< per pair, in mCrs
    std::vector<size_t> mCategoryCounts;
    bool mPositionsReady = false;
    NewestRequest* mPlacer;
    NewestRequest* mRasterOpener;
    QString mRasterPath;

    size_t mQuery = SIZE_MAX;
    std::vector<size_t> mRetrieved;
    //! Compared methods' top-1s (highlightCompared()); empty: mRetrieved is shown.
    std::vector<size_t> mComparedTops;
    QStringList mComparedNames;
    size_t mSelected = SIZE_MAX;
    size_t mIdentified = SIZE_MAX;
    static std::vector<double> defaultGeoRecallMetres() { return {5.0, 25.0}; }
    std::vector<double> mGeoRecallMetres = defaultGeoRecallMetres();
    TranslatedTexts mTexts; //!< every text this widget shows (docs/translations.md)
};

} // namespace orinet
