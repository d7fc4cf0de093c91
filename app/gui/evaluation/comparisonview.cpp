#include "gui/evaluation/comparisonview.h"

#include "common/atomicfile.h"
#include "dataset/dataset.h"
#include "gui/evaluation/comparisonfiltermodel.h"
#include "gui/evaluation/evaluationdocument.h"
#include "gui/evaluation/explanationpanel.h"
#include "gui/evaluation/inspectedevaluation.h"
#include "gui/evaluation/topretrieved.h"
#include "gui/jobs/backgroundjob.h"
#include "gui/jobs/newestrequest.h"
#include "imageview.h"
#include "matimage.h"
#include "metrics/evaluationreport.h"
#include "palette.h"
#include "retrieval/descriptorset.h"
#include "run/runfolder.h"

#include <QComboBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QStackedWidget>
#include <QTableView>
#include <QVBoxLayout>

#include <array>
#include <filesystem>

namespace orinet {

ComparisonView::ComparisonView(EvaluationDocument* document, QWidget* parent)
    : QWidget(parent)
    , mDocument(document)
    , mModel(new RunComparison(this))
    , mFiltered(new ComparisonFilterModel(this))
    , mRunA(new QComboBox)
    , mRunB(new QComboBox)
    , mK(new QSpinBox)
    , mSet(new QComboBox)
    , mGeoA(new QComboBox)
    , mGeoB(new QComboBox)
    , mGeoMetres(new QDoubleSpinBox)
    , mCount(new QLabel)
    , mExport(new QPushButton)
    , mStatus(new QLabel)
    , mTable(new QTableView)
    , mQueryView(new ImageView)
    , mExplain(new QPushButton)
    , mExplainSide(new QComboBox)
    , mExplanation(new ExplanationPanel)
    , mImagePages(new QStackedWidget)
    , mInspections(new NewestRequest(this)) {
    mFiltered->setComparison(mModel);
    mRunA->setObjectName("runA");
    mRunB->setObjectName("runB");
    mK->setObjectName("k");
    mSet->setObjectName("set");
    mSet->setSizeAdjustPolicy(QComboBox::AdjustToContents); // translated texts differ in length
    mK->setRange(1, 1000000);
    mK->setValue(1);
    mTexts.set(mK, "prefix", [] { return tr("right at K = "); });
    for (const auto set :
         {RunComparison::Set::OnlyA, RunComparison::Set::OnlyB, RunComparison::Set::Neither,
          RunComparison::Set::Both, RunComparison::Set::All})
        mSet->addItem(QString(), int(set));
    mTexts.bind(mSet, "items", [this] {
        mSet->setItemText(0, tr("only A right"));
        mSet->setItemText(1, tr("only B right"));
        mSet->setItemText(2, tr("both wrong"));
        mSet->setItemText(3, tr("both right"));
        mSet->setItemText(4, tr("all queries"));
    });
    // The model's column titles are tr() texts too: ask the table to fetch them again.
    mTexts.bind(mModel, "header", [this] {
        emit mModel->headerDataChanged(Qt::Horizontal, 0, mModel->columnCount() - 1);
    });
    mStatus->setWordWrap(true);

    auto* controls = new QHBoxLayout;
    controls->addWidget(mTexts.label([] { return tr("A"); }));
    controls->addWidget(mRunA, 1);
    controls->addWidget(mTexts.label([] { return tr("B"); }));
    controls->addWidget(mRunB, 1);
    controls->addWidget(mK);
    controls->addWidget(mSet);
    controls->addWidget(mExplain);
    controls->addWidget(mExplainSide);
    mExplain->setObjectName("explain");
    mExplain->setCheckable(true);
    mTexts.setText(mExplain, [] { return tr("Why this match?"); });
    mExplainSide->setObjectName("explainSide");
    mExplainSide->addItem(QString(), 0);
    mExplainSide->addItem(QString(), 1);
    mTexts.bind(mExplainSide, "items", [this] {
        mExplainSide->setItemText(0, tr("in A"));
        mExplainSide->setItemText(1, tr("in B"));
    });
    mTexts.setToolTip(mExplainSide, [] { return tr("Which run's match is explained"); });

    // Geo error: where each run's top-1 lies from the query's true position.
    auto* filters = new QHBoxLayout;
    filters->addWidget(mTexts.label([] { return tr("Geo error of the top-1:"); }));
    for (QComboBox* box : {mGeoA, mGeoB}) {
        box->setSizeAdjustPolicy(QComboBox::AdjustToContents);
        for (const auto geo : {ComparisonFilterModel::Geo::Any, ComparisonFilterModel::Geo::Within,
                               ComparisonFilterModel::Geo::Beyond})
            box->addItem(QString(), int(geo));
        const bool a = box == mGeoA;
        filters->addWidget(mTexts.label([a] { return a ? tr("A") : tr("B"); }));
        filters->addWidget(box);
        mTexts.bind(box, "items", [box] {
            box->setItemText(0, tr("anywhere"));
            box->setItemText(1, tr("within"));
            box->setItemText(2, tr("beyond"));
        });
    }
    mGeoA->setObjectName("geoA");
    mGeoB->setObjectName("geoB");
    mGeoMetres->setObjectName("geoMetres");
    mGeoMetres->setRange(0, 1e7);
    mGeoMetres->setDecimals(0);
    mGeoMetres->setValue(25);
    mGeoMetres->setSuffix(QStringLiteral(" m"));
    filters->addWidget(mGeoMetres);
    filters->addStretch(1);
    mCount->setObjectName("count");
    filters->addWidget(mCount);
    mExport->setObjectName("exportCsv");
    mTexts.setText(mExport, [] { return tr("Export CSV…"); });
    mTexts.setToolTip(mExport, [] {
        return tr("Save the listed queries (as sorted and filtered) with both ranks, geo errors "
                  "and top-1 ids");
    });
    filters->addWidget(mExport);

    mTable->setModel(mFiltered);
    mTable->setSortingEnabled(true);
    mTable->sortByColumn(RunComparison::ChangeColumn, Qt::DescendingOrder);
    mTable->setSelectionBehavior(QAbstractItemView::SelectRows);
    mTable->setSelectionMode(QAbstractItemView::SingleSelection);
    mTable->setEditTriggers(QAbstractItemView::NoEditTriggers);
    mTable->verticalHeader()->hide();
    mTable->horizontalHeader()->setStretchLastSection(true);
    // Column widths from the first rows: measuring all of a test set's rows (8,884) would take
    // longer than building the comparison.
    mTable->horizontalHeader()->setResizeContentsPrecision(64);

    auto* images = new QGridLayout;
    images->setSpacing(4);
    images->addWidget(mQueryView, 0, 0, 1, kShown + 1);
    for (int side = 0; side < 2; ++side) {
        mSideLabels[side] = new QLabel;
        mSideLabels[side]->setWordWrap(true);
        mSideLabels[side]->setMinimumWidth(90);
        images->addWidget(mSideLabels[side], side + 1, 0);
        for (int i = 0; i < kShown; ++i) {
            auto* view = new ImageView;
            mViews[side].push_back(view);
            images->addWidget(view, side + 1, i + 1);
        }
        images->setRowStretch(side + 1, 1);
    }
    images->setRowStretch(0, 1);
    auto* right = new QWidget;
    right->setLayout(images);
    mImagePages->addWidget(right);
    mImagePages->addWidget(mExplanation);
    auto* splitter = new QSplitter(Qt::Horizontal);
    splitter->addWidget(mTable);
    splitter->addWidget(mImagePages);
    splitter->setStretchFactor(0, 2);
    splitter->setStretchFactor(1, 3);
    splitter->setSizes({540, 740}); // every column of the table in view

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(controls);
    layout->addLayout(filters);
    layout->addWidget(mStatus);
    layout->addWidget(splitter, 1);

    for (QComboBox* box : {mRunA, mRunB, mSet})
        connect(box, &QComboBox::currentIndexChanged, this, &ComparisonView::refresh);
    for (QComboBox* box : {mRunA, mRunB}) // the user's choice, not the preselection
        connect(box, &QComboBox::activated, this, &ComparisonView::rememberChoice);
    connect(mK, &QSpinBox::valueChanged, this, &ComparisonView::refresh);
    auto applyGeo = [this] {
        mFiltered->setGeoFilter(
            static_cast<ComparisonFilterModel::Geo>(mGeoA->currentData().toInt()),
            static_cast<ComparisonFilterModel::Geo>(mGeoB->currentData().toInt()),
            mGeoMetres->value());
        updateCount();
        // The selected query may be filtered out: show the first one listed instead.
        if (!mTable->selectionModel()->currentIndex().isValid() && mFiltered->rowCount() > 0)
            mTable->selectionModel()->setCurrentIndex(mFiltered->index(0, 0),
                                                      QItemSelectionModel::ClearAndSelect |
                                                          QItemSelectionModel::Rows);
    };
    for (QComboBox* box : {mGeoA, mGeoB})
        connect(box, &QComboBox::currentIndexChanged, this, applyGeo);
    connect(mGeoMetres, &QDoubleSpinBox::valueChanged, this, applyGeo);
    connect(mExport, &QPushButton::clicked, this, &ComparisonView::exportDialog);
    connect(mExplain, &QPushButton::toggled, this, [this, right](bool on) {
        mImagePages->setCurrentWidget(on ? static_cast<QWidget*>(mExplanation) : right);
        if (on)
            explainShown();
        else
            mExplanation->clear();
    });
    connect(mExplainSide, &QComboBox::currentIndexChanged, this, [this] {
        updateExplainAvailability();
        explainShown();
    });
    connect(mExplanation, &ExplanationPanel::jobStarted, this, &ComparisonView::jobStarted);
    connect(mTable->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &ComparisonView::onCurrentChanged);
    if (mDocument) {
        connect(mDocument, &EvaluationDocument::currentChanged, this,
                &ComparisonView::onCurrentEvaluationChanged);
        connect(mDocument, &EvaluationDocument::runsChanged, this,
                [this] { setCandidates(candidatesOf(*mDocument)); });
        connect(mDocument, &EvaluationDocument::selectionChanged, this,
                &ComparisonView::followSelection);
        connect(mDocument, &EvaluationDocument::comparedRunsChanged, this, [this] {
            const auto [a, b] = mDocument->comparedRuns();
            const int indexA = mRunA->currentIndex(), indexB = mRunB->currentIndex();
            if (indexA >= 0 && indexB >= 0 && mCandidates[size_t(indexA)].runId == a &&
                mCandidates[size_t(indexB)].runId == b)
                return; // chosen here
            std::vector<Candidate> same = mCandidates;
            setCandidates(std::move(same)); // the chosen pair, when offered
        });
    }
    refresh();
}

// A running inspection owns its data; its result is dropped with mInspections, unwaited.
ComparisonView::~ComparisonView() = default;

void ComparisonView::onCurrentEvaluationChanged() {
    const std::shared_ptr<const InspectedEvaluation>& current = mDocument->current();
    if (current)
        setDataset(current->dataset, current->splitRows,
                   current->positions); // the runs follow (runsChanged)
    else
        setCandidates({});
}

std::vector<ComparisonView::Candidate>
ComparisonView::candidatesOf(const EvaluationDocument& document) {
    const std::shared_ptr<const InspectedEvaluation>& evaluation = document.current();
    if (!evaluation)
        return {};
    const metrics::EvaluationReport& current = *evaluation->report;
    const int currentRow = document.currentRow();
    std::vector<Candidate> candidates;
    const std::vector<EvaluationDocument::Run>& runs = document.runs();
    for (int row = 0; row < static_cast<int>(runs.size()); ++row) {
        const EvaluationDocument::Run& entry = runs[static_cast<size_t>(row)];
        // Images come from the current evaluation's split: only its runs can be shown.
        if (!entry.run.report.provenance.split.empty() &&
            entry.run.report.provenance.split != current.provenance.split)
            continue;
        Candidate c;
        c.name = entry.run.name;
        c.runId = entry.id;
        c.report = std::make_shared<const metrics::EvaluationReport>(entry.run.report);
        // Where the run's descriptor cache is: results filed in a run, or a run folder given.
        if (const std::optional<RunFolder> run = RunFolder::ofResults(entry.source.toStdString()))
            c.runFolder = QString::fromStdString(run->directory());
        else if (RunFolder::isRun(entry.source.toStdString()))
            c.runFolder = entry.source;
        else if (const QString parent = QFileInfo(entry.source).absolutePath();
                 !entry.source.isEmpty() && RunFolder::isRun(parent.toStdString()))
            c.runFolder = parent; // RUN/eval_*.json
        // The same folder may hold other evaluations (checkpoint, BatchNorm mode): only the
        // current one's descriptors are in memory. The current evaluation first: it is A.
        if (row == currentRow) {
            c.descriptors = evaluation->descriptors;
            candidates.insert(candidates.begin(), c);
        } else {
            candidates.push_back(c);
        }
    }
    // One run evaluated both ways is two entries of one name: say which is which.
    auto sameRun = [](const Candidate& a, const Candidate& b) {
        return a.name == b.name || (!a.runFolder.isEmpty() && a.runFolder == b.runFolder);
    };
    std::vector<bool> both(candidates.size(), false);
    for (size_t i = 0; i < candidates.size(); ++i)
        for (size_t j = 0; j < candidates.size(); ++j)
            if (i != j && candidates[i].report->direction != candidates[j].report->direction &&
                sameRun(candidates[i], candidates[j]))
                both[i] = true;
    for (size_t i = 0; i < candidates.size(); ++i)
        if (both[i])
            candidates[i].name = metrics::queriesAreGround(candidates[i].report->direction)
                                     ? tr("%1 · ground → satellite").arg(candidates[i].name)
                                     : tr("%1 · satellite → ground").arg(candidates[i].name);
    return candidates;
}

void ComparisonView::setDataset(std::shared_ptr<const Dataset> dataset,
                                const std::vector<size_t>& splitRows,
                                std::vector<UtmPosition> positions) {
    mDataset = std::move(dataset);
    mSplitRows = splitRows;
    mPositions =
        positions.size() == splitRows.size() ? std::move(positions) : std::vector<UtmPosition>();
    mLoaded = std::make_shared<LoadedDescriptors>(); // a running inspection keeps the old one
}

QString ComparisonView::keyOf(const Candidate& candidate) {
    return candidate.runId ? QStringLiteral("#%1").arg(candidate.runId) : candidate.name;
}

int ComparisonView::indexOf(const QString& key) const {
    for (size_t i = 0; i < mCandidates.size(); ++i)
        if (!key.isEmpty() && keyOf(mCandidates[i]) == key)
            return static_cast<int>(i);
    return -1;
}

void ComparisonView::rememberChoice() {
    const int a = mRunA->currentIndex(), b = mRunB->currentIndex();
    if (!mDocument || a < 0 || b < 0)
        return;
    mDocument->setComparedRuns(mCandidates[size_t(a)].runId, mCandidates[size_t(b)].runId);
}

void ComparisonView::setCandidates(std::vector<Candidate> candidates) {
    // Keep the user's choice while the current evaluation (the first candidate) stays; a new
    // one becomes A. Candidates are told apart by the document's ids, so renaming a run keeps
    // it where it was.
    const bool sameCurrent = !mCandidates.empty() && !candidates.empty() &&
                             keyOf(mCandidates.front()) == keyOf(candidates.front());
    auto chosen = [this](QComboBox* box) {
        const int i = box->currentIndex();
        return i >= 0 && i < static_cast<int>(mCandidates.size()) ? keyOf(mCandidates[size_t(i)])
                                                                  : QString();
    };
    QString a = sameCurrent ? chosen(mRunA) : QString();
    QString b = sameCurrent ? chosen(mRunB) : QString();
    mCandidates = std::move(candidates);
    // The pair the user chose (maybe before a restart) wins when both are offered.
    if (mDocument) {
        const auto [idA, idB] = mDocument->comparedRuns();
        const QString keyA = QStringLiteral("#%1").arg(idA), keyB = QStringLiteral("#%1").arg(idB);
        if (idA && idB && indexOf(keyA) >= 0 && indexOf(keyB) >= 0) {
            a = keyA;
            b = keyB;
        }
    }
    {
        const QSignalBlocker blockA(mRunA), blockB(mRunB);
        mRunA->clear();
        mRunB->clear();
        for (const Candidate& c : mCandidates) {
            mRunA->addItem(c.name);
            mRunB->addItem(c.name);
        }
        // Defaults: A = the first (the current evaluation), B = the first other run it can be
        // compared with.
        int indexA = indexOf(a);
        if (indexA < 0)
            indexA = 0;
        int indexB = indexOf(b);
        if (indexB < 0 || indexB == indexA) {
            indexB = -1;
            for (int i = 0; i < static_cast<int>(mCandidates.size()) && indexB < 0; ++i)
                if (i != indexA &&
                    RunComparison::incompatibility(*mCandidates[size_t(indexA)].report,
                                                   *mCandidates[size_t(i)].report)
                        .isEmpty())
                    indexB = i;
        }
        mRunA->setCurrentIndex(indexA);
        mRunB->setCurrentIndex(indexB);
    }
    refresh();
}

void ComparisonView::choose(int a, int b) {
    {
        const QSignalBlocker blockA(mRunA), blockB(mRunB);
        mRunA->setCurrentIndex(a);
        mRunB->setCurrentIndex(b);
    }
    rememberChoice();
    refresh();
}

void ComparisonView::setK(int k) {
    mK->setValue(k);
}

void ComparisonView::setSet(RunComparison::Set set) {
    mSet->setCurrentIndex(mSet->findData(int(set)));
}

void ComparisonView::refresh() {
    const int a = mRunA->currentIndex(), b = mRunB->currentIndex();
    updateExplainAvailability();
    mInspections->cancel();
    mShown = Inspection();
    showInspection();
    if (a < 0 || b < 0 || a == b) {
        mModel->setRows({}, QString(), QString());
        updateCount();
        mTexts.setText(mStatus, [few = mCandidates.size() < 2] {
            return few ? tr("Evaluate (or add) a second run of the same split and "
                            "direction to compare two runs query by query.")
                       : tr("Choose two different runs.");
        });
        return;
    }
    const Candidate& ca = mCandidates[size_t(a)];
    const Candidate& cb = mCandidates[size_t(b)];
    const QString why = RunComparison::incompatibility(*ca.report, *cb.report);
    if (!why.isEmpty()) {
        mModel->setRows({}, ca.name, cb.name);
        updateCount();
        mTexts.setText(mStatus, [a = ca.name, b = cb.name, why] {
            return tr("%1 and %2 cannot be compared query by query: %3.").arg(a, b, why);
        });
        return;
    }
    const auto set = static_cast<RunComparison::Set>(mSet->currentData().toInt());
    const int k = mK->value();
    mModel->setRows(RunComparison::compare(*ca.report, *cb.report, k, set, mPositions), ca.name,
                    cb.name);
    updateCount();
    const RunComparison::Counts counts = RunComparison::count(*ca.report, *cb.report, k);
    mTexts.setText(mStatus, [k, a = ca.name, b = cb.name, onlyA = counts.onlyA,
                             onlyB = counts.onlyB, neither = counts.neither, both = counts.both] {
        return tr("At K = %1: %2 right only by %3, %4 right only by %5, %6 by neither, "
                  "%7 by both.")
            .arg(k)
            .arg(QLocale().toString(onlyA))
            .arg(a)
            .arg(QLocale().toString(onlyB))
            .arg(b)
            .arg(QLocale().toString(neither))
            .arg(QLocale().toString(both));
    });
    mTexts.setText(mSideLabels[0],
                   [a = ca.name] { return tr("<b>A</b> %1").arg(a.toHtmlEscaped()); });
    mTexts.setText(mSideLabels[1],
                   [b = cb.name] { return tr("<b>B</b> %1").arg(b.toHtmlEscaped()); });
    mTable->resizeColumnsToContents();
    if (mFiltered->rowCount() > 0) {
        // The query selected elsewhere when listed, else the first.
        const int selected = mDocument ? rowOfPair(mDocument->selectedPair()) : -1;
        mSelectionPending = false;
        mTable->selectionModel()->setCurrentIndex(mFiltered->index(std::max(selected, 0), 0),
                                                  QItemSelectionModel::ClearAndSelect |
                                                      QItemSelectionModel::Rows);
    }
}

void ComparisonView::onCurrentChanged() {
    const QModelIndex current = mTable->selectionModel()->currentIndex();
    if (!current.isValid())
        return;
    const int64_t query = mModel->row(mFiltered->mapToSource(current).row()).query;
    emitTops();
    inspect(query);
    if (mDocument && isVisible() && static_cast<size_t>(query) < mSplitRows.size())
        mDocument->selectPair(mSplitRows[static_cast<size_t>(query)]);
}

int ComparisonView::rowOfPair(size_t pair) const {
    for (size_t query = 0; query < mSplitRows.size(); ++query)
        if (mSplitRows[query] == pair) {
            const int row = mModel->rowOfQuery(static_cast<int64_t>(query));
            return row < 0 ? -1 : mFiltered->mapFromSource(mModel->index(row, 0)).row();
        }
    return -1;
}

void ComparisonView::emitTops() {
    const QModelIndex current = mTable->selectionModel()->currentIndex();
    if (!current.isValid())
        return;
    const RunComparison::Row& r = mModel->row(mFiltered->mapToSource(current).row());
    auto pairOf = [this](int64_t row) {
        return row >= 0 && static_cast<size_t>(row) < mSplitRows.size()
                   ? mSplitRows[static_cast<size_t>(row)]
                   : SIZE_MAX;
    };
    if (pairOf(r.query) == SIZE_MAX)
        return;
    emit topsSelected(pairOf(r.query), {pairOf(r.topA), pairOf(r.topB)},
                      {mModel->nameA(), mModel->nameB()});
}

void ComparisonView::updateCount() {
    const QLocale locale; // the interface language's (LanguageManager)
    mCount->setText(tr("%1 of %2 queries")
                        .arg(locale.toString(mFiltered->rowCount()))
                        .arg(locale.toString(mModel->rowCount())));
    // Without positions there is nothing to filter by (but a filter set is kept undoable).
    const bool geo = !mPositions.empty() || mFiltered->geoA() != ComparisonFilterModel::Geo::Any ||
                     mFiltered->geoB() != ComparisonFilterModel::Geo::Any;
    for (QWidget* w : std::initializer_list<QWidget*>{mGeoA, mGeoB, mGeoMetres})
        w->setEnabled(geo);
    mExport->setEnabled(mFiltered->rowCount() > 0);
}

void ComparisonView::setGeoFilter(int a, int b, double metres) {
    mGeoMetres->setValue(metres);
    mGeoA->setCurrentIndex(mGeoA->findData(a));
    mGeoB->setCurrentIndex(mGeoB->findData(b));
}

bool ComparisonView::exportCsv(const QString& path, QString* error) {
    try {
        AtomicFile::writeAll(QFile::encodeName(path).toStdString(), mFiltered->toCsv(),
                             ComparisonFilterModel::csvKind());
        return true;
    } catch (const std::exception& e) {
        if (error)
            *error = QString::fromUtf8(e.what());
        return false;
    }
}

void ComparisonView::exportDialog() {
    const QString path = QFileDialog::getSaveFileName(this, tr("Export compared queries"),
                                                      QString(), tr("CSV files (*.csv)"));
    if (path.isEmpty())
        return;
    QString error;
    if (!exportCsv(path, &error))
        QMessageBox::warning(this, tr("Export compared queries"), error);
}

void ComparisonView::followSelection() {
    if (!isVisible()) {
        mSelectionPending = true;
        return;
    }
    mSelectionPending = false;
    const int row = rowOfPair(mDocument->selectedPair());
    if (row >= 0 && mTable->selectionModel()->currentIndex().row() != row)
        mTable->selectionModel()->setCurrentIndex(mFiltered->index(row, 0),
                                                  QItemSelectionModel::ClearAndSelect |
                                                      QItemSelectionModel::Rows);
}

void ComparisonView::showEvent(QShowEvent* event) {
    QWidget::showEvent(event);
    if (mSelectionPending)
        followSelection();
}

void ComparisonView::inspect(int64_t query) {
    const int a = mRunA->currentIndex(), b = mRunB->currentIndex();
    if (!mDataset || a < 0 || b < 0)
        return;
    const std::array<Candidate, 2> candidates = {mCandidates[size_t(a)], mCandidates[size_t(b)]};
    const std::shared_ptr<const Dataset> dataset = mDataset;
    const std::vector<size_t> rows = mSplitRows;
    const std::shared_ptr<LoadedDescriptors> loaded = mLoaded;
    mInspections->request(
        [candidates, dataset, rows, loaded, query] {
            Inspection r;
            r.query = query;
            const bool groundQueries = metrics::queriesAreGround(candidates[0].report->direction);
            auto pathOf = [&](int64_t row, bool panorama) {
                const PairRecord& pair = dataset->pairs().at(rows.at(static_cast<size_t>(row)));
                return panorama ? pair.panoramaPath : pair.satellitePath;
            };
            r.queryImage = matimage::read(pathOf(query, groundQueries));
            for (int side = 0; side < 2; ++side) {
                const Candidate& c = candidates[side];
                Side& s = r.sides[side];
                try {
                    s.descriptors = c.descriptors;
                    const QString key = loadedKey(c);
                    if (!s.descriptors) {
                        const std::lock_guard<std::mutex> lock(loaded->mutex);
                        const auto found = loaded->sets.find(key);
                        if (found != loaded->sets.end())
                            s.descriptors = found->second;
                    }
                    const std::string folder = s.descriptors ? std::string() : descriptorsOf(c);
                    if (!folder.empty()) {
                        // The descriptors these results were computed from.
                        auto set =
                            std::make_shared<const DescriptorSet>(DescriptorSet::load(folder));
                        if (set->ground.rows == static_cast<int>(c.report->ranks.size())) {
                            s.descriptors = set;
                            // Kept for the next selections, even if this one is superseded.
                            const std::lock_guard<std::mutex> lock(loaded->mutex);
                            loaded->sets[key] = set;
                        }
                    }
                    if (s.descriptors) {
                        TopRetrieved top =
                            TopRetrieved::of(*s.descriptors, groundQueries, query, kShown);
                        s.rows = std::move(top.rows);
                        s.scores = std::move(top.scores);
                    } else if (static_cast<size_t>(query) < c.report->nearest.size()) {
                        s.rows.push_back(c.report->nearest[static_cast<size_t>(query)]);
                        s.scores.push_back(c.report->nearestScore.at(static_cast<size_t>(query)));
                        s.error = tr("only the top-1: no descriptors in the run folder");
                    }
                    for (int64_t row : s.rows)
                        s.images.push_back(matimage::read(pathOf(row, !groundQueries)));
                } catch (const std::exception& e) {
                    s.error = QString::fromUtf8(e.what());
                }
            }
            return r;
        },
        [this](Inspection result) {
            mShown = std::move(result);
            showInspection();
            explainShown();
            emit queryShown(mShown.query);
        });
}

QString ComparisonView::loadedKey(const Candidate& candidate) {
    return QString::fromStdString(candidate.report->descriptors) + '\n' + candidate.runFolder +
           '\n' + QString::fromStdString(candidate.report->provenance.key());
}

std::string ComparisonView::descriptorsOf(const Candidate& candidate) {
    // The folder the report names (every evaluation since RunEvaluation records it), else the
    // run's cache for the report's provenance (results of older versions).
    std::error_code ec;
    const std::string& recorded = candidate.report->descriptors;
    if (!recorded.empty() && std::filesystem::exists(recorded, ec))
        return recorded;
    if (candidate.runFolder.isEmpty())
        return {};
    return RunFolder(candidate.runFolder.toStdString())
        .findDescriptors(candidate.report->provenance);
}

void ComparisonView::showInspection() {
    const int a = mRunA->currentIndex();
    const bool groundQueries = a < 0 || mCandidates.empty() ||
                               metrics::queriesAreGround(mCandidates[size_t(a)].report->direction);
    mQueryView->setImage(mShown.queryImage);
    mQueryView->setAnnotation(groundQueries ? ImageView::Annotation::PanoramaYaw
                                            : ImageView::Annotation::Compass);
    QString caption;
    if (const int i = mModel->rowOfQuery(mShown.query); i >= 0)
        caption = tr("query %1 · rank %2 in A, %3 in B")
                      .arg(mModel->row(i).id)
                      .arg(mModel->row(i).rankA)
                      .arg(mModel->row(i).rankB);
    mQueryView->setCaption(caption);
    for (int side = 0; side < 2; ++side) {
        const Side& s = mShown.sides[side];
        for (size_t i = 0; i < mViews[side].size(); ++i) {
            ImageView* view = mViews[side][i];
            view->setAnnotation(groundQueries ? ImageView::Annotation::Compass
                                              : ImageView::Annotation::PanoramaYaw);
            const bool shown = i < s.images.size();
            view->setImage(shown ? s.images[i] : QImage());
            const bool isTrue = shown && s.rows[i] == mShown.query;
            view->setCaption(shown ? tr("#%1 · %2%3")
                                         .arg(i + 1)
                                         .arg(QLocale().toString(s.scores[i], 'f', 3))
                                         .arg(isTrue ? tr(" · ✓ true") : QString())
                                   : (i == 0 ? s.error : QString()));
            view->setFrameColor(isTrue ? Palette::trueMatch() : QColor());
        }
    }
}

void ComparisonView::setExplaining(bool on) {
    mExplain->setChecked(on && mExplain->isEnabled());
}

int ComparisonView::explainedSide() const {
    return mExplainSide->currentIndex() == 1 ? 1 : 0;
}

void ComparisonView::setExplainedSide(int side) {
    mExplainSide->setCurrentIndex(side == 1 ? 1 : 0);
}

void ComparisonView::updateExplainAvailability() {
    mCheckpoint.clear();
    mNoCheckpoint.clear();
    const int index = (explainedSide() == 0 ? mRunA : mRunB)->currentIndex();
    if (index >= 0 && index < static_cast<int>(mCandidates.size())) {
        const Candidate& c = mCandidates[size_t(index)];
        mCheckpoint = ExplanationPanel::checkpointFor(*c.report, c.runFolder, &mNoCheckpoint);
    }
    const bool available = !mCheckpoint.empty();
    mExplain->setEnabled(available);
    if (!available)
        mExplain->setChecked(false);
    const QString why = mNoCheckpoint;
    mTexts.setToolTip(mExplain, [available, why] {
        return available ? tr("Show which parts of the panorama and the tile made the similarity, "
                              "for the true match and the best-scored wrong one of the chosen "
                              "run (its checkpoint explains them; docs/explain.md)")
               : why.isEmpty() ? tr("Choose two runs first.")
                               : why;
    });
}

void ComparisonView::explainShown() {
    if (!mExplain->isChecked() || !mDataset || mShown.query < 0 || mCheckpoint.empty())
        return;
    const int a = mRunA->currentIndex();
    if (a < 0 || a >= static_cast<int>(mCandidates.size()))
        return;
    const bool groundQueries = metrics::queriesAreGround(mCandidates[size_t(a)].report->direction);
    const Side& side = mShown.sides[explainedSide()];
    const auto& pairs = mDataset->pairs();
    auto pairOf = [&](int64_t row) -> const PairRecord& {
        return pairs.at(mSplitRows.at(static_cast<size_t>(row)));
    };
    const PairRecord& query = pairOf(mShown.query);
    ExplanationPanel::Request request;
    request.checkpoint = mCheckpoint;
    request.layout = mDataset->layout();
    auto item = [&](const PairRecord& other, const QImage& otherImage) {
        ExplanationPanel::Item i;
        i.panoramaPath = groundQueries ? query.panoramaPath : other.panoramaPath;
        i.tilePath = groundQueries ? other.satellitePath : query.satellitePath;
        i.panorama = groundQueries ? mShown.queryImage : otherImage;
        i.tile = groundQueries ? otherImage : mShown.queryImage;
        return i;
    };
    // The true item's image when it was retrieved among the first shown, else read by the job.
    QImage trueImage;
    for (size_t i = 0; i < side.rows.size() && i < side.images.size(); ++i)
        if (side.rows[i] == mShown.query)
            trueImage = side.images[i];
    ExplanationPanel::Item truth = item(query, trueImage);
    truth.trueMatch = true;
    const QString run = explainedSide() == 0 ? tr("A") : tr("B");
    truth.caption = groundQueries
                        ? tr("%1: true tile %2").arg(run, QString::fromStdString(query.id))
                        : tr("%1: true panorama %2").arg(run, QString::fromStdString(query.id));
    request.items.push_back(truth);
    // The wrong item the run put first: its top-1 when wrong, else its best wrong one.
    for (size_t i = 0; i < side.rows.size() && i < side.images.size(); ++i) {
        if (side.rows[i] == mShown.query)
            continue;
        const PairRecord& wrong = pairOf(side.rows[i]);
        ExplanationPanel::Item w = item(wrong, side.images[i]);
        const QString id = QString::fromStdString(wrong.id);
        w.caption = groundQueries ? tr("%1: wrong tile %2 (#%3)").arg(run, id).arg(i + 1)
                                  : tr("%1: wrong panorama %2 (#%3)").arg(run, id).arg(i + 1);
        request.items.push_back(w);
        break;
    }
    mExplanation->explain(std::move(request));
}

void ComparisonView::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) {
        mTexts.retranslate();
        showInspection(); // the image captions
        explainShown();
    }
    QWidget::changeEvent(event);
}

} // namespace orinet
