#include "gui/evaluation/evaluationworkspace.h"
#include "gui/evaluation/importdescriptorsdialog.h"

#include "dataset/dataset.h"
#include "evaluationfixture.h"
#include "io/npyarray.h"
#include "metrics/evaluationreport.h"
#include "run/runfolder.h"

#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace orinet;

//! The studio's way to another method's descriptors: the dialog previews what it found before
//! anything is written, refuses what does not fit the split, and the imported run is evaluated.
class TestImportDescriptorsDialog : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void previewsChecksImportsAndEvaluates();

private:
    QTemporaryDir mDir;
    std::shared_ptr<const Dataset> mDataset;
};

void TestImportDescriptorsDialog::initTestCase() {
    QVERIFY(mDir.isValid());
    testing::writeEvalDataset(mDir.filePath("world"));
    mDataset = std::make_shared<const Dataset>(
        Dataset::open(mDir.filePath("world").toStdString(), DatasetLayout::Auto));
}

void TestImportDescriptorsDialog::previewsChecksImportsAndEvaluates() {
    // Query 3 finds tile 5 first, query 7 finds 1 then 2 then itself: r@1 10 of 12.
    const DescriptorSet set = testing::evalDescriptors({{3, {5}}, {7, {1, 2}}});
    const QString ground = mDir.filePath("method/ground.npy");
    const QString satellite = mDir.filePath("method/satellite.npy");
    const QString shortSatellite = mDir.filePath("method/satellite-short.npy");
    QDir().mkpath(mDir.filePath("method"));
    // Another method writes float64 rows that are not unit length.
    cv::Mat ground64;
    set.ground.convertTo(ground64, CV_64F, 3.0);
    NpyArray::fromMat(ground64).save(ground.toStdString());
    NpyArray::fromMat(set.satellite).save(satellite.toStdString());
    NpyArray::fromMat(set.satellite.rowRange(0, testing::kEvalPairs - 1))
        .save(shortSatellite.toStdString());

    EvaluationWorkspace workspace;
    workspace.setDataset(mDataset);
    ImportDescriptorsDialog* dialog = nullptr;
    connect(&workspace, &EvaluationWorkspace::importDialogOpened,
            [&](ImportDescriptorsDialog* d) { dialog = d; });
    workspace.show();
    workspace.importDescriptors();
    QVERIFY(dialog);
    auto* split = dialog->findChild<QComboBox*>("split");
    split->setCurrentText("val");
    dialog->findChild<QLineEdit*>("method")->setText("Baseline-X");
    dialog->findChild<QLineEdit*>("ground")->setText(ground);
    dialog->findChild<QLineEdit*>("satellite")->setText(shortSatellite);
    // The run folder follows the method's name beside the files until the user names one.
    auto* out = dialog->findChild<QLineEdit*>("out");
    QCOMPARE(out->text(), mDir.filePath("method/baseline-x-run"));
    auto* found = dialog->findChild<QLabel*>("found");
    auto* importButton = dialog->findChild<QPushButton*>("import");
    QSignalSpy ended(dialog, &ImportDescriptorsDialog::jobEnded);

    // One row short: said with the file, and nothing can be imported.
    dialog->preview();
    QVERIFY(ended.wait(20000));
    QVERIFY2(found->text().contains("satellite-short.npy"), qPrintable(found->text()));
    QVERIFY(!importButton->isEnabled());

    dialog->findChild<QLineEdit*>("satellite")->setText(satellite);
    dialog->preview();
    QVERIFY(ended.wait(20000));
    const QString text = found->text();
    QVERIFY2(text.contains("12 rows × 12 (npy float64)"), qPrintable(text));
    QVERIFY2(text.contains("Matched all 12 pairs of split 'val'"), qPrintable(text));
    QVERIFY2(text.contains("not unit length"), qPrintable(text)); // the ×3 ground rows
    QVERIFY(importButton->isEnabled());
    QVERIFY(!QFileInfo::exists(out->text())); // a preview writes nothing
    dialog->grab().save(QDir(testing::outputFolder()).filePath("import-descriptors.png"));
    // Changing a file asks for a new preview.
    dialog->findChild<QLineEdit*>("ground")->setText(ground + "x");
    QVERIFY(!importButton->isEnabled());
    dialog->findChild<QLineEdit*>("ground")->setText(ground);
    dialog->preview();
    QVERIFY(ended.wait(20000));

    // A folder of the user's is refused, its file untouched.
    const QString mine = mDir.filePath("mine");
    QDir().mkpath(mine);
    {
        QFile file(QDir(mine).filePath("notes.txt"));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("mine");
    }
    out->setText(mine);
    dialog->import();
    QVERIFY(ended.wait(20000));
    QVERIFY(dialog->isVisible());
    QVERIFY2(found->text().contains(mine), qPrintable(found->text()));
    QCOMPARE(QDir(mine).entryList(QDir::NoDotAndDotDot | QDir::AllEntries),
             QStringList{"notes.txt"});

    const QString run = mDir.filePath("method/baseline-x-run");
    out->setText(run);
    QSignalSpy evaluated(&workspace, &EvaluationWorkspace::evaluated);
    dialog->import();
    QVERIFY(evaluated.wait(30000));
    QVERIFY(RunFolder::isImportedRun(run.toStdString()));
    const metrics::EvaluationReport* report = workspace.report();
    QVERIFY(report);
    QCOMPARE(report->queryCount, size_t{12});
    QVERIFY(std::abs(report->recallAt(1) - 10.0 / 12) < 1e-9);
    QCOMPARE(report->provenance.method, std::string("Baseline-X"));
}

QTEST_MAIN(TestImportDescriptorsDialog)
#include "tst_importdescriptorsdialog.moc"
