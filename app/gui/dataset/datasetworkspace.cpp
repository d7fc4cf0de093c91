#include "gui/dataset/datasetworkspace.h"

#include "dataset/dataset.h"
#include "geo/utmconverter.h"
#include "gui/dataset/pairfiltermodel.h"
#include "gui/dataset/pairtablemodel.h"
#include "gui/dataset/thumbnailcache.h"
#include "gui/jobs/backgroundjob.h"
#include "gui/jobs/newestrequest.h"
#include "heatmap/heatmapengine.h"
#include "localnumber.h"
#include "matimage.h"
#include "orientation/orientationmap.h"
#include "orientationimage.h"
#include "pairviewer.h"

#include <QButtonGroup>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include <QStackedWidget>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>
#include <set>

#include <opencv2/imgcodecs.hpp>

namespace orinet {

namespace {

// Thumbnails in the list are drawn at this size (the grid shows them at full size).
const QSize kListIconSize(60, 48);

} // namespace

DatasetWorkspace::DatasetWorkspace(QWidget* parent)
    : QWidget(parent)
    , mModel(new PairTableModel(this))
    , mFilter(new PairFilterModel(this))
    , mThumbnails(new ThumbnailCache(this))
    , mSummary(new QLabel)
    , mSplit(new QComboBox)
    , mSearch(new QLineEdit)
    , mListButton(new QToolButton)
    , mGridButton(new QToolButton)
    , mShowThumbnails(new QCheckBox)
    , mCount(new QLabel)
    , mViews(new QStackedWidget)
    , mTable(new QTableView)
    , mGrid(new QListView)
    , mIssues(new QPlainTextEdit)
    , mCheck(new QPushButton)
    , mLeaveOut(new QPushButton)
    , mViewer(new PairViewer)
    , mDetails(new QLabel)
    , mOverlay(new QCheckBox)
    , mLoader(new NewestRequest(this)) {
    mTexts.setText(mSummary, [] {
        return tr("No dataset open. File ▸ Open Dataset… reads CVUSA, CVACT and CSV layouts.");
    });
    mTexts.setText(mShowThumbnails, [] { return tr("Thumbnails"); });
    mTexts.setText(mOverlay, [] { return tr("Orientation overlay"); });
    mFilter->setPairModel(mModel);
    mModel->setThumbnails(mThumbnails);
    mSummary->setWordWrap(true);
    mSplit->setObjectName("split");
    mSearch->setObjectName("search");
    mTexts.setPlaceholder(mSearch, [] { return tr("Search id…"); });
    mSearch->setClearButtonEnabled(true);
    mSearchDelay.setSingleShot(true);
    mSearchDelay.setInterval(120); // one filter pass per pause in typing, not per key
    mTexts.setText(mListButton, [] { return tr("List"); });
    mTexts.setText(mGridButton, [] { return tr("Grid"); });
    for (QToolButton* button : {mListButton, mGridButton}) {
        button->setCheckable(true);
        button->setAutoRaise(true);
    }
    auto* modeGroup = new QButtonGroup(this);
    modeGroup->addButton(mListButton);
    modeGroup->addButton(mGridButton);
    mListButton->setChecked(true);
    mShowThumbnails->setChecked(true);
    mTexts.setToolTip(mShowThumbnails,
                      [] { return tr("Show each pair's panorama and tile in the list"); });

    mTable->setModel(mFilter);
    mTable->setSelectionBehavior(QAbstractItemView::SelectRows);
    mTable->setSelectionMode(QAbstractItemView::SingleSelection);
    mTable->setEditTriggers(QAbstractItemView::NoEditTriggers);
    mTable->verticalHeader()->hide();
    // Fixed row heights: the view never measures 100,000 rows.
    mTable->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    mTable->horizontalHeader()->setStretchLastSection(true);
    mTable->setIconSize(kListIconSize);
    mTable->setWordWrap(false);
    // Dataset order until the user clicks a column (sorting 100,000 ids on open costs time).
    mTable->horizontalHeader()->setSortIndicator(-1, Qt::AscendingOrder);
    mTable->setSortingEnabled(true);

    mGrid->setModel(mFilter);
    mGrid->setSelectionModel(mTable->selectionModel()); // one selection for both views
    mGrid->setViewMode(QListView::IconMode);
    mGrid->setResizeMode(QListView::Adjust);
    mGrid->setMovement(QListView::Static);
    mGrid->setUniformItemSizes(true); // lays out 100,000 items without measuring each
    mGrid->setIconSize(QSize(ThumbnailCache::kStripWidth,
                             ThumbnailCache::kStripMaxHeight + 3 + ThumbnailCache::kTileSize));
    mGrid->setGridSize(QSize(ThumbnailCache::kStripWidth + 16, ThumbnailCache::kStripMaxHeight +
                                                                   ThumbnailCache::kTileSize +
                                                                   fontMetrics().height() + 14));
    mGrid->setSpacing(4);
    mGrid->setWordWrap(false);
    mGrid->setSelectionMode(QAbstractItemView::SingleSelection);
    mViews->addWidget(mTable);
    mViews->addWidget(mGrid);

    mIssues->setReadOnly(true);
    mIssues->setMaximumHeight(110);
    mIssues->hide();
    mCheck->setObjectName("checkImages");
    mTexts.setText(mCheck, [] { return tr("Check Images"); });
    mTexts.setToolTip(mCheck, [] {
        return tr("Read every image's header (as orinet dataset --check): unreadable, truncated "
                  "or wrongly shaped images are listed, before a training stops at them.");
    });
    mCheck->setEnabled(false);
    mLeaveOut->setObjectName("leaveOutBadPairs");
    mTexts.setText(mLeaveOut, [] { return tr("Leave Out Bad Pairs"); });
    mTexts.setToolTip(mLeaveOut, [] {
        return tr("Use the dataset without the pairs listed as having problems (as --skip-bad); "
                  "no file is changed.");
    });
    mLeaveOut->hide();
    mDetails->setWordWrap(true);
    mDetails->setTextFormat(Qt::RichText);
    mDetails->setTextInteractionFlags(Qt::TextSelectableByMouse);
    mDetails->setAlignment(Qt::AlignTop | Qt::AlignLeft);

    auto* top = new QHBoxLayout;
    top->addWidget(mTexts.label([] { return tr("Split"); }));
    top->addWidget(mSplit);
    top->addWidget(mSearch, 1);
    top->addWidget(mListButton);
    top->addWidget(mGridButton);
    top->addWidget(mShowThumbnails);
    top->addWidget(mCount);
    top->addWidget(mCheck);
    top->addWidget(mLeaveOut);

    auto* left = new QWidget;
    auto* leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addLayout(top);
    leftLayout->addWidget(mViews, 1);

    auto* right = new QWidget;
    auto* rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    rightLayout->addWidget(mOverlay);
    rightLayout->addWidget(mViewer, 1);
    rightLayout->addWidget(mDetails);

    auto* splitter = new QSplitter(Qt::Horizontal);
    splitter->addWidget(left);
    splitter->addWidget(right);
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({560, 700});

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(mSummary);
    layout->addWidget(mIssues);
    layout->addWidget(splitter, 1);

    connect(mCheck, &QPushButton::clicked, this, &DatasetWorkspace::checkImages);
    connect(mLeaveOut, &QPushButton::clicked, this, &DatasetWorkspace::leaveOutBadPairs);
    connect(mSplit, &QComboBox::currentIndexChanged, this, [this] {
        mFilter->setSplit(mSplit->currentData().toString());
        updateCount();
    });
    connect(mSearch, &QLineEdit::textChanged, &mSearchDelay, qOverload<>(&QTimer::start));
    connect(&mSearchDelay, &QTimer::timeout, this, [this] {
        mFilter->setSearch(mSearch->text());
        updateCount();
    });
    connect(mListButton, &QToolButton::toggled, this, [this](bool on) {
        if (on)
            setViewMode(ViewMode::List);
    });
    connect(mGridButton, &QToolButton::toggled, this, [this](bool on) {
        if (on)
            setViewMode(ViewMode::Grid);
    });
    connect(mShowThumbnails, &QCheckBox::toggled, this, [this](bool on) {
        mModel->setThumbnails(on || viewMode() == ViewMode::Grid ? mThumbnails : nullptr);
        updateRowHeight();
    });
    connect(mTable->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &DatasetWorkspace::onCurrentChanged);
    connect(mOverlay, &QCheckBox::toggled, this, [this](bool on) {
        mViewer->setOverlays(on ? mShown.panoramaOrientation : QImage(),
                             on ? mShown.tileOrientation : QImage());
    });
    updateRowHeight();
    updateCount();
}

// A decode still running owns its data; its result is dropped with mLoader.
DatasetWorkspace::~DatasetWorkspace() = default;

void DatasetWorkspace::openDataset(const QString& root) {
    struct Opened {
        std::shared_ptr<const Dataset> dataset;
        double tileFootprint = 0;
    };
    auto result = std::make_shared<Opened>();
    const std::string path = QDir(root).absolutePath().toStdString();
    mOpenJob =
        std::make_unique<BackgroundJob>(tr("Opening dataset"), [result, path](Feedback& feedback) {
            feedback.report(0.0, "reading index");
            OpenOptions options;
            options.keepBadPairs = true; // browse everything; problems are listed above
            result->dataset =
                std::make_shared<const Dataset>(Dataset::open(path, DatasetLayout::Auto, options));
            // A synthetic world knows its tiles' ground extent: distances on the tile in metres.
            result->tileFootprint =
                HeatMapEngine::tileGeometryFor(*result->dataset).footprintMetres;
            feedback.report(1.0, "done");
        });
    connect(mOpenJob.get(), &BackgroundJob::succeeded, this, [this, result, root] {
        mTileFootprint = result->tileFootprint;
        mImageCheck.reset();
        mLeftOut = 0;
        showDataset(result->dataset, root);
    });
    connect(mOpenJob.get(), &BackgroundJob::failed, this, [this](const QString& message) {
        mTexts.setText(mSummary, [message] {
            return tr("Could not open the dataset: %1").arg(message.toHtmlEscaped());
        });
        emit failed(message);
    });
    emit jobStarted(mOpenJob.get());
    mOpenJob->start();
}

void DatasetWorkspace::showDataset(std::shared_ptr<const Dataset> dataset, const QString& root) {
    mDataset = std::move(dataset);
    mRoot = root;
    mTexts.setText(mSummary, [root, dataset = mDataset, leftOut = mLeftOut] {
        const QLocale locale;
        QString splits;
        for (const std::string& name : dataset->splitNames())
            splits += tr(" · %1 %2")
                          .arg(QString::fromStdString(name))
                          .arg(locale.toString(qulonglong(dataset->split(name).size())));
        QString text = tr("<b>%1</b> · %2 layout · %3 pairs%4")
                           .arg(root.toHtmlEscaped())
                           .arg(QString::fromStdString(toString(dataset->layout())))
                           .arg(locale.toString(qulonglong(dataset->pairs().size())))
                           .arg(splits.toHtmlEscaped());
        if (leftOut > 0)
            text += tr(" · %n pair(s) with problems left out (the files are unchanged)", "",
                       static_cast<int>(leftOut));
        return text;
    });
    showProblems();

    mShownPair.reset();
    mThumbnails->setDataset(mDataset);
    mModel->setDataset(mDataset);
    {
        const QSignalBlocker block(mSplit);
        mSplit->clear();
        mSplit->addItem(QString(), QString());
        mTexts.bind(mSplit, "all", [this] { mSplit->setItemText(0, tr("all pairs")); });
        for (const std::string& name : mDataset->splitNames())
            mSplit->addItem(QString::fromStdString(name), QString::fromStdString(name));
    }
    mFilter->setSplit(QString());
    // CVUSA's split files carry no positions: no point in empty columns.
    mTable->setColumnHidden(PairTableModel::EastingColumn, !mModel->hasPositions());
    mTable->setColumnHidden(PairTableModel::NorthingColumn, !mModel->hasPositions());
    mTable->setColumnHidden(PairTableModel::LatitudeColumn, !mModel->hasLatLon());
    mTable->setColumnHidden(PairTableModel::LongitudeColumn, !mModel->hasLatLon());
    mTable->setColumnWidth(PairTableModel::IdColumn,
                           kListIconSize.width() +
                               fontMetrics().horizontalAdvance(QStringLiteral("0000000000_abcd")));
    updateCount();
    if (mFilter->rowCount() > 0)
        mTable->selectionModel()->setCurrentIndex(
            mFilter->index(0, 0), QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    emit datasetOpened(root);
}

void DatasetWorkspace::showProblems() {
    const int pairs = knownProblemPairs();
    // Once the bad pairs are left out, what opening found about them is history.
    QString text = mDataset->report().ok() || (mLeftOut > 0 && pairs == 0)
                       ? QString()
                       : QString::fromStdString(mDataset->report().summary());
    if (mImageCheck && !mImageCheck->ok())
        text += (text.isEmpty() ? QString() : QStringLiteral("\n")) +
                tr("Image check: %1").arg(QString::fromStdString(mImageCheck->summary()));
    mIssues->setPlainText(text);
    mIssues->setVisible(!text.isEmpty());
    mLeaveOut->setVisible(pairs > 0);
    mCheck->setEnabled(!mImageCheck && !(mCheckJob && mCheckJob->isRunning()));
    emit problemsChanged(pairs, text);
}

int DatasetWorkspace::knownProblemPairs() const {
    if (!mDataset)
        return 0;
    std::set<std::string> ids;
    for (const IntegrityIssue& issue : mDataset->report().issues)
        if (!issue.pairId.empty())
            ids.insert(issue.pairId);
    if (mImageCheck)
        for (const IntegrityIssue& issue : mImageCheck->issues)
            if (!issue.pairId.empty())
                ids.insert(issue.pairId);
    // Only pairs still in the dataset (opening with keepBadPairs keeps them all).
    int count = 0;
    for (const PairRecord& pair : mDataset->pairs())
        count += ids.count(pair.id) > 0 ? 1 : 0;
    return count;
}

void DatasetWorkspace::checkImages() {
    if (!mDataset || (mCheckJob && mCheckJob->isRunning()))
        return;
    auto report = std::make_shared<IntegrityReport>();
    const std::shared_ptr<const Dataset> dataset = mDataset;
    mCheckJob = std::make_unique<BackgroundJob>(
        tr("Checking images"),
        [report, dataset](Feedback& feedback) { *report = dataset->checkImages(&feedback); });
    connect(mCheckJob.get(), &BackgroundJob::succeeded, this, [this, report, dataset] {
        if (dataset != mDataset)
            return; // another dataset was opened meanwhile
        mImageCheck = *report;
        showProblems();
    });
    connect(mCheckJob.get(), &BackgroundJob::failed, this, [this](const QString& message) {
        mIssues->setPlainText(tr("The image check failed: %1").arg(message));
        mIssues->show();
        mCheck->setEnabled(true);
    });
    connect(mCheckJob.get(), &BackgroundJob::canceled, this, [this] { mCheck->setEnabled(true); });
    mCheck->setEnabled(false);
    emit jobStarted(mCheckJob.get());
    mCheckJob->start();
}

void DatasetWorkspace::leaveOutBadPairs() {
    if (!mDataset || knownProblemPairs() == 0)
        return;
    std::set<std::string> ids;
    for (const IntegrityIssue& issue : mDataset->report().issues)
        ids.insert(issue.pairId);
    if (mImageCheck)
        for (const IntegrityIssue& issue : mImageCheck->issues)
            ids.insert(issue.pairId);
    std::vector<size_t> bad;
    for (size_t i = 0; i < mDataset->pairs().size(); ++i)
        if (ids.count(mDataset->pairs()[i].id) > 0)
            bad.push_back(i);
    auto kept = std::make_shared<const Dataset>(mDataset->withoutPairs(bad));
    // What is left was checked as far as the dataset was: no known problem remains.
    const bool checked = mImageCheck.has_value();
    mLeftOut += bad.size();
    mImageCheck.reset();
    if (checked)
        mImageCheck = IntegrityReport{};
    showDataset(std::move(kept), mRoot);
}

void DatasetWorkspace::setViewMode(ViewMode mode) {
    const bool grid = mode == ViewMode::Grid;
    mViews->setCurrentWidget(grid ? static_cast<QWidget*>(mGrid) : mTable);
    const QSignalBlocker blockList(mListButton);
    const QSignalBlocker blockGrid(mGridButton);
    mListButton->setChecked(!grid);
    mGridButton->setChecked(grid);
    mShowThumbnails->setEnabled(!grid);
    mModel->setThumbnails(grid || mShowThumbnails->isChecked() ? mThumbnails : nullptr);
    const QModelIndex current = mTable->selectionModel()->currentIndex();
    if (current.isValid())
        (grid ? static_cast<QAbstractItemView*>(mGrid) : mTable)->scrollTo(current);
}

DatasetWorkspace::ViewMode DatasetWorkspace::viewMode() const {
    return mViews->currentWidget() == mGrid ? ViewMode::Grid : ViewMode::List;
}

void DatasetWorkspace::setSplitFilter(const QString& split) {
    const int index = mSplit->findData(split);
    if (index >= 0)
        mSplit->setCurrentIndex(index);
}

void DatasetWorkspace::setSearch(const QString& text) {
    mSearch->setText(text);
    mSearchDelay.stop();
    mFilter->setSearch(text);
    updateCount();
}

void DatasetWorkspace::updateRowHeight() {
    const bool thumbnails = mShowThumbnails->isChecked();
    mTable->verticalHeader()->setDefaultSectionSize(thumbnails ? kListIconSize.height() + 4
                                                               : fontMetrics().height() + 6);
}

void DatasetWorkspace::updateCount() {
    const QLocale locale;
    mCount->setText(tr("%1 of %2 pairs")
                        .arg(locale.toString(mFilter->rowCount()))
                        .arg(locale.toString(mModel->rowCount())));
}

void DatasetWorkspace::selectPair(size_t pairIndex) {
    if (!mDataset || pairIndex >= mDataset->pairs().size())
        return;
    const int row = mFilter->rowOfPair(pairIndex);
    if (row >= 0) {
        const QModelIndex index = mFilter->index(row, 0);
        mTable->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect |
                                                             QItemSelectionModel::Rows);
        mTable->scrollTo(index);
        mGrid->scrollTo(index);
        return;
    }
    // Hidden by the split filter or the search: keep the user's filters, show the pair anyway.
    mTable->selectionModel()->clearSelection();
    loadPair(pairIndex);
}

void DatasetWorkspace::onCurrentChanged() {
    const QModelIndex current = mTable->selectionModel()->currentIndex();
    if (!current.isValid() || !mDataset)
        return;
    const size_t pair = mFilter->pairAt(current.row());
    emit pairSelected(pair);
    loadPair(pair);
}

void DatasetWorkspace::loadPair(size_t pair) {
    mShownPair = pair;
    const PairRecord record = mDataset->pairs().at(pair);
    mLoader->request(
        [record, pair, footprint = mTileFootprint, overlays = mOverlays] {
            LoadedPair loaded;
            loaded.pair = pair;
            loaded.tileFootprint = footprint;
            if (record.latLon) {
                loaded.latLon = std::make_pair(record.latLon->latitude, record.latLon->longitude);
            } else if (record.utm && record.utm->hasZone()) {
                try {
                    const LatLon ll =
                        UtmConverter(record.utm->zone, record.utm->south).toLatLon(*record.utm);
                    loaded.latLon = std::make_pair(ll.latitude, ll.longitude);
                } catch (const std::exception&) {
                    // No latitude/longitude shown; the UTM position still is.
                }
            }
            const cv::Mat pano = cv::imread(record.panoramaPath, cv::IMREAD_COLOR);
            const cv::Mat tile = cv::imread(record.satellitePath, cv::IMREAD_COLOR);
            if (pano.empty())
                loaded.error =
                    tr("cannot read %1").arg(QString::fromStdString(record.panoramaPath));
            else if (tile.empty())
                loaded.error =
                    tr("cannot read %1").arg(QString::fromStdString(record.satellitePath));
            std::lock_guard<std::mutex> lock(overlays->mutex);
            if (!pano.empty()) {
                loaded.panorama = matimage::fromBgr(pano);
                if (overlays->panoramaSize != loaded.panorama.size()) {
                    overlays->panorama = orientationimage::fromGroundMap(
                        OrientationMap::groundRaw(pano.rows, pano.cols));
                    overlays->panoramaSize = loaded.panorama.size();
                }
                loaded.panoramaOrientation = overlays->panorama;
            }
            if (!tile.empty()) {
                loaded.tile = matimage::fromBgr(tile);
                const int side = std::min(tile.rows, tile.cols);
                if (overlays->tileSize != side) {
                    overlays->tile =
                        orientationimage::fromSatelliteMap(OrientationMap::satelliteRaw(side));
                    overlays->tileSize = side;
                }
                loaded.tileOrientation = overlays->tile;
            }
            return loaded;
        },
        [this](LoadedPair loaded) { onPairLoaded(std::move(loaded)); });
    showDetails();
}

void DatasetWorkspace::onPairLoaded(LoadedPair loaded) {
    mShown = std::move(loaded);
    // CVACT panoramas are shown whole, with the rows the network crops away shaded; a
    // synthetic world's tiles have a known ground extent (metres per pixel for distances).
    mViewer->setPanorama(mShown.panorama, mDataset && mDataset->layout() == DatasetLayout::Cvact);
    mViewer->setTile(mShown.tile, mShown.tileFootprint > 0 && !mShown.tile.isNull()
                                      ? mShown.tileFootprint / mShown.tile.width()
                                      : 0);
    mViewer->setOverlays(mOverlay->isChecked() ? mShown.panoramaOrientation : QImage(),
                         mOverlay->isChecked() ? mShown.tileOrientation : QImage());
    showDetails();
    emit pairShown(mShown.pair);
}

void DatasetWorkspace::showDetails() {
    if (!mShownPair || !mDataset) {
        mDetails->clear();
        return;
    }
    const size_t pair = *mShownPair;
    const PairRecord& record = mDataset->pairs()[pair];
    const bool loaded = mShown.pair == pair && !mLoader->isBusy();
    auto file = [](const std::string& path, const QImage& image) {
        QString text = QString::fromStdString(path).toHtmlEscaped();
        if (!image.isNull())
            text += QStringLiteral(" <span style='color:gray'>(%1 × %2)</span>")
                        .arg(image.width())
                        .arg(image.height());
        return text;
    };
    const QString splits =
        mModel->data(mModel->index(static_cast<int>(pair), PairTableModel::SplitColumn)).toString();
    QString text = tr("<b>%1</b> · pair %2 · split: %3")
                       .arg(QString::fromStdString(record.id).toHtmlEscaped())
                       .arg(pair)
                       .arg(splits.isEmpty() ? tr("none") : splits.toHtmlEscaped());
    if (mFilter->rowOfPair(pair) < 0)
        text += tr(" · <i>not in the list (hidden by the split filter or the search)</i>");
    text += QStringLiteral("<br>") +
            tr("Panorama: %1").arg(file(record.panoramaPath, loaded ? mShown.panorama : QImage()));
    text += QStringLiteral("<br>") +
            tr("Tile: %1").arg(file(record.satellitePath, loaded ? mShown.tile : QImage()));
    if (record.utm) {
        const QString zone =
            record.utm->hasZone()
                ? QStringLiteral("%1%2").arg(record.utm->zone).arg(record.utm->south ? 'S' : 'N')
                : tr("unknown zone");
        text += QStringLiteral("<br>") + tr("UTM %1: E %2 m, N %3 m")
                                             .arg(zone)
                                             .arg(localNumber(record.utm->easting, 2))
                                             .arg(localNumber(record.utm->northing, 2));
    } else {
        text += QStringLiteral("<br>") + tr("No position");
    }
    if (loaded && mShown.latLon)
        text += QStringLiteral("<br>") + tr("Latitude %1°, longitude %2°")
                                             .arg(localNumber(mShown.latLon->first, 6))
                                             .arg(localNumber(mShown.latLon->second, 6));
    if (loaded && !mShown.error.isEmpty())
        text += QStringLiteral("<br><span style='color:#b00'>%1</span>")
                    .arg(mShown.error.toHtmlEscaped());
    mDetails->setText(text);
}

void DatasetWorkspace::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) {
        mTexts.retranslate();
        // Texts made from the data: the count, the pair's details, the column titles.
        updateCount();
        showDetails();
        emit mModel->headerDataChanged(Qt::Horizontal, 0, mModel->columnCount() - 1);
    }
    QWidget::changeEvent(event);
}

} // namespace orinet
