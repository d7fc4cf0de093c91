#include "pairtablemodel.h"

#include "dataset/dataset.h"

#include <numeric>

namespace orinet {

PairTableModel::PairTableModel(QObject* parent)
    : QAbstractTableModel(parent) {}

void PairTableModel::setDataset(std::shared_ptr<const Dataset> dataset, const QString& split) {
    beginResetModel();
    mDataset = std::move(dataset);
    mRows.clear();
    if (mDataset) {
        if (split.isEmpty()) {
            mRows.resize(mDataset->pairs().size());
            std::iota(mRows.begin(), mRows.end(), size_t{0});
        } else {
            mRows = mDataset->split(split.toStdString());
        }
    }
    endResetModel();
}

int PairTableModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(mRows.size());
}

int PairTableModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant PairTableModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || !mDataset || role != Qt::DisplayRole)
        return {};
    const PairRecord& pair = mDataset->pairs().at(mRows.at(static_cast<size_t>(index.row())));
    switch (index.column()) {
    case IdColumn:
        return QString::fromStdString(pair.id);
    case EastingColumn:
        return pair.utm ? QVariant(QString::number(pair.utm->easting, 'f', 1)) : QVariant();
    case NorthingColumn:
        return pair.utm ? QVariant(QString::number(pair.utm->northing, 'f', 1)) : QVariant();
    default:
        return {};
    }
}

QVariant PairTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case IdColumn:
        return tr("Id");
    case EastingColumn:
        return tr("Easting (m)");
    case NorthingColumn:
        return tr("Northing (m)");
    default:
        return {};
    }
}

} // namespace orinet
