// The VIGOR layout through the CLI (docs/vigor.md): `orinet synth --vigor` writes it, `orinet
// dataset` reports it per protocol, split and city (a broken file by name and line), and
// `orinet eval --vigor` scores descriptors whose answers are known. Three CLI runs only: each
// start of the CLI costs seconds on CI.

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>
#include <opencv2/core.hpp>

#include "clirunner.h"
#include "dataset/querygallery.h"
#include "dataset/vigorformat.h"
#include "io/npyarray.h"

#include <cmath>

using orinet::testing::CliResult;
using orinet::testing::runCli;
using namespace orinet;

class TestVigorCommands : public QObject {
    Q_OBJECT
private slots:
    void synthDatasetAndEval();
    void evalRefusesMismatchedDescriptors();

private:
    QTemporaryDir mDir;
};

void TestVigorCommands::synthDatasetAndEval() {
    const QString out = mDir.filePath("vigor");
    CliResult r = runCli({"synth", "--vigor", "--out", out, "--tile-size", "32", "--tile-metres",
                          "80", "--cvact-width", "64", "--panoramas-per-city", "5", "--json"});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY2(r.out.contains("\"tiles_per_city\": 25"), qPrintable(r.out));
    QVERIFY(QFile::exists(out + "/splits/Seattle/pano_label_balanced.txt"));
    QVERIFY(!QFile::exists(out + "/cvusa")); // the VIGOR layout only

    // `orinet dataset` recognises the VIGOR root and counts per protocol, split and city; a
    // broken label row fails its split, named by file and line, and the others still read
    // (one run for both: each start of the CLI costs seconds on CI)
    QFile labels(out + "/splits/Chicago/pano_label_balanced.txt");
    QVERIFY(labels.open(QIODevice::Append));
    labels.write("lonely,1.0,2.0,.jpg satellite_1_2.png 0 0\n");
    labels.close();
    r = runCli({"dataset", "--dataset", out});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.out.contains("layout   vigor"), qPrintable(r.out));
    QVERIFY2(r.out.contains(QRegularExpression(
                 "cross-area train +10 panoramas, +50 tiles; NewYork 5 Seattle 5")),
             qPrintable(r.out));
    QVERIFY2(r.out.contains(QRegularExpression("same-area +train +\\d+ panoramas, +100 tiles; "
                                               "NewYork \\d Seattle \\d SanFrancisco \\d "
                                               "Chicago \\d")),
             qPrintable(r.out));
    QVERIFY2(r.out.contains(QRegularExpression("same-area +test +\\d+ panoramas")),
             qPrintable(r.out));
    QVERIFY2(r.out.contains(QRegularExpression("cross-area test +unreadable: .*splits/Chicago/"
                                               "pano_label_balanced.txt:6: 4 columns")),
             qPrintable(r.out));

    // `orinet eval --vigor`: descriptors that find the positive for even panoramas and the
    // first semi-positive for odd ones: recall@1 is the even share, every query is a hit
    VigorOptions options;
    options.split = "train";
    const QueryGallery truth = VigorFormat::read(out.toStdString(), options);
    const int n = static_cast<int>(truth.queryCount());
    const int g = static_cast<int>(truth.galleryCount());
    cv::Mat ground = cv::Mat::zeros(n, g, CV_32F);
    for (int q = 0; q < n; ++q)
        ground.at<float>(q, q % 2 ? truth.semiPositives(q).front() : truth.positive(q)) = 1;
    const QString descriptors = mDir.filePath("vigor-descriptors");
    QVERIFY(QDir().mkpath(descriptors));
    NpyArray::fromMat(ground).save((descriptors + "/grd_global_descriptor.npy").toStdString());
    NpyArray::fromMat(cv::Mat::eye(g, g, CV_32F))
        .save((descriptors + "/sat_global_descriptor.npy").toStdString());
    r = runCli({"eval", "--vigor", out, "--split", "train", "--descriptors", descriptors, "--geo",
                "1000", "--json"});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    const QJsonObject o = QJsonDocument::fromJson(r.out.toUtf8()).object();
    QCOMPARE(o["queries"].toInt(), n);
    QCOMPARE(o["gallery"].toInt(), g);
    QCOMPARE(o["recall_at_1"].toDouble(), double((n + 1) / 2) / n);
    QCOMPARE(o["recall_at_5"].toDouble(), 1.0);
    QCOMPARE(o["hit_rate"].toDouble(), 1.0);
    QCOMPARE(o["top1_covers"].toDouble(), 1.0);
    // the top-1 tile covers the panorama: within half a tile's diagonal (80 m tiles)
    QVERIFY(o["median_metres"].toDouble() < 40 * std::sqrt(2.0) + 1);
    QCOMPARE(o["within_metres"].toObject()["1000"].toDouble(), 1.0);
}

void TestVigorCommands::evalRefusesMismatchedDescriptors() {
    // before any file is read: options that make no sense with --vigor
    const CliResult r = runCli({"eval", "--vigor", mDir.filePath("none"), "--descriptors",
                                mDir.filePath("none"), "--direction", "s2g"});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains("--direction"), qPrintable(r.err));
}

QTEST_GUILESS_MAIN(TestVigorCommands)
#include "tst_vigorcommands.moc"
