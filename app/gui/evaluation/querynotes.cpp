#include "gui/evaluation/querynotes.h"

#include "common/atomicfile.h"
#include "common/error.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>

namespace orinet {

namespace {
const QString kFormat = QStringLiteral("orinet-query-notes");
}

QueryNotes::QueryNotes(QString path)
    : mPath(std::move(path)) {}

QueryNotes QueryNotes::load(const QString& path) {
    QueryNotes notes(path);
    QFile file(path);
    if (!file.exists())
        return notes;
    if (!file.open(QIODevice::ReadOnly))
        throw Error(path.toStdString(),
                    "cannot read the query notes: " + file.errorString().toStdString());
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(file.readAll(), &parseError);
    if (document.isNull())
        throw Error(path.toStdString(), "not valid JSON (" +
                                            parseError.errorString().toStdString() + " at byte " +
                                            std::to_string(parseError.offset) + ")");
    const QJsonObject root = document.object();
    if (root.value("format").toString() != kFormat || !root.value("queries").isObject())
        throw Error(path.toStdString(), "not a query notes file (expected \"format\": \"" +
                                            kFormat.toStdString() + "\" and a \"queries\" object)");
    const QJsonObject queries = root.value("queries").toObject();
    for (auto it = queries.begin(); it != queries.end(); ++it) {
        const QJsonObject value = it.value().toObject();
        Entry entry;
        for (const QJsonValue& tag : value.value("tags").toArray())
            entry.tags << tag.toString();
        entry.note = value.value("note").toString();
        notes.setEntry(it.key(), entry);
    }
    return notes;
}

void QueryNotes::save() const {
    if (mPath.isEmpty())
        return;
    QJsonObject queries;
    for (auto it = mEntries.begin(); it != mEntries.end(); ++it) {
        QJsonObject value;
        value.insert("tags", QJsonArray::fromStringList(it.value().tags));
        if (!it.value().note.isEmpty())
            value.insert("note", it.value().note);
        queries.insert(it.key(), value);
    }
    QJsonObject root;
    root.insert("format", kFormat);
    root.insert("version", 1);
    root.insert("queries", queries);
    // The run may not have a results folder yet (notes taken before anything was saved).
    QDir().mkpath(QFileInfo(mPath).absolutePath());
    AtomicFile::writeAll(mPath.toStdString(),
                         QJsonDocument(root).toJson(QJsonDocument::Indented).toStdString());
}

void QueryNotes::setTags(const QString& id, const QStringList& tags) {
    Entry entry = mEntries.value(id);
    entry.tags = tags;
    setEntry(id, entry);
}

void QueryNotes::setNote(const QString& id, const QString& note) {
    Entry entry = mEntries.value(id);
    entry.note = note.trimmed();
    setEntry(id, entry);
}

void QueryNotes::setEntry(const QString& id, const Entry& entry) {
    Entry clean;
    for (const QString& tag : entry.tags) {
        const QString t = tag.trimmed();
        if (!t.isEmpty() && !clean.tags.contains(t))
            clean.tags << t;
    }
    clean.note = entry.note;
    if (clean.isEmpty())
        mEntries.remove(id);
    else
        mEntries.insert(id, clean);
}

QStringList QueryNotes::allTags() const {
    QStringList tags;
    for (const Entry& entry : mEntries)
        for (const QString& tag : entry.tags)
            if (!tags.contains(tag))
                tags << tag;
    std::sort(tags.begin(), tags.end(), [](const QString& a, const QString& b) {
        return a.compare(b, Qt::CaseInsensitive) < 0;
    });
    return tags;
}

QStringList QueryNotes::parseTags(const QString& text) {
    QStringList tags;
    for (const QString& part : text.split(',', Qt::SkipEmptyParts))
        if (!part.trimmed().isEmpty())
            tags << part.trimmed();
    return tags;
}

} // namespace orinet
