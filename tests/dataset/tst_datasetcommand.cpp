#include "datasetfixture.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include "clirunner.h"

using namespace orinet::testing;

//! `orinet dataset`: summary, exit codes, --skip-bad and --check.
class TestDatasetCommand : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void goodDataset();
    void problemsExitWithOne();
    void skipBadKeepsTheGoodPairs();
    void deepCheckFindsCorruptImages();
    void usageErrors();

private:
    QTemporaryDir mGood;
    QTemporaryDir mBad;
};

void TestDatasetCommand::initTestCase() {
    for (const QString& root : {mGood.path(), mBad.path()}) {
        for (int i = 0; i < 3; ++i) {
            writeImage(root + "/bingmap/19/" + QString::number(i) + ".jpg", 24, 24, i);
            writeImage(root + "/streetview/panos/" + QString::number(i) + ".jpg", 16, 80, i);
        }
        writeText(root + "/splits/train-19zl.csv",
                  "bingmap/19/0.jpg,streetview/panos/0.jpg,streetview/annotations/0.png\n"
                  "bingmap/19/1.jpg,streetview/panos/1.jpg,streetview/annotations/1.png\n");
        writeText(root + "/splits/val-19zl.csv",
                  "bingmap/19/2.jpg,streetview/panos/2.jpg,streetview/annotations/2.png\n");
    }
    // The bad copy: one listed panorama is missing, one tile is corrupt.
    writeText(mBad.path() + "/splits/val-19zl.csv",
              "bingmap/19/2.jpg,streetview/panos/2.jpg,a.png\n"
              "bingmap/19/9.jpg,streetview/panos/9.jpg,a.png\n");
    writeCorruptJpeg(mBad.path() + "/bingmap/19/1.jpg");
}

void TestDatasetCommand::goodDataset() {
    const CliResult r = runCli({"dataset", "--dataset", mGood.path()});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY2(r.out.contains("layout   cvusa"), qPrintable(r.out));
    QVERIFY(r.out.contains("pairs    3"));
    QVERIFY(r.out.contains("split    train    2 pairs"));
    QVERIFY(r.out.contains("split    val      1 pairs"));
    QVERIFY(r.out.contains("no problems found in 3 pairs"));
    const CliResult checked = runCli({"dataset", "--dataset", mGood.path(), "--check"});
    QCOMPARE(checked.exitCode, 0);
    QVERIFY2(checked.out.contains("checked 3 pairs (image headers read)"), qPrintable(checked.out));
}

void TestDatasetCommand::problemsExitWithOne() {
    const CliResult r = runCli({"dataset", "--dataset", mBad.path(), "--layout", "cvusa"});
    QCOMPARE(r.exitCode, 1);
    QVERIFY(r.out.contains("pairs    4"));
    QVERIFY2(r.out.contains("/streetview/panos/9.jpg: missing (listed at "), qPrintable(r.out));
    QVERIFY(r.out.contains("val-19zl.csv:2)"));
    QVERIFY(!r.out.contains("1.jpg")); // the corrupt tile exists; only --check reads it
}

void TestDatasetCommand::skipBadKeepsTheGoodPairs() {
    const CliResult r = runCli({"dataset", "--dataset", mBad.path(), "--skip-bad"});
    QCOMPARE(r.exitCode, 0);
    QVERIFY(r.out.contains("pairs    3"));
    QVERIFY(r.out.contains("split    val      1 pairs"));
    QVERIFY2(r.out.contains("2 problems in 4 pairs (skipped 1 pairs, 1 split entries)"),
             qPrintable(r.out));
}

void TestDatasetCommand::deepCheckFindsCorruptImages() {
    const CliResult r = runCli({"dataset", "--dataset", mBad.path(), "--check"});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.out.contains("/bingmap/19/1.jpg: corrupt JPEG"), qPrintable(r.out));
    QVERIFY2(r.out.contains("3 problems in 4 pairs"), qPrintable(r.out)); // 9: both files
    const CliResult skip = runCli({"dataset", "--dataset", mBad.path(), "--check", "--skip-bad"});
    QCOMPARE(skip.exitCode, 0);
    QVERIFY2(skip.out.contains("pairs    2"), qPrintable(skip.out));
    QVERIFY(skip.out.contains("split    train    1 pairs"));
}

void TestDatasetCommand::usageErrors() {
    CliResult r = runCli({"dataset"});
    QCOMPARE(r.exitCode, 2);
    QVERIFY(r.err.contains("--dataset is required"));
    r = runCli({"dataset", "--dataset", mGood.path(), "--layout", "kitti"});
    QCOMPARE(r.exitCode, 2);
    QVERIFY(r.err.contains("--layout must be one of auto, cvusa, cvact, csv"));
    r = runCli({"dataset", "--dataset", mGood.path() + "/nowhere"});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains("nowhere: is not a folder"), qPrintable(r.err));
}

QTEST_GUILESS_MAIN(TestDatasetCommand)
#include "tst_datasetcommand.moc"
