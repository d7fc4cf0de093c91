#include "gui/dataset/pairfiltermodel.h"

#include "dataset/dataset.h"
#include "gui/dataset/pairtablemodel.h"

#include <cmath>
#include <limits>

namespace orinet {

namespace {

// The sort key of a numeric column; NaN (no position) sorts last.
double numericKey(const PairRecord& record, int column) {
    constexpr double none = std::numeric_limits<double>::quiet_NaN();
    switch (column) {
    case PairTableModel::EastingColumn:
        return record.utm ? record.utm->easting : none;
    case PairTableModel::NorthingColumn:
        return record.utm ? record.utm->northing : none;
    case PairTableModel::LatitudeColumn:
        return record.latLon ? record.latLon->latitude : none;
    case PairTableModel::LongitudeColumn:
        return record.latLon ? record.latLon->longitude : none;
    default:
        return none;
    }
}

} // namespace

PairFilterModel::PairFilterModel(QObject* parent)
    : QSortFilterProxyModel(parent) {}

void PairFilterModel::setPairModel(PairTableModel* model) {
    mPairs = model;
    setSourceModel(model);
    connect(model, &QAbstractItemModel::modelReset, this, [this] { setSplit(mSplit); });
}

void PairFilterModel::setSplit(const QString& split) {
    mSplit = split;
    mSplitBit = 0;
    if (mPairs && !split.isEmpty()) {
        const auto& names = mPairs->splitNames();
        for (size_t s = 0; s < names.size(); ++s)
            if (names[s] == split)
                mSplitBit = uint64_t(1) << s;
    }
    invalidateRowsFilter();
}

void PairFilterModel::setSearch(const QString& text) {
    mSearch = text.trimmed();
    invalidateRowsFilter();
}

int PairFilterModel::rowOfPair(size_t pair) const {
    if (!mPairs || pair >= static_cast<size_t>(mPairs->rowCount()))
        return -1;
    const QModelIndex index = mapFromSource(mPairs->index(static_cast<int>(pair), 0));
    return index.isValid() ? index.row() : -1;
}

size_t PairFilterModel::pairAt(int row) const {
    return mPairs->pairIndex(mapToSource(index(row, 0)).row());
}

bool PairFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex&) const {
    if (!mPairs)
        return true;
    const size_t pair = mPairs->pairIndex(sourceRow);
    if (!mSplit.isEmpty() && !(mPairs->splitMask(pair) & mSplitBit))
        return false;
    return mSearch.isEmpty() || mPairs->id(pair).contains(mSearch, Qt::CaseInsensitive);
}

bool PairFilterModel::lessThan(const QModelIndex& left, const QModelIndex& right) const {
    if (!mPairs || !mPairs->dataset())
        return QSortFilterProxyModel::lessThan(left, right);
    const size_t a = mPairs->pairIndex(left.row());
    const size_t b = mPairs->pairIndex(right.row());
    switch (left.column()) {
    case PairTableModel::IdColumn:
        return mPairs->id(a) < mPairs->id(b);
    case PairTableModel::SplitColumn:
        return mPairs->splitMask(a) < mPairs->splitMask(b);
    default: {
        const auto& pairs = mPairs->dataset()->pairs();
        const double ka = numericKey(pairs[a], left.column());
        const double kb = numericKey(pairs[b], left.column());
        if (std::isnan(ka))
            return false;
        return std::isnan(kb) || ka < kb;
    }
    }
}

} // namespace orinet
