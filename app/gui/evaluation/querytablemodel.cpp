#include "gui/evaluation/querytablemodel.h"

#include "common/error.h"
#include "geo/geodistance.h"
#include "metrics/evaluationreport.h"
#include "palette.h"
#include "retrieval/descriptorset.h"

#include <QBrush>
#include <QColor>
#include <QLocale>

#include <algorithm>
#include <cmath>

namespace orinet {

QueryTableModel::QueryTableModel(QObject* parent)
    : QAbstractTableModel(parent) {}

std::vector<QueryRecord> QueryTableModel::records(const metrics::EvaluationReport& report,
                                                  const DescriptorSet* descriptors,
                                                  const std::vector<UtmPosition>& positions) {
    const bool groundQueries = metrics::queriesAreGround(report.direction);
    const cv::Mat* queries = nullptr;
    const cv::Mat* gallery = nullptr;
    if (descriptors) {
        queries = groundQueries ? &descriptors->ground : &descriptors->satellite;
        gallery = groundQueries ? &descriptors->satellite : &descriptors->ground;
    }
    auto idOf = [&report](int64_t row) {
        return row >= 0 && row < static_cast<int64_t>(report.ids.size())
                   ? QString::fromStdString(report.ids[static_cast<size_t>(row)])
                   : QString::number(row);
    };
    std::vector<QueryRecord> out(static_cast<size_t>(report.queryCount));
    for (int64_t q = 0; q < report.queryCount; ++q) {
        QueryRecord& r = out[static_cast<size_t>(q)];
        r.query = q;
        r.id = idOf(q);
        r.rank = report.ranks.at(static_cast<size_t>(q)) + 1;
        if (static_cast<size_t>(q) < report.nearest.size()) {
            r.top = report.nearest[static_cast<size_t>(q)];
            r.topId = idOf(r.top);
        }
        r.topScore = static_cast<size_t>(q) < report.nearestScore.size()
                         ? report.nearestScore[static_cast<size_t>(q)]
                         : NAN;
        r.trueScore = NAN;
        if (queries && gallery && q < queries->rows && q < gallery->rows)
            r.trueScore = static_cast<float>(
                queries->row(static_cast<int>(q)).dot(gallery->row(static_cast<int>(q))));
        r.geoError = geoError(positions, r.top, q);
    }
    return out;
}

double QueryTableModel::geoError(const std::vector<UtmPosition>& positions, int64_t top,
                                 int64_t query) {
    if (top < 0 || query < 0 || static_cast<size_t>(top) >= positions.size() ||
        static_cast<size_t>(query) >= positions.size())
        return NAN;
    return utmDistance(positions[static_cast<size_t>(top)], positions[static_cast<size_t>(query)]);
}

void QueryTableModel::setRecords(std::vector<QueryRecord> records, QueryNotes notes) {
    beginResetModel();
    mRecords = std::move(records);
    mNotes = std::move(notes);
    mHasGeoError = std::any_of(mRecords.begin(), mRecords.end(),
                               [](const QueryRecord& r) { return std::isfinite(r.geoError); });
    endResetModel();
    emit tagsChanged();
}

int QueryTableModel::rowOfQuery(int64_t query) const {
    // Records are built in query order (records()), so the row is the query.
    return query >= 0 && query < static_cast<int64_t>(mRecords.size()) &&
                   mRecords[static_cast<size_t>(query)].query == query
               ? static_cast<int>(query)
               : -1;
}

QueryNotes::Entry QueryTableModel::notesOf(int row) const {
    return mNotes.entry(record(row).id);
}

bool QueryTableModel::saveNotes(QString* error) {
    try {
        mNotes.save();
        return true;
    } catch (const std::exception& e) {
        const QString message = QString::fromStdString(e.what());
        if (error)
            *error = message;
        emit notesSaveFailed(message);
        return false;
    }
}

bool QueryTableModel::setTags(int row, const QStringList& tags, QString* error) {
    const QStringList before = mNotes.allTags();
    mNotes.setTags(record(row).id, tags);
    emit dataChanged(index(row, TagsColumn), index(row, TagsColumn));
    if (mNotes.allTags() != before)
        emit tagsChanged();
    return saveNotes(error);
}

bool QueryTableModel::setNote(int row, const QString& note, QString* error) {
    mNotes.setNote(record(row).id, note);
    emit dataChanged(index(row, NoteColumn), index(row, NoteColumn));
    return saveNotes(error);
}

int QueryTableModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(mRecords.size());
}

int QueryTableModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant QueryTableModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid())
        return {};
    const QueryRecord& r = record(index.row());
    if (role == Qt::TextAlignmentRole)
        return index.column() == IdColumn || index.column() == TopIdColumn ||
                       index.column() >= TagsColumn
                   ? QVariant(Qt::AlignLeft | Qt::AlignVCenter)
                   : QVariant(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::ForegroundRole && index.column() == RankColumn && r.rank == 1)
        return QBrush(Palette::trueMatch());
    if (role != Qt::DisplayRole && role != Qt::EditRole && role != Qt::ToolTipRole)
        return {};
    // Shown in the interface language's format; sorting (QueryFilterModel) and the CSV export
    // use the records' numbers.
    const QLocale locale;
    auto score = [&locale](float s) {
        return std::isfinite(s) ? locale.toString(s, 'f', 3) : QString();
    };
    switch (index.column()) {
    case IdColumn:
        return r.id;
    case RankColumn:
        return static_cast<qlonglong>(r.rank);
    case TrueScoreColumn:
        return score(r.trueScore);
    case TopScoreColumn:
        return score(r.topScore);
    case TopIdColumn:
        return r.topId;
    case GeoErrorColumn:
        return std::isfinite(r.geoError) ? locale.toString(r.geoError, 'f', 1) : QString();
    case TagsColumn:
        return mNotes.entry(r.id).tags.join(QStringLiteral(", "));
    case NoteColumn:
        return mNotes.entry(r.id).note;
    default:
        return {};
    }
}

bool QueryTableModel::setData(const QModelIndex& index, const QVariant& value, int role) {
    if (!index.isValid() || role != Qt::EditRole)
        return false;
    if (index.column() == TagsColumn)
        setTags(index.row(), QueryNotes::parseTags(value.toString()));
    else if (index.column() == NoteColumn)
        setNote(index.row(), value.toString());
    else
        return false;
    return true; // a failed save is reported through notesSaveFailed(); the edit stays
}

Qt::ItemFlags QueryTableModel::flags(const QModelIndex& index) const {
    Qt::ItemFlags f = QAbstractTableModel::flags(index);
    if (index.column() == TagsColumn || index.column() == NoteColumn)
        f |= Qt::ItemIsEditable;
    return f;
}

QVariant QueryTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal)
        return QAbstractTableModel::headerData(section, orientation, role);
    if (role == Qt::ToolTipRole) {
        switch (section) {
        case RankColumn:
            return tr("Rank of the true match (1 = retrieved first)");
        case TrueScoreColumn:
            return tr("Similarity of the query and its true match");
        case TopScoreColumn:
            return tr("Similarity of the query and the item retrieved first");
        case GeoErrorColumn:
            return tr("Ground distance between the item retrieved first and the true location");
        default:
            return {};
        }
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (section) {
    case IdColumn:
        return tr("Query");
    case RankColumn:
        return tr("Rank");
    case TrueScoreColumn:
        return tr("True score");
    case TopScoreColumn:
        return tr("Top-1 score");
    case TopIdColumn:
        return tr("Top-1");
    case GeoErrorColumn:
        return tr("Geo error (m)");
    case TagsColumn:
        return tr("Tags");
    case NoteColumn:
        return tr("Note");
    default:
        return {};
    }
}

} // namespace orinet
