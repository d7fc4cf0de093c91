#include "clicommand.h"
#include "commands.h"

#include "common/error.h"
#include "common/feedback.h"
#include "dataset/dataset.h"
#include "dataset/querygallery.h"
#include "dataset/vigorformat.h"
#include "dataset/vigorimagecheck.h"

#include <QJsonArray>

#include <chrono>
#include <map>

namespace orinet::cli {

namespace {

//! A VIGOR root (docs/vigor.md): both protocols' splits, with panorama counts per city.
//! Every listed image is stat()ed; a malformed or unreadable file is a problem of its split.
//! With `checkImages` every image's header is read instead (VigorImageCheck), and a missing
//! or damaged image is a problem of its own, named by path.
int reportVigor(CliCommand& cmd, const std::string& root, bool checkImages) {
    const auto start = std::chrono::steady_clock::now();
    cmd.print("dataset  %s\nlayout   vigor (query/gallery: docs/vigor.md)\n", root.c_str());
    QJsonObject protocols;
    QJsonArray issues;
    std::vector<QueryGallery> readable; // for the image check
    // A dataset of the user's own areas (make-dataset --layout vigor) has no cross-area split.
    const std::vector<std::string> areas = VigorFormat::areasIn(root);
    const bool ownAreas = areas != VigorFormat::cities();
    if (ownAreas) {
        std::string names;
        for (const std::string& area : areas)
            names += " " + area;
        cmd.print("areas   %s (not VIGOR's cities: the same-area protocol only)\n",
                  names.c_str() + 1);
    }
    for (VigorProtocol protocol : {VigorProtocol::SameArea, VigorProtocol::CrossArea}) {
        const char* name = protocol == VigorProtocol::SameArea ? "same-area" : "cross-area";
        if (ownAreas && protocol == VigorProtocol::CrossArea)
            continue;
        QJsonObject splits;
        for (const char* split : {"train", "test"}) {
            VigorOptions options;
            options.protocol = protocol;
            options.split = split;
            options.checkFilesExist = !checkImages; // the check names every missing file
            try {
                const QueryGallery truth = VigorFormat::read(root, options);
                std::map<std::string, int> perCity;
                for (int64_t q = 0; q < truth.queryCount(); ++q)
                    ++perCity[truth.query(q).group];
                std::string cities;
                QJsonObject cityCounts;
                for (const std::string& city : VigorFormat::citiesOf(root, protocol, split)) {
                    cities += " " + city + " " + std::to_string(perCity[city]);
                    cityCounts[QString::fromStdString(city)] = perCity[city];
                }
                cmd.print("%-10s %-5s %6lld panoramas, %6lld tiles;%s\n", name, split,
                          static_cast<long long>(truth.queryCount()),
                          static_cast<long long>(truth.galleryCount()), cities.c_str());
                splits[split] = QJsonObject{{"panoramas", qint64(truth.queryCount())},
                                            {"tiles", qint64(truth.galleryCount())},
                                            {"cities", cityCounts}};
                if (checkImages)
                    readable.push_back(truth);
            } catch (const Error& e) {
                cmd.print("%-10s %-5s unreadable: %s\n", name, split, e.what());
                issues.append(QJsonObject{
                    {"protocol", name}, {"split", split}, {"reason", QString::fromUtf8(e.what())}});
            }
        }
        protocols[name] = splits;
    }
    IntegrityReport images;
    double checkSeconds = 0;
    if (checkImages) {
        const auto checkStart = std::chrono::steady_clock::now();
        Feedback feedback;
        cmd.progress().attach(feedback);
        images = VigorImageCheck::check(readable, &feedback);
        checkSeconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - checkStart).count();
        for (const IntegrityIssue& issue : images.issues)
            issues.append(QJsonObject{{"file", QString::fromStdString(issue.file)},
                                      {"reason", QString::fromStdString(issue.reason)}});
    }
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (checkImages) {
        cmd.print("checked %zu images (headers read) in %.2f s\n", images.checkedImages,
                  checkSeconds);
        cmd.print("%s\n", images.summary(50).c_str());
    }
    cmd.print("read in %.2f s; %s\n", seconds,
              issues.isEmpty() ? "no problems found" : "problems above");
    QJsonObject& result = cmd.result();
    result["root"] = QString::fromStdString(root);
    result["layout"] = "vigor";
    result["protocols"] = protocols;
    result["seconds"] = seconds;
    result["images_checked"] = checkImages;
    if (checkImages)
        result["checked_images"] = qint64(images.checkedImages);
    result["issues"] = issues;
    result["ok"] = issues.isEmpty();
    return cmd.finish(issues.isEmpty() ? 0 : 1);
}

} // namespace

int runDataset(const QStringList& args) {
    CliCommand cmd(
        "dataset",
        "Opens a dataset folder and prints its layout, pair and split counts and every "
        "problem found (missing or unreadable images, duplicate ids, paths leaving the "
        "folder, bad split indices). Exits with 1 when there are problems, unless "
        "--skip-bad. Formats: docs/dataset-formats.md; a VIGOR folder (docs/vigor.md) is "
        "reported per protocol and split, with panoramas per city; --check reads every "
        "panorama's and tile's header and names missing or damaged files and files of "
        "another size than the rest of their kind and city.");
    cmd.addOption("dataset", "dataset folder", "dir");
    cmd.addOption("layout", alternatives(enumChoices<DatasetLayout>()), "layout", "auto");
    cmd.addFlag("check", "also read every image's header (size, truncation); slower");
    cmd.addFlag("skip-bad", "drop pairs with problems and report what is left");
    cmd.addOutputOptions();
    if (!cmd.parse(args))
        return 0;
    const std::string root = cmd.required("dataset").toStdString();
    const DatasetLayout layout = cmd.enumValue<DatasetLayout>("layout");

    // a VIGOR root has no pairs for Dataset::open; any pair layout beside it wins
    if (layout == DatasetLayout::Auto && VigorFormat::detect(root)) {
        bool pairLayout = true;
        try {
            Dataset::detectLayout(root);
        } catch (const Error&) {
            pairLayout = false;
        }
        if (!pairLayout)
            return reportVigor(cmd, root, cmd.isSet("check"));
    }

    OpenOptions options;
    options.skipBadPairs = cmd.isSet("skip-bad");
    options.keepBadPairs = !options.skipBadPairs; // print the summary ourselves
    options.checkImages = cmd.isSet("check");
    Feedback feedback;
    cmd.progress().attach(feedback);
    options.feedback = &feedback;

    const auto start = std::chrono::steady_clock::now();
    const Dataset dataset = Dataset::open(root, layout, options);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

    cmd.print("dataset  %s\nlayout   %s (index %s)\npairs    %zu%s\n", dataset.root().c_str(),
              toString(dataset.layout()).c_str(), dataset.indexPath().c_str(),
              dataset.pairs().size(), dataset.hasPositions() ? " (with UTM positions)" : "");
    QJsonObject splits;
    for (const std::string& name : dataset.splitNames()) {
        cmd.print("split    %-8s %zu pairs\n", name.c_str(), dataset.split(name).size());
        splits[QString::fromStdString(name)] = qint64(dataset.split(name).size());
    }
    const IntegrityReport& report = dataset.report();
    cmd.print("opened in %.2f s; checked %zu pairs%s\n", seconds, report.checkedPairs,
              options.checkImages ? " (image headers read)" : "");
    cmd.print("%s\n", report.summary(50).c_str());

    QJsonArray issues;
    for (const IntegrityIssue& issue : report.issues)
        issues.append(QJsonObject{{"file", QString::fromStdString(issue.file)},
                                  {"reason", QString::fromStdString(issue.reason)},
                                  {"pair", QString::fromStdString(issue.pairId)}});
    QJsonObject& result = cmd.result();
    result["root"] = QString::fromStdString(dataset.root());
    result["layout"] = QString::fromStdString(toString(dataset.layout()));
    result["index"] = QString::fromStdString(dataset.indexPath());
    result["pairs"] = qint64(dataset.pairs().size());
    result["positions"] = dataset.hasPositions();
    result["splits"] = splits;
    result["seconds"] = seconds;
    result["checked_pairs"] = qint64(report.checkedPairs);
    result["images_checked"] = options.checkImages;
    result["skipped_pairs"] = qint64(report.skippedPairs);
    result["issues"] = issues;
    result["ok"] = report.ok();
    return cmd.finish(report.ok() || options.skipBadPairs ? 0 : 1);
}

} // namespace orinet::cli
