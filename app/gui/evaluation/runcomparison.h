#pragma once

#include <QAbstractTableModel>
#include <QString>

#include <cstdint>
#include <vector>

namespace orinet {

namespace metrics {
class EvaluationReport;
}

//! Two evaluations of the same queries (same split, direction and query order) compared at K:
//! which queries one run gets right (true match within its top K) and the other does not.
//! A table model of the chosen set: id, rank in A, rank in B, and the change.
//!
//! Threading: compare() is a pure function; the model is GUI-thread only.
class RunComparison : public QAbstractTableModel {
    Q_OBJECT
public:
    enum class Set { OnlyA, OnlyB, Neither, Both, All };
    enum Column { IdColumn, RankAColumn, RankBColumn, ChangeColumn, ColumnCount };

    struct Row {
        int64_t query = 0;
        QString id;
        int64_t rankA = 0; //!< 1-based
        int64_t rankB = 0;
    };

    //! Why `a` and `b` cannot be compared query by query (other split, direction, query count
    //! or ids); empty when they can.
    static QString incompatibility(const metrics::EvaluationReport& a,
                                   const metrics::EvaluationReport& b);
    //! The queries of `set` at K (OnlyA: right at K in A, wrong in B), in query order.
    //! Requires compatible reports.
    static std::vector<Row> compare(const metrics::EvaluationReport& a,
                                    const metrics::EvaluationReport& b, int64_t k, Set set);

    explicit RunComparison(QObject* parent = nullptr);
    void setRows(std::vector<Row> rows, const QString& nameA, const QString& nameB);
    const Row& row(int index) const { return mRows.at(static_cast<size_t>(index)); }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    std::vector<Row> mRows;
    QString mNameA;
    QString mNameB;
};

} // namespace orinet
