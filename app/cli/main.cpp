#include "clicommand.h"
#include "commands.h"

#include "common/error.h"
#include "common/memorypolicy.h"
#include "common/runtimeinfo.h"

#include <QApplication>
#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>

namespace {

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
    {"train", "train OriNet on a dataset (run folder, checkpoints, --resume)",
     orinet::cli::runTrain},
    {"extract", "compute the descriptors of a split with a trained model", orinet::cli::runExtract},
    {"export-weights", "write a checkpoint's weights as safetensors (PyTorch names)",
     orinet::cli::runExportWeights},
    {"import-weights", "turn a safetensors weights file into a checkpoint",
     orinet::cli::runImportWeights},
    {"eval", "recall@K, recall@1%, ranks and geo-recall of descriptors", orinet::cli::runEval},
    {"plot", "paper figures (recall@K curves) and tables from eval results", orinet::cli::runPlot},
};

// Exit statuses, the same for every command (docs/guide/cli.md).
constexpr int kExitError = 1;
constexpr int kExitUsage = 2;
constexpr int kExitInterrupted = 130;

void printHelp() {
    std::printf("Usage: orinet <command> [options]\n\n"
                "OriNet Studio's command line: cross-view geo-localization (OriNet, CVPR 2019).\n"
                "Commands that report take --json (one JSON document on stdout) and --quiet;\n"
                "progress bars are drawn only when stdout and stderr are terminals.\n\n"
                "Commands:\n");
    for (const auto& c : kSubcommands)
        std::printf("  %-16s %s\n", c.name, c.summary);
    std::printf("\nOptions:\n"
                "  --version        print the versions of OriNet Studio and its libraries\n"
                "  --help           this text; 'orinet <command> --help' for a command\n"
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

// Errors are always on stderr; with --json, stdout gets them as the one JSON document too,
// so a script reading stdout never sees an empty or partial result.
int fail(const char* command, const std::string& message, int status, bool json) {
    std::fprintf(stderr, "orinet %s: %s\n", command, message.c_str());
    if (json) {
        const QJsonObject error{{"command", command},
                                {"message", QString::fromStdString(message)},
                                {"exit_status", status}};
        std::fputs(QJsonDocument(QJsonObject{{"error", error}}).toJson().constData(), stdout);
    }
    return status;
}

} // namespace

int main(int argc, char* argv[]) {
    // `plot` draws with QCustomPlot, which needs a QApplication; without a display it renders
    // offscreen. Every other command stays a plain QCoreApplication (no GUI libraries loaded).
    const bool gui = argc > 1 && std::strcmp(argv[1], "plot") == 0;
    if (gui && !std::getenv("DISPLAY") && !std::getenv("WAYLAND_DISPLAY"))
        setenv("QT_QPA_PLATFORM", "offscreen", /*overwrite=*/0);
    std::unique_ptr<QCoreApplication> app(gui ? new QApplication(argc, argv)
                                              : new QCoreApplication(argc, argv));
    QCoreApplication::setApplicationName("orinet");
    const QStringList args = QCoreApplication::arguments();
    if (args.size() < 2 || args[1] == "--help" || args[1] == "-h" || args[1] == "help") {
        printHelp();
        return args.size() < 2 ? kExitUsage : 0;
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
        const bool json = rest.contains("--json");
        try {
            orinet::runtime::configureThreads();
            orinet::runtime::keepFreedMemory();
            return c.run(rest);
        } catch (const orinet::cli::UsageError& e) {
            return fail(c.name, std::string(e.what()) + " (see 'orinet " + c.name + " --help')",
                        kExitUsage, json);
        } catch (const orinet::Canceled&) {
            return fail(c.name, "canceled", kExitInterrupted, json);
        } catch (const std::exception& e) {
            return fail(c.name, std::string("error: ") + e.what(), kExitError, json);
        }
    }
    std::fprintf(stderr, "orinet: unknown command '%s' (see 'orinet --help')\n",
                 qPrintable(args[1]));
    return kExitUsage;
}
