#include "common/error.h"
#include "metrics/publishedresults.h"
#include "metrics/resultstable.h"

#include <QtTest>

#include <cmath>

using namespace orinet;
using metrics::PublishedResults;

//! Published figures read from a CSV table (docs/guide/figures.md): the shipped example, the
//! errors for bad files (naming file, line and problem), which rows go with which runs, and
//! their rows in the results tables.
class TestPublishedResults : public QObject {
    Q_OBJECT
private slots:
    void readsTheShippedExample();
    void emptyCellsAndAnyColumnOrder();
    void badFilesNameFileLineAndProblem_data();
    void badFilesNameFileLineAndProblem();
    void rowsMatchTheRunsSplitAndDataset();
    void latexTableCitesPublishedRows();
    void csvTableMarksPublishedRows();
};

namespace {

const char* kExample = ORINET_EXAMPLES "/published-orinet.csv";

std::string errorOf(const std::string& text) {
    try {
        PublishedResults::parse(text, "pub.csv");
    } catch (const Error& e) {
        return e.what();
    }
    return "(no error)";
}

} // namespace

void TestPublishedResults::readsTheShippedExample() {
    // The OriNet paper's figures as docs/guide/protocol.md lists them.
    const PublishedResults table = PublishedResults::load(kExample);
    QCOMPARE(table.rows().size(), size_t(3));
    const PublishedResults::Row& cvusa = table.rows()[0];
    QCOMPARE(cvusa.method, std::string("OriNet"));
    QCOMPARE(cvusa.dataset, std::string("CVUSA"));
    QCOMPARE(cvusa.split, std::string("val"));
    QCOMPARE(cvusa.citation, std::string("liu2019lending"));
    QCOMPARE(cvusa.recallAt(1), 0.4079);
    QCOMPARE(cvusa.recallAt(5), 0.6682);
    QCOMPARE(cvusa.recallAt(10), 0.7636);
    QVERIFY(std::isnan(cvusa.recallAt(20)));
    QCOMPARE(cvusa.recallOnePercent, 0.9612);
    QCOMPARE(cvusa.onePercentK(), int64_t(89)); // N = 8,884: rank < 89
    QVERIFY(!cvusa.isGeo());
    const PublishedResults::Row& test = table.rows()[2];
    QCOMPARE(test.geoMetres, 5.0);
    QCOMPARE(test.onePercentK(), int64_t(929));
    QCOMPARE(test.recallAt(1), 0.1921);
}

void TestPublishedResults::emptyCellsAndAnyColumnOrder() {
    const PublishedResults table =
        PublishedResults::parse("\xEF\xBB\xBF"
                                "Citation, R@10 ,method,split,dataset,r@1,r@20\r\n"
                                "\r\n"
                                "# a comment line\n"
                                "hu2018cvm,,\"CVM-Net, I\",val,CVUSA,22.47,\n",
                                "pub.csv");
    QCOMPARE(table.rows().size(), size_t(1));
    const PublishedResults::Row& row = table.rows()[0];
    QCOMPARE(row.method, std::string("CVM-Net, I"));
    QCOMPARE(row.recallAt(1), 0.2247);
    QVERIFY(std::isnan(row.recallAt(10))); // not given by the paper
    QVERIFY(std::isnan(row.recallOnePercent));
    QCOMPARE(row.recall.size(), size_t(1));
    QCOMPARE(row.onePercentK(), int64_t(0));
    QCOMPARE(row.where, std::string("pub.csv:4"));
}

void TestPublishedResults::badFilesNameFileLineAndProblem_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("message");
    const QString header = "method,dataset,split,r@1,r@1%,citation\n";
    QTest::newRow("unknown metric") << "method,dataset,split,r@1,mAP,citation\n"
                                    << "pub.csv:1: unknown column 'mAP'";
    QTest::newRow("r@ without a whole K") << "method,dataset,split,r@1.5,citation\n"
                                          << "pub.csv:1: unknown column 'r@1.5'";
    QTest::newRow("repeated column") << "method,dataset,split,r@1,R@1,citation\n"
                                     << "pub.csv:1: column 'R@1' is given twice";
    QTest::newRow("no citation column") << "method,dataset,split,r@1\n"
                                        << "pub.csv:1: the header has no 'citation' column";
    QTest::newRow("no recall column") << "method,dataset,split,citation\n"
                                      << "pub.csv:1: the header has no recall column";
    QTest::newRow("non-numeric") << header + "OriNet,CVUSA,val,40.79,high,liu\n"
                                 << "pub.csv:2: column 'r@1%': 'high' is not a number";
    QTest::newRow("decimal comma") << header + "OriNet,CVUSA,val,\"40,79\",96.12,liu\n"
                                   << "pub.csv:2: column 'r@1': '40,79' is not a number";
    QTest::newRow("fraction above 100") << header + "OriNet,CVUSA,val,140,96.12,liu\n"
                                        << "pub.csv:2: column 'r@1': 140 is not a percentage";
    QTest::newRow("too few fields") << header + "\nOriNet,CVUSA,val,40.79\n"
                                    << "pub.csv:3: 4 fields, but the header has 6";
    QTest::newRow("too many fields") << header + "OriNet,CVUSA,val,40.79,96.12,liu,x\n"
                                     << "pub.csv:2: 7 fields, but the header has 6";
    QTest::newRow("unterminated quote") << header + "\"OriNet,CVUSA,val,40.79,96.12,liu\n"
                                        << "pub.csv:2: unterminated quoted field";
    QTest::newRow("no value") << header + "OriNet,CVUSA,val,,,liu\n"
                              << "pub.csv:2: the row gives no recall value";
    QTest::newRow("no method") << header + ",CVUSA,val,40.79,96.12,liu\n"
                               << "pub.csv:2: the method is empty";
    QTest::newRow("citation not a key") << header + "OriNet,CVUSA,val,40.79,96.12,Liu and Li\n"
                                        << "pub.csv:2: citation key 'Liu and Li'";
    QTest::newRow("bad gallery") << "method,dataset,split,r@1,gallery,citation\n"
                                    "OriNet,CVUSA,val,40.79,88.5,liu\n"
                                 << "pub.csv:2: column 'gallery': '88.5' is not a number of tiles";
    QTest::newRow("empty file") << "# only a comment\n\n"
                                << "pub.csv: no header line";
}

void TestPublishedResults::badFilesNameFileLineAndProblem() {
    QFETCH(QString, text);
    QFETCH(QString, message);
    const QString error = QString::fromStdString(errorOf(text.toStdString()));
    QVERIFY2(error.startsWith(message), qPrintable(error + "\nexpected: " + message));
    // A missing file names itself.
    QVERIFY_THROWS_EXCEPTION(Error, PublishedResults::load("/nonexistent/pub.csv"));
}

void TestPublishedResults::rowsMatchTheRunsSplitAndDataset() {
    const PublishedResults table = PublishedResults::load(kExample);
    auto datasets = [](const std::vector<PublishedResults::Row>& rows) {
        QStringList out;
        for (const auto& row : rows)
            out << QString::fromStdString(row.dataset + " " + row.split);
        return out.join(", ");
    };
    // The runs' dataset (any case) and split choose the row.
    QCOMPARE(datasets(table.matching("cvact", "val")), QString("CVACT val"));
    QCOMPARE(datasets(table.matching("CVUSA", "val")), QString("CVUSA val"));
    QCOMPARE(datasets(table.matching("CVACT", "test")), QString("CVACT test"));
    QCOMPARE(datasets(table.matching("CVUSA", "test")), QString());
    // A dataset no row names (or none known): every dataset of the split.
    QCOMPARE(datasets(table.matching("my-world", "val")), QString("CVUSA val, CVACT val"));
    QCOMPARE(datasets(table.matching("", "val")), QString("CVUSA val, CVACT val"));
    // Runs that do not say their split: every row of the dataset.
    QCOMPARE(datasets(table.matching("CVACT", "")), QString("CVACT val, CVACT test"));
}

void TestPublishedResults::latexTableCitesPublishedRows() {
    metrics::EvaluationReport r;
    r.provenance.split = "val";
    r.computeFromRanks({0, 2, 1, 0, 5}, 10, 10);
    const PublishedResults table = PublishedResults::load(kExample);
    const std::string latex =
        metrics::resultsTable({{"mine", r}}, metrics::TableFormat::Latex, table.rows());
    const QString text = QString::fromStdString(latex);
    // The measured row, a rule, then the papers' rows with their references.
    const int mine = text.indexOf("mine & 40.00");
    // (two rows of one method name their dataset and split)
    const int rule = text.indexOf("\\hline\nOriNet, CVUSA val~\\cite{liu2019lending} & 40.79 & "
                                  "66.82 & 76.36 & 96.12 \\\\\n");
    QVERIFY2(mine >= 0 && rule > mine, qPrintable(text));
    QVERIFY2(text.contains("OriNet (geo-recall within 5 m)~\\cite{liu2019lending} & 19.21 & "
                           "35.97 & 43.30 & 60.69 \\\\"),
             qPrintable(text));
    QCOMPARE(text.count("\\cite{"), 3);
    // Without published rows the table is as before.
    QVERIFY(
        !QString::fromStdString(metrics::resultsTable({{"mine", r}}, metrics::TableFormat::Latex))
             .contains("cite"));
}

void TestPublishedResults::csvTableMarksPublishedRows() {
    metrics::EvaluationReport r;
    r.computeFromRanks({0, 2, 1, 0, 5}, 10, 10);
    r.geo = {{5, std::vector<double>(10, 0.5)}};
    const PublishedResults table = PublishedResults::parse(
        "method,dataset,split,r@1,r@10,citation\n\"A, B\",CVUSA,val,12.5,,key1\n", "pub.csv");
    const QStringList lines =
        QString::fromStdString(
            metrics::resultsTable({{"mine", r}}, metrics::TableFormat::Csv, table.rows()))
            .trimmed()
            .split('\n');
    QCOMPARE(lines.size(), 3);
    QCOMPARE(lines[0], QString("method,r@1,r@5,r@10,r@1%,r@1% strict,geo r@1 (5 m),source,"
                               "citation"));
    QVERIFY2(lines[1].startsWith("mine,40.00,") && lines[1].endsWith(",50.00,measured,"),
             qPrintable(lines[1]));
    QCOMPARE(lines[2], QString("\"A, B\",12.50,,,,,,published,key1"));
}

QTEST_GUILESS_MAIN(TestPublishedResults)
#include "tst_publishedresults.moc"
