#include "annotationlayer.h"
#include "gui/dataset/makedatasetdialog.h"
#include "heatmapworld.h"

#include "dataset/dataset.h"
#include "dataset/vigorformat.h"

#include <QComboBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace orinet;

//! File > Make Dataset from Orthophoto… on a small synthetic world: the preview draws what
//! will be cut before anything is written, a folder of the user's is refused untouched, and
//! Make writes a dataset that opens.
class TestMakeDatasetDialog : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void previewDrawsThePlanAndMakeWritesIt();
    void vigorGridPreviewDrawsTheGrid();

private:
    //! Runs the dialog's preview or make and waits for it to end.
    static void runAndWait(MakeDatasetDialog& dialog, void (MakeDatasetDialog::*action)());
    void fill(MakeDatasetDialog& dialog) const;

    QTemporaryDir mDir;
    SynthSummary mWorld;
    QString mPositions;
};

void TestMakeDatasetDialog::initTestCase() {
    QVERIFY(mDir.isValid());
    mWorld = orinet::testing::generateHeatMapWorld(mDir.filePath("world").toStdString(), 4);
    QFile pairs(QString::fromStdString(mWorld.pairsCsv));
    QVERIFY(pairs.open(QIODevice::ReadOnly));
    const QStringList lines = QString::fromUtf8(pairs.readAll()).split('\n', Qt::SkipEmptyParts);
    // The world's 16 panoramas with their positions, and one far outside its orthophoto.
    QString csv = "file,lat,lon,id\n";
    for (int i = 1; i < lines.size(); ++i) {
        const QStringList f = lines[i].split(',');
        csv += mDir.filePath("world/" + f[1]) + "," + f[6] + "," + f[7] + "," + f[0] + "\n";
    }
    csv += mDir.filePath("world/" + lines[1].split(',')[1]) + ",-35.0,149.0,far\n";
    mPositions = mDir.filePath("panoramas.csv");
    QFile out(mPositions);
    QVERIFY(out.open(QIODevice::WriteOnly));
    out.write(csv.toUtf8());
}

void TestMakeDatasetDialog::runAndWait(MakeDatasetDialog& dialog,
                                       void (MakeDatasetDialog::*action)()) {
    QSignalSpy ended(&dialog, &JobDialog::jobEnded);
    (dialog.*action)();
    QVERIFY(ended.wait(60000));
}

void TestMakeDatasetDialog::fill(MakeDatasetDialog& dialog) const {
    dialog.findChild<QLineEdit*>("orthophoto")->setText(QString::fromStdString(mWorld.worldImage));
    dialog.findChild<QLineEdit*>("positions")->setText(mPositions);
    dialog.findChild<QDoubleSpinBox*>("tileMetres")->setValue(30);
    dialog.findChild<QSpinBox*>("tileSize")->setValue(64);
}

void TestMakeDatasetDialog::previewDrawsThePlanAndMakeWritesIt() {
    MakeDatasetDialog dialog;
    fill(dialog);
    auto* out = dialog.findChild<QLineEdit*>("out");
    // A dataset folder beside the positions file is suggested.
    QCOMPARE(out->text(), mDir.filePath("panoramas-dataset"));
    auto* make = dialog.findChild<QPushButton*>("make");
    QVERIFY(!make->isEnabled());

    runAndWait(dialog, &MakeDatasetDialog::preview);
    const QString status = dialog.findChild<QLabel*>("found")->text();
    QVERIFY2(status.contains("<b>16 panoramas</b>") && status.contains("1 panorama") &&
                 status.contains("outside the orthophoto"),
             qPrintable(status));
    QVERIFY(make->isEnabled());
    QVERIFY(!QFileInfo::exists(out->text())); // a preview writes nothing
    // On the map: the 16 panoramas in their splits' colours, the far one as a cross, and one
    // tile outline per panorama.
    auto* plan = dialog.findChild<AnnotationLayer*>();
    QVERIFY(plan);
    QCOMPARE(plan->symbols().size(), size_t(17));
    QCOMPARE(std::count_if(plan->symbols().begin(), plan->symbols().end(),
                           [](const AnnotationLayer::Symbol& s) {
                               return s.shape == AnnotationLayer::Shape::Cross;
                           }),
             long(1));

    // A folder of the user's: the preview already refuses it, naming it, and it stays as it was.
    const QString users = mDir.filePath("users");
    QVERIFY(QDir().mkpath(users));
    QFile notes(users + "/notes.txt");
    QVERIFY(notes.open(QIODevice::WriteOnly));
    notes.write("mine");
    notes.close();
    out->setText(users);
    QVERIFY(!make->isEnabled());
    runAndWait(dialog, &MakeDatasetDialog::preview);
    QVERIFY2(dialog.findChild<QLabel*>("found")->text().contains("users"),
             qPrintable(dialog.findChild<QLabel*>("found")->text()));
    QVERIFY(!make->isEnabled());
    QCOMPARE(QDir(users).entryList(QDir::NoDotAndDotDot | QDir::AllEntries),
             QStringList{"notes.txt"});

    // A new folder: Make writes the dataset, which opens with its 16 pairs.
    out->setText(mDir.filePath("made"));
    runAndWait(dialog, &MakeDatasetDialog::preview);
    QSignalSpy accepted(&dialog, &QDialog::accepted);
    runAndWait(dialog, &MakeDatasetDialog::make);
    QCOMPARE(accepted.count(), 1);
    QCOMPARE(dialog.madeDataset(), mDir.filePath("made"));
    QVERIFY(dialog.madePairs());
    QCOMPARE(Dataset::open(mDir.filePath("made").toStdString()).pairs().size(), size_t(16));
}

void TestMakeDatasetDialog::vigorGridPreviewDrawsTheGrid() {
    MakeDatasetDialog dialog;
    fill(dialog);
    auto* layout = dialog.findChild<QComboBox*>("layout");
    layout->setCurrentIndex(layout->findData("vigor"));
    QVERIFY(dialog.findChild<QLineEdit*>("area")->isEnabled());
    dialog.findChild<QLineEdit*>("area")->setText("Home");
    dialog.findChild<QLineEdit*>("out")->setText(mDir.filePath("grid"));
    runAndWait(dialog, &MakeDatasetDialog::preview);
    const QString status = dialog.findChild<QLabel*>("found")->text();
    QVERIFY2(status.contains("grid of"), qPrintable(status));
    auto* plan = dialog.findChild<AnnotationLayer*>();
    // More tile outlines than panoramas: the grid covers the area, not only the panoramas.
    QVERIFY2(plan->lines().size() > 16, qPrintable(QString::number(plan->lines().size())));
    runAndWait(dialog, &MakeDatasetDialog::make);
    QVERIFY(!dialog.madePairs());
    QCOMPARE(VigorFormat::areasIn(mDir.filePath("grid").toStdString()),
             std::vector<std::string>{"Home"});
}

QTEST_MAIN(TestMakeDatasetDialog)
#include "tst_makedatasetdialog.moc"
