#include "choices.h"
#include "clicommand.h"
#include "commands.h"

#include "common/error.h"
#include "common/feedback.h"
#include "common/outputtarget.h"
#include "dataset/dataset.h"
#include "dataset/datasetfiles.h"
#include "dataset/querygallery.h"
#include "dataset/vigorformat.h"
#include "evaluation/querygalleryextraction.h"
#include "evaluation/querygalleryrunevaluation.h"
#include "evaluation/runevaluation.h"
#include "metrics/evaluationreport.h"
#include "metrics/querygalleryevaluation.h"
#include "metrics/querygalleryreport.h"
#include "retrieval/descriptorset.h"
#include "retrieval/descriptorshards.h"
#include "retrieval/evaluation.h"
#include "retrieval/vigordescriptorshards.h"
#include "run/runfolder.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>

#include <chrono>
#include <climits>
#include <cmath>
#include <cstdio>
#include <optional>
#include <tuple>

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
    if (text == "none")
        return out;
    for (const QString& part : text.split(',')) {
        bool ok = false;
        const double v = part.trimmed().toDouble(&ok);
        if (!ok || !(v >= 0) || !std::isfinite(v))
            throw UsageError("--geo must be a comma-separated list of distances in metres "
                             "(e.g. 5,25) or 'none', got '" +
                             text.toStdString() + "'");
        out.push_back(v);
    }
    return out;
}

//! The folders given with --descriptors: the option may be repeated and each value may list
//! several, comma-separated (a value naming an existing path is taken whole).
std::vector<std::string> descriptorFolders(CliCommand& cmd) {
    std::vector<std::string> folders;
    for (const QString& value : cmd.parser().values("descriptors")) {
        const QStringList parts = QFileInfo::exists(value) ? QStringList{value} : value.split(',');
        for (const QString& part : parts)
            if (!part.trimmed().isEmpty())
                folders.push_back(part.trimmed().toStdString());
    }
    if (folders.empty())
        throw UsageError("--descriptors needs a folder or .mat file");
    return folders;
}

Dataset openIndex(const QString& root) {
    OpenOptions open;
    open.keepBadPairs = true; // images may be elsewhere: only the index matters here
    open.checkFilesExist = false;
    return Dataset::open(root.toStdString(), DatasetLayout::Auto, open);
}

void printTable(CliCommand& cmd, const metrics::EvaluationReport& r) {
    if (!r.provenance.split.empty() || !r.provenance.checkpoint.empty())
        cmd.print("%s\n", r.provenance.label().c_str());
    cmd.print("%s  %lld queries, %lld gallery items, backend %s, %.2f s\n",
              metrics::label(r.direction).c_str(), static_cast<long long>(r.queryCount),
              static_cast<long long>(r.galleryCount), r.backend.c_str(), r.seconds);
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
        const int64_t onePercent =
            metrics::onePercentThreshold(r.galleryCount, metrics::OnePercentVariant::Original);
        cmd.print("  geo-recall within %g m: r@1 %s  r@5 %s  r@10 %s  r@1%% (K=%lld) %s  "
                  "r@%zu %s\n",
                  g.metres, qPrintable(at(1)), qPrintable(at(5)), qPrintable(at(10)),
                  static_cast<long long>(onePercent), qPrintable(at(size_t(onePercent))),
                  g.curve.size(), qPrintable(at(g.curve.size())));
    }
    if (!r.ranksExact)
        cmd.print("  (approximate index: ranks beyond the retrieved top-%zu are unknown)\n",
                  r.recall.size());
    if (r.approximation)
        for (const std::string& line : r.approximation->coverageLines(r.backend))
            cmd.print("  %s\n", line.c_str());
}

//! On stderr, so that they are seen with --json too (the results file has them as well).
void warnAboutApproximation(CliCommand& cmd, const metrics::EvaluationReport& r) {
    if (r.approximation)
        for (const std::string& warning : r.approximation->warnings())
            cmd.note("warning: %s", warning.c_str());
}

//! The query x gallery descriptors of a VIGOR split: DIR/ground.npy + DIR/satellite.npy, or
//! the names VIGOR's evaluate_from_npy.py loads (grd_global_descriptor.npy,
//! sat_global_descriptor.npy). Rows: label-file order and satellite_list.txt order.
std::pair<cv::Mat, cv::Mat> loadQueryGalleryDescriptors(const std::string& folder) {
    for (const auto& [ground, satellite] :
         {std::pair<const char*, const char*>{"ground.npy", "satellite.npy"},
          {"grd_global_descriptor.npy", "sat_global_descriptor.npy"}}) {
        const std::string g = folder + "/" + ground;
        const std::string s = folder + "/" + satellite;
        if (DatasetFiles::isFile(g) || DatasetFiles::isFile(s))
            return {DescriptorSet::loadNpy(g), DescriptorSet::loadNpy(s)};
    }
    throw Error(folder, "holds neither ground.npy + satellite.npy nor "
                        "grd_global_descriptor.npy + sat_global_descriptor.npy");
}

std::vector<float> rowsOf(const cv::Mat& m) {
    const cv::Mat c = m.isContinuous() ? m : m.clone();
    return {c.ptr<float>(), c.ptr<float>() + c.total()};
}

//! The table of `orinet eval --vigor` and its --json summary, whatever made the descriptors.
void printVigor(CliCommand& cmd, const QString& protocol, const std::string& split,
                const metrics::QueryGalleryEvaluation& e, double seconds,
                const std::vector<double>& metres) {
    using metrics::OnePercentVariant;
    cmd.print("VIGOR %s %s: %lld panoramas x %lld tiles (%.2f s)\n", qPrintable(protocol),
              split.c_str(), static_cast<long long>(e.queryCount()),
              static_cast<long long>(e.galleryCount()), seconds);
    cmd.print("  recall@1 %s  @5 %s  @10 %s  @1%% %s (strict %s)\n",
              qPrintable(percent(e.recallAt(1))), qPrintable(percent(e.recallAt(5))),
              qPrintable(percent(e.recallAt(10))),
              qPrintable(percent(e.recallAtOnePercent(OnePercentVariant::Original))),
              qPrintable(percent(e.recallAtOnePercent(OnePercentVariant::Strict))));
    cmd.print("  hit rate %s  (top-1 is the positive or a semi-positive: %s)\n",
              qPrintable(percent(e.hitRate())), qPrintable(percent(e.top1CoversRate())));
    cmd.print("  top-1 tile centre: median %s m, 25%% %s m, 75%% %s m, 90%% %s m\n",
              qPrintable(number(e.medianMetres(), 1)),
              qPrintable(number(e.metresPercentile(25), 1)),
              qPrintable(number(e.metresPercentile(75), 1)),
              qPrintable(number(e.metresPercentile(90), 1)));
    QJsonObject within;
    for (double m : metres) {
        cmd.print("  within %s m: %s\n", qPrintable(number(m, 1)),
                  qPrintable(percent(e.recallWithinMetres(m))));
        within[QString::number(m)] = e.recallWithinMetres(m);
    }
    QJsonObject& result = cmd.result();
    result["protocol"] = protocol;
    result["split"] = QString::fromStdString(split);
    result["queries"] = qint64(e.queryCount());
    result["gallery"] = qint64(e.galleryCount());
    result["recall_at_1"] = e.recallAt(1);
    result["recall_at_5"] = e.recallAt(5);
    result["recall_at_10"] = e.recallAt(10);
    result["recall_at_1_percent"] = e.recallAtOnePercent(OnePercentVariant::Original);
    result["recall_at_1_percent_strict"] = e.recallAtOnePercent(OnePercentVariant::Strict);
    result["hit_rate"] = e.hitRate();
    result["top1_covers"] = e.top1CoversRate();
    result["median_metres"] = e.medianMetres();
    result["within_metres"] = within;
    result["seconds"] = seconds;
}

//! `orinet eval --run RUN --vigor ROOT`: the run's descriptors of the split, each image
//! described once (or reused), evaluated and saved in the run (QueryGalleryRunEvaluation).
int runVigorRunEval(CliCommand& cmd, const VigorOptions& vigor, const QString& protocol,
                    const std::vector<double>& metres) {
    QueryGalleryRunEvaluation::Options options;
    options.vigor = vigor;
    options.geoMetres = metres;
    if (cmd.isSet("checkpoint")) {
        const QString which = cmd.value("checkpoint");
        if (which != "last" && which != "best")
            throw UsageError("--checkpoint is last or best, got '" + which.toStdString() + "'");
        options.checkpoint = fromString<CheckpointChoice>(which.toStdString());
    }
    if (cmd.isSet("bn"))
        options.normalization = fromString<Normalization>(
            cmd.choiceValue("bn", enumChoices<Normalization>()).toStdString());
    if (cmd.isSet("threads") && cmd.intValue("threads", 0, maxThreads()) > 0)
        options.workers = cmd.intValue("threads", 1, maxThreads());
    if (cmd.isSet("random-orientation"))
        options.randomOrientationSeed =
            static_cast<uint64_t>(cmd.intValue("random-orientation", 0, 1 << 30));
    Feedback feedback;
    cmd.progress().attach(feedback);
    QueryGalleryRunEvaluation evaluation(RunFolder(cmd.value("run").toStdString()), options);
    const QueryGalleryRunEvaluation::Result& r =
        evaluation.run(cmd.value("vigor").toStdString(), feedback);
    if (!r.note().empty())
        cmd.note("note: %s", r.note().c_str());
    if (r.origin == DescriptorOrigin::Extracted)
        cmd.note("described %lld panoramas and %lld tiles once each (%.1f s) into %s",
                 static_cast<long long>(r.queriesDescribed),
                 static_cast<long long>(r.galleryDescribed), r.extractionSeconds,
                 r.descriptorsDirectory.c_str());
    else
        cmd.note("reused the descriptors in %s", r.descriptorsDirectory.c_str());
    printVigor(cmd, protocol, vigor.split, *r.evaluation, r.report.seconds, metres);
    cmd.print("  results: %s/%s\n", r.resultsDirectory.c_str(),
              metrics::QueryGalleryReport::fileName());
    QJsonObject& result = cmd.result();
    result["run"] = cmd.value("run");
    result["descriptors"] = QString::fromStdString(r.descriptorsDirectory);
    result["descriptors_origin"] = r.origin == DescriptorOrigin::Extracted ? "extracted" : "reused";
    result["results"] =
        QString::fromStdString(r.resultsDirectory + "/" + metrics::QueryGalleryReport::fileName());
    result["provenance"] =
        QJsonDocument::fromJson(QByteArray::fromStdString(r.report.provenance.toJson())).object();
    return cmd.finish();
}

//! `orinet eval --vigor ROOT`: the query/gallery metrics of docs/vigor.md for one protocol's
//! split, of --descriptors computed elsewhere (printed, not saved) or of a --run's own.
int runVigorEval(CliCommand& cmd) {
    for (const char* other :
         {"dataset", "positions", "out", "export-mat", "export-npy", "export-only", "index", "top"})
        if (cmd.isSet(other))
            throw UsageError(std::string("--vigor does not take --") + other);
    if (cmd.isSet("random-orientation") && !cmd.isSet("run"))
        throw UsageError("--random-orientation describes the images anew: use it with --run "
                         "(or extract --vigor --random-orientation S)");
    if (cmd.value("backend") != "blocked" || cmd.value("direction") != "g2s")
        throw UsageError("--vigor evaluates ground queries exactly: no --backend or --direction");
    const QStringList folders = cmd.parser().values("descriptors");
    if (cmd.isSet("run") == !folders.isEmpty())
        throw UsageError("--vigor needs --run RUN (its descriptors, extracted when missing) or "
                         "--descriptors (a folder with ground.npy: one row per panorama of the "
                         "split, satellite.npy: one row per tile; or the parts extract --vigor "
                         "--shard wrote)");
    if (!cmd.isSet("run") && (cmd.isSet("checkpoint") || cmd.isSet("bn")))
        throw UsageError("--checkpoint and --bn choose how a run describes the images: use "
                         "them with --run");
    VigorOptions options;
    const QString protocol = cmd.value("protocol");
    if (protocol != "same-area" && protocol != "cross-area")
        throw UsageError("--protocol is same-area or cross-area, not '" + protocol.toStdString() +
                         "'");
    options.protocol = protocol == "same-area" ? VigorProtocol::SameArea : VigorProtocol::CrossArea;
    options.split = cmd.isSet("split") ? cmd.value("split").toStdString() : "test";
    options.checkFilesExist = false; // descriptors exist already; the images need not
    const std::vector<double> metres = parseThresholds(cmd.value("geo"));
    if (cmd.isSet("run"))
        return runVigorRunEval(cmd, options, protocol, metres);
    const std::vector<std::string> given = descriptorFolders(cmd);

    const auto start = std::chrono::steady_clock::now();
    const QueryGallery truth = VigorFormat::read(cmd.value("vigor").toStdString(), options);
    std::string folder = given.front();
    cv::Mat ground, satellite;
    if (given.size() > 1 || VigorDescriptorSet::isSet(folder)) {
        // A set of orinet extract --vigor, or its parts: checked against the split by its
        // description, not only by its row counts.
        Feedback feedback;
        cmd.progress().attach(feedback);
        VigorDescriptorSet set = VigorDescriptorShards::load(given, feedback);
        if (given.size() > 1) {
            folder.clear();
            for (const std::string& f : given)
                folder += (folder.empty() ? "" : ", ") + f;
            folder = "the parts " + folder;
            cmd.note("read %zu parts of the %s %s split as one set", given.size(),
                     set.protocol.c_str(), set.split.c_str());
        }
        set.checkMadeOn(protocol.toStdString(), options.split, truth.queryCount(),
                        DescriptorShard::fingerprint(QueryGalleryExtraction::queryNames(truth)),
                        truth.galleryCount(),
                        DescriptorShard::fingerprint(QueryGalleryExtraction::galleryNames(truth)),
                        folder);
        ground = set.ground;
        satellite = set.satellite;
    } else {
        std::tie(ground, satellite) = loadQueryGalleryDescriptors(folder);
    }
    if (ground.rows != truth.queryCount() || satellite.rows != truth.galleryCount())
        throw Error(folder, std::to_string(ground.rows) + " ground and " +
                                std::to_string(satellite.rows) + " satellite descriptors; the " +
                                protocol.toStdString() + " " + options.split + " split has " +
                                std::to_string(truth.queryCount()) + " panoramas and " +
                                std::to_string(truth.galleryCount()) + " tiles");
    if (ground.cols != satellite.cols)
        throw Error(folder, "ground descriptors have " + std::to_string(ground.cols) +
                                " dimensions, satellite descriptors " +
                                std::to_string(satellite.cols));
    const auto e = metrics::QueryGalleryEvaluation::fromDescriptors(
        rowsOf(ground), rowsOf(satellite), ground.cols, truth);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    printVigor(cmd, protocol, options.split, e, seconds, metres);
    return cmd.finish();
}

} // namespace

int runEval(const QStringList& args) {
    CliCommand cmd(
        "eval",
        "Evaluates descriptors: exact (or approximate) top-K retrieval, recall@1..K, recall@1% "
        "(original and strict), per-query true-match ranks, mean/median rank and geo-recall.\n"
        "Query i's true match is gallery item i. Results go to --out, else to the run's "
        "results/<key>/ (for descriptors of a run), as eval_<direction>.json, "
        "recall_<direction>.csv and ranks_<direction>.csv; descriptors outside any run are "
        "evaluated without saving unless --out is given.");
    const QStringList modes = enumChoices<Normalization>();
    cmd.addOption("run",
                  "run folder: with --dataset/--split uses (and when missing or older than the "
                  "checkpoint, extracts) the descriptors of the chosen checkpoint and BatchNorm "
                  "mode; without, the one stored descriptor set that fits; writes "
                  "DIR/results/<key>/",
                  "DIR");
    cmd.addOption("checkpoint",
                  "with --run: last (default; the paper reports the last epoch) or best (highest "
                  "validation recall@1%: selection on the validation split)",
                  "last|best");
    cmd.addOption("bn",
                  "with --run: BatchNorm statistics, " + alternatives(modes) + " (default " +
                      QString::fromStdString(toString(kDefaultSplitNormalization)) +
                      ", the paper's protocol)",
                  "mode");
    cmd.addOption("random-orientation",
                  "with --run and --dataset: describe every pair turned to a random orientation "
                  "drawn from seed S (docs/evaluation.md); with --run and --vigor, every "
                  "panorama and tile (docs/vigor.md)",
                  "S");
    cmd.addOption("descriptors",
                  "descriptor folder (ground.npy, satellite.npy, descriptors.json) or a .mat "
                  "with sat_global_descriptor and grd_global_descriptor; or the parts of a "
                  "split written by extract --shard, comma-separated or the option repeated, "
                  "read as one set",
                  "DIR|F.mat");
    cmd.addOption("dataset", "dataset folder, for UTM positions (geo-recall)", "DIR");
    cmd.addOption("split", "split of --dataset the descriptors belong to", "NAME");
    cmd.addOption("positions", "UTM positions as an N x 2 .npy (easting, northing), one per pair",
                  "F.npy");
    cmd.addOption("top",
                  "recall@1..K and geo-recall@1..K (default: 100, or recall@1%'s threshold "
                  "floor(N/100)+1 when that is larger, i.e. from N = 10,000 gallery items, so "
                  "the curves reach 1%)",
                  "K");
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
    cmd.addOption("check-sample",
                  "faiss-ivfpq: queries searched exactly too, to report how often the shortlist "
                  "held the exact top-1 and the true match (default 300, 0 = no check)",
                  "N", "300");
    cmd.addOption("check-seed", "faiss-ivfpq: seed of the check's sample of queries", "S",
                  QString::number(EvaluationOptions().checkSeed));
    cmd.addOption("memory",
                  "score-block memory budget of the blocked engine in MiB (default " +
                      QString::number(RetrievalOptions().memoryBudget >> 20) + ")",
                  "MIB", QString::number(RetrievalOptions().memoryBudget >> 20));
    cmd.addOption("threads", "worker threads (default: all)", "N", "0");
    cmd.addOption("out",
                  "results folder, new, empty or of earlier results (default: RUN/results/<key> "
                  "for a run's descriptors, the key naming split, checkpoint and BatchNorm mode; "
                  "none for descriptors outside a run)",
                  "DIR");
    cmd.addOption("export-mat", "also write the descriptors as a MATLAB .mat", "F.mat");
    cmd.addOption("export-npy", "also write the descriptors as .npy + descriptors.json", "DIR");
    cmd.addFlag("export-only", "write the exports and stop (no evaluation)");
    cmd.addOption("vigor",
                  "a VIGOR dataset folder (docs/vigor.md): evaluate --descriptors (ground.npy "
                  "or grd_global_descriptor.npy: one row per panorama of --split in label-file "
                  "order; satellite.npy or sat_global_descriptor.npy: one row per tile) with "
                  "recall@1/5/10/1% on the positive, the hit rate and the metres to the top-1 "
                  "tile's centre (--geo: recall within those metres), printed, not saved "
                  "(the parts extract --vigor --shard wrote, comma-separated, are read as one "
                  "set); or "
                  "with --run, the run's own descriptors (each panorama and tile described "
                  "once, extracted when missing, --checkpoint and --bn as for a dataset), "
                  "saved with the results in RUN/descriptors/<key>/ and "
                  "RUN/results/<key>/querygallery.json",
                  "DIR");
    cmd.addOption("protocol", "with --vigor: same-area (default) or cross-area", "NAME",
                  "same-area");
    cmd.addOutputOptions(); // --json: the summary of each direction instead of the table
    if (!cmd.parse(args))
        return 0;
    if (cmd.isSet("vigor"))
        return runVigorEval(cmd);

    if (cmd.isSet("run") == cmd.isSet("descriptors"))
        throw UsageError("give exactly one of --run DIR or --descriptors DIR|F.mat");
    if (cmd.isSet("random-orientation") && !(cmd.isSet("run") && cmd.isSet("dataset")))
        throw UsageError("--random-orientation describes the pairs anew: use it with --run, "
                         "--dataset and --split");
    if ((cmd.isSet("checkpoint") || cmd.isSet("bn")) && !cmd.isSet("run"))
        throw UsageError("--checkpoint and --bn choose among a run's descriptors: use them with "
                         "--run");
    const QString which = cmd.isSet("checkpoint") ? cmd.value("checkpoint") : QString();
    if (!which.isEmpty() && which != "last" && which != "best")
        throw UsageError("--checkpoint is last or best, got '" + which.toStdString() + "'");
    const QString bn = cmd.isSet("bn") ? cmd.choiceValue("bn", modes) : QString();

    EvaluationOptions options;
    if (cmd.isSet("top"))
        options.top = cmd.intValue("top", 1, 1000000);
    options.geoMetres = parseThresholds(cmd.value("geo"));
    const QString direction =
        cmd.choiceValue("direction", enumChoices<metrics::Direction>() << "both");
    options.backend = cmd.enumValue<RetrievalBackend>("backend");
    options.retrieval.nprobe = cmd.intValue("nprobe", 1, 1 << 20);
    options.retrieval.shortlist = cmd.intValue("shortlist", 0, 1 << 20);
    options.retrieval.memoryBudget = size_t(cmd.intValue("memory", 1, 1 << 20)) << 20;
    options.checkSample = cmd.intValue("check-sample", 0, 1 << 30);
    options.checkSeed = static_cast<uint64_t>(cmd.intValue("check-seed", 0, INT_MAX));
    options.retrieval.threads = cmd.intValue("threads", 0, maxThreads());
    if (cmd.isSet("split") && !cmd.isSet("dataset") && !cmd.isSet("run"))
        throw UsageError("--split needs --dataset (or --run, to choose a stored set)");
    if (cmd.isSet("dataset") && !cmd.isSet("split"))
        throw UsageError("--dataset needs --split");
    // Every output before any work: what is there is replaced only when this command wrote it.
    if (cmd.isSet("export-mat"))
        OutputTarget::checkFile(cmd.value("export-mat").toStdString(), OutputTarget::mat());
    if (cmd.isSet("export-npy"))
        OutputTarget::checkFolder(cmd.value("export-npy").toStdString(),
                                  DescriptorSet::folderKind());
    if (cmd.isSet("out"))
        OutputTarget::checkFolder(cmd.value("out").toStdString(),
                                  metrics::EvaluationReport::folderKind());

    Feedback feedback;
    cmd.progress().attach(feedback);

    RunEvaluation::Options evaluation;
    evaluation.directions = direction == "both"
                                ? enumValues<metrics::Direction>()
                                : std::vector<metrics::Direction>{
                                      fromString<metrics::Direction>(direction.toStdString())};
    if (options.backend == RetrievalBackend::FaissIvfPq)
        options.retrieval.indexPath = cmd.value("index").toStdString();
    evaluation.evaluation = options;
    if (cmd.isSet("positions"))
        evaluation.positionsFile = cmd.value("positions").toStdString();
    if (cmd.isSet("out"))
        evaluation.resultsDirectory = cmd.value("out").toStdString();

    std::optional<Dataset> dataset;
    std::optional<RunEvaluation> run;
    const DescriptorSet* descriptors = nullptr;
    DescriptorSet loaded; // read from --descriptors
    QString source;
    QString sourceLabel; // the parts, when several were read as one set
    if (cmd.isSet("run")) {
        if (!which.isEmpty())
            evaluation.checkpoint = fromString<CheckpointChoice>(which.toStdString());
        if (!bn.isEmpty())
            evaluation.normalization = fromString<Normalization>(bn.toStdString());
        if (cmd.isSet("random-orientation"))
            evaluation.randomOrientationSeed =
                static_cast<uint64_t>(cmd.intValue("random-orientation", 0, 1 << 30));
        // Only an extraction reads images; it names any that is missing.
        if (cmd.isSet("dataset"))
            dataset = openIndex(cmd.value("dataset"));
        run.emplace(RunFolder(cmd.value("run").toStdString()), evaluation);
        run->describe(dataset ? &*dataset : nullptr, cmd.value("split").toStdString(), feedback);
        const RunEvaluation::Result& r = run->result();
        if (!r.note().empty())
            cmd.note("note: %s", r.note().c_str());
        descriptors = r.descriptors.get();
        source = QString::fromStdString(r.descriptorsDirectory);
        if (r.origin == DescriptorOrigin::Extracted)
            cmd.note("extracted %d descriptors into %s", descriptors->ground.rows,
                     qPrintable(source));
    } else {
        const std::vector<std::string> folders = descriptorFolders(cmd);
        source = QString::fromStdString(folders.front());
        loaded = DescriptorShards::load(folders, feedback);
        descriptors = &loaded;
        if (folders.size() > 1) {
            QStringList absolute;
            for (const std::string& f : folders)
                absolute << QFileInfo(QString::fromStdString(f)).absoluteFilePath();
            sourceLabel = absolute.join(", ");
            cmd.note("read %zu parts of split '%s' as one set of %d pairs", folders.size(),
                     loaded.provenance.split.c_str(), loaded.ground.rows);
        }
        if (cmd.isSet("dataset")) {
            dataset = openIndex(cmd.value("dataset"));
            std::vector<std::string> ids;
            for (size_t i : dataset->split(cmd.value("split").toStdString()))
                ids.push_back(dataset->pairs()[i].id);
            loaded.checkIds(ids, "split '" + cmd.value("split").toStdString() + "' of " +
                                     dataset->root());
        }
    }
    if (cmd.isSet("export-mat")) {
        descriptors->exportMat(cmd.value("export-mat").toStdString());
        cmd.note("wrote %s", qPrintable(cmd.value("export-mat")));
        cmd.result()["export_mat"] = cmd.value("export-mat");
    }
    if (cmd.isSet("export-npy")) {
        descriptors->save(cmd.value("export-npy").toStdString());
        cmd.note("wrote %s/", qPrintable(cmd.value("export-npy")));
        cmd.result()["export_npy"] = cmd.value("export-npy");
    }
    if (cmd.isSet("export-only"))
        return cmd.finish();

    std::vector<metrics::EvaluationReport> reports;
    QString outDir;
    if (run) {
        run->measure(feedback);
        const RunEvaluation::Result& r = run->result();
        if (dataset && !cmd.isSet("positions") && !r.noGeoRecall.empty())
            cmd.note("note: no geo-recall: %s", r.noGeoRecall.c_str());
        reports = r.reports;
        outDir = QDir::cleanPath(QString::fromStdString(r.resultsDirectory));
    } else {
        // Results go where --out says, else into the run the descriptors belong to; a set
        // outside any run gets no folder the user did not name.
        if (cmd.isSet("out"))
            outDir = QDir::cleanPath(cmd.value("out"));
        else if (sourceLabel.isEmpty())
            if (const std::optional<RunFolder> owner =
                    RunFolder::ofDescriptors(source.toStdString()))
                outDir = QDir::cleanPath(
                    QString::fromStdString(owner->resultsDirectory(loaded.provenance)));
        std::vector<UtmPosition> positions;
        if (cmd.isSet("positions")) {
            positions = Evaluation::loadPositions(evaluation.positionsFile);
        } else if (dataset) {
            std::string why;
            positions = RunEvaluation::positionsOf(*dataset, cmd.value("split").toStdString(),
                                                   static_cast<size_t>(loaded.ground.rows), &why);
            if (positions.empty() && !options.geoMetres.empty())
                cmd.note("note: no geo-recall: %s", why.c_str());
        }
        const QString label =
            sourceLabel.isEmpty() ? QFileInfo(source).absoluteFilePath() : sourceLabel;
        reports = RunEvaluation::measureSet(loaded, label.toStdString(), positions, evaluation,
                                            outDir.toStdString(), feedback);
    }

    QJsonArray summaries;
    for (const metrics::EvaluationReport& report : reports) {
        summaries.append(
            QJsonDocument::fromJson(QByteArray::fromStdString(report.toJson(/*perQuery=*/false)))
                .object());
        printTable(cmd, report);
        warnAboutApproximation(cmd, report);
        if (outDir.isEmpty()) {
            cmd.print("  results not saved: the descriptors are in no run folder; give --out "
                      "DIR to save them\n");
            continue;
        }
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
