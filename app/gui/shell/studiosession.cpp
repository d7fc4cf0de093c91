#include "gui/shell/studiosession.h"

#include "gui/dataset/datasetworkspace.h"
#include "gui/evaluation/evaluationdocument.h"
#include "gui/evaluation/evaluationworkspace.h"
#include "gui/evaluation/inspectedevaluation.h"
#include "gui/training/comparedrunslist.h"
#include "gui/training/trainingworkspace.h"

#include <QDebug>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QSaveFile>
#include <QTimer>

namespace orinet {

namespace {

constexpr const char* kFormat = "orinet-studio-session";
constexpr int kVersion = 1;

QStringList strings(const QJsonValue& value) {
    QStringList list;
    for (const QJsonValue& v : value.toArray())
        if (v.isString() && !v.toString().isEmpty())
            list << v.toString();
    return list;
}

} // namespace

StudioSession::StudioSession(const QString& file, QObject* parent)
    : QObject(parent)
    , mFile(file)
    , mWrite(new QTimer(this)) {
    mWrite->setSingleShot(true);
    mWrite->setInterval(0);
    connect(mWrite, &QTimer::timeout, this, &StudioSession::write);
}

StudioSession::~StudioSession() {
    flush();
}

QString StudioSession::fileIn(const QString& dataDirectory) {
    return dataDirectory.isEmpty() ? QString() : QDir(dataDirectory).filePath("session.json");
}

void StudioSession::follow(DatasetWorkspace* datasets, TrainingWorkspace* training,
                           EvaluationWorkspace* evaluation) {
    follow(evaluation->document(), training->comparedRuns());
    connect(datasets, &DatasetWorkspace::datasetOpened, this, &StudioSession::addRecentDataset);
    connect(training, &TrainingWorkspace::runReady, this, &StudioSession::addRecentRun);
    connect(evaluation, &EvaluationWorkspace::evaluated, this, [this, evaluation] {
        if (const auto& current = evaluation->document()->current())
            addRecentRun(current->runFolder);
    });
}

void StudioSession::follow(EvaluationDocument* document, ComparedRunsList* comparedRuns) {
    if (mFollowing)
        return;
    mFollowing = true;
    mDocument = document;
    mComparedRuns = comparedRuns;
    read();
    restore();
    connect(mDocument, &EvaluationDocument::runsChanged, this, &StudioSession::changed);
    connect(mDocument, &EvaluationDocument::comparedRunsChanged, this, &StudioSession::changed);
    connect(mDocument, &EvaluationDocument::publishedChanged, this, &StudioSession::changed);
    connect(mComparedRuns, &ComparedRunsList::changed, this, &StudioSession::changed);
}

void StudioSession::read() {
    if (mFile.isEmpty() || !QFileInfo::exists(mFile))
        return;
    QFile in(mFile);
    if (!in.open(QIODevice::ReadOnly)) {
        // Unreadable, not known to be broken: left alone, and not written over.
        mFile.clear();
        say(tr("The session file %1 cannot be read (%2); this session will not be "
               "saved.")
                .arg(QDir::toNativeSeparators(in.fileName()), in.errorString()));
        return;
    }
    QJsonParseError error;
    const QJsonDocument json = QJsonDocument::fromJson(in.readAll(), &error);
    in.close();
    QString problem;
    if (error.error != QJsonParseError::NoError)
        problem = tr("%1 at byte %2").arg(error.errorString()).arg(error.offset);
    else if (!json.isObject() || json.object().value("format").toString() != kFormat)
        problem = tr("not a session file of OriNet Studio");
    else if (json.object().value("version").toInt() > kVersion)
        problem = tr("written by a newer version");
    if (problem.isEmpty()) {
        mLoaded = json.object();
        return;
    }
    // Kept aside under a free name, never replaced: the user may want it back.
    QString aside = mFile + ".corrupt";
    for (int i = 2; QFileInfo::exists(aside); ++i)
        aside = mFile + ".corrupt-" + QString::number(i);
    if (QFile::rename(mFile, aside)) {
        say(tr("The session file %1 could not be read (%2); it was kept beside it as %3 and "
               "the studio starts without the previous session.")
                .arg(QDir::toNativeSeparators(mFile), problem, QFileInfo(aside).fileName()));
    } else {
        say(tr("The session file %1 could not be read (%2); it is left as it is and "
               "this session will not be saved.")
                .arg(QDir::toNativeSeparators(mFile), problem));
        mFile.clear();
    }
}

void StudioSession::say(const QString& problem) {
    // Also on the terminal: the status bar may show it only briefly, or cut.
    qWarning().noquote() << "orinet-studio:" << problem;
    emit message(problem);
}

QStringList StudioSession::existing(QStringList list, bool* dropped) {
    QStringList gone;
    for (auto it = list.begin(); it != list.end();)
        if (QFileInfo(*it).exists()) {
            ++it;
        } else {
            gone << QDir::toNativeSeparators(*it);
            it = list.erase(it);
        }
    if (!gone.isEmpty()) {
        *dropped = true;
        emit message(tr("No longer there, so dropped from the session: %1").arg(gone.join(", ")));
    }
    return list;
}

void StudioSession::restore() {
    mRestoring = true;
    bool dropped = false;
    mRecentDatasets = existing(strings(mLoaded.value("recentDatasets")), &dropped);
    mRecentRuns = existing(strings(mLoaded.value("recentRuns")), &dropped);
    while (mRecentDatasets.size() > kRecentCount)
        mRecentDatasets.removeLast();
    while (mRecentRuns.size() > kRecentCount)
        mRecentRuns.removeLast();

    QStringList gone;
    quint64 a = 0, b = 0;
    for (const QJsonValue& value : mLoaded.value("evaluationRuns").toArray()) {
        const QJsonObject entry = value.toObject();
        const QString results = entry.value("results").toString();
        if (results.isEmpty())
            continue;
        if (!QFileInfo::exists(results)) {
            gone << QDir::toNativeSeparators(results);
            continue;
        }
        try {
            const int row = mDocument->addResults(results);
            const QString name = entry.value("name").toString();
            if (!name.isEmpty())
                mDocument->setName(row, name);
            mDocument->setShown(row, entry.value("shown").toBool(true));
            const quint64 id = mDocument->runs().at(static_cast<size_t>(row)).id;
            const QString compare = entry.value("compare").toString();
            if (compare == "A")
                a = id;
            else if (compare == "B")
                b = id;
        } catch (const std::exception& e) {
            gone << QString::fromUtf8(e.what());
        }
    }
    if (a && b)
        mDocument->setComparedRuns(a, b);
    const QString published = mLoaded.value("publishedResults").toString();
    if (!published.isEmpty()) {
        try {
            mDocument->setPublishedFile(published);
        } catch (const std::exception& e) {
            gone << (QFileInfo::exists(published) ? QString::fromUtf8(e.what())
                                                  : QDir::toNativeSeparators(published));
        }
    }
    for (const QJsonValue& value : mLoaded.value("comparedRuns").toArray()) {
        const QJsonObject entry = value.toObject();
        const QString run = entry.value("run").toString();
        if (run.isEmpty())
            continue;
        if (!QFileInfo(run).isDir()) {
            gone << QDir::toNativeSeparators(run);
            continue;
        }
        // A run that cannot be read any more is refused with the reason (TrainingWorkspace
        // shows it) and stays listed, unchecked.
        mComparedRuns->setOverlaid(run, entry.value("overlaid").toBool());
    }
    if (!gone.isEmpty()) {
        dropped = true;
        emit message(
            tr("Dropped from the restored session, no longer readable: %1").arg(gone.join(", ")));
    }
    mRestoring = false;
    if (dropped)
        changed(); // the file no longer lists them
}

QJsonObject StudioSession::snapshot() const {
    QJsonObject json;
    json["format"] = kFormat;
    json["version"] = kVersion;
    json["recentDatasets"] = QJsonArray::fromStringList(mRecentDatasets);
    json["recentRuns"] = QJsonArray::fromStringList(mRecentRuns);
    if (mDocument) {
        const auto [a, b] = mDocument->comparedRuns();
        QJsonArray runs;
        for (const EvaluationDocument::Run& run : mDocument->runs()) {
            if (run.source.isEmpty())
                continue; // never saved: nothing to read it back from
            QJsonObject entry;
            entry["results"] = run.source;
            entry["name"] = run.run.name;
            entry["shown"] = run.shown;
            if (run.id == a)
                entry["compare"] = "A";
            else if (run.id == b)
                entry["compare"] = "B";
            runs.append(entry);
        }
        json["evaluationRuns"] = runs;
        if (!mDocument->publishedFile().isEmpty())
            json["publishedResults"] = mDocument->publishedFile();
    }
    if (mComparedRuns) {
        const QStringList overlaid = mComparedRuns->overlaidRuns();
        QStringList runs = mComparedRuns->addedRuns();
        for (const QString& run : overlaid)
            if (!runs.contains(run))
                runs << run;
        QJsonArray compared;
        for (const QString& run : runs)
            compared.append(QJsonObject{{"run", run}, {"overlaid", overlaid.contains(run)}});
        json["comparedRuns"] = compared;
    }
    return json;
}

void StudioSession::changed() {
    if (mRestoring || mFile.isEmpty())
        return;
    mWrite->start();
}

void StudioSession::flush() {
    if (mWrite->isActive()) {
        mWrite->stop();
        write();
    }
}

void StudioSession::write() {
    if (mFile.isEmpty() || (mFollowing && (!mDocument || !mComparedRuns)))
        return;
    QDir().mkpath(QFileInfo(mFile).absolutePath());
    QSaveFile out(mFile);
    const bool ok = out.open(QIODevice::WriteOnly) &&
                    out.write(QJsonDocument(snapshot()).toJson()) >= 0 && out.commit();
    if (!ok && !mWriteFailed)
        say(tr("The session could not be saved to %1: %2")
                .arg(QDir::toNativeSeparators(mFile), out.errorString()));
    mWriteFailed = !ok;
}

void StudioSession::addRecent(QStringList& list, const QString& folder) {
    const QString path = QFileInfo(folder).absoluteFilePath();
    list.removeAll(path);
    list.prepend(path);
    while (list.size() > kRecentCount)
        list.removeLast();
}

QStringList StudioSession::recentDatasets() {
    bool dropped = false;
    mRecentDatasets = existing(mRecentDatasets, &dropped);
    if (dropped) {
        changed();
        emit recentChanged();
    }
    return mRecentDatasets;
}

QStringList StudioSession::recentRuns() {
    bool dropped = false;
    mRecentRuns = existing(mRecentRuns, &dropped);
    if (dropped) {
        changed();
        emit recentChanged();
    }
    return mRecentRuns;
}

void StudioSession::addRecentDataset(const QString& folder) {
    if (folder.isEmpty())
        return;
    addRecent(mRecentDatasets, folder);
    changed();
    emit recentChanged();
}

void StudioSession::addRecentRun(const QString& folder) {
    if (folder.isEmpty())
        return;
    addRecent(mRecentRuns, folder);
    changed();
    emit recentChanged();
}

void StudioSession::clearRecentDatasets() {
    mRecentDatasets.clear();
    changed();
    emit recentChanged();
}

void StudioSession::clearRecentRuns() {
    mRecentRuns.clear();
    changed();
    emit recentChanged();
}

} // namespace orinet
