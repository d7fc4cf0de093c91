#include "evaluationpanel.h"

#include "backgroundjob.h"
#include "dataset/dataset.h"
#include "imageview.h"
#include "metrics/evaluationreport.h"
#include "orientationimage.h"
#include "recallplot.h"
#include "retrieval/descriptorset.h"
#include "retrieval/evaluation.h"
#include "retrieval/retrieval.h"
#include "training/descriptorextractor.h"

#include <QComboBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>
#include <QtConcurrent>

#include <opencv2/imgcodecs.hpp>

#include <cmath>
#include <numeric>

namespace orinet {

namespace {

constexpr int kRetrievedShown = 5;

QImage readImage(const std::string& path) {
    const cv::Mat image = cv::imread(path, cv::IMREAD_COLOR);
    return image.empty() ? QImage() : orientationimage::fromBgr(image);
}

QString percent(double fraction) {
    return std::isnan(fraction) ? QStringLiteral("–") : QString::number(100.0 * fraction, 'f', 2);
}

} // namespace

EvaluationPanel::EvaluationPanel(QWidget* parent)
    : QWidget(parent)
    , mRun(new QLineEdit)
    , mSplit(new QComboBox)
    , mDirection(new QComboBox)
    , mEvaluate(new QPushButton(tr("Evaluate")))
    , mSummary(new QLabel(tr("Train a run (or pick a run folder), then evaluate it on a split "
                             "of the open dataset.")))
    , mPlot(new RecallPlot)
    , mQueries(new QTableWidget(0, 4))
    , mQueryView(new ImageView)
    , mTrueTile(new ImageView) {
    auto* browse = new QPushButton(tr("Browse…"));
    mDirection->addItem(tr("ground → satellite"), "g2s");
    mDirection->addItem(tr("satellite → ground"), "s2g");
    auto* form = new QHBoxLayout;
    form->addWidget(new QLabel(tr("Run")));
    form->addWidget(mRun, 1);
    form->addWidget(browse);
    form->addWidget(new QLabel(tr("Split")));
    form->addWidget(mSplit);
    form->addWidget(mDirection);
    form->addWidget(mEvaluate);

    mSummary->setWordWrap(true);
    mSummary->setTextFormat(Qt::RichText);
    mPlot->setMinimumHeight(220);
    mPlot->setFontSize(9);
    mQueries->setHorizontalHeaderLabels({tr("Query"), tr("Rank"), tr("Nearest"), tr("Score")});
    mQueries->setEditTriggers(QAbstractItemView::NoEditTriggers);
    mQueries->setSelectionBehavior(QAbstractItemView::SelectRows);
    mQueries->setSelectionMode(QAbstractItemView::SingleSelection);
    mQueries->verticalHeader()->hide();
    mQueries->horizontalHeader()->setStretchLastSection(true);

    mQueryView->setAnnotation(ImageView::Annotation::PanoramaYaw);
    mQueryView->setCaption(tr("query"));
    mTrueTile->setAnnotation(ImageView::Annotation::Compass);
    mTrueTile->setCaption(tr("true tile"));
    auto* tiles = new QGridLayout;
    tiles->addWidget(mTrueTile, 0, 0);
    for (int i = 0; i < kRetrievedShown; ++i) {
        auto* view = new ImageView;
        view->setCaption(tr("#%1").arg(i + 1));
        mRetrieved.push_back(view);
        tiles->addWidget(view, 0, i + 1);
    }
    auto* inspector = new QWidget;
    auto* inspectorLayout = new QVBoxLayout(inspector);
    inspectorLayout->setContentsMargins(0, 0, 0, 0);
    inspectorLayout->addWidget(mQueryView, 1);
    inspectorLayout->addLayout(tiles, 1);

    auto* top = new QSplitter(Qt::Horizontal);
    top->addWidget(mPlot);
    top->addWidget(mQueries);
    top->setStretchFactor(0, 3);
    top->setStretchFactor(1, 2);
    auto* vertical = new QSplitter(Qt::Vertical);
    vertical->addWidget(top);
    vertical->addWidget(inspector);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(mSummary);
    layout->addWidget(vertical, 1);

    connect(browse, &QPushButton::clicked, this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("Run folder"), mRun->text());
        if (!dir.isEmpty())
            mRun->setText(dir);
    });
    connect(mEvaluate, &QPushButton::clicked, this, &EvaluationPanel::evaluate);
    connect(mQueries, &QTableWidget::currentCellChanged, this,
            [this](int row) { inspectQuery(row); });
    connect(&mInspection, &QFutureWatcher<Inspection>::finished, this,
            &EvaluationPanel::onInspected);
}

EvaluationPanel::~EvaluationPanel() {
    mInspection.waitForFinished();
}

void EvaluationPanel::setDataset(std::shared_ptr<const Dataset> dataset) {
    mDataset = std::move(dataset);
    mSplit->clear();
    if (!mDataset)
        return;
    for (const std::string& name : mDataset->splitNames())
        mSplit->addItem(QString::fromStdString(name));
    // Evaluate on held-out data by default.
    for (const char* preferred : {"test", "val"})
        if (mDataset->hasSplit(preferred)) {
            mSplit->setCurrentText(preferred);
            break;
        }
}

void EvaluationPanel::setRunDirectory(const QString& run) {
    mRun->setText(run);
}

void EvaluationPanel::evaluate() {
    if (mJob && mJob->isRunning())
        return;
    if (!mDataset) {
        mSummary->setText(tr("Open a dataset first: evaluation extracts descriptors from its "
                             "images."));
        return;
    }
    const QString run = mRun->text();
    if (!QFileInfo(run).isDir()) {
        mSummary->setText(tr("No run folder at '%1'.").arg(run.toHtmlEscaped()));
        return;
    }
    const std::string runDir = run.toStdString();
    const std::string split = mSplit->currentText().toStdString();
    const std::string direction = mDirection->currentData().toString().toStdString();
    const std::shared_ptr<const Dataset> dataset = mDataset;
    auto descriptors = std::make_shared<std::shared_ptr<const DescriptorSet>>();
    auto report = std::make_shared<std::shared_ptr<const metrics::EvaluationReport>>();

    mJob = std::make_unique<BackgroundJob>(tr("Evaluating"), [=](Feedback& feedback) {
        DescriptorSet set = DescriptorExtractor::forRun(runDir, *dataset, split, feedback);
        const std::vector<UtmPosition> positions = Evaluation::positions(*dataset, split);
        feedback.report(0.9, "retrieval");
        EvaluationOptions options;
        options.direction = direction;
        metrics::EvaluationReport result = Evaluation::run(set, options, positions, feedback);
        result.save(runDir + "/results");
        *descriptors = std::make_shared<const DescriptorSet>(std::move(set));
        *report = std::make_shared<const metrics::EvaluationReport>(std::move(result));
    });
    connect(mJob.get(), &BackgroundJob::succeeded, this, [this, descriptors, report] {
        mDescriptors = *descriptors;
        mReport = *report;
        showReport();
        emit evaluated();
    });
    connect(mJob.get(), &BackgroundJob::failed, this, [this](const QString& message) {
        mSummary->setText(tr("Evaluation failed: %1").arg(message.toHtmlEscaped()));
    });
    emit jobStarted(mJob.get());
    mJob->start();
}

void EvaluationPanel::showReport() {
    const metrics::EvaluationReport& r = *mReport;
    QString text = tr("<b>%1 queries, %2 gallery</b> · r@1 %3 · r@5 %4 · r@10 %5 · r@1% %6 "
                      "(strict %7) · median rank %8")
                       .arg(r.queryCount)
                       .arg(r.galleryCount)
                       .arg(percent(r.recallAt(1)), percent(r.recallAt(5)), percent(r.recallAt(10)),
                            percent(r.recallOnePercent), percent(r.recallOnePercentStrict))
                       .arg(r.medianRank);
    for (const metrics::GeoRecall& g : r.geo)
        if (!g.curve.empty())
            text += tr(" · geo-r@1 within %1 m: %2").arg(g.metres).arg(percent(g.curve.front()));
    mSummary->setText(text);
    mPlot->setCurves({RecallPlot::curveFromReport(r, QFileInfo(mRun->text()).fileName())});
    mPlot->setGeoPanel(!r.geo.empty());
    mPlot->replot();

    // Worst queries first: that is where a researcher looks.
    std::vector<int64_t> order(static_cast<size_t>(r.queryCount));
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(),
                     [&r](int64_t a, int64_t b) { return r.ranks[a] > r.ranks[b]; });
    mQueries->setRowCount(static_cast<int>(order.size()));
    for (int row = 0; row < static_cast<int>(order.size()); ++row) {
        const int64_t q = order[static_cast<size_t>(row)];
        auto* id = new QTableWidgetItem(r.ids.empty() ? QString::number(q)
                                                      : QString::fromStdString(r.ids[q]));
        id->setData(Qt::UserRole, static_cast<qlonglong>(q));
        mQueries->setItem(row, 0, id);
        auto* rank = new QTableWidgetItem;
        rank->setData(Qt::DisplayRole, static_cast<qlonglong>(r.ranks[q] + 1));
        mQueries->setItem(row, 1, rank);
        const int64_t nearest = r.nearest.empty() ? -1 : r.nearest[q];
        mQueries->setItem(row, 2,
                          new QTableWidgetItem(nearest < 0 || r.ids.empty()
                                                   ? QString::number(nearest)
                                                   : QString::fromStdString(r.ids[nearest])));
        mQueries->setItem(row, 3,
                          new QTableWidgetItem(r.nearestScore.empty()
                                                   ? QString()
                                                   : QString::number(r.nearestScore[q], 'f', 4)));
    }
    if (!order.empty())
        mQueries->selectRow(0);
}

void EvaluationPanel::inspectQuery(int row) {
    if (row < 0 || !mReport || !mDescriptors || !mDataset || !mQueries->item(row, 0))
        return;
    mInspectedRow = row;
    if (mInspection.isRunning())
        return; // onInspected() starts the newest request when this one ends
    const int64_t q = mQueries->item(row, 0)->data(Qt::UserRole).toLongLong();
    const bool groundQueries = mReport->direction == "g2s";
    const std::shared_ptr<const DescriptorSet> descriptors = mDescriptors;
    const std::shared_ptr<const Dataset> dataset = mDataset;
    const std::vector<size_t> rows = mDataset->split(mSplit->currentText().toStdString());
    // Retrieval for one query and seven image decodes: off the GUI thread.
    mInspection.setFuture(QtConcurrent::run([=] {
        Inspection result;
        result.row = row;
        const cv::Mat& queries = groundQueries ? descriptors->ground : descriptors->satellite;
        const cv::Mat& gallery = groundQueries ? descriptors->satellite : descriptors->ground;
        RetrievalOptions options;
        options.k = kRetrievedShown;
        options.trueMatchRanks = false;
        Feedback feedback;
        const RetrievalResult top =
            Retrieval::search(queries.row(static_cast<int>(q)).clone(), gallery,
                              RetrievalBackend::Blocked, options, feedback);
        const PairRecord& query = dataset->pairs()[rows.at(static_cast<size_t>(q))];
        result.queryPair = rows.at(static_cast<size_t>(q));
        result.query = readImage(groundQueries ? query.panoramaPath : query.satellitePath);
        result.trueMatch = readImage(groundQueries ? query.satellitePath : query.panoramaPath);
        for (int64_t i = 0; i < top.k; ++i) {
            const int64_t item = top.idsOf(0)[i];
            const PairRecord& record = dataset->pairs()[rows.at(static_cast<size_t>(item))];
            result.retrievedPairs.push_back(rows.at(static_cast<size_t>(item)));
            result.retrievedIsTrue.push_back(item == q);
            result.retrieved.push_back(
                readImage(groundQueries ? record.satellitePath : record.panoramaPath));
        }
        return result;
    }));
}

void EvaluationPanel::onInspected() {
    const Inspection result = mInspection.result();
    if (result.row != mInspectedRow) {
        inspectQuery(mInspectedRow); // the selection moved on meanwhile
        return;
    }
    mQueryView->setImage(result.query);
    mTrueTile->setImage(result.trueMatch);
    for (size_t i = 0; i < mRetrieved.size(); ++i) {
        const bool shown = i < result.retrieved.size();
        mRetrieved[i]->setImage(shown ? result.retrieved[i] : QImage());
        mRetrieved[i]->setCaption(shown && result.retrievedIsTrue[i] ? tr("#%1 ✓").arg(i + 1)
                                                                     : tr("#%1").arg(i + 1));
    }
    emit querySelected(result.queryPair, result.retrievedPairs);
}

} // namespace orinet
