#pragma once

#include <QAbstractTableModel>
#include <QString>

#include <cmath>
#include <cstdint>
#include <vector>

namespace orinet {

struct UtmPosition;
namespace metrics {
class EvaluationReport;
}

//! Two evaluations of the same queries (same split, direction and query order) compared at K:
//! which queries one run gets right (true match within its top K) and the other does not.
//! A table model of the chosen set: id, rank in A, rank in B, the change, and how far each
//! run's top-1 lies from the query's true position (geo error, with positions). Sorting and
//! filtering live in ComparisonFilterModel; this model stays in query order.
//!
//! Threading: compare() is a pure function; the model is GUI-thread only.
class RunComparison : public QAbstractTableModel {
    Q_OBJECT
public:
    enum class Set { OnlyA, OnlyB, Neither, Both, All };
    enum Column {
        IdColumn,
        RankAColumn,
        RankBColumn,
        ChangeColumn,
        GeoErrorAColumn,
        GeoErrorBColumn,
        ColumnCount
    };

    struct Row {
        int64_t query = 0;
        QString id;
        int64_t rankA = 0; //!< 1-based
        int64_t rankB = 0;
        int64_t topA = -1; //!< A's top-1 (split row); -1: the results do not say
        int64_t topB = -1;
        QString topIdA;
        QString topIdB;
        double geoErrorA = NAN; //!< metres from A's top-1 to the truth; NaN: unknown
        double geoErrorB = NAN;
        //! Positive: B ranks the true match higher (better) than A.
        int64_t change() const { return rankA - rankB; }
    };
    //! How many queries each set holds at K.
    struct Counts {
        size_t onlyA = 0;
        size_t onlyB = 0;
        size_t neither = 0;
        size_t both = 0;
    };

    //! Why `a` and `b` cannot be compared query by query (other split, direction, query count
    //! or ids); empty when they can.
    static QString incompatibility(const metrics::EvaluationReport& a,
                                   const metrics::EvaluationReport& b);
    //! The queries of `set` at K (OnlyA: right at K in A, wrong in B), in query order, with
    //! both top-1s and their geo errors (`positions`: one per split row, or empty). Requires
    //! compatible reports.
    static std::vector<Row> compare(const metrics::EvaluationReport& a,
                                    const metrics::EvaluationReport& b, int64_t k, Set set,
                                    const std::vector<UtmPosition>& positions = {});
    //! The sizes of the four sets at K, in one pass.
    static Counts count(const metrics::EvaluationReport& a, const metrics::EvaluationReport& b,
                        int64_t k);

    explicit RunComparison(QObject* parent = nullptr);
    void setRows(std::vector<Row> rows, const QString& nameA, const QString& nameB);
    const Row& row(int index) const { return mRows.at(static_cast<size_t>(index)); }
    //! The model row of query `query` (split row), or -1.
    int rowOfQuery(int64_t query) const;
    //! Whether any row has a geo error (the dataset has positions).
    bool hasGeoError() const { return mHasGeoError; }
    const QString& nameA() const { return mNameA; }
    const QString& nameB() const { return mNameB; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    std::vector<Row> mRows;
    std::vector<int> mRowOfQuery; //!< query → model row, -1 when not listed
    bool mHasGeoError = false;
    QString mNameA;
    QString mNameB;
};

} // namespace orinet
