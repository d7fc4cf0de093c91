#pragma once

#include <QAbstractTableModel>

#include <memory>
#include <vector>

namespace orinet {

class Dataset;

//! The pairs of one split of a dataset as a table: id, split, easting, northing.
//! Holds a shared, immutable Dataset, so views and background jobs can read it concurrently.
class PairTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { IdColumn, EastingColumn, NorthingColumn, ColumnCount };

    explicit PairTableModel(QObject* parent = nullptr);

    //! Shows the pairs of `split` (all pairs when empty).
    void setDataset(std::shared_ptr<const Dataset> dataset, const QString& split);
    const std::shared_ptr<const Dataset>& dataset() const { return mDataset; }
    //! The dataset pair index of a table row.
    size_t pairIndex(int row) const { return mRows.at(static_cast<size_t>(row)); }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    std::shared_ptr<const Dataset> mDataset;
    std::vector<size_t> mRows;
};

} // namespace orinet
