#include "gui/evaluation/evaluationdocument.h"

#include "gui/evaluation/inspectedevaluation.h"
#include "metrics/evaluationreport.h"
#include "run/runfolder.h"

#include <QFile>
#include <QFileInfo>

namespace orinet {

EvaluationDocument::EvaluationDocument(QObject* parent)
    : QObject(parent) {}

EvaluationDocument::~EvaluationDocument() = default;

void EvaluationDocument::setCurrent(std::shared_ptr<const InspectedEvaluation> evaluation) {
    if (!evaluation || !evaluation->report) {
        mCurrent.reset();
        emit currentChanged();
        return;
    }
    mCurrent = std::move(evaluation);
    // Listed before the views hear of it, so that they find it among the runs.
    const Provenance& provenance = mCurrent->report->provenance;
    const QString name = provenance.isOtherMethod() && !provenance.method.empty()
                             ? QString::fromStdString(provenance.method)
                             : QFileInfo(mCurrent->runFolder).fileName();
    const QString source = mCurrent->resultsFile.isEmpty()
                               ? QString()
                               : QFileInfo(mCurrent->resultsFile).absoluteFilePath();
    const bool blocked = blockSignals(true);
    const quint64 id = mRuns.at(static_cast<size_t>(addRun(name, *mCurrent->report, source))).id;
    blockSignals(blocked);
    // A new current evaluation is A unless the user chose it already (docs/guide/evaluation.md).
    const bool forget = mCompared != std::pair<quint64, quint64>{0, 0} && mCompared.first != id &&
                        mCompared.second != id;
    if (forget)
        mCompared = {0, 0};
    emit currentChanged();
    emit runsChanged();
    if (forget)
        emit comparedRunsChanged();
}

void EvaluationDocument::setPublishedFile(const QString& path) {
    const QString absolute = QFileInfo(path).absoluteFilePath();
    mPublished = metrics::PublishedResults::load(QFile::encodeName(absolute).toStdString());
    mPublishedFile = absolute;
    emit publishedChanged();
}

void EvaluationDocument::clearPublished() {
    if (mPublishedFile.isEmpty())
        return;
    mPublished = {};
    mPublishedFile.clear();
    emit publishedChanged();
}

void EvaluationDocument::selectPair(size_t pair) {
    if (pair == mSelectedPair)
        return;
    mSelectedPair = pair;
    emit selectionChanged(pair);
}

int EvaluationDocument::addRun(const QString& name, const metrics::EvaluationReport& report,
                               const QString& source) {
    Run entry;
    entry.run.name = name;
    entry.run.report = report;
    entry.source = source;
    for (size_t i = 0; i < mRuns.size(); ++i) {
        Run& existing = mRuns[i];
        if (!source.isEmpty() && existing.source == source &&
            RecallFigure::comparisonKey(existing.run.report) ==
                RecallFigure::comparisonKey(report)) {
            entry.shown = existing.shown;
            entry.run.name = existing.run.name; // keep a name the user gave it
            entry.id = existing.id;             // and its place in Compare Runs
            existing = entry;
            mNewest = static_cast<int>(i);
            emit runsChanged();
            return mNewest;
        }
    }
    entry.id = mNextId++;
    mRuns.push_back(entry);
    mNewest = static_cast<int>(mRuns.size()) - 1; // the newest evaluation sets the kind
    emit runsChanged();
    return mNewest;
}

int EvaluationDocument::addResults(const QString& fileOrFolder) {
    // Everything is read before anything is added: an unreadable file adds nothing.
    std::vector<std::pair<QString, metrics::EvaluationReport>> found;
    for (const std::string& file : RunFolder::resultsPerDirection(fileOrFolder.toStdString()))
        found.emplace_back(QFileInfo(QString::fromStdString(file)).absoluteFilePath(),
                           metrics::EvaluationReport::loadJson(file));
    // Of several, the one of the plot's kind (else the first) becomes the reference, so that
    // adding both directions of a run does not hide the curves already plotted.
    const int reference = referenceRow();
    const QString kind =
        reference < 0
            ? QString()
            : RecallFigure::comparisonKey(mRuns[static_cast<size_t>(reference)].run.report);
    int first = -1, sameKind = -1;
    const bool blocked = blockSignals(true);
    for (const auto& [file, report] : found) {
        // Named after what was chosen, as `orinet plot --runs` names it.
        const int row = addRun(RecallFigure::defaultName(fileOrFolder, report), report, file);
        if (first < 0)
            first = row;
        if (sameKind < 0 && RecallFigure::comparisonKey(report) == kind)
            sameKind = row;
    }
    blockSignals(blocked);
    mNewest = sameKind >= 0 ? sameKind : first;
    emit runsChanged();
    return first;
}

void EvaluationDocument::removeRun(int row) {
    if (row < 0 || row >= static_cast<int>(mRuns.size()))
        return;
    const quint64 id = mRuns[static_cast<size_t>(row)].id;
    mRuns.erase(mRuns.begin() + row);
    if (mCompared.first == id || mCompared.second == id) {
        mCompared = {0, 0};
        emit comparedRunsChanged();
    }
    if (mNewest == row)
        mNewest = -1;
    else if (mNewest > row)
        --mNewest;
    emit runsChanged();
}

void EvaluationDocument::setShown(int row, bool shown) {
    Run& run = mRuns.at(static_cast<size_t>(row));
    if (run.shown == shown)
        return;
    run.shown = shown;
    emit runsChanged();
}

void EvaluationDocument::setName(int row, const QString& name) {
    Run& run = mRuns.at(static_cast<size_t>(row));
    if (name.isEmpty() || run.run.name == name)
        return;
    run.run.name = name;
    emit runsChanged();
}

int EvaluationDocument::referenceRow() const {
    if (mNewest >= 0 && mRuns.at(static_cast<size_t>(mNewest)).shown)
        return mNewest;
    for (size_t i = 0; i < mRuns.size(); ++i)
        if (mRuns[i].shown)
            return static_cast<int>(i);
    return -1;
}

int EvaluationDocument::rowOf(quint64 id) const {
    for (size_t i = 0; i < mRuns.size(); ++i)
        if (mRuns[i].id == id)
            return static_cast<int>(i);
    return -1;
}

void EvaluationDocument::setComparedRuns(quint64 a, quint64 b) {
    if (mCompared == std::pair{a, b})
        return;
    mCompared = {a, b};
    emit comparedRunsChanged();
}

int EvaluationDocument::currentRow() const {
    if (!mCurrent || mCurrent->resultsFile.isEmpty())
        return -1;
    const QFileInfo results(mCurrent->resultsFile);
    for (size_t i = 0; i < mRuns.size(); ++i)
        if (QFileInfo(mRuns[i].source) == results &&
            mRuns[i].run.report.direction == mCurrent->report->direction &&
            RecallFigure::comparisonKey(mRuns[i].run.report) ==
                RecallFigure::comparisonKey(*mCurrent->report))
            return static_cast<int>(i);
    return -1;
}

} // namespace orinet
