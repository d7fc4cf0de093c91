#include "gui/evaluation/querygalleryview.h"

#include "annotationlayer.h"
#include "common/atomicfile.h"
#include "common/error.h"
#include "common/feedback.h"
#include "dataset/querygallery.h"
#include "dataset/tileresolution.h"
#include "dataset/vigorformat.h"
#include "enumitems.h"
#include "evaluation/querygalleryrunevaluation.h"
#include "geo/crs.h"
#include "geo/utmconverter.h"
#include "gui/common/provenancetext.h"
#include "gui/evaluation/querygallerycomparison.h"
#include "gui/evaluation/querygallerytablemodel.h"
#include "gui/jobs/backgroundjob.h"
#include "gui/jobs/newestrequest.h"
#include "imagelayer.h"
#include "imageview.h"
#include "localnumber.h"
#include "mapcanvas.h"
#include "matimage.h"
#include "metrics/querygalleryreport.h"
#include "palette.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QDirIterator>
#include <QEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLineF>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QStackedWidget>
#include <QTableView>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>

namespace orinet {

//! A results file with the truth it was computed against, read once in a background job.
struct QueryGalleryView::Loaded {
    std::shared_ptr<const metrics::QueryGalleryReport> report;
    std::shared_ptr<const QueryGallery> truth;
    TileResolution resolution;

    //! Reads `file` and the split of the dataset it names; throws orinet::Error when either
    //! cannot be read or they do not belong together (the dataset changed since).
    static std::shared_ptr<const Loaded> read(const std::string& file) {
        auto loaded = std::make_shared<Loaded>();
        auto report =
            std::make_shared<metrics::QueryGalleryReport>(metrics::QueryGalleryReport::load(file));
        VigorOptions options;
        options.protocol = fromString<VigorProtocol>(report->protocol);
        options.split = report->split;
        options.checkFilesExist = false; // a missing image is said where it is shown
        auto truth = std::make_shared<QueryGallery>(VigorFormat::read(report->dataset, options));
        report->checkMadeOn(*truth, file);
        loaded->resolution = TileResolution::estimate(*truth);
        loaded->report = std::move(report);
        loaded->truth = std::move(truth);
        return loaded;
    }
};

namespace {

QColor semiPositiveColour() {
    return {240, 180, 0};
}

QColor roleColour(QueryGalleryView::TileRole role) {
    switch (role) {
    case QueryGalleryView::TileRole::Positive:
        return Palette::trueMatch();
    case QueryGalleryView::TileRole::SemiPositive:
        return semiPositiveColour();
    case QueryGalleryView::TileRole::Other:
        break;
    }
    return Palette::wrongMatch();
}

QString percent(double fraction) {
    return localNumber(100 * fraction, 2) + QStringLiteral(" %");
}

//! "run/key" of RUN/results/<key>/querygallery.json: which run, and which of its results.
QString resultsName(const QString& file) {
    QDir dir = QFileInfo(file).dir();
    const QString key = dir.dirName();
    if (dir.cdUp() && dir.dirName() == QLatin1String("results") && dir.cdUp())
        return dir.dirName() + QLatin1Char('/') + key;
    return key;
}

//! B's top-1 on the map: apart from the roles' green, yellow and red.
QColor topOfBColour() {
    return {70, 150, 255};
}

QColor betterColour() {
    return {0, 130, 70};
}

QColor worseColour() {
    return {200, 40, 50};
}

} // namespace

QueryGalleryView::QueryGalleryView(QWidget* parent)
    : QWidget(parent)
    , mInspection(new NewestRequest(this))
    , mResults(new QComboBox)
    , mRoot(new QLineEdit)
    , mProtocol(new QComboBox)
    , mSplit(new QComboBox)
    , mEvaluate(new QPushButton)
    , mSummary(new QLabel)
    , mMissesOnly(new QCheckBox)
    , mCount(new QLabel)
    , mModel(new QueryGalleryTableModel(this))
    , mSorted(new QSortFilterProxyModel(this))
    , mTable(new QTableView)
    , mPanorama(new ImageView)
    , mMap(new MapCanvas)
    , mOutlines(new AnnotationLayer(QString()))
    , mLegend(new QLabel) {
    mResults->setObjectName("queryGalleryResults");
    mRoot->setObjectName("vigorRoot");
    mProtocol->setObjectName("vigorProtocol");
    mSplit->setObjectName("vigorSplit");
    mEvaluate->setObjectName("vigorEvaluate");
    mSummary->setObjectName("queryGallerySummary");
    mMissesOnly->setObjectName("missesOnly");
    mTable->setObjectName("queryGalleryTable");
    mMap->setObjectName("queryGalleryMap");

    mResults->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    mTexts.setToolTip(mResults, [] {
        return tr("The run's results on query/gallery splits (results/*/querygallery.json)");
    });
    auto* open = new QPushButton;
    mTexts.setText(open, [] { return tr("Open…"); });
    mTexts.setPlaceholder(mRoot, [] { return tr("VIGOR-layout dataset folder"); });
    mRoot->setText(QSettings().value("vigorRoot").toString());
    auto* browse = new QPushButton;
    mTexts.setText(browse, [] { return tr("Browse…"); });
    addEnumItems<VigorProtocol>(*mProtocol);
    mTexts.bind(mProtocol, "items", [this] {
        relabelEnumItems<VigorProtocol>(*mProtocol, [](VigorProtocol protocol) {
            return protocol == VigorProtocol::SameArea ? tr("same-area") : tr("cross-area");
        });
    });
    mTexts.setToolTip(mProtocol, [] {
        return tr("Same-area: all four cities, other panoramas. Cross-area: trained on NewYork "
                  "and Seattle, tested on SanFrancisco and Chicago (docs/vigor.md).");
    });
    mSplit->addItem(QString(), QStringLiteral("test"));
    mSplit->addItem(QString(), QStringLiteral("train"));
    mTexts.bind(mSplit, "items", [this] {
        mSplit->setItemText(0, tr("test"));
        mSplit->setItemText(1, tr("train"));
    });
    for (QComboBox* box : {mProtocol, mSplit})
        box->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    mTexts.setText(mEvaluate, [] { return tr("Evaluate on VIGOR"); });
    mTexts.setToolTip(mEvaluate, [] {
        return tr("Describes every panorama of the split and every tile of its cities once (or "
                  "reuses the run's descriptors), with the checkpoint and BatchNorm mode chosen "
                  "above, and saves the results in the run");
    });

    mCompareWith = new QComboBox;
    mCompareWith->setObjectName("compareWith");
    mCompareWith->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    mTexts.setToolTip(mCompareWith, [] {
        return tr("Other results of the same split and queries to compare the shown ones (A) "
                  "with, query by query (B)");
    });
    auto* compareOpen = new QPushButton;
    mTexts.setText(compareOpen, [] { return tr("Compare with File…"); });
    mCompareStatus = new QLabel;
    mCompareStatus->setObjectName("compareStatus");
    mCompareStatus->setWordWrap(true);
    mCompareStatus->setStyleSheet(QStringLiteral("color: %1").arg(worseColour().name()));
    mHeadline = new QLabel;
    mHeadline->setObjectName("comparisonHeadline");
    mHeadline->setTextFormat(Qt::RichText);
    mHeadline->hide();
    mComparison = new QueryGalleryComparison(this);
    mCompareSorted = new QSortFilterProxyModel(this);
    mCompareTable = new QTableView;
    mCompareTable->setObjectName("comparisonTable");
    mCompareFilter = new QComboBox;
    mCompareFilter->setObjectName("comparisonFilter");
    mCompareCount = new QLabel;
    mTables = new QStackedWidget;
    for (int i = 0; i < 3; ++i)
        mCompareFilter->addItem(QString(), i);
    mTexts.bind(mCompareFilter, "items", [this] {
        mCompareFilter->setItemText(0, tr("All queries"));
        mCompareFilter->setItemText(1, tr("Only improved by B"));
        mCompareFilter->setItemText(2, tr("Only worse in B"));
    });

    auto* form = new QHBoxLayout;
    form->addWidget(mTexts.label([] { return tr("Results"); }));
    form->addWidget(mResults);
    form->addWidget(open);
    form->addSpacing(16);
    form->addWidget(mTexts.label([] { return tr("Dataset"); }));
    form->addWidget(mRoot, 1);
    form->addWidget(browse);
    form->addWidget(mProtocol);
    form->addWidget(mSplit);
    form->addWidget(mEvaluate);

    mSummary->setWordWrap(true);
    mSummary->setTextFormat(Qt::RichText);

    mTexts.setText(mMissesOnly, [] { return tr("Misses only"); });
    mTexts.setToolTip(mMissesOnly, [] {
        return tr("List only the queries whose top-1 tile is neither the positive nor a "
                  "semi-positive");
    });
    mSorted->setSourceModel(mModel);
    mSorted->setSortRole(Qt::UserRole);
    mTable->setModel(mSorted);
    mTable->setSortingEnabled(true);
    mTable->sortByColumn(QueryGalleryTableModel::Rank, Qt::DescendingOrder);
    mTable->setSelectionBehavior(QAbstractItemView::SelectRows);
    mTable->setSelectionMode(QAbstractItemView::SingleSelection);
    mTable->verticalHeader()->hide();
    mTable->horizontalHeader()->setSectionResizeMode(QueryGalleryTableModel::Name,
                                                     QHeaderView::Stretch);
    mTable->setEditTriggers(QAbstractItemView::NoEditTriggers);
    mTable->setAlternatingRowColors(true);
    mTable->setWordWrap(false);
    mTable->setTextElideMode(Qt::ElideMiddle);
    for (int column = QueryGalleryTableModel::Rank; column < QueryGalleryTableModel::ColumnCount;
         ++column)
        mTable->horizontalHeader()->setSectionResizeMode(column, QHeaderView::ResizeToContents);
    auto* left = new QWidget;
    auto* leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    auto* filterRow = new QHBoxLayout;
    filterRow->addWidget(mMissesOnly);
    filterRow->addStretch(1);
    filterRow->addWidget(mCount);
    leftLayout->addLayout(filterRow);
    leftLayout->addWidget(mTable, 1);
    mTables->addWidget(left);

    mCompareSorted->setSourceModel(mComparison);
    mCompareSorted->setSortRole(Qt::UserRole);
    mCompareTable->setModel(mCompareSorted);
    mCompareTable->setSortingEnabled(true);
    // Worst regression first: the queries B ranks lowest compared with A.
    mCompareTable->sortByColumn(QueryGalleryComparison::Change, Qt::AscendingOrder);
    mCompareTable->setSelectionBehavior(QAbstractItemView::SelectRows);
    mCompareTable->setSelectionMode(QAbstractItemView::SingleSelection);
    mCompareTable->verticalHeader()->hide();
    mCompareTable->setEditTriggers(QAbstractItemView::NoEditTriggers);
    mCompareTable->setAlternatingRowColors(true);
    mCompareTable->setWordWrap(false);
    mCompareTable->setTextElideMode(Qt::ElideMiddle);
    mCompareTable->horizontalHeader()->setSectionResizeMode(QueryGalleryComparison::Name,
                                                            QHeaderView::Stretch);
    for (int column = QueryGalleryComparison::RankA; column < QueryGalleryComparison::ColumnCount;
         ++column)
        mCompareTable->horizontalHeader()->setSectionResizeMode(column,
                                                                QHeaderView::ResizeToContents);
    auto* comparePage = new QWidget;
    auto* compareLayout = new QVBoxLayout(comparePage);
    compareLayout->setContentsMargins(0, 0, 0, 0);
    auto* compareFilterRow = new QHBoxLayout;
    auto* exportButton = new QPushButton;
    exportButton->setObjectName("exportComparison");
    mTexts.setText(exportButton, [] { return tr("Export CSV…"); });
    mTexts.setToolTip(exportButton, [] {
        return tr("Save the listed queries (as sorted and filtered) with both ranks, the change, "
                  "the metres to each top-1 tile and both top-1 tiles");
    });
    compareFilterRow->addWidget(mCompareFilter);
    compareFilterRow->addWidget(exportButton);
    compareFilterRow->addStretch(1);
    compareFilterRow->addWidget(mCompareCount);
    connect(exportButton, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getSaveFileName(this, tr("Export compared queries"),
                                                          QString(), tr("CSV files (*.csv)"));
        if (path.isEmpty())
            return;
        QString error;
        if (!exportComparison(path, &error))
            QMessageBox::warning(this, tr("Export compared queries"), error);
    });
    compareLayout->addLayout(compareFilterRow);
    compareLayout->addWidget(mCompareTable, 1);
    mTables->addWidget(comparePage);

    mPanorama->setAnnotation(ImageView::Annotation::PanoramaYaw);
    auto* images = new QWidget;
    auto* imageLayout = new QGridLayout(images);
    imageLayout->setContentsMargins(0, 0, 0, 0);
    imageLayout->addWidget(mPanorama, 0, 0, 1, 3);
    for (int i = 0; i < kTilesShown; ++i) {
        auto* view = new ImageView;
        view->setAnnotation(ImageView::Annotation::Compass);
        view->setObjectName(QStringLiteral("retrievedTile%1").arg(i));
        mTileViews.push_back(view);
        imageLayout->addWidget(view, 1 + i / 3, i % 3);
    }
    imageLayout->setRowStretch(0, 3);
    imageLayout->setRowStretch(1, 2);
    imageLayout->setRowStretch(2, 2);

    mTexts.bind(mOutlines, "name", [this] { mOutlines->setName(tr("Positive and retrieved")); });
    mMap->addLayer(mOutlines);
    mLegend->setTextFormat(Qt::RichText);
    mLegend->setWordWrap(true);
    auto swatch = [](const QColor& colour) {
        return QStringLiteral("<span style='color:%1'>&#9632;</span>").arg(colour.name());
    };
    mTexts.setText(mLegend, [this, swatch] {
        QString legend =
            tr("%1 positive &nbsp; %2 semi-positive &nbsp; %3 retrieved, numbered by rank "
               "&nbsp; &#9733; the panorama's position")
                .arg(swatch(Palette::trueMatch()), swatch(semiPositiveColour()),
                     swatch(Palette::wrongMatch()));
        if (mComparison->reportB())
            legend += QStringLiteral(" &nbsp; ") + tr("%1 B's top-1").arg(swatch(topOfBColour()));
        return legend;
    });
    auto* right = new QWidget;
    auto* rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    rightLayout->addWidget(mMap, 1);
    rightLayout->addWidget(mLegend);

    auto* splitter = new QSplitter(Qt::Horizontal);
    splitter->addWidget(mTables);
    splitter->addWidget(images);
    splitter->addWidget(right);
    splitter->setStretchFactor(0, 2);
    splitter->setStretchFactor(1, 3);
    splitter->setStretchFactor(2, 3);
    splitter->setSizes({420, 400, 460});

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(mSummary);
    auto* compareRow = new QHBoxLayout;
    compareRow->addWidget(mTexts.label([] { return tr("Compare with"); }));
    compareRow->addWidget(mCompareWith);
    compareRow->addWidget(compareOpen);
    compareRow->addWidget(mCompareStatus, 1);
    layout->addLayout(compareRow);
    layout->addWidget(mHeadline);
    layout->addWidget(splitter, 1);

    connect(compareOpen, &QPushButton::clicked, this, [this] {
        QString start = mRun.isEmpty() ? QDir::homePath() : mRun;
        if (!mRun.isEmpty()) {
            QDir runs(mRun);
            if (runs.cdUp())
                start = runs.path(); // usually another run's results are wanted
        }
        const QString file =
            QFileDialog::getOpenFileName(this, tr("Compare with query/gallery results"), start,
                                         tr("Query/gallery results (querygallery.json)"));
        if (!file.isEmpty())
            compareWith(file);
    });
    connect(mCompareWith, &QComboBox::activated, this, [this](int index) {
        const QString file = mCompareWith->itemData(index).toString();
        if (file != mComparedFile)
            compareWith(file);
    });
    connect(mCompareFilter, &QComboBox::activated, this,
            [this](int index) { setComparisonFilter(mCompareFilter->itemData(index).toInt()); });
    connect(mCompareTable->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex& current) {
                if (current.isValid() && mTables->currentIndex() == 1)
                    inspect(current.data(QueryGalleryComparison::kQueryRole).toLongLong());
            });

    connect(open, &QPushButton::clicked, this, [this] {
        const QString start = mRun.isEmpty() ? QDir::homePath() : mRun;
        const QString file =
            QFileDialog::getOpenFileName(this, tr("Open query/gallery results"), start,
                                         tr("Query/gallery results (querygallery.json)"));
        if (!file.isEmpty())
            openResults(file);
    });
    connect(mResults, &QComboBox::activated, this, [this](int index) {
        const QString file = mResults->itemData(index).toString();
        if (!file.isEmpty() && file != mResultsFile)
            openResults(file);
    });
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString dir =
            QFileDialog::getExistingDirectory(this, tr("VIGOR-layout dataset"), mRoot->text());
        if (!dir.isEmpty())
            mRoot->setText(dir);
    });
    connect(mEvaluate, &QPushButton::clicked, this, &QueryGalleryView::evaluateRequested);
    connect(mMissesOnly, &QCheckBox::toggled, this, [this](bool on) {
        const int64_t shown = mShown.query;
        mModel->setMissesOnly(on);
        updateCount();
        if (!(shown >= 0 && selectQuery(shown)) && mSorted->rowCount() > 0)
            mTable->selectRow(0);
    });
    connect(mTable->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &QueryGalleryView::onCurrentRowChanged);
    connect(mMap, &MapCanvas::featureClicked, this, [this](MapLayer* layer, qint64 id) {
        // A click on a retrieved tile's number focuses its picture.
        if (layer != mOutlines || id < 0 || id >= static_cast<qint64>(mTileViews.size()))
            return;
        mTileViews[static_cast<size_t>(id)]->setFocus();
    });
    clear();
}

QueryGalleryView::~QueryGalleryView() = default;

void QueryGalleryView::startJob(std::unique_ptr<BackgroundJob> job) {
    mJob = std::move(job);
    connect(mJob.get(), &BackgroundJob::failed, this, [this](const QString& message) {
        mTexts.setText(mSummary, [message] {
            return tr("Could not show the results: %1").arg(message.toHtmlEscaped());
        });
        emit loadFailed(message);
    });
    emit jobStarted(mJob.get());
    mJob->start();
}

void QueryGalleryView::setRunDirectory(const QString& run) {
    mRun = run;
    mResults->clear();
    QFileInfoList found;
    QDirIterator it(QDir(run).filePath(QStringLiteral("results")),
                    {QString::fromLatin1(metrics::QueryGalleryReport::fileName())}, QDir::Files,
                    QDirIterator::Subdirectories);
    while (it.hasNext()) {
        it.next();
        found.push_back(it.fileInfo());
    }
    std::sort(found.begin(), found.end(), [](const QFileInfo& a, const QFileInfo& b) {
        return a.lastModified() > b.lastModified();
    });
    for (const QFileInfo& file : found)
        mResults->addItem(file.dir().dirName(), file.absoluteFilePath());
    // Results of another run (or a file opened from elsewhere) give way to this run's newest;
    // a run without any leaves the view empty rather than showing the other run's.
    const int shown = mResults->findData(mResultsFile);
    if (shown >= 0) {
        mResults->setCurrentIndex(shown);
        return;
    }
    if (mJob && mJob->isRunning())
        return;
    if (found.isEmpty())
        clear();
    else
        openResults(found.front().absoluteFilePath());
}

void QueryGalleryView::clear() {
    mInspection->cancel();
    mLoaded.reset();
    mResultsFile.clear();
    mShown = Inspection{};
    mModel->setReport(nullptr);
    stopComparing();
    updateCount();
    mPanorama->setImage({});
    mPanorama->setCaption({});
    for (ImageView* view : mTileViews) {
        view->setImage({});
        view->setCaption({});
        view->setFrameColor({});
    }
    drawMap();
    mTexts.setText(mSummary, [] {
        return tr("No query/gallery results yet: evaluate the run on a VIGOR-layout dataset "
                  "(`orinet eval --run RUN --vigor ROOT` does the same) or open a "
                  "querygallery.json.");
    });
}

void QueryGalleryView::setDatasetRoot(const QString& root) {
    mRoot->setText(root);
}

void QueryGalleryView::openResults(const QString& file) {
    if (mJob && mJob->isRunning())
        return;
    auto loaded = std::make_shared<std::shared_ptr<const Loaded>>();
    const std::string path = QFile::encodeName(file).toStdString();
    auto job = std::make_unique<BackgroundJob>(
        tr("Reading query/gallery results"),
        [loaded, path](Feedback&) { *loaded = Loaded::read(path); });
    connect(job.get(), &BackgroundJob::succeeded, this,
            [this, loaded, file] { showLoaded(*loaded, file); });
    startJob(std::move(job));
}

void QueryGalleryView::evaluate(const QString& run, CheckpointChoice checkpoint,
                                Normalization normalization) {
    if (mJob && mJob->isRunning())
        return;
    const QString root = mRoot->text().trimmed();
    QString problem;
    if (!QFileInfo(run).isDir())
        problem = tr("No run folder at '%1'.").arg(run);
    else if (root.isEmpty() || !QFileInfo(root).isDir())
        problem =
            tr("Choose the VIGOR-layout dataset to evaluate on (no folder at '%1').").arg(root);
    if (!problem.isEmpty()) {
        mTexts.setText(mSummary, [problem] { return problem.toHtmlEscaped(); });
        emit loadFailed(problem);
        return;
    }
    QSettings().setValue("vigorRoot", root);
    mRun = run;
    QueryGalleryRunEvaluation::Options options;
    options.vigor.protocol = currentEnum<VigorProtocol>(*mProtocol);
    options.vigor.split = mSplit->currentData().toString().toStdString();
    options.checkpoint = checkpoint;
    options.normalization = normalization;
    options.geoMetres = {5, 25, 50, 100};
    auto loaded = std::make_shared<std::shared_ptr<const Loaded>>();
    auto file = std::make_shared<QString>();
    const RunFolder runFolder(QFile::encodeName(run).toStdString());
    const std::string rootPath = QFile::encodeName(root).toStdString();
    auto job = std::make_unique<BackgroundJob>(tr("Evaluating on VIGOR"), [=](Feedback& feedback) {
        QueryGalleryRunEvaluation evaluation(runFolder, options);
        {
            Feedback part(feedback, 0.0, 0.97);
            evaluation.run(rootPath, part);
        }
        feedback.report(0.97, "reading the results");
        *file = QDir(QString::fromStdString(evaluation.result().resultsDirectory))
                    .filePath(QString::fromLatin1(metrics::QueryGalleryReport::fileName()));
        *loaded = Loaded::read(QFile::encodeName(*file).toStdString());
    });
    connect(job.get(), &BackgroundJob::succeeded, this, [this, loaded, file, run] {
        showLoaded(*loaded, *file);
        // The new results join the list (or replace the same key's).
        const QString shown = mResultsFile;
        setRunDirectory(run);
        mResults->setCurrentIndex(std::max(0, mResults->findData(shown)));
    });
    startJob(std::move(job));
}

void QueryGalleryView::showLoaded(std::shared_ptr<const Loaded> results, const QString& file) {
    mLoaded = std::move(results);
    mResultsFile = file;
    const int index = mResults->findData(file);
    if (index >= 0)
        mResults->setCurrentIndex(index);
    mShown = Inspection{};
    // The form names what the shown results were made on, so Evaluate repeats it.
    const metrics::QueryGalleryReport& report = *mLoaded->report;
    if (mRoot->text().trimmed().isEmpty())
        mRoot->setText(QString::fromStdString(report.dataset));
    if (report.protocol == toString(VigorProtocol::CrossArea))
        setCurrentEnum(*mProtocol, VigorProtocol::CrossArea);
    else
        setCurrentEnum(*mProtocol, VigorProtocol::SameArea);
    mSplit->setCurrentIndex(std::max(0, mSplit->findData(QString::fromStdString(report.split))));
    mModel->setReport(mLoaded->report);
    // A comparison goes on with the new A when B was made on the same queries.
    std::shared_ptr<const metrics::QueryGalleryReport> b = mComparison->reportB();
    if (b) {
        const QString why = QueryGalleryComparison::incompatibility(report, *b);
        if (!why.isEmpty() || mComparedFile == file) {
            const QString compared = mComparedFile;
            stopComparing();
            b.reset();
            if (!why.isEmpty())
                mTexts.setText(mCompareStatus, [compared, why] {
                    return tr("%1 is no longer compared: %2").arg(compared, why);
                });
        }
    }
    updateCount();
    showSummary();
    if (b)
        showComparison(b, mComparedFile);
    else if (mSorted->rowCount() > 0)
        mTable->selectRow(0); // the worst query, by the default sort
    listComparable();
    emit loaded();
    if (!mPendingCompare.isEmpty())
        compareWith(std::exchange(mPendingCompare, QString()));
}

void QueryGalleryView::listComparable() {
    mCompareWith->clear();
    mCompareWith->addItem(tr("No comparison"), QString());
    // The other results of the shown results' run (newest first), however they were opened.
    if (!mResultsFile.isEmpty()) {
        QDir results = QFileInfo(mResultsFile).dir();
        QFileInfoList found;
        if (results.cdUp()) {
            QDirIterator it(results.path(),
                            {QString::fromLatin1(metrics::QueryGalleryReport::fileName())},
                            QDir::Files, QDirIterator::Subdirectories);
            while (it.hasNext()) {
                it.next();
                if (it.fileInfo().absoluteFilePath() != QFileInfo(mResultsFile).absoluteFilePath())
                    found.push_back(it.fileInfo());
            }
        }
        std::sort(found.begin(), found.end(), [](const QFileInfo& a, const QFileInfo& b) {
            return a.lastModified() > b.lastModified();
        });
        for (const QFileInfo& file : found)
            mCompareWith->addItem(file.dir().dirName(), file.absoluteFilePath());
    }
    // A file of another run, opened with Compare with File….
    if (!mComparedFile.isEmpty() && mCompareWith->findData(mComparedFile) < 0)
        mCompareWith->addItem(resultsName(mComparedFile), mComparedFile);
    mCompareWith->setCurrentIndex(std::max(0, mCompareWith->findData(mComparedFile)));
    mCompareWith->setEnabled(mLoaded != nullptr);
}

void QueryGalleryView::compareWith(const QString& file) {
    if (file.isEmpty()) {
        mPendingCompare.clear();
        stopComparing();
        if (!selectQuery(mShown.query) && mSorted->rowCount() > 0)
            mTable->selectRow(0);
        return;
    }
    if (!mLoaded) {
        mPendingCompare = file;
        return;
    }
    if (mCompareJob && mCompareJob->isRunning()) {
        listComparable(); // the box shows what is compared, not the choice ignored
        return;
    }
    if (QFileInfo(file) == QFileInfo(mResultsFile)) {
        const QString message = tr("%1 is the results shown: choose other results to compare "
                                   "them with")
                                    .arg(file);
        mTexts.setText(mCompareStatus, [message] { return message; });
        listComparable();
        emit comparisonFailed(message);
        return;
    }
    const std::shared_ptr<const Loaded> a = mLoaded;
    auto b = std::make_shared<std::shared_ptr<const metrics::QueryGalleryReport>>();
    auto why = std::make_shared<QString>();
    const std::string path = QFile::encodeName(file).toStdString();
    mCompareJob = std::make_unique<BackgroundJob>(
        tr("Reading query/gallery results to compare"), [a, b, why, path](Feedback&) {
            auto report = std::make_shared<metrics::QueryGalleryReport>(
                metrics::QueryGalleryReport::load(path));
            // What B was made on first (another protocol, another query order): said as such
            // rather than as a change of the dataset, which checkMadeOn() then rules out.
            *why = QueryGalleryComparison::incompatibility(*a->report, *report);
            if (why->isEmpty())
                report->checkMadeOn(*a->truth, path);
            *b = std::move(report);
        });
    auto fail = [this](const QString& message) {
        mTexts.setText(mCompareStatus, [message] { return message; });
        listComparable(); // back to what is compared
        emit comparisonFailed(message);
    };
    connect(mCompareJob.get(), &BackgroundJob::failed, this, fail);
    connect(mCompareJob.get(), &BackgroundJob::succeeded, this, [this, a, b, why, file, fail] {
        if (mLoaded != a)
            return; // A changed meanwhile
        if (!why->isEmpty()) {
            fail(tr("%1 cannot be compared with the results shown: %2").arg(file, *why));
            return;
        }
        showComparison(*b, file);
    });
    emit jobStarted(mCompareJob.get());
    mCompareJob->start();
}

void QueryGalleryView::showComparison(std::shared_ptr<const metrics::QueryGalleryReport> b,
                                      const QString& file) {
    mComparedFile = file;
    mCompareStatus->clear();
    mTexts.setText(mCompareStatus, [] { return QString(); });
    mComparison->setReports(mLoaded->report, std::move(b));
    mTables->setCurrentIndex(1);
    mHeadline->show();
    showHeadline();
    mTexts.retranslate(); // the legend names B's top-1
    updateCount();
    listComparable();
    // The worst regression first (the default sort), what one compares for.
    if (mCompareSorted->rowCount() > 0)
        mCompareTable->selectRow(0);
    emit comparisonShown();
}

void QueryGalleryView::stopComparing() {
    mComparedFile.clear();
    mComparison->setReports(nullptr, nullptr);
    mTables->setCurrentIndex(0);
    mTexts.retranslate(); // the legend without B
    mHeadline->hide();
    mTexts.setText(mHeadline, [] { return QString(); });
    mTexts.setText(mCompareStatus, [] { return QString(); });
    listComparable();
}

void QueryGalleryView::setComparisonFilter(int filter) {
    const int64_t shown = mShown.query;
    mComparison->setFilter(static_cast<QueryGalleryComparison::Filter>(filter));
    mCompareFilter->setCurrentIndex(std::max(0, mCompareFilter->findData(filter)));
    updateCount();
    if (!(shown >= 0 && selectQuery(shown)) && mCompareSorted->rowCount() > 0)
        mCompareTable->selectRow(0);
}

bool QueryGalleryView::exportComparison(const QString& path, QString* error) {
    std::vector<int64_t> queries;
    queries.reserve(static_cast<size_t>(mCompareSorted->rowCount()));
    for (int row = 0; row < mCompareSorted->rowCount(); ++row)
        queries.push_back(
            mCompareSorted->index(row, 0).data(QueryGalleryComparison::kQueryRole).toLongLong());
    try {
        AtomicFile::writeAll(QFile::encodeName(path).toStdString(), mComparison->toCsv(queries),
                             QueryGalleryComparison::csvKind());
        return true;
    } catch (const std::exception& e) {
        if (error)
            *error = QString::fromUtf8(e.what());
        return false;
    }
}

void QueryGalleryView::showHeadline() {
    const auto a = mComparison->reportA();
    const auto b = mComparison->reportB();
    if (!a || !b)
        return;
    const QString nameA = resultsName(mResultsFile), nameB = resultsName(mComparedFile);
    mTexts.setText(mHeadline, [a, b, nameA, nameB] {
        const std::vector<QueryGalleryComparison::Figure> figures =
            QueryGalleryComparison::figures(*a, *b);
        auto cell = [](const QString& text, bool bold = false) {
            return QStringLiteral("<td align='right'>&nbsp;&nbsp;%1</td>")
                .arg(bold ? QStringLiteral("<b>%1</b>").arg(text) : text);
        };
        auto value = [](const QueryGalleryComparison::Figure& f, double v) {
            return f.metres ? distanceText(v) : percent(v);
        };
        QString header = QStringLiteral("<tr><td></td>");
        QString rowA = QStringLiteral("<tr><td>A&nbsp;&nbsp;%1</td>").arg(nameA.toHtmlEscaped());
        QString rowB = QStringLiteral("<tr><td>B&nbsp;&nbsp;%1</td>").arg(nameB.toHtmlEscaped());
        QString rowDelta = QStringLiteral("<tr><td>%1</td>").arg(tr("B − A"));
        for (const QueryGalleryComparison::Figure& f : figures) {
            header += cell(f.label, true);
            rowA += cell(value(f, f.a));
            rowB += cell(value(f, f.b));
            rowDelta += cell(deltaText(f));
        }
        return QStringLiteral("<table cellspacing='0' cellpadding='1'>%1</tr>%2</tr>%3</tr>%4</tr>"
                              "</table>")
            .arg(header, rowA, rowB, rowDelta);
    });
}

QString QueryGalleryView::deltaText(const QueryGalleryComparison::Figure& figure) {
    const double d = figure.delta();
    // Metres as the figures themselves are written (m, or km from 1,000 m on).
    const QString text = figure.metres ? distanceText(std::abs(d))
                                       : tr("%1 pp").arg(localNumber(100 * std::abs(d), 2));
    const bool zero =
        figure.metres ? text == distanceText(0) : text == tr("%1 pp").arg(localNumber(0.0, 2));
    if (zero)
        return text; // no change at this precision
    const bool better = figure.metres ? d < 0 : d > 0;
    return QStringLiteral("<span style='color:%1'>%2%3</span>")
        .arg((better ? betterColour() : worseColour()).name(),
             d > 0 ? QStringLiteral("+") : QStringLiteral("−"), text);
}

void QueryGalleryView::showSummary() {
    if (!mLoaded)
        return;
    const std::shared_ptr<const metrics::QueryGalleryReport> r = mLoaded->report;
    const std::shared_ptr<const QueryGallery> truth = mLoaded->truth;
    mTexts.setText(mSummary, [r, truth] {
        QString text =
            tr("<b>r@1 %1</b> · r@5 %2 · r@10 %3 · r@1% %4 · hit rate %5 · top-1 covers "
               "%6")
                .arg(percent(r->recallAt1), percent(r->recallAt5), percent(r->recallAt10),
                     percent(r->recallAtOnePercent), percent(r->hitRate), percent(r->top1Covers));
        if (r->hasMetres)
            text += tr(" · median %1 to the top-1 tile").arg(distanceText(r->medianMetres));
        const QString protocol = r->protocol == "cross-area" ? tr("cross-area") : tr("same-area");
        text +=
            QStringLiteral("<br>") +
            tr("%1 %2: %n queries against %3 tiles · %4", "", static_cast<int>(r->queries.size()))
                .arg(protocol, r->split == "train" ? tr("train") : tr("test"),
                     QString::number(r->galleryCount),
                     provenancetext::origin(r->provenance).toHtmlEscaped());
        return text;
    });
}

void QueryGalleryView::updateCount() {
    mTexts.setText(mCompareCount,
                   [total = mComparison->totalQueries(), shown = mComparison->rowCount()] {
                       return tr("%1 of %n queries", "", static_cast<int>(total)).arg(shown);
                   });
    mTexts.setText(mCount, [total = mModel->totalQueries(), shown = mModel->rowCount()] {
        return tr("%1 of %n queries", "", static_cast<int>(total)).arg(shown);
    });
}

bool QueryGalleryView::selectQuery(int64_t query) {
    if (mTables->currentIndex() == 1) {
        const int row = mComparison->rowOf(query);
        if (row < 0)
            return false;
        const QModelIndex index = mCompareSorted->mapFromSource(mComparison->index(row, 0));
        mCompareTable->selectRow(index.row());
        mCompareTable->scrollTo(index);
        return true;
    }
    const int row = mModel->rowOf(query);
    if (row < 0)
        return false;
    const QModelIndex index = mSorted->mapFromSource(mModel->index(row, 0));
    mTable->selectRow(index.row());
    mTable->scrollTo(index);
    return true;
}

void QueryGalleryView::onCurrentRowChanged() {
    const QModelIndex current = mTable->selectionModel()->currentIndex();
    if (!current.isValid() || mTables->currentIndex() != 0)
        return;
    inspect(mSorted->data(current, QueryGalleryTableModel::kQueryRole).toLongLong());
}

void QueryGalleryView::inspect(int64_t query) {
    const std::shared_ptr<const Loaded> loaded = mLoaded;
    if (!loaded)
        return;
    const std::shared_ptr<const metrics::QueryGalleryReport> b = mComparison->reportB();
    mInspection->request(
        [loaded, b, query] {
            Inspection r;
            r.query = query;
            const QueryGallery& truth = *loaded->truth;
            const metrics::QueryGalleryReport::Query& q =
                loaded->report->queries.at(static_cast<size_t>(query));
            try {
                r.panorama = matimage::read(truth.query(query).path);
            } catch (const std::exception& e) {
                r.error = QString::fromStdString(e.what());
            }
            auto tileOf = [&r](int64_t item) -> MapTile& {
                for (MapTile& t : r.tiles)
                    if (t.item == item)
                        return t;
                r.tiles.push_back({});
                r.tiles.back().item = item;
                return r.tiles.back();
            };
            tileOf(truth.positive(query)).role = TileRole::Positive;
            for (int semi : truth.semiPositives(query))
                tileOf(semi).role = TileRole::SemiPositive;
            const size_t shown = std::min<size_t>(kTilesShown, q.top.size());
            for (size_t k = 0; k < shown; ++k) {
                MapTile& tile = tileOf(q.top[k]);
                tile.rank = static_cast<int>(k);
                tile.score = k < q.scores.size() ? q.scores[k] : 0.f;
            }
            if (b && !b->queries.at(static_cast<size_t>(query)).top.empty())
                tileOf(b->queries[static_cast<size_t>(query)].top.front()).topOfB = true;
            std::optional<UtmConverter> utm;
            if (truth.positionKind() == QueryGallery::PositionKind::LatLon) {
                const LatLon at = truth.queryLatLon(query);
                r.zone = UtmConverter::zoneForLongitude(at.longitude);
                r.south = at.latitude < 0;
                utm.emplace(r.zone, r.south);
                const UtmPosition p = utm->toUtm(at);
                r.position = {p.easting, p.northing};
                r.hasPosition = true;
            }
            for (MapTile& tile : r.tiles) {
                const QueryGallery::Item& item = truth.galleryItem(tile.item);
                tile.name = QString::fromStdString(item.name);
                try {
                    tile.image = matimage::read(item.path);
                } catch (const std::exception& e) {
                    if (r.error.isEmpty())
                        r.error = QString::fromStdString(e.what());
                }
                if (!utm)
                    continue;
                const UtmPosition c = utm->toUtm(truth.galleryLatLon(tile.item));
                tile.centre = {c.easting, c.northing};
                tile.metres = truth.distanceMetres(query, tile.item);
                const std::optional<double> mpp = loaded->resolution.metresPerPixel(item.group);
                if (mpp && !tile.image.isNull()) {
                    tile.side = tile.image.width() * *mpp;
                    r.footprints = true;
                }
            }
            return r;
        },
        [this](Inspection result) { showInspection(std::move(result)); });
}

QString QueryGalleryView::tileCaption(const MapTile& tile) const {
    // Short enough for a small tile: the frame's colour already says positive or semi-positive.
    QString caption = QStringLiteral("#%1 · %2").arg(tile.rank + 1).arg(localNumber(tile.score, 3));
    if (tile.role == TileRole::Positive)
        caption += QStringLiteral(" · ") + tr("positive");
    else if (tile.role == TileRole::SemiPositive)
        caption += QStringLiteral(" · ") + tr("semi-positive");
    else if (tile.metres >= 0)
        caption += QStringLiteral(" · ") + distanceText(tile.metres);
    return caption;
}

QString QueryGalleryView::distanceText(double metres) {
    if (metres >= 1000)
        return tr("%1 km").arg(localNumber(metres / 1000, 1));
    return tr("%1 m").arg(localNumber(metres, metres >= 100 ? 0 : 1));
}

void QueryGalleryView::showInspection(Inspection inspection) {
    mShown = std::move(inspection);
    if (!mLoaded || mShown.query < 0)
        return;
    const metrics::QueryGalleryReport::Query& q =
        mLoaded->report->queries.at(static_cast<size_t>(mShown.query));
    mPanorama->setImage(mShown.panorama);
    mTexts.bind(mPanorama, "caption", [this, q] {
        const QString name = QueryGalleryTableModel::shortName(q.name);
        // Compared, both ranks come first: the caption is elided at the panorama's width.
        QString caption = mComparison->reportB()
                              ? tr("A: rank %1 · B: rank %2 · %3")
                                    .arg(q.rank + 1)
                                    .arg(mComparison->rankB(mShown.query))
                                    .arg(name)
                              : tr("%1 · positive at rank %2").arg(name).arg(q.rank + 1);
        if (q.top1Metres >= 0)
            caption += QStringLiteral(" · ") + tr("top-1 %1 away").arg(distanceText(q.top1Metres));
        if (!mShown.error.isEmpty())
            caption += QStringLiteral(" · ") + mShown.error;
        mPanorama->setCaption(caption);
    });
    for (size_t v = 0; v < mTileViews.size(); ++v) {
        ImageView* view = mTileViews[v];
        const auto tile =
            std::find_if(mShown.tiles.begin(), mShown.tiles.end(),
                         [v](const MapTile& t) { return t.rank == static_cast<int>(v); });
        if (tile == mShown.tiles.end()) {
            view->setImage({});
            view->setCaption({});
            view->setFrameColor({});
            continue;
        }
        view->setImage(tile->image);
        view->setFrameColor(tile->role == TileRole::Other ? QColor() : roleColour(tile->role));
        mTexts.bind(view, "caption", [this, view, t = *tile] { view->setCaption(tileCaption(t)); });
    }
    drawMap();
    emit queryShown(mShown.query);
}

void QueryGalleryView::drawMap() {
    if (!mShown.hasPosition) {
        mOutlines->clear();
        for (ImageLayer* layer : mTileLayers)
            layer->clearImage();
        return;
    }
    const Crs crs = Crs::utm(mShown.zone, mShown.south);
    if (!(mMap->crs().isValid() && mMap->crs().epsg() == crs.epsg()))
        mMap->setCrs(crs);
    // Drawn bottom to top: retrieved tiles from the last rank up, then the semi-positives, the
    // positive on top (tiles overlap by half; the outlines show every one whatever is on top).
    std::vector<const MapTile*> order;
    for (const MapTile& tile : mShown.tiles)
        order.push_back(&tile);
    auto depth = [](const MapTile* t) {
        if (t->role == TileRole::Positive)
            return 1000;
        if (t->role == TileRole::SemiPositive)
            return 500;
        return -t->rank;
    };
    std::stable_sort(order.begin(), order.end(),
                     [&](const MapTile* a, const MapTile* b) { return depth(a) < depth(b); });
    while (mTileLayers.size() < order.size()) {
        auto* layer = new ImageLayer(QStringLiteral("tile"));
        layer->setOpacity(1.0);
        mMap->addLayer(layer, static_cast<int>(mTileLayers.size()));
        mTileLayers.push_back(layer);
    }
    std::vector<AnnotationLayer::Line> lines;
    std::vector<AnnotationLayer::Symbol> symbols;
    QRectF extent(mShown.position, QSizeF(0, 0));
    for (size_t i = 0; i < mTileLayers.size(); ++i) {
        if (i >= order.size() || order[i]->side <= 0) {
            mTileLayers[i]->clearImage();
            continue;
        }
        const MapTile& t = *order[i];
        const QRectF square(t.centre.x() - t.side / 2, t.centre.y() - t.side / 2, t.side, t.side);
        mTileLayers[i]->setImage(t.image, square);
    }
    for (const MapTile* tile : order) {
        const MapTile& t = *tile;
        // The view frames the panorama's neighbourhood: a retrieved tile in another part of
        // the city (or another city) keeps its outline and the line to it, off the view.
        const double reach = std::max(4 * t.side, 300.0);
        const bool near = QLineF(t.centre, mShown.position).length() <= reach;
        if (t.side > 0) {
            const QRectF square(t.centre.x() - t.side / 2, t.centre.y() - t.side / 2, t.side,
                                t.side);
            if (near)
                extent = extent.united(square);
            AnnotationLayer::Line outline;
            outline.points = QPolygonF(square);
            outline.points << square.topLeft();
            outline.colour = roleColour(t.role);
            outline.width = t.role == TileRole::Positive ? 3 : 2;
            lines.push_back(outline);
        } else if (near) {
            extent = extent.united(QRectF(t.centre, QSizeF(0, 0)));
        }
        if (t.rank >= 0) {
            AnnotationLayer::Symbol number;
            number.position = t.centre;
            number.colour = roleColour(t.role);
            number.shape = AnnotationLayer::Shape::Square;
            number.radius = 9;
            number.label = QString::number(t.rank + 1);
            number.labelInside = true;
            number.id = t.rank;
            symbols.push_back(number);
        } else {
            AnnotationLayer::Symbol centre;
            centre.position = t.centre;
            centre.colour = roleColour(t.role);
            centre.shape = AnnotationLayer::Shape::Cross;
            centre.radius = 5;
            symbols.push_back(centre);
        }
    }
    // B's top-1 (when compared): outlined inside its square, a "B" in its corner and a line
    // to it, so that where A's and B's best tiles lie is seen at once.
    const auto topB = std::find_if(mShown.tiles.begin(), mShown.tiles.end(),
                                   [](const MapTile& t) { return t.topOfB; });
    if (topB != mShown.tiles.end()) {
        const MapTile& t = *topB;
        QPointF mark = t.centre;
        if (t.side > 0) {
            const double inset = t.side * 0.06;
            const QRectF square(t.centre.x() - t.side / 2 + inset,
                                t.centre.y() - t.side / 2 + inset, t.side - 2 * inset,
                                t.side - 2 * inset);
            AnnotationLayer::Line outline;
            outline.points = QPolygonF(square);
            outline.points << square.topLeft();
            outline.colour = topOfBColour();
            outline.width = 2;
            lines.push_back(outline);
            mark += QPointF(t.side * 0.25, t.side * 0.25);
        }
        AnnotationLayer::Line toTopB;
        toTopB.points << mShown.position << t.centre;
        toTopB.colour = topOfBColour();
        toTopB.width = 2;
        toTopB.arrow = true;
        lines.push_back(toTopB);
        AnnotationLayer::Symbol label;
        label.position = mark;
        label.colour = topOfBColour();
        label.shape = AnnotationLayer::Shape::Square;
        label.radius = 9;
        label.label = QStringLiteral("B");
        label.labelInside = true;
        symbols.push_back(label);
    }
    const auto top1 = std::find_if(mShown.tiles.begin(), mShown.tiles.end(),
                                   [](const MapTile& t) { return t.rank == 0; });
    if (top1 != mShown.tiles.end()) {
        AnnotationLayer::Line toTop1;
        toTop1.points << mShown.position << top1->centre;
        toTop1.colour = Qt::white;
        toTop1.width = 2;
        toTop1.arrow = true;
        lines.push_back(toTop1);
    }
    AnnotationLayer::Symbol panorama;
    panorama.position = mShown.position;
    panorama.colour = QColor(255, 235, 60);
    panorama.shape = AnnotationLayer::Shape::Star;
    panorama.radius = 9;
    symbols.push_back(panorama);
    mOutlines->setLines(std::move(lines));
    mOutlines->setSymbols(std::move(symbols));
    mMap->zoomTo(extent, 0.08, 60);
}

void QueryGalleryView::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) {
        mTexts.retranslate();
        emit mModel->headerDataChanged(Qt::Horizontal, 0, QueryGalleryTableModel::ColumnCount - 1);
        emit mComparison->headerDataChanged(Qt::Horizontal, 0,
                                            QueryGalleryComparison::ColumnCount - 1);
        if (mComparison->rowCount() > 0)
            emit mComparison->dataChanged(
                mComparison->index(0, 0),
                mComparison->index(mComparison->rowCount() - 1,
                                   QueryGalleryComparison::ColumnCount - 1));
        if (mModel->rowCount() > 0)
            emit mModel->dataChanged(
                mModel->index(0, 0),
                mModel->index(mModel->rowCount() - 1, QueryGalleryTableModel::ColumnCount - 1));
    }
    QWidget::changeEvent(event);
}

} // namespace orinet
