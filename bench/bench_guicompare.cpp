// Compare Runs at the scale of a real test set (issue 24: "Compare Runs across methods on 8,884
// queries stays interactive"). A synthetic dataset of 8,884 test pairs (positions on a 10 m
// grid; the images are shared, only the index size matters) and two imported runs made as
// `orinet import-descriptors` makes them (DescriptorImport::read + save) from descriptors of
// known structure: a satellite descriptor per pair, its ground descriptor the same plus noise,
// more for run B than for run A. The main window evaluates both, then, with Compare Runs and
// the map beside it on screen (offscreen platform), times on the GUI thread:
//   build   - choosing A and B: the comparison of every query, the table, the first selection;
//   sort    - sorting all 8,884 rows by rank change (then by rank B);
//   filter  - "A's top-1 within 25 m, B's beyond" on and off;
//   select  - a row selected until the map's layers hold both top-1s, then until painted;
//   images  - a row selected until both runs' top-5 images are shown (background retrieval).
// Each a median of 9 (5 for build). Run: bench_guicompare [queries] [dimension]

#include "benchsupport.h"

#include "annotationlayer.h"
#include "evaluation/descriptorimport.h"
#include "gui/dataset/datasetworkspace.h"
#include "gui/evaluation/comparisonfiltermodel.h"
#include "gui/evaluation/comparisonview.h"
#include "gui/evaluation/evaluationdocument.h"
#include "gui/evaluation/evaluationworkspace.h"
#include "gui/map/mapworkspace.h"
#include "gui/shell/mainwindow.h"

#include "common/feedback.h"
#include "dataset/dataset.h"
#include "retrieval/descriptorset.h"
#include "run/runfolder.h"

#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QLabel>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QThreadPool>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include <cstdio>
#include <fstream>
#include <thread>

using namespace orinet;
using namespace orinet::bench;

namespace {

void writeDataset(const QString& root, int pairs) {
    QDir().mkpath(root + "/pano");
    QDir().mkpath(root + "/sat");
    constexpr int kImages = 8;
    for (int i = 0; i < kImages; ++i) {
        cv::imwrite(QString("%1/pano/%2.jpg").arg(root).arg(i).toStdString(),
                    photoLike(128, 512, i));
        cv::imwrite(QString("%1/sat/%2.jpg").arg(root).arg(i).toStdString(),
                    photoLike(256, 256, 100 + i));
    }
    std::ofstream csv((root + "/pairs.csv").toStdString());
    csv << "id,panorama,satellite,easting,northing,zone,lat,lon,split\n";
    for (int i = 0; i < pairs; ++i)
        csv << "q" << i << ",pano/" << i % kImages << ".jpg,sat/" << i % kImages << ".jpg,"
            << 690000 + (i % 100) * 10 << "," << 6090000 + (i / 100) * 10 << ",55S,,,test\n";
}

//! An imported run of `pairs` x `dimension` descriptors: ground = satellite + noise.
void writeImportedRun(const QString& run, const QString& root, const std::string& method, int pairs,
                      int dimension, float noise, int seed) {
    cv::RNG rng(seed);
    DescriptorSet set;
    set.satellite.create(pairs, dimension, CV_32F);
    rng.fill(set.satellite, cv::RNG::NORMAL, 0, 1);
    cv::Mat jitter(pairs, dimension, CV_32F);
    rng.fill(jitter, cv::RNG::NORMAL, 0, noise);
    set.ground = set.satellite + jitter;
    for (int i = 0; i < pairs; ++i)
        set.ids.push_back("q" + std::to_string(i));
    set.provenance.split = "test";
    const QString raw = run + "-raw";
    set.save(raw.toStdString());
    const Dataset dataset = Dataset::open(root.toStdString());
    std::vector<std::string> ids;
    for (size_t row : dataset.split("test"))
        ids.push_back(dataset.pairs()[row].id);
    DescriptorImport::Options options;
    options.method = method;
    options.groundFile = (raw + "/ground.npy").toStdString();
    options.satelliteFile = (raw + "/satellite.npy").toStdString();
    Feedback feedback;
    const DescriptorImport::Result imported =
        DescriptorImport::read(options, "test", ids, feedback);
    DescriptorImport::save(imported, RunFolder(run.toStdString()), root.toStdString(), {"g2s"});
}

double msSince(const QElapsedTimer& clock) {
    return clock.nsecsElapsed() / 1e6;
}

} // namespace

int main(int argc, char** argv) {
    if (qEnvironmentVariableIsEmpty("DISPLAY") && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    const int queries = argc > 1 ? std::atoi(argv[1]) : 8884;
    const int dimension = argc > 2 ? std::atoi(argv[2]) : 64;
    QTemporaryDir dir;
    const QString root = dir.filePath("world"), runA = dir.filePath("methodA"),
                  runB = dir.filePath("methodB");
    writeDataset(root, queries);
    writeImportedRun(runA, root, "Method A", queries, dimension, 1.6f, 1);
    writeImportedRun(runB, root, "Method B", queries, dimension, 2.0f, 2);
    std::printf("bench_guicompare: %d queries x %d dimensions, %u hardware threads, platform %s\n",
                queries, dimension, std::thread::hardware_concurrency(),
                qPrintable(QApplication::platformName()));

    MainWindow::Options options;
    options.demo = false;
    options.session = false;
    options.dataDirectory = dir.filePath("studio");
    MainWindow window(options);
    window.resize(1600, 900);
    window.setMapBeside(true);
    window.show();
    QSignalSpy opened(window.datasetWorkspace(), &DatasetWorkspace::datasetOpened);
    window.openDataset(root);
    if (!opened.wait(120000))
        return 1;
    EvaluationWorkspace* evaluation = window.evaluationWorkspace();
    QSignalSpy evaluated(evaluation, &EvaluationWorkspace::evaluated);
    for (const QString& run : {runB, runA}) {
        evaluation->setRunDirectory(run);
        QElapsedTimer clock;
        clock.start();
        evaluation->evaluate();
        if (!evaluated.wait(600000))
            return 1;
        std::printf("evaluated %s (background job): %.0f ms\n", qPrintable(QDir(run).dirName()),
                    msSince(clock));
    }
    window.showView("compare");
    ComparisonView* view = evaluation->comparison();
    MapWorkspace* map = window.mapWorkspace();
    QApplication::processEvents();
    if (view->candidates().size() < 2) {
        std::fprintf(stderr, "expected two runs to compare\n");
        return 1;
    }
    view->setK(1);
    view->setSet(RunComparison::Set::All);

    std::vector<double> builds, sorts, filters, selects, paints, images;
    for (int i = 0; i < 5; ++i) {
        QElapsedTimer clock;
        clock.start();
        view->choose(i % 2, 1 - i % 2);
        view->repaint();
        builds.push_back(msSince(clock));
    }
    view->choose(0, 1);
    const int rows = view->filterModel()->rowCount();
    for (int i = 0; i < 9; ++i) {
        QElapsedTimer clock;
        clock.start();
        view->table()->sortByColumn(i % 3 == 2 ? RunComparison::RankBColumn
                                               : RunComparison::ChangeColumn,
                                    i % 2 ? Qt::AscendingOrder : Qt::DescendingOrder);
        view->repaint();
        sorts.push_back(msSince(clock));
    }
    view->table()->sortByColumn(RunComparison::ChangeColumn, Qt::DescendingOrder);
    int filtered = 0;
    for (int i = 0; i < 9; ++i) {
        using Geo = ComparisonFilterModel::Geo;
        QElapsedTimer clock;
        clock.start();
        if (i % 2 == 0)
            view->setGeoFilter(int(Geo::Within), int(Geo::Beyond), 25);
        else
            view->setGeoFilter(int(Geo::Any), int(Geo::Any), 25);
        view->repaint();
        filters.push_back(msSince(clock));
        if (i == 0)
            filtered = view->filterModel()->rowCount();
    }
    QSignalSpy shown(view, &ComparisonView::queryShown);
    for (int i = 0; i < 9; ++i) {
        const int row = (i * 977) % view->filterModel()->rowCount();
        const qint64 before =
            map->resultsLayer()->symbols().empty() ? -1 : map->resultsLayer()->symbols().back().id;
        shown.clear();
        QElapsedTimer clock;
        clock.start();
        view->table()->selectRow(row); // the map's layers follow synchronously
        selects.push_back(msSince(clock));
        map->repaint(); // the map beside the table, painted with both top-1s
        paints.push_back(msSince(clock));
        if (map->resultsLayer()->symbols().empty() ||
            (i > 0 && map->resultsLayer()->symbols().back().id == before && row != 0))
            std::fprintf(stderr, "the map did not follow row %d\n", row);
        if (!shown.wait(60000))
            return 1;
        images.push_back(msSince(clock));
    }
    std::printf("%d queries compared (A within 25 m, B beyond: %d). %s\n", rows, filtered,
                qPrintable(view->status()->text()));
    std::printf("build comparison (choose A and B, table, first selection): median %.1f ms\n",
                median(builds));
    std::printf("sort %d rows by change / rank: median %.1f ms\n", rows, median(sorts));
    std::printf("geo filter on/off: median %.1f ms\n", median(filters));
    std::printf("selection -> map layers with both top-1s: median %.1f ms; and painted: median "
                "%.1f ms\n",
                median(selects), median(paints));
    std::printf("selection -> both top-5 images shown: median %.1f ms\n", median(images));
    // The temporary world goes with `dir`: let the last decoding finish first.
    QThreadPool::globalInstance()->waitForDone();
    return 0;
}
