#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include "clirunner.h"

using orinet::testing::CliResult;
using orinet::testing::runCli;

class TestSynthCommand : public QObject {
    Q_OBJECT
private slots:
    void helpListsTheOptions();
    void generatesAndScoresTheBaseline();
    void badArguments_data();
    void badArguments();

private:
    QTemporaryDir mDir;
};

void TestSynthCommand::helpListsTheOptions() {
    const CliResult r = runCli({"synth", "--help"});
    QCOMPARE(r.exitCode, 0);
    for (const char* option :
         {"--out", "--pairs", "--seed", "--tile-size", "--pano-width", "--baseline"})
        QVERIFY2(r.out.contains(option), option);
    QVERIFY(runCli({"--help"}).out.contains("synth"));
}

void TestSynthCommand::generatesAndScoresTheBaseline() {
    const QString out = mDir.filePath("w");
    const CliResult r = runCli({"synth",
                                "--out",
                                out,
                                "--pairs",
                                "20",
                                "--seed",
                                "5",
                                "--tile-size",
                                "48",
                                "--tile-metres",
                                "50",
                                "--pano-width",
                                "66",
                                "--cvact-width",
                                "48",
                                "--world-metres",
                                "300",
                                "--baseline",
                                "--baseline-pairs",
                                "10"});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY(r.out.contains("wrote 20 pairs"));
    QVERIFY2(r.out.contains(QRegularExpression("baseline on \\d+ held-out pairs: recall@1 ")),
             qPrintable(r.out));
    QVERIFY2(!r.err.contains('\r'), qPrintable(r.err)); // no progress bar into a pipe
    QVERIFY(QFile::exists(out + "/cvact/ACT_data.mat"));
    QVERIFY(QFile::exists(out + "/cvusa/splits/train-19zl.csv"));
}

void TestSynthCommand::badArguments_data() {
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("message");
    QTest::newRow("no --out") << QStringList{"synth", "--pairs", "3"} << 2 << "--out";
    QTest::newRow("pairs 0") << QStringList{"synth", "--out", "x", "--pairs", "0"} << 2
                             << "--pairs";
    QTest::newRow("bad seed") << QStringList{"synth", "--out", "x", "--seed", "-1"} << 2
                              << "--seed";
    QTest::newRow("vigor with baseline")
        << QStringList{"synth", "--vigor", "--out", "x", "--baseline"} << 2 << "--baseline";
    QTest::newRow("odd cvact width")
        << QStringList{"synth", "--out", "x", "--cvact-width", "65"} << 1 << "even";
}

void TestSynthCommand::badArguments() {
    QFETCH(QStringList, args);
    QFETCH(int, exitCode);
    QFETCH(QString, message);
    for (QString& a : args)
        if (a == "x")
            a = mDir.filePath("never");
    const CliResult r = runCli(args);
    QCOMPARE(r.exitCode, exitCode);
    QVERIFY2(r.err.contains(message), qPrintable(r.err));
    QVERIFY(!QFile::exists(mDir.filePath("never")));
}

QTEST_GUILESS_MAIN(TestSynthCommand)
#include "tst_synthcommand.moc"
