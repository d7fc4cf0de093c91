#include "annotationlayer.h"
#include "gui/evaluation/querygallerytablemodel.h"
#include "gui/evaluation/querygalleryview.h"
#include "imagelayer.h"
#include "imageview.h"
#include "mapcanvas.h"

#include "common/feedback.h"
#include "dataset/querygallery.h"
#include "dataset/vigorformat.h"
#include "geo/utmconverter.h"
#include "metrics/querygalleryreport.h"
#include "run/runfolder.h"
#include "synth/vigorworld.h"

#include <QCheckBox>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <map>
#include <optional>

#include "untrainedrun.h"

using namespace orinet;

//! Evaluation > VIGOR on a generated VIGOR-layout world and a run holding an untrained tiny
//! network: the view evaluates the run (the path of `orinet eval --vigor`), lists every query
//! worst first, and for a query draws its positive and semi-positives and the retrieved tiles
//! where the world generator put them (UTM centres and the 80 m footprint, known independently
//! of the offsets the view estimates the footprint from); results whose dataset changed are
//! refused naming the file.
class TestQueryGalleryView : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void evaluatesListsAndDrawsTheTruth();
    void missesOnlyListsTheQueriesNotCovered();
    void resultsOfAnotherDatasetAreRefused();

private:
    QTemporaryDir mDir;
    VigorWorldOptions mOptions;
    VigorWorldSummary mWorld;
    std::optional<QueryGallery> mTruth;
    QString mRun;
    QString mResults; //!< the querygallery.json the view saved
};

void TestQueryGalleryView::initTestCase() {
    QVERIFY(mDir.isValid());
    mOptions.outDir = mDir.filePath("vigor").toStdString();
    mOptions.panoramasPerCity = 8;
    mOptions.cityMetres = 200;
    Feedback feedback;
    mWorld = VigorWorld::generate(mOptions, feedback);
    mTruth = VigorFormat::read(mWorld.root, {});

    // No batch of a single image under per-batch statistics (docs/evaluation.md).
    int batch = 4;
    while (mTruth->queryCount() % batch == 1 || mTruth->galleryCount() % batch == 1)
        ++batch;
    const RunFolder run =
        orinet::testing::makeUntrainedRun(mDir.filePath("run").toStdString(), batch);
    mRun = QString::fromStdString(run.directory());
}

void TestQueryGalleryView::evaluatesListsAndDrawsTheTruth() {
    QueryGalleryView view;
    view.resize(1280, 700);
    view.show();
    view.setRunDirectory(mRun); // nothing evaluated yet: nothing to show
    QVERIFY(view.resultsFile().isEmpty());

    QSignalSpy shown(&view, &QueryGalleryView::queryShown);
    QSignalSpy failed(&view, &QueryGalleryView::loadFailed);
    view.findChild<QLineEdit*>("vigorRoot")->setText(QString::fromStdString(mWorld.root));
    view.evaluate(mRun, CheckpointChoice::Last, Normalization::Original);
    QVERIFY2(shown.wait(120000),
             failed.isEmpty() ? "no query shown" : qPrintable(failed.first().first().toString()));
    mResults = view.resultsFile();
    QVERIFY(QFile::exists(mResults));
    QVERIFY(mResults.startsWith(QDir(mRun).filePath("results/")));
    const metrics::QueryGalleryReport report =
        metrics::QueryGalleryReport::load(mResults.toStdString());

    // Every query listed, worst first.
    QueryGalleryTableModel* model = view.model();
    QCOMPARE(model->rowCount(), static_cast<int>(mTruth->queryCount()));
    int64_t worst = 0;
    for (const auto& q : report.queries)
        worst = std::max(worst, q.rank);
    QTableView* table = view.table();
    const int64_t first =
        table->model()->index(0, 0).data(QueryGalleryTableModel::kQueryRole).toLongLong();
    QCOMPARE(report.queries.at(static_cast<size_t>(first)).rank, worst);
    QCOMPARE(view.shownQuery(), first);

    // Another query, with semi-positives, chosen by the test.
    int64_t query = -1;
    for (int64_t q = 0; q < mTruth->queryCount() && query < 0; ++q)
        if (q != first && mTruth->semiPositives(q).size() >= 2)
            query = q;
    QVERIFY(query >= 0);
    shown.clear();
    QVERIFY(view.selectQuery(query));
    QVERIFY(shown.wait(20000));
    QCOMPARE(view.shownQuery(), query);

    // The world's own record of this panorama and its tiles (UTM zone 55S).
    const std::string city = mTruth->query(query).group;
    // Retrieved tiles may lie in any city of the gallery.
    std::map<std::pair<std::string, std::string>, UtmPoint> centreOf;
    for (size_t c = 0; c < mWorld.cities.size(); ++c)
        for (size_t t = 0; t < mWorld.tileNames[c].size(); ++t)
            centreOf[{mWorld.cities[c], mWorld.tileNames[c][t]}] = mWorld.tileCentres[c][t];
    const auto panorama =
        std::find_if(mWorld.panoramas.begin(), mWorld.panoramas.end(), [&](const auto& p) {
            return p.city == city && p.name == mTruth->query(query).name;
        });
    QVERIFY(panorama != mWorld.panoramas.end());

    const auto& tiles = view.shownTiles();
    const std::vector<int> semiPositives = mTruth->semiPositives(query);
    const auto& top = report.queries.at(static_cast<size_t>(query)).top;
    int positives = 0, semis = 0;
    for (const QueryGalleryView::MapTile& tile : tiles) {
        const bool semi = std::count(semiPositives.begin(), semiPositives.end(), tile.item) > 0;
        if (tile.item == mTruth->positive(query)) {
            QCOMPARE(tile.role, QueryGalleryView::TileRole::Positive);
            ++positives;
        } else if (semi) {
            QCOMPARE(tile.role, QueryGalleryView::TileRole::SemiPositive);
            ++semis;
        } else {
            QCOMPARE(tile.role, QueryGalleryView::TileRole::Other);
        }
        if (tile.rank >= 0)
            QCOMPARE(top.at(static_cast<size_t>(tile.rank)), tile.item);
        // Where the generator put the tile, and its ground side.
        const UtmPoint centre = centreOf.at(
            {mTruth->galleryItem(tile.item).group, mTruth->galleryItem(tile.item).name});
        QVERIFY2(std::abs(tile.centre.x() - centre.easting) < 0.5 &&
                     std::abs(tile.centre.y() - centre.northing) < 0.5,
                 qPrintable(QString("tile %1 at %2,%3, generated at %4,%5")
                                .arg(tile.name)
                                .arg(tile.centre.x(), 0, 'f', 2)
                                .arg(tile.centre.y(), 0, 'f', 2)
                                .arg(centre.easting, 0, 'f', 2)
                                .arg(centre.northing, 0, 'f', 2)));
        QVERIFY2(std::abs(tile.side / mOptions.tileMetres - 1) < 0.005,
                 qPrintable(QString::number(tile.side)));
    }
    QCOMPARE(positives, 1);
    QCOMPARE(semis, static_cast<int>(mTruth->semiPositives(query).size()));
    const int retrieved = static_cast<int>(
        std::count_if(tiles.begin(), tiles.end(), [](const auto& t) { return t.rank >= 0; }));
    QCOMPARE(retrieved, std::min<int>(QueryGalleryView::kTilesShown, static_cast<int>(top.size())));

    // On the map: an outline per tile (positive thickest), the line to the top-1, the star at
    // the panorama's generated position, and the tile pictures laid at their footprints.
    AnnotationLayer* outlines = view.outlines();
    QCOMPARE(outlines->lines().size(), tiles.size() + 1);
    const auto star =
        std::find_if(outlines->symbols().begin(), outlines->symbols().end(),
                     [](const auto& s) { return s.shape == AnnotationLayer::Shape::Star; });
    QVERIFY(star != outlines->symbols().end());
    QVERIFY(std::abs(star->position.x() - panorama->utm.easting) < 0.5);
    QVERIFY(std::abs(star->position.y() - panorama->utm.northing) < 0.5);
    int pictures = 0;
    for (MapLayer* layer : view.map()->layers())
        if (auto* image = qobject_cast<ImageLayer*>(layer); image && !image->image().isNull())
            ++pictures;
    QCOMPARE(pictures, static_cast<int>(tiles.size()));

    // The retrieved pictures in rank order, the positive and semi-positives framed.
    for (const QueryGalleryView::MapTile& tile : tiles) {
        if (tile.rank < 0)
            continue;
        ImageView* picture = view.tileViews().at(static_cast<size_t>(tile.rank));
        QVERIFY(!picture->image().isNull());
        QCOMPARE(picture->frameColor().isValid(), tile.role != QueryGalleryView::TileRole::Other);
        QVERIFY(picture->caption().startsWith(QString("#%1 ").arg(tile.rank + 1)));
    }
    QVERIFY(!view.panoramaView()->image().isNull());

    // A second view opens the run's saved results by itself.
    QueryGalleryView reopened;
    QSignalSpy reloaded(&reopened, &QueryGalleryView::queryShown);
    reopened.setRunDirectory(mRun);
    QVERIFY(reloaded.wait(30000));
    QCOMPARE(reopened.resultsFile(), mResults);
    // Another run without results: the first run's are no longer shown as if they were its.
    const QString empty = QString::fromStdString(
        orinet::testing::makeUntrainedRun(mDir.filePath("empty").toStdString(), 4).directory());
    reopened.setRunDirectory(empty);
    QVERIFY(reopened.resultsFile().isEmpty());
    QCOMPARE(reopened.model()->rowCount(), 0);
    QCOMPARE(reopened.shownQuery(), int64_t(-1));
    QVERIFY(reopened.outlines()->isEmpty());
    reopened.setRunDirectory(mRun);
    QVERIFY(reloaded.wait(30000));
    QCOMPARE(reopened.resultsFile(), mResults);
}

void TestQueryGalleryView::missesOnlyListsTheQueriesNotCovered() {
    QVERIFY(!mResults.isEmpty());
    QueryGalleryView view;
    QSignalSpy shown(&view, &QueryGalleryView::queryShown);
    view.openResults(mResults);
    QVERIFY(shown.wait(30000));
    const metrics::QueryGalleryReport report =
        metrics::QueryGalleryReport::load(mResults.toStdString());
    const int misses = static_cast<int>(std::count_if(report.queries.begin(), report.queries.end(),
                                                      [](const auto& q) { return !q.top1Covers; }));
    QVERIFY2(misses > 0 && misses < static_cast<int>(report.queries.size()),
             "an untrained model misses some queries, not all");
    view.missesOnly()->setChecked(true);
    QCOMPARE(view.model()->rowCount(), misses);
    for (int row = 0; row < view.model()->rowCount(); ++row)
        QVERIFY(!report.queries.at(static_cast<size_t>(view.model()->queryAt(row))).top1Covers);
    view.missesOnly()->setChecked(false);
    QCOMPARE(view.model()->rowCount(), static_cast<int>(report.queries.size()));
}

void TestQueryGalleryView::resultsOfAnotherDatasetAreRefused() {
    QVERIFY(!mResults.isEmpty());
    // The same results pointed at another world (fewer panoramas): refused, naming the file.
    VigorWorldOptions other = mOptions;
    other.outDir = mDir.filePath("other").toStdString();
    other.panoramasPerCity = 6;
    Feedback feedback;
    VigorWorld::generate(other, feedback);
    QFile in(mResults);
    QVERIFY(in.open(QIODevice::ReadOnly));
    QJsonObject json = QJsonDocument::fromJson(in.readAll()).object();
    json["dataset"] = QString::fromStdString(other.outDir);
    const QString moved = mDir.filePath("moved.json");
    QFile out(moved);
    QVERIFY(out.open(QIODevice::WriteOnly));
    out.write(QJsonDocument(json).toJson());
    out.close();

    QueryGalleryView view;
    QSignalSpy failed(&view, &QueryGalleryView::loadFailed);
    view.openResults(moved);
    QVERIFY(failed.wait(30000));
    const QString message = failed.first().first().toString();
    QVERIFY2(message.contains(moved) && message.contains("another state of the dataset"),
             qPrintable(message));
    QVERIFY(view.resultsFile().isEmpty());
    QCOMPARE(view.model()->rowCount(), 0);
}

QTEST_MAIN(TestQueryGalleryView)
#include "tst_querygalleryview.moc"
