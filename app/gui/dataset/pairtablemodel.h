#pragma once

#include <QAbstractTableModel>
#include <QPixmap>
#include <QString>

#include <cstdint>
#include <memory>
#include <vector>

namespace orinet {

class Dataset;
class ThumbnailCache;

//! Every pair of a dataset as a table, row = pair index: id (with its thumbnail as decoration),
//! splits, easting, northing, latitude, longitude. Filtering by split and id, and sorting, are
//! PairFilterModel's; this model only answers for rows, so opening a 100,000-pair dataset costs
//! one pass over its splits.
//!
//! Holds a shared, immutable Dataset, so views and background jobs can read it concurrently.
//! Threading: GUI thread only.
class PairTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column {
        IdColumn,
        SplitColumn,
        EastingColumn,
        NorthingColumn,
        LatitudeColumn,
        LongitudeColumn,
        ColumnCount
    };

    explicit PairTableModel(QObject* parent = nullptr);

    void setDataset(std::shared_ptr<const Dataset> dataset);
    const std::shared_ptr<const Dataset>& dataset() const { return mDataset; }
    //! The dataset pair index of a row (rows are pairs).
    size_t pairIndex(int row) const { return static_cast<size_t>(row); }
    //! Split names, in the bit order of splitMask().
    const std::vector<QString>& splitNames() const { return mSplitNames; }
    //! Bit i set: the pair belongs to splitNames()[i].
    uint64_t splitMask(size_t pair) const { return mSplitMasks.at(pair); }
    const QString& id(size_t pair) const { return mIds.at(pair); }
    bool hasPositions() const { return mHasPositions; }
    bool hasLatLon() const { return mHasLatLon; }

    //! Where DecorationRole of the id column comes from; null: no thumbnails.
    void setThumbnails(ThumbnailCache* thumbnails);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    QString splitsText(size_t pair) const;

    std::shared_ptr<const Dataset> mDataset;
    std::vector<QString> mIds;
    std::vector<uint64_t> mSplitMasks;
    std::vector<QString> mSplitNames;
    bool mHasPositions = false;
    bool mHasLatLon = false;
    ThumbnailCache* mThumbnails = nullptr;
    QPixmap mPlaceholder;
};

} // namespace orinet
