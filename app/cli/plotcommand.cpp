#include "clicommand.h"
#include "commands.h"

#include "common/atomicfile.h"
#include "common/error.h"
#include "metrics/evaluationreport.h"
#include "metrics/resultstable.h"
#include "recallplot.h"

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

QString defaultName(const QString& path) {
    const QFileInfo info(path);
    if (info.isDir())
        return QDir(info.absoluteFilePath()).dirName();
    const QDir parent = info.absoluteDir();
    if (parent.dirName() == "results") {
        QDir run = parent;
        run.cdUp();
        return run.dirName();
    }
    return info.completeBaseName();
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
                   "'orinet eval', or a run folder holding results/.");
    cmd.addPositional("recall", "the kind of plot (only 'recall' for now)");
    cmd.addOption("runs", "results to plot: JSON files or run folders (several words)", "A B ...");
    cmd.addOption("names", "legend names, one per run (default: run folder names)", "N1 N2 ...");
    cmd.addOption("out", "figure file: .pdf, .svg or .png", "FILE");
    cmd.addFlag("log-x", "logarithmic K axis");
    cmd.addFlag("geo", "add a geo-recall@K panel (runs evaluated with positions)");
    cmd.addOption("title", "figure title", "TEXT");
    cmd.addOption("table", "also write the results table: latex or csv", "FORMAT");
    cmd.addOption("table-out", "table file (default: the figure's name with .tex or .csv)", "FILE");
    cmd.addOption("width", "figure width in points (default 252 = 3.5 in, 504 with --geo)", "PT");
    cmd.addOption("height", "figure height in points (default 180)", "PT", "180");
    cmd.addOption("font", "base font size in points (default 8)", "PT", "8");
    cmd.addOption("dpi", "PNG resolution (default 300)", "DPI", "300");
    cmd.addOutputOptions();
    if (!cmd.parse(args))
        return 0;
    if (cmd.positionals().value(0) != "recall")
        throw UsageError("the first argument must be the plot kind: 'orinet plot recall ...'");
    if (runs.isEmpty())
        throw UsageError("--runs needs at least one results JSON or run folder");
    if (!names.isEmpty() && names.size() != runs.size())
        throw UsageError(std::to_string(names.size()) + " --names for " +
                         std::to_string(runs.size()) + " --runs");
    const QString out = cmd.required("out");
    const QString suffix = QFileInfo(out).suffix().toLower();
    if (suffix != "pdf" && suffix != "svg" && suffix != "png")
        throw UsageError("--out must end in .pdf, .svg or .png, got '" + out.toStdString() + "'");
    const bool geo = cmd.isSet("geo");
    const int width = cmd.isSet("width") ? cmd.intValue("width", 50, 5000) : (geo ? 504 : 252);
    const int height = cmd.intValue("height", 50, 5000);
    const int dpi = cmd.intValue("dpi", 30, 1200);
    const double font = cmd.doubleValue("font", 4, 48);

    std::vector<std::pair<std::string, metrics::EvaluationReport>> reports;
    QVector<RecallPlot::Curve> curves;
    bool anyGeo = false;
    for (int i = 0; i < runs.size(); ++i) {
        const QString name = names.isEmpty() ? defaultName(runs[i]) : names[i];
        metrics::EvaluationReport report =
            metrics::EvaluationReport::loadAny(runs[i].toStdString());
        anyGeo = anyGeo || !report.geo.empty();
        curves << RecallPlot::curveFromReport(report, name);
        reports.emplace_back(name.toStdString(), std::move(report));
    }
    if (geo && !anyGeo)
        cmd.note("note: no run has geo-recall (evaluate with --dataset or --positions); the geo "
                 "panel is empty");

    RecallPlot plot;
    plot.setFontSize(font);
    plot.setLogX(cmd.isSet("log-x"));
    plot.setGeoPanel(geo);
    plot.setPlotTitle(cmd.value("title"));
    plot.setCurves(curves);
    plot.resize(width, height);
    QString error;
    if (!plot.saveFigure(out, width, height, dpi, &error))
        throw Error(error.toStdString());
    cmd.print("wrote %s (%d x %d pt, %lld run%s)\n", qPrintable(out), width, height,
              static_cast<long long>(runs.size()), runs.size() == 1 ? "" : "s");
    cmd.result() = {{"figure", out},
                    {"width", width},
                    {"height", height},
                    {"runs", QJsonArray::fromStringList(runs)}};

    if (cmd.isSet("table")) {
        const QString format = cmd.choiceValue("table", {"latex", "csv"});
        const metrics::TableFormat tableFormat =
            format == "latex" ? metrics::TableFormat::Latex : metrics::TableFormat::Csv;
        QString tableOut = cmd.value("table-out");
        if (tableOut.isEmpty()) {
            const QFileInfo info(out);
            tableOut = info.dir().filePath(info.completeBaseName() +
                                           (format == "latex" ? ".tex" : ".csv"));
        }
        const std::string table = metrics::resultsTable(reports, tableFormat);
        AtomicFile::writeAll(tableOut.toStdString(), table);
        cmd.print("wrote %s\n%s", qPrintable(tableOut), table.c_str());
        cmd.result()["table"] = tableOut;
    }
    return cmd.finish();
}

} // namespace orinet::cli
