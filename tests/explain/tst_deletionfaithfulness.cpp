#include "clirunner.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

using namespace orinet::testing;

//! The deletion test of docs/explain.md as a test that fails when the explanation is no better
//! than a random cell: a tiny model trained for six epochs on a small synthetic world, then
//! `orinet explain --deletion` over its training pairs. Greying the ground cell with the largest
//! share must cost clearly more of the similarity than greying another cell, on average and for
//! most queries. (An untrained network fails it: greying changes its input statistics more than
//! its content, docs/explain.md.) About a minute on 2 cores, most of it training.
class TestDeletionFaithfulness : public QObject {
    Q_OBJECT
private slots:
    void largestShareCostsMostOnATrainedModel();
};

void TestDeletionFaithfulness::largestShareCostsMostOnATrainedModel() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QElapsedTimer clock;
    clock.start();
    CliResult r =
        prepareWithCli({"synth", "--out", dir.filePath("world"), "--pairs", "120", "--tile-size",
                        "64", "--tile-metres", "60", "--pano-width", "88", "--cvact-width", "64",
                        "--world-metres", "400", "--threads", "2", "--quiet"});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    const QString dataset = dir.filePath("world/cvact");
    r = prepareWithCli({"train",       "--dataset", dataset,     "--run",  dir.filePath("run"),
                        "--preset",    "tiny",      "--epochs",  "6",      "--batch",
                        "12",          "--lr",      "1e-4",      "--seed", "1",
                        "--val-split", "none",      "--threads", "2",      "--quiet"},
                       900000);
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    const qint64 trained = clock.elapsed();
    r = prepareWithCli({"explain", "--run", dir.filePath("run"), "--dataset", dataset, "--split",
                        "train", "--query", "all", "--deletion", "--bn", "recalibrated",
                        "--threads", "2", "--json"},
                       900000);
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    const QJsonObject ground =
        QJsonDocument::fromJson(r.out.toUtf8()).object()["ground"].toObject();
    const double top = ground["top_cell_loss"].toDouble();
    const double others = ground["other_cell_loss"].toDouble();
    const double share = ground["top_loses_more"].toDouble();
    const QString figures = QString("largest share loses %1, another cell %2; more for %3 % of "
                                    "the queries (trained in %4 s, explained in %5 s)")
                                .arg(top)
                                .arg(others)
                                .arg(100 * share)
                                .arg(trained / 1000.0)
                                .arg((clock.elapsed() - trained) / 1000.0);
    qInfo("%s", qPrintable(figures));
    // Measured: 0.0272 against 0.0154, more for 65.5 % of 84 queries; a random choice of cell
    // gives a ratio near 1 and about half the queries.
    QVERIFY2(top > 0.005, qPrintable(figures));
    QVERIFY2(top > 1.3 * others, qPrintable(figures));
    QVERIFY2(share > 0.55, qPrintable(figures));
}

QTEST_GUILESS_MAIN(TestDeletionFaithfulness)
#include "tst_deletionfaithfulness.moc"
