#include "crossviewlink.h"
#include "gui/common/provenancetext.h"
#include "gui/dataset/datasetworkspace.h"
#include "gui/evaluation/evaluationworkspace.h"
#include "gui/evaluation/runsview.h"
#include "gui/map/heatmapview.h"
#include "gui/map/mapworkspace.h"
#include "gui/shell/languagemanager.h"
#include "gui/shell/mainwindow.h"
#include "gui/training/trainingworkspace.h"
#include "pairviewer.h"
#include "recallplot.h"
#include "zoomview.h"

#include "common/runtimeinfo.h"
#include "training/trainer.h"

#include <QAction>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTreeWidget>
#include <QtTest>

using namespace orinet;

// The catalogues this build compiled (translations/CMakeLists.txt writes them there).
static const QStringList kCatalogues{QStringLiteral(ORINET_BINARY_DIR "/translations")};

class TestLanguage : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanup();
    void findsTheBuiltCatalogues();
    void menuSwitchesTheWindowWithoutRestart();
    void statusTextsFollowTheLanguage();
    void mapAndPairViewerFollowTheLanguage();
    void choiceIsRemembered();
    void pluralFormsFollowTheCount();
    void unknownLanguageKeepsTheCurrentOne();
    void numbersAndRunFactsFollowTheLanguage();
    void spinBoxesFollowTheLanguageAtOnce();

private:
    static QAction* languageAction(MainWindow& window, const QString& code);
    static QLineEdit* searchField(MainWindow& window) {
        return window.datasetWorkspace()->findChild<QLineEdit*>("search");
    }
    static QPushButton* evaluateButton(MainWindow& window) {
        return window.evaluationWorkspace()->findChild<QPushButton*>("evaluate");
    }
    //! The recall plot's K axis title on screen (exported figures stay English).
    static QString kAxisTitle(MainWindow& window) {
        return window.evaluationWorkspace()
            ->runs()
            ->plot()
            ->axisRect(0)
            ->axis(QCPAxis::atBottom)
            ->label();
    }
    static QString tabText(MainWindow& window, int index) {
        return window.workspaces()->tabText(index);
    }
    //! A window without the demo world, its data folder in the test's folder, in `languages`.
    MainWindow::Options windowOptions(LanguageManager& languages) const {
        MainWindow::Options options;
        options.demo = false;
        options.dataDirectory = mDir.path();
        options.languages = &languages;
        return options;
    }
    QTemporaryDir mDir;
};

void TestLanguage::initTestCase() {
    // QSettings goes to a test folder, never the user's configuration.
    QStandardPaths::setTestModeEnabled(true);
    QSettings().clear();
    QVERIFY(mDir.isValid());
}

void TestLanguage::cleanup() {
    QSettings().clear();
}

QAction* TestLanguage::languageAction(MainWindow& window, const QString& code) {
    for (QAction* action : window.findChildren<QAction*>())
        if (action->isCheckable() && action->data().isValid() && action->data().toString() == code)
            return action;
    return nullptr;
}

void TestLanguage::findsTheBuiltCatalogues() {
    const LanguageManager languages(kCatalogues);
    QCOMPARE(languages.availableLanguages(), (QStringList{"de", "en"}));
    QCOMPARE(LanguageManager::nativeName("de"), QStringLiteral("Deutsch"));
    QCOMPARE(LanguageManager::nativeName("en"), QStringLiteral("English"));
    // Nothing found in an empty folder: English only (it needs no catalogue).
    QCOMPARE(LanguageManager({mDir.path()}).availableLanguages(), QStringList{"en"});
}

void TestLanguage::menuSwitchesTheWindowWithoutRestart() {
    LanguageManager languages(kCatalogues);
    QVERIFY(languages.setLanguage("en"));
    MainWindow window(windowOptions(languages));
    window.show();
    QCOMPARE(tabText(window, 0), QStringLiteral("Dataset"));
    QCOMPARE(window.menuBar()->actions().first()->text(), QStringLiteral("&File"));

    // As a user does it: View ▸ Language ▸ Deutsch.
    QAction* deutsch = languageAction(window, "de");
    QVERIFY(deutsch);
    QCOMPARE(deutsch->text(), QStringLiteral("Deutsch"));
    deutsch->trigger();
    QCOMPARE(languages.effectiveLanguage(), QStringLiteral("de"));
    // Qt posts QEvent::LanguageChange to the windows: it arrives with the next event loop turn.
    QTRY_COMPARE(tabText(window, 0), QStringLiteral("Datensatz"));
    QCOMPARE(tabText(window, 1), QStringLiteral("Karte"));
    QCOMPARE(window.menuBar()->actions().first()->text(), QStringLiteral("&Datei"));
    QVERIFY(deutsch->isChecked());
    // Every workspace follows, not only the window's own menus and tabs.
    QCOMPARE(searchField(window)->placeholderText(), QStringLiteral("ID suchen…"));
    QCOMPARE(evaluateButton(window)->text(), QStringLiteral("Auswerten"));
    QCOMPARE(window.trainingWorkspace()->findChild<QPushButton*>("start")->text(),
             QStringLiteral("Starten"));
    QCOMPARE(window.mapWorkspace()->findChild<QTreeWidget*>()->headerItem()->text(0),
             QStringLiteral("Ebenen"));
    QCOMPARE(kAxisTitle(window), QStringLiteral("K (beste Kandidaten)"));
    QCOMPARE(window.findChild<QMenu*>("recentRuns")->title(),
             QStringLiteral("Zuletzt verwendete &Läufe"));
    // The menu names each language in its own words, whatever the current one.
    QCOMPARE(languageAction(window, "en")->text(), QStringLiteral("English"));

    languageAction(window, "en")->trigger();
    QTRY_COMPARE(tabText(window, 0), QStringLiteral("Dataset"));
    QVERIFY(!deutsch->isChecked());
    QCOMPARE(searchField(window)->placeholderText(), QStringLiteral("Search id…"));
    QCOMPARE(evaluateButton(window)->text(), QStringLiteral("Evaluate"));
    QCOMPARE(kAxisTitle(window), QStringLiteral("K (top candidates)"));
}

void TestLanguage::statusTextsFollowTheLanguage() {
    // A text made from data (here: the evaluation panel's answer to a missing run folder) is
    // made again in the new language, with the same data.
    LanguageManager languages(kCatalogues);
    QVERIFY(languages.setLanguage("en"));
    MainWindow window(windowOptions(languages));
    window.show();
    EvaluationWorkspace* panel = window.evaluationWorkspace();
    auto* summary = panel->findChild<QLabel*>("summary");
    QVERIFY(summary);
    panel->evaluate(); // no dataset open
    QVERIFY2(summary->text().startsWith("Open a dataset first"), qPrintable(summary->text()));
    languageAction(window, "de")->trigger();
    QTRY_VERIFY2(summary->text().startsWith("Zuerst einen Datensatz öffnen"),
                 qPrintable(summary->text()));
}

void TestLanguage::mapAndPairViewerFollowTheLanguage() {
    // The heat map box, the pair viewer and the cross-view readout switch with the rest,
    // including texts made from data (a status, the values under the cursor).
    LanguageManager languages(kCatalogues);
    QVERIFY(languages.setLanguage("en"));
    MainWindow window(windowOptions(languages));
    window.show();
    HeatMapView* heat = window.mapWorkspace()->heatMapView();
    auto* describe = heat->findChild<QPushButton*>("describePlaces");
    QVERIFY(describe);
    QCOMPARE(describe->text(), QStringLiteral("Describe Places"));
    heat->describePlaces(); // no dataset: a status made in the current language
    QCOMPARE(heat->statusText(), QStringLiteral("Open a dataset with a base raster first."));

    PairViewer* viewer = window.datasetWorkspace()->pairViewer();
    QImage panorama(512, 128, QImage::Format_RGB32);
    panorama.fill(Qt::darkGray);
    QImage tile(200, 200, QImage::Format_RGB32);
    tile.fill(Qt::darkGreen);
    viewer->setPanorama(panorama);
    viewer->setTile(tile, 0.5);
    // Three quarters across, the panorama looks east (docs/geometry.md).
    viewer->link()->hover(viewer->panoramaView(), QPointF(383.75, 40.5));
    QVERIFY2(viewer->valuesText().startsWith("panorama (383, 40): yaw 90.0° (E)"),
             qPrintable(viewer->valuesText()));

    languageAction(window, "de")->trigger();
    QTRY_COMPARE(describe->text(), QStringLiteral("Orte beschreiben"));
    QCOMPARE(heat->statusText(), QStringLiteral("Zuerst einen Datensatz mit Grundkarte öffnen."));
    // East is "O" in German, in the readout as on the compass labels; decimals with a comma.
    QTRY_VERIFY2(viewer->valuesText().startsWith("Panorama (383, 40): Gierwinkel 90,0° (O)"),
                 qPrintable(viewer->valuesText()));
    // Leaving the images keeps the last readout, in the new language.
    viewer->link()->leave();
    QVERIFY(viewer->valuesText().startsWith("Panorama (383, 40): Gierwinkel"));
}

void TestLanguage::choiceIsRemembered() {
    QCOMPARE(LanguageManager::savedLanguage(), QString());
    {
        LanguageManager languages(kCatalogues);
        MainWindow window(windowOptions(languages));
        languageAction(window, "de")->trigger();
    }
    QCOMPARE(LanguageManager::savedLanguage(), QStringLiteral("de"));

    // The next start: the saved choice is applied and checked in the menu.
    LanguageManager languages(kCatalogues);
    QVERIFY(languages.setLanguage(LanguageManager::savedLanguage()));
    MainWindow window(windowOptions(languages));
    QCOMPARE(tabText(window, 0), QStringLiteral("Datensatz"));
    QVERIFY(languageAction(window, "de")->isChecked());
    QVERIFY(!languageAction(window, QString())->isChecked()); // "System Default"
}

void TestLanguage::pluralFormsFollowTheCount() {
    LanguageManager languages(kCatalogues);
    const char* context = "orinet::MainWindow";
    const char* source = "CPU · %n thread(s) · BLAS: %1";
    QVERIFY(languages.setLanguage("en"));
    QCOMPARE(QCoreApplication::translate(context, source, "", 1),
             QStringLiteral("CPU · 1 thread · BLAS: %1"));
    QCOMPARE(QCoreApplication::translate(context, source, "", 2),
             QStringLiteral("CPU · 2 threads · BLAS: %1"));
    QVERIFY(languages.setLanguage("de"));
    QCOMPARE(QCoreApplication::translate(context, source, "", 1),
             QStringLiteral("CPU · 1 Thread · BLAS: %1"));
    QCOMPARE(QCoreApplication::translate(context, source, "", 2),
             QStringLiteral("CPU · 2 Threads · BLAS: %1"));

    // And in the status bar, with the machine's real thread count.
    MainWindow window(windowOptions(languages));
    const int threads = runtime::threads();
    bool seen = false;
    for (QLabel* label : window.statusBar()->findChildren<QLabel*>())
        if (label->text().startsWith("CPU · ")) {
            seen = true;
            QVERIFY2(label->text().contains(
                         QString("%1 Thread%2 ").arg(threads).arg(threads == 1 ? "" : "s")),
                     qPrintable(label->text()));
        }
    QVERIFY(seen);
}

void TestLanguage::unknownLanguageKeepsTheCurrentOne() {
    LanguageManager languages(kCatalogues);
    QVERIFY(languages.setLanguage("de"));
    QVERIFY(!languages.setLanguage("xx"));
    QCOMPARE(languages.effectiveLanguage(), QStringLiteral("de"));
    QCOMPARE(QCoreApplication::translate("orinet::MainWindow", "&File"), QStringLiteral("&Datei"));
}

void TestLanguage::numbersAndRunFactsFollowTheLanguage() {
    LanguageManager languages(kCatalogues);
    TrainingProgress progress;
    progress.epoch = 3;
    progress.epochs = 10;
    progress.step = 1450;
    progress.totalSteps = 4000;
    progress.loss = 0.5;
    progress.etaSeconds = 30;
    Provenance provenance;
    provenance.split = "val";
    provenance.checkpoint = "/runs/a/checkpoints/last.ckpt";
    provenance.checkpointKind = "last";
    provenance.epoch = 2;
    provenance.normalization = "recalibrated";

    // Counts group their digits as the interface's language does, and the facts of a result
    // (checkpoint, epoch, BatchNorm mode) are words of that language, not the core's English.
    QVERIFY(languages.setLanguage("de"));
    QCOMPARE(QLocale().toString(1450), QStringLiteral("1.450"));
    const QString german = TrainingWorkspace::progressText(progress);
    QVERIFY2(german.contains(QStringLiteral("1.450/4.000")), qPrintable(german));
    QCOMPARE(provenancetext::label(provenance),
             QStringLiteral("val · last.ckpt, Epoche 2 · BN neu kalibriert"));
    TrainingHistory::Epoch epoch;
    epoch.epoch = 2;
    epoch.meanLoss = 0.5;
    epoch.recallAt1 = 0.1667;
    epoch.recallAtOnePercent = 0.25;
    const QString line = TrainingWorkspace::epochText(epoch);
    QVERIFY2(line.contains(QStringLiteral("0,5000")) && line.contains(QStringLiteral("16,67")),
             qPrintable(line));

    QVERIFY(languages.setLanguage("en"));
    const QString english = TrainingWorkspace::progressText(progress);
    QVERIFY2(english.contains(QStringLiteral("1,450/4,000")), qPrintable(english));
    // In English the window says what files and the CLI say.
    QCOMPARE(provenancetext::label(provenance), QString::fromStdString(provenance.label()));
}

void TestLanguage::spinBoxesFollowTheLanguageAtOnce() {
    // View > Language > Deutsch while running: a spin box made in English shows and reads its
    // value with a decimal comma at once, with its unit in German, and back.
    LanguageManager languages(kCatalogues);
    QVERIFY(languages.setLanguage("en"));
    MainWindow window(windowOptions(languages));
    window.show();
    auto* rate = window.trainingWorkspace()->findChild<QDoubleSpinBox*>("learningRate");
    QVERIFY(rate);
    rate->setValue(0.5);
    const QString english = rate->text();
    QVERIFY2(english.startsWith("0.5") && !english.contains(','), qPrintable(english));
    // The heat map's spacing, a value with a unit (10 m by default).
    QDoubleSpinBox* spacing = nullptr;
    for (auto* box : window.mapWorkspace()->heatMapView()->findChildren<QDoubleSpinBox*>())
        if (box->value() == 10.0)
            spacing = box;
    QVERIFY(spacing);
    QCOMPARE(spacing->text(), QStringLiteral("10.0 m"));
    auto* geoError = window.evaluationWorkspace()->findChild<QDoubleSpinBox*>("minGeoError");
    QVERIFY(geoError);
    geoError->setValue(25);
    QCOMPARE(geoError->text(), QStringLiteral("geo error > 25 m"));

    languageAction(window, "de")->trigger();
    QTRY_COMPARE(geoError->text(),
                 QCoreApplication::translate("orinet::FailureInspector", "geo error > ") + "25" +
                     QCoreApplication::translate("orinet::FailureInspector", " m"));
    QVERIFY2(!geoError->text().startsWith("geo error"), qPrintable(geoError->text()));
    QCOMPARE(rate->text(), QLocale(QLocale::German).toString(0.5, 'f', rate->decimals()));
    QVERIFY2(rate->text().startsWith("0,5"), qPrintable(rate->text()));
    QCOMPARE(spacing->text(), "10,0" + QCoreApplication::translate("orinet::HeatMapView", " m"));
    // What the user types is read the German way too.
    auto* edit = rate->findChild<QLineEdit*>();
    QVERIFY(edit);
    edit->selectAll();
    QTest::keyClicks(edit, "0,25");
    rate->interpretText();
    QCOMPARE(rate->value(), 0.25);

    languageAction(window, "en")->trigger();
    QTRY_COMPARE(geoError->text(), QStringLiteral("geo error > 25 m"));
    QVERIFY2(rate->text().startsWith("0.25"), qPrintable(rate->text()));
    QCOMPARE(spacing->text(), QStringLiteral("10.0 m"));
}

QTEST_MAIN(TestLanguage)
#include "tst_language.moc"
