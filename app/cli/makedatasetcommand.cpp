#include "clicommand.h"
#include "commands.h"

#include "common/feedback.h"
#include "dataset/datasetmaker.h"

#include <QJsonArray>

namespace orinet::cli {

int runMakeDataset(const QStringList& args) {
    CliCommand cmd(
        "make-dataset",
        "Makes a dataset of your own area from an orthophoto and geotagged panoramas "
        "(docs/make-dataset.md): for each panorama a north-up satellite tile centred on its "
        "position is cut from the orthophoto, the panorama is turned so that north is its "
        "centre column when a heading is given, and pairs.csv is written and checked.\n"
        "The positions file is a CSV with the columns file (required, relative to the CSV), "
        "lat, lon (WGS84 degrees; empty = the image's EXIF GPS position), heading (compass "
        "direction of the panorama's centre column, degrees clockwise from north), id and "
        "split. Panoramas that cannot be used (no position, outside the orthophoto, "
        "unreadable) are listed; the dataset is written whole or not at all.\n"
        "--layout vigor cuts VIGOR's layout instead (docs/vigor.md): tiles on a grid over the "
        "panoramas' area stepping by half a tile, each panorama labelled with its positive "
        "tile (the one whose central half contains it) and the three semi-positives, with "
        "VIGOR's pixel offsets, and same-area train/test label files (val rows go to test).");
    const MakeDatasetOptions defaults;
    cmd.addOption("orthophoto", "north-up GeoTIFF in a projected CRS (metres)", "tif");
    cmd.addOption("positions", "CSV of panoramas: file,lat,lon[,heading][,id][,split]", "csv");
    cmd.addOption("out",
                  "dataset folder to write (new or empty; a previous make-dataset output is "
                  "replaced)",
                  "dir");
    cmd.addOption("layout",
                  "centred: a tile centred on each panorama, pairs.csv (default); vigor: "
                  "VIGOR's grid of overlapping tiles with positives and semi-positives",
                  "L", "centred");
    cmd.addOption("area",
                  "with --layout vigor: the area's name, naming its folders (default " +
                      QString::fromStdString(defaults.area) + ")",
                  "name", QString::fromStdString(defaults.area));
    cmd.addOption("tile-size",
                  "satellite tile side in pixels (default " + QString::number(defaults.tileSize) +
                      ")",
                  "S", QString::number(defaults.tileSize));
    cmd.addOption("tile-metres",
                  "ground extent of a tile side in metres (default " +
                      QString::number(defaults.tileMetres) + ")",
                  "M", QString::number(defaults.tileMetres));
    cmd.addOption("val-fraction",
                  "share of rows without a split that go to val (default " +
                      QString::number(defaults.valFraction) + ")",
                  "F", QString::number(defaults.valFraction));
    cmd.addOption("test-fraction",
                  "share of rows without a split that go to test (default " +
                      QString::number(defaults.testFraction) + ")",
                  "F", QString::number(defaults.testFraction));
    cmd.addOption("seed", "seed of that split draw (default 1)", "S", "1");
    cmd.addOutputOptions();
    if (!cmd.parse(args))
        return 0;

    MakeDatasetOptions options;
    options.orthophoto = cmd.required("orthophoto").toStdString();
    options.positions = cmd.required("positions").toStdString();
    options.outDir = cmd.required("out").toStdString();
    options.layout = cmd.choiceValue("layout", {"centred", "vigor"}) == "vigor"
                         ? MakeDatasetOptions::Layout::VigorGrid
                         : MakeDatasetOptions::Layout::Centred;
    options.area = cmd.value("area").toStdString();
    options.tileSize = cmd.intValue("tile-size", 16, 4096);
    options.tileMetres = cmd.doubleValue("tile-metres", 1, 10000);
    options.valFraction = cmd.doubleValue("val-fraction", 0, 1);
    options.testFraction = cmd.doubleValue("test-fraction", 0, 1);
    bool seedOk = false;
    options.seed = cmd.value("seed").toULongLong(&seedOk);
    if (!seedOk)
        throw UsageError("--seed must be a non-negative integer, got '" +
                         cmd.value("seed").toStdString() + "'");
    if (options.valFraction + options.testFraction > 1)
        throw UsageError("--val-fraction and --test-fraction add up to more than 1");

    Feedback feedback;
    cmd.progress().attach(feedback);
    const MakeDatasetSummary s = DatasetMaker::make(options, feedback);
    if (options.layout == MakeDatasetOptions::Layout::VigorGrid)
        cmd.print("wrote %d panoramas (train %d, test %d) and a grid of %d tiles of area '%s' "
                  "to %s in %.1f s\n",
                  s.pairs, s.train, s.test, s.tiles, options.area.c_str(), s.root.c_str(),
                  s.seconds);
    else
        cmd.print("wrote %d pairs (train %d, val %d, test %d) to %s in %.1f s\n", s.pairs, s.train,
                  s.val, s.test, s.root.c_str(), s.seconds);
    if (s.rotated > 0)
        cmd.print("  %d panoramas turned to north at their centre column (heading given)\n",
                  s.rotated);
    if (s.fromExif > 0)
        cmd.print("  %d positions read from the images' EXIF GPS\n", s.fromExif);
    if (!s.skipped.empty()) {
        cmd.print("  %d panoramas skipped:\n", static_cast<int>(s.skipped.size()));
        for (const SkippedPanorama& k : s.skipped)
            cmd.print("    %s: %s\n", k.where.c_str(), k.reason.c_str());
    }
    if (!s.checkSummary.empty())
        cmd.print("  the dataset check found problems:\n%s\n", s.checkSummary.c_str());
    else
        cmd.print("  dataset check: no problems\n");

    QJsonObject& result = cmd.result();
    result["root"] = QString::fromStdString(s.root);
    result["layout"] =
        options.layout == MakeDatasetOptions::Layout::VigorGrid ? "vigor" : "pairs.csv";
    result["pairs"] = s.pairs;
    result["tiles"] = s.tiles;
    result["splits"] = QJsonObject{{"train", s.train}, {"val", s.val}, {"test", s.test}};
    result["rotated"] = s.rotated;
    result["positions_from_exif"] = s.fromExif;
    QJsonArray skipped;
    for (const SkippedPanorama& k : s.skipped)
        skipped.append(QJsonObject{{"where", QString::fromStdString(k.where)},
                                   {"reason", QString::fromStdString(k.reason)}});
    result["skipped"] = skipped;
    result["check"] = QString::fromStdString(s.checkSummary);
    result["seconds"] = s.seconds;
    return cmd.finish();
}

} // namespace orinet::cli
