#include "gui/dataset/pairtablemodel.h"

#include "dataset/dataset.h"
#include "gui/dataset/thumbnailcache.h"
#include "localnumber.h"

#include <QIcon>

namespace orinet {

PairTableModel::PairTableModel(QObject* parent)
    : QAbstractTableModel(parent) {
    // A blank of the thumbnail's size keeps rows from jumping while thumbnails arrive.
    mPlaceholder = QPixmap(ThumbnailCache::kStripWidth,
                           ThumbnailCache::kStripMaxHeight + 3 + ThumbnailCache::kTileSize);
    mPlaceholder.fill(QColor(0, 0, 0, 18));
}

void PairTableModel::setDataset(std::shared_ptr<const Dataset> dataset) {
    beginResetModel();
    mDataset = std::move(dataset);
    mIds.clear();
    mSplitMasks.clear();
    mSplitNames.clear();
    mHasPositions = mHasLatLon = false;
    if (mDataset) {
        const auto& pairs = mDataset->pairs();
        mIds.reserve(pairs.size());
        for (const PairRecord& pair : pairs) {
            mIds.push_back(QString::fromStdString(pair.id));
            mHasPositions |= pair.utm.has_value();
            mHasLatLon |= pair.latLon.has_value();
        }
        mSplitMasks.assign(pairs.size(), 0);
        const std::vector<std::string> names = mDataset->splitNames();
        for (size_t s = 0; s < names.size() && s < 64; ++s) {
            mSplitNames.push_back(QString::fromStdString(names[s]));
            for (size_t pair : mDataset->split(names[s]))
                mSplitMasks[pair] |= uint64_t(1) << s;
        }
    }
    endResetModel();
}

void PairTableModel::setThumbnails(ThumbnailCache* thumbnails) {
    if (mThumbnails)
        disconnect(mThumbnails, nullptr, this, nullptr);
    mThumbnails = thumbnails;
    if (mThumbnails)
        connect(mThumbnails, &ThumbnailCache::thumbnailReady, this, [this](size_t pair) {
            const QModelIndex cell = index(static_cast<int>(pair), IdColumn);
            emit dataChanged(cell, cell, {Qt::DecorationRole});
        });
    if (rowCount() > 0)
        emit dataChanged(index(0, IdColumn), index(rowCount() - 1, IdColumn), {Qt::DecorationRole});
}

QString PairTableModel::splitsText(size_t pair) const {
    QString text;
    const uint64_t mask = mSplitMasks[pair];
    for (size_t s = 0; s < mSplitNames.size(); ++s)
        if (mask & (uint64_t(1) << s))
            text += (text.isEmpty() ? QString() : QStringLiteral(", ")) + mSplitNames[s];
    return text;
}

int PairTableModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(mIds.size());
}

int PairTableModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant PairTableModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || !mDataset)
        return {};
    const size_t pair = pairIndex(index.row());
    if (role == Qt::DecorationRole && index.column() == IdColumn && mThumbnails) {
        // Only painted rows ask, so only they are decoded.
        const QPixmap thumbnail = mThumbnails->thumbnail(pair);
        return QIcon(thumbnail.isNull() ? mPlaceholder : thumbnail);
    }
    if (role == Qt::TextAlignmentRole && index.column() >= EastingColumn)
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole)
        return {};
    const PairRecord& record = mDataset->pairs()[pair];
    switch (index.column()) {
    case IdColumn:
        return mIds[pair];
    case SplitColumn:
        return splitsText(pair);
    case EastingColumn:
        return record.utm ? QVariant(localNumber(record.utm->easting, 1)) : QVariant();
    case NorthingColumn:
        return record.utm ? QVariant(localNumber(record.utm->northing, 1)) : QVariant();
    case LatitudeColumn:
        return record.latLon ? QVariant(localNumber(record.latLon->latitude, 6)) : QVariant();
    case LongitudeColumn:
        return record.latLon ? QVariant(localNumber(record.latLon->longitude, 6)) : QVariant();
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
    case SplitColumn:
        return tr("Split");
    case EastingColumn:
        return tr("Easting (m)");
    case NorthingColumn:
        return tr("Northing (m)");
    case LatitudeColumn:
        return tr("Latitude");
    case LongitudeColumn:
        return tr("Longitude");
    default:
        return {};
    }
}

} // namespace orinet
