#include "io/matfile.h"
#include "io/npyarray.h"
#include "metrics/evaluationreport.h"
#include "retrieval/descriptorset.h"

#include <QDir>
#include <QFile>
#include <QImage>
#include <QProcess>
#include <QTemporaryDir>
#include <QXmlStreamReader>
#include <QtTest>

#include <clocale>

#include "clirunner.h"
#include <opencv2/core.hpp>

#include <cmath>

using namespace orinet;

using orinet::testing::CliResult;

namespace {

//! Without DISPLAY: `orinet plot` must choose the offscreen platform by itself.
CliResult runHeadless(const QStringList& args) {
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove("DISPLAY");
    env.remove("WAYLAND_DISPLAY");
    env.remove("QT_QPA_PLATFORM");
    return orinet::testing::runCli(args, 120000, env);
}

// Pairs along an arc in descriptor space (neighbouring pairs have similar descriptors, like
// neighbouring places), each with its own small signature; the satellite descriptor of pair i
// is the ground one plus noise growing with i, so early pairs are found first and late ones
// are confused, mostly with their neighbours.
DescriptorSet makeSet(int n, int d, uint64_t seed) {
    cv::RNG rng(seed);
    DescriptorSet s;
    s.ground = cv::Mat::zeros(n, d, CV_32F);
    s.satellite.create(n, d, CV_32F);
    for (int i = 0; i < n; ++i) {
        cv::Mat g = s.ground.row(i);
        rng.fill(g, cv::RNG::NORMAL, 0, 0.02);
        g.at<float>(0) += static_cast<float>(std::cos(0.03 * i));
        g.at<float>(1) += static_cast<float>(std::sin(0.03 * i));
        cv::normalize(g, g);
        cv::Mat noise(1, d, CV_32F);
        rng.fill(noise, cv::RNG::NORMAL, 0, 0.0005 * i);
        cv::Mat sat = s.satellite.row(i);
        sat = g + noise;
        cv::normalize(sat, sat);
        s.ids.push_back("p" + std::to_string(i));
    }
    s.provenance.split = "val";
    return s;
}

} // namespace

class TestEvalPlotCli : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void evalRunFolderWritesResults();
    void evalBothDirectionsAndBackendsAgree();
    void evalMatAndGeo();
    void evalApproximateSaysHowApproximate();
    void evalBadInput();
    void plotPdfSvgPng();
    void plotTables();
    void plotBadInput();
    void plotPublishedResults();
    void plotRefusesMixedRunsAndChecksEverythingFirst();
    void filesKeepADecimalPointUnderAGermanLocale();

private:
    QTemporaryDir mDir;
    DescriptorSet mSet;
    QString mRun;
};

void TestEvalPlotCli::initTestCase() {
    QVERIFY(mDir.isValid());
    mSet = makeSet(200, 32, 7);
    mRun = mDir.filePath("run");
    mSet.save((mRun + "/descriptors").toStdString());
}

void TestEvalPlotCli::evalRunFolderWritesResults() {
    const CliResult r = runHeadless({"eval", "--run", mRun, "--geo", "none"});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    for (const char* col : {"r@1", "r@5", "r@10", "r@1%", "r@1%strict", "mean rank"})
        QVERIFY2(r.out.contains(col), qPrintable(r.out));
    const auto report =
        metrics::EvaluationReport::loadJson((mRun + "/results/val/eval_g2s.json").toStdString());
    QCOMPARE(report.queryCount, int64_t(200));
    QCOMPARE(report.recall.size(), size_t(100));
    QCOMPARE(report.ranks.size(), size_t(200));
    QCOMPARE(report.ids.front(), std::string("p0"));
    // The table prints what the JSON holds.
    QVERIFY2(r.out.contains(QString::number(100 * report.recallAt(1), 'f', 2)), qPrintable(r.out));
    QVERIFY(report.recallAt(1) > 0.2 && report.recallAt(1) < 1.0); // noise grows with i
    QVERIFY(QFile::exists(mRun + "/results/val/recall_g2s.csv"));
    QVERIFY(QFile::exists(mRun + "/results/val/ranks_g2s.csv"));
}

void TestEvalPlotCli::evalBothDirectionsAndBackendsAgree() {
    const QString blockedOut = mDir.filePath("blocked"), flatOut = mDir.filePath("flat");
    CliResult r = runHeadless({"eval", "--descriptors", mRun + "/descriptors", "--direction",
                               "both", "--out", blockedOut, "--json", "--top", "20"});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY2(r.out.trimmed().startsWith('['), qPrintable(r.out));
    r = runHeadless({"eval", "--descriptors", mRun + "/descriptors", "--direction", "both", "--out",
                     flatOut, "--backend", "faiss-flat", "--top", "20"});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    for (const char* dir : {"g2s", "s2g"}) {
        const auto a = metrics::EvaluationReport::loadJson(
            QString("%1/eval_%2.json").arg(blockedOut, dir).toStdString());
        const auto b = metrics::EvaluationReport::loadJson(
            QString("%1/eval_%2.json").arg(flatOut, dir).toStdString());
        QCOMPARE(a.ranks, b.ranks);
        QCOMPARE(a.recall, b.recall);
        QCOMPARE(metrics::toString(a.direction), std::string(dir));
    }
    // s2g is a different question: its ranks are not g2s's.
    const auto g2s =
        metrics::EvaluationReport::loadJson((blockedOut + "/eval_g2s.json").toStdString());
    const auto s2g =
        metrics::EvaluationReport::loadJson((blockedOut + "/eval_s2g.json").toStdString());
    QVERIFY(g2s.ranks != s2g.ranks);
}

// An IVF-PQ evaluation checks itself on a sample of its queries: the coverage lines follow the
// table, the warning (200 items: exact search is the better choice) goes to stderr, and the
// results file keeps both.
void TestEvalPlotCli::evalApproximateSaysHowApproximate() {
    const QString out = mDir.filePath("ivfpq");
    CliResult r = runHeadless({"eval", "--descriptors", mRun + "/descriptors", "--out", out,
                               "--backend", "faiss-ivfpq", "--check-sample", "50", "--top", "20",
                               "--index", mDir.filePath("ivfpq.index")});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY2(r.out.contains("held the exact top-1 for") &&
                 r.out.contains("of 50 sampled queries") && r.out.contains("95 % CI"),
             qPrintable(r.out));
    QVERIFY2(r.err.contains("warning:") && r.err.contains("--backend blocked"), qPrintable(r.err));
    const auto report = metrics::EvaluationReport::loadJson((out + "/eval_g2s.json").toStdString());
    QVERIFY(report.approximation);
    QCOMPARE(report.approximation->sampled, int64_t(50));
    QVERIFY(report.approximation->galleryFitsBudget);
    // Exact backends are not checked and say nothing of it.
    r = runHeadless({"eval", "--descriptors", mRun + "/descriptors", "--top", "20"});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY(!r.out.contains("sampled queries"));
    QVERIFY(!r.err.contains("warning:"));
}

void TestEvalPlotCli::evalMatAndGeo() {
    // The .mat export of the same descriptors gives the same ranks; positions every 10 m on a
    // line make geo-recall within 25 m count neighbours up to two pairs away.
    const QString mat = mDir.filePath("desc.mat");
    CliResult r = runHeadless({"eval", "--run", mRun, "--export-mat", mat, "--export-only"});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    MatFile file(mat.toStdString(), MatFile::Mode::Read);
    QCOMPARE(file.readNumeric("grd_global_descriptor").dims, (std::vector<size_t>{200, 32}));

    NpyArray positions(NpyArray::DType::Float64, {200, 2});
    for (size_t i = 0; i < 200; ++i) {
        positions.data<double>()[2 * i] = 600000 + 10.0 * i;
        positions.data<double>()[2 * i + 1] = 6090000;
    }
    const QString pos = mDir.filePath("pos.npy");
    positions.save(pos.toStdString());
    const QString out = mDir.filePath("geo");
    r = runHeadless(
        {"eval", "--descriptors", mat, "--positions", pos, "--geo", "5,25", "--out", out});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY2(r.out.contains("geo-recall within 25 m"), qPrintable(r.out));
    const auto report = metrics::EvaluationReport::loadJson((out + "/eval_g2s.json").toStdString());
    const auto plain =
        metrics::EvaluationReport::loadJson((mRun + "/results/val/eval_g2s.json").toStdString());
    QCOMPARE(report.ranks, plain.ranks);
    QCOMPARE(report.geo.size(), size_t(2));
    // Within 5 m only the pair itself is near: geo-recall = recall. Within 25 m it is more.
    for (size_t k = 0; k < 100; ++k) {
        QCOMPARE(report.geo[0].curve[k], report.recall[k]);
        QVERIFY(report.geo[1].curve[k] >= report.recall[k]);
    }
    QVERIFY(report.geo[1].curve[0] > report.recall[0]);

    // The same positions from a dataset index (pairs.csv; images need not exist for eval).
    const QString dataset = mDir.filePath("dataset");
    QVERIFY(QDir().mkpath(dataset));
    QFile csv(dataset + "/pairs.csv");
    QVERIFY(csv.open(QIODevice::WriteOnly));
    csv.write("id,panorama,satellite,easting,northing,zone,split\n");
    for (int i = 0; i < 200; ++i)
        csv.write(QString("p%1,g/p%1.png,s/p%1.png,%2,6090000,55S,val%3\n")
                      .arg(i)
                      .arg(600000 + 10.0 * i, 0, 'f', 1)
                      .arg(i < 100 ? ";half" : "")
                      .toUtf8());
    csv.close();
    const QString fromDataset = mDir.filePath("geo-dataset");
    r = runHeadless(
        {"eval", "--run", mRun, "--dataset", dataset, "--split", "val", "--out", fromDataset});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    const auto viaDataset =
        metrics::EvaluationReport::loadJson((fromDataset + "/eval_g2s.json").toStdString());
    QCOMPARE(viaDataset.geo.size(), size_t(2));
    QCOMPARE(viaDataset.geo[0].curve, report.geo[0].curve);
    QCOMPARE(viaDataset.geo[1].curve, report.geo[1].curve);
    // The run's stored descriptors are of split 'val': another split is refused.
    r = runHeadless(
        {"eval", "--run", mRun, "--dataset", dataset, "--split", "half", "--out", fromDataset});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains("no descriptor set of split 'half'"), qPrintable(r.err));
    // Descriptors given directly are checked against the split's ids.
    r = runHeadless({"eval", "--descriptors", mRun + "/descriptors", "--dataset", dataset,
                     "--split", "half", "--out", fromDataset});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains("has 100 pairs but the descriptors are of 200"), qPrintable(r.err));
}

void TestEvalPlotCli::evalBadInput() {
    CliResult r = runHeadless({"eval"});
    QCOMPARE(r.exitCode, 2);
    QVERIFY(r.err.contains("--run"));
    r = runHeadless({"eval", "--descriptors", mDir.filePath("nope")});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains("nope") && r.err.contains("no such"), qPrintable(r.err));
    // Mismatched counts: 200 ground rows, 150 satellite rows.
    const QString bad = mDir.filePath("bad");
    mSet.save(bad.toStdString());
    NpyArray::fromMat(mSet.satellite.rowRange(0, 150)).save((bad + "/satellite.npy").toStdString());
    r = runHeadless({"eval", "--descriptors", bad});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains("200 ground descriptors but 150"), qPrintable(r.err));
    // NaN
    cv::Mat nan = mSet.ground.clone();
    nan.at<float>(3, 3) = NAN;
    NpyArray::fromMat(nan).save((bad + "/ground.npy").toStdString());
    NpyArray::fromMat(mSet.satellite).save((bad + "/satellite.npy").toStdString());
    r = runHeadless({"eval", "--descriptors", bad});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains("non-finite"), qPrintable(r.err));
    r = runHeadless({"eval", "--run", mRun, "--backend", "annoy"});
    QCOMPARE(r.exitCode, 2);
    r = runHeadless({"eval", "--run", mRun, "--geo", ","});
    QCOMPARE(r.exitCode, 2); // an empty list is a mistake, not "no geo-recall"
    QVERIFY2(r.err.contains("--geo"), qPrintable(r.err));
    r = runHeadless({"eval", "--run", mRun, "--geo", "5,abc"});
    QCOMPARE(r.exitCode, 2);
    // positions of the wrong count
    NpyArray positions(NpyArray::DType::Float64, {3, 2});
    positions.save(mDir.filePath("few.npy").toStdString());
    r = runHeadless({"eval", "--run", mRun, "--positions", mDir.filePath("few.npy"), "--out",
                     mDir.filePath("few")});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains("3 positions for 200"), qPrintable(r.err));
}

void TestEvalPlotCli::plotPdfSvgPng() {
    // Two runs: the evaluated run folder and the geo result of the .mat.
    QVERIFY(QFile::exists(mRun + "/results/val/eval_g2s.json"));
    QVERIFY(QFile::exists(mDir.filePath("geo/eval_g2s.json")));
    const QStringList runs = {"--runs", mRun, mDir.filePath("geo/eval_g2s.json")};

    const QString pdf = mDir.filePath("fig.pdf");
    CliResult r = runHeadless(QStringList{"plot", "recall"} + runs +
                              QStringList{"--names", "OriNet", "OriNet (mat)", "--out", pdf,
                                          "--log-x", "--geo", "--title", "CVUSA"});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QFile pdfFile(pdf);
    QVERIFY(pdfFile.open(QIODevice::ReadOnly));
    const QByteArray pdfBytes = pdfFile.readAll();
    QVERIFY(pdfBytes.startsWith("%PDF"));
    QVERIFY(pdfBytes.size() > 1000);

    const QString svg = mDir.filePath("fig.svg");
    r = runHeadless(QStringList{"plot", "recall"} + runs + QStringList{"--out", svg});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QFile svgFile(svg);
    QVERIFY(svgFile.open(QIODevice::ReadOnly));
    QXmlStreamReader xml(&svgFile);
    QString root;
    int paths = 0;
    while (!xml.atEnd()) {
        if (xml.readNext() != QXmlStreamReader::StartElement)
            continue;
        if (root.isEmpty())
            root = xml.name().toString();
        paths += xml.name() == QLatin1String("path");
    }
    QVERIFY2(!xml.hasError(), qPrintable("SVG is not well-formed XML: " + xml.errorString()));
    QCOMPARE(root, QString("svg"));
    QVERIFY(paths > 0);

    const QString png = mDir.filePath("fig.png");
    r = runHeadless(QStringList{"plot", "recall"} + runs +
                    QStringList{"--out", png, "--dpi", "144", "--width", "300", "--height", "200"});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    const QImage image(png);
    QVERIFY(!image.isNull());
    QCOMPARE(image.width(), 600); // 300 pt at 144 dpi
    QCOMPARE(image.height(), 400);
    // Not blank: white background plus dark axes and the curve colours.
    int white = 0, coloured = 0;
    for (int y = 0; y < image.height(); y += 2)
        for (int x = 0; x < image.width(); x += 2) {
            const QColor c = image.pixelColor(x, y);
            if (c.lightness() > 245)
                ++white;
            else if (c.saturation() > 100)
                ++coloured;
        }
    const int total = (image.width() / 2) * (image.height() / 2);
    QVERIFY2(white > total / 2, "background is not mostly white");
    QVERIFY2(coloured > 100, qPrintable(QString("only %1 coloured pixels").arg(coloured)));
}

void TestEvalPlotCli::plotTables() {
    const QString out = mDir.filePath("t.svg");
    CliResult r = runHeadless({"plot", "recall", "--runs", mRun, mDir.filePath("geo"), "--names",
                               "A_1", "B", "--out", out, "--table", "latex"});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QFile tex(mDir.filePath("t.tex"));
    QVERIFY(tex.open(QIODevice::ReadOnly));
    const QString latex = QString::fromUtf8(tex.readAll());
    const auto report =
        metrics::EvaluationReport::loadJson((mRun + "/results/val/eval_g2s.json").toStdString());
    // A_1 has no geo-recall: its cells of the 5 m and 25 m columns (from B) are unknown.
    const QString row = QString("A\\_1 & %1 & %2 & %3 & %4 & -- & -- \\\\")
                            .arg(100 * report.recallAt(1), 0, 'f', 2)
                            .arg(100 * report.recallAt(5), 0, 'f', 2)
                            .arg(100 * report.recallAt(10), 0, 'f', 2)
                            .arg(100 * report.recallOnePercent, 0, 'f', 2);
    QVERIFY2(latex.contains(row), qPrintable(latex + "\nmissing: " + row));
    QVERIFY(latex.contains("\\begin{tabular}{lrrrrrr}"));
    QVERIFY2(latex.contains("& geo r@1 (5\\,m) & geo r@1 (25\\,m) \\\\"), qPrintable(latex));

    r = runHeadless({"plot", "recall", "--runs", mRun, "--out", out, "--table", "csv",
                     "--table-out", mDir.filePath("table.csv")});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QFile csv(mDir.filePath("table.csv"));
    QVERIFY(csv.open(QIODevice::ReadOnly));
    const QStringList lines = QString::fromUtf8(csv.readAll()).trimmed().split('\n');
    QCOMPARE(lines.size(), 2);
    QCOMPARE(lines[0], QString("method,r@1,r@5,r@10,r@1%,r@1% strict"));
    QVERIFY(lines[1].startsWith("run," + QString::number(100 * report.recallAt(1), 'f', 2)));
}

void TestEvalPlotCli::plotBadInput() {
    CliResult r = runHeadless({"plot", "recall", "--out", mDir.filePath("x.pdf")});
    QCOMPARE(r.exitCode, 2);
    r = runHeadless({"plot", "recall", "--runs", mRun, "--out", mDir.filePath("x.bmp")});
    QCOMPARE(r.exitCode, 2);
    r = runHeadless(
        {"plot", "recall", "--runs", mDir.filePath("none"), "--out", mDir.filePath("x.pdf")});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains("none"), qPrintable(r.err));
    r = runHeadless(
        {"plot", "recall", "--runs", mRun, "--names", "a", "b", "--out", mDir.filePath("x.pdf")});
    QCOMPARE(r.exitCode, 2);
    QVERIFY(!QFile::exists(mDir.filePath("x.pdf")));
}

void TestEvalPlotCli::plotPublishedResults() {
    // The shipped example beside a val run: the run's dataset is not known (no configuration),
    // so both val rows are drawn, with a note; --dataset keeps one.
    const QString example = ORINET_EXAMPLES "/published-orinet.csv";
    const QString out = mDir.filePath("published.svg");
    CliResult r = runHeadless(
        {"plot", "recall", "--runs", mRun, "--published", example, "--out", out, "--table", "csv"});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY2(r.err.contains("CVUSA, CVACT") && r.err.contains("--dataset"), qPrintable(r.err));
    QFile svg(out);
    QVERIFY(svg.open(QIODevice::ReadOnly));
    const QByteArray figure = svg.readAll();
    QVERIFY(figure.contains("OriNet, CVUSA val (published)"));
    QVERIFY(figure.contains("OriNet, CVACT val (published)"));
    QFile csv(mDir.filePath("published.csv"));
    QVERIFY(csv.open(QIODevice::ReadOnly));
    const QStringList lines = QString::fromUtf8(csv.readAll()).trimmed().split('\n');
    QCOMPARE(lines.size(), 4);
    QCOMPARE(lines[0], QString("method,r@1,r@5,r@10,r@1%,r@1% strict,source,citation"));
    QVERIFY(lines[1].startsWith("run,") && lines[1].endsWith(",measured,"));
    QCOMPARE(lines[2],
             QString("\"OriNet, CVUSA val\",40.79,66.82,76.36,96.12,,published,liu2019lending"));

    r = runHeadless({"plot", "recall", "--runs", mRun, "--published", example, "--dataset",
                     "~/data/CVACT", "--out", out, "--table", "latex"});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QFile tex(mDir.filePath("published.tex"));
    QVERIFY(tex.open(QIODevice::ReadOnly));
    const QString latex = QString::fromUtf8(tex.readAll());
    QCOMPARE(latex.count("\\cite{liu2019lending}"), 1);
    QVERIFY2(latex.contains("OriNet~\\cite{liu2019lending} & 46.96 &"), qPrintable(latex));

    // A bad table is refused with its file and line before anything is written.
    const QString bad = mDir.filePath("bad-published.csv");
    QFile badFile(bad);
    QVERIFY(badFile.open(QIODevice::WriteOnly));
    badFile.write("method,dataset,split,r@1,citation\nOriNet,CVUSA,val,forty,liu\n");
    badFile.close();
    const QString none = mDir.filePath("not-written.pdf");
    r = runHeadless({"plot", "recall", "--runs", mRun, "--published", bad, "--out", none});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains("bad-published.csv:2") && r.err.contains("'forty' is not a number"),
             qPrintable(r.err));
    QVERIFY(!QFile::exists(none));
    r = runHeadless({"plot", "recall", "--runs", mRun, "--dataset", "CVUSA", "--out", none});
    QCOMPARE(r.exitCode, 2);
    QVERIFY(!QFile::exists(none));
}

void TestEvalPlotCli::plotRefusesMixedRunsAndChecksEverythingFirst() {
    const QString g2s = mDir.filePath("blocked/eval_g2s.json");
    const QString s2g = mDir.filePath("blocked/eval_s2g.json");
    QVERIFY(QFile::exists(g2s) && QFile::exists(s2g));
    const QString out = mDir.filePath("mixed.svg");
    CliResult r = runHeadless({"plot", "recall", "--runs", g2s, s2g, "--out", out});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains("same split and direction") && r.err.contains("--allow-mixed"),
             qPrintable(r.err));
    QVERIFY(!QFile::exists(out));
    r = runHeadless({"plot", "recall", "--runs", g2s, s2g, "--out", out, "--allow-mixed"});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY(QFile::exists(out));

    // A wrong table option, size or table folder is found before the figure is written.
    const QString fig = mDir.filePath("checked.pdf");
    for (const QStringList& bad :
         {QStringList{"--table", "xml"}, QStringList{"--width", "3 furlongs"},
          QStringList{"--height", "2mm"}, QStringList{"--table-out", mDir.filePath("t.csv")},
          QStringList{"--table", "csv", "--table-out", mDir.filePath("nowhere/t.csv")}}) {
        r = runHeadless(QStringList{"plot", "recall", "--runs", g2s, "--out", fig} + bad);
        QVERIFY2(r.exitCode == 2, qPrintable(bad.join(' ') + ": " + r.err));
        QVERIFY2(!QFile::exists(fig), qPrintable(bad.join(' ')));
    }
    // Lengths in millimetres: 89 mm = 252 pt.
    const QString png = mDir.filePath("mm.png");
    r = runHeadless({"plot", "recall", "--runs", g2s, "--out", png, "--width", "89mm", "--height",
                     "2.5in", "--dpi", "72"});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QCOMPARE(QImage(png).size(), QSize(252, 180));
}

void TestEvalPlotCli::filesKeepADecimalPointUnderAGermanLocale() {
    // Qt sets the C library's locale from the environment, and printf then writes "53,00":
    // every file must be the same whatever the user's locale.
    if (!std::setlocale(LC_NUMERIC, "de_DE.UTF-8"))
        QSKIP("the de_DE.UTF-8 locale is not installed here (locale-gen)");
    std::setlocale(LC_NUMERIC, "C");
    const auto run = [&](const QString& name, const QString& locale) {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove("DISPLAY");
        env.insert("LC_ALL", locale);
        const QString dir = mDir.filePath(name);
        CliResult r = orinet::testing::runCli({"eval", "--run", mRun, "--out", dir}, 120000, env);
        if (r.exitCode != 0)
            return QString("eval: " + r.err);
        r = orinet::testing::runCli({"plot", "recall", "--runs", dir, "--names", "run", "--out",
                                     dir + ".svg", "--table", "latex"},
                                    120000, env);
        return r.exitCode == 0 ? QString() : QString("plot: " + r.err);
    };
    QString error = run("c-locale", "C");
    QVERIFY2(error.isEmpty(), qPrintable(error));
    error = run("de-locale", "de_DE.UTF-8");
    QVERIFY2(error.isEmpty(), qPrintable(error));
    const auto bytes = [&](const QString& file) {
        QFile f(mDir.filePath(file));
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    };
    const QByteArray latex = bytes("c-locale.tex");
    QVERIFY(latex.contains("."));
    QCOMPARE(bytes("de-locale.tex"), latex);
    const QByteArray csv = bytes("c-locale/recall_g2s.csv");
    QVERIFY(!csv.isEmpty());
    QCOMPARE(bytes("de-locale/recall_g2s.csv"), csv);
}

QTEST_GUILESS_MAIN(TestEvalPlotCli)
#include "tst_evalplotcli.moc"
