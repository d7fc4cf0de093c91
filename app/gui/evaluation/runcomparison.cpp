#include "gui/evaluation/runcomparison.h"

#include "geo/geopoint.h"
#include "gui/evaluation/querytablemodel.h"
#include "metrics/evaluationreport.h"

#include <QLocale>

#include <algorithm>

namespace orinet {

QString RunComparison::incompatibility(const metrics::EvaluationReport& a,
                                       const metrics::EvaluationReport& b) {
    if (a.direction != b.direction)
        return tr("different directions (%1 and %2)")
            .arg(QString::fromStdString(metrics::toString(a.direction)),
                 QString::fromStdString(metrics::toString(b.direction)));
    if (!a.provenance.split.empty() && !b.provenance.split.empty() &&
        a.provenance.split != b.provenance.split)
        return tr("different splits (%1 and %2)")
            .arg(QString::fromStdString(a.provenance.split),
                 QString::fromStdString(b.provenance.split));
    if (a.ranks.size() != b.ranks.size())
        return tr("different numbers of queries (%1 and %2)")
            .arg(a.ranks.size())
            .arg(b.ranks.size());
    if (!a.ids.empty() && !b.ids.empty() && a.ids != b.ids)
        return tr("the queries are not the same (different ids or order)");
    return {};
}

namespace {

bool rightAt(const metrics::EvaluationReport& report, size_t q, int64_t k) {
    return report.ranks[q] < k; // ranks are 0-based: right at K means rank < K
}

} // namespace

std::vector<RunComparison::Row> RunComparison::compare(const metrics::EvaluationReport& a,
                                                       const metrics::EvaluationReport& b,
                                                       int64_t k, Set set,
                                                       const std::vector<UtmPosition>& positions) {
    std::vector<Row> rows;
    const size_t n = std::min(a.ranks.size(), b.ranks.size());
    auto idOf = [&a](int64_t row) {
        return row >= 0 && static_cast<size_t>(row) < a.ids.size()
                   ? QString::fromStdString(a.ids[static_cast<size_t>(row)])
                   : QString::number(row);
    };
    auto topOf = [](const metrics::EvaluationReport& r, size_t q) -> int64_t {
        return q < r.nearest.size() ? r.nearest[q] : -1;
    };
    for (size_t q = 0; q < n; ++q) {
        const bool rightA = rightAt(a, q, k);
        const bool rightB = rightAt(b, q, k);
        const bool wanted = set == Set::All || (set == Set::OnlyA && rightA && !rightB) ||
                            (set == Set::OnlyB && rightB && !rightA) ||
                            (set == Set::Neither && !rightA && !rightB) ||
                            (set == Set::Both && rightA && rightB);
        if (!wanted)
            continue;
        Row row;
        row.query = static_cast<int64_t>(q);
        row.id = idOf(row.query);
        row.rankA = a.ranks[q] + 1;
        row.rankB = b.ranks[q] + 1;
        row.topA = topOf(a, q);
        row.topB = topOf(b, q);
        if (row.topA >= 0)
            row.topIdA = idOf(row.topA);
        if (row.topB >= 0)
            row.topIdB = idOf(row.topB);
        row.geoErrorA = QueryTableModel::geoError(positions, row.topA, row.query);
        row.geoErrorB = QueryTableModel::geoError(positions, row.topB, row.query);
        rows.push_back(std::move(row));
    }
    return rows;
}

RunComparison::Counts RunComparison::count(const metrics::EvaluationReport& a,
                                           const metrics::EvaluationReport& b, int64_t k) {
    Counts counts;
    const size_t n = std::min(a.ranks.size(), b.ranks.size());
    for (size_t q = 0; q < n; ++q) {
        const bool rightA = rightAt(a, q, k), rightB = rightAt(b, q, k);
        ++(rightA ? (rightB ? counts.both : counts.onlyA)
                  : (rightB ? counts.onlyB : counts.neither));
    }
    return counts;
}

RunComparison::RunComparison(QObject* parent)
    : QAbstractTableModel(parent) {}

void RunComparison::setRows(std::vector<Row> rows, const QString& nameA, const QString& nameB) {
    beginResetModel();
    mRows = std::move(rows);
    mRowOfQuery.clear();
    mHasGeoError = false;
    for (size_t i = 0; i < mRows.size(); ++i) {
        const Row& r = mRows[i];
        if (r.query >= static_cast<int64_t>(mRowOfQuery.size()))
            mRowOfQuery.resize(static_cast<size_t>(r.query) + 1, -1);
        mRowOfQuery[static_cast<size_t>(r.query)] = static_cast<int>(i);
        mHasGeoError = mHasGeoError || std::isfinite(r.geoErrorA) || std::isfinite(r.geoErrorB);
    }
    mNameA = nameA;
    mNameB = nameB;
    endResetModel();
    emit headerDataChanged(Qt::Horizontal, 0, ColumnCount - 1);
}

int RunComparison::rowOfQuery(int64_t query) const {
    return query >= 0 && static_cast<size_t>(query) < mRowOfQuery.size()
               ? mRowOfQuery[static_cast<size_t>(query)]
               : -1;
}

int RunComparison::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(mRows.size());
}

int RunComparison::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant RunComparison::data(const QModelIndex& index, int role) const {
    if (!index.isValid())
        return {};
    const Row& r = row(index.row());
    const bool geo = index.column() == GeoErrorAColumn || index.column() == GeoErrorBColumn;
    const bool sideA = index.column() == GeoErrorAColumn;
    if (role == Qt::TextAlignmentRole)
        return index.column() == IdColumn ? QVariant(Qt::AlignLeft | Qt::AlignVCenter)
                                          : QVariant(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::ToolTipRole && geo) {
        const QString& top = sideA ? r.topIdA : r.topIdB;
        if (top.isEmpty())
            return {};
        return tr("Top-1 of %1: %2").arg(sideA ? mNameA : mNameB, top);
    }
    if (role != Qt::DisplayRole && role != Qt::EditRole)
        return {};
    switch (index.column()) {
    case IdColumn:
        return r.id;
    case RankAColumn:
        return static_cast<qlonglong>(r.rankA);
    case RankBColumn:
        return static_cast<qlonglong>(r.rankB);
    case ChangeColumn:
        return static_cast<qlonglong>(r.change());
    case GeoErrorAColumn:
    case GeoErrorBColumn: {
        const double metres = sideA ? r.geoErrorA : r.geoErrorB;
        if (role == Qt::EditRole)
            return metres;
        return std::isfinite(metres) ? QLocale().toString(metres, 'f', 1) : QString();
    }
    default:
        return {};
    }
}

QVariant RunComparison::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal)
        return QAbstractTableModel::headerData(section, orientation, role);
    if (role == Qt::ToolTipRole && section == ChangeColumn)
        return tr("Rank in A minus rank in B: positive when B ranks the true match higher");
    // Short headers: a run's full name ("run (last e3, BN original)") would push the B and
    // change columns out of the table; the names are in the A/B choosers and the tooltips.
    if (role == Qt::ToolTipRole && (section == RankAColumn || section == RankBColumn)) {
        const QString& name = section == RankAColumn ? mNameA : mNameB;
        if (!name.isEmpty())
            return tr("Rank of the true match in %1").arg(name);
    }
    if (role == Qt::ToolTipRole && (section == GeoErrorAColumn || section == GeoErrorBColumn)) {
        const QString& name = section == GeoErrorAColumn ? mNameA : mNameB;
        return tr("Metres from the top-1 of %1 to the query's true position").arg(name);
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (section) {
    case IdColumn:
        return tr("Query");
    case RankAColumn:
        return tr("Rank A");
    case RankBColumn:
        return tr("Rank B");
    case ChangeColumn:
        return tr("Change");
    case GeoErrorAColumn:
        return tr("Geo A (m)");
    case GeoErrorBColumn:
        return tr("Geo B (m)");
    default:
        return {};
    }
}

} // namespace orinet
