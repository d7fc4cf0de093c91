#include "common/memorypolicy.h"
#include "common/outputtarget.h"
#include "common/runtimeinfo.h"
#include "dataset/vigorformat.h"
#include "gui/dataset/datasetworkspace.h"
#include "gui/dataset/makedatasetdialog.h"
#include "gui/evaluation/evaluationdocument.h"
#include "gui/evaluation/evaluationworkspace.h"
#include "gui/evaluation/explanationpanel.h"
#include "gui/evaluation/importmodeldialog.h"
#include "gui/evaluation/querygalleryview.h"
#include "gui/map/mapworkspace.h"
#include "gui/shell/languagemanager.h"
#include "gui/shell/mainwindow.h"
#include "gui/training/trainingworkspace.h"
#include "matchexplanationview.h"
#include "metrics/querygalleryreport.h"

#include <QApplication>
#include <QByteArray>
#include <QComboBox>
#include <QCommandLineParser>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QIcon>
#include <QLineEdit>
#include <QTextDocumentFragment>
#include <QTimer>

#include <clocale>
#include <iostream>

namespace {

//! Without a display Qt's default platform aborts the process (a core dump, no words). Help
//! and version need none: they use the offscreen platform. Anything else is refused with the
//! reason. Returns false when the program must stop (the reason printed).
bool choosePlatform(int argc, char* argv[]) {
    if (qEnvironmentVariableIsSet("QT_QPA_PLATFORM"))
        return true; // the user's (or a test's) choice
    for (int i = 1; i < argc; ++i) {
        const QByteArray argument(argv[i]);
        if (argument == "-h" || argument == "--help" || argument == "--help-all" ||
            argument == "-?" || argument == "-v" || argument == "--version") {
            qputenv("QT_QPA_PLATFORM", "offscreen");
            return true;
        }
    }
    if (qEnvironmentVariableIsEmpty("DISPLAY") && qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY")) {
        std::cerr << "orinet-studio: no display (neither DISPLAY nor WAYLAND_DISPLAY is set). "
                     "Run it in a desktop session or under xvfb-run, or set "
                     "QT_QPA_PLATFORM=offscreen (e.g. with --screenshot); the `orinet` "
                     "command does everything headless.\n";
        return false;
    }
    return true;
}

//! Saves a picture of `dialog` once its next job (the preview) ended, then quits.
void grabWhenDone(orinet::JobDialog* dialog, const QString& picture) {
    QObject::connect(dialog, &orinet::JobDialog::jobEnded, dialog, [dialog, picture] {
        QTimer::singleShot(300, dialog, [dialog, picture] {
            const bool ok = dialog->grab().save(picture);
            std::cerr << (ok ? "saved " : "could not save ") << picture.toStdString() << "\n";
            QApplication::exit(ok ? 0 : 1);
        });
    });
}

} // namespace

int main(int argc, char* argv[]) {
    if (!choosePlatform(argc, argv))
        return 1;
    QApplication app(argc, argv);
    // Qt has set the C library's locale from the environment: printed and written numbers keep
    // a '.' decimal point whatever the user's locale (docs/robustness.md).
    std::setlocale(LC_NUMERIC, "C");
    QApplication::setApplicationName("OriNet Studio");
    QApplication::setOrganizationName("OriNet");
    QApplication::setApplicationVersion(ORINET_VERSION);
    QApplication::setWindowIcon(QIcon(":/icons/orinet.svg"));

    // Before any widget exists: the workspaces set their texts once, when they are made.
    orinet::LanguageManager languages;
    languages.setLanguage(orinet::LanguageManager::savedLanguage());

    QCommandLineParser parser;
    parser.setApplicationDescription("OriNet Studio: cross-view geo-localization workbench.");
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption dataDir("data-dir",
                                     "Folder for the demo world (default: the "
                                     "user's application data folder).",
                                     "dir");
    const QCommandLineOption noDemo("no-demo", "Do not open (or generate) the demo world.");
    const QCommandLineOption open("open", "Open this dataset folder at start.", "dir");
    const QCommandLineOption threads("threads", "Compute threads (default: all cores).", "n");
    const QCommandLineOption screenshot(
        "screenshot", "Save a PNG of the window once the start-up dataset is shown, then quit.",
        "file");
    const QCommandLineOption tab(
        "tab", "Workspace to show first: " + orinet::MainWindow::workspaceNames().join(", ") + ".",
        "name");
    const QCommandLineOption run("run",
                                 "Show this run folder: its settings and training curves in "
                                 "the Training workspace, and its evaluation on the opened "
                                 "dataset.",
                                 "dir");
    const QCommandLineOption view(
        "view",
        "A view inside a workspace to show once --run is evaluated: " +
            orinet::MainWindow::viewNames().join(", ") +
            " (compare: Evaluation > Compare Runs, the run against the --compare results; "
            "heatmap: the Map with the heat map of the inspected query, describing the run's "
            "places first when they are not cached; explain: the failure inspector with 'Why "
            "this match?' on for the worst query; compare-explain: Compare Runs with it on, run "
            "A explained; vigor: Evaluation > VIGOR with the run's newest query/gallery results, "
            "no dataset needed; vigor-compare: the same compared with the --compare "
            "querygallery.json). With --screenshot, the picture is taken once the view shows its "
            "content.",
        "name");
    const QCommandLineOption compare(
        "compare",
        "Also list these evaluation results (a results JSON or a "
        "run folder; repeatable) in the Evaluation workspace; the "
        "first is run B of Compare Runs, the --run's evaluation A. With --view "
        "vigor-compare: a querygallery.json (or a run folder: its "
        "newest), B of the VIGOR comparison.",
        "results");
    const QCommandLineOption mapBeside(
        "map-beside", "Show the map beside the images (View > Map Beside the Images; remembered "
                      "in the data directory).");
    const QCommandLineOption language(
        "language",
        QStringLiteral("User interface language for this run, not remembered (%1; default: the "
                       "one chosen in View > Language, else the system's).")
            .arg(languages.availableLanguages().join(", ")),
        "code");
    const QCommandLineOption importModel(
        "import-model",
        "Open Evaluation > Import Model… with this TorchScript file and --import-card filled in, "
        "and preview it. With --screenshot, the picture is of the dialog once the preview ended.",
        "file");
    const QCommandLineOption importCard("import-card", "The model card for --import-model.",
                                        "file");
    const QCommandLineOption makeDataset(
        "make-dataset",
        "Open File > Make Dataset from Orthophoto… with this orthophoto and --make-positions "
        "filled in, and preview it (--make-layout vigor for VIGOR's grid). With --screenshot, "
        "the picture is of the dialog once the preview ended.",
        "orthophoto");
    const QCommandLineOption makePositions("make-positions",
                                           "The positions CSV for --make-dataset.", "csv");
    const QCommandLineOption makeLayout("make-layout",
                                        "centred or vigor, for --make-dataset (default centred).",
                                        "layout", "centred");
    parser.addOptions({dataDir, noDemo, open, threads, screenshot, tab, run, view, compare,
                       mapBeside, language, importModel, importCard, makeDataset, makePositions,
                       makeLayout});
    parser.process(app);
    if (parser.isSet(language) && !languages.setLanguage(parser.value(language))) {
        std::cerr << "orinet-studio: no translation for language '"
                  << parser.value(language).toStdString() << "' (have "
                  << languages.availableLanguages().join(", ").toStdString() << ")\n";
        return 2;
    }

    orinet::runtime::configureThreads(parser.value(threads).toInt());
    orinet::runtime::keepFreedMemory();
    const std::string warning = orinet::runtime::slowBlasWarning();
    if (!warning.empty())
        std::cerr << "warning: " << warning << "\n";

    orinet::MainWindow::Options options;
    options.dataDirectory = parser.value(dataDir);
    options.demo = !parser.isSet(noDemo) && !parser.isSet(open);
    options.workspace = parser.value(tab);
    if (parser.isSet(run) && options.workspace.isEmpty())
        options.workspace = QStringLiteral("evaluation");
    if (!options.workspace.isEmpty() &&
        !orinet::MainWindow::workspaceNames().contains(options.workspace, Qt::CaseInsensitive)) {
        std::cerr << "orinet-studio: unknown workspace '" << options.workspace.toStdString()
                  << "' for --tab; choose one of: "
                  << orinet::MainWindow::workspaceNames().join(", ").toStdString() << "\n";
        return 2;
    }
    const QString shownView = parser.value(view).toLower();
    // The VIGOR views show the run's saved query/gallery results, no dataset needed.
    const bool vigorView = shownView.startsWith("vigor");
    if (!shownView.isEmpty()) {
        std::string problem;
        if (!orinet::MainWindow::viewNames().contains(shownView))
            problem = "unknown view '" + shownView.toStdString() + "' for --view; choose one of: " +
                      orinet::MainWindow::viewNames().join(", ").toStdString();
        else if (!parser.isSet(run) || (!vigorView && !options.demo && !parser.isSet(open)))
            problem = "--view " + shownView.toStdString() +
                      " needs --run and a dataset to evaluate it on (the demo world or --open)";
        else if (shownView.startsWith("compare") && !parser.isSet(compare))
            problem = "--view compare needs a second evaluated run to compare with: add "
                      "--compare RESULTS (a results JSON or a run folder)";
        else if (shownView == "vigor-compare" && !parser.isSet(compare))
            problem = "--view vigor-compare needs query/gallery results to compare with: add "
                      "--compare FILE (a querygallery.json or a run folder)";
        if (!problem.empty()) {
            std::cerr << "orinet-studio: " << problem << "\n";
            return 2;
        }
    }
    options.languages = &languages;
    orinet::MainWindow window(options);
    if (parser.isSet(mapBeside))
        window.setMapBeside(true);
    window.show();

    quint64 compareWith = 0; // the first --compare: Compare Runs' B once the run is evaluated
    // One-to-one results join the document; query/gallery results are the VIGOR view's.
    for (const QString& results : vigorView ? QStringList() : parser.values(compare)) {
        try {
            orinet::EvaluationDocument* document = window.evaluationWorkspace()->document();
            const int row = document->addResults(results);
            if (compareWith == 0 && row >= 0)
                compareWith = document->runs().at(static_cast<size_t>(row)).id;
        } catch (const std::exception& e) {
            std::cerr << "orinet-studio: --compare: " << e.what() << "\n";
            return 2;
        }
    }
    if (parser.isSet(run)) {
        window.trainingWorkspace()->setRunDirectory(parser.value(run));
        window.evaluationWorkspace()->setRunDirectory(parser.value(run));
        window.mapWorkspace()->setRunDirectory(parser.value(run));
        // The VIGOR view shows the run's saved query/gallery results: the open dataset (the
        // demo world's pairs) is not what it was evaluated on.
        if (!vigorView)
            QObject::connect(window.datasetWorkspace(), &orinet::DatasetWorkspace::datasetOpened,
                             &window, [&window] { window.evaluationWorkspace()->evaluate(); });
        if (compareWith != 0)
            QObject::connect(
                window.evaluationWorkspace(), &orinet::EvaluationWorkspace::evaluated, &window,
                [&window, compareWith] {
                    orinet::EvaluationDocument* document = window.evaluationWorkspace()->document();
                    const int current = document->currentRow();
                    if (current >= 0 && document->rowOf(compareWith) >= 0)
                        document->setComparedRuns(
                            document->runs().at(static_cast<size_t>(current)).id, compareWith);
                });
        if (shownView == "vigor-compare") {
            QString b = parser.value(compare);
            if (QFileInfo(b).isDir()) { // a run folder: its newest query/gallery results
                QFileInfo newest;
                QDirIterator it(
                    QDir(b).filePath("results"),
                    {QString::fromLatin1(orinet::metrics::QueryGalleryReport::fileName())},
                    QDir::Files, QDirIterator::Subdirectories);
                while (it.hasNext()) {
                    it.next();
                    if (!newest.exists() || it.fileInfo().lastModified() > newest.lastModified())
                        newest = it.fileInfo();
                }
                if (!newest.exists()) {
                    std::cerr << "orinet-studio: --compare: no query/gallery results in '"
                              << b.toStdString() << "/results'\n";
                    return 2;
                }
                b = newest.absoluteFilePath();
            }
            window.evaluationWorkspace()->queryGallery()->compareWith(b);
        }
        if (vigorView)
            window.showView(shownView);
        else if (!shownView.isEmpty())
            QObject::connect(window.evaluationWorkspace(), &orinet::EvaluationWorkspace::evaluated,
                             &window, [&window, shownView] { window.showView(shownView); });
    }

    if (parser.isSet(screenshot)) {
        try {
            // Checked before the start-up work: a file of the user's is never replaced.
            const std::string target = QFile::encodeName(parser.value(screenshot)).toStdString();
            orinet::OutputTarget::checkFile(target, orinet::OutputTarget::picture(target));
        } catch (const std::exception& e) {
            std::cerr << "orinet-studio: --screenshot: " << e.what() << "\n";
            return 2;
        }
    }
    if (parser.isSet(importModel)) {
        // Opened once the dataset is there (or at once without one), so that the dialog knows
        // whether the run can be evaluated.
        const QString model = parser.value(importModel), card = parser.value(importCard);
        const QString picture = parser.isSet(screenshot) ? parser.value(screenshot) : QString();
        QObject::connect(window.evaluationWorkspace(),
                         &orinet::EvaluationWorkspace::importModelDialogOpened, &window,
                         [model, card, picture](orinet::ImportModelDialog* dialog) {
                             dialog->findChild<QLineEdit*>("model")->setText(model);
                             dialog->findChild<QLineEdit*>("card")->setText(card);
                             if (!picture.isEmpty())
                                 grabWhenDone(dialog, picture);
                             QTimer::singleShot(0, dialog, [dialog] { dialog->preview(); });
                         });
        auto openDialog = [&window] { window.evaluationWorkspace()->importModel(); };
        if (options.demo || parser.isSet(open))
            QObject::connect(window.datasetWorkspace(), &orinet::DatasetWorkspace::datasetOpened,
                             &window, openDialog);
        else
            QTimer::singleShot(0, &window, openDialog);
    } else if (parser.isSet(makeDataset)) {
        const QString picture = parser.isSet(screenshot) ? parser.value(screenshot) : QString();
        QObject::connect(&window, &orinet::MainWindow::makeDatasetDialogOpened, &window,
                         [ortho = parser.value(makeDataset), csv = parser.value(makePositions),
                          layout = parser.value(makeLayout),
                          picture](orinet::MakeDatasetDialog* dialog) {
                             dialog->findChild<QLineEdit*>("orthophoto")->setText(ortho);
                             dialog->findChild<QLineEdit*>("positions")->setText(csv);
                             auto* layoutBox = dialog->findChild<QComboBox*>("layout");
                             layoutBox->setCurrentIndex(std::max(0, layoutBox->findData(layout)));
                             if (!picture.isEmpty())
                                 grabWhenDone(dialog, picture);
                             QTimer::singleShot(0, dialog, [dialog] { dialog->preview(); });
                         });
        QTimer::singleShot(0, &window, [&window] { window.makeDatasetDialog(); });
    } else if (parser.isSet(screenshot)) {
        const QString file = parser.value(screenshot);
        auto save = [&window, file] {
            // Leave time for the first pair's images to decode and paint.
            QTimer::singleShot(1500, &window, [&window, file] {
                const bool ok = window.grab().save(file);
                std::cerr << (ok ? "saved " : "could not save ") << file.toStdString() << "\n";
                QApplication::exit(ok ? 0 : 1);
            });
        };
        // A start that cannot finish still ends: the picture shows the reason, a script gets it
        // on stderr and exit code 1 (queued: exit() does nothing before the event loop runs).
        auto giveUp = [&window, file](const QString& message) {
            QTimer::singleShot(0, &window, [&window, file, message] {
                std::cerr << "orinet-studio: "
                          << QTextDocumentFragment::fromHtml(message).toPlainText().toStdString()
                          << "\n";
                window.grab().save(file);
                QApplication::exit(1);
            });
        };
        QObject::connect(window.datasetWorkspace(), &orinet::DatasetWorkspace::failed, &window,
                         giveUp);
        // A VIGOR-layout root is not opened as a dataset (Evaluation > VIGOR takes it).
        const bool datasetComing =
            options.demo ||
            (parser.isSet(open) &&
             !orinet::VigorFormat::detect(QFile::encodeName(parser.value(open)).toStdString()));
        if (parser.isSet(run) && !shownView.isEmpty() && (datasetComing || vigorView)) {
            QObject::connect(&window, &orinet::MainWindow::viewReady, &window,
                             [&window, save, shownView](const QString& ready) {
                                 if (ready != shownView)
                                     return;
                                 // The picture shows what hovering does: the largest panorama
                                 // cell of the first match and the cells it matched most.
                                 if (auto* panel = window.explanationShown(ready))
                                     panel->view()->hoverLargest(0, true);
                                 save();
                             });
            QObject::connect(window.evaluationWorkspace(),
                             &orinet::EvaluationWorkspace::evaluationFailed, &window, giveUp);
            QObject::connect(&window, &orinet::MainWindow::viewFailed, &window,
                             [giveUp, shownView](const QString& name, const QString& message) {
                                 if (name == shownView)
                                     giveUp(message);
                             });
            // A view that never shows content (e.g. results of another split to compare) must
            // not hang a script either; describing a large raster's places may take a while.
            QTimer::singleShot(30 * 60 * 1000, &window, [giveUp, shownView] {
                giveUp(QStringLiteral("the %1 view showed no content within 30 minutes; the "
                                      "picture shows it as it is")
                           .arg(shownView));
            });
        } else if (parser.isSet(run) && datasetComing) {
            QObject::connect(window.evaluationWorkspace(), &orinet::EvaluationWorkspace::evaluated,
                             &window, save);
            QObject::connect(window.evaluationWorkspace(),
                             &orinet::EvaluationWorkspace::evaluationFailed, &window, giveUp);
        } else if (datasetComing) {
            QObject::connect(window.datasetWorkspace(), &orinet::DatasetWorkspace::datasetOpened,
                             &window, save);
        } else {
            save();
        }
    }
    if (parser.isSet(open))
        window.openDataset(parser.value(open));
    return QApplication::exec();
}
