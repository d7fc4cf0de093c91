#pragma once

#include "common/outputtarget.h"

#include <QAbstractTableModel>
#include <QString>

#include <memory>
#include <string>
#include <vector>

namespace orinet::metrics {
class QueryGalleryReport;
}

namespace orinet {

//! Two query/gallery results (querygallery.json, docs/vigor.md) of the same split and query
//! order compared query by query, as Compare Runs does for one-to-one results: the rank of the
//! positive tile in A and in B, the change (positive: B ranks it higher, i.e. better) and the
//! metres to each top-1 tile, all read from the saved results. Qt::UserRole holds each cell's
//! sort key, kQueryRole the query's index in the reports (the same in both). A filter lists
//! only the queries B improves, or only those it makes worse.
class QueryGalleryComparison : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Name, RankA, RankB, Change, MetresA, MetresB, ColumnCount };
    enum class Filter { All, Improved, Worse };
    static constexpr int kQueryRole = Qt::UserRole + 1;

    //! A headline figure of both results; lower is better for metres, higher for fractions.
    struct Figure {
        QString label; //!< "r@1", "median m", …
        double a = 0;  //!< fraction of queries, or metres
        double b = 0;
        bool metres = false; //!< a distance (lower is better), else a fraction
        double delta() const { return b - a; }
    };

    //! Why `b` cannot be compared with `a` query by query (another dataset root, protocol,
    //! split, gallery, or another query set or order); empty when it can. Names no file: the
    //! caller says which.
    static QString incompatibility(const metrics::QueryGalleryReport& a,
                                   const metrics::QueryGalleryReport& b);
    //! The headline figures of both: r@1, r@5, r@10, r@1 %, hit rate, and the median metres to
    //! the top-1 tile when both results have positions.
    static std::vector<Figure> figures(const metrics::QueryGalleryReport& a,
                                       const metrics::QueryGalleryReport& b);

    explicit QueryGalleryComparison(QObject* parent = nullptr);

    //! Compares `b` with `a` (compatible reports; either null: nothing listed).
    void setReports(std::shared_ptr<const metrics::QueryGalleryReport> a,
                    std::shared_ptr<const metrics::QueryGalleryReport> b);
    const std::shared_ptr<const metrics::QueryGalleryReport>& reportA() const { return mA; }
    const std::shared_ptr<const metrics::QueryGalleryReport>& reportB() const { return mB; }
    void setFilter(Filter filter);
    Filter filter() const { return mFilter; }

    //! The report query of a row of this model.
    int64_t queryAt(int row) const { return mRows.at(static_cast<size_t>(row)); }
    //! The row of a report query, or -1 when the filter hides it.
    int rowOf(int64_t query) const;
    int64_t totalQueries() const;
    //! 1-based ranks of the positive tile of a report query in A and in B.
    int64_t rankA(int64_t query) const;
    int64_t rankB(int64_t query) const;
    //! Positive: B ranks the positive higher than A does.
    int64_t change(int64_t query) const { return rankA(query) - rankB(query); }

    //! `queries` (report indices, in the order given: the view's) as CSV, header and one line
    //! each: query, rank_a, rank_b, change, top1_metres_a, top1_metres_b (empty without
    //! positions), top1_a, top1_b (gallery names).
    std::string toCsv(const std::vector<int64_t>& queries) const;
    //! What toCsv() writes, for OutputTarget: a user's own CSV at the path is not replaced.
    static OutputTarget::FileKind csvKind();

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    void rebuild();

    std::shared_ptr<const metrics::QueryGalleryReport> mA;
    std::shared_ptr<const metrics::QueryGalleryReport> mB;
    std::vector<int64_t> mRows;
    Filter mFilter = Filter::All;
};

} // namespace orinet
