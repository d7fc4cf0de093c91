#include "common/atomicfile.h"
#include "common/error.h"
#include "common/feedback.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <csignal>
#include <sys/resource.h>

using namespace orinet;

class TestAtomicFile : public QObject {
    Q_OBJECT
private slots:
    void replacesOnlyOnCommit();
    void fullDiskKeepsThePreviousFile();
    void feedbackCancelsAndReports();
};

namespace {

QByteArray read(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

} // namespace

void TestAtomicFile::replacesOnlyOnCommit() {
    QTemporaryDir dir;
    const QString path = dir.filePath("config.json");
    AtomicFile::writeAll(path.toStdString(), "old");
    {
        AtomicFile file(path.toStdString());
        file.write("new content");
        QCOMPARE(read(path), QByteArray("old")); // not visible before commit
    }                                            // destroyed without commit: abandoned
    QCOMPARE(read(path), QByteArray("old"));
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files), QStringList{"config.json"}); // no temp left
    AtomicFile file(path.toStdString());
    file.write("new");
    file.commit();
    QCOMPARE(read(path), QByteArray("new"));
}

void TestAtomicFile::fullDiskKeepsThePreviousFile() {
    // Simulate a full disk with a file-size limit: writes past it fail (EFBIG) like ENOSPC.
    QTemporaryDir dir;
    const QString path = dir.filePath("last.ckpt");
    AtomicFile::writeAll(path.toStdString(), "good checkpoint");
    ::signal(SIGXFSZ, SIG_IGN);
    rlimit old{};
    ::getrlimit(RLIMIT_FSIZE, &old);
    rlimit small = old;
    small.rlim_cur = 4096;
    ::setrlimit(RLIMIT_FSIZE, &small);
    QString message;
    try {
        AtomicFile file(path.toStdString());
        file.write(std::string(1 << 16, 'x'));
        file.commit();
    } catch (const orinet::Error& e) {
        message = e.what();
    }
    ::setrlimit(RLIMIT_FSIZE, &old);
    QVERIFY2(message.contains("last.ckpt") && message.contains("write failed"),
             qPrintable(message));
    QCOMPARE(read(path), QByteArray("good checkpoint"));
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files), QStringList{"last.ckpt"});
}

void TestAtomicFile::feedbackCancelsAndReports() {
    Feedback feedback;
    std::vector<double> seen;
    feedback.setProgressCallback([&](double f, const std::string&) { seen.push_back(f); });
    feedback.report(0.5, "half");
    feedback.report(2.0);
    QCOMPARE(seen, (std::vector<double>{0.5, 1.0}));
    QCOMPARE(feedback.progress(), 1.0);
    feedback.checkCanceled();
    feedback.cancel();
    QVERIFY_THROWS_EXCEPTION(orinet::Canceled, feedback.checkCanceled());
}

QTEST_APPLESS_MAIN(TestAtomicFile)
#include "tst_atomicfile.moc"
