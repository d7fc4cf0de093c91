#include "gui/evaluation/runsview.h"

#include "common/error.h"
#include "gui/common/figureexportdialog.h"
#include "gui/common/provenancetext.h"
#include "gui/evaluation/approximationtext.h"
#include "gui/evaluation/evaluationdocument.h"
#include "gui/evaluation/inspectedevaluation.h"
#include "recallplot.h"
#include "run/runfolder.h"

#include <QCheckBox>
#include <QEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace orinet {

namespace {

enum Column {
    RunColumn,
    SplitColumn,
    DirectionColumn,
    CheckpointColumn,
    RecallAt1Column,
    RecallAt5Column,
    RecallAt10Column,
    RecallOnePercentColumn,
    GeoColumn,
    ColumnCount
};

QString percent(double fraction) {
    // The interface language's decimal sign (LanguageManager sets the default locale).
    return std::isfinite(fraction) ? QLocale().toString(100.0 * fraction, 'f', 2)
                                   : QStringLiteral("–");
}

} // namespace

RunsView::RunsView(EvaluationDocument* document, QWidget* parent)
    : QWidget(parent)
    , mDocument(document)
    , mPlot(new RecallPlot)
    , mTable(new QTableWidget(0, ColumnCount))
    , mLogX(new QCheckBox)
    , mGeo(new QCheckBox)
    , mNote(new QLabel) {
    mPlot->setFontSize(9);
    mPlot->setMinimumHeight(160);
    mTexts.setText(mLogX, [] { return tr("Log K"); });
    mTexts.setText(mGeo, [] { return tr("Geo panel"); });
    // On screen in the interface language; exported figures keep RecallPlot's English titles.
    mTexts.bind(mPlot, "axes", [this] {
        RecallPlot::AxisTitles titles;
        titles.k = tr("K (top candidates)");
        titles.recall = tr("Recall@K (%)");
        titles.geoRecall = tr("Geo-recall@K (%)");
        mPlot->setAxisTitles(titles);
        mPlot->replot();
    });
    mTexts.bind(mTable, "header", [this] {
        mTable->setHorizontalHeaderLabels({tr("Run"), tr("Split"), tr("Direction"),
                                           tr("Checkpoint"), tr("r@1"), tr("r@5"), tr("r@10"),
                                           tr("r@1%"), tr("geo r@1")});
        mTable->horizontalHeaderItem(GeoColumn)->setToolTip(
            tr("geo-recall@1: top-1 within each distance threshold of the truth"));
    });
    mTable->verticalHeader()->hide();
    mTable->setSelectionBehavior(QAbstractItemView::SelectRows);
    mTable->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed);
    mTable->horizontalHeader()->setStretchLastSection(true);
    mTable->setWordWrap(false);
    mLogX->setObjectName("logX");
    mGeo->setObjectName("geoPanel");
    mNote->setWordWrap(true);
    mNote->setStyleSheet(QStringLiteral("color: #a05000"));
    mNote->hide();

    auto* add = new QPushButton;
    mTexts.setText(add, [] { return tr("Add Results…"); });
    mTexts.setToolTip(add,
                      [] { return tr("Add an evaluated run folder or results JSON to compare"); });
    auto* addPublished = new QPushButton;
    addPublished->setObjectName("addPublished");
    mTexts.setText(addPublished, [] { return tr("Add Published Results…"); });
    mTexts.setToolTip(addPublished, [] {
        return tr("Show figures printed in papers beside the runs: a CSV table with the columns "
                  "method, dataset, split, r@1, r@5, r@10, r@1%, citation");
    });
    auto* remove = new QPushButton;
    mTexts.setText(remove, [] { return tr("Remove"); });
    auto* exportFigure = new QPushButton;
    mTexts.setText(exportFigure, [] { return tr("Export Figure…"); });
    auto* exportTable = new QPushButton;
    mTexts.setText(exportTable, [] { return tr("Export Table…"); });
    // Two rows, what is listed and how it is drawn and exported: in one row the buttons'
    // width (German texts are long) would squeeze the plot beside them.
    auto* listButtons = new QHBoxLayout;
    listButtons->addWidget(add);
    listButtons->addWidget(addPublished);
    listButtons->addWidget(remove);
    listButtons->addStretch();
    auto* figureButtons = new QHBoxLayout;
    figureButtons->addWidget(mLogX);
    figureButtons->addWidget(mGeo);
    figureButtons->addStretch();
    figureButtons->addWidget(exportFigure);
    figureButtons->addWidget(exportTable);
    auto* buttons = new QVBoxLayout;
    buttons->setSpacing(2);
    buttons->addLayout(listButtons);
    buttons->addLayout(figureButtons);

    auto* right = new QWidget;
    auto* rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    rightLayout->addLayout(buttons);
    rightLayout->addWidget(mTable, 1);
    rightLayout->addWidget(mNote);
    auto* splitter = new QSplitter(Qt::Horizontal);
    splitter->addWidget(mPlot);
    splitter->addWidget(right);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    splitter->setSizes({560, 700}); // the table shows its figures without scrolling
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(splitter);

    connect(add, &QPushButton::clicked, this, &RunsView::addResultsDialog);
    connect(addPublished, &QPushButton::clicked, this, &RunsView::addPublishedDialog);
    connect(remove, &QPushButton::clicked, this, [this] {
        const int row = mTable->currentRow();
        if (row >= static_cast<int>(mDocument->runs().size()))
            mDocument->clearPublished(); // a published row: the table it came from goes
        else if (row >= 0)
            mDocument->removeRun(row);
    });
    connect(exportFigure, &QPushButton::clicked, this, &RunsView::exportFigureDialog);
    connect(exportTable, &QPushButton::clicked, this, &RunsView::exportTableDialog);
    connect(mLogX, &QCheckBox::toggled, this, &RunsView::setLogX);
    connect(mGeo, &QCheckBox::toggled, this, &RunsView::setGeoPanel);
    connect(mTable, &QTableWidget::itemChanged, this, [this](QTableWidgetItem* item) {
        if (mRefreshing || item->column() != RunColumn ||
            item->row() >= static_cast<int>(mDocument->runs().size()))
            return;
        // Read before the edits: the document's signal rebuilds this table, item included.
        const int row = item->row();
        const bool shown = item->checkState() == Qt::Checked;
        const QString name = item->text().trimmed(); // the legend name is editable
        const EvaluationDocument::Run& before = mDocument->runs().at(static_cast<size_t>(row));
        if (before.shown == shown && (name.isEmpty() || name == before.run.name)) {
            refresh(); // an emptied name comes back
            return;
        }
        mDocument->setShown(row, shown);
        mDocument->setName(row, name);
    });
    connect(mDocument, &EvaluationDocument::runsChanged, this, &RunsView::refresh);
    connect(mDocument, &EvaluationDocument::currentChanged, this, &RunsView::onCurrentChanged);
    connect(mDocument, &EvaluationDocument::publishedChanged, this, &RunsView::refresh);
    refresh();
}

void RunsView::onCurrentChanged() {
    const std::shared_ptr<const InspectedEvaluation>& current = mDocument->current();
    if (current && !mHadRuns)
        setGeoPanel(!current->report->geo.empty());
}

QString RunsView::exclusionReason(int row) const {
    const std::vector<EvaluationDocument::Run>& runs = mDocument->runs();
    const EvaluationDocument::Run& entry = runs.at(static_cast<size_t>(row));
    const int reference = mDocument->referenceRow();
    if (!entry.shown || reference < 0)
        return {};
    const EvaluationDocument::Run& first = runs[static_cast<size_t>(reference)];
    if (RecallFigure::mismatch({first.run, entry.run}).isEmpty())
        return {};
    return tr("not plotted: evaluated on %1, the plot shows %2")
        .arg(RecallFigure::comparisonKey(entry.run.report),
             RecallFigure::comparisonKey(first.run.report));
}

std::vector<RecallFigure::Run> RunsView::plottedRuns() const {
    const std::vector<EvaluationDocument::Run>& entries = mDocument->runs();
    std::vector<RecallFigure::Run> runs;
    for (size_t i = 0; i < entries.size(); ++i)
        if (entries[i].shown && exclusionReason(static_cast<int>(i)).isEmpty())
            runs.push_back(entries[i].run);
    return runs;
}

RecallFigure::Published RunsView::plottedPublished() const {
    if (mDocument->published().empty())
        return {};
    const int reference = mDocument->referenceRow();
    const QString dataset =
        reference < 0
            ? QString()
            : RecallFigure::datasetOf(mDocument->runs()[static_cast<size_t>(reference)].source);
    return RecallFigure::publishedFor(mDocument->published(), plottedRuns(), dataset);
}

void RunsView::setLogX(bool logX) {
    if (mLogX->isChecked() != logX)
        mLogX->setChecked(logX); // comes back here through toggled()
    mPlot->setLogX(logX);
}

void RunsView::setGeoPanel(bool geo) {
    if (mGeo->isChecked() != geo)
        mGeo->setChecked(geo);
    mPlot->setGeoPanel(geo);
}

RecallFigure::Options RunsView::figureOptions() const {
    RecallFigure::Options options;
    options.logX = mLogX->isChecked();
    options.geo = mGeo->isChecked();
    return options;
}

void RunsView::refresh() {
    mRefreshing = true;
    const std::vector<EvaluationDocument::Run>& entries = mDocument->runs();
    mTable->setRowCount(static_cast<int>(entries.size()));
    QStringList excluded;
    bool anyGeo = false;
    for (int row = 0; row < static_cast<int>(entries.size()); ++row) {
        const EvaluationDocument::Run& entry = entries[static_cast<size_t>(row)];
        const metrics::EvaluationReport& r = entry.run.report;
        const QString reason = exclusionReason(row);
        if (!reason.isEmpty())
            excluded << QStringLiteral("%1: %2").arg(entry.run.name, reason);
        // How approximate an approximate run's figures are (docs/evaluation.md).
        const QString coverage =
            r.approximation ? approximationtext::coverage(*r.approximation, r.backend) : QString();
        if (!coverage.isEmpty())
            excluded << QStringLiteral("%1: %2").arg(entry.run.name, coverage);
        anyGeo = anyGeo || !r.geo.empty();
        QStringList geo;
        for (const metrics::GeoRecall& g : r.geo)
            if (!g.curve.empty())
                geo << tr("%1 (%2 m)").arg(percent(g.curve.front())).arg(g.metres);
        // Which checkpoint and BatchNorm mode a number comes from (docs/evaluation.md).
        const QString origin = provenancetext::origin(r.provenance);
        const QString checkpoint = origin.isEmpty() ? QStringLiteral("–") : origin;
        const QString cells[ColumnCount] = {entry.run.name,
                                            QString::fromStdString(r.provenance.split),
                                            QString::fromStdString(metrics::toString(r.direction)),
                                            checkpoint,
                                            percent(r.recallAt(1)),
                                            percent(r.recallAt(5)),
                                            percent(r.recallAt(10)),
                                            percent(r.recallOnePercent),
                                            geo.join(QStringLiteral(", "))};
        for (int column = 0; column < ColumnCount; ++column) {
            auto* item = new QTableWidgetItem(cells[column]);
            if (column == RunColumn) {
                item->setFlags(item->flags() | Qt::ItemIsUserCheckable | Qt::ItemIsEditable);
                item->setCheckState(entry.shown ? Qt::Checked : Qt::Unchecked);
                item->setToolTip(entry.source.isEmpty()
                                     ? entry.run.name
                                     : tr("%1\nfrom %2").arg(entry.run.name, entry.source));
            } else {
                item->setFlags(item->flags() & ~Qt::ItemIsEditable);
            }
            if (column >= RecallAt1Column)
                item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            if (column == RecallAt1Column && !coverage.isEmpty())
                item->setToolTip(
                    (QStringList{coverage} + approximationtext::advice(*r.approximation))
                        .join(QStringLiteral("\n")));
            if (column == CheckpointColumn && !r.provenance.checkpoint.empty())
                item->setToolTip(QString::fromStdString(r.provenance.checkpoint));
            if (!reason.isEmpty()) {
                item->setForeground(palette().color(QPalette::Disabled, QPalette::Text));
                item->setToolTip(reason);
            }
            mTable->setItem(row, column, item);
        }
    }
    // The published figures after the runs, in italics; those not drawn (another split or
    // dataset) greyed.
    const RecallFigure::Published drawn = plottedPublished();
    const std::vector<metrics::PublishedResults::Row>& published = mDocument->published().rows();
    mTable->setRowCount(static_cast<int>(entries.size() + published.size()));
    for (size_t i = 0; i < published.size(); ++i) {
        const metrics::PublishedResults::Row& row = published[i];
        const bool isDrawn = std::any_of(drawn.begin(), drawn.end(),
                                         [&](const auto& d) { return d.where == row.where; });
        const QString method = QString::fromStdString(row.method);
        const QString name =
            row.isGeo()
                ? tr("%1 (published, geo-recall within %2 m)").arg(method).arg(row.geoMetres)
                : tr("%1 (published)").arg(method);
        const QString cells[ColumnCount] = {
            name,
            tr("%1 (%2)").arg(QString::fromStdString(row.split),
                              QString::fromStdString(row.dataset)),
            QStringLiteral("–"),
            QStringLiteral("[%1]").arg(QString::fromStdString(row.citation)),
            percent(row.recallAt(1)),
            percent(row.recallAt(5)),
            percent(row.recallAt(10)),
            percent(row.recallOnePercent),
            QString()};
        const QString tip =
            isDrawn
                ? tr("%1\nfrom %2").arg(name, mDocument->publishedFile())
                : tr("not plotted: published for %1 %2, the plot shows other runs")
                      .arg(QString::fromStdString(row.dataset), QString::fromStdString(row.split));
        const int tableRow = static_cast<int>(entries.size() + i);
        for (int column = 0; column < ColumnCount; ++column) {
            auto* item = new QTableWidgetItem(cells[column]);
            item->setFlags(item->flags() & ~Qt::ItemIsEditable);
            QFont font = item->font();
            font.setItalic(true);
            item->setFont(font);
            item->setToolTip(tip);
            if (column >= RecallAt1Column)
                item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            if (!isDrawn)
                item->setForeground(palette().color(QPalette::Disabled, QPalette::Text));
            mTable->setItem(tableRow, column, item);
        }
    }
    mTable->resizeColumnsToContents();
    mGeo->setEnabled(anyGeo);
    mNote->setText(excluded.join(QStringLiteral("\n")));
    mNote->setVisible(!excluded.isEmpty());
    mPlot->setCurves(RecallFigure::curves(plottedRuns()));
    mPlot->setReferences(RecallFigure::references(drawn, plottedRuns(), tr("published")));
    mPlot->replot();
    mRefreshing = false;
    mHadRuns = !entries.empty();
}

void RunsView::exportFigure(const QString& path, const RecallFigure::Options& options) const {
    RecallFigure::writeFigure(plottedRuns(), options, path, plottedPublished());
}

void RunsView::exportTable(const QString& path, metrics::TableFormat format) const {
    RecallFigure::writeTable(plottedRuns(), format, path, plottedPublished());
}

void RunsView::addResultsDialog() {
    const QString path = QFileDialog::getExistingDirectory(
        this, tr("Add an evaluated run folder (or cancel to pick a results JSON)"));
    QString chosen = path;
    if (chosen.isEmpty())
        chosen = QFileDialog::getOpenFileName(this, tr("Add Results"), QString(),
                                              tr("Results (eval_*.json)"));
    if (chosen.isEmpty())
        return;
    try {
        mDocument->addResults(chosen);
    } catch (const std::exception& e) {
        QMessageBox::warning(this, tr("Add Results"), QString::fromUtf8(e.what()));
    }
}

void RunsView::addPublishedDialog() {
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Add Published Results"), QFileInfo(mDocument->publishedFile()).absolutePath(),
        tr("Published results (*.csv);;All files (*)"));
    if (path.isEmpty())
        return;
    try {
        mDocument->setPublishedFile(path);
    } catch (const std::exception& e) {
        QMessageBox::warning(this, tr("Add Published Results"), QString::fromUtf8(e.what()));
    }
}

void RunsView::exportFigureDialog() {
    if (plottedRuns().empty()) {
        QMessageBox::information(this, tr("Export Figure"), tr("No run is plotted."));
        return;
    }
    FigureExportDialog dialog(figureOptions(), this);
    if (dialog.exec() != QDialog::Accepted || dialog.path().isEmpty())
        return;
    try {
        exportFigure(dialog.path(), dialog.options());
    } catch (const std::exception& e) {
        QMessageBox::warning(this, tr("Export Figure"), QString::fromUtf8(e.what()));
    }
}

void RunsView::exportTableDialog() {
    QString filter;
    const QString path = QFileDialog::getSaveFileName(this, tr("Export Table"), QString(),
                                                      tr("LaTeX (*.tex);;CSV (*.csv)"), &filter);
    if (path.isEmpty())
        return;
    const bool latex = path.endsWith(".tex", Qt::CaseInsensitive) ||
                       (!path.endsWith(".csv", Qt::CaseInsensitive) && filter.contains("tex"));
    try {
        exportTable(path, latex ? metrics::TableFormat::Latex : metrics::TableFormat::Csv);
    } catch (const std::exception& e) {
        QMessageBox::warning(this, tr("Export Table"), QString::fromUtf8(e.what()));
    }
}

void RunsView::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) {
        mTexts.retranslate();
        refresh(); // the rows' texts (checkpoint, geo-recall, exclusion notes)
    }
    QWidget::changeEvent(event);
}

} // namespace orinet
