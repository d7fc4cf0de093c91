#include "evaluationfixture.h"

#include "gui/dataset/datasetworkspace.h"
#include "gui/evaluation/comparisonview.h"
#include "gui/evaluation/evaluationdocument.h"
#include "gui/evaluation/evaluationworkspace.h"
#include "gui/evaluation/runsview.h"
#include "gui/shell/languagemanager.h"
#include "gui/shell/mainwindow.h"
#include "gui/shell/recentmenu.h"
#include "gui/shell/studiosession.h"
#include "gui/training/comparedrunslist.h"
#include "gui/training/trainingworkspace.h"

#include "dataset/dataset.h"
#include "metrics/evaluationreport.h"
#include "run/runfolder.h"
#include "run/traininglog.h"

#include <QAction>
#include <QComboBox>
#include <QFile>
#include <QMenuBar>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QtTest>

#include <fstream>

using namespace orinet;
using namespace orinet::testing;

namespace {

// Run A misses query 3 (rank 5) and query 9 (rank 2); run B misses query 7 (rank 7).
const std::map<int, std::vector<int>> kRunA = {{3, {5, 6, 7, 8}}, {9, {1}}};
const std::map<int, std::vector<int>> kRunB = {{7, {0, 1, 2, 4, 5, 6}}};

//! A run folder with a configuration and a short training log (the Training workspace's
//! compared runs read it).
void writeLoggedRun(const QString& dir) {
    const RunFolder folder(dir.toStdString());
    folder.create();
    std::ofstream(folder.configFile()) << TrainingConfig{}.toJson();
    TrainingLogWriter writer(folder.logFile(), folder.csvLogFile(), 0, 0);
    for (int step = 1; step <= 4; ++step)
        writer.append(StepRecord{1, step, 1.0 * step, 1e-5, 1.0 * step, 1.7e9 + step});
}

//! The names of a comparison's A and B boxes' choices.
QPair<QString, QString> chosen(const ComparisonView& view) {
    return {view.findChild<QComboBox*>("runA")->currentText(),
            view.findChild<QComboBox*>("runB")->currentText()};
}

int rowNamed(const EvaluationDocument& document, const QString& name) {
    for (size_t i = 0; i < document.runs().size(); ++i)
        if (document.runs()[i].run.name == name)
            return static_cast<int>(i);
    return -1;
}

QByteArray contents(const QString& path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace

//! The studio's session (StudioSession, session.json in the data directory): what a restart
//! brings back, how both directions of a results folder are added, and that a broken session
//! file is named and kept, never overwritten.
class TestStudioSession : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void restartRestoresRunsNamesComparisonAndComparedRuns();
    void addResultsTakesBothDirections();
    void corruptSessionIsNamedAndKept();
    void recentMenusDropVanishedFoldersAndClear();
    void publishedTableIsRestored();

private:
    MainWindow::Options options(const QString& data) const;
    //! Evaluates `run` in `workspace` in `direction`.
    static bool evaluate(EvaluationWorkspace& workspace, const QString& run,
                         metrics::Direction direction = metrics::Direction::GroundToSatellite);

    QTemporaryDir mDir;
    QString mWorld;
};

void TestStudioSession::initTestCase() {
    // QSettings (the last dataset) goes to a test folder, never the user's configuration.
    QStandardPaths::setTestModeEnabled(true);
    mWorld = mDir.filePath("world");
    writeEvalDataset(mWorld);
    writeDescriptorRun(mDir.filePath("runA"), kRunA);
    writeDescriptorRun(mDir.filePath("runB"), kRunB);
}

MainWindow::Options TestStudioSession::options(const QString& data) const {
    MainWindow::Options o;
    o.dataDirectory = data;
    o.demo = false;
    return o;
}

bool TestStudioSession::evaluate(EvaluationWorkspace& workspace, const QString& run,
                                 metrics::Direction direction) {
    auto* box = workspace.findChild<QComboBox*>("direction");
    box->setCurrentIndex(box->findData(QString::fromStdString(metrics::toString(direction))));
    if (box->currentIndex() < 0)
        return false;
    QSignalSpy evaluated(&workspace, &EvaluationWorkspace::evaluated);
    workspace.setRunDirectory(run);
    workspace.evaluate();
    return evaluated.wait(60000) && workspace.report() &&
           workspace.report()->direction == direction;
}

void TestStudioSession::restartRestoresRunsNamesComparisonAndComparedRuns() {
    QTemporaryDir data;
    const QString gamma = mDir.filePath("elsewhere/gamma");
    const QString delta = mDir.filePath("elsewhere/delta");
    writeLoggedRun(gamma);
    writeLoggedRun(delta);
    {
        MainWindow window(options(data.path()));
        QSignalSpy opened(window.datasetWorkspace(), &DatasetWorkspace::datasetOpened);
        window.openDataset(mWorld);
        QVERIFY(opened.wait(30000));
        EvaluationWorkspace* evaluation = window.evaluationWorkspace();
        QVERIFY(evaluate(*evaluation, mDir.filePath("runA")));
        QVERIFY(evaluate(*evaluation, mDir.filePath("runB")));
        EvaluationDocument* document = evaluation->document();
        QCOMPARE(document->runs().size(), size_t(2));

        // The current evaluation (runB) is A by default; the user makes runA A and runB B,
        // then renames runA: the choice stays with the run, not with its old name.
        ComparisonView* compare = evaluation->comparison();
        QCOMPARE(chosen(*compare), qMakePair(QString("runB"), QString("runA")));
        compare->choose(1, 0);
        QCOMPARE(chosen(*compare), qMakePair(QString("runA"), QString("runB")));
        document->setName(rowNamed(*document, "runA"), "baseline");
        QCOMPARE(chosen(*compare), qMakePair(QString("baseline"), QString("runB")));
        document->setShown(rowNamed(*document, "runB"), false);

        // Training: one compared run drawn, another only listed.
        ComparedRunsList* compared = window.trainingWorkspace()->comparedRuns();
        QVERIFY(compared->setOverlaid(gamma, true));
        QVERIFY(compared->setOverlaid(delta, false));
        QCOMPARE(compared->addedRuns().size(), 2);
    }
    const QString file = StudioSession::fileIn(data.path());
    QVERIFY(QFileInfo::exists(file));
    QVERIFY(QDir(delta).removeRecursively()); // gone before the next start

    MainWindow window(options(data.path()));
    EvaluationDocument* document = window.evaluationWorkspace()->document();
    QCOMPARE(document->runs().size(), size_t(2));
    const int baseline = rowNamed(*document, "baseline");
    const int runB = rowNamed(*document, "runB");
    QVERIFY(baseline >= 0 && runB >= 0);
    QVERIFY(document->runs()[size_t(baseline)].shown);
    QVERIFY(!document->runs()[size_t(runB)].shown);
    QVERIFY(document->runs()[size_t(baseline)].source.endsWith("eval_g2s.json"));
    QCOMPARE(document->comparedRuns(), std::make_pair(document->runs()[size_t(baseline)].id,
                                                      document->runs()[size_t(runB)].id));
    ComparedRunsList* compared = window.trainingWorkspace()->comparedRuns();
    QCOMPARE(compared->overlaidRuns(), QStringList{QFileInfo(gamma).absoluteFilePath()});
    QCOMPARE(compared->overlaidHistories().size(), size_t(1));
    QVERIFY(!compared->candidates().contains(QFileInfo(delta).absoluteFilePath()));
    const QString message = window.statusBar()->currentMessage();
    QVERIFY2(message.contains(QDir::toNativeSeparators(delta)), qPrintable(message));
    QCOMPARE(window.session()->recentDatasets(), QStringList{QFileInfo(mWorld).absoluteFilePath()});
    QCOMPARE(window.session()->recentRuns(),
             QStringList({QFileInfo(mDir.filePath("runB")).absoluteFilePath(),
                          QFileInfo(mDir.filePath("runA")).absoluteFilePath()}));

    // Evaluating runB again (it is in the chosen pair) brings the comparison back as it was.
    QSignalSpy opened(window.datasetWorkspace(), &DatasetWorkspace::datasetOpened);
    window.openDataset(mWorld);
    QVERIFY(opened.wait(30000));
    QVERIFY(evaluate(*window.evaluationWorkspace(), mDir.filePath("runB")));
    QCOMPARE(document->runs().size(), size_t(2)); // the same entry, re-evaluated
    QCOMPARE(chosen(*window.evaluationWorkspace()->comparison()),
             qMakePair(QString("baseline"), QString("runB")));
    // The dropped folder is no longer in the file.
    window.session()->flush();
    QVERIFY(!contents(file).contains("delta"));
}

void TestStudioSession::addResultsTakesBothDirections() {
    const auto dataset = std::make_shared<const Dataset>(Dataset::open(mWorld.toStdString()));
    const QString run = mDir.filePath("both");
    writeDescriptorRun(run, kRunA);
    {
        EvaluationWorkspace elsewhere; // evaluated both ways, e.g. by another window
        elsewhere.setDataset(dataset);
        QVERIFY(evaluate(elsewhere, run, metrics::Direction::GroundToSatellite));
        QVERIFY(evaluate(elsewhere, run, metrics::Direction::SatelliteToGround));
    }
    EvaluationDocument document;
    QCOMPARE(document.addResults(run), 0);
    QCOMPARE(document.runs().size(), size_t(2));
    QVERIFY(document.runs()[0].run.report.direction == metrics::Direction::GroundToSatellite);
    QVERIFY(document.runs()[1].run.report.direction == metrics::Direction::SatelliteToGround);
    QVERIFY(document.runs()[1].source.endsWith("eval_s2g.json"));
    document.addResults(run); // again: the same two, not four
    QCOMPARE(document.runs().size(), size_t(2));

    // Compare Runs names each with its direction; a run listed one way keeps its name.
    EvaluationWorkspace panel;
    panel.setDataset(dataset);
    QVERIFY(evaluate(panel, mDir.filePath("runB")));
    panel.document()->addResults(run);
    // The plot keeps showing runB's kind (g2s): the added g2s entry is plotted with it.
    QCOMPARE(panel.runs()->plottedRuns().size(), size_t(2));
    const std::vector<ComparisonView::Candidate> candidates =
        ComparisonView::candidatesOf(*panel.document());
    QCOMPARE(candidates.size(), size_t(3));
    QCOMPARE(candidates[0].name, QString("runB"));
    QVERIFY2(candidates[1].name.startsWith("both") &&
                 candidates[1].name.endsWith("ground → satellite"),
             qPrintable(candidates[1].name));
    QVERIFY2(candidates[2].name.endsWith("satellite → ground"), qPrintable(candidates[2].name));
    // B is the run's ground→satellite entry: the one comparable with runB.
    QCOMPARE(chosen(*panel.comparison()), qMakePair(candidates[0].name, candidates[1].name));

    panel.resize(1280, 800);
    panel.findChild<QTabWidget*>("evaluationViews")->setCurrentWidget(panel.comparison());
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    QVERIFY(panel.grab().save(outputFolder() + "/compare-both-directions.png"));
}

void TestStudioSession::corruptSessionIsNamedAndKept() {
    QTemporaryDir data;
    const QString file = StudioSession::fileIn(data.path());
    const QByteArray broken = "{\"format\": \"orinet-studio-session\", \"evaluationRuns\": [";
    {
        QFile out(file);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(broken);
    }
    {
        MainWindow window(options(data.path()));
        const QString message = window.statusBar()->currentMessage();
        QVERIFY2(message.contains(QDir::toNativeSeparators(file)) && message.contains(".corrupt"),
                 qPrintable(message));
        QVERIFY(window.evaluationWorkspace()->document()->runs().empty());
        // Kept aside as it was; the new session is written beside it.
        QCOMPARE(contents(file + ".corrupt"), broken);
        window.evaluationWorkspace()->document()->addResults(mDir.filePath("runA"));
    }
    QCOMPARE(contents(file + ".corrupt"), broken);
    QVERIFY(contents(file).contains("runA"));

    // Broken again: the first copy kept aside is not replaced either.
    {
        QFile out(file);
        QVERIFY(out.open(QIODevice::WriteOnly | QIODevice::Truncate));
        out.write("not json");
    }
    MainWindow window(options(data.path()));
    QVERIFY2(window.statusBar()->currentMessage().contains(".corrupt-2"),
             qPrintable(window.statusBar()->currentMessage()));
    QCOMPARE(contents(file + ".corrupt"), broken);
    QCOMPARE(contents(file + ".corrupt-2"), QByteArray("not json"));
}

void TestStudioSession::recentMenusDropVanishedFoldersAndClear() {
    QTemporaryDir data;
    const QString gone = mDir.filePath("gone-run");
    QVERIFY(QDir().mkpath(gone));
    {
        MainWindow window(options(data.path()));
        window.session()->addRecentRun(mDir.filePath("runA"));
        window.session()->addRecentRun(gone);
        window.session()->addRecentRun(mDir.filePath("runB"));
        window.session()->addRecentRun(mDir.filePath("runA")); // to the top, not twice
    }
    QVERIFY(QDir(gone).removeRecursively());
    MainWindow window(options(data.path()));
    auto* menu = window.findChild<RecentMenu*>("recentRuns");
    QVERIFY(menu);
    menu->rebuild();
    QStringList listed;
    for (QAction* action : menu->actions())
        if (action->data().isValid())
            listed << action->data().toString();
    QCOMPARE(listed, QStringList({QFileInfo(mDir.filePath("runA")).absoluteFilePath(),
                                  QFileInfo(mDir.filePath("runB")).absoluteFilePath()}));
    // Pictures for people to look at, in English and German.
    for (const QString language : {"en", "de"}) {
        LanguageManager languages({QStringLiteral(ORINET_BINARY_DIR "/translations")});
        QVERIFY(languages.setLanguage(language));
        QCoreApplication::processEvents(); // QEvent::LanguageChange
        menu->rebuild();
        menu->popup(QPoint(0, 0));
        QVERIFY(menu->grab().save(outputFolder() + "/recent-runs-" + language + ".png"));
        menu->hide();
    }
    QTRY_COMPARE(menu->title(), QString("Recent R&uns"));
    // Choosing one shows it in the Training workspace.
    menu->actions().at(1)->trigger();
    QCOMPARE(QFileInfo(window.trainingWorkspace()->runDirectory()),
             QFileInfo(mDir.filePath("runB")));
    QCOMPARE(window.workspaces()->currentWidget(), window.trainingWorkspace());
    QAction* clear = menu->findChild<QAction*>("clear");
    QVERIFY(clear && clear->isEnabled());
    clear->trigger();
    QVERIFY(window.session()->recentRuns().isEmpty());
    menu->rebuild();
    QVERIFY(!menu->findChild<QAction*>("clear")->isEnabled());
}

void TestStudioSession::publishedTableIsRestored() {
    QTemporaryDir data;
    const QString csv = QFileInfo(mDir.filePath("published.csv")).absoluteFilePath();
    {
        QFile file(csv);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("method,dataset,split,r@1,citation\nPaper,World,val,50,key\n");
    }
    {
        MainWindow window(options(data.path()));
        window.evaluationWorkspace()->document()->setPublishedFile(csv);
    }
    {
        MainWindow window(options(data.path()));
        const EvaluationDocument* document = window.evaluationWorkspace()->document();
        QCOMPARE(document->publishedFile(), csv);
        QCOMPARE(document->published().rows().size(), size_t(1));
    }
    // A table gone since is left out, and the status bar says so.
    QVERIFY(QFile::remove(csv));
    MainWindow window(options(data.path()));
    QVERIFY(window.evaluationWorkspace()->document()->publishedFile().isEmpty());
    const QString message = window.statusBar()->currentMessage();
    QVERIFY2(message.contains(QDir::toNativeSeparators(csv)), qPrintable(message));
    window.session()->flush();
    QVERIFY(!contents(StudioSession::fileIn(data.path())).contains("published.csv"));
}

QTEST_MAIN(TestStudioSession)
#include "tst_studiosession.moc"
