#include "gui/evaluation/runcomparison.h"

#include "metrics/evaluationreport.h"

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

std::vector<RunComparison::Row> RunComparison::compare(const metrics::EvaluationReport& a,
                                                       const metrics::EvaluationReport& b,
                                                       int64_t k, Set set) {
    std::vector<Row> rows;
    const size_t n = std::min(a.ranks.size(), b.ranks.size());
    for (size_t q = 0; q < n; ++q) {
        // ranks are 0-based: right at K means rank < K
        const bool rightA = a.ranks[q] < k;
        const bool rightB = b.ranks[q] < k;
        const bool wanted = set == Set::All || (set == Set::OnlyA && rightA && !rightB) ||
                            (set == Set::OnlyB && rightB && !rightA) ||
                            (set == Set::Neither && !rightA && !rightB) ||
                            (set == Set::Both && rightA && rightB);
        if (!wanted)
            continue;
        Row row;
        row.query = static_cast<int64_t>(q);
        row.id = q < a.ids.size() ? QString::fromStdString(a.ids[q]) : QString::number(q);
        row.rankA = a.ranks[q] + 1;
        row.rankB = b.ranks[q] + 1;
        rows.push_back(row);
    }
    return rows;
}

RunComparison::RunComparison(QObject* parent)
    : QAbstractTableModel(parent) {}

void RunComparison::setRows(std::vector<Row> rows, const QString& nameA, const QString& nameB) {
    beginResetModel();
    mRows = std::move(rows);
    mNameA = nameA;
    mNameB = nameB;
    endResetModel();
    emit headerDataChanged(Qt::Horizontal, 0, ColumnCount - 1);
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
    if (role == Qt::TextAlignmentRole)
        return index.column() == IdColumn ? QVariant(Qt::AlignLeft | Qt::AlignVCenter)
                                          : QVariant(Qt::AlignRight | Qt::AlignVCenter);
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
        // positive: B ranks the true match higher (better) than A
        return static_cast<qlonglong>(r.rankA - r.rankB);
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
    default:
        return {};
    }
}

} // namespace orinet
