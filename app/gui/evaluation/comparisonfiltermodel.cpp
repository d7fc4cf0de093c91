#include "gui/evaluation/comparisonfiltermodel.h"

#include "common/numbertext.h"
#include "common/textformat.h"
#include "gui/evaluation/queryfiltermodel.h"
#include "gui/evaluation/runcomparison.h"

#include <cmath>

namespace orinet {

namespace {

constexpr const char* kCsvHeader =
    "query_id,rank_a,rank_b,change,geo_error_a_m,geo_error_b_m,top1_id_a,top1_id_b";

bool accepts(ComparisonFilterModel::Geo condition, double metres, double limit) {
    switch (condition) {
    case ComparisonFilterModel::Geo::Within:
        return metres <= limit; // false for NaN
    case ComparisonFilterModel::Geo::Beyond:
        return metres > limit;
    default:
        return true;
    }
}

//! For the CSV: a '.' decimal point whatever the locale; empty when unknown.
std::string number(double value, int decimals) {
    return std::isfinite(value) ? text::fixed(value, decimals) : std::string();
}

} // namespace

ComparisonFilterModel::ComparisonFilterModel(QObject* parent)
    : QSortFilterProxyModel(parent) {
    setSortRole(Qt::EditRole);
}

void ComparisonFilterModel::setComparison(RunComparison* model) {
    mComparison = model;
    setSourceModel(model);
}

void ComparisonFilterModel::setGeoFilter(Geo a, Geo b, double metres) {
    if (a == mGeoA && b == mGeoB && metres == mMetres)
        return;
    mGeoA = a;
    mGeoB = b;
    mMetres = std::max(0.0, metres);
    // Qt 6.x: invalidateRowsFilter() keeps the sort and re-runs only the row filter.
    invalidateRowsFilter();
}

bool ComparisonFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex&) const {
    if (!mComparison)
        return true;
    const RunComparison::Row& r = mComparison->row(sourceRow);
    return accepts(mGeoA, r.geoErrorA, mMetres) && accepts(mGeoB, r.geoErrorB, mMetres);
}

bool ComparisonFilterModel::lessThan(const QModelIndex& left, const QModelIndex& right) const {
    if (!mComparison)
        return QSortFilterProxyModel::lessThan(left, right);
    const RunComparison::Row& a = mComparison->row(left.row());
    const RunComparison::Row& b = mComparison->row(right.row());
    // Ties keep query order, so a sorted list reads the same every time.
    auto byQuery = [&](auto x, auto y) { return x != y ? x < y : a.query < b.query; };
    switch (left.column()) {
    case RunComparison::IdColumn:
        return QString::compare(a.id, b.id, Qt::CaseInsensitive) < 0;
    case RunComparison::RankAColumn:
        return byQuery(a.rankA, b.rankA);
    case RunComparison::RankBColumn:
        return byQuery(a.rankB, b.rankB);
    case RunComparison::ChangeColumn:
        return byQuery(a.change(), b.change());
    case RunComparison::GeoErrorAColumn:
        return QueryFilterModel::lessWithNaNLast(a.geoErrorA, b.geoErrorA);
    case RunComparison::GeoErrorBColumn:
        return QueryFilterModel::lessWithNaNLast(a.geoErrorB, b.geoErrorB);
    default:
        return QSortFilterProxyModel::lessThan(left, right);
    }
}

OutputTarget::FileKind ComparisonFilterModel::csvKind() {
    return OutputTarget::text("run comparison CSV", kCsvHeader);
}

std::string ComparisonFilterModel::toCsv() const {
    std::string out = std::string(kCsvHeader) + "\n";
    if (!mComparison)
        return out;
    out.reserve(out.size() + static_cast<size_t>(rowCount()) * 48);
    for (int row = 0; row < rowCount(); ++row) {
        const RunComparison::Row& r = mComparison->row(mapToSource(index(row, 0)).row());
        out += text::csvField(r.id.toStdString()) + ',' + std::to_string(r.rankA) + ',' +
               std::to_string(r.rankB) + ',' + std::to_string(r.change()) + ',' +
               number(r.geoErrorA, 2) + ',' + number(r.geoErrorB, 2) + ',' +
               text::csvField(r.topIdA.toStdString()) + ',' +
               text::csvField(r.topIdB.toStdString()) + '\n';
    }
    return out;
}

} // namespace orinet
