#include "clicommand.h"
#include "commands.h"

#include "common/error.h"
#include "common/feedback.h"
#include "dataset/dataset.h"
#include "metrics/evaluationreport.h"
#include "retrieval/descriptorset.h"
#include "retrieval/evaluation.h"
#include "training/descriptorextractor.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <optional>

namespace orinet::cli {

namespace {

QString percent(double v) {
    return std::isfinite(v) ? QString::number(100.0 * v, 'f', 2) : QStringLiteral("n/a");
}

QString number(double v, int decimals) {
    return std::isfinite(v) ? QString::number(v, 'f', decimals) : QStringLiteral("n/a");
}

std::vector<double> parseThresholds(const QString& text) {
    std::vector<double> out;
    if (text.trimmed().isEmpty() || text == "none")
        return out;
    for (const QString& part : text.split(',', Qt::SkipEmptyParts)) {
        bool ok = false;
        const double v = part.trimmed().toDouble(&ok);
        if (!ok || !(v >= 0) || !std::isfinite(v))
            throw UsageError("--geo must be a comma-separated list of distances in metres "
                             "(e.g. 5,25), got '" +
                             text.toStdString() + "'");
        out.push_back(v);
    }
    return out;
}

Dataset openIndex(const QString& root) {
    OpenOptions open;
    open.keepBadPairs = true; // images may be elsewhere: only the index matters here
    open.checkFilesExist = false;
    return Dataset::open(root.toStdString(), DatasetLayout::Auto, open);
}

std::vector<UtmPosition> positionsFromDataset(const Dataset& dataset, const QString& split,
                                              size_t expected, std::string* why) {
    const size_t count = dataset.split(split.toStdString()).size();
    if (count != expected)
        throw Error(dataset.root(), "split '" + split.toStdString() + "' has " +
                                        std::to_string(count) + " pairs but the descriptors " +
                                        std::to_string(expected));
    return Evaluation::positions(dataset, split.toStdString(), why);
}

void printTable(CliCommand& cmd, const metrics::EvaluationReport& r) {
    cmd.print("%s  %lld queries, %lld gallery items, backend %s, %.2f s\n",
              r.direction == "g2s" ? "ground -> satellite" : "satellite -> ground",
              static_cast<long long>(r.queryCount), static_cast<long long>(r.galleryCount),
              r.backend.c_str(), r.seconds);
    cmd.print("  %8s %8s %8s %8s %10s %10s %12s\n", "r@1", "r@5", "r@10", "r@1%", "r@1%strict",
              "mean rank", "median rank");
    cmd.print("  %8s %8s %8s %8s %10s %10s %12s\n", qPrintable(percent(r.recallAt(1))),
              qPrintable(percent(r.recallAt(5))), qPrintable(percent(r.recallAt(10))),
              qPrintable(percent(r.recallOnePercent)),
              qPrintable(percent(r.recallOnePercentStrict)), qPrintable(number(r.meanRank, 1)),
              qPrintable(number(r.medianRank, 1)));
    for (const auto& g : r.geo) {
        const auto at = [&](size_t k) {
            return k <= g.curve.size() ? percent(g.curve[k - 1]) : QStringLiteral("n/a");
        };
        cmd.print("  geo-recall within %g m: r@1 %s  r@5 %s  r@10 %s  r@%zu %s\n", g.metres,
                  qPrintable(at(1)), qPrintable(at(5)), qPrintable(at(10)), g.curve.size(),
                  qPrintable(at(g.curve.size())));
    }
    if (!r.ranksExact)
        cmd.print("  (approximate index: ranks beyond the retrieved top-%zu are unknown)\n",
                  r.recall.size());
}

} // namespace

int runEval(const QStringList& args) {
    CliCommand cmd(
        "eval",
        "Evaluates descriptors: exact (or approximate) top-K retrieval, recall@1..K, recall@1% "
        "(original and strict), per-query true-match ranks, mean/median rank and geo-recall.\n"
        "Query i's true match is gallery item i. Results go to DIR/results/ (or --out) as "
        "eval_<direction>.json, recall_<direction>.csv and ranks_<direction>.csv.");
    cmd.addOption("run",
                  "run folder: reads DIR/descriptors/ (with --dataset/--split: extracts them "
                  "first from the run's best checkpoint when missing or older than it), writes "
                  "DIR/results/",
                  "DIR");
    cmd.addOption("descriptors",
                  "descriptor folder (ground.npy, satellite.npy, descriptors.json) or a .mat "
                  "with sat_global_descriptor and grd_global_descriptor",
                  "DIR|F.mat");
    cmd.addOption("dataset", "dataset folder, for UTM positions (geo-recall)", "DIR");
    cmd.addOption("split", "split of --dataset the descriptors belong to", "NAME");
    cmd.addOption("positions", "UTM positions as an N x 2 .npy (easting, northing), one per pair",
                  "F.npy");
    cmd.addOption("top", "recall@1..K (default 100)", "K", "100");
    cmd.addOption("geo", "geo-recall thresholds in metres, or 'none' (default 5,25)", "LIST",
                  "5,25");
    cmd.addOption("direction", "g2s (ground queries, default), s2g, or both", "DIR", "g2s");
    cmd.addOption("backend",
                  "blocked (exact, default), faiss-flat (exact) or faiss-ivfpq "
                  "(approximate)",
                  "NAME", "blocked");
    cmd.addOption("index", "faiss-ivfpq: index file to load, or to build and save", "FILE");
    cmd.addOption("nprobe", "faiss-ivfpq: inverted lists visited per query (default 16)", "N",
                  "16");
    cmd.addOption("shortlist",
                  "faiss-ivfpq: candidates per query re-ranked with exact scores (default 1000, "
                  "0 = none)",
                  "N", "1000");
    cmd.addOption("memory",
                  "score-block memory budget of the blocked engine in MiB (default " +
                      QString::number(RetrievalOptions().memoryBudget >> 20) + ")",
                  "MIB", QString::number(RetrievalOptions().memoryBudget >> 20));
    cmd.addOption("threads", "worker threads (default: all)", "N", "0");
    cmd.addOption("out", "results folder (default: RUN/results, else DESCRIPTORS/../results)",
                  "DIR");
    cmd.addOption("export-mat", "also write the descriptors as a MATLAB .mat", "F.mat");
    cmd.addOption("export-npy", "also write the descriptors as .npy + descriptors.json", "DIR");
    cmd.addFlag("export-only", "write the exports and stop (no evaluation)");
    cmd.addOutputOptions(); // --json: the summary of each direction instead of the table
    if (!cmd.parse(args))
        return 0;

    if (cmd.isSet("run") == cmd.isSet("descriptors"))
        throw UsageError("give exactly one of --run DIR or --descriptors DIR|F.mat");
    QString source, outDir;
    if (cmd.isSet("run")) {
        const QString run = cmd.value("run");
        source = QDir(run).filePath("descriptors");
        outDir = QDir(run).filePath("results");
    } else {
        source = cmd.value("descriptors");
        const QFileInfo info(source);
        outDir = QDir(info.isDir() ? info.absoluteFilePath() + "/.." : info.absolutePath())
                     .filePath("results");
    }
    if (cmd.isSet("out"))
        outDir = cmd.value("out");
    outDir = QDir::cleanPath(outDir);

    EvaluationOptions options;
    options.top = cmd.intValue("top", 1, 1000000);
    options.geoMetres = parseThresholds(cmd.value("geo"));
    const QString direction = cmd.choiceValue("direction", {"g2s", "s2g", "both"});
    options.backend = retrievalBackendFromString(
        cmd.choiceValue("backend", {"blocked", "faiss-flat", "faiss-ivfpq"}).toStdString());
    options.retrieval.nprobe = cmd.intValue("nprobe", 1, 1 << 20);
    options.retrieval.shortlist = cmd.intValue("shortlist", 0, 1 << 20);
    options.retrieval.memoryBudget = size_t(cmd.intValue("memory", 1, 1 << 20)) << 20;
    options.retrieval.threads = cmd.intValue("threads", 0, 1024);
    if (cmd.isSet("split") != cmd.isSet("dataset"))
        throw UsageError("--dataset and --split go together");

    Feedback feedback;
    cmd.progress().attach(feedback);

    std::optional<Dataset> dataset;
    DescriptorSet descriptors;
    if (cmd.isSet("run") && cmd.isSet("dataset")) {
        // Only an extraction reads images; it names any that is missing.
        dataset = openIndex(cmd.value("dataset"));
        bool extracted = false;
        descriptors =
            DescriptorExtractor::forRun(cmd.value("run").toStdString(), *dataset,
                                        cmd.value("split").toStdString(), feedback, &extracted);
        if (extracted)
            cmd.note("extracted %d descriptors into %s", descriptors.ground.rows,
                     qPrintable(source));
    } else {
        descriptors = DescriptorSet::load(source.toStdString());
        if (cmd.isSet("dataset"))
            dataset = openIndex(cmd.value("dataset"));
    }
    if (cmd.isSet("export-mat")) {
        descriptors.exportMat(cmd.value("export-mat").toStdString());
        cmd.note("wrote %s", qPrintable(cmd.value("export-mat")));
        cmd.result()["export_mat"] = cmd.value("export-mat");
    }
    if (cmd.isSet("export-npy")) {
        descriptors.save(cmd.value("export-npy").toStdString());
        cmd.note("wrote %s/", qPrintable(cmd.value("export-npy")));
        cmd.result()["export_npy"] = cmd.value("export-npy");
    }
    if (cmd.isSet("export-only"))
        return cmd.finish();

    std::vector<UtmPosition> positions;
    if (cmd.isSet("positions")) {
        positions = Evaluation::loadPositions(cmd.value("positions").toStdString());
    } else if (dataset) {
        std::string why;
        positions = positionsFromDataset(*dataset, cmd.value("split"),
                                         static_cast<size_t>(descriptors.ground.rows), &why);
        if (positions.empty() && !options.geoMetres.empty())
            cmd.note("note: no geo-recall: %s", why.c_str());
    }

    if (options.backend == RetrievalBackend::FaissIvfPq)
        options.retrieval.indexPath = cmd.value("index").toStdString();

    const QStringList directions =
        direction == "both" ? QStringList{"g2s", "s2g"} : QStringList{direction};
    QJsonArray summaries;
    for (const QString& d : directions) {
        options.direction = d.toStdString();
        if (options.backend == RetrievalBackend::FaissIvfPq && !cmd.isSet("index")) {
            // our own cache: rebuilt when the descriptors changed since it was made
            options.retrieval.indexPath =
                QDir(outDir).filePath("gallery_" + d + ".ivfpq").toStdString();
            options.retrieval.replaceStaleIndex = true;
        }
        QDir().mkpath(outDir);
        metrics::EvaluationReport report =
            Evaluation::run(descriptors, options, positions, feedback);
        report.descriptors = QFileInfo(source).absoluteFilePath().toStdString();
        report.save(outDir.toStdString());
        summaries.append(
            QJsonDocument::fromJson(QByteArray::fromStdString(report.toJson(/*perQuery=*/false)))
                .object());
        printTable(cmd, report);
        cmd.print("  results: %s\n",
                  qPrintable(QDir(outDir).filePath(QString::fromStdString(
                      metrics::EvaluationReport::jsonFileName(report.direction)))));
    }
    if (summaries.size() == 1)
        cmd.setResult(summaries.first());
    else
        cmd.setResult(summaries);
    return cmd.finish();
}

} // namespace orinet::cli
