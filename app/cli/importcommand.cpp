#include "choices.h"
#include "clicommand.h"
#include "commands.h"

#include "common/error.h"
#include "common/feedback.h"
#include "dataset/dataset.h"
#include "evaluation/descriptorimport.h"
#include "evaluation/runevaluation.h"
#include "metrics/evaluationreport.h"
#include "run/runfolder.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <chrono>
#include <cmath>

namespace orinet::cli {

namespace {

double secondsSince(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

QString percent(double v) {
    return std::isfinite(v) ? QString::number(100.0 * v, 'f', 2) : QStringLiteral("n/a");
}

} // namespace

int runImportDescriptors(const QStringList& args) {
    CliCommand cmd(
        "import-descriptors",
        "Makes the descriptors another method computed into a results-only run that eval, plot "
        "and the studio take like a trained run (docs/evaluation.md, \"Descriptors of other "
        "methods\"). Reads .npy (N x D float16, float32 or float64), .mat "
        "(grd_global_descriptor, sat_global_descriptor) and .pt/.pth (torch.save) files; row i "
        "is pair i of the split unless an ids file (one id per line) says which pair each row "
        "is. Checks counts, dimensions and values, normalises rows that are not unit length "
        "(and says so), writes DIR/import.json (method, source files and their SHA-256) and "
        "the set in DIR/descriptors/<split>_imported/, then evaluates it into "
        "DIR/results/<split>_imported/ as 'orinet eval --run DIR' does.");
    cmd.addOption("method", "name of the method that made the descriptors, e.g. Sample4Geo",
                  "NAME");
    cmd.addOption("ground", "ground (query) descriptors: .npy, .mat or .pt/.pth", "FILE");
    cmd.addOption("satellite",
                  "satellite (gallery) descriptors: .npy, .mat or .pt/.pth; may be "
                  "the same .mat as --ground",
                  "FILE");
    cmd.addOption("ground-key",
                  "the .mat variable (default grd_global_descriptor) or .pt entry (dict key or "
                  "list index; default the only 2-D tensor) of the ground descriptors",
                  "NAME");
    cmd.addOption("satellite-key",
                  "the same for the satellite descriptors (default sat_global_descriptor)", "NAME");
    cmd.addOption("ids", "ids file for both sets: one split id per line, in row order", "FILE");
    cmd.addOption("ground-ids", "ids file of the ground rows only", "FILE");
    cmd.addOption("satellite-ids", "ids file of the satellite rows only", "FILE");
    cmd.addOption("dataset",
                  "dataset folder the descriptors were made from (its index is read; "
                  "images are not needed)",
                  "DIR");
    cmd.addOption("split", "split of --dataset the descriptors belong to", "NAME");
    cmd.addOption("out",
                  "the imported run: a new or empty folder, or an imported run of the same "
                  "method (this split is added or replaced); never a training run",
                  "DIR");
    cmd.addOption("direction", "evaluated and recorded: g2s (default), s2g or both", "DIR", "g2s");
    cmd.addFlag("no-eval", "import only; 'orinet eval --run DIR' evaluates later");
    cmd.addOption("threads", "retrieval threads (default: all)", "N", "0");
    cmd.addOutputOptions();
    if (!cmd.parse(args))
        return 0;
    if (!cmd.positionals().isEmpty())
        throw UsageError("unexpected argument '" + cmd.positionals().first().toStdString() + "'");
    if (cmd.isSet("ids") && (cmd.isSet("ground-ids") || cmd.isSet("satellite-ids")))
        throw UsageError("give --ids for both sets, or --ground-ids and/or --satellite-ids");
    DescriptorImport::Options options;
    options.method = cmd.required("method").trimmed().toStdString();
    if (options.method.empty())
        throw UsageError("--method needs a name");
    options.groundFile = cmd.required("ground").toStdString();
    options.satelliteFile = cmd.required("satellite").toStdString();
    options.groundKey = cmd.value("ground-key").toStdString();
    options.satelliteKey = cmd.value("satellite-key").toStdString();
    options.groundIdsFile = cmd.value(cmd.isSet("ids") ? "ids" : "ground-ids").toStdString();
    options.satelliteIdsFile = cmd.value(cmd.isSet("ids") ? "ids" : "satellite-ids").toStdString();
    const QString datasetRoot = cmd.required("dataset");
    const std::string split = cmd.required("split").toStdString();
    const RunFolder run(cmd.required("out").toStdString());
    const QString direction =
        cmd.choiceValue("direction", enumChoices<metrics::Direction>() << "both");
    const int threads = cmd.intValue("threads", 0, maxThreads());

    // Before any file is read: a folder that is not an imported run of this method is refused.
    DescriptorImport::checkTarget(run, options.method);

    OpenOptions open;
    open.keepBadPairs = true; // the descriptors are made: only the index matters here
    open.checkFilesExist = false;
    const Dataset dataset = Dataset::open(datasetRoot.toStdString(), DatasetLayout::Auto, open);
    std::vector<std::string> splitIds;
    for (size_t i : dataset.split(split))
        splitIds.push_back(dataset.pairs()[i].id);

    Feedback feedback;
    cmd.progress().attach(feedback);
    auto start = std::chrono::steady_clock::now();
    DescriptorImport::Result imported;
    {
        Feedback part(feedback, 0.0, 0.4);
        imported = DescriptorImport::read(options, split, splitIds, part);
    }
    const double readSeconds = secondsSince(start);
    QJsonArray sources;
    for (const ImportRecord::Source& s : imported.sources) {
        cmd.print("%-14s %s: %s, %lld%s (sha256 %.12s…)\n", (s.role + ":").c_str(), s.file.c_str(),
                  s.format.c_str(), static_cast<long long>(s.rows),
                  s.dimension >= 0 ? (" x " + std::to_string(s.dimension)).c_str() : " ids",
                  s.sha256.c_str());
        sources.append(QJsonObject{{"role", QString::fromStdString(s.role)},
                                   {"file", QString::fromStdString(s.file)},
                                   {"sha256", QString::fromStdString(s.sha256)},
                                   {"bytes", static_cast<qint64>(s.bytes)},
                                   {"format", QString::fromStdString(s.format)},
                                   {"rows", static_cast<qint64>(s.rows)},
                                   {"dimension", static_cast<qint64>(s.dimension)}});
    }
    QJsonArray notes;
    for (const std::string& note : imported.notes()) {
        cmd.note("note: %s", note.c_str());
        notes.append(QString::fromStdString(note));
    }

    const std::vector<metrics::Direction> directions =
        direction == "both" ? enumValues<metrics::Direction>()
                            : std::vector<metrics::Direction>{
                                  fromString<metrics::Direction>(direction.toStdString())};
    std::vector<std::string> directionNames;
    for (metrics::Direction d : directions)
        directionNames.push_back(metrics::toString(d));
    start = std::chrono::steady_clock::now();
    const std::string folder =
        DescriptorImport::save(imported, run, dataset.root(), directionNames);
    const double saveSeconds = secondsSince(start);
    cmd.print("imported %d pairs x %d dimensions of %s (split '%s') into %s\n",
              imported.set.ground.rows, imported.set.ground.cols, options.method.c_str(),
              split.c_str(), folder.c_str());
    QJsonObject& result = cmd.result();
    result["run"] = QString::fromStdString(run.directory());
    result["method"] = QString::fromStdString(options.method);
    result["split"] = QString::fromStdString(split);
    result["pairs"] = imported.set.ground.rows;
    result["dimension"] = imported.set.ground.cols;
    result["descriptors"] = QString::fromStdString(folder);
    result["sources"] = sources;
    result["notes"] = notes;
    QJsonObject seconds{{"read", readSeconds}, {"save", saveSeconds}};

    if (!cmd.isSet("no-eval")) {
        RunEvaluation::Options evaluation;
        evaluation.directions = directions;
        evaluation.evaluation.retrieval.threads = threads;
        RunEvaluation runEvaluation(run, evaluation);
        start = std::chrono::steady_clock::now();
        Feedback part(feedback, 0.4, 1.0);
        const RunEvaluation::Result& r = runEvaluation.run(&dataset, split, part);
        seconds["evaluate"] = secondsSince(start);
        if (!r.noGeoRecall.empty())
            cmd.note("note: no geo-recall: %s", r.noGeoRecall.c_str());
        QJsonArray reports;
        for (const metrics::EvaluationReport& report : r.reports) {
            cmd.print(
                "%s  r@1 %s  r@5 %s  r@10 %s  r@1%% %s\n", metrics::label(report.direction).c_str(),
                qPrintable(percent(report.recallAt(1))), qPrintable(percent(report.recallAt(5))),
                qPrintable(percent(report.recallAt(10))),
                qPrintable(percent(report.recallOnePercent)));
            reports.append(QJsonDocument::fromJson(
                               QByteArray::fromStdString(report.toJson(/*perQuery=*/false)))
                               .object());
        }
        cmd.print("results: %s\n",
                  qPrintable(QDir::cleanPath(QString::fromStdString(r.resultsDirectory))));
        result["results"] = QString::fromStdString(r.resultsDirectory);
        result["reports"] = reports;
    }
    result["seconds"] = seconds;
    return cmd.finish();
}

} // namespace orinet::cli
