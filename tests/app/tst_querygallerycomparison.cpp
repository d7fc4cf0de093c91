#include "gui/evaluation/querygallerycomparison.h"
#include "gui/evaluation/querygalleryview.h"
#include "imageview.h"
#include "localnumber.h"

#include "common/feedback.h"
#include "dataset/querygallery.h"
#include "dataset/vigorformat.h"
#include "evaluation/querygalleryrunevaluation.h"
#include "metrics/querygalleryevaluation.h"
#include "metrics/querygalleryreport.h"
#include "run/runfolder.h"
#include "synth/vigorworld.h"

#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QProcess>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <optional>

#include "untrainedrun.h"

using namespace orinet;

namespace {

//! The fields of a CSV line (RFC 4180 quoting).
QStringList csvFields(const QString& line) {
    QStringList fields{QString()};
    bool quoted = false;
    for (int i = 0; i < line.size(); ++i) {
        const QChar c = line[i];
        if (quoted && c == '"' && i + 1 < line.size() && line[i + 1] == '"')
            fields.last() += line[++i];
        else if (c == '"')
            quoted = !quoted;
        else if (c == ',' && !quoted)
            fields.append(QString());
        else
            fields.last() += c;
    }
    return fields;
}

} // namespace

//! Evaluation > VIGOR comparing two results of one generated VIGOR-layout split: an untrained
//! run evaluated with BatchNorm `original` (A) and `running` (B), as `orinet eval --run --vigor`
//! does. The headline figures and every query's ranks are the ones the evaluations reported,
//! the queries are listed worst regression first and filtered by improved or worse, and results
//! of another protocol or another query order are refused naming the file.
class TestQueryGalleryComparison : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void headlineAndRanksAreTheEvaluations();
    void listsWorstRegressionFirstAndFilters();
    void selectingAQueryShowsItForA();
    void mismatchedResultsAreRefusedNamingTheFile();
    void studioScreenshotShowsTheComparison();

private:
    //! A view showing A compared with B.
    void openComparison(QueryGalleryView& view);
    //! B's file with `edit` applied, saved as DIR/<name>/querygallery.json.
    QString editedCopy(const QString& name, const std::function<void(QJsonObject&)>& edit);

    QTemporaryDir mDir;
    std::optional<QueryGallery> mTruth;
    QString mRun;
    QString mFileA, mFileB;
    //! What each evaluation reported (what `orinet eval --vigor` prints).
    std::shared_ptr<const metrics::QueryGalleryEvaluation> mEvalA, mEvalB;
};

void TestQueryGalleryComparison::initTestCase() {
    QVERIFY(mDir.isValid());
    VigorWorldOptions options;
    options.outDir = mDir.filePath("vigor").toStdString();
    options.panoramasPerCity = 8;
    options.cityMetres = 200;
    Feedback feedback;
    const VigorWorldSummary world = VigorWorld::generate(options, feedback);
    mTruth = VigorFormat::read(world.root, {});

    // No batch of a single image under per-batch statistics (docs/evaluation.md).
    int batch = 4;
    while (mTruth->queryCount() % batch == 1 || mTruth->galleryCount() % batch == 1)
        ++batch;
    const RunFolder run =
        orinet::testing::makeUntrainedRun(mDir.filePath("run").toStdString(), batch);
    mRun = QString::fromStdString(run.directory());
    auto evaluate = [&](Normalization normalization, QString& file,
                        std::shared_ptr<const metrics::QueryGalleryEvaluation>& evaluation) {
        QueryGalleryRunEvaluation::Options o;
        o.normalization = normalization;
        o.geoMetres = {25};
        QueryGalleryRunEvaluation e(run, o);
        const auto& result = e.run(world.root, feedback);
        file = QDir(QString::fromStdString(result.resultsDirectory))
                   .filePath(QString::fromLatin1(metrics::QueryGalleryReport::fileName()));
        evaluation = result.evaluation;
    };
    evaluate(Normalization::Original, mFileA, mEvalA);
    evaluate(Normalization::Running, mFileB, mEvalB);
    QVERIFY(QFile::exists(mFileA) && QFile::exists(mFileB) && mFileA != mFileB);
    // Two results that differ, or the comparison shows nothing.
    QVERIFY(mEvalA->ranks() != mEvalB->ranks());
}

void TestQueryGalleryComparison::openComparison(QueryGalleryView& view) {
    QSignalSpy loaded(&view, &QueryGalleryView::loaded);
    QSignalSpy compared(&view, &QueryGalleryView::comparisonShown);
    QSignalSpy failed(&view, &QueryGalleryView::comparisonFailed);
    view.openResults(mFileA);
    QVERIFY(loaded.wait(30000));
    QCOMPARE(view.resultsFile(), mFileA);
    // The run's other results are offered to compare with.
    auto* box = view.findChild<QComboBox*>("compareWith");
    QVERIFY(box->findData(mFileB) > 0);
    QCOMPARE(box->findData(mFileA), -1);
    view.compareWith(mFileB);
    QVERIFY2(compared.wait(30000),
             failed.isEmpty() ? "no comparison" : qPrintable(failed.first().first().toString()));
    QCOMPARE(view.comparedFile(), mFileB);
    QCOMPARE(box->currentData().toString(), mFileB);
}

void TestQueryGalleryComparison::headlineAndRanksAreTheEvaluations() {
    QueryGalleryView view;
    view.resize(1280, 700);
    view.show();
    openComparison(view);
    if (QTest::currentTestFailed())
        return;
    QueryGalleryComparison* model = view.comparison();
    QCOMPARE(model->totalQueries(), mEvalA->queryCount());
    QCOMPARE(model->rowCount(), static_cast<int>(mEvalA->queryCount()));

    const auto figures = QueryGalleryComparison::figures(*model->reportA(), *model->reportB());
    QCOMPARE(figures.size(), size_t{6});
    const std::pair<double, double> expected[] = {
        {mEvalA->recallAt(1), mEvalB->recallAt(1)},
        {mEvalA->recallAt(5), mEvalB->recallAt(5)},
        {mEvalA->recallAt(10), mEvalB->recallAt(10)},
        {mEvalA->recallAtOnePercent(), mEvalB->recallAtOnePercent()},
        {mEvalA->hitRate(), mEvalB->hitRate()},
        {mEvalA->medianMetres(), mEvalB->medianMetres()},
    };
    for (size_t i = 0; i < figures.size(); ++i) {
        QCOMPARE(figures[i].a, expected[i].first);
        QCOMPARE(figures[i].b, expected[i].second);
        QCOMPARE(figures[i].delta(), expected[i].second - expected[i].first);
    }
    // The headline shows both and the difference as the user reads them.
    const QString headline = view.comparisonHeadline()->text();
    QVERIFY(view.comparisonHeadline()->isVisible());
    const double r1 = 100 * (mEvalB->recallAt(1) - mEvalA->recallAt(1));
    const QString r1Delta = localNumber(std::abs(r1), 2) + " pp";
    QVERIFY2(headline.contains(localNumber(100 * mEvalA->recallAt(1), 2) + " %") &&
                 headline.contains(localNumber(100 * mEvalB->recallAt(1), 2) + " %") &&
                 headline.contains(r1 > 0   ? "+" + r1Delta
                                   : r1 < 0 ? "\u2212" + r1Delta
                                            : r1Delta),
             qPrintable(headline));

    // Every query's ranks as each evaluation reported them (1-based in the table).
    QTableView* table = view.comparisonTable();
    for (int row = 0; row < table->model()->rowCount(); ++row) {
        const int64_t q =
            table->model()->index(row, 0).data(QueryGalleryComparison::kQueryRole).toLongLong();
        const int64_t rankA = mEvalA->ranks().at(static_cast<size_t>(q)) + 1;
        const int64_t rankB = mEvalB->ranks().at(static_cast<size_t>(q)) + 1;
        auto cell = [&](int column) { return table->model()->index(row, column).data(); };
        QCOMPARE(cell(QueryGalleryComparison::RankA).toLongLong(), rankA);
        QCOMPARE(cell(QueryGalleryComparison::RankB).toLongLong(), rankB);
        QCOMPARE(cell(QueryGalleryComparison::Change).toString().toLongLong(), rankA - rankB);
        QCOMPARE(cell(QueryGalleryComparison::MetresA).toString(),
                 localNumber(mEvalA->top1Metres().at(static_cast<size_t>(q)), 1));
        QCOMPARE(cell(QueryGalleryComparison::MetresB).toString(),
                 localNumber(mEvalB->top1Metres().at(static_cast<size_t>(q)), 1));
    }
}

void TestQueryGalleryComparison::listsWorstRegressionFirstAndFilters() {
    QueryGalleryView view;
    view.resize(1280, 700);
    view.show();
    openComparison(view);
    if (QTest::currentTestFailed())
        return;
    QueryGalleryComparison* model = view.comparison();
    QAbstractItemModel* listed = view.comparisonTable()->model();
    auto changeAt = [&](int row) {
        return model->change(
            listed->index(row, 0).data(QueryGalleryComparison::kQueryRole).toLongLong());
    };
    int64_t worst = 0, improved = 0, worse = 0;
    for (int64_t q = 0; q < mEvalA->queryCount(); ++q) {
        const int64_t c =
            mEvalA->ranks()[static_cast<size_t>(q)] - mEvalB->ranks()[static_cast<size_t>(q)];
        worst = std::min(worst, c);
        improved += c > 0;
        worse += c < 0;
    }
    QVERIFY(worse > 0 && improved > 0); // else the filters test nothing
    QCOMPARE(changeAt(0), worst);
    for (int row = 1; row < listed->rowCount(); ++row)
        QVERIFY(changeAt(row - 1) <= changeAt(row));

    view.setComparisonFilter(static_cast<int>(QueryGalleryComparison::Filter::Improved));
    QCOMPARE(listed->rowCount(), static_cast<int>(improved));
    for (int row = 0; row < listed->rowCount(); ++row)
        QVERIFY(changeAt(row) > 0);
    view.setComparisonFilter(static_cast<int>(QueryGalleryComparison::Filter::Worse));
    QCOMPARE(listed->rowCount(), static_cast<int>(worse));
    for (int row = 0; row < listed->rowCount(); ++row)
        QVERIFY(changeAt(row) < 0);
    QCOMPARE(changeAt(0), worst);

    // The listed queries as CSV, in the view's order, with the evaluations' ranks.
    const QString csv = mDir.filePath("worse.csv");
    QString error;
    QVERIFY2(view.exportComparison(csv, &error), qPrintable(error));
    QFile written(csv);
    QVERIFY(written.open(QIODevice::ReadOnly));
    const QStringList lines = QString::fromUtf8(written.readAll()).split('\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), static_cast<int>(worse) + 1);
    QCOMPARE(lines[0],
             QString("query,rank_a,rank_b,change,top1_metres_a,top1_metres_b,top1_a,top1_b"));
    const auto& reportA = *model->reportA();
    for (int row = 0; row < listed->rowCount(); ++row) {
        const auto q = static_cast<size_t>(
            listed->index(row, 0).data(QueryGalleryComparison::kQueryRole).toLongLong());
        const QStringList fields = csvFields(lines[row + 1]);
        QCOMPARE(fields.size(), 8);
        QCOMPARE(fields[0], QString::fromStdString(reportA.queries[q].name));
        QCOMPARE(fields[1].toLongLong(), mEvalA->ranks()[q] + 1);
        QCOMPARE(fields[2].toLongLong(), mEvalB->ranks()[q] + 1);
        QCOMPARE(fields[3].toLongLong(), changeAt(row));
        QCOMPARE(fields[6], QString::fromStdString(
                                reportA.galleryNames[static_cast<size_t>(mEvalA->top1()[q])]));
        QCOMPARE(fields[7], QString::fromStdString(
                                reportA.galleryNames[static_cast<size_t>(mEvalB->top1()[q])]));
    }
    // A CSV of the user's own is not replaced.
    const QString own = mDir.filePath("own.csv");
    QFile ownFile(own);
    QVERIFY(ownFile.open(QIODevice::WriteOnly));
    ownFile.write("mine,not yours\n");
    ownFile.close();
    QVERIFY(!view.exportComparison(own, &error));
    QVERIFY2(error.contains(own), qPrintable(error));
    QVERIFY(ownFile.open(QIODevice::ReadOnly));
    QCOMPARE(ownFile.readAll(), QByteArray("mine,not yours\n"));

    view.setComparisonFilter(static_cast<int>(QueryGalleryComparison::Filter::All));
    QCOMPARE(listed->rowCount(), static_cast<int>(mEvalA->queryCount()));

    // Compare no more: the results' own table again.
    view.compareWith(QString());
    QVERIFY(view.comparedFile().isEmpty());
    QVERIFY(!view.comparisonHeadline()->isVisible());
    QVERIFY(view.table()->isVisible());
}

void TestQueryGalleryComparison::selectingAQueryShowsItForA() {
    QueryGalleryView view;
    view.resize(1280, 700);
    view.show();
    QSignalSpy shown(&view, &QueryGalleryView::queryShown);
    openComparison(view);
    if (QTest::currentTestFailed())
        return;
    // The worst regression is shown first.
    QTableView* table = view.comparisonTable();
    const int64_t first =
        table->model()->index(0, 0).data(QueryGalleryComparison::kQueryRole).toLongLong();
    QTRY_COMPARE_WITH_TIMEOUT(view.shownQuery(), first, 20000);
    const int64_t other =
        table->model()->index(1, 0).data(QueryGalleryComparison::kQueryRole).toLongLong();
    shown.clear();
    table->selectRow(1);
    QVERIFY(shown.wait(20000));
    QCOMPARE(view.shownQuery(), other);
    // A's retrieved tiles; B's rank in the caption.
    const auto& q = view.comparison()->reportA()->queries.at(static_cast<size_t>(other));
    for (const QueryGalleryView::MapTile& tile : view.shownTiles())
        if (tile.rank >= 0)
            QCOMPARE(tile.item, q.top.at(static_cast<size_t>(tile.rank)));
    // B's top-1 is on the map, flagged as such.
    const int64_t topB =
        view.comparison()->reportB()->queries.at(static_cast<size_t>(other)).top.at(0);
    int flagged = 0;
    for (const QueryGalleryView::MapTile& tile : view.shownTiles()) {
        QCOMPARE(tile.topOfB, tile.item == topB);
        flagged += tile.topOfB;
    }
    QCOMPARE(flagged, 1);
    const QString caption = view.panoramaView()->caption();
    QVERIFY2(caption.startsWith(QStringLiteral("A: rank %1 · B: rank %2 · ")
                                    .arg(q.rank + 1)
                                    .arg(view.comparison()->rankB(other))),
             qPrintable(caption));
}

QString TestQueryGalleryComparison::editedCopy(const QString& name,
                                               const std::function<void(QJsonObject&)>& edit) {
    QFile in(mFileB);
    if (!in.open(QIODevice::ReadOnly))
        return {};
    QJsonObject json = QJsonDocument::fromJson(in.readAll()).object();
    edit(json);
    QDir(mDir.path()).mkpath(name);
    const QString file = QDir(mDir.filePath(name)).filePath("querygallery.json");
    QFile out(file);
    if (!out.open(QIODevice::WriteOnly))
        return {};
    out.write(QJsonDocument(json).toJson());
    return file;
}

void TestQueryGalleryComparison::mismatchedResultsAreRefusedNamingTheFile() {
    QueryGalleryView view;
    view.resize(1280, 700);
    view.show();
    openComparison(view);
    if (QTest::currentTestFailed())
        return;

    const QString otherProtocol =
        editedCopy("other-protocol", [](QJsonObject& json) { json["protocol"] = "cross-area"; });
    const QString otherOrder = editedCopy("other-order", [](QJsonObject& json) {
        QJsonArray queries = json["per_query"].toArray();
        const QJsonValue first = queries[0];
        queries[0] = queries[1];
        queries[1] = first;
        json["per_query"] = queries;
    });
    QVERIFY(!otherProtocol.isEmpty() && !otherOrder.isEmpty());
    const std::pair<QString, QString> refusals[] = {{otherProtocol, "another protocol"},
                                                    {otherOrder, "another query set or order"}};
    for (const auto& [file, reason] : refusals) {
        QSignalSpy failed(&view, &QueryGalleryView::comparisonFailed);
        view.compareWith(file);
        QVERIFY(failed.wait(30000));
        const QString message = failed.first().first().toString();
        QVERIFY2(message.contains(file) && message.contains(reason), qPrintable(message));
        QCOMPARE(view.comparisonStatus()->text(), message);
        // The comparison shown before stays.
        QCOMPARE(view.comparedFile(), mFileB);
        QCOMPARE(view.findChild<QComboBox*>("compareWith")->currentData().toString(), mFileB);
    }
}

// `orinet-studio --run RUN --view vigor-compare --compare FILE --screenshot X.png`: the picture
// once the comparison shows a query; a file that cannot be compared ends the start with the
// reason on stderr (exit status 1) and the picture of it.
void TestQueryGalleryComparison::studioScreenshotShowsTheComparison() {
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert("QT_QPA_PLATFORM", "offscreen");
    environment.insert("LC_ALL", "C.UTF-8");
    environment.remove("LANGUAGE");
    const QString refused =
        editedCopy("refused", [](QJsonObject& json) { json["split"] = "train"; });
    QVERIFY(!refused.isEmpty());
    // The run's newest results (B's, evaluated last) are A of the picture.
    const std::pair<QString, int> starts[] = {{mFileA, 0}, {refused, 1}};
    for (const auto& [compared, status] : starts) {
        const QString picture = mDir.filePath(QStringLiteral("shot%1.png").arg(status));
        QProcess studio;
        studio.setProcessEnvironment(environment);
        studio.start(QStringLiteral(ORINET_STUDIO),
                     {"--data-dir", mDir.filePath("studio"), "--no-demo", "--run", mRun, "--view",
                      "vigor-compare", "--compare", compared, "--screenshot", picture});
        QVERIFY(studio.waitForFinished(60000));
        const QString err = QString::fromLocal8Bit(studio.readAllStandardError());
        QVERIFY2(studio.exitCode() == status, qPrintable(err));
        QVERIFY(!QImage(picture).isNull());
        if (status != 0)
            QVERIFY2(err.contains(refused) && err.contains("another protocol or split"),
                     qPrintable(err));
    }
}

QTEST_MAIN(TestQueryGalleryComparison)
#include "tst_querygallerycomparison.moc"
