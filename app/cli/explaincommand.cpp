#include "choices.h"
#include "clicommand.h"
#include "commands.h"
#include "singleimagemodeloptions.h"

#include "common/atomicfile.h"
#include "common/error.h"
#include "common/outputtarget.h"
#include "common/runtimeinfo.h"
#include "dataset/dataset.h"
#include "explain/explanationpicture.h"
#include "explain/matchexplainer.h"
#include "retrieval/descriptorset.h"
#include "run/runfolder.h"

#include <QJsonArray>
#include <QJsonObject>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <numeric>

namespace orinet::cli {

namespace {

QJsonArray gridJson(const cv::Mat& shares) {
    QJsonArray rows;
    for (int r = 0; r < shares.rows; ++r) {
        QJsonArray row;
        for (int c = 0; c < shares.cols; ++c)
            row.append(shares.at<double>(r, c));
        rows.append(row);
    }
    return rows;
}

//! The cell with the largest share (row-major index).
int topCell(const cv::Mat& shares) {
    cv::Point at;
    cv::minMaxLoc(shares, nullptr, nullptr, nullptr, &at);
    return at.y * shares.cols + at.x;
}

//! What the CLI says of one side's gradient × input map: where it is largest (smoothed as
//! drawn) and the sums of its positive and negative parts.
QJsonObject attributionJson(const cv::Mat& signedMap, const cv::Mat& shown) {
    cv::Point peak;
    cv::minMaxLoc(shown, nullptr, nullptr, nullptr, &peak);
    const double positive = cv::sum(cv::max(signedMap, 0.0))[0];
    const double negative = cv::sum(cv::min(signedMap, 0.0))[0];
    return QJsonObject{{"width", signedMap.cols},
                       {"height", signedMap.rows},
                       {"positive_sum", positive},
                       {"negative_sum", negative},
                       {"peak", QJsonObject{{"x", peak.x}, {"y", peak.y}}}};
}

//! Deletion test of one side of one match: the similarity lost when the cell with the largest
//! share is greyed, and the mean lost over the other cells of the same size.
struct Deletion {
    double top = 0;
    double others = 0;
};

Deletion deletion(MatchExplainer& explainer, const MatchExplainer::Inputs& inputs,
                  const MatchExplanation& e, bool ground) {
    const cv::Mat& shares = ground ? e.groundShares() : e.satelliteShares();
    const int cells = shares.rows * shares.cols;
    const int top = topCell(shares);
    auto lost = [&](int cell) {
        return e.similarity() - explainer.similarity(MatchExplainer::masked(
                                    inputs, ground, explainer.cellRegion(ground, cell)));
    };
    Deletion d;
    d.top = lost(top);
    if (cells < 2)
        return d;
    for (int cell = 0; cell < cells; ++cell)
        if (cell != top)
            d.others += lost(cell);
    d.others /= cells - 1;
    return d;
}

//! The descriptor set whose ranking `--top` follows: `chosen` when given, else the run's
//! newest set of `split` described from the pairs as they are, preferring one of the
//! checkpoint the explanation uses (`kind`: "last", "best", or empty for a file).
std::string rankingSet(const RunFolder& run, const std::string& split, const std::string& kind) {
    std::string best;
    std::pair<bool, std::string> bestOrder{false, {}};
    for (const std::string& folder : run.descriptorSets()) {
        const DescriptorSet set = DescriptorSet::load(folder);
        const Provenance& p = set.provenance;
        if (p.split != split || !p.inputs.empty())
            continue;
        const std::pair<bool, std::string> order{!kind.empty() && p.checkpointKind == kind,
                                                 set.created};
        if (best.empty() || order > bestOrder) {
            best = folder;
            bestOrder = order;
        }
    }
    if (best.empty())
        throw Error(run.descriptorsRoot(),
                    "the run stores no descriptors of split '" + split +
                        "' to rank the tiles with; evaluate it first (orinet eval --run " +
                        run.directory() + " --dataset ... --split " + split +
                        ") or name a set with --ranking");
    return best;
}

//! The `count` gallery rows most similar to query row `query` of `set`, best first, with
//! their cosine similarity (the descriptors are unit length).
std::vector<std::pair<int, float>> topTiles(const DescriptorSet& set, int query, int count) {
    cv::Mat scores = set.satellite * set.ground.row(query).t();
    std::vector<int> order(static_cast<size_t>(scores.rows));
    std::iota(order.begin(), order.end(), 0);
    count = std::min(count, scores.rows);
    std::partial_sort(order.begin(), order.begin() + count, order.end(), [&](int a, int b) {
        const float sa = scores.at<float>(a), sb = scores.at<float>(b);
        return sa != sb ? sa > sb : a < b;
    });
    std::vector<std::pair<int, float>> top;
    for (int i = 0; i < count; ++i)
        top.emplace_back(order[i], scores.at<float>(order[i]));
    return top;
}

} // namespace

int runExplain(const QStringList& args) {
    CliCommand cmd(
        "explain",
        "Why does a panorama match a tile? Splits the similarity exactly over the cells the two "
        "descriptors are pooled from (ground 2 x 10, satellite 4 x 4 at the paper's size; "
        "docs/explain.md) and draws each side's shares over the images the network sees. "
        "The query's true tile is explained, with --tile another one, and with --top K the "
        "K tiles the run ranked first (e.g. the wrong top-1). --deletion greys the cell with the "
        "largest share and each other cell in turn "
        "and reports the similarity lost: a faithful explanation loses more at its top cell; "
        "with --query all over the whole split. A run made from another method's TorchScript "
        "model (orinet import-model) has no cells: it is explained by gradient x input per "
        "pixel, an approximation, not an exact split (no --deletion).");
    cmd.addOption("run", "run folder (its checkpoint; not needed with a checkpoint file)", "dir");
    SingleImageModelOptions::add(cmd);
    cmd.addOption("dataset", "dataset folder", "dir");
    cmd.addOption("layout", alternatives(enumChoices<DatasetLayout>()), "layout", "auto");
    cmd.addOption("split", "split of the query", "name");
    cmd.addOption("query", "pair id of the query panorama, or 'all' (with --deletion)", "id");
    cmd.addOption("tile", "also explain the match with this pair's tile", "id");
    cmd.addOption("top",
                  "also explain the query's K most similar tiles, ranked by the run's stored "
                  "descriptors of the split (--top 1: the tile that won)",
                  "K");
    cmd.addOption("ranking", "descriptor set folder to rank with (default: the run's newest)",
                  "dir");
    cmd.addOption("png", "picture of the explained matches", "file");
    cmd.addOption("svg",
                  "the same picture as a vector figure for papers (text, cell grid and colour "
                  "scale as vectors; the images embedded)",
                  "file");
    cmd.addFlag("deletion", "measure the explanation's faithfulness (see above)");
    cmd.addOption("limit", "with --query all: only the split's first N pairs", "N");
    cmd.addOption("threads", "LibTorch threads (0: all cores or ORINET_THREADS)", "T", "0");
    cmd.addOutputOptions();
    if (!cmd.parse(args))
        return 0;
    // With a checkpoint file, --run still names the run whose ranking --top follows.
    const QString run =
        SingleImageModelOptions::fromRun(cmd) ? cmd.required("run") : cmd.value("run");
    const std::string datasetDir = cmd.required("dataset").toStdString();
    const std::string split = cmd.required("split").toStdString();
    const std::string queryId = cmd.required("query").toStdString();
    const bool all = queryId == "all";
    const bool measure = cmd.isSet("deletion");
    if (all && !measure)
        throw UsageError("--query all is for --deletion; explain one query at a time");
    if (cmd.isSet("limit") && !all)
        throw UsageError("--limit is for --query all");
    const size_t limit =
        cmd.isSet("limit") ? static_cast<size_t>(cmd.intValue("limit", 1, 100000000)) : 0;
    if (all && (cmd.isSet("png") || cmd.isSet("svg") || cmd.isSet("tile") || cmd.isSet("top")))
        throw UsageError("--png, --svg, --tile and --top need one --query");
    const int top = cmd.isSet("top") ? cmd.intValue("top", 1, 100) : 0;
    if (top > 0 && !cmd.isSet("ranking") && run.isEmpty())
        throw UsageError("--top ranks with a run's descriptors: give --run or --ranking");
    if (cmd.isSet("png"))
        OutputTarget::checkFile(cmd.value("png").toStdString(), OutputTarget::png());
    if (cmd.isSet("svg"))
        OutputTarget::checkFile(cmd.value("svg").toStdString(), OutputTarget::svg());
    MatchExplainer::Settings settings;
    // A run made from another method's TorchScript model has its model file, no checkpoints.
    const bool scriptedRun = !run.isEmpty() && SingleImageModelOptions::fromRun(cmd) &&
                             RunFolder(run.toStdString()).hasScriptedModel();
    settings.checkpoint = scriptedRun ? RunFolder(run.toStdString()).scriptedModelFile()
                                      : SingleImageModelOptions::checkpoint(cmd, run);
    settings.normalization = SingleImageModelOptions::normalization(cmd);
    settings.fallbackPreset = SingleImageModelOptions::fallbackPreset(cmd);
    runtime::configureThreads(cmd.intValue("threads", 0, 1024));

    const Dataset dataset = Dataset::open(datasetDir, cmd.enumValue<DatasetLayout>("layout"));
    settings.layout = dataset.layout();
    auto findInSplit = [&](const std::string& id) -> const PairRecord& {
        for (size_t i : dataset.split(split))
            if (dataset.pairs()[i].id == id)
                return dataset.pairs()[i];
        throw Error(dataset.indexPath(), "split '" + split + "' has no pair with id '" + id + "'");
    };
    std::vector<const PairRecord*> queries;
    if (all) {
        for (size_t i : dataset.split(split))
            if (limit == 0 || queries.size() < limit)
                queries.push_back(&dataset.pairs()[i]);
    } else {
        queries.push_back(&findInSplit(queryId));
    }
    // The tiles to explain the query with: its true one, --tile, then --top's, each once.
    struct Explained {
        const PairRecord* tile;
        std::string label; //!< for the caption and the terminal
    };
    std::vector<Explained> tiles;
    auto addTile = [&](const PairRecord& tile, const std::string& label) {
        for (const Explained& t : tiles)
            if (t.tile->id == tile.id)
                return;
        tiles.push_back({&tile, label});
    };
    QJsonArray ranked;
    std::string rankingNormalization; // BatchNorm mode of the ranking's descriptors
    if (!all) {
        const PairRecord& query = *queries.front();
        addTile(query, "true tile");
        if (cmd.isSet("tile")) {
            const PairRecord& other = findInSplit(cmd.value("tile").toStdString());
            addTile(other, "tile " + other.id);
        }
        if (top > 0) {
            const std::string folder = cmd.isSet("ranking")
                                           ? cmd.value("ranking").toStdString()
                                           : rankingSet(RunFolder(run.toStdString()), split,
                                                        SingleImageModelOptions::fromRun(cmd)
                                                            ? cmd.value("checkpoint").toStdString()
                                                            : std::string());
            const DescriptorSet set = DescriptorSet::load(folder);
            std::vector<std::string> ids;
            for (size_t i : dataset.split(split))
                ids.push_back(dataset.pairs()[i].id);
            set.checkIds(ids, "split '" + split + "' of " + dataset.root());
            if (static_cast<size_t>(set.ground.rows) != ids.size())
                throw Error(folder, std::to_string(set.ground.rows) + " descriptors for the " +
                                        std::to_string(ids.size()) + " pairs of split '" + split +
                                        "'");
            const int row =
                static_cast<int>(std::find(ids.begin(), ids.end(), query.id) - ids.begin());
            cmd.print("ranked by %s\n", folder.c_str());
            int rank = 0;
            for (const auto& [gallery, score] : topTiles(set, row, top)) {
                ++rank;
                const PairRecord& tile = findInSplit(ids[static_cast<size_t>(gallery)]);
                cmd.print("  rank %d: tile %s, score %.4f%s\n", rank, tile.id.c_str(), score,
                          tile.id == query.id ? " (the true tile)" : "");
                ranked.append(QJsonObject{{"rank", rank},
                                          {"tile", QString::fromStdString(tile.id)},
                                          {"score", static_cast<double>(score)}});
                addTile(tile, "rank " + std::to_string(rank) + " tile " + tile.id);
            }
            rankingNormalization = set.provenance.normalization;
            cmd.result()["ranking"] = QString::fromStdString(folder);
            cmd.result()["top"] = ranked;
        }
    }

    MatchExplainer explainer(settings);
    if (!explainer.note().empty())
        std::fprintf(stderr, "note: %s\n", explainer.note().c_str());
    QJsonObject& result = cmd.result();
    if (!explainer.isExact()) {
        if (measure)
            throw Error(settings.checkpoint,
                        "is another method's TorchScript model ('" + explainer.method() +
                            "'): --deletion greys the cells of an exact split, and gradient x "
                            "input has none (docs/explain.md)");
        result["method"] = "gradient_x_input";
        std::fprintf(stderr,
                     "note: '%s' is another method's TorchScript model: explained by gradient x "
                     "input, an approximation, not an exact split (docs/explain.md)\n",
                     explainer.method().c_str());
    } else {
        result["method"] = "cell_shares";
        result["bn"] = QString::fromStdString(toString(explainer.normalization()));
    }
    if (explainer.isExact() && !rankingNormalization.empty() &&
        rankingNormalization != toString(explainer.normalization()))
        std::fprintf(stderr,
                     "note: ranked with BatchNorm '%s', explained with '%s' (one image at a "
                     "time): the similarities differ a little from the ranking's scores\n",
                     rankingNormalization.c_str(), toString(explainer.normalization()).c_str());

    if (!all) {
        const PairRecord& query = *queries.front();
        std::vector<ExplanationPicture::Match> matches;
        QJsonArray explained;
        for (const Explained& explainedTile : tiles) {
            const PairRecord* tile = explainedTile.tile;
            const auto inputs = explainer.prepare(query.panoramaPath, tile->satellitePath);
            const MatchExplanation e = explainer.explain(inputs);
            const bool truth = tile == &query;
            QJsonObject entry{{"tile", QString::fromStdString(tile->id)},
                              {"true_match", truth},
                              {"similarity", e.similarity()}};
            cmd.print("%s: similarity %.4f\n", explainedTile.label.c_str(), e.similarity());
            if (!e.isExact()) {
                entry["ground_attribution"] =
                    attributionJson(e.groundAttribution(), e.groundShares());
                entry["satellite_attribution"] =
                    attributionJson(e.satelliteAttribution(), e.satelliteShares());
                for (const bool ground : {true, false}) {
                    const QJsonObject a =
                        entry[ground ? "ground_attribution" : "satellite_attribution"].toObject();
                    const QJsonObject peak = a["peak"].toObject();
                    cmd.print("  %-9s gradient x input over %d x %d pixels: positive %.4g, "
                              "negative %.4g; largest (smoothed) at x %d, y %d\n",
                              ground ? "ground" : "satellite", a["width"].toInt(),
                              a["height"].toInt(), a["positive_sum"].toDouble(),
                              a["negative_sum"].toDouble(), peak["x"].toInt(), peak["y"].toInt());
                }
                explained.append(entry);
                matches.push_back({e, MatchExplainer::visible(inputs.ground),
                                   MatchExplainer::visible(inputs.satellite),
                                   query.id + " with its " + explainedTile.label});
                continue;
            }
            entry["ground_shares"] = gridJson(e.groundShares());
            entry["satellite_shares"] = gridJson(e.satelliteShares());
            auto describeTop = [&](const char* side, const cv::Mat& shares) {
                const int cell = topCell(shares);
                cmd.print("  %-9s %d x %d cells; largest share %.4f (%.0f %%) at row %d, "
                          "column %d\n",
                          side, shares.rows, shares.cols, shares.at<double>(cell),
                          100 * shares.at<double>(cell) / e.similarity(), cell / shares.cols,
                          cell % shares.cols);
            };
            describeTop("ground", e.groundShares());
            describeTop("satellite", e.satelliteShares());
            if (measure) {
                const Deletion g = deletion(explainer, inputs, e, true);
                cmd.print("  deletion: greying the largest ground share loses %.4f, another "
                          "cell %.4f on average\n",
                          g.top, g.others);
                entry["deletion"] = QJsonObject{{"ground_top", g.top}, {"ground_others", g.others}};
            }
            explained.append(entry);
            matches.push_back({e, MatchExplainer::visible(inputs.ground),
                               MatchExplainer::visible(inputs.satellite),
                               query.id + " with its " + explainedTile.label});
        }
        result["query"] = QString::fromStdString(query.id);
        result["matches"] = explained;
        if (cmd.isSet("png")) {
            const std::string png = cmd.value("png").toStdString();
            std::vector<uchar> bytes;
            if (!cv::imencode(".png", ExplanationPicture::render(matches), bytes))
                throw Error(png, "cannot encode the picture");
            AtomicFile::writeAll(png, std::string(bytes.begin(), bytes.end()), OutputTarget::png());
            cmd.print("wrote %s\n", png.c_str());
        }
        if (cmd.isSet("svg")) {
            const std::string svg = cmd.value("svg").toStdString();
            AtomicFile::writeAll(svg, ExplanationPicture::renderSvg(matches), OutputTarget::svg());
            cmd.print("wrote %s\n", svg.c_str());
        }
        return cmd.finish();
    }

    // The whole split: faithfulness of the ground and the satellite shares (exact splits
    // only: refused above for gradient × input).
    double groundTop = 0, groundOthers = 0, satelliteTop = 0, satelliteOthers = 0;
    size_t groundWins = 0, satelliteWins = 0, done = 0;
    bool satelliteCells = false;
    for (const PairRecord* query : queries) {
        const auto inputs = explainer.prepare(query->panoramaPath, query->satellitePath);
        const MatchExplanation e = explainer.explain(inputs);
        const Deletion g = deletion(explainer, inputs, e, true);
        groundTop += g.top;
        groundOthers += g.others;
        groundWins += g.top > g.others ? 1 : 0;
        satelliteCells = e.satelliteShares().total() > 1;
        if (satelliteCells) {
            const Deletion s = deletion(explainer, inputs, e, false);
            satelliteTop += s.top;
            satelliteOthers += s.others;
            satelliteWins += s.top > s.others ? 1 : 0;
        }
        ++done;
        cmd.progress().update(static_cast<double>(done) / queries.size(), "explaining");
    }
    const double n = static_cast<double>(std::max<size_t>(done, 1));
    result["queries"] = static_cast<double>(done);
    result["ground"] = QJsonObject{{"top_cell_loss", groundTop / n},
                                   {"other_cell_loss", groundOthers / n},
                                   {"top_loses_more", groundWins / n}};
    cmd.print("%zu queries of '%s', each with its true tile: greying the cell with the largest "
              "share loses\n  ground:    %.4f of the similarity on average, another cell %.4f; "
              "more for %.1f %% of the queries\n",
              done, split.c_str(), groundTop / n, groundOthers / n, 100 * groundWins / n);
    if (satelliteCells) {
        result["satellite"] = QJsonObject{{"top_cell_loss", satelliteTop / n},
                                          {"other_cell_loss", satelliteOthers / n},
                                          {"top_loses_more", satelliteWins / n}};
        cmd.print("  satellite: %.4f, another cell %.4f; more for %.1f %% of the queries\n",
                  satelliteTop / n, satelliteOthers / n, 100 * satelliteWins / n);
    } else {
        cmd.print("  satellite: one cell at this input size, nothing to compare\n");
    }
    return cmd.finish();
}

} // namespace orinet::cli
