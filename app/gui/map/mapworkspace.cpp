#include "gui/map/mapworkspace.h"

#include "annotationlayer.h"
#include "dataset/dataset.h"
#include "geo/coordinatetransform.h"
#include "geo/positionprojector.h"
#include "geo/rastersource.h"
#include "gui/jobs/backgroundjob.h"
#include "gui/jobs/newestrequest.h"
#include "gui/map/heatmapview.h"
#include "imagelayer.h"
#include "localnumber.h"
#include "mapcanvas.h"
#include "markerlayer.h"
#include "palette.h"
#include "rasterlayer.h"
#include "tilecache.h"

#include <QAction>
#include <QEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QScrollArea>
#include <QSplitter>
#include <QToolBar>
#include <QToolButton>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <cmath>
#include <limits>

namespace orinet {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
//! Length of a hovered viewing ray on the map: past a tile's edge, within a street block.
constexpr double kRayMetres = 120.0;

bool isFinite(const QPointF& p) {
    return std::isfinite(p.x()) && std::isfinite(p.y());
}

QString formatCoordinate(double value, int decimals) {
    // Thin spaces group thousands so 6089876.5 reads as 6 089 876.5 (6 089 876,5 in German).
    QString text = localNumber(std::abs(value), decimals);
    const int point = text.indexOf(QLocale().decimalPoint());
    for (int i = (point < 0 ? text.size() : point) - 3; i > 0; i -= 3)
        text.insert(i, QChar(0x2009));
    return value < 0 ? "-" + text : text;
}

enum ItemRole { LayerRole = Qt::UserRole, CategoryRole };

} // namespace

MapWorkspace::MapWorkspace(QWidget* parent)
    : QWidget(parent)
    , mCanvas(new MapCanvas)
    , mMessage(new QLabel)
    , mCursor(new QLabel)
    , mIdentify(new QLabel)
    , mOpenInBrowser(new QPushButton)
    , mPanelButton(new QToolButton)
    , mTools(new QHBoxLayout)
    , mBottom(new QHBoxLayout)
    , mSide(nullptr)
    , mLayerTree(new QTreeWidget)
    , mHeatMap(new ImageLayer(tr("Heat map")))
    , mPeaks(new AnnotationLayer(tr("Heat-map peaks")))
    , mPairs(new MarkerLayer(tr("Pairs")))
    , mCircles(new AnnotationLayer(tr("Geo-recall circles")))
    , mResults(new AnnotationLayer(tr("Query and top-K")))
    , mRay(new AnnotationLayer(tr("Viewing ray")))
    , mSelection(new AnnotationLayer(tr("Selected pair")))
    , mPlacer(new NewestRequest(this))
    , mRasterOpener(new NewestRequest(this)) {
    showMessage([] {
        return tr("No map. A dataset with positions shows its pairs here; a "
                  "synthetic world also shows its GeoTIFF.");
    });
    mTexts.setText(mIdentify, [] { return tr("Click a pair on the map to identify it."); });
    mTexts.setText(mOpenInBrowser, [] { return tr("Show in Dataset Browser"); });
    mTexts.bind(this, "layers", [this] {
        mHeatMap->setName(tr("Heat map"));
        mPairs->setName(tr("Pairs"));
        mCircles->setName(tr("Geo-recall circles"));
        mResults->setName(tr("Query and top-K"));
        mRay->setName(tr("Viewing ray"));
        mSelection->setName(tr("Selected pair"));
        updateResults(); // the query's label and the circles' distances are words too
    });
    mMessage->setWordWrap(true);
    mCursor->setTextInteractionFlags(Qt::TextSelectableByMouse);
    mCursor->setMinimumWidth(200);
    mIdentify->setWordWrap(true);
    mIdentify->setTextFormat(Qt::RichText);
    mIdentify->setTextInteractionFlags(Qt::TextSelectableByMouse);
    mIdentify->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    mOpenInBrowser->setEnabled(false);
    mOpenInBrowser->setObjectName("openInBrowser");
    mHeatMapView = new HeatMapView(mHeatMap, mPeaks);

    for (MapLayer* layer : std::initializer_list<MapLayer*>{mHeatMap, mPairs, mCircles, mPeaks,
                                                            mResults, mRay, mSelection})
        mCanvas->addLayer(layer);

    auto toolButton = [this](TranslatedTexts::Text text, TranslatedTexts::Text tip) {
        auto* button = new QToolButton;
        mTexts.setText(button, std::move(text));
        mTexts.setToolTip(button, std::move(tip));
        button->setAutoRaise(true);
        return button;
    };
    QToolButton* openRaster =
        toolButton([] { return tr("Open Raster…"); },
                   [] { return tr("Show any georeferenced raster (GeoTIFF, …) as the base map"); });
    QToolButton* all =
        toolButton([] { return tr("Zoom to All"); }, [] { return tr("Show every layer (Home)"); });
    QToolButton* fit =
        toolButton([] { return tr("Fit to Results"); },
                   [] { return tr("Show the highlighted query and its retrieved pairs"); });
    QToolButton* exportView = toolButton([] { return tr("Export View…"); },
                                         [] { return tr("Save the view as PNG or PDF"); });
    mTexts.setText(mPanelButton, [] { return tr("Layers"); });
    mTexts.setToolTip(mPanelButton,
                      [] { return tr("Show the layers, the identified pair and the heat map"); });
    mPanelButton->setAutoRaise(true);
    mPanelButton->setCheckable(true);
    mPanelButton->setObjectName("mapPanel");
    // A tool bar moves what does not fit into its » menu: beside the images the map may be
    // narrower than its buttons.
    auto* bar = new QToolBar;
    bar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    bar->setStyleSheet("QToolBar { border: none; }");
    for (QToolButton* b : {openRaster, all, fit, exportView})
        bar->addWidget(b);
    mPanelAction = bar->addWidget(mPanelButton); // a tool bar shows and hides its actions
    mPanelAction->setVisible(false);
    QHBoxLayout* tools = mTools;
    tools->setContentsMargins(0, 0, 0, 0);
    tools->addWidget(bar, 1);
    tools->addWidget(mCursor);
    mBottom->setContentsMargins(0, 0, 0, 0);

    mTexts.bind(mLayerTree, "header", [this] { mLayerTree->setHeaderLabel(tr("Layers")); });
    mLayerTree->setRootIsDecorated(true);
    mLayerTree->setUniformRowHeights(true);
    mLayerTree->header()->setStretchLastSection(true);

    auto* identifyBox = new QWidget;
    auto* identifyLayout = new QVBoxLayout(identifyBox);
    identifyLayout->setContentsMargins(0, 0, 0, 0);
    auto* identifyTitle = mTexts.label([] { return tr("<b>Identify</b>"); });
    identifyLayout->addWidget(identifyTitle);
    // Long file paths scroll instead of being cut off.
    auto* identifyScroll = new QScrollArea;
    identifyScroll->setWidget(mIdentify);
    identifyScroll->setWidgetResizable(true);
    identifyScroll->setFrameShape(QFrame::NoFrame);
    identifyLayout->addWidget(identifyScroll, 1);
    identifyLayout->addWidget(mOpenInBrowser);

    auto* side = new QSplitter(Qt::Vertical);
    mSide = side;
    side->addWidget(mLayerTree);
    side->addWidget(identifyBox);
    side->addWidget(mHeatMapView);
    // The heat map's controls keep their natural height (squeezed, its spin boxes were cut
    // off at 1280 x 800); the layer tree and Identify share what is left.
    side->setStretchFactor(0, 1);
    side->setStretchFactor(1, 1);
    side->setStretchFactor(2, 0);
    side->setCollapsible(2, false);

    auto* split = new QSplitter(Qt::Horizontal);
    split->addWidget(mCanvas);
    split->addWidget(side);
    split->setStretchFactor(0, 1);
    split->setSizes({900, 280});

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(tools);
    layout->addWidget(mMessage);
    layout->addWidget(split, 1);
    layout->addLayout(mBottom);

    connect(mPanelButton, &QToolButton::toggled, side, &QWidget::setVisible);
    connect(openRaster, &QToolButton::clicked, this, &MapWorkspace::openRasterDialog);
    connect(all, &QToolButton::clicked, mCanvas, &MapCanvas::zoomToAll);
    connect(fit, &QToolButton::clicked, this, &MapWorkspace::fitToResults);
    connect(exportView, &QToolButton::clicked, this, &MapWorkspace::exportViewDialog);
    connect(mCanvas, &MapCanvas::cursorMoved, this, &MapWorkspace::updateCursor);
    connect(mCanvas, &MapCanvas::cursorLeft, mCursor, &QLabel::clear);
    connect(mCanvas, &MapCanvas::featureClicked, this, [this](MapLayer*, qint64 id) {
        if (id < 0 || !mDataset || static_cast<size_t>(id) >= mDataset->pairs().size())
            return;
        const size_t pair = static_cast<size_t>(id);
        mSelected = pair;
        updateSelection();
        identify(pair);
        mHeatMapView->setQuery(pair);
        emit pairSelected(pair);
    });
    connect(mOpenInBrowser, &QPushButton::clicked, this, [this] {
        if (mIdentified != SIZE_MAX)
            emit pairActivated(mIdentified);
    });
    connect(mLayerTree, &QTreeWidget::itemChanged, this, &MapWorkspace::onLayerItemChanged);
    connect(mHeatMapView, &HeatMapView::jobStarted, this, &MapWorkspace::jobStarted);
    rebuildLayerTree();
}

// Workers only hold copies and shared pointers; their results are dropped with the watchers.
MapWorkspace::~MapWorkspace() = default;

void MapWorkspace::showMessage(TranslatedTexts::Text text, bool problem) {
    mTexts.setText(mMessage, std::move(text));
    mMessage->setStyleSheet(problem ? QStringLiteral("color: #e07a5f;") : QString());
}

void MapWorkspace::showMessage(const QString& text, bool problem) {
    showMessage([text] { return text; }, problem);
}

QString MapWorkspace::messageText() const {
    return mMessage->text();
}

QString MapWorkspace::cursorText() const {
    return mCursor->text();
}

QString MapWorkspace::identifyText() const {
    return mIdentify->text();
}

void MapWorkspace::setBeside(bool beside) {
    if (beside == mBeside)
        return;
    mBeside = beside;
    mPanelAction->setVisible(beside);
    // In a workspace of its own there is room for the panel beside the canvas; beside the
    // images it would squeeze the map to a strip, so it waits for the Layers button.
    mSide->setVisible(!beside || mPanelButton->isChecked());
    // The readout (up to about 60 characters) would set the dock's minimum width.
    if (beside)
        mBottom->addWidget(mCursor, 1);
    else
        mTools->addWidget(mCursor);
    mCursor->setMinimumWidth(beside ? 0 : 200);
}

bool MapWorkspace::isPanelShown() const {
    return !mSide->isHidden();
}

void MapWorkspace::setBaseRaster(const QString& path) {
    mRasterPath = path;
    mRasterOpener->request(
        [path] {
            OpenedRaster opened;
            try {
                opened.source = RasterSource::open(path.toStdString());
            } catch (const std::exception& e) {
                opened.error = QString::fromStdString(e.what());
            }
            return opened;
        },
        [this](const OpenedRaster& opened) { onRasterOpened(opened); });
}

void MapWorkspace::onRasterOpened(const OpenedRaster& opened) {
    if (!opened.source) {
        showMessage(tr("Cannot show the base map: %1").arg(opened.error), true);
        return;
    }
    if (mBase) {
        mCanvas->removeLayer(mBase);
        mBase->deleteLater();
    }
    mBase = new RasterLayer(opened.source, QFileInfo(mRasterPath).fileName());
    mHeatMapView->setRaster(QString::fromStdString(opened.source->path()));
    mCanvas->addLayer(mBase, 0);
    connect(mBase->cache(), &TileCache::failed, this, [this](const QString& message) {
        showMessage(tr("Reading the base map failed: %1").arg(message), true);
    });
    const RasterSource& source = *opened.source;
    showMessage([name = QFileInfo(mRasterPath).fileName(), width = source.width(),
                 height = source.height(), type = QString::fromStdString(source.dataType()),
                 crs = QString::fromStdString(source.crs().name()),
                 levels = source.overviewCount()] {
        const QString overviews =
            levels > 0 ? tr("%n overview level(s)", nullptr, levels)
                       : tr("no overviews: zoomed-out views read the full raster (build them "
                            "with gdaladdo)");
        return tr("Base map %1: %2 x %3 px, %4, %5, %6")
            .arg(name)
            .arg(width)
            .arg(height)
            .arg(type, crs, overviews);
    });
    const bool sameCrs = mCrs.isValid() && mCrs.isSame(source.crs());
    mCrs = source.crs();
    mCanvas->setCrs(mCrs);
    try {
        mToWgs84 = std::make_unique<CoordinateTransform>(mCrs, Crs::wgs84());
    } catch (const std::exception&) {
        mToWgs84.reset();
    }
    if (!sameCrs)
        placePairs();
    rebuildLayerTree();
    mCanvas->zoomToAll();
}

void MapWorkspace::setDataset(std::shared_ptr<const Dataset> dataset) {
    mDataset = std::move(dataset);
    mQuery = SIZE_MAX;
    mRetrieved.clear();
    mSelected = mIdentified = SIZE_MAX;
    mResults->clear();
    mCircles->clear();
    mRay->clear();
    mSelection->clear();
    mTexts.setText(mIdentify, [] { return tr("Click a pair on the map to identify it."); });
    mOpenInBrowser->setEnabled(false);
    mHeatMapView->setDataset(mDataset);
    if (!mBase && mDataset) {
        try {
            mCrs = PositionProjector::mapCrsFor(mDataset->pairs());
        } catch (const std::exception&) {
            mCrs = Crs();
        }
        mCanvas->setCrs(mCrs);
        try {
            mToWgs84 = mCrs.isValid() ? std::make_unique<CoordinateTransform>(mCrs, Crs::wgs84())
                                      : nullptr;
        } catch (const std::exception&) {
            mToWgs84.reset();
        }
    }
    placePairs();
}

void MapWorkspace::placePairs() {
    mPositionsReady = false;
    const std::shared_ptr<const Dataset> dataset = mDataset;
    const Crs crs = mCrs;
    mPlacer->request(
        [dataset, crs] {
            Placed placed;
            if (!dataset)
                return placed;
            const auto& pairs = dataset->pairs();
            placed.positions.assign(pairs.size(), QPointF(kNaN, kNaN));
            placed.categories.assign(pairs.size(), 0);
            // Category 0 is "no split"; a pair in several splits takes the first one listed.
            placed.categoryNames << tr("no split");
            for (const std::string& name : dataset->splitNames()) {
                placed.categoryNames << QString::fromStdString(name);
                const auto category =
                    static_cast<quint8>(std::min(placed.categoryNames.size() - 1, qsizetype(255)));
                for (size_t i : dataset->split(name))
                    if (i < pairs.size() && placed.categories[i] == 0)
                        placed.categories[i] = category;
            }
            placed.categoryCounts.assign(static_cast<size_t>(placed.categoryNames.size()), 0);
            for (quint8 c : placed.categories)
                ++placed.categoryCounts[c];
            if (!crs.isValid())
                return placed;
            try {
                PositionProjector projector(crs);
                const std::vector<cv::Point2d> points = projector.project(pairs);
                for (size_t i = 0; i < points.size(); ++i) {
                    placed.positions[i] = QPointF(points[i].x, points[i].y);
                    placed.located += isFinite(placed.positions[i]) ? 1 : 0;
                }
            } catch (const std::exception& e) {
                placed.error = QString::fromStdString(e.what());
            }
            return placed;
        },
        [this](Placed placed) { onPairsPlaced(std::move(placed)); });
}

void MapWorkspace::onPairsPlaced(Placed placed) {
    mPositions = placed.positions;
    mCategoryCounts = placed.categoryCounts;
    std::vector<MarkerLayer::Category> categories;
    for (const QString& name : placed.categoryNames)
        categories.push_back({name, Palette::split(name)});
    mPairs->setCategories(std::move(categories));
    std::vector<qint64> ids(placed.positions.size());
    for (size_t i = 0; i < ids.size(); ++i)
        ids[i] = static_cast<qint64>(i);
    mPairs->setPoints(std::move(placed.positions), std::move(ids), std::move(placed.categories));
    mPositionsReady = true;
    if (!placed.error.isEmpty())
        showMessage(tr("Cannot place the pairs on this map: %1").arg(placed.error), true);
    else if (mDataset && placed.located == 0)
        showMessage([] {
            return tr("This dataset has no positions (CVUSA's split files carry none); CVACT "
                      "and CSV datasets do.");
        });
    else if (mDataset && !mBase)
        showMessage([located = placed.located, pairs = mDataset->pairs().size()] {
            return tr("%1 of %2 pairs have positions. Click a pair to identify it.")
                .arg(located)
                .arg(pairs);
        });
    rebuildLayerTree();
    updateResults();
    updateSelection();
    if (!mBase)
        mCanvas->zoomToAll();
}

void MapWorkspace::rebuildLayerTree() {
    const QSignalBlocker block(mLayerTree);
    mLayerTree->clear();
    // Top of the list = top of the drawing order, as in GIS tools.
    const QList<MapLayer*>& layers = mCanvas->layers();
    for (auto it = layers.crbegin(); it != layers.crend(); ++it) {
        MapLayer* layer = *it;
        auto* item = new QTreeWidgetItem(mLayerTree, {layer->name()});
        item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
        item->setCheckState(0, layer->isVisible() ? Qt::Checked : Qt::Unchecked);
        item->setData(0, LayerRole, QVariant::fromValue(static_cast<QObject*>(layer)));
        if (layer == mBase)
            item->setToolTip(0, QString::fromStdString(mBase->source()->path()));
        if (layer == mResults && !mComparedTops.empty()) {
            // The legend of the compared methods' top-1s.
            for (int i = 0; i < mComparedNames.size(); ++i) {
                auto* child = new QTreeWidgetItem(
                    item, {tr("%1: %2").arg(comparedLetter(size_t(i)), mComparedNames[i])});
                child->setToolTip(0, tr("Top-1 of %1 (run %2 in Compare Runs)")
                                         .arg(mComparedNames[i], comparedLetter(size_t(i))));
                QPixmap swatch(12, 12);
                swatch.fill(comparedColour(size_t(i)));
                child->setIcon(0, QIcon(swatch));
            }
            item->setExpanded(true);
        }
        if (layer != mPairs)
            continue;
        for (size_t c = 0; c < mPairs->categories().size(); ++c) {
            const size_t count = c < mCategoryCounts.size() ? mCategoryCounts[c] : 0;
            if (count == 0)
                continue;
            const MarkerLayer::Category& category = mPairs->categories()[c];
            auto* child = new QTreeWidgetItem(item, {tr("%1 (%2)").arg(category.name).arg(count)});
            child->setFlags(child->flags() | Qt::ItemIsUserCheckable);
            child->setCheckState(0, mPairs->isCategoryVisible(static_cast<int>(c)) ? Qt::Checked
                                                                                   : Qt::Unchecked);
            child->setData(0, CategoryRole, static_cast<int>(c));
            QPixmap swatch(12, 12);
            swatch.fill(category.colour);
            child->setIcon(0, QIcon(swatch));
        }
        item->setExpanded(true);
    }
}

void MapWorkspace::onLayerItemChanged(QTreeWidgetItem* item) {
    const bool on = item->checkState(0) == Qt::Checked;
    if (item->data(0, CategoryRole).isValid()) {
        mPairs->setCategoryVisible(item->data(0, CategoryRole).toInt(), on);
        return;
    }
    if (auto* layer = qobject_cast<MapLayer*>(item->data(0, LayerRole).value<QObject*>()))
        layer->setVisible(on);
}

QPointF MapWorkspace::pairPosition(size_t pairIndex) const {
    return mPositionsReady && pairIndex < mPositions.size() ? mPositions[pairIndex]
                                                            : QPointF(kNaN, kNaN);
}

double MapWorkspace::unitsPerMetre(QPointF map) const {
    return 1.0 / mCanvas->metresPerUnit(map);
}

QString MapWorkspace::splitOf(size_t pairIndex) const {
    if (!mDataset)
        return {};
    QStringList names;
    for (const std::string& name : mDataset->splitNames()) {
        const std::vector<size_t>& rows = mDataset->split(name);
        if (std::find(rows.begin(), rows.end(), pairIndex) != rows.end())
            names << QString::fromStdString(name);
    }
    return names.isEmpty() ? tr("none") : names.join(", ");
}

void MapWorkspace::setGeoRecallDistances(const std::vector<double>& metres) {
    mGeoRecallMetres = metres.empty() ? defaultGeoRecallMetres() : metres;
    updateResults();
}

void MapWorkspace::highlight(size_t query, const std::vector<size_t>& retrieved) {
    const bool wasComparing = !mComparedTops.empty();
    mComparedTops.clear();
    mComparedNames.clear();
    if (wasComparing)
        rebuildLayerTree(); // the methods' legend goes
    showResults(query, retrieved);
}

void MapWorkspace::highlightCompared(size_t query, const std::vector<size_t>& tops,
                                     const QStringList& names) {
    const bool legendChanged = mComparedNames != names || mComparedTops.empty();
    std::vector<size_t> known;
    for (size_t pair : tops)
        if (pair != SIZE_MAX)
            known.push_back(pair);
    mComparedTops = tops;
    mComparedNames = names;
    if (legendChanged)
        rebuildLayerTree();
    showResults(query, known);
}

void MapWorkspace::showResults(size_t query, const std::vector<size_t>& retrieved) {
    mQuery = query;
    mRetrieved = retrieved;
    updateResults();
    // Keep the user's view when it already shows the query and its results (e.g. the query was
    // picked on the map); otherwise frame them.
    const QRectF view = mCanvas->viewport().extent();
    const double margin = 20 * mCanvas->viewport().unitsPerPixel;
    bool allShown = view.contains(pairPosition(query));
    for (size_t pair : retrieved) {
        const QPointF at = pairPosition(pair);
        allShown &= !isFinite(at) || view.adjusted(margin, margin, -margin, -margin).contains(at);
    }
    if (!allShown)
        fitToResults();
    mHeatMapView->setQuery(query);
}

QString MapWorkspace::elided(const QString& name) {
    constexpr int kLongest = 28; // a method's name beside its symbol, not across the map
    return name.size() > kLongest ? name.left(kLongest - 1) + QChar(0x2026) : name;
}

QString MapWorkspace::comparedLetter(size_t index) {
    return QString(QChar('A' + static_cast<int>(index % 26)));
}

QColor MapWorkspace::comparedColour(size_t index) {
    return index % 2 ? Palette::runB() : Palette::runA();
}

void MapWorkspace::addComparedSymbols(std::vector<AnnotationLayer::Symbol>& symbols,
                                      QString* queryLabel) const {
    // A top-1 that is the true match lies under the query's star: the star says it. Methods
    // that put the same wrong pair first share one symbol.
    QStringList right;
    std::vector<bool> drawn(mComparedTops.size(), false);
    for (size_t i = 0; i < mComparedTops.size(); ++i) {
        const size_t pair = mComparedTops[i];
        if (pair == SIZE_MAX || drawn[i])
            continue;
        if (pair == mQuery) {
            right << comparedLetter(i);
            continue;
        }
        // The methods that put this pair first: this one and any later one.
        std::vector<size_t> methods{i};
        for (size_t j = i + 1; j < mComparedTops.size(); ++j)
            if (mComparedTops[j] == pair) {
                methods.push_back(j);
                drawn[j] = true;
            }
        const QPointF at = pairPosition(pair);
        if (!isFinite(at))
            continue;
        AnnotationLayer::Symbol s;
        s.position = at;
        s.colour = comparedColour(i);
        s.shape = i % 2 ? AnnotationLayer::Shape::Diamond : AnnotationLayer::Shape::Circle;
        s.radius = 9;
        // The letters inside; beside them, the methods' names (the legend names them too).
        QStringList letters, named;
        for (size_t m : methods) {
            letters << comparedLetter(m);
            named << (m < size_t(mComparedNames.size()) ? elided(mComparedNames[int(m)])
                                                        : comparedLetter(m));
        }
        s.label = letters.join(QString());
        s.labelInside = true;
        s.caption = named.join(QStringLiteral(" · "));
        s.id = static_cast<qint64>(pair);
        symbols.push_back(s);
    }
    if (!right.isEmpty())
        *queryLabel = tr("query · %1 top-1 right").arg(right.join(QStringLiteral(", ")));
}

void MapWorkspace::updateResults() {
    std::vector<AnnotationLayer::Symbol> symbols;
    std::vector<AnnotationLayer::Circle> circles;
    const QPointF query = pairPosition(mQuery);
    if (isFinite(query)) {
        const double perMetre = unitsPerMetre(query);
        for (double metres : mGeoRecallMetres)
            circles.push_back(
                {query, metres * perMetre, QColor(255, 255, 255), tr("%1 m").arg(metres)});
        // The true tile sits where the panorama was taken: a ring under the query's star.
        AnnotationLayer::Symbol truth;
        truth.position = query;
        truth.colour = Palette::trueMatch();
        truth.radius = 11;
        truth.id = static_cast<qint64>(mQuery);
        symbols.push_back(truth);
    }
    QString queryLabel = tr("query");
    if (!mComparedTops.empty())
        addComparedSymbols(symbols, &queryLabel);
    // Retrieved pairs, worst rank first so rank 1 ends on top.
    for (size_t rank = mComparedTops.empty() ? mRetrieved.size() : 0; rank-- > 0;) {
        const size_t pair = mRetrieved[rank];
        const QPointF at = pairPosition(pair);
        if (!isFinite(at))
            continue;
        AnnotationLayer::Symbol s;
        s.position = at;
        s.colour = pair == mQuery ? Palette::trueMatch() : Palette::wrongMatch();
        s.radius = 8;
        s.label = QString::number(rank + 1);
        s.labelInside = true;
        s.id = static_cast<qint64>(pair);
        symbols.push_back(s);
    }
    if (isFinite(query)) {
        AnnotationLayer::Symbol star;
        star.position = query;
        star.colour = Qt::white;
        star.shape = AnnotationLayer::Shape::Star;
        star.radius = 7;
        star.label = queryLabel;
        star.id = static_cast<qint64>(mQuery);
        // Rank labels sit inside the discs; the query's star is drawn last, on top.
        symbols.push_back(star);
    }
    mResults->setSymbols(std::move(symbols));
    mCircles->setCircles(std::move(circles));
}

void MapWorkspace::fitToResults() {
    const QPointF query = pairPosition(mQuery);
    if (!isFinite(query))
        return;
    QRectF box(query, QSizeF(0, 0));
    for (size_t pair : mRetrieved) {
        const QPointF at = pairPosition(pair);
        if (isFinite(at))
            box = QRectF(QPointF(std::min(box.left(), at.x()), std::min(box.top(), at.y())),
                         QPointF(std::max(box.right(), at.x()), std::max(box.bottom(), at.y())));
    }
    // At least the largest geo-recall circle and a street block around the query.
    double radius = 60;
    for (double metres : mGeoRecallMetres)
        radius = std::max(radius, metres * 1.3);
    mCanvas->zoomTo(box, 0.12, 2 * radius * unitsPerMetre(query));
}

void MapWorkspace::selectPair(size_t pairIndex) {
    mSelected = pairIndex;
    updateSelection();
    const QPointF at = pairPosition(pairIndex);
    if (isFinite(at))
        mCanvas->ensureVisible(at);
    identify(pairIndex);
    mHeatMapView->setQuery(pairIndex);
}

void MapWorkspace::updateSelection() {
    const QPointF at = pairPosition(mSelected);
    if (!isFinite(at)) {
        mSelection->setSymbols({});
        return;
    }
    AnnotationLayer::Symbol ring;
    ring.position = at;
    ring.colour = QColor(255, 235, 59);
    ring.radius = 11;
    ring.shape = AnnotationLayer::Shape::Ring;
    ring.id = static_cast<qint64>(mSelected);
    mSelection->setSymbols({ring});
}

void MapWorkspace::identify(size_t pairIndex) {
    if (!mDataset || pairIndex >= mDataset->pairs().size())
        return;
    mIdentified = pairIndex;
    const PairRecord& pair = mDataset->pairs()[pairIndex];
    QString text = tr("<b>%1</b><br>split: %2")
                       .arg(QString::fromStdString(pair.id).toHtmlEscaped(), splitOf(pairIndex));
    if (pair.utm)
        text += tr("<br>UTM %1%2: E %3, N %4")
                    .arg(pair.utm->zone)
                    .arg(pair.utm->south ? "S" : "N")
                    .arg(formatCoordinate(pair.utm->easting, 1))
                    .arg(formatCoordinate(pair.utm->northing, 1));
    const QPointF at = pairPosition(pairIndex);
    if (isFinite(at) && mToWgs84) {
        try {
            const cv::Point2d geo = mToWgs84->transform(cv::Point2d(at.x(), at.y()));
            text += tr("<br>%1°, %2°").arg(localNumber(geo.y, 6)).arg(localNumber(geo.x, 6));
        } catch (const std::exception&) {
        }
    } else if (!isFinite(at)) {
        text += tr("<br>no position");
    }
    text += tr("<br>panorama: %1<br>tile: %2")
                .arg(QString::fromStdString(pair.panoramaPath).toHtmlEscaped(),
                     QString::fromStdString(pair.satellitePath).toHtmlEscaped());
    mTexts.setText(mIdentify, [text] { return text; });
    mOpenInBrowser->setEnabled(true);
}

void MapWorkspace::showRay(qint64 pairIndex, double bearing, double lengthMetres,
                           double groundMetres) {
    const QPointF from =
        pairIndex >= 0 ? pairPosition(static_cast<size_t>(pairIndex)) : QPointF(kNaN, kNaN);
    if (!isFinite(from) || !std::isfinite(bearing)) {
        mRay->clear();
        return;
    }
    // Map grid north: the bearing of a north-aligned panorama in its UTM grid, which is the
    // map's when the map is in the pair's zone (docs/geometry.md).
    const QPointF direction(std::sin(bearing), std::cos(bearing));
    const double perMetre = unitsPerMetre(from);
    AnnotationLayer::Line line;
    line.points = QPolygonF({from, from + direction * lengthMetres * perMetre});
    line.colour = QColor(0, 229, 255);
    line.width = 2.5;
    line.arrow = true;
    mRay->setLines({line});
    std::vector<AnnotationLayer::Symbol> ground;
    if (std::isfinite(groundMetres) && groundMetres > 0 && groundMetres < lengthMetres) {
        AnnotationLayer::Symbol point;
        point.position = from + direction * groundMetres * perMetre;
        point.colour = QColor(0, 229, 255);
        point.radius = 5;
        ground.push_back(point);
    }
    mRay->setSymbols(std::move(ground));
}

void MapWorkspace::showSelectionRay(double bearing, double groundMetres) {
    showRay(mSelected == SIZE_MAX ? -1 : static_cast<qint64>(mSelected), bearing, kRayMetres,
            groundMetres);
}

void MapWorkspace::showQueryRay(double bearing, double groundMetres) {
    showRay(mQuery == SIZE_MAX ? -1 : static_cast<qint64>(mQuery), bearing, kRayMetres,
            groundMetres);
}

void MapWorkspace::updateCursor(QPointF map) {
    if (!mCrs.isValid()) {
        mCursor->clear();
        return;
    }
    QString text;
    if (mCrs.isGeographic())
        text = tr("lon %1, lat %2").arg(localNumber(map.x(), 6)).arg(localNumber(map.y(), 6));
    else
        text = tr("E %1  N %2").arg(formatCoordinate(map.x(), 1), formatCoordinate(map.y(), 1));
    text += QStringLiteral("  (%1)").arg(QString::fromStdString(mCrs.label()));
    if (mToWgs84 && !mCrs.isGeographic()) {
        try {
            const cv::Point2d geo = mToWgs84->transform(cv::Point2d(map.x(), map.y()));
            text += tr("  ·  %1° %2, %3° %4")
                        .arg(localNumber(std::abs(geo.y), 6))
                        .arg(geo.y < 0 ? tr("S") : tr("N"))
                        .arg(localNumber(std::abs(geo.x), 6))
                        .arg(geo.x < 0 ? tr("W") : tr("E"));
        } catch (const std::exception&) {
        }
    }
    mCursor->setText(text);
    mCursor->setToolTip(QString::fromStdString(mCrs.name()));
}

void MapWorkspace::setRunDirectory(const QString& run) {
    mHeatMapView->setRunDirectory(run);
}

void MapWorkspace::exportViewDialog() {
    QString filter;
    const QString path =
        QFileDialog::getSaveFileName(this, tr("Export Map View"), QStringLiteral("map.png"),
                                     tr("PNG image (*.png);;PDF document (*.pdf)"), &filter);
    if (path.isEmpty())
        return;
    const QString error = mCanvas->exportView(path);
    showMessage(error.isEmpty() ? tr("Saved %1").arg(path) : tr("Export failed: %1").arg(error),
                !error.isEmpty());
}

void MapWorkspace::openRasterDialog() {
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Open Base Map"), QFileInfo(mRasterPath).absolutePath(),
        tr("Rasters (*.tif *.tiff *.vrt *.jp2 *.img *.png *.jpg);;All files (*)"));
    if (!path.isEmpty())
        setBaseRaster(path);
}

void MapWorkspace::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) {
        mTexts.retranslate();
        rebuildLayerTree(); // layer names and the split categories' counts
        if (mIdentified != SIZE_MAX)
            identify(mIdentified);
    }
    QWidget::changeEvent(event);
}

} // namespace orinet
