#include "clicommand.h"
#include "commands.h"

#include "common/feedback.h"
#include "synth/histogrambaseline.h"
#include "synth/syntheticworld.h"
#include "synth/vigorworld.h"

namespace orinet::cli {

int runSynth(const QStringList& args) {
    CliCommand cmd("synth",
                   "Generates a geo-referenced synthetic town (world.tif, EPSG:32755, with "
                   "overviews; world_height.tif) and a cross-view dataset of it in both real "
                   "layouts: DIR/cvusa (splits/*.csv) and DIR/cvact (ACT_data.mat).\n"
                   "Panoramas are rendered from the 2.5D scene, north-aligned; tiles are cut "
                   "from world.tif, north-up and centred on the camera. Deterministic per seed.");
    const SynthOptions defaults;
    // QCommandLineParser does not print defaults; say them in the description
    auto option = [&cmd](const QString& name, const QString& description, const QString& valueName,
                         const QString& value) {
        cmd.addOption(name, description + " (default " + value + ")", valueName, value);
    };
    cmd.addOption("out",
                  "output folder (created; an existing non-empty folder must hold a "
                  "synthetic world)",
                  "dir");
    option("pairs", "number of street locations", "N", QString::number(defaults.pairs));
    option("seed", "random seed", "S", QString::number(defaults.seed));
    option("tile-size", "satellite tile side in pixels", "S", QString::number(defaults.tileSize));
    option("tile-metres", "ground extent of a tile side in metres", "M",
           QString::number(defaults.tileMetres));
    option("pano-width", "CVUSA panorama width (height = width*224/1232)", "W",
           QString::number(defaults.cvusaPanoWidth));
    option("cvact-width", "CVACT panorama width (full sphere, height = width/2)", "W",
           QString::number(defaults.cvactPanoWidth));
    option("pixel-size", "metres per pixel of world.tif", "M", QString::number(defaults.pixelSize));
    option("world-metres", "side of the town in metres (0 = from the pair count)", "M", "0");
    option("nearby", "share of locations 5-25 m from an earlier one", "F",
           QString::number(defaults.nearbyFraction));
    option("jpeg-quality", "JPEG quality of all images", "Q",
           QString::number(defaults.jpegQuality));
    option("threads", "rendering threads (0 = all cores)", "T", "0");
    cmd.addFlag("vigor", "write the VIGOR layout instead (docs/vigor.md): four small cities "
                         "named after VIGOR's, tiles on a grid overlapping by half a tile, "
                         "panoramas anywhere with a positive and three semi-positives; uses "
                         "--seed, --tile-size, --tile-metres, --pixel-size, --cvact-width "
                         "(panorama width) and --world-metres (side of each city, 0 = 260)");
    option("panoramas-per-city", "with --vigor: panoramas in each city", "N",
           QString::number(VigorWorldOptions().panoramasPerCity));
    cmd.addFlag("baseline", "afterwards, score the colour-histogram matcher (recall@1) on up to "
                            "--baseline-pairs held-out pairs");
    option("baseline-pairs", "pairs for --baseline", "N", "200");
    cmd.addOutputOptions();
    if (!cmd.parse(args))
        return 0;

    SynthOptions options;
    options.outDir = cmd.required("out").toStdString();
    options.pairs = cmd.intValue("pairs", 1, 1000000);
    bool seedOk = false;
    options.seed = cmd.value("seed").toULongLong(&seedOk);
    if (!seedOk)
        throw UsageError("--seed must be a non-negative integer, got '" +
                         cmd.value("seed").toStdString() + "'");
    options.tileSize = cmd.intValue("tile-size", 16, 4096);
    options.tileMetres = cmd.doubleValue("tile-metres", 10, 1000);
    options.cvusaPanoWidth = cmd.intValue("pano-width", 22, 8192);
    options.cvactPanoWidth = cmd.intValue("cvact-width", 8, 8192);
    options.pixelSize = cmd.doubleValue("pixel-size", 0.05, 5);
    options.worldMetres = cmd.doubleValue("world-metres", 0, 1e6);
    options.nearbyFraction = cmd.doubleValue("nearby", 0, 1);
    options.jpegQuality = cmd.intValue("jpeg-quality", 1, 100);
    options.threads = cmd.intValue("threads", 0, 256);
    const int baselinePairs = cmd.intValue("baseline-pairs", 2, 100000);

    Feedback feedback;
    cmd.progress().attach(feedback);
    if (cmd.isSet("vigor")) {
        if (cmd.isSet("baseline"))
            throw UsageError("--baseline scores pairs; it does not take --vigor");
        VigorWorldOptions vigor;
        vigor.outDir = options.outDir;
        vigor.seed = options.seed;
        vigor.tileSize = options.tileSize;
        vigor.tileMetres = options.tileMetres;
        vigor.pixelSize = options.pixelSize;
        vigor.panoramaWidth = options.cvactPanoWidth;
        if (options.worldMetres > 0)
            vigor.cityMetres = options.worldMetres;
        vigor.panoramasPerCity = cmd.intValue("panoramas-per-city", 2, 100000);
        const VigorWorldSummary summary = VigorWorld::generate(vigor, feedback);
        int train = 0;
        for (const VigorWorldPanorama& p : summary.panoramas)
            train += p.train ? 1 : 0;
        const int panoramas = static_cast<int>(summary.panoramas.size());
        cmd.print("wrote a VIGOR-layout world: %zu cities, %d tiles and %d panoramas each "
                  "(same-area train %d, test %d) in %.1f s\n  %s\n",
                  summary.cities.size(), summary.tilesPerCity, vigor.panoramasPerCity, train,
                  panoramas - train, summary.seconds, summary.root.c_str());
        QJsonObject& result = cmd.result();
        result["layout"] = "vigor";
        result["root"] = QString::fromStdString(summary.root);
        result["cities"] = static_cast<int>(summary.cities.size());
        result["tiles_per_city"] = summary.tilesPerCity;
        result["panoramas"] = panoramas;
        result["same_area_train"] = train;
        result["same_area_test"] = panoramas - train;
        result["seconds"] = summary.seconds;
        return cmd.finish();
    }
    const SynthSummary summary = SyntheticWorld::generate(options, feedback);
    cmd.print("wrote %d pairs (train %d, val %d, test %d) in %.1f s (%.1f pairs/s)\n",
              static_cast<int>(summary.pairs.size()), summary.trainCount, summary.valCount,
              summary.testCount, summary.seconds, summary.pairs.size() / summary.seconds);
    cmd.print("  CVUSA layout: %s\n  CVACT layout: %s\n  world:        %s, %s\n  metadata:     "
              "%s, %s\n",
              summary.cvusaRoot.c_str(), summary.cvactRoot.c_str(), summary.worldImage.c_str(),
              summary.heightImage.c_str(), summary.metadata.c_str(), summary.pairsCsv.c_str());
    auto path = [](const std::string& p) { return QString::fromStdString(p); };
    QJsonObject& result = cmd.result();
    result["pairs"] = static_cast<int>(summary.pairs.size());
    result["splits"] = QJsonObject{
        {"train", summary.trainCount}, {"val", summary.valCount}, {"test", summary.testCount}};
    result["seconds"] = summary.seconds;
    result["cvusa"] = path(summary.cvusaRoot);
    result["cvact"] = path(summary.cvactRoot);
    result["world"] = path(summary.worldImage);
    result["height"] = path(summary.heightImage);
    result["metadata"] = path(summary.metadata);
    result["pairs_csv"] = path(summary.pairsCsv);
    if (cmd.isSet("baseline")) {
        const BaselineResult b = HistogramBaseline::evaluate(summary, baselinePairs);
        cmd.print("colour-histogram baseline on %d held-out pairs: recall@1 %.2f%%, recall@5 "
                  "%.2f%% (chance @1 %.2f%%)\n",
                  b.pairs, 100 * b.recallAt1, 100 * b.recallAt5, 100 * b.chanceAt1);
        result["baseline"] = QJsonObject{{"pairs", b.pairs},
                                         {"recall_at_1", b.recallAt1},
                                         {"recall_at_5", b.recallAt5},
                                         {"chance_at_1", b.chanceAt1}};
    }
    return cmd.finish();
}

} // namespace orinet::cli
