#include "datasetpanel.h"

#include "backgroundjob.h"
#include "dataset/dataset.h"
#include "imageview.h"
#include "orientation/orientationmap.h"
#include "orientationimage.h"
#include "pairtablemodel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPlainTextEdit>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>
#include <QtConcurrent>

#include <algorithm>

#include <opencv2/imgcodecs.hpp>

namespace orinet {

DatasetPanel::DatasetPanel(QWidget* parent)
    : QWidget(parent)
    , mModel(new PairTableModel(this))
    , mSummary(new QLabel(tr("No dataset open. File ▸ Open Dataset… reads CVUSA, CVACT and "
                             "CSV layouts.")))
    , mSplit(new QComboBox)
    , mTable(new QTableView)
    , mIssues(new QPlainTextEdit)
    , mPanorama(new ImageView)
    , mTile(new ImageView)
    , mOverlay(new QCheckBox(tr("Orientation overlay"))) {
    mSummary->setWordWrap(true);
    mTable->setModel(mModel);
    mTable->setSelectionBehavior(QAbstractItemView::SelectRows);
    mTable->setSelectionMode(QAbstractItemView::SingleSelection);
    mTable->verticalHeader()->hide();
    mTable->horizontalHeader()->setStretchLastSection(true);
    mIssues->setReadOnly(true);
    mIssues->setMaximumHeight(110);
    mIssues->hide();
    mPanorama->setAnnotation(ImageView::Annotation::PanoramaYaw);
    mTile->setAnnotation(ImageView::Annotation::Compass);

    auto* top = new QHBoxLayout;
    top->addWidget(new QLabel(tr("Split")));
    top->addWidget(mSplit);
    top->addWidget(mOverlay);
    top->addStretch();

    auto* left = new QWidget;
    auto* leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addLayout(top);
    leftLayout->addWidget(mTable, 1);

    auto* images = new QSplitter(Qt::Vertical);
    images->addWidget(mPanorama);
    images->addWidget(mTile);
    images->setStretchFactor(0, 1);
    images->setStretchFactor(1, 2);

    auto* splitter = new QSplitter(Qt::Horizontal);
    splitter->addWidget(left);
    splitter->addWidget(images);
    splitter->setStretchFactor(1, 3);
    splitter->setSizes({360, 900});

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(mSummary);
    layout->addWidget(mIssues);
    layout->addWidget(splitter, 1);

    connect(mSplit, &QComboBox::currentIndexChanged, this, &DatasetPanel::showSplit);
    connect(mTable->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &DatasetPanel::onSelectionChanged);
    connect(mModel, &QAbstractItemModel::modelReset, this, [this] {
        connect(mTable->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
                &DatasetPanel::onSelectionChanged, Qt::UniqueConnection);
    });
    connect(&mLoader, &QFutureWatcher<LoadedPair>::finished, this, &DatasetPanel::onPairLoaded);
    connect(mOverlay, &QCheckBox::toggled, this, [this](bool on) {
        mPanorama->setOverlay(on ? mShown.panoramaOrientation : QImage());
        mTile->setOverlay(on ? mShown.tileOrientation : QImage());
    });
}

DatasetPanel::~DatasetPanel() {
    mLoader.waitForFinished();
}

void DatasetPanel::openDataset(const QString& root) {
    auto result = std::make_shared<std::shared_ptr<const Dataset>>();
    const std::string path = QDir(root).absolutePath().toStdString();
    mOpenJob =
        std::make_unique<BackgroundJob>(tr("Opening dataset"), [result, path](Feedback& feedback) {
            feedback.report(0.0, "reading index");
            OpenOptions options;
            options.keepBadPairs = true; // browse everything; problems are listed above
            *result =
                std::make_shared<const Dataset>(Dataset::open(path, DatasetLayout::Auto, options));
            feedback.report(1.0, "done");
        });
    connect(mOpenJob.get(), &BackgroundJob::succeeded, this, [this, result, root] {
        mDataset = *result;
        const IntegrityReport& report = mDataset->report();
        mSummary->setText(tr("<b>%1</b> · %2 layout · %3 pairs")
                              .arg(root.toHtmlEscaped())
                              .arg(QString::fromStdString(toString(mDataset->layout())))
                              .arg(mDataset->pairs().size()));
        const QString issues = QString::fromStdString(report.summary());
        mIssues->setPlainText(issues);
        mIssues->setVisible(!report.issues.empty());
        const QSignalBlocker block(mSplit);
        mSplit->clear();
        mSplit->addItem(tr("all pairs"), QString());
        for (const std::string& name : mDataset->splitNames())
            mSplit->addItem(QString::fromStdString(name), QString::fromStdString(name));
        showSplit();
        emit datasetOpened(root);
    });
    connect(mOpenJob.get(), &BackgroundJob::failed, this, [this](const QString& message) {
        mSummary->setText(tr("Could not open the dataset: %1").arg(message.toHtmlEscaped()));
        emit failed(message);
    });
    emit jobStarted(mOpenJob.get());
    mOpenJob->start();
}

void DatasetPanel::showSplit() {
    mModel->setDataset(mDataset, mSplit->currentData().toString());
    // CVUSA's split files carry no positions: no point in two empty columns.
    const bool positions =
        mDataset && std::any_of(mDataset->pairs().begin(), mDataset->pairs().end(),
                                [](const PairRecord& p) { return p.utm.has_value(); });
    mTable->setColumnHidden(PairTableModel::EastingColumn, !positions);
    mTable->setColumnHidden(PairTableModel::NorthingColumn, !positions);
    if (mModel->rowCount() > 0)
        mTable->selectRow(0);
}

void DatasetPanel::selectPair(size_t pairIndex) {
    for (int pass = 0; pass < 2; ++pass) {
        for (int row = 0; row < mModel->rowCount(); ++row)
            if (mModel->pairIndex(row) == pairIndex) {
                mTable->selectRow(row);
                mTable->scrollTo(mModel->index(row, 0));
                return;
            }
        mSplit->setCurrentIndex(0); // "all pairs" holds every pair
    }
}

void DatasetPanel::onSelectionChanged() {
    const QModelIndex current = mTable->currentIndex();
    if (!current.isValid() || !mDataset)
        return;
    const PairRecord pair = mDataset->pairs().at(mModel->pairIndex(current.row()));
    emit pairSelected(mModel->pairIndex(current.row()));
    const quint64 generation = ++mGeneration;
    if (mLoader.isRunning())
        return; // onPairLoaded() starts the newest request when the current decode ends
    mLoader.setFuture(QtConcurrent::run([pair, generation] {
        LoadedPair loaded;
        loaded.generation = generation;
        const cv::Mat pano = cv::imread(pair.panoramaPath, cv::IMREAD_COLOR);
        const cv::Mat tile = cv::imread(pair.satellitePath, cv::IMREAD_COLOR);
        if (pano.empty())
            loaded.error = tr("cannot read %1").arg(QString::fromStdString(pair.panoramaPath));
        else if (tile.empty())
            loaded.error = tr("cannot read %1").arg(QString::fromStdString(pair.satellitePath));
        if (!loaded.error.isEmpty())
            return loaded;
        loaded.panorama = orientationimage::fromBgr(pano);
        loaded.tile = orientationimage::fromBgr(tile);
        loaded.panoramaOrientation =
            orientationimage::fromGroundMap(OrientationMap::groundRaw(pano.rows, pano.cols));
        loaded.tileOrientation = orientationimage::fromSatelliteMap(
            OrientationMap::satelliteRaw(std::min(tile.rows, tile.cols)));
        return loaded;
    }));
}

void DatasetPanel::onPairLoaded() {
    mShown = mLoader.result();
    if (mShown.generation != mGeneration) {
        onSelectionChanged(); // the selection moved on while decoding
        return;
    }
    if (!mShown.error.isEmpty()) {
        mSummary->setText(mShown.error);
        return;
    }
    mPanorama->setImage(mShown.panorama);
    mTile->setImage(mShown.tile);
    mPanorama->setOverlay(mOverlay->isChecked() ? mShown.panoramaOrientation : QImage());
    mTile->setOverlay(mOverlay->isChecked() ? mShown.tileOrientation : QImage());
}

} // namespace orinet
