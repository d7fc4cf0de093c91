#pragma once

#include <QSortFilterProxyModel>

namespace orinet {

class PairTableModel;

//! The dataset browser's view of a PairTableModel: one split (or all pairs), an id search,
//! and sorting on any column (numbers numerically, pairs without a position last).
class PairFilterModel : public QSortFilterProxyModel {
    Q_OBJECT
public:
    explicit PairFilterModel(QObject* parent = nullptr);

    void setPairModel(PairTableModel* model);
    PairTableModel* pairModel() const { return mPairs; }

    //! Only pairs of this split; empty shows all.
    void setSplit(const QString& split);
    const QString& split() const { return mSplit; }
    //! Only pairs whose id contains `text` (case-insensitive); empty shows all.
    void setSearch(const QString& text);
    const QString& search() const { return mSearch; }

    //! The view row of a dataset pair, or -1 when the filters hide it.
    int rowOfPair(size_t pair) const;
    //! The dataset pair of a view row.
    size_t pairAt(int row) const;

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;
    bool lessThan(const QModelIndex& left, const QModelIndex& right) const override;

private:
    PairTableModel* mPairs = nullptr;
    QString mSplit;
    uint64_t mSplitBit = 0; //!< 0: all splits
    QString mSearch;
};

} // namespace orinet
