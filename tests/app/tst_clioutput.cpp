// The output contract of `orinet` for scripts (docs/guide/cli.md): --json puts exactly one
// JSON document on stdout, --quiet leaves only errors, progress bars appear on terminals only,
// and the exit statuses are the documented ones.
#include "terminalprogress.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include "clirunner.h"

#include <cerrno>
#include <cstring>
#include <pty.h>
#include <unistd.h>

using orinet::cli::TerminalProgress;
using orinet::testing::CliResult;
using orinet::testing::runCli;

namespace {

//! Empty when this process can open a pseudo-terminal, as script(1) must; otherwise why not.
//! Containers and chroots without a devpts mounted on /dev/pts have none, which says nothing
//! about orinet.
QString noPseudoTerminal() {
    int master = -1, slave = -1;
    if (::openpty(&master, &slave, nullptr, nullptr, nullptr) != 0)
        return QStringLiteral("no pseudo-terminal can be opened here (%1; is devpts mounted on "
                              "/dev/pts?)")
            .arg(QString::fromLocal8Bit(std::strerror(errno)));
    ::close(slave);
    ::close(master);
    return {};
}

} // namespace

class TestCliOutput : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void jsonIsTheOnlyOutputOnStdout();
    void quietPrintsNothingButErrors();
    void errorsAreJsonToo_data();
    void errorsAreJsonToo();
    void datasetJsonListsProblemsAndExitsWithOne();
    void progressBarOnlyOnATerminal();
    void helpDocumentsExitStatus();
    void durationsReadLikeClocks();

private:
    static QJsonObject parseObject(const CliResult& r);
    QTemporaryDir mDir;
    QString mWorld;
};

QJsonObject TestCliOutput::parseObject(const CliResult& r) {
    QJsonParseError error{};
    const QJsonDocument document = QJsonDocument::fromJson(r.out.toUtf8(), &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        qWarning("not one JSON object on stdout: %s\n%s", qPrintable(error.errorString()),
                 qPrintable(r.out));
    return document.object();
}

// A tiny world: a dozen pairs, small images, generated in about a second.
void TestCliOutput::initTestCase() {
    QVERIFY(mDir.isValid());
    mWorld = mDir.filePath("world");
    const CliResult r =
        runCli({"synth", "--out",         mWorld, "--pairs",        "12",  "--seed",
                "7",     "--tile-size",   "32",   "--tile-metres",  "50",  "--pano-width",
                "44",    "--cvact-width", "32",   "--world-metres", "200", "--threads",
                "2",     "--json"});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    const QJsonObject result = parseObject(r);
    QCOMPARE(result["pairs"].toInt(), 12);
    const QJsonObject splits = result["splits"].toObject();
    QCOMPARE(splits["train"].toInt() + splits["val"].toInt() + splits["test"].toInt(), 12);
    QVERIFY(QFile::exists(result["cvact"].toString() + "/ACT_data.mat"));
    QVERIFY(QFile::exists(result["world"].toString()));
    QVERIFY2(!r.err.contains('\r'), qPrintable(r.err)); // stderr is a pipe: no bar
}

void TestCliOutput::jsonIsTheOnlyOutputOnStdout() {
    const QString out = mDir.filePath("g.npy");
    const CliResult r =
        runCli({"orientation", "--kind", "ground", "--size", "8x16", "--out", out, "--json"});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    const QJsonObject result = parseObject(r);
    QCOMPARE(result["output"].toString(), out);
    QCOMPARE(result["shape"].toArray(), (QJsonArray{8, 16, 2}));
    QCOMPARE(result["dtype"].toString(), QStringLiteral("float64"));
    QVERIFY(!r.out.contains("wrote")); // the human line is not mixed in
    QVERIFY(QFile::exists(out));

    const CliResult d = runCli({"dataset", "--dataset", mWorld + "/cvact", "--json"});
    QVERIFY2(d.exitCode == 0, qPrintable(d.err));
    const QJsonObject dataset = parseObject(d);
    QCOMPARE(dataset["layout"].toString(), QStringLiteral("cvact"));
    QCOMPARE(dataset["pairs"].toInt(), 12);
    QVERIFY(dataset["positions"].toBool());
    QVERIFY(dataset["ok"].toBool());
    QCOMPARE(dataset["issues"].toArray().size(), 0);
    int inSplits = 0;
    for (const QJsonValue count : dataset["splits"].toObject())
        inSplits += count.toInt();
    QVERIFY(inSplits > 0);
}

void TestCliOutput::quietPrintsNothingButErrors() {
    const QString out = mDir.filePath("s.npy");
    CliResult r =
        runCli({"orientation", "--kind", "satellite", "--size", "16", "--out", out, "--quiet"});
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.out, QString());
    QCOMPARE(r.err, QString());
    QVERIFY(QFile::exists(out));

    r = runCli({"dataset", "--dataset", mWorld + "/cvusa", "--quiet"});
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.out, QString());
    QCOMPARE(r.err, QString());

    // An error still speaks, in one line on stderr.
    r = runCli({"dataset", "--dataset", mDir.filePath("nothing-here"), "--quiet"});
    QCOMPARE(r.exitCode, 1);
    QCOMPARE(r.out, QString());
    QVERIFY2(r.err.contains("nothing-here") && r.err.trimmed().count('\n') == 0, qPrintable(r.err));
}

void TestCliOutput::errorsAreJsonToo_data() {
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("message");
    QTest::newRow("usage") << QStringList{"orientation", "--kind", "aerial", "--size",
                                          "8",           "--out",  "x.npy",  "--json"}
                           << 2 << "--kind must be one of";
    QTest::newRow("missing input")
        << QStringList{"dataset", "--dataset", "/no/such/folder", "--json"} << 1
        << "/no/such/folder";
}

void TestCliOutput::errorsAreJsonToo() {
    QFETCH(QStringList, args);
    QFETCH(int, status);
    QFETCH(QString, message);
    const CliResult r = runCli(args);
    QCOMPARE(r.exitCode, status);
    QVERIFY2(r.err.contains(message), qPrintable(r.err));
    const QJsonObject error = parseObject(r)["error"].toObject();
    QCOMPARE(error["exit_status"].toInt(), status);
    QCOMPARE(error["command"].toString(), args.first());
    QVERIFY2(error["message"].toString().contains(message), qPrintable(r.out));
}

void TestCliOutput::datasetJsonListsProblemsAndExitsWithOne() {
    // A copy of the CVACT layout with one satellite tile gone.
    const QString broken = mDir.filePath("broken");
    QVERIFY(QDir().mkpath(broken));
    QProcess copy;
    copy.start("cp", {"-r", mWorld + "/cvact/.", broken});
    QVERIFY(copy.waitForFinished() && copy.exitCode() == 0);
    const QStringList tiles = QDir(broken + "/satview_polish").entryList({"*.jpg"}, QDir::Files);
    const QString removed =
        tiles.isEmpty() ? QString() : broken + "/satview_polish/" + tiles.first();
    QVERIFY2(!removed.isEmpty(), "found no satellite tile to remove");
    QVERIFY(QFile::remove(removed));

    const CliResult r = runCli({"dataset", "--dataset", broken, "--json"});
    QCOMPARE(r.exitCode, 1);
    const QJsonObject result = parseObject(r);
    QVERIFY(!result["ok"].toBool());
    const QJsonArray issues = result["issues"].toArray();
    QCOMPARE(issues.size(), 1);
    QVERIFY2(issues.first()["file"].toString().endsWith(QFileInfo(removed).fileName()),
             qPrintable(r.out));
    QVERIFY(!issues.first()["reason"].toString().isEmpty());
}

void TestCliOutput::progressBarOnlyOnATerminal() {
    // script(1) runs the command on a pseudo-terminal, as an interactive shell would.
    const QString script = QStandardPaths::findExecutable("script");
    if (script.isEmpty())
        QSKIP("script(1) (bsdutils) is not installed");
    if (const QString reason = noPseudoTerminal(); !reason.isEmpty())
        QSKIP(qPrintable(reason));
    QString command =
        QStringLiteral("%1 synth --out %2 --pairs 8 --seed 3 --tile-size 32 --tile-metres 50 "
                       "--pano-width 44 --cvact-width 32 --world-metres 200 --threads 2")
            .arg(orinet::testing::cliPath(), mDir.filePath("tty-world"));
    QProcess process;
    process.start(script, {"-qec", command, "/dev/null"});
    QVERIFY(process.waitForFinished(120000));
    const QString terminal = QString::fromUtf8(process.readAllStandardOutput());
    QCOMPARE(process.exitCode(), 0);
    QVERIFY2(terminal.contains("100% [########################]"), qPrintable(terminal));
    QVERIFY2(terminal.contains('\r'), qPrintable(terminal));
    QVERIFY2(terminal.contains("wrote 8 pairs"), qPrintable(terminal));

    // The same command on a terminal with --quiet: nothing at all.
    QProcess quiet;
    quiet.start(script,
                {"-qec", command.replace("tty-world", "tty-quiet") + " --quiet", "/dev/null"});
    QVERIFY(quiet.waitForFinished(120000));
    QCOMPARE(quiet.exitCode(), 0);
    QCOMPARE(QString::fromUtf8(quiet.readAllStandardOutput()).trimmed(), QString());
}

void TestCliOutput::helpDocumentsExitStatus() {
    const CliResult r = runCli({"--help"});
    QCOMPARE(r.exitCode, 0);
    for (const char* line : {"Exit status:", "  0 ", "  1 ", "  2 ", "  130 ", "--json"})
        QVERIFY2(r.out.contains(line), line);
    // Every command that reports offers both switches.
    for (const char* command :
         {"orientation", "dataset", "synth", "train", "extract", "export-weights", "import-weights",
          "import-descriptors", "import-model", "eval", "plot"}) {
        const CliResult help = runCli({command, "--help"});
        QVERIFY2(help.out.contains("--json") && help.out.contains("--quiet"), command);
    }
}

void TestCliOutput::durationsReadLikeClocks() {
    QCOMPARE(TerminalProgress::formatDuration(0), std::string("0:00"));
    QCOMPARE(TerminalProgress::formatDuration(42.4), std::string("0:42"));
    QCOMPARE(TerminalProgress::formatDuration(59.6), std::string("1:00"));
    QCOMPARE(TerminalProgress::formatDuration(725), std::string("12:05"));
    QCOMPARE(TerminalProgress::formatDuration(3 * 3600 + 2 * 60 + 10), std::string("3:02:10"));
    QCOMPARE(TerminalProgress::formatDuration(-5), std::string("0:00"));
}

QTEST_MAIN(TestCliOutput)
#include "tst_clioutput.moc"
