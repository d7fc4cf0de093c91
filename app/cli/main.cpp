#include "clicommand.h"
#include "commands.h"

#include "common/error.h"
#include "common/runtimeinfo.h"

#include <QCoreApplication>

#include <cstdio>
#include <cstring>

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
};

void printHelp() {
    std::printf("Usage: orinet <command> [options]\n\n"
                "OriNet Studio's command line: cross-view geo-localization (OriNet, CVPR 2019).\n\n"
                "Commands:\n");
    for (const auto& c : kSubcommands)
        std::printf("  %-16s %s\n", c.name, c.summary);
    std::printf("\nOptions:\n"
                "  --version        print the versions of OriNet Studio and its libraries\n"
                "  --help           this text; 'orinet <command> --help' for a command\n");
}

} // namespace

int main(int argc, char* argv[]) {
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName("orinet");
    const QStringList args = QCoreApplication::arguments();
    if (args.size() < 2 || args[1] == "--help" || args[1] == "-h" || args[1] == "help") {
        printHelp();
        return args.size() < 2 ? 2 : 0;
    }
    if (args[1] == "--version") {
        std::printf("Qt %s\n%s\n", qVersion(), orinet::runtime::summary().c_str());
        return 0;
    }
    for (const auto& c : kSubcommands) {
        if (args[1] != QLatin1String(c.name))
            continue;
        QStringList rest = args.mid(2);
        rest.prepend(args[0]);
        try {
            orinet::runtime::configureThreads();
            return c.run(rest);
        } catch (const orinet::cli::UsageError& e) {
            std::fprintf(stderr, "orinet %s: %s (see 'orinet %s --help')\n", c.name, e.what(),
                         c.name);
            return 2;
        } catch (const orinet::Canceled&) {
            std::fprintf(stderr, "orinet %s: canceled\n", c.name);
            return 130;
        } catch (const std::exception& e) {
            std::fprintf(stderr, "orinet %s: error: %s\n", c.name, e.what());
            return 1;
        }
    }
    std::fprintf(stderr, "orinet: unknown command '%s' (see 'orinet --help')\n",
                 qPrintable(args[1]));
    return 2;
}
