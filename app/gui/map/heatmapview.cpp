#include "gui/map/heatmapview.h"

#include "annotationlayer.h"
#include "common/error.h"
#include "dataset/dataset.h"
#include "geo/rastersource.h"
#include "gui/common/provenancetext.h"
#include "gui/jobs/backgroundjob.h"
#include "gui/jobs/newestrequest.h"
#include "heatmap/heatmapengine.h"
#include "imagelayer.h"
#include "localnumber.h"
#include "run/runfolder.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSlider>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include <opencv2/imgproc.hpp>

#include <cmath>

namespace orinet {

namespace {

constexpr int kPeaks = 5;

QImage toImage(const cv::Mat& bgra) {
    return QImage(bgra.data, bgra.cols, bgra.rows, static_cast<qsizetype>(bgra.step),
                  QImage::Format_ARGB32_Premultiplied)
        .copy();
}

} // namespace

HeatMapView::HeatMapView(ImageLayer* heatLayer, AnnotationLayer* peakLayer, QWidget* parent)
    : QWidget(parent)
    , mHeatLayer(heatLayer)
    , mPeakLayer(peakLayer)
    , mRun(new QLineEdit)
    , mSpacing(new QDoubleSpinBox)
    , mFootprint(new QDoubleSpinBox)
    , mPlaces(new QComboBox)
    , mDescribe(new QPushButton)
    , mOpacity(new QSlider(Qt::Horizontal))
    , mStatus(new QLabel)
    , mComputation(new NewestRequest(this)) {
    setObjectName("heatMapPanel");
    mDescribe->setObjectName("describePlaces");
    mStatus->setObjectName("heatMapStatus");
    mTexts.setText(mDescribe, [] { return tr("Describe Places"); });
    mTexts.setToolTip(mDescribe, [] {
        return tr("Describes every place's tile and the selected panorama one at a time, so "
                  "BatchNorm uses the statistics recalibrated on training batches (the running "
                  "ones when the checkpoint has none), not the batch statistics of the paper's "
                  "protocol that Evaluate uses by default: a heat map's similarities differ "
                  "from an evaluation's");
    });
    mTexts.setPlaceholder(mRun, [] { return tr("run folder"); });
    mTexts.setToolTip(mRun, [] {
        return tr("The run whose model describes the places (its checkpoint); the "
                  "descriptors are cached in RUN/heatmap");
    });
    auto* browse = new QPushButton;
    mTexts.setText(browse, [] { return tr("…"); });
    browse->setMaximumWidth(32);
    mTexts.setToolTip(browse, [] { return tr("Choose a run folder"); });
    for (QDoubleSpinBox* box : {mSpacing, mFootprint}) {
        box->setRange(0.5, 5000);
        box->setDecimals(1);
        mTexts.set(box, "suffix", [] { return tr(" m"); });
    }
    mSpacing->setValue(10);
    mTexts.setToolTip(mSpacing, [] { return tr("Distance between the places that are scored"); });
    mFootprint->setValue(100);
    mTexts.setToolTip(mFootprint, [] {
        return tr("Side of the tile cut at each place: the ground extent of the "
                  "dataset's satellite tiles");
    });
    mPlaces->setObjectName("heatMapPlaces");
    mPlaces->addItem(QString());
    mPlaces->addItem(QString());
    mTexts.bind(this, "placesItems", [this] {
        mPlaces->setItemText(0, tr("Coarse to fine (approximate)"));
        mPlaces->setItemText(1, tr("Every place (dense)"));
    });
    mTexts.setToolTip(mPlaces, [] {
        return tr("Coarse to fine describes every second place along each axis up front and, "
                  "for each query, the places around its best coarse peaks and wherever a better "
                  "place could still hide, up to a fifth of the places (kept for later queries): "
                  "on a large raster far less than the dense map, and the status says whether "
                  "its best place is certified. Every place describes the whole grid up front "
                  "(the exact map), after which each query is instant");
    });
    mOpacity->setRange(0, 100);
    mOpacity->setValue(static_cast<int>(std::lround(mHeatLayer->opacity() * 100)));
    mStatus->setWordWrap(true);
    setStatus([] { return tr("Shows where the model thinks the selected panorama was taken."); });

    auto* runRow = new QHBoxLayout;
    runRow->setContentsMargins(0, 0, 0, 0);
    runRow->addWidget(mRun, 1);
    runRow->addWidget(browse);
    auto* form = new QFormLayout;
    form->setContentsMargins(0, 0, 0, 0);
    form->addRow(mTexts.label([] { return tr("Run"); }), runRow);
    form->addRow(mTexts.label([] { return tr("Spacing"); }), mSpacing);
    form->addRow(mTexts.label([] { return tr("Footprint"); }), mFootprint);
    form->addRow(mTexts.label([] { return tr("Opacity"); }), mOpacity);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(mTexts.label([] { return tr("<b>Heat map</b>"); }));
    layout->addLayout(form);
    // The mode beside the button that starts it: one row, so the panel grows by none.
    auto* describeRow = new QHBoxLayout;
    describeRow->setContentsMargins(0, 0, 0, 0);
    describeRow->addWidget(mPlaces);
    describeRow->addWidget(mDescribe, 1);
    layout->addLayout(describeRow);
    layout->addWidget(mStatus);

    connect(browse, &QPushButton::clicked, this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("Run folder"), mRun->text());
        if (!dir.isEmpty())
            setRunDirectory(dir);
    });
    connect(mRun, &QLineEdit::editingFinished, this, &HeatMapView::resetEngine);
    // Another grid: other places, maybe described before.
    for (QDoubleSpinBox* box : {mSpacing, mFootprint})
        connect(box, &QDoubleSpinBox::editingFinished, this, [this] {
            resetEngine();
            mCacheCheck.start();
        });
    connect(mPlaces, qOverload<int>(&QComboBox::currentIndexChanged), this, [this] {
        resetEngine();
        mCacheCheck.start();
    });
    connect(mDescribe, &QPushButton::clicked, this, [this] {
        if (mJob && mJob->isRunning())
            mJob->cancel();
        else
            describePlaces();
    });
    connect(mOpacity, &QSlider::valueChanged, this,
            [this](int value) { mHeatLayer->setOpacity(value / 100.0); });
    // Run, dataset and raster arrive one after the other (at start-up, after a training):
    // look for their cache once they have.
    mCacheCheck.setSingleShot(true);
    mCacheCheck.setInterval(0);
    connect(&mCacheCheck, &QTimer::timeout, this, [this] { startDescribing(true); });
}

// Computations hold the engine by a shared pointer; their results die with mComputation.
HeatMapView::~HeatMapView() = default;

QString HeatMapView::statusText() const {
    return mStatus->text();
}

QSize HeatMapView::minimumSizeHint() const {
    QSize size = QWidget::minimumSizeHint();
    if (layout() && layout()->hasHeightForWidth() && width() > 0)
        size.setHeight(std::max(size.height(), layout()->totalHeightForWidth(width())));
    return size;
}

void HeatMapView::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange)
        mTexts.retranslate();
    QWidget::changeEvent(event);
}

void HeatMapView::setStatus(TranslatedTexts::Text text, bool problem) {
    mTexts.setText(mStatus, std::move(text));
    mStatus->setStyleSheet(problem ? QStringLiteral("color: #e07a5f;") : QString());
    if (problem)
        emit failed(mStatus->text());
}

void HeatMapView::setDataset(std::shared_ptr<const Dataset> dataset) {
    mDataset = std::move(dataset);
    updateDefaults();
    resetEngine();
    mCacheCheck.start();
}

void HeatMapView::setRaster(const QString& path) {
    if (path == mRaster)
        return;
    mRaster = path;
    resetEngine();
    mCacheCheck.start();
}

void HeatMapView::setRunDirectory(const QString& run) {
    if (run == mRun->text())
        return;
    mRun->setText(run);
    resetEngine();
    mCacheCheck.start();
}

void HeatMapView::setDense(bool dense) {
    mPlaces->setCurrentIndex(dense ? 1 : 0);
}

bool HeatMapView::isDense() const {
    return mPlaces->currentIndex() == 1;
}

void HeatMapView::updateDefaults() {
    if (!mDataset)
        return;
    const TileGeometry tiles = HeatMapEngine::tileGeometryFor(*mDataset);
    mTileSize = tiles.tileSize;
    if (tiles.footprintMetres > 0) {
        mFootprint->setValue(tiles.footprintMetres);
        mSpacing->setValue(tiles.footprintMetres / 10);
    }
}

void HeatMapView::resetEngine() {
    ++mCacheCheckGeneration;
    mComputation->cancel();
    mEngine.reset();
    mHeatLayer->clearImage();
    mPeakLayer->clear();
}

void HeatMapView::describePlaces() {
    startDescribing(false);
}

void HeatMapView::startDescribing(bool onlyWhenCached) {
    if ((mJob && mJob->isRunning()) || (onlyWhenCached && mEngine))
        return;
    const QString run = mRun->text();
    if (!mDataset || mRaster.isEmpty()) {
        if (!onlyWhenCached)
            setStatus([] { return tr("Open a dataset with a base raster first."); }, true);
        return;
    }
    if (run.isEmpty() || !QFileInfo(run).isDir()) {
        if (!onlyWhenCached)
            setStatus([] { return tr("Choose the run folder of a trained model."); }, true);
        return;
    }
    HeatMapEngine::Settings settings;
    try {
        const RunFolder folder(run.toStdString());
        // A run made from another method's TorchScript model describes with that model.
        if (folder.hasScriptedModel()) {
            settings.checkpoint = folder.scriptedModelFile();
            settings.modelCard = folder.modelCardFile();
        } else {
            settings.checkpoint = folder.checkpoint(CheckpointChoice::Last);
        }
    } catch (const Error& e) {
        const QString message = QString::fromStdString(e.what());
        if (!onlyWhenCached)
            setStatus([message] { return message; }, true);
        return;
    }
    settings.runDirectory = run.toStdString();
    settings.raster = mRaster.toStdString();
    settings.layout = mDataset->layout();
    settings.spacingMetres = mSpacing->value();
    settings.footprintMetres = mFootprint->value();
    settings.tileSize = mTileSize;
    settings.dense = isDense();
    if (onlyWhenCached) {
        // The check reads the raster's and the checkpoint's headers and maps the cache: off
        // the GUI thread. Another run, dataset, raster or grid meanwhile makes it stale.
        const int generation = mCacheCheckGeneration;
        auto* watcher = new QFutureWatcher<bool>(this);
        connect(watcher, &QFutureWatcher<bool>::finished, this, [this, watcher, generation] {
            watcher->deleteLater();
            if (watcher->result() && generation == mCacheCheckGeneration)
                startDescribing(false);
        });
        watcher->setFuture(
            QtConcurrent::run([settings] { return HeatMapEngine::isCached(settings); }));
        return;
    }
    auto engine = std::make_shared<std::shared_ptr<HeatMapEngine>>();
    mJob = std::make_unique<BackgroundJob>(
        tr("Describing places for the heat map"), [engine, settings](Feedback& feedback) {
            *engine = std::make_shared<HeatMapEngine>(settings, feedback);
        });
    connect(mJob.get(), &BackgroundJob::progressChanged, this,
            [this](double fraction, const QString& message) {
                const long percent = std::lround(100 * fraction);
                setStatus([percent, message] {
                    return tr("Describing places: %1 % (%2)").arg(percent).arg(message);
                });
            });
    connect(mJob.get(), &BackgroundJob::succeeded, this, [this, engine] {
        mEngine = *engine;
        const HeatMapCache& cache = mEngine->cache();
        const HeatMapCache::BuildStats& stats = mEngine->buildStats();
        const auto places = static_cast<qulonglong>(mEngine->grid().cellCount());
        const auto described = static_cast<qulonglong>(cache.grid().cellCount());
        const int cols = mEngine->grid().cols, rows = mEngine->grid().rows;
        const int step = mEngine->settings().coarseStep;
        const bool dense = mEngine->isDense();
        const double megabytes = cache.bytes() / 1e6;
        const double rate =
            stats.described > 0 && stats.seconds > 0 ? stats.described / stats.seconds : 0;
        const QString note = QString::fromStdString(mEngine->note());
        const std::string mode = toString(mEngine->normalization());
        const bool scripted = mEngine->isTorchScript();
        const QString model = QString::fromStdString(mEngine->modelName());
        setStatus([=] {
            QString text =
                dense ? tr("Every place described (dense): %1 places (%2 x %3)")
                            .arg(places)
                            .arg(cols)
                            .arg(rows)
                      : tr("Coarse to fine: %1 of %2 places (%3 x %4) described up front (one "
                           "in %5 along each axis); each query refines around its best peaks")
                            .arg(described)
                            .arg(places)
                            .arg(cols)
                            .arg(rows)
                            .arg(step);
            text += tr(", cache %1 MB, %2 (each image alone)")
                        .arg(localNumber(megabytes, 1))
                        .arg(scripted ? tr("TorchScript model %1").arg(model)
                                      : provenancetext::normalization(mode));
            if (rate > 0)
                text += tr(", described at %1 places/s").arg(localNumber(rate, 1));
            if (!note.isEmpty())
                text += QStringLiteral(" (%1)").arg(note);
            return text;
        });
        compute();
    });
    connect(mJob.get(), &BackgroundJob::failed, this, [this](const QString& message) {
        setStatus([message] { return tr("Describing places failed: %1").arg(message); }, true);
    });
    connect(mJob.get(), &BackgroundJob::canceled, this, [this] {
        setStatus([] { return tr("Canceled. Describe Places continues where it stopped."); });
    });
    connect(mJob.get(), &BackgroundJob::finished, this,
            [this] { mTexts.setText(mDescribe, [] { return tr("Describe Places"); }); });
    mTexts.setText(mDescribe, [] { return tr("Cancel"); });
    emit jobStarted(mJob.get());
    mJob->start();
}

void HeatMapView::setQuery(size_t pairIndex) {
    mQuery = pairIndex;
    compute();
}

void HeatMapView::compute() {
    if (!mEngine || !mDataset || mQuery >= mDataset->pairs().size())
        return;
    const std::shared_ptr<HeatMapEngine> engine = mEngine;
    const PairRecord pair = mDataset->pairs()[mQuery];
    const size_t index = mQuery;
    mComputation->request(
        [engine, pair, index] {
            Computed out;
            out.pair = index;
            try {
                const HeatMap map = engine->query(pair);
                out.dense = map.isDense();
                out.exact = map.describedCount();
                out.certified = engine->lastQuery().certified;
                out.places = map.grid().cellCount();
                const auto [low, high] = map.range();
                out.low = low;
                out.high = high;
                out.image = toImage(map.colourise(cv::COLORMAP_INFERNO, low, high));
                const cv::Rect2d e = map.grid().extent();
                out.extent = QRectF(e.x, e.y, e.width, e.height);
                const double separation =
                    std::max(map.grid().footprint / 4, 2 * map.grid().spacing);
                for (const HeatMapPeak& p : map.peaks(kPeaks, separation)) {
                    out.peaks.emplace_back(p.position.x, p.position.y);
                    out.peakScores.push_back(p.score);
                }
            } catch (const std::exception& e) {
                out.error = QString::fromStdString(e.what());
            }
            return out;
        },
        [this](const Computed& result) { onComputed(result); });
}

void HeatMapView::onComputed(const Computed& result) {
    if (!result.error.isEmpty()) {
        const QString error = result.error;
        setStatus([error] { return tr("Heat map failed: %1").arg(error); }, true);
        return;
    }
    if (!mEngine)
        return; // reset meanwhile
    const QString id = QString::fromStdString(mDataset->pairs()[result.pair].id);
    const cv::Mat ramp = HeatMap::colourRamp(cv::COLORMAP_INFERNO, 256);
    cv::Mat rgb;
    cv::cvtColor(ramp, rgb, cv::COLOR_BGR2RGB);
    ImageLayer::Legend legend;
    legend.ramp = QImage(rgb.data, rgb.cols, rgb.rows, static_cast<qsizetype>(rgb.step),
                         QImage::Format_RGB888)
                      .copy();
    legend.low = localNumber(result.low, 3);
    legend.high = localNumber(result.high, 3);
    // The legend is drawn on the map: its title follows the language like the view's texts.
    mTexts.bind(this, "legend", [this, legend, id]() mutable {
        legend.title = tr("Similarity of %1 to each place").arg(id);
        mHeatLayer->setLegend(legend);
    });
    mHeatLayer->setImage(result.image, result.extent);
    std::vector<AnnotationLayer::Symbol> peaks;
    for (size_t i = result.peaks.size(); i-- > 0;) {
        AnnotationLayer::Symbol s;
        s.position = result.peaks[i];
        s.shape = AnnotationLayer::Shape::Diamond;
        s.colour = QColor(255, 255, 255);
        s.radius = 8;
        s.label = QString::number(i + 1);
        s.labelInside = true;
        peaks.push_back(s);
    }
    mPeakLayer->setSymbols(std::move(peaks));
    const float best = result.high;
    const int peakCount = static_cast<int>(result.peaks.size());
    const bool dense = result.dense;
    const bool certified = result.certified;
    const auto exact = static_cast<qulonglong>(result.exact);
    const auto places = static_cast<qulonglong>(result.places);
    setStatus([=] {
        QString text = tr("Heat map of %1: best place scores %2, %3 peaks marked")
                           .arg(id)
                           .arg(localNumber(best, 3))
                           .arg(peakCount);
        if (dense)
            return text + tr(" (dense: every place described)");
        text += tr(" (coarse to fine: %1 of %2 places described").arg(exact).arg(places);
        return text + (certified ? tr("; best place certified: by the bound no unscored place "
                                      "beats it)")
                                 : tr("; best place not certified: the dense map's may differ)"));
    });
    emit heatMapShown(result.pair);
}

} // namespace orinet
