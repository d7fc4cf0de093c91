#include "clicommand.h"
#include "commands.h"
#include "terminalprogress.h"

#include "common/feedback.h"
#include "dataset/dataset.h"

#include <chrono>
#include <cstdio>

namespace orinet::cli {

int runDataset(const QStringList& args) {
    CliCommand cmd("dataset",
                   "Opens a dataset folder and prints its layout, pair and split counts and every "
                   "problem found (missing or unreadable images, duplicate ids, paths leaving the "
                   "folder, bad split indices). Exits with 1 when there are problems, unless "
                   "--skip-bad. Formats: docs/dataset-formats.md.");
    cmd.addOption("dataset", "dataset folder", "dir");
    cmd.addOption("layout", "auto, cvusa, cvact or csv", "layout", "auto");
    cmd.addFlag("check", "also read every image's header (size, truncation); slower");
    cmd.addFlag("skip-bad", "drop pairs with problems and report what is left");
    if (!cmd.parse(args))
        return 0;
    const std::string root = cmd.required("dataset").toStdString();
    const QString layoutName = cmd.choiceValue("layout", {"auto", "cvusa", "cvact", "csv"});

    OpenOptions options;
    options.skipBadPairs = cmd.isSet("skip-bad");
    options.keepBadPairs = !options.skipBadPairs; // print the summary ourselves
    options.checkImages = cmd.isSet("check");
    TerminalProgress progress;
    Feedback feedback;
    progress.attach(feedback);
    options.feedback = &feedback;

    const auto start = std::chrono::steady_clock::now();
    const Dataset dataset =
        Dataset::open(root, datasetLayoutFromString(layoutName.toStdString()), options);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

    std::printf("dataset  %s\nlayout   %s (index %s)\npairs    %zu%s\n", dataset.root().c_str(),
                toString(dataset.layout()).c_str(), dataset.indexPath().c_str(),
                dataset.pairs().size(), dataset.hasPositions() ? " (with UTM positions)" : "");
    for (const std::string& name : dataset.splitNames())
        std::printf("split    %-8s %zu pairs\n", name.c_str(), dataset.split(name).size());
    std::printf("opened in %.2f s%s\n", seconds,
                options.checkImages ? " (image headers read)" : "");
    const IntegrityReport& report = dataset.report();
    std::printf("%s\n", report.summary(50).c_str());
    return report.ok() || options.skipBadPairs ? 0 : 1;
}

} // namespace orinet::cli
