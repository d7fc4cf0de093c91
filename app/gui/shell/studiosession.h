#pragma once

#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QStringList>

class QTimer;

namespace orinet {

class ComparedRunsList;
class DatasetWorkspace;
class EvaluationDocument;
class EvaluationWorkspace;
class TrainingWorkspace;

//! What the studio restores at its next start, kept in one small JSON file (session.json in
//! the data directory; docs/guide/evaluation.md): the Evaluation workspace's runs (each by its
//! results file, with the name the user gave it, shown or not, and Compare Runs' A and B) and
//! its published-results table (by its file), the
//! Training workspace's compared runs, and the recent datasets and runs of the File menu.
//!
//! The file is read once, in follow(), and written atomically (QSaveFile) whenever what it
//! holds changes (coalesced to one write per event-loop turn, and on destruction). Entries
//! whose files or folders have vanished are dropped, with a message(). A file that cannot be
//! read is never overwritten: it is renamed aside (session.json.corrupt, or .corrupt-2, ...),
//! message() (and the terminal) names both, and the session starts empty. An empty file path keeps
//! the session in memory only (a window made for a test).
//!
//! Threading: GUI thread only.
class StudioSession : public QObject {
    Q_OBJECT
public:
    static constexpr int kRecentCount = 8;

    explicit StudioSession(const QString& file, QObject* parent = nullptr);
    //! Writes a pending change (when what it follows still exists).
    ~StudioSession() override;

    //! session.json in `dataDirectory`.
    static QString fileIn(const QString& dataDirectory);
    QString file() const { return mFile; }

    //! Reads the file and restores the evaluation runs and compared runs into the workspaces,
    //! then follows them (and the datasets opened, runs evaluated or trained: the recent
    //! lists) and writes every change. Call once.
    void follow(DatasetWorkspace* datasets, TrainingWorkspace* training,
                EvaluationWorkspace* evaluation);
    //! The parts of follow() the tests can drive alone.
    void follow(EvaluationDocument* document, ComparedRunsList* comparedRuns);

    //! Most recent first, at most kRecentCount; existing folders only (vanished ones are
    //! dropped, with a message()).
    QStringList recentDatasets();
    QStringList recentRuns();
    void addRecentDataset(const QString& folder);
    void addRecentRun(const QString& folder);
    void clearRecentDatasets();
    void clearRecentRuns();

    //! Writes now what is pending (tests; the window before it deletes the workspaces).
    void flush();

signals:
    //! Something the user should know (entries dropped, an unreadable or unwritable file), in
    //! the current language: for the status bar.
    void message(const QString& text);
    void recentChanged();

private:
    void read();
    //! A problem with the file itself: message() and the terminal (qWarning).
    void say(const QString& problem);
    void restore();
    //! Notes a change: written at the next event-loop turn.
    void changed();
    void write();
    QJsonObject snapshot() const;
    //! Keeps the existing folders of `list`; the others are named in a message.
    QStringList existing(QStringList list, bool* dropped);
    static void addRecent(QStringList& list, const QString& folder);

    QString mFile;
    QJsonObject mLoaded; //!< what the file held when read
    bool mRestoring = false;
    bool mFollowing = false;
    bool mWriteFailed = false; //!< said once, not at every change
    QTimer* mWrite;
    //! Followed; a pending change is written only while both exist (the owner flushes before
    //! deleting them), never as a file that lost them.
    QPointer<EvaluationDocument> mDocument;
    QPointer<ComparedRunsList> mComparedRuns;
    QStringList mRecentDatasets;
    QStringList mRecentRuns;
};

} // namespace orinet
