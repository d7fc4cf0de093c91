#include "clicommand.h"
#include "commands.h"

#include "common/error.h"
#include "common/runtimeinfo.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <vector>

#include <clocale>
#include <unistd.h>

namespace {

// `orinet plot` draws with QCustomPlot, so it needs Qt's GUI libraries. They stay out of this
// program: plot runs in a helper, orinet-plot, that comes with the studio's package, and every
// other command runs on a headless machine without them (docs/packaging.md). The helper is
// beside this program in a build tree, in the private library folder when installed.
int runPlotHelper(const QStringList& args) {
    const QDir here(QCoreApplication::applicationDirPath());
    const QStringList candidates{here.filePath("orinet-plot"),
                                 here.filePath(QStringLiteral(ORINET_PLOT_HELPER))};
    for (const QString& helper : candidates) {
        if (!QFileInfo(helper).isExecutable())
            continue;
        const QByteArray path = QFile::encodeName(helper);
        std::vector<QByteArray> words{path};
        for (const QString& arg : args.mid(1))
            words.push_back(arg.toLocal8Bit());
        std::vector<char*> argv;
        for (QByteArray& word : words)
            argv.push_back(word.data());
        argv.push_back(nullptr);
        std::fflush(stdout);
        execv(path.constData(), argv.data());
        throw orinet::Error("could not start " + helper.toStdString() + ": " +
                            std::strerror(errno));
    }
    throw orinet::Error("figures need the GUI libraries: install the orinet-studio package, "
                        "which brings the renderer orinet-plot (not found at " +
                        candidates.join(" or ").toStdString() + ")");
}

struct Subcommand {
    const char* name;
    const char* summary;
    int (*run)(const QStringList& args);
};

// Kept in the order a researcher meets them.
const Subcommand kSubcommands[] = {
    {"orientation", "write a ground or satellite orientation map as .npy",
     orinet::cli::runOrientation},
    {"dataset", "open a dataset folder, list its splits and check it for problems",
     orinet::cli::runDataset},
    {"synth", "generate a geo-referenced synthetic town and dataset (CVUSA + CVACT layouts)",
     orinet::cli::runSynth},
    {"make-dataset", "a dataset of your own area from an orthophoto and geotagged panoramas",
     orinet::cli::runMakeDataset},
    {"train", "train OriNet on a dataset (run folder, checkpoints, --resume)",
     orinet::cli::runTrain},
    {"extract", "compute the descriptors of a split with a trained model", orinet::cli::runExtract},
    {"export-weights", "write a checkpoint's weights as safetensors (PyTorch names)",
     orinet::cli::runExportWeights},
    {"import-weights", "turn a safetensors weights file into a checkpoint",
     orinet::cli::runImportWeights},
    {"import-descriptors",
     "another method's descriptors (.npy, .mat, .pt) as a run for eval and plot",
     orinet::cli::runImportDescriptors},
    {"import-model", "another method's TorchScript model and card as a run for extract and eval",
     orinet::cli::runImportModel},
    {"eval", "recall@K, recall@1%, ranks and geo-recall of descriptors", orinet::cli::runEval},
    {"plot", "paper figures (recall@K curves) and tables from eval results", runPlotHelper},
    {"heatmap", "where the model thinks a panorama was taken: a heat map over the base raster",
     orinet::cli::runHeatmap},
    {"explain", "why a panorama matches a tile: the similarity split over image regions",
     orinet::cli::runExplain},
};

void printHelp() {
    std::printf("Usage: orinet <command> [options]\n\n"
                "OriNet Studio's command line: cross-view geo-localization (OriNet, CVPR 2019).\n"
                "Commands that report take --json (one JSON document on stdout) and --quiet;\n"
                "progress bars are drawn only when stdout and stderr are terminals.\n\n"
                "Commands:\n");
    for (const auto& c : kSubcommands)
        std::printf("  %-18s %s\n", c.name, c.summary);
    std::printf("\nOptions:\n"
                "  --version          print the versions of OriNet Studio and its libraries\n"
                "  --help             this text; 'orinet <command> --help' for a command\n"
                "\nExit status:\n"
                "  0    success\n"
                "  1    error: bad or missing input, unreadable or unwritable file, a problem\n"
                "       found (orinet dataset); the message names the file and the problem\n"
                "  2    wrong arguments\n"
                "  130  interrupted (Ctrl-C); train has written a checkpoint, --resume goes on\n"
                "\nEnvironment:\n"
                "  ORINET_THREADS   compute threads when --threads is not given (default: all "
                "cores)\n");
}

} // namespace

int main(int argc, char* argv[]) {
    QCoreApplication app(argc, argv);
    // Qt has set the C library's locale from the environment: printed and written numbers keep
    // a '.' decimal point whatever the user's locale (docs/robustness.md).
    std::setlocale(LC_NUMERIC, "C");
    QCoreApplication::setApplicationName("orinet");
    const QStringList args = QCoreApplication::arguments();
    if (args.size() < 2 || args[1] == "--help" || args[1] == "-h" || args[1] == "help") {
        printHelp();
        return args.size() < 2 ? orinet::cli::kExitUsage : 0;
    }
    if (args[1] == "--version") {
        orinet::runtime::configureThreads();
        std::printf("%s\nQt %s\n", orinet::runtime::summary().c_str(), qVersion());
        const std::string warnings = orinet::runtime::computeWarnings();
        if (!warnings.empty())
            std::printf("warning: %s\n", warnings.c_str());
        return 0;
    }
    for (const auto& c : kSubcommands) {
        if (args[1] != QLatin1String(c.name))
            continue;
        QStringList rest = args.mid(2);
        rest.prepend(args[0]);
        return orinet::cli::CliCommand::runReported(c.name, c.run, rest);
    }
    std::fprintf(stderr, "orinet: unknown command '%s' (see 'orinet --help')\n",
                 qPrintable(args[1]));
    return orinet::cli::kExitUsage;
}
