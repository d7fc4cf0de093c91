#include "gui/evaluation/failureinspector.h"

#include "common/atomicfile.h"
#include "crossviewlink.h"
#include "dataset/dataset.h"
#include "geo/geodistance.h"
#include "gui/evaluation/evaluationdocument.h"
#include "gui/evaluation/explanationpanel.h"
#include "gui/evaluation/queryfiltermodel.h"
#include "gui/evaluation/topretrieved.h"
#include "gui/jobs/backgroundjob.h"
#include "gui/jobs/newestrequest.h"
#include "heatmap/heatmapengine.h"
#include "imageview.h"
#include "matimage.h"
#include "metrics/evaluationreport.h"
#include "orientation/orientationmap.h"
#include "orientationimage.h"
#include "palette.h"
#include "retrieval/descriptorset.h"
#include "zoomview.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialog>
#include <QDoubleSpinBox>
#include <QEvent>
#include <QFile>
#include <QFileDialog>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>
#include <QScrollBar>
#include <QSpinBox>
#include <QSplitter>
#include <QStackedWidget>
#include <QTableView>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <map>

namespace orinet {

namespace {

//! Orientation pictures by image size: a split's images mostly share one or two sizes.
class OverlayCache {
public:
    QImage panorama(const QImage& image) {
        return get(image, true, [](const QImage& i) {
            return orientationimage::fromGroundMap(
                OrientationMap::groundRaw(i.height(), i.width()));
        });
    }
    QImage tile(const QImage& image) {
        return get(image, false, [](const QImage& i) {
            return orientationimage::fromSatelliteMap(
                OrientationMap::satelliteRaw(std::min(i.width(), i.height())));
        });
    }

private:
    template <typename Make> QImage get(const QImage& image, bool panorama, Make make) {
        if (image.isNull())
            return {};
        const auto key = std::make_tuple(panorama, image.width(), image.height());
        auto it = mCache.find(key);
        if (it == mCache.end())
            it = mCache.emplace(key, make(image)).first;
        return it->second;
    }
    std::map<std::tuple<bool, int, int>, QImage> mCache;
};

QString metres(double value) {
    return std::isfinite(value)
               ? FailureInspector::tr("%1 m").arg(QLocale().toString(value, 'f', 0))
               : QStringLiteral("–");
}

} // namespace

FailureInspector::FailureInspector(EvaluationDocument* document, QWidget* parent)
    : QWidget(parent)
    , mDocument(document)
    , mModel(new QueryTableModel(this))
    , mFilter(new QueryFilterModel(this))
    , mMinRank(new QSpinBox)
    , mMinGeoError(new QDoubleSpinBox)
    , mTagFilter(new QComboBox)
    , mSearch(new QLineEdit)
    , mOverlay(new QCheckBox)
    , mCount(new QLabel)
    , mTable(new QTableView)
    , mQueryView(new ImageView)
    , mTrueView(new ImageView)
    , mDetails(new QLabel)
    , mTags(new QLineEdit)
    , mNote(new QLineEdit)
    , mNotesStatus(new QLabel)
    , mLink(new CrossViewLink(this))
    , mGeometry(new QLabel)
    , mExplain(new QPushButton)
    , mExplanation(new ExplanationPanel)
    , mImagePages(new QStackedWidget)
    , mInspection(new NewestRequest(this)) {
    mFilter->setQueryModel(mModel);
    mMinRank->setRange(0, 1000000);
    mTexts.setText(mOverlay, [] { return tr("Orientation overlay"); });
    mTexts.set(mMinRank, "prefix", [] { return tr("rank > "); });
    mTexts.set(mMinRank, "specialValueText", [] { return tr("any rank"); });
    mTexts.setToolTip(
        mMinRank, [] { return tr("Show only queries whose true match is not among the first K"); });
    mMinGeoError->setRange(0, 1e7);
    mMinGeoError->setDecimals(0);
    mMinGeoError->setSingleStep(5);
    mTexts.set(mMinGeoError, "prefix", [] { return tr("geo error > "); });
    mTexts.set(mMinGeoError, "suffix", [] { return tr(" m"); });
    mTexts.set(mMinGeoError, "specialValueText", [] { return tr("any geo error"); });
    mTexts.setToolTip(mMinGeoError, [] {
        return tr("Show only queries whose top-1 lies farther than this from the true location");
    });
    mTagFilter->addItem(tr("any tag"), QString());
    mTexts.setPlaceholder(mSearch, [] { return tr("Search id…"); });
    mSearch->setClearButtonEnabled(true);
    auto* exportButton = new QPushButton;
    mTexts.setText(exportButton, [] { return tr("Export CSV…"); });
    mTexts.setToolTip(exportButton,
                      [] { return tr("Write the listed queries, in this order, to a CSV file"); });
    mMinRank->setObjectName("minRank");
    mMinGeoError->setObjectName("minGeoError");
    mTagFilter->setObjectName("tagFilter");
    mSearch->setObjectName("search");
    mTags->setObjectName("tags");
    mNote->setObjectName("note");

    auto* filters = new QHBoxLayout;
    filters->addWidget(mSearch, 1);
    filters->addWidget(mMinRank);
    filters->addWidget(mMinGeoError);
    filters->addWidget(mTagFilter);
    filters->addWidget(mOverlay);
    filters->addWidget(mExplain);
    filters->addWidget(mCount);
    filters->addWidget(exportButton);

    mTable->setModel(mFilter);
    mTable->setSortingEnabled(true);
    mTable->sortByColumn(QueryTableModel::RankColumn, Qt::DescendingOrder); // worst first
    mTable->setSelectionBehavior(QAbstractItemView::SelectRows);
    mTable->setSelectionMode(QAbstractItemView::SingleSelection);
    mTable->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed);
    mTable->verticalHeader()->hide();
    mTable->verticalHeader()->setDefaultSectionSize(mTable->fontMetrics().height() + 6);
    mTable->horizontalHeader()->setStretchLastSection(true);
    mTable->setWordWrap(false);
    mTable->installEventFilter(this);

    mTexts.setToolTip(mQueryView, [] { return tr("Double-click to zoom"); });
    mTrueView->setFrameColor(Palette::trueMatch());
    for (int i = 0; i < kRetrievedShown; ++i) {
        auto* view = new ImageView;
        mTexts.setToolTip(view, [] {
            return tr("Double-click to zoom; Left/Right in the table moves between items");
        });
        mRetrievedViews.push_back(view);
        connect(view, &ImageView::clicked, this, [this, i] { focusRetrieved(i); });
        connect(view, &ImageView::doubleClicked, this, [this, i] {
            focusRetrieved(i);
            openZoom();
        });
    }
    connect(mQueryView, &ImageView::doubleClicked, this,
            [this] { showZoom(mQueryView, mShown.queryOverlay); });
    connect(mTrueView, &ImageView::doubleClicked, this,
            [this] { showZoom(mTrueView, mShown.trueOverlay); });

    mDetails->setWordWrap(true);
    mDetails->setTextInteractionFlags(Qt::TextSelectableByMouse);
    mTexts.setPlaceholder(mTags, [] { return tr("tags, comma-separated"); });
    // Saved per pair in the run folder (docs/evaluation.md): a note on a satellite query is
    // the same note as on its panorama's query.
    for (QLineEdit* editor : {mTags, mNote})
        mTexts.setToolTip(editor, [] {
            return tr("Tags and notes belong to the pair (its panorama and its tile): both "
                      "directions show them.");
        });
    mTexts.setPlaceholder(mNote, [] { return tr("note"); });
    mNotesStatus->setWordWrap(true);
    auto* notes = new QHBoxLayout;
    notes->addWidget(mTexts.label([] { return tr("Tags"); }));
    notes->addWidget(mTags, 1);
    notes->addWidget(mTexts.label([] { return tr("Note"); }));
    notes->addWidget(mNote, 2);

    mGeometry->setTextInteractionFlags(Qt::TextSelectableByMouse);
    mGeometry->setText(tr("Hover the query: its bearings are drawn on every tile (or the "
                          "panorama columns that look at a hovered tile pixel)."));
    connect(mLink, &CrossViewLink::valuesChanged, this, [this](const QString& text) {
        if (!text.isEmpty())
            mGeometry->setText(text);
    });
    mImageArea = new QWidget;
    mImages = new QGridLayout(mImageArea);
    mImages->setContentsMargins(0, 0, 0, 0);
    mImages->setSpacing(4);
    mImageArea->installEventFilter(this);
    arrangeViews(true);
    auto* right = new QWidget;
    auto* rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    rightLayout->addWidget(mDetails);
    mImagePages->addWidget(mImageArea);
    mImagePages->addWidget(mExplanation);
    rightLayout->addWidget(mImagePages, 1);
    rightLayout->addWidget(mGeometry);
    rightLayout->addLayout(notes);
    rightLayout->addWidget(mNotesStatus);

    auto* splitter = new QSplitter(Qt::Horizontal);
    splitter->addWidget(mTable);
    splitter->addWidget(right);
    splitter->setStretchFactor(0, 2);
    splitter->setStretchFactor(1, 3);
    splitter->setSizes({500, 780});

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(filters);
    layout->addWidget(splitter, 1);

    connect(mMinRank, &QSpinBox::valueChanged, this, [this](int k) {
        mFilter->setMinimumRank(k);
        updateCount();
    });
    connect(mMinGeoError, &QDoubleSpinBox::valueChanged, this, [this](double d) {
        mFilter->setMinimumGeoError(d);
        updateCount();
    });
    connect(mTagFilter, &QComboBox::currentIndexChanged, this, [this] {
        mFilter->setTag(mTagFilter->currentData().toString());
        updateCount();
    });
    connect(mSearch, &QLineEdit::textChanged, this, [this](const QString& text) {
        mFilter->setSearch(text);
        updateCount();
    });
    connect(mOverlay, &QCheckBox::toggled, this, &FailureInspector::applyOverlay);
    mExplain->setObjectName("explain");
    mExplain->setCheckable(true);
    mTexts.setText(mExplain, [] { return tr("Why this match?"); });
    connect(mExplain, &QPushButton::toggled, this, [this](bool on) {
        mImagePages->setCurrentWidget(on ? static_cast<QWidget*>(mExplanation) : mImageArea);
        mGeometry->setVisible(!on);
        if (on)
            explainShown();
        else
            mExplanation->clear();
    });
    connect(mExplanation, &ExplanationPanel::jobStarted, this, &FailureInspector::jobStarted);
    connect(exportButton, &QPushButton::clicked, this, &FailureInspector::exportDialog);
    connect(mTable->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &FailureInspector::onCurrentRowChanged);
    connect(mModel, &QueryTableModel::tagsChanged, this, &FailureInspector::refreshTagFilter);
    connect(mModel, &QueryTableModel::notesSaveFailed, this, [this](const QString& message) {
        mTexts.setText(mNotesStatus, [message] { return tr("Notes not saved: %1").arg(message); });
    });
    connect(mTags, &QLineEdit::editingFinished, this, [this] {
        const int row = mModel->rowOfQuery(mWanted);
        if (row >= 0 && QueryNotes::parseTags(mTags->text()) != mModel->notesOf(row).tags)
            mModel->setTags(row, QueryNotes::parseTags(mTags->text()));
    });
    connect(mNote, &QLineEdit::editingFinished, this, [this] {
        const int row = mModel->rowOfQuery(mWanted);
        if (row >= 0 && mNote->text().trimmed() != mModel->notesOf(row).note)
            mModel->setNote(row, mNote->text());
    });
    connect(mDocument, &EvaluationDocument::currentChanged, this, &FailureInspector::showCurrent);
    // A query selected in another view (Compare Runs) is selected here too, when listed.
    connect(mDocument, &EvaluationDocument::selectionChanged, this,
            [this](size_t pair) { selectQueryPair(pair); });
    updateCount();
    updateNotesEditors();
    updateExplainAvailability();
    showCurrent();
}

// A running inspection owns its data; its result is dropped with mInspection.
FailureInspector::~FailureInspector() = default;

void FailureInspector::clear() {
    mEvaluation.reset();
    updateExplainAvailability();
    mModel->setRecords({}, QueryNotes());
    mWanted = -1;
    mInspection->cancel(); // a running inspection's result is dropped
    mShown = Inspection();
    showInspection();
    updateCount();
    updateNotesEditors();
}

void FailureInspector::showCurrent() {
    const std::shared_ptr<const InspectedEvaluation>& evaluation = mDocument->current();
    if (!evaluation || !evaluation->report) {
        clear();
        return;
    }
    mEvaluation = evaluation;
    updateExplainAvailability();
    // Before a query is selected, so the map draws its circles at this evaluation's distances.
    std::vector<double> geoMetres;
    for (const metrics::GeoRecall& g : mEvaluation->report->geo)
        geoMetres.push_back(g.metres);
    emit geoRecallDistancesChanged(geoMetres);
    QueryNotes notes;
    mTexts.setText(mNotesStatus, [] { return QString(); });
    try {
        notes = QueryNotes::load(mEvaluation->notesPath);
    } catch (const std::exception& e) {
        // Keep whatever is in the file: edits stay in memory until it is fixed.
        mTexts.setText(mNotesStatus, [message = QString::fromUtf8(e.what())] {
            return tr("Notes are not saved: %1").arg(message);
        });
    }
    mModel->setRecords(mEvaluation->records, std::move(notes));
    mMinGeoError->setEnabled(mModel->hasGeoError());
    mTable->setColumnHidden(QueryTableModel::GeoErrorColumn, !mModel->hasGeoError());
    mTable->resizeColumnsToContents();
    // Every column in view (the geo error, the last one, was cut off): the table's side of the
    // splitter grows to its columns' width, as long as the images keep more than half.
    if (auto* splitter = qobject_cast<QSplitter*>(mTable->parentWidget())) {
        const int needed = mTable->horizontalHeader()->length() +
                           mTable->verticalScrollBar()->sizeHint().width() +
                           2 * mTable->frameWidth();
        QList<int> sizes = splitter->sizes();
        const int total = sizes.value(0) + sizes.value(1);
        if (sizes.size() == 2 && total > 0 && sizes[0] < needed) {
            sizes[0] = std::min(needed, total * 9 / 20);
            sizes[1] = total - sizes[0];
            splitter->setSizes(sizes);
        }
    }
    updateCount();

    // Worst query first. Inspect it explicitly: when the previous evaluation also had its worst
    // query in row 0 no "current row changed" arrives, and its images would stay on screen.
    mWanted = -1;
    mFocused = -1;
    if (mFilter->rowCount() > 0) {
        const QSignalBlocker block(mTable->selectionModel());
        mTable->selectionModel()->setCurrentIndex(
            mFilter->index(0, 0), QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        mTable->scrollToTop();
    }
    onCurrentRowChanged();
}

bool FailureInspector::selectQueryPair(size_t pairIndex) {
    if (!mEvaluation)
        return false;
    const auto& rows = mEvaluation->splitRows;
    const auto it = std::find(rows.begin(), rows.end(), pairIndex);
    if (it == rows.end())
        return false;
    const int64_t query = it - rows.begin();
    for (int row = 0; row < mModel->rowCount(); ++row) {
        if (mModel->record(row).query != query)
            continue;
        const QModelIndex shown = mFilter->mapFromSource(mModel->index(row, 0));
        if (!shown.isValid())
            return false; // filtered out: the user's filters stay
        if (mTable->currentIndex().row() != shown.row())
            mTable->setCurrentIndex(shown);
        return true;
    }
    return false;
}

void FailureInspector::onCurrentRowChanged() {
    const QModelIndex current = mTable->selectionModel()->currentIndex();
    if (!current.isValid() || !mEvaluation) {
        updateNotesEditors();
        return;
    }
    const int64_t query = mModel->record(mFilter->mapToSource(current).row()).query;
    inspect(query);
    updateNotesEditors();
    mDocument->selectPair(mEvaluation->splitRows.at(static_cast<size_t>(query)));
}

void FailureInspector::inspect(int64_t query) {
    mWanted = query;
    const std::shared_ptr<const InspectedEvaluation> e = mEvaluation;
    if (!e) {
        mInspection->cancel();
        return;
    }
    mInspection->request(
        [e, query] {
            Inspection r;
            r.query = query;
            try {
                const metrics::EvaluationReport& report = *e->report;
                const bool groundQueries = metrics::queriesAreGround(report.direction);
                std::vector<int64_t> rows;
                std::vector<float> scores;
                if (e->descriptors) {
                    TopRetrieved top =
                        TopRetrieved::of(*e->descriptors, groundQueries, query, kRetrievedShown);
                    rows = std::move(top.rows);
                    scores = std::move(top.scores);
                } else if (static_cast<size_t>(query) < report.nearest.size()) {
                    // Results without descriptors keep only the top-1.
                    rows.push_back(report.nearest[static_cast<size_t>(query)]);
                    scores.push_back(report.nearestScore.at(static_cast<size_t>(query)));
                }
                OverlayCache overlays;
                auto image = [&](const PairRecord& pair, bool panorama, QImage* overlay) {
                    QImage decoded =
                        matimage::read(panorama ? pair.panoramaPath : pair.satellitePath);
                    *overlay = panorama ? overlays.panorama(decoded) : overlays.tile(decoded);
                    return decoded;
                };
                const auto& pairs = e->dataset->pairs();
                // Distances on a tile in metres, as the Dataset workspace gives them.
                r.tileFootprint = HeatMapEngine::tileGeometryFor(*e->dataset).footprintMetres;
                r.queryPair = e->splitRows.at(static_cast<size_t>(query));
                const PairRecord& queryRecord = pairs.at(r.queryPair);
                r.queryImage = image(queryRecord, groundQueries, &r.queryOverlay);
                r.trueMatch = image(queryRecord, !groundQueries, &r.trueOverlay);
                for (size_t i = 0; i < rows.size(); ++i) {
                    const size_t pair = e->splitRows.at(static_cast<size_t>(rows[i]));
                    QImage overlay;
                    r.retrieved.push_back(image(pairs.at(pair), !groundQueries, &overlay));
                    r.retrievedOverlays.push_back(overlay);
                    r.retrievedPairs.push_back(pair);
                    r.retrievedRows.push_back(rows[i]);
                    r.scores.push_back(scores[i]);
                    r.distances.push_back(
                        e->positions.empty()
                            ? NAN
                            : utmDistance(e->positions.at(static_cast<size_t>(rows[i])),
                                          e->positions.at(static_cast<size_t>(query))));
                }
            } catch (const std::exception&) {
                // Shown as empty views; the table row still tells what is known.
            }
            return r;
        },
        [this](Inspection result) { onInspected(std::move(result)); });
}

void FailureInspector::onInspected(Inspection result) {
    mShown = std::move(result);
    showInspection();
    explainShown();
    emit querySelected(mShown.queryPair, mShown.retrievedPairs);
}

int FailureInspector::panoramaColumns(const QSize& area, double panoramaAspect) {
    const int shown = kRetrievedShown + 1; // the true panorama and the retrieved ones
    int best = 1;
    double widest = 0;
    for (int columns = 1; columns <= 3; ++columns) {
        // The query tile's column has stretch 2, each panorama column 3 (arrangeViews()).
        const double cellWidth = area.width() * 3.0 / (2 + 3 * columns);
        const double cellHeight = double(area.height()) / ((shown + columns - 1) / columns);
        const double width = std::min(cellWidth, cellHeight * panoramaAspect);
        if (width > widest * 1.05) { // clearly wider, or the tile would shrink for nothing
            widest = width;
            best = columns;
        }
    }
    return best;
}

void FailureInspector::arrangeViews(bool groundQueries) {
    const int columns = groundQueries ? 1 : panoramaColumns(mImageArea->size(), mPanoramaAspect);
    if (mArrangement.groundQueries == int(groundQueries) && mArrangement.columns == columns)
        return;
    mArrangement = {int(groundQueries), columns};
    for (QWidget* view : std::initializer_list<QWidget*>{mQueryView, mTrueView})
        mImages->removeWidget(view);
    for (ImageView* view : mRetrievedViews)
        mImages->removeWidget(view);
    for (int i = 0; i <= kRetrievedShown; ++i) {
        mImages->setRowStretch(i, 0);
        mImages->setColumnStretch(i, 0);
    }
    if (groundQueries) {
        // A wide panorama above a row of square tiles.
        mImages->addWidget(mQueryView, 0, 0, 1, kRetrievedShown + 1);
        mImages->addWidget(mTrueView, 1, 0);
        for (int i = 0; i < kRetrievedShown; ++i)
            mImages->addWidget(mRetrievedViews[static_cast<size_t>(i)], 1, i + 1);
        mImages->setRowStretch(0, 1);
        mImages->setRowStretch(1, 1);
        for (int i = 0; i <= kRetrievedShown; ++i)
            mImages->setColumnStretch(i, 1);
    } else {
        // A square tile beside the panoramas, true one first, in `columns` columns.
        const int rows = (kRetrievedShown + 1 + columns - 1) / columns;
        mImages->addWidget(mQueryView, 0, 0, rows, 1);
        std::vector<ImageView*> panoramas{mTrueView};
        panoramas.insert(panoramas.end(), mRetrievedViews.begin(), mRetrievedViews.end());
        for (size_t i = 0; i < panoramas.size(); ++i)
            mImages->addWidget(panoramas[i], int(i) / columns, 1 + int(i) % columns);
        for (int i = 0; i < rows; ++i)
            mImages->setRowStretch(i, 1);
        mImages->setColumnStretch(0, 2);
        for (int c = 0; c < columns; ++c)
            mImages->setColumnStretch(1 + c, 3);
    }
}

void FailureInspector::showInspection() {
    const bool groundQueries =
        !mEvaluation || metrics::queriesAreGround(mEvaluation->report->direction);
    if (!groundQueries && !mShown.trueMatch.isNull() && mShown.trueMatch.height() > 0)
        mPanoramaAspect = double(mShown.trueMatch.width()) / mShown.trueMatch.height();
    arrangeViews(groundQueries);
    const auto panorama = ImageView::Annotation::PanoramaYaw;
    const auto tile = ImageView::Annotation::Compass;
    // The query and the gallery are of different kinds in each direction: yaw ticks belong on
    // panoramas, compass letters on tiles.
    mQueryView->setAnnotation(groundQueries ? panorama : tile);
    mTrueView->setAnnotation(groundQueries ? tile : panorama);
    // Linked geometry: the ray of a hovered panorama pixel on every tile, the panorama column
    // of a hovered tile pixel (on a wrong tile: what the panorama would have to see there).
    mLink->clear();
    std::vector<ImageView*> gallery{mTrueView};
    gallery.insert(gallery.end(), mRetrievedViews.begin(), mRetrievedViews.end());
    // The tiles' metres per pixel, from each image's width (a view's image is set below).
    const auto tileScale = [this](const QImage& image) {
        return mShown.tileFootprint > 0 && !image.isNull() ? mShown.tileFootprint / image.width()
                                                           : 0.0;
    };
    if (groundQueries) {
        mLink->addPanorama(mQueryView);
        mLink->addTile(mTrueView, tileScale(mShown.trueMatch));
        for (size_t i = 0; i < mRetrievedViews.size(); ++i)
            mLink->addTile(mRetrievedViews[i],
                           tileScale(i < mShown.retrieved.size() ? mShown.retrieved[i] : QImage()));
    } else {
        mLink->addTile(mQueryView, tileScale(mShown.queryImage));
        for (ImageView* view : gallery)
            mLink->addPanorama(view);
    }
    const QString queryId = mShown.query >= 0 && mShown.query < mModel->rowCount()
                                ? mModel->record(static_cast<int>(mShown.query)).id
                                : QString();
    mQueryView->setImage(mShown.queryImage);
    mQueryView->setCaption(groundQueries ? tr("query panorama %1").arg(queryId)
                                         : tr("query tile %1").arg(queryId));
    mTrueView->setImage(mShown.trueMatch);
    mTrueView->setCaption(groundQueries ? tr("true tile") : tr("true panorama"));
    for (size_t i = 0; i < mRetrievedViews.size(); ++i) {
        ImageView* view = mRetrievedViews[i];
        view->setAnnotation(groundQueries ? tile : panorama);
        const bool shown = i < mShown.retrieved.size();
        view->setImage(shown ? mShown.retrieved[i] : QImage());
        if (!shown) {
            view->setCaption(QString());
            view->setFrameColor(QColor());
            continue;
        }
        const bool isTrue = mShown.retrievedRows[i] == mShown.query;
        QString caption =
            tr("#%1 · %2").arg(i + 1).arg(QLocale().toString(mShown.scores[i], 'f', 3));
        if (std::isfinite(mShown.distances[i]))
            caption += QStringLiteral(" · ") + metres(mShown.distances[i]);
        if (isTrue)
            caption += QStringLiteral(" · ") + tr("✓ true");
        view->setCaption(caption);
        view->setFrameColor(static_cast<int>(i) == mFocused ? Palette::focus()
                            : isTrue                        ? Palette::trueMatch()
                                                            : QColor());
    }
    applyOverlay();

    if (mShown.query < 0 || mShown.query >= mModel->rowCount()) {
        mDetails->clear();
        return;
    }
    const QueryRecord& r = mModel->record(static_cast<int>(mShown.query));
    QString text = tr("<b>%1</b> · true match at rank %2 · true score %3 · top-1 %4 (score %5)")
                       .arg(r.id.toHtmlEscaped())
                       .arg(QLocale().toString(qlonglong(r.rank)))
                       .arg(std::isfinite(r.trueScore) ? QLocale().toString(r.trueScore, 'f', 3)
                                                       : QStringLiteral("–"))
                       .arg(r.topId.toHtmlEscaped())
                       .arg(QLocale().toString(r.topScore, 'f', 3));
    if (std::isfinite(r.geoError))
        text += tr(", %1 from the true location").arg(metres(r.geoError));
    mDetails->setText(text);
}

void FailureInspector::applyOverlay() {
    const bool on = mOverlay->isChecked();
    mQueryView->setOverlay(on ? mShown.queryOverlay : QImage());
    mTrueView->setOverlay(on ? mShown.trueOverlay : QImage());
    for (size_t i = 0; i < mRetrievedViews.size(); ++i)
        mRetrievedViews[i]->setOverlay(
            on && i < mShown.retrievedOverlays.size() ? mShown.retrievedOverlays[i] : QImage());
    if (mZoomDialog && mZoomDialog->isVisible() && !on)
        mZoomView->setOverlay(QImage());
}

void FailureInspector::focusRetrieved(int index) {
    const int count = static_cast<int>(mShown.retrieved.size());
    mFocused = count == 0 ? -1 : std::clamp(index, 0, count - 1);
    showInspection();
    if (mZoomDialog && mZoomDialog->isVisible() && mFocused >= 0)
        openZoom();
}

void FailureInspector::openZoom() {
    if (mFocused >= 0 && static_cast<size_t>(mFocused) < mShown.retrieved.size())
        showZoom(mRetrievedViews[static_cast<size_t>(mFocused)],
                 mShown.retrievedOverlays[static_cast<size_t>(mFocused)]);
    else
        showZoom(mQueryView, mShown.queryOverlay);
}

void FailureInspector::showZoom(ImageView* view, const QImage& overlay) {
    if (view->image().isNull())
        return;
    if (!mZoomDialog) {
        mZoomDialog = new QDialog(this);
        mZoomView = new ZoomView;
        auto* layout = new QVBoxLayout(mZoomDialog);
        layout->setContentsMargins(0, 0, 0, 0);
        layout->addWidget(mZoomView);
        mZoomDialog->resize(1000, 640);
    }
    mZoomView->setImage(view->image());
    mZoomView->setOverlay(mOverlay->isChecked() ? overlay : QImage());
    mZoomDialog->setWindowTitle(view->caption());
    mZoomDialog->show();
    mZoomDialog->raise();
}

bool FailureInspector::eventFilter(QObject* watched, QEvent* event) {
    if (watched == mImageArea && event->type() == QEvent::Resize && mArrangement.groundQueries == 0)
        arrangeViews(false);
    if (watched == mTable && event->type() == QEvent::KeyPress) {
        const auto* key = static_cast<QKeyEvent*>(event);
        switch (key->key()) {
        case Qt::Key_Left:
            focusRetrieved(mFocused < 0 ? 0 : mFocused - 1);
            return true;
        case Qt::Key_Right:
            focusRetrieved(mFocused + 1);
            return true;
        case Qt::Key_Return:
        case Qt::Key_Enter:
            openZoom();
            return true;
        default:
            break;
        }
    }
    return QWidget::eventFilter(watched, event);
}

void FailureInspector::updateNotesEditors() {
    const int row = mModel->rowOfQuery(mWanted);
    mTags->setEnabled(row >= 0);
    mNote->setEnabled(row >= 0);
    const QueryNotes::Entry entry = row >= 0 ? mModel->notesOf(row) : QueryNotes::Entry();
    mTags->setText(entry.tags.join(QStringLiteral(", ")));
    mNote->setText(entry.note);
}

void FailureInspector::updateCount() {
    const QLocale locale; // the interface language's (LanguageManager)
    mCount->setText(tr("%1 of %2 queries")
                        .arg(locale.toString(mFilter->rowCount()))
                        .arg(locale.toString(mModel->rowCount())));
}

void FailureInspector::refreshTagFilter() {
    const QString current = mTagFilter->currentData().toString();
    const QSignalBlocker block(mTagFilter);
    mTagFilter->clear();
    mTagFilter->addItem(tr("any tag"), QString());
    for (const QString& tag : mModel->notes().allTags())
        mTagFilter->addItem(tag, tag);
    const int index = mTagFilter->findData(current);
    mTagFilter->setCurrentIndex(std::max(0, index));
    if (index < 0 && !current.isEmpty()) {
        mFilter->setTag(QString());
        updateCount();
    }
}

bool FailureInspector::exportCsv(const QString& path, QString* error) {
    try {
        AtomicFile::writeAll(QFile::encodeName(path).toStdString(), mFilter->toCsv(),
                             QueryFilterModel::csvKind());
        return true;
    } catch (const std::exception& e) {
        if (error)
            *error = QString::fromUtf8(e.what());
        return false;
    }
}

void FailureInspector::exportDialog() {
    const QString path = QFileDialog::getSaveFileName(this, tr("Export queries"), QString(),
                                                      tr("CSV files (*.csv)"));
    if (path.isEmpty())
        return;
    QString error;
    if (!exportCsv(path, &error))
        QMessageBox::warning(this, tr("Export queries"), error);
}

void FailureInspector::setExplaining(bool on) {
    mExplain->setChecked(on && mExplain->isEnabled());
}

void FailureInspector::updateExplainAvailability() {
    mCheckpoint.clear();
    mNoCheckpoint.clear();
    if (mEvaluation && mEvaluation->report)
        mCheckpoint = ExplanationPanel::checkpointFor(*mEvaluation->report, mEvaluation->runFolder,
                                                      &mNoCheckpoint);
    const bool available = !mCheckpoint.empty();
    mExplain->setEnabled(available);
    if (!available)
        mExplain->setChecked(false);
    const QString why = mNoCheckpoint;
    mTexts.setToolTip(mExplain, [available, why] {
        return available ? tr("Show which parts of the panorama and the tile made the similarity, "
                              "for the true match and the best-scored wrong one (the run's "
                              "checkpoint explains them; docs/explain.md)")
               : why.isEmpty() ? tr("Evaluate a run first.")
                               : why;
    });
}

void FailureInspector::explainShown() {
    if (!mExplain->isChecked() || !mEvaluation || mShown.query < 0 || mCheckpoint.empty())
        return;
    // An inspection that failed early knows no pair: nothing to explain.
    if (static_cast<size_t>(mShown.query) >= mEvaluation->splitRows.size() ||
        mEvaluation->splitRows[static_cast<size_t>(mShown.query)] != mShown.queryPair)
        return;
    const bool groundQueries = metrics::queriesAreGround(mEvaluation->report->direction);
    const auto& pairs = mEvaluation->dataset->pairs();
    const PairRecord& query = pairs.at(mShown.queryPair);
    ExplanationPanel::Request request;
    request.checkpoint = mCheckpoint;
    request.layout = mEvaluation->dataset->layout();
    // The panorama and the tile of a match, whichever of them is the query.
    auto item = [&](const PairRecord& other, const QImage& otherImage) {
        ExplanationPanel::Item i;
        i.panoramaPath = groundQueries ? query.panoramaPath : other.panoramaPath;
        i.tilePath = groundQueries ? other.satellitePath : query.satellitePath;
        i.panorama = groundQueries ? mShown.queryImage : otherImage;
        i.tile = groundQueries ? otherImage : mShown.queryImage;
        return i;
    };
    ExplanationPanel::Item truth = item(query, mShown.trueMatch);
    truth.trueMatch = true;
    truth.caption = groundQueries ? tr("true tile %1").arg(QString::fromStdString(query.id))
                                  : tr("true panorama %1").arg(QString::fromStdString(query.id));
    request.items.push_back(truth);
    // The wrong item retrieval put first: the top-1 when it is wrong, else the best wrong one.
    for (size_t i = 0; i < mShown.retrievedRows.size(); ++i) {
        if (mShown.retrievedRows[i] == mShown.query)
            continue;
        const PairRecord& wrong = pairs.at(mShown.retrievedPairs[i]);
        ExplanationPanel::Item w = item(wrong, mShown.retrieved[i]);
        const QString id = QString::fromStdString(wrong.id);
        w.caption = groundQueries ? tr("wrong tile %1 (#%2)").arg(id).arg(i + 1)
                                  : tr("wrong panorama %1 (#%2)").arg(id).arg(i + 1);
        request.items.push_back(w);
        break;
    }
    mExplanation->explain(std::move(request));
}

void FailureInspector::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) {
        mTexts.retranslate();
        // Texts made from the data: counts, the tag filter's "any tag", captions, details and
        // the table's column titles.
        updateCount();
        refreshTagFilter();
        showInspection();
        explainShown(); // the captions (cached: no work)
        emit mModel->headerDataChanged(Qt::Horizontal, 0, mModel->columnCount() - 1);
    }
    QWidget::changeEvent(event);
}

} // namespace orinet
