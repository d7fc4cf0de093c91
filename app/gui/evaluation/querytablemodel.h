#pragma once

#include "gui/evaluation/querynotes.h"

#include <QAbstractTableModel>

#include <cmath>
#include <cstdint>
#include <memory>
#include <vector>

namespace orinet {

class DescriptorSet;
struct UtmPosition;
namespace metrics {
class EvaluationReport;
} // namespace metrics

//! What the failure inspector lists for one evaluation query.
struct QueryRecord {
    int64_t query = 0; //!< row of the split (= descriptor row = the true match's gallery row)
    QString id;
    int64_t rank = 0;      //!< 1-based rank of the true match
    float trueScore = 0;   //!< similarity of the query and its true match
    float topScore = 0;    //!< similarity of the query and the top-1 item
    int64_t top = -1;      //!< the top-1 gallery row
    QString topId;         //!< its id
    double geoError = NAN; //!< metres between the top-1 item and the truth; NaN: no positions
};

//! The queries of one evaluation as a table: id, rank of the true match, score of the true
//! match, score of the top-1 item, top-1 id, geo error of the top-1 in metres, tags, note.
//! Tags and notes are editable and written to the run's QueryNotes at once.
//!
//! Sorting and filtering live in QueryFilterModel (a proxy); this model stays in query order.
//! Threading: records() is a pure function for a worker thread; the model is GUI-thread only.
class QueryTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column {
        IdColumn,
        RankColumn,
        TrueScoreColumn,
        TopScoreColumn,
        TopIdColumn,
        GeoErrorColumn,
        TagsColumn,
        NoteColumn,
        ColumnCount
    };

    explicit QueryTableModel(QObject* parent = nullptr);

    //! One record per query of `report`. The true match's score needs the descriptors (the
    //! report keeps only the top-1's); without them it is NaN. `positions` (one per split row,
    //! or empty) give the geo error.
    static std::vector<QueryRecord> records(const metrics::EvaluationReport& report,
                                            const DescriptorSet* descriptors,
                                            const std::vector<UtmPosition>& positions);
    //! Metres between gallery row `top` and the true position of query `query` (split rows,
    //! `positions` one per split row); NaN when either is unknown. The geo error of the
    //! failure inspector and of Compare Runs.
    static double geoError(const std::vector<UtmPosition>& positions, int64_t top, int64_t query);

    void setRecords(std::vector<QueryRecord> records, QueryNotes notes);
    const std::vector<QueryRecord>& records() const { return mRecords; }
    const QueryRecord& record(int row) const { return mRecords.at(static_cast<size_t>(row)); }
    //! The row of query `query` (split row), or -1.
    int rowOfQuery(int64_t query) const;
    bool hasGeoError() const { return mHasGeoError; }

    const QueryNotes& notes() const { return mNotes; }
    QueryNotes::Entry notesOf(int row) const;
    //! Sets the tags / note of a row and saves the notes file. Returns false with the reason
    //! in `error` when it cannot be written (the edit is kept in memory).
    bool setTags(int row, const QStringList& tags, QString* error = nullptr);
    bool setNote(int row, const QString& note, QString* error = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex& index, const QVariant& value, int role) override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

signals:
    //! The notes file could not be written.
    void notesSaveFailed(const QString& message);
    //! The set of tags in use changed.
    void tagsChanged();

private:
    bool saveNotes(QString* error);

    std::vector<QueryRecord> mRecords;
    QueryNotes mNotes;
    bool mHasGeoError = false;
};

} // namespace orinet
