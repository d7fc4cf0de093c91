#include "gui/evaluation/queryfiltermodel.h"

#include "common/numbertext.h"
#include "common/textformat.h"
#include "gui/evaluation/querytablemodel.h"

#include <cmath>
#include <cstdio>

namespace orinet {

namespace {

constexpr const char* kCsvHeader = "id,rank,true_score,top1_score,top1_id,geo_error_m,tags,note";

//! For the CSV: a '.' decimal point whatever the locale.
std::string number(double value, int decimals) {
    return std::isfinite(value) ? text::fixed(value, decimals) : std::string();
}

} // namespace

QueryFilterModel::QueryFilterModel(QObject* parent)
    : QSortFilterProxyModel(parent) {
    setSortRole(Qt::EditRole);
}

void QueryFilterModel::setQueryModel(QueryTableModel* model) {
    mQueries = model;
    setSourceModel(model);
}

void QueryFilterModel::setMinimumRank(int k) {
    mMinimumRank = std::max(0, k);
    refilter();
}

void QueryFilterModel::setMinimumGeoError(double metres) {
    mMinimumGeoError = std::max(0.0, metres);
    refilter();
}

void QueryFilterModel::setTag(const QString& tag) {
    mTag = tag;
    refilter();
}

void QueryFilterModel::setSearch(const QString& text) {
    mSearch = text.trimmed();
    refilter();
}

void QueryFilterModel::refilter() {
    // Qt 6.x: invalidateRowsFilter() keeps the sort and re-runs only the row filter.
    invalidateRowsFilter();
}

bool QueryFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex&) const {
    if (!mQueries)
        return true;
    const QueryRecord& r = mQueries->record(sourceRow);
    if (mMinimumRank > 0 && r.rank <= mMinimumRank)
        return false;
    if (mMinimumGeoError > 0 && !(r.geoError > mMinimumGeoError))
        return false;
    if (!mSearch.isEmpty() && !r.id.contains(mSearch, Qt::CaseInsensitive))
        return false;
    if (!mTag.isEmpty() && !mQueries->notesOf(sourceRow).tags.contains(mTag))
        return false;
    return true;
}

bool QueryFilterModel::lessThan(const QModelIndex& left, const QModelIndex& right) const {
    if (!mQueries)
        return QSortFilterProxyModel::lessThan(left, right);
    const QueryRecord& a = mQueries->record(left.row());
    const QueryRecord& b = mQueries->record(right.row());
    switch (left.column()) {
    case QueryTableModel::RankColumn:
        return a.rank < b.rank;
    case QueryTableModel::TrueScoreColumn:
        return lessWithNaNLast(a.trueScore, b.trueScore);
    case QueryTableModel::TopScoreColumn:
        return lessWithNaNLast(a.topScore, b.topScore);
    case QueryTableModel::GeoErrorColumn:
        return lessWithNaNLast(a.geoError, b.geoError);
    case QueryTableModel::IdColumn:
        return QString::compare(a.id, b.id, Qt::CaseInsensitive) < 0;
    case QueryTableModel::TopIdColumn:
        return QString::compare(a.topId, b.topId, Qt::CaseInsensitive) < 0;
    default:
        return QSortFilterProxyModel::lessThan(left, right);
    }
}

bool QueryFilterModel::lessWithNaNLast(double a, double b) {
    if (std::isnan(a))
        return false;
    if (std::isnan(b))
        return true;
    return a < b;
}

OutputTarget::FileKind QueryFilterModel::csvKind() {
    return OutputTarget::text("query table CSV", kCsvHeader);
}

std::string QueryFilterModel::toCsv() const {
    std::string out = std::string(kCsvHeader) + "\n";
    if (!mQueries)
        return out;
    for (int row = 0; row < rowCount(); ++row) {
        const int source = mapToSource(index(row, 0)).row();
        const QueryRecord& r = mQueries->record(source);
        const QueryNotes::Entry notes = mQueries->notesOf(source);
        out += text::csvField(r.id.toStdString()) + ',' + std::to_string(r.rank) + ',' +
               number(r.trueScore, 6) + ',' + number(r.topScore, 6) + ',' +
               text::csvField(r.topId.toStdString()) + ',' + number(r.geoError, 2) + ',' +
               text::csvField(notes.tags.join(';').toStdString()) + ',' +
               text::csvField(notes.note.toStdString()) + '\n';
    }
    return out;
}

} // namespace orinet
