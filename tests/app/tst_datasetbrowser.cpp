#include "evaluationfixture.h"

#include "gui/dataset/datasetworkspace.h"
#include "gui/dataset/pairfiltermodel.h"
#include "gui/dataset/pairtablemodel.h"
#include "gui/dataset/thumbnailcache.h"

#include "dataset/dataset.h"

#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLabel>
#include <QListView>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QtTest>

using namespace orinet;
using namespace orinet::testing;

namespace {

bool sameColour(const QColor& a, const QColor& b) {
    return std::abs(a.red() - b.red()) <= 3 && std::abs(a.green() - b.green()) <= 3 &&
           std::abs(a.blue() - b.blue()) <= 3;
}

} // namespace

//! The dataset browser: filters, sorting, lazy bounded thumbnails, list and grid views sharing
//! one selection, details of a pair, and selection from the map that keeps the filters.
class TestDatasetBrowser : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void filtersBySplitAndIdAndSorts();
    void thumbnailsShowPanoramaAboveTile();
    void thumbnailCacheIsBounded();
    void thumbnailsAreDecodedOnlyForVisibleRows();
    void gridAndListShareTheSelection();
    void detailsShowSplitFilesAndPosition();
    void selectingFromTheMapKeepsTheSplitFilter();
    void checkFindsBadImagesAndLeavesThemOut();

private:
    //! A shown panel with the dataset at `root` opened.
    std::unique_ptr<DatasetWorkspace> openedPanel(const QString& root);

    QTemporaryDir mDir;
    QString mSmall;
    QString mMany;
};

void TestDatasetBrowser::initTestCase() {
    mSmall = mDir.filePath("small");
    writeEvalDataset(mSmall);
    mMany = mDir.filePath("many");
    writeManyPairs(mMany, 2000);
}

std::unique_ptr<DatasetWorkspace> TestDatasetBrowser::openedPanel(const QString& root) {
    auto panel = std::make_unique<DatasetWorkspace>();
    panel->resize(1200, 700);
    panel->show();
    QSignalSpy opened(panel.get(), &DatasetWorkspace::datasetOpened);
    panel->openDataset(root);
    if (!opened.wait(20000))
        return nullptr;
    return panel;
}

void TestDatasetBrowser::filtersBySplitAndIdAndSorts() {
    auto panel = openedPanel(mSmall);
    QVERIFY(panel);
    PairFilterModel* filter = panel->filterModel();
    QCOMPARE(filter->rowCount(), kTrainPairs + kEvalPairs);
    panel->setSplitFilter("val");
    QCOMPARE(filter->rowCount(), kEvalPairs);
    QCOMPARE(panel->findChild<QComboBox*>("split")->currentText(), QString("val"));
    panel->setSearch("V01");
    QCOMPARE(filter->rowCount(), 2); // v010, v011
    panel->setSearch(QString());

    // Sorted by easting, largest first: v011 sits farthest east.
    panel->table()->sortByColumn(PairTableModel::EastingColumn, Qt::DescendingOrder);
    QCOMPARE(panel->pairModel()->id(filter->pairAt(0)), QString("v011"));
    QCOMPARE(panel->pairModel()->id(filter->pairAt(kEvalPairs - 1)), QString("v000"));
    panel->table()->sortByColumn(PairTableModel::IdColumn, Qt::AscendingOrder);
    QCOMPARE(panel->pairModel()->id(filter->pairAt(0)), QString("v000"));
    panel->setSplitFilter(QString());
    QCOMPARE(filter->rowCount(), kTrainPairs + kEvalPairs);
    QCOMPARE(panel->pairModel()->id(filter->pairAt(0)), QString("t0")); // sort kept
}

void TestDatasetBrowser::thumbnailsShowPanoramaAboveTile() {
    const Dataset dataset = Dataset::open(mSmall.toStdString());
    const PairRecord& pair = dataset.pairs()[kTrainPairs + 5]; // v005
    const QImage thumbnail = ThumbnailCache::render(pair.panoramaPath, pair.satellitePath);
    // 32x128 panorama → 160x40 strip; 48x48 tile → 80x80 below it.
    QCOMPARE(thumbnail.size(), QSize(160, 40 + 3 + 80));
    QVERIFY(sameColour(thumbnail.pixelColor(80, 20), pairColour(5, true)));
    QVERIFY(sameColour(thumbnail.pixelColor(80, 83), pairColour(5, false)));
    QCOMPARE(thumbnail.pixelColor(5, 83).alpha(), 0); // beside the tile: transparent

    // A file that cannot be read gives a marked placeholder, not an exception.
    const QImage broken = ThumbnailCache::render("/nonexistent/p.jpg", pair.satellitePath);
    QVERIFY(!broken.isNull());
    QVERIFY(sameColour(broken.pixelColor(80, 83), pairColour(5, false)));
}

void TestDatasetBrowser::thumbnailCacheIsBounded() {
    auto dataset = std::make_shared<const Dataset>(Dataset::open(mSmall.toStdString()));
    ThumbnailCache cache;
    const qint64 one =
        ThumbnailCache::render(dataset->pairs()[0].panoramaPath, dataset->pairs()[0].satellitePath)
            .sizeInBytes();
    cache.setCapacity(3 * one + one / 2); // room for three
    cache.setDataset(dataset);
    QSignalSpy ready(&cache, &ThumbnailCache::thumbnailReady);
    const int count = static_cast<int>(dataset->pairs().size());
    for (int i = 0; i < count; ++i)
        QVERIFY(cache.thumbnail(static_cast<size_t>(i)).isNull()); // queued, not decoded here
    QTRY_COMPARE_WITH_TIMEOUT(ready.count(), count, 20000);
    QCOMPARE(cache.pending(), 0);
    int cached = 0;
    for (int i = 0; i < count; ++i)
        cached += cache.contains(static_cast<size_t>(i));
    QVERIFY2(cached >= 1 && cached <= 3, qPrintable(QString::number(cached)));
    // The newest request was served and kept.
    const size_t last = ready.last().at(0).value<size_t>();
    QVERIFY(!cache.thumbnail(last).isNull());
}

void TestDatasetBrowser::thumbnailsAreDecodedOnlyForVisibleRows() {
    auto panel = openedPanel(mMany);
    QVERIFY(panel);
    QCOMPARE(panel->filterModel()->rowCount(), 2000);
    QTest::qWait(300);
    QTRY_COMPARE_WITH_TIMEOUT(panel->thumbnails()->pending(), 0, 10000);
    const int firstScreen = panel->thumbnails()->decoded();
    // A 700 px tall list of 52 px rows shows about a dozen rows.
    QVERIFY2(firstScreen >= 5 && firstScreen < 40, qPrintable(QString::number(firstScreen)));
    panel->table()->scrollToBottom();
    QTest::qWait(300);
    QTRY_COMPARE_WITH_TIMEOUT(panel->thumbnails()->pending(), 0, 10000);
    const int afterScroll = panel->thumbnails()->decoded();
    QVERIFY2(afterScroll > firstScreen && afterScroll < 80,
             qPrintable(QString::number(afterScroll)));
    QVERIFY(panel->thumbnails()->contains(1999));
}

void TestDatasetBrowser::gridAndListShareTheSelection() {
    auto panel = openedPanel(mSmall);
    QVERIFY(panel);
    panel->setViewMode(DatasetWorkspace::ViewMode::Grid);
    QVERIFY(panel->grid()->isVisible());
    QSignalSpy selected(panel.get(), &DatasetWorkspace::pairSelected);
    const QModelIndex sixth = panel->filterModel()->index(6, 0);
    QTest::mouseClick(panel->grid()->viewport(), Qt::LeftButton, {},
                      panel->grid()->visualRect(sixth).center());
    QCOMPARE(selected.count(), 1);
    QCOMPARE(selected.first().first().value<size_t>(), size_t(6));
    panel->setViewMode(DatasetWorkspace::ViewMode::List);
    QCOMPARE(panel->table()->currentIndex().row(), 6);
    panel->setViewMode(DatasetWorkspace::ViewMode::Grid);
    QTRY_COMPARE_WITH_TIMEOUT(panel->thumbnails()->pending(), 0, 10000);
    QTest::qWait(100);
    QVERIFY(panel->grab().save(outputFolder() + "/dataset-grid.png"));
}

void TestDatasetBrowser::detailsShowSplitFilesAndPosition() {
    auto panel = openedPanel(mSmall);
    QVERIFY(panel);
    QSignalSpy shown(panel.get(), &DatasetWorkspace::pairShown);
    panel->selectPair(kTrainPairs + 2); // v002
    QVERIFY(shown.wait(10000) || panel->shownPair() == size_t(kTrainPairs + 2));
    QTRY_VERIFY_WITH_TIMEOUT(panel->details()->text().contains("Latitude"), 10000);
    const QString details = panel->details()->text();
    QVERIFY2(details.contains("v002") && details.contains("split: val"), qPrintable(details));
    QVERIFY2(details.contains("pano/v002.png") && details.contains("(128 × 32)"),
             qPrintable(details));
    QVERIFY2(details.contains("UTM 55S: E 690200.00 m, N 6090000.00 m"), qPrintable(details));
    // 690200 E, 6090000 N in zone 55S is near Canberra.
    QVERIFY2(details.contains("Latitude -35.") && details.contains("longitude 149."),
             qPrintable(details));
    QTRY_COMPARE_WITH_TIMEOUT(panel->thumbnails()->pending(), 0, 10000);
    QTest::qWait(50); // the layout follows the longer details text
    QVERIFY(panel->grab().save(outputFolder() + "/dataset-list.png"));
}

void TestDatasetBrowser::selectingFromTheMapKeepsTheSplitFilter() {
    auto panel = openedPanel(mSmall);
    QVERIFY(panel);
    panel->setSplitFilter("val");
    // A train pair (as a map click may pick): shown, filter untouched.
    panel->selectPair(1);
    QCOMPARE(panel->filterModel()->split(), QString("val"));
    QCOMPARE(panel->findChild<QComboBox*>("split")->currentText(), QString("val"));
    QCOMPARE(panel->filterModel()->rowCount(), kEvalPairs);
    QCOMPARE(panel->shownPair(), std::optional<size_t>(1));
    QVERIFY2(panel->details()->text().contains("not in the list"),
             qPrintable(panel->details()->text()));
    // A val pair is selected in the list.
    QSignalSpy selected(panel.get(), &DatasetWorkspace::pairSelected);
    panel->selectPair(kTrainPairs + 7);
    QCOMPARE(panel->filterModel()->pairAt(panel->table()->currentIndex().row()),
             size_t(kTrainPairs + 7));
    QCOMPARE(panel->shownPair(), std::optional<size_t>(kTrainPairs + 7));
    QCOMPARE(panel->filterModel()->split(), QString("val"));
}

void TestDatasetBrowser::checkFindsBadImagesAndLeavesThemOut() {
    // One tile missing (found on opening) and one panorama that is no image (found only by
    // reading the files): the two problems a training would otherwise stop at.
    const QString root = mDir.filePath("broken");
    writeEvalDataset(root);
    const auto pairs = Dataset::open(root.toStdString()).pairs();
    const PairRecord missing = pairs.at(2), garbage = pairs.at(5);
    QVERIFY(QFile::remove(QString::fromStdString(missing.satellitePath)));
    {
        QFile file(QString::fromStdString(garbage.panoramaPath));
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write("this is not an image");
    }
    auto panel = std::make_unique<DatasetWorkspace>();
    QSignalSpy problems(panel.get(), &DatasetWorkspace::problemsChanged);
    QSignalSpy opened(panel.get(), &DatasetWorkspace::datasetOpened);
    panel->openDataset(root);
    QVERIFY(opened.wait(20000));
    QCOMPARE(panel->knownProblemPairs(), 1);
    QCOMPARE(problems.last().at(0).toInt(), 1);
    auto* check = panel->findChild<QPushButton*>("checkImages");
    auto* leaveOut = panel->findChild<QPushButton*>("leaveOutBadPairs");
    QVERIFY(check && leaveOut);
    QVERIFY(check->isEnabled());

    panel->checkImages();
    QTRY_COMPARE_WITH_TIMEOUT(panel->knownProblemPairs(), 2, 20000);
    QCOMPARE(problems.last().at(0).toInt(), 2);
    const QString listed = problems.last().at(1).toString();
    QVERIFY2(
        listed.contains(QString::fromStdString(garbage.id)) ||
            listed.contains(QFileInfo(QString::fromStdString(garbage.panoramaPath)).fileName()),
        qPrintable(listed));
    QVERIFY(!check->isEnabled()); // checked already
    QVERIFY(!leaveOut->isHidden());
    panel->resize(1200, 700);
    panel->show();
    QVERIFY(QTest::qWaitForWindowExposed(panel.get()));
    QVERIFY(panel->grab().save(outputFolder() + "/dataset-check.png"));

    // Left out in memory: two pairs fewer, nothing known wrong, no file touched.
    const size_t before = panel->dataset()->pairs().size();
    panel->leaveOutBadPairs();
    QCOMPARE(panel->dataset()->pairs().size(), before - 2);
    QCOMPARE(panel->knownProblemPairs(), 0);
    QCOMPARE(problems.last().at(0).toInt(), 0);
    QVERIFY(leaveOut->isHidden());
    QVERIFY(QFileInfo::exists(QString::fromStdString(garbage.panoramaPath)));
    for (const PairRecord& pair : panel->dataset()->pairs())
        QVERIFY(pair.id != missing.id && pair.id != garbage.id);
}

QTEST_MAIN(TestDatasetBrowser)
#include "tst_datasetbrowser.moc"
