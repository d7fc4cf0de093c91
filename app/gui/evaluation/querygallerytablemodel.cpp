#include "gui/evaluation/querygallerytablemodel.h"

#include "localnumber.h"
#include "metrics/querygalleryreport.h"

#include <QBrush>
#include <QColor>

#include <algorithm>

namespace orinet {

QueryGalleryTableModel::QueryGalleryTableModel(QObject* parent)
    : QAbstractTableModel(parent) {}

void QueryGalleryTableModel::setReport(std::shared_ptr<const metrics::QueryGalleryReport> report) {
    beginResetModel();
    mReport = std::move(report);
    rebuild();
    endResetModel();
}

void QueryGalleryTableModel::setMissesOnly(bool missesOnly) {
    if (missesOnly == mMissesOnly)
        return;
    beginResetModel();
    mMissesOnly = missesOnly;
    rebuild();
    endResetModel();
}

void QueryGalleryTableModel::rebuild() {
    mRows.clear();
    if (!mReport)
        return;
    for (size_t q = 0; q < mReport->queries.size(); ++q)
        if (!mMissesOnly || !mReport->queries[q].top1Covers)
            mRows.push_back(static_cast<int64_t>(q));
}

QString QueryGalleryTableModel::shortName(const std::string& name) {
    // "City/<prefix>,<lat>,<lon>,.jpg" (VIGOR's panorama names) → "City/<prefix>": the position
    // is what the map shows; the whole name is the tooltip.
    const QString full = QString::fromStdString(name);
    const int comma = full.indexOf(QLatin1Char(','));
    return comma > 0 ? full.left(comma) : full;
}

int QueryGalleryTableModel::rowOf(int64_t query) const {
    const auto found = std::lower_bound(mRows.begin(), mRows.end(), query);
    return found != mRows.end() && *found == query ? static_cast<int>(found - mRows.begin()) : -1;
}

int64_t QueryGalleryTableModel::totalQueries() const {
    return mReport ? static_cast<int64_t>(mReport->queries.size()) : 0;
}

int QueryGalleryTableModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(mRows.size());
}

int QueryGalleryTableModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant QueryGalleryTableModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || !mReport)
        return {};
    const int64_t q = mRows.at(static_cast<size_t>(index.row()));
    const metrics::QueryGalleryReport::Query& query = mReport->queries.at(static_cast<size_t>(q));
    if (role == kQueryRole)
        return QVariant::fromValue<qlonglong>(q);
    if (role == Qt::UserRole) {
        switch (index.column()) {
        case Name:
            return QString::fromStdString(query.name);
        case Rank:
            return QVariant::fromValue<qlonglong>(query.rank);
        case Hit:
            return query.hit ? 1 : 0;
        case Covers:
            return query.top1Covers ? 1 : 0;
        case Metres:
            return query.top1Metres;
        }
    }
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case Name:
            return shortName(query.name);
        case Rank:
            return QVariant::fromValue<qlonglong>(query.rank + 1);
        case Hit:
            return query.hit ? tr("yes") : tr("no");
        case Covers:
            return query.top1Covers ? tr("yes") : tr("no");
        case Metres:
            return query.top1Metres < 0 ? QString() : localNumber(query.top1Metres, 1);
        }
    }
    if (role == Qt::ForegroundRole && index.column() == Covers)
        return QBrush(query.top1Covers ? QColor(0, 130, 70) : QColor(200, 40, 50));
    if (role == Qt::TextAlignmentRole && index.column() != Name)
        return int(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::ToolTipRole && index.column() == Name)
        return QString::fromStdString(query.name);
    return {};
}

QVariant QueryGalleryTableModel::headerData(int section, Qt::Orientation orientation,
                                            int role) const {
    if (orientation != Qt::Horizontal)
        return {};
    if (role == Qt::DisplayRole) {
        switch (section) {
        case Name:
            return tr("Query");
        case Rank:
            return tr("Rank");
        case Hit:
            return tr("Hit");
        case Covers:
            return tr("Covers");
        case Metres:
            return tr("Metres");
        }
    }
    if (role == Qt::ToolTipRole) {
        switch (section) {
        case Rank:
            return tr("Rank of the positive tile (1 = retrieved first)");
        case Hit:
            return tr("Hit rate as VIGOR counts it: only semi-positives are more similar than the "
                      "positive");
        case Covers:
            return tr("The most similar tile is the positive or a semi-positive");
        case Metres:
            return tr("Metres from the panorama's position to the centre of the top-1 tile");
        }
    }
    return {};
}

} // namespace orinet
