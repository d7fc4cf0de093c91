#include "gui/evaluation/evaluationworkspace.h"

#include "dataset/dataset.h"
#include "enumitems.h"
#include "evaluation/runevaluation.h"
#include "gui/common/provenancetext.h"
#include "gui/evaluation/comparisonview.h"
#include "gui/evaluation/evaluationdocument.h"
#include "gui/evaluation/failureinspector.h"
#include "gui/evaluation/importdescriptorsdialog.h"
#include "gui/evaluation/importmodeldialog.h"
#include "gui/evaluation/inspectedevaluation.h"
#include "gui/evaluation/querygalleryview.h"
#include "gui/evaluation/querytablemodel.h"
#include "gui/evaluation/runsview.h"
#include "gui/jobs/backgroundjob.h"
#include "metrics/evaluationreport.h"
#include "retrieval/descriptorset.h"
#include "run/runfolder.h"

#include <QComboBox>
#include <QDir>
#include <QEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QSplitter>
#include <QTabWidget>
#include <QVBoxLayout>

#include <cmath>

namespace orinet {

namespace {

QString percent(double fraction) {
    // The interface language's decimal sign (LanguageManager sets the default locale).
    return std::isnan(fraction) ? QStringLiteral("–")
                                : QLocale().toString(100.0 * fraction, 'f', 2);
}

} // namespace

EvaluationWorkspace::EvaluationWorkspace(QWidget* parent)
    : QWidget(parent)
    , mDocument(new EvaluationDocument(this))
    , mRun(new QLineEdit)
    , mSplit(new QComboBox)
    , mDirection(new QComboBox)
    , mCheckpoint(new QComboBox)
    , mNormalization(new QComboBox)
    , mEvaluate(new QPushButton)
    , mSummary(new QLabel)
    , mStale(new QLabel)
    , mRuns(new RunsView(mDocument))
    , mInspector(new FailureInspector(mDocument))
    , mComparison(new ComparisonView(mDocument))
    , mQueryGallery(new QueryGalleryView) {
    mTexts.setText(mEvaluate, [] { return tr("Evaluate"); });
    mTexts.setText(mSummary, [] {
        return tr("Train a run (or pick a run folder), then evaluate it on a split "
                  "of the open dataset.");
    });
    auto* browse = new QPushButton;
    mTexts.setText(browse, [] { return tr("Browse…"); });
    auto* import = new QPushButton;
    import->setObjectName("importDescriptors");
    mTexts.setText(import, [] { return tr("Import…"); });
    mTexts.setToolTip(import, [] {
        return tr("Descriptors of another method (.npy, .mat or .pt files its code wrote) as a "
                  "run of their own, evaluated and inspected like a trained one");
    });
    auto* importModelButton = new QPushButton;
    importModelButton->setObjectName("importModel");
    mTexts.setText(importModelButton, [] { return tr("Import Model…"); });
    mTexts.setToolTip(importModelButton, [] {
        return tr("Another method's TorchScript model with its model card as a run of its own: "
                  "its descriptors are extracted from the open dataset like a trained run's");
    });
    addEnumItems<metrics::Direction>(*mDirection);
    mTexts.bind(mDirection, "items", [this] {
        relabelEnumItems<metrics::Direction>(*mDirection, &EvaluationWorkspace::directionLabel);
    });
    // The paper's protocol reports the last epoch; the best one is chosen on validation.
    addEnumItems<CheckpointChoice>(*mCheckpoint);
    mTexts.bind(mCheckpoint, "items", [this] {
        relabelEnumItems<CheckpointChoice>(*mCheckpoint, [](CheckpointChoice c) {
            return c == CheckpointChoice::Best ? tr("best checkpoint") : tr("last checkpoint");
        });
    });
    mTexts.setToolTip(mCheckpoint, [] {
        return tr("Last: the end of training (the paper's protocol). Best: the epoch with the "
                  "highest validation recall@1%.");
    });
    addEnumItems<Normalization>(*mNormalization);
    mTexts.bind(mNormalization, "items", [this] {
        relabelEnumItems<Normalization>(*mNormalization, [](Normalization mode) {
            return provenancetext::normalization(toString(mode));
        });
    });
    setCurrentEnum(*mNormalization, kDefaultSplitNormalization);
    mTexts.setToolTip(mNormalization, [] {
        return tr("BatchNorm statistics of the descriptors. Original (the default) is the "
                  "paper's protocol: each batch of the training batch size, in split order, is "
                  "normalised with its own statistics. Recalibrated and running describe each "
                  "image alone with statistics of training images; adapted describes each "
                  "image alone with statistics of the evaluated split's images "
                  "(docs/evaluation.md).");
    });
    mCheckpoint->setObjectName("checkpoint");
    mNormalization->setObjectName("normalization");
    mRun->setObjectName("run");
    mEvaluate->setObjectName("evaluate");
    mSummary->setObjectName("summary");
    mSplit->setObjectName("split");
    mDirection->setObjectName("direction");
    // Sized to their texts again whenever these change: after a switch to German ("letzter
    // Checkpoint", "BN neu kalibriert") the English widths cut them.
    for (QComboBox* box : {mSplit, mDirection, mCheckpoint, mNormalization})
        box->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    auto* form = new QHBoxLayout;
    form->addWidget(mTexts.label([] { return tr("Run"); }));
    form->addWidget(mRun, 1);
    form->addWidget(browse);
    form->addWidget(import);
    form->addWidget(importModelButton);
    form->addWidget(mTexts.label([] { return tr("Split"); }));
    form->addWidget(mSplit);
    form->addWidget(mDirection);
    form->addWidget(mCheckpoint);
    form->addWidget(mNormalization);
    form->addWidget(mEvaluate);

    mSummary->setWordWrap(true);
    mSummary->setTextFormat(Qt::RichText);
    mStale->setObjectName("stale");
    mStale->setWordWrap(true);
    mStale->setStyleSheet(QStringLiteral("color: #a05000"));
    mTexts.setText(mStale, [] {
        return tr("The figures below are for the settings they name; press Evaluate for the "
                  "ones chosen above.");
    });
    mStale->hide();

    auto* vertical = new QSplitter(Qt::Vertical);
    vertical->addWidget(mRuns);
    auto* lower = new QTabWidget;
    mViews = lower;
    lower->setObjectName("evaluationViews"); // MainWindow::showView() finds it
    lower->setDocumentMode(true);
    lower->addTab(mInspector, QString());
    lower->addTab(mComparison, QString());
    lower->addTab(mQueryGallery, QString());
    mTexts.bind(lower, "tabs", [lower] {
        lower->setTabText(0, tr("Failures"));
        lower->setTabText(1, tr("Compare Runs"));
        lower->setTabText(2, tr("VIGOR"));
    });
    vertical->addWidget(lower);
    vertical->setStretchFactor(0, 1);
    vertical->setStretchFactor(1, 3);
    vertical->setSizes({220, 560});

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(mSummary);
    layout->addWidget(mStale);
    layout->addWidget(vertical, 1);

    connect(browse, &QPushButton::clicked, this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("Run folder"), mRun->text());
        if (!dir.isEmpty())
            mRun->setText(dir);
    });
    connect(import, &QPushButton::clicked, this, &EvaluationWorkspace::importDescriptors);
    connect(importModelButton, &QPushButton::clicked, this, &EvaluationWorkspace::importModel);
    connect(mEvaluate, &QPushButton::clicked, this, &EvaluationWorkspace::evaluate);
    for (QComboBox* box : {mSplit, mDirection, mCheckpoint, mNormalization})
        connect(box, &QComboBox::currentIndexChanged, this, &EvaluationWorkspace::markStale);
    connect(mRun, &QLineEdit::textChanged, this, &EvaluationWorkspace::markStale);
    // One map for two views: it shows what the view on screen selected.
    connect(mInspector, &FailureInspector::querySelected, this,
            [this](size_t pair, const std::vector<size_t>& retrieved) {
                mInspected = {pair, retrieved, {}};
                if (mViews->currentWidget() == mInspector)
                    emit querySelected(pair, retrieved);
            });
    connect(mComparison, &ComparisonView::topsSelected, this,
            [this](size_t pair, const std::vector<size_t>& tops, const QStringList& names) {
                mCompared = {pair, tops, names};
                if (mViews->currentWidget() == mComparison)
                    emit comparedQuerySelected(pair, tops, names);
            });
    connect(lower, &QTabWidget::currentChanged, this, &EvaluationWorkspace::emitShownSelection);
    // The runs above are one-to-one evaluations: the VIGOR view takes their room while shown.
    connect(lower, &QTabWidget::currentChanged, this, [this, vertical, lower] {
        const bool vigor = lower->currentWidget() == mQueryGallery;
        if (vigor && mRunsSizes.isEmpty()) {
            mRunsSizes = vertical->sizes();
            vertical->setSizes({0, mRunsSizes.value(0) + mRunsSizes.value(1)});
        } else if (!vigor && !mRunsSizes.isEmpty()) {
            vertical->setSizes(mRunsSizes);
            mRunsSizes.clear();
        }
    });
    connect(mInspector, &FailureInspector::jobStarted, this, &EvaluationWorkspace::jobStarted);
    connect(mComparison, &ComparisonView::jobStarted, this, &EvaluationWorkspace::jobStarted);
    connect(mQueryGallery, &QueryGalleryView::jobStarted, this, &EvaluationWorkspace::jobStarted);
    // The VIGOR view evaluates the run of the form above, with its checkpoint and BatchNorm mode.
    connect(mQueryGallery, &QueryGalleryView::evaluateRequested, this, [this] {
        mQueryGallery->evaluate(mRun->text(), currentEnum<CheckpointChoice>(*mCheckpoint),
                                currentEnum<Normalization>(*mNormalization));
    });
    connect(mDocument, &EvaluationDocument::currentChanged, this, &EvaluationWorkspace::showReport);
}

EvaluationWorkspace::~EvaluationWorkspace() = default;

void EvaluationWorkspace::emitShownSelection() {
    if (mViews->currentWidget() == mInspector && mInspected.pair != SIZE_MAX)
        emit querySelected(mInspected.pair, mInspected.pairs);
    else if (mViews->currentWidget() == mComparison && mCompared.pair != SIZE_MAX)
        emit comparedQuerySelected(mCompared.pair, mCompared.pairs, mCompared.names);
}

const metrics::EvaluationReport* EvaluationWorkspace::report() const {
    const std::shared_ptr<const InspectedEvaluation>& current = mDocument->current();
    return current ? current->report.get() : nullptr;
}

void EvaluationWorkspace::setDataset(std::shared_ptr<const Dataset> dataset) {
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

void EvaluationWorkspace::setRunDirectory(const QString& run) {
    mRun->setText(run);
    mQueryGallery->setRunDirectory(run);
}

void EvaluationWorkspace::evaluate() {
    if (mJob && mJob->isRunning())
        return;
    if (!mDataset) {
        mTexts.setText(mSummary, [] {
            return tr("Open a dataset first: evaluation extracts descriptors from its images.");
        });
        emit evaluationFailed(mSummary->text());
        return;
    }
    const QString run = mRun->text();
    if (!QFileInfo(run).isDir()) {
        mTexts.setText(mSummary,
                       [run] { return tr("No run folder at '%1'.").arg(run.toHtmlEscaped()); });
        emit evaluationFailed(mSummary->text());
        return;
    }
    const RunFolder runFolder(run.toStdString());
    const std::string split = mSplit->currentText().toStdString();
    const std::shared_ptr<const Dataset> dataset = mDataset;
    const QString notesPath = QString::fromStdString(runFolder.annotationsFile());
    RunEvaluation::Options options;
    options.checkpoint = currentEnum<CheckpointChoice>(*mCheckpoint);
    options.normalization = currentEnum<Normalization>(*mNormalization);
    options.directions = {currentEnum<metrics::Direction>(*mDirection)};
    auto result = std::make_shared<std::shared_ptr<const InspectedEvaluation>>();

    mJob = std::make_unique<BackgroundJob>(tr("Evaluating"), [=](Feedback& feedback) {
        auto e = std::make_shared<InspectedEvaluation>();
        e->dataset = dataset;
        e->splitRows = dataset->split(split);
        RunEvaluation evaluation(runFolder, options);
        {
            Feedback part(feedback, 0.0, 0.98);
            evaluation.run(dataset.get(), split, part);
        }
        const RunEvaluation::Result& r = evaluation.result();
        // The window says how the descriptors came about from the facts, in its language.
        e->extracted = r.origin == DescriptorOrigin::Extracted;
        e->fellBack = r.fellBack;
        e->recalibrated = r.recalibration.computed;
        e->runFolder = run;
        e->request = InspectedEvaluation::Request{split, options.directions.front(),
                                                  *options.checkpoint, *options.normalization};
        e->resultsFile =
            QDir(QString::fromStdString(r.resultsDirectory))
                .filePath(QString::fromStdString(
                    metrics::EvaluationReport::jsonFileName(r.reports.front().direction)));
        e->positions = r.positions;
        auto report = std::make_shared<metrics::EvaluationReport>(r.reports.front());
        feedback.report(0.98, "query table");
        e->records = QueryTableModel::records(*report, r.descriptors.get(), e->positions);
        e->descriptors = r.descriptors;
        e->report = std::move(report);
        e->notesPath = notesPath;
        *result = std::move(e);
    });
    connect(mJob.get(), &BackgroundJob::succeeded, this, [this, result] {
        mDocument->setCurrent(*result); // the views and the summary follow it
        emit evaluated();
    });
    connect(mJob.get(), &BackgroundJob::failed, this, [this](const QString& message) {
        mTexts.setText(mSummary, [message] {
            return tr("Evaluation failed: %1").arg(message.toHtmlEscaped());
        });
        emit evaluationFailed(mSummary->text());
    });
    connect(mJob.get(), &BackgroundJob::canceled, this, [this] {
        mTexts.setText(mSummary, [] {
            return tr("Evaluation cancelled; the results shown before are unchanged.");
        });
        emit evaluationFailed(mSummary->text());
    });
    emit jobStarted(mJob.get());
    mJob->start();
}

void EvaluationWorkspace::importDescriptors() {
    auto* dialog = new ImportDescriptorsDialog(mDataset, mSplit->currentText(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        // The imported run is evaluated at once, in the direction asked (the first of both).
        mRun->setText(dialog->importedRun());
        mSplit->setCurrentText(dialog->split());
        setCurrentEnum(*mDirection, dialog->direction() == QStringLiteral("s2g")
                                        ? metrics::Direction::SatelliteToGround
                                        : metrics::Direction::GroundToSatellite);
        evaluate();
    });
    emit importDialogOpened(dialog);
    dialog->open();
}

void EvaluationWorkspace::importModel() {
    auto* dialog = new ImportModelDialog(mDataset != nullptr, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        mRun->setText(dialog->importedRun());
        if (dialog->evaluateAfterImport())
            evaluate();
    });
    emit importModelDialogOpened(dialog);
    dialog->open();
}

QString EvaluationWorkspace::summary(const metrics::EvaluationReport& r) {
    QString text = tr("<b>%1 queries, %2 gallery</b> · r@1 %3 · r@5 %4 · r@10 %5 · r@1% %6 "
                      "(strict %7) · median rank %8")
                       .arg(QLocale().toString(qlonglong(r.queryCount)))
                       .arg(QLocale().toString(qlonglong(r.galleryCount)))
                       .arg(percent(r.recallAt(1)), percent(r.recallAt(5)), percent(r.recallAt(10)),
                            percent(r.recallOnePercent), percent(r.recallOnePercentStrict))
                       .arg(QLocale().toString(r.medianRank));
    for (const metrics::GeoRecall& g : r.geo)
        if (!g.curve.empty())
            text += tr(" · geo-r@1 within %1 m: %2").arg(g.metres).arg(percent(g.curve.front()));
    return text;
}

void EvaluationWorkspace::showReport() {
    const std::shared_ptr<const InspectedEvaluation> current = mDocument->current();
    if (!current)
        return;
    // Which checkpoint, epoch and BatchNorm mode these figures belong to, and how the
    // descriptors came about.
    mTexts.setText(mSummary, [current] {
        QString how =
            current->extracted ? tr("descriptors extracted now") : tr("saved descriptors reused");
        if (current->fellBack)
            how += QStringLiteral("; ") + tr("the run has no best checkpoint yet (no validated "
                                             "epoch), so its last one was evaluated");
        if (current->recalibrated)
            how += QStringLiteral("; ") +
                   tr("BatchNorm statistics recalibrated on the train split for it");
        const metrics::EvaluationReport& report = *current->report;
        return summary(report) + QStringLiteral("<br>") +
               tr("Evaluated: %1 · %2 · %3 (%4)")
                   .arg(QFileInfo(current->runFolder).fileName().toHtmlEscaped(),
                        directionLabel(report.direction),
                        provenancetext::label(report.provenance).toHtmlEscaped(),
                        how.toHtmlEscaped());
    });
    markStale(); // the form may have changed while the evaluation ran
}

QString EvaluationWorkspace::directionLabel(metrics::Direction direction) {
    return metrics::queriesAreGround(direction) ? tr("ground → satellite")
                                                : tr("satellite → ground");
}

void EvaluationWorkspace::markStale() {
    const std::shared_ptr<const InspectedEvaluation>& current = mDocument->current();
    if (!current || !current->request) {
        mStale->hide();
        return;
    }
    // What the form asks for now against what it asked for then: say so until Evaluate.
    const InspectedEvaluation::Request& asked = *current->request;
    const bool same = QFileInfo(mRun->text()) == QFileInfo(current->runFolder) &&
                      mSplit->currentText().toStdString() == asked.split &&
                      currentEnum<metrics::Direction>(*mDirection) == asked.direction &&
                      currentEnum<CheckpointChoice>(*mCheckpoint) == asked.checkpoint &&
                      currentEnum<Normalization>(*mNormalization) == asked.normalization;
    mStale->setVisible(!same);
}

void EvaluationWorkspace::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange)
        mTexts.retranslate();
    QWidget::changeEvent(event);
}

} // namespace orinet
