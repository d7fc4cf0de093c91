#pragma once

#include <QHash>
#include <QString>
#include <QStringList>

namespace orinet {

//! Tags and free-text notes a researcher attaches to evaluation queries (by query id), kept in
//! a small JSON file in the run folder so they survive re-evaluation and travel with the run:
//!
//!     {"format": "orinet-query-notes", "version": 1,
//!      "queries": {"<id>": {"tags": ["night", "occluded"], "note": "..."}}}
//!
//! Ids are pair ids, so the same notes show in both directions and for every checkpoint.
//! Plain value class; not thread-safe.
class QueryNotes {
public:
    struct Entry {
        QStringList tags;
        QString note;
        bool isEmpty() const { return tags.isEmpty() && note.isEmpty(); }
    };

    QueryNotes() = default;
    //! Notes saved to `path`; an empty path keeps them in memory only.
    explicit QueryNotes(QString path);

    //! Reads `path`; a missing file gives empty notes bound to it. Throws orinet::Error naming
    //! the file when it exists but is not a notes file (it is then never overwritten).
    static QueryNotes load(const QString& path);
    //! Writes atomically (the old file stays when the disk is full); throws orinet::Error
    //! naming the file. Does nothing without a path.
    void save() const;

    const QString& path() const { return mPath; }
    Entry entry(const QString& id) const { return mEntries.value(id); }
    //! Trims, drops empty and duplicate tags; an entry with neither tags nor note is removed.
    void setTags(const QString& id, const QStringList& tags);
    void setNote(const QString& id, const QString& note);
    //! Every tag in use, sorted case-insensitively.
    QStringList allTags() const;
    int size() const { return static_cast<int>(mEntries.size()); }

    //! "a, b , c" → {"a", "b", "c"}.
    static QStringList parseTags(const QString& text);

private:
    void setEntry(const QString& id, const Entry& entry);

    QString mPath;
    QHash<QString, Entry> mEntries;
};

} // namespace orinet
