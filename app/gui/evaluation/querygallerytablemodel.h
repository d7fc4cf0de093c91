#pragma once

#include <QAbstractTableModel>

#include <memory>
#include <vector>

namespace orinet::metrics {
class QueryGalleryReport;
}

namespace orinet {

//! The queries of a query/gallery evaluation (querygallery.json, docs/vigor.md) as a table:
//! name, rank of the positive, hit, whether the top-1 covers the panorama, metres to the top-1
//! tile. Qt::UserRole holds each cell's sort key (numbers, so 10 sorts after 9); kQueryRole the
//! query's index in the report. With misses only, the queries whose top-1 tile does not cover
//! the panorama are listed, the ones a researcher looks at first.
class QueryGalleryTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Name, Rank, Hit, Covers, Metres, ColumnCount };
    static constexpr int kQueryRole = Qt::UserRole + 1;

    explicit QueryGalleryTableModel(QObject* parent = nullptr);

    void setReport(std::shared_ptr<const metrics::QueryGalleryReport> report);
    void setMissesOnly(bool missesOnly);
    bool missesOnly() const { return mMissesOnly; }
    //! The report's query index of a row of this model.
    int64_t queryAt(int row) const { return mRows.at(static_cast<size_t>(row)); }
    //! The row of a report query, or -1 when the filter hides it.
    int rowOf(int64_t query) const;
    int64_t totalQueries() const;
    //! A query's name as listed: without the position VIGOR's panorama names carry.
    static QString shortName(const std::string& name);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    void rebuild();

    std::shared_ptr<const metrics::QueryGalleryReport> mReport;
    std::vector<int64_t> mRows;
    bool mMissesOnly = false;
};

} // namespace orinet
