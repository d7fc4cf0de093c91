#pragma once

// The framework of the robustness suite: a case is a broken input made from a generated
// world, a command line, and the words its error must contain. Running a case copies the
// world into a fresh folder, breaks it, takes a snapshot of every file, runs `orinet`, and
// checks the exit code, the message and that no file changed, appeared or vanished.

#include "clirunner.h"

#include <QCryptographicHash>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QMap>
#include <QString>
#include <QStringList>

#include <functional>

#include <sys/stat.h>

namespace orinet::testing {

//! Every file under `root`: relative path -> SHA-1 of its bytes.
inline QMap<QString, QByteArray> snapshot(const QString& root) {
    QMap<QString, QByteArray> files;
    QDirIterator it(root, QDir::Files | QDir::Hidden | QDir::System, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        QFile file(path);
        QByteArray hash = "unreadable";
        if (file.open(QIODevice::ReadOnly)) {
            QCryptographicHash sha(QCryptographicHash::Sha1);
            sha.addData(&file);
            hash = sha.result();
        }
        files.insert(QDir(root).relativeFilePath(path), hash);
    }
    return files;
}

//! Every file under `root`: relative path -> its size and modification time (ns). Cheap enough
//! to take around every case for a folder too large to hash each time (a run's checkpoints of
//! 368 MB): a write changes the time, and the test hashes that folder once at its end.
inline QMap<QString, QByteArray> stamps(const QString& root) {
    QMap<QString, QByteArray> files;
    QDirIterator it(root, QDir::Files | QDir::Hidden | QDir::System, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        struct stat info {};
        QByteArray stamp = "unreadable";
        if (::stat(QFile::encodeName(path).constData(), &info) == 0)
            stamp = QByteArray::number(qint64(info.st_size)) + ' ' +
                    QByteArray::number(qint64(info.st_mtim.tv_sec)) + '.' +
                    QByteArray::number(qint64(info.st_mtim.tv_nsec));
        files.insert(QDir(root).relativeFilePath(path), stamp);
    }
    return files;
}

//! Lists what differs between two snapshots ("changed: a", "new: b", "gone: c").
inline QStringList differences(const QMap<QString, QByteArray>& before,
                               const QMap<QString, QByteArray>& after) {
    QStringList out;
    for (auto it = before.begin(); it != before.end(); ++it) {
        if (!after.contains(it.key()))
            out << "gone: " + it.key();
        else if (after.value(it.key()) != it.value())
            out << "changed: " + it.key();
    }
    for (auto it = after.begin(); it != after.end(); ++it)
        if (!before.contains(it.key()))
            out << "new: " + it.key();
    return out;
}

inline bool copyTree(const QString& from, const QString& to) {
    if (!QDir().mkpath(to))
        return false;
    QDirIterator it(from, QDir::Files | QDir::Dirs | QDir::NoDotAndDotDot,
                    QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        const QString target = to + "/" + QDir(from).relativeFilePath(path);
        if (it.fileInfo().isDir()) {
            if (!QDir().mkpath(target))
                return false;
        } else if (!QFile::copy(path, target)) {
            return false;
        }
    }
    return true;
}

//! The suites' small world: `orinet synth` with 12 pairs of tiny images (cvusa/, cvact/,
//! pairs.csv) in `folder`, made in about 2 s.
inline CliResult makeSmallWorld(const QString& folder) {
    return prepareWithCli({"synth", "--out",         folder, "--pairs",
                           "12",    "--seed",        "3",    "--tile-size",
                           "48",    "--tile-metres", "50",   "--pano-width",
                           "66",    "--cvact-width", "48",   "--world-metres",
                           "200",   "--threads",     "2",    "--quiet"});
}

//! One broken input. In `args` and `mention`, "{dir}" stands for the case's folder (a copy of
//! the world, see tst_robustness.cpp for what it holds).
struct RobustnessCase {
    QString name;
    std::function<void(const QString& dir)> breakIt; //!< may be empty
    QStringList args;
    QStringList mention; //!< each must appear in stderr (case-insensitive)
    //! Folder whose files must not change (relative to {dir}); empty = the whole case folder.
    QString unchanged = {};
};

} // namespace orinet::testing
