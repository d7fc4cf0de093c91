#include "clicommand.h"
#include "commands.h"

#include "common/error.h"
#include "common/outputtarget.h"
#include "metrics/evaluationreport.h"
#include "recallfigure.h"
#include "run/runfolder.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>

namespace orinet::cli {

namespace {

// QCommandLineParser takes one value per option; `--runs A B C` takes every following word up
// to the next option, as users type it (and as `--runs A --runs B` also works).
QStringList takeList(QStringList& args, const QString& option) {
    QStringList values;
    for (int i = 1; i < args.size();) {
        if (args[i] == "--" + option || args[i] == "-" + option) {
            args.removeAt(i);
            while (i < args.size() && !args[i].startsWith("-"))
                values << args.takeAt(i);
        } else if (args[i].startsWith("--" + option + "=")) {
            values << args.takeAt(i).mid(option.size() + 3);
        } else {
            ++i;
        }
    }
    return values;
}

} // namespace

int runPlot(const QStringList& arguments) {
    QStringList args = arguments;
    const QStringList runs = takeList(args, "runs");
    const QStringList names = takeList(args, "names");

    CliCommand cmd("plot",
                   "Paper figures from evaluation results: recall@K curves of several runs "
                   "overlaid (optionally with a geo-recall panel), as PDF, SVG or PNG, and the "
                   "r@1/5/10/1% table as LaTeX or CSV. A run is a results JSON written by "
                   "'orinet eval', or a run folder holding results/. The studio's Export writes "
                   "the same files for the same inputs. Every option is checked before anything "
                   "is written.");
    cmd.addPositional("recall", "the kind of plot (only 'recall' for now)");
    cmd.addOption("runs", "results to plot: JSON files or run folders (several words)", "A B ...");
    cmd.addOption("names", "legend names, one per run (default: run folder names)", "N1 N2 ...");
    cmd.addOption("out", "figure file: .pdf, .svg or .png", "FILE");
    cmd.addFlag("log-x", "logarithmic K axis");
    cmd.addFlag("geo", "add a geo-recall@K panel (runs evaluated with positions)");
    cmd.addFlag("allow-mixed", "plot runs evaluated on different splits or directions together");
    cmd.addOption("published",
                  "figures printed in papers, drawn as hollow markers and added to the table "
                  "(a CSV: method,dataset,split,r@1,r@5,r@10,r@1%,citation; see "
                  "docs/guide/figures.md)",
                  "FILE");
    cmd.addOption("dataset",
                  "the dataset the runs were evaluated on (a name such as CVUSA, or its folder), "
                  "to choose the --published rows (default: from the first run's configuration)",
                  "NAME");
    cmd.addOption("title", "figure title", "TEXT");
    cmd.addOption("table", "also write the results table: latex or csv", "FORMAT");
    cmd.addOption("table-out", "table file (default: the figure's name with .tex or .csv)", "FILE");
    cmd.addOption("width",
                  "figure width: points, or with a unit (89mm, 3.5in); default 252 pt, 504 with "
                  "--geo",
                  "LENGTH");
    cmd.addOption("height", "figure height: points or with a unit (default 180 pt)", "LENGTH",
                  "180");
    cmd.addOption("font", "base font size in points (default 8)", "PT", "8");
    cmd.addOption("dpi", "PNG resolution (default 300)", "DPI", "300");
    cmd.addOutputOptions();
    if (!cmd.parse(args))
        return 0;

    // Every option first: a mistake must not leave a figure without its table.
    if (cmd.positionals().value(0) != "recall")
        throw UsageError("the first argument must be the plot kind: 'orinet plot recall ...'");
    if (runs.isEmpty())
        throw UsageError("--runs needs at least one results JSON or run folder");
    if (!names.isEmpty() && names.size() != runs.size())
        throw UsageError(std::to_string(names.size()) + " --names for " +
                         std::to_string(runs.size()) + " --runs");
    const QString out = cmd.required("out");
    RecallFigure::Options options;
    options.geo = cmd.isSet("geo");
    options.logX = cmd.isSet("log-x");
    options.title = cmd.value("title");
    options.dpi = cmd.intValue("dpi", 30, 1200);
    options.fontPt = cmd.doubleValue("font", 4, 48);
    try {
        if (cmd.isSet("width"))
            options.widthPt = RecallFigure::parseLength(cmd.value("width"), "--width");
        options.heightPt = RecallFigure::parseLength(cmd.value("height"), "--height");
        RecallFigure::validate(options, out);
    } catch (const Error& e) {
        throw UsageError(e.what());
    }
    QString tableOut;
    metrics::TableFormat tableFormat = metrics::TableFormat::Csv;
    if (cmd.isSet("table")) {
        const QString format = cmd.choiceValue("table", {"latex", "csv"});
        tableFormat = format == "latex" ? metrics::TableFormat::Latex : metrics::TableFormat::Csv;
        tableOut = cmd.value("table-out");
        if (tableOut.isEmpty()) {
            const QFileInfo info(out);
            tableOut = info.dir().filePath(info.completeBaseName() +
                                           (format == "latex" ? ".tex" : ".csv"));
        }
        if (!QFileInfo(QFileInfo(tableOut).absolutePath()).isDir())
            throw UsageError("--table-out " + tableOut.toStdString() +
                             ": its folder does not exist");
    } else if (cmd.isSet("table-out")) {
        throw UsageError("--table-out needs --table latex or --table csv");
    }
    // The published table is read before anything is written: a typo in it costs nothing.
    metrics::PublishedResults published;
    if (cmd.isSet("published"))
        published = metrics::PublishedResults::load(cmd.value("published").toStdString());
    else if (cmd.isSet("dataset"))
        throw UsageError("--dataset chooses --published rows; it needs --published FILE");
    // Both outputs before either is written: a file of the user's is never replaced.
    OutputTarget::checkFile(out.toStdString(), OutputTarget::figure(out.toStdString()));
    if (!tableOut.isEmpty())
        OutputTarget::checkFile(tableOut.toStdString(), metrics::resultsTableKind(tableFormat));

    std::vector<RecallFigure::Run> figureRuns;
    bool anyGeo = false;
    for (int i = 0; i < runs.size(); ++i) {
        RecallFigure::Run run;
        run.report = RunFolder::loadResults(runs[i].toStdString());
        run.name = names.isEmpty() ? RecallFigure::defaultName(runs[i], run.report) : names[i];
        anyGeo = anyGeo || !run.report.geo.empty();
        figureRuns.push_back(std::move(run));
    }
    const QString mismatch = RecallFigure::mismatch(figureRuns);
    if (!mismatch.isEmpty() && !cmd.isSet("allow-mixed"))
        throw UsageError(mismatch.toStdString() +
                         "; pass --allow-mixed to plot them in one figure anyway");
    if (options.geo && !anyGeo)
        cmd.note("note: no run has geo-recall (evaluate with --dataset or --positions); the geo "
                 "panel is empty");

    RecallFigure::Published shownPublished;
    if (cmd.isSet("published")) {
        QString dataset = cmd.isSet("dataset")
                              ? QFileInfo(QDir::cleanPath(cmd.value("dataset"))).fileName()
                              : QString();
        for (int i = 0; dataset.isEmpty() && i < runs.size(); ++i)
            dataset = RecallFigure::datasetOf(runs[i]);
        shownPublished = RecallFigure::publishedFor(published, figureRuns, dataset);
        QStringList datasets;
        for (const auto& row : shownPublished)
            if (!datasets.contains(QString::fromStdString(row.dataset)))
                datasets << QString::fromStdString(row.dataset);
        if (shownPublished.empty())
            cmd.note("note: no row of %s is of the runs' split; none is drawn",
                     qPrintable(cmd.value("published")));
        else if (datasets.size() > 1)
            cmd.note("note: published rows of %s are drawn (the runs' dataset %s); pass "
                     "--dataset NAME to keep one",
                     qPrintable(datasets.join(", ")),
                     dataset.isEmpty() ? "is not known"
                                       : qPrintable("'" + dataset + "' names no row"));
    }

    RecallFigure::writeFigure(figureRuns, options, out, shownPublished);
    cmd.print("wrote %s (%d x %d pt, %lld run%s)\n", qPrintable(out), options.effectiveWidthPt(),
              options.heightPt, static_cast<long long>(runs.size()), runs.size() == 1 ? "" : "s");
    cmd.result() = {{"figure", out},
                    {"width", options.effectiveWidthPt()},
                    {"height", options.heightPt},
                    {"runs", QJsonArray::fromStringList(runs)}};
    if (cmd.isSet("published"))
        cmd.result()["published_rows"] = static_cast<int>(shownPublished.size());
    if (!tableOut.isEmpty()) {
        RecallFigure::writeTable(figureRuns, tableFormat, tableOut, shownPublished);
        cmd.print("wrote %s\n%s", qPrintable(tableOut),
                  RecallFigure::table(figureRuns, tableFormat, shownPublished).c_str());
        cmd.result()["table"] = tableOut;
    }
    return cmd.finish();
}

} // namespace orinet::cli
