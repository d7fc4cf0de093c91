#pragma once

#include "common/outputtarget.h"

#include <QSortFilterProxyModel>

#include <string>

namespace orinet {

class QueryTableModel;

//! Sorts and filters a QueryTableModel for the failure inspector: numeric sorting on every
//! numeric column (unknown values last), and the filters "rank > K", "geo error > d metres",
//! "has tag" and "id contains". All filters hold at once.
class QueryFilterModel : public QSortFilterProxyModel {
    Q_OBJECT
public:
    explicit QueryFilterModel(QObject* parent = nullptr);

    void setQueryModel(QueryTableModel* model);
    QueryTableModel* queryModel() const { return mQueries; }

    //! Only queries whose true match ranks below K (rank > K); 0 shows all.
    void setMinimumRank(int k);
    //! Only queries whose top-1 lies farther than `metres` from the truth; 0 shows all (also
    //! the queries without positions).
    void setMinimumGeoError(double metres);
    //! Only queries carrying `tag`; empty shows all.
    void setTag(const QString& tag);
    //! Only queries whose id contains `text` (case-insensitive); empty shows all.
    void setSearch(const QString& text);

    //! The visible rows in view order as CSV (header + one line per query): id, rank,
    //! true_score, top1_score, top1_id, geo_error_m, tags, note.
    std::string toCsv() const;
    //! What toCsv() writes, for OutputTarget: a user's own CSV at the path is not replaced.
    static OutputTarget::FileKind csvKind();
    //! Ascending order with unknown values (NaN) after every known one: geo errors and scores
    //! sort this way here and in Compare Runs.
    static bool lessWithNaNLast(double a, double b);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;
    bool lessThan(const QModelIndex& left, const QModelIndex& right) const override;

private:
    void refilter();

    QueryTableModel* mQueries = nullptr;
    int mMinimumRank = 0;
    double mMinimumGeoError = 0;
    QString mTag;
    QString mSearch;
};

} // namespace orinet
