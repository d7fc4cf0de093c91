// The dataset browser with a 100,000-pair index (issue: "opens in under a second and scrolls
// without stalls"). A pairs.csv of 100,000 pairs pointing at 16 realistic JPEGs (CVUSA sizes:
// 1232x224 panoramas, 750x750 tiles) is opened in the DatasetWorkspace, offscreen:
//   open   - openDataset() until the first screen of the list is painted (index parse and
//            stat() of every path in the background job, model, first paint); median of 5;
//   scroll - a page down every 16 ms through the list, then the grid, for 10 s each, with
//            thumbnails decoding behind; a 10 ms probe timer records the event loop's
//            lateness (median, 99th percentile, worst);
//   sort / search - sorting 100,000 rows by id, filtering them by an id substring.
// Run: bench_guibrowser [pairs]   (QT_QPA_PLATFORM=offscreen is set when no display is given)

#include "benchsupport.h"
#include "guiprobe.h"

#include "gui/dataset/datasetworkspace.h"
#include "gui/dataset/pairfiltermodel.h"
#include "gui/dataset/pairtablemodel.h"
#include "gui/dataset/thumbnailcache.h"

#include "dataset/dataset.h"

#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QListView>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>

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
    constexpr int kImages = 16;
    for (int i = 0; i < kImages; ++i) {
        cv::imwrite(QString("%1/pano/%2.jpg").arg(root).arg(i).toStdString(),
                    photoLike(224, 1232, i));
        cv::imwrite(QString("%1/sat/%2.jpg").arg(root).arg(i).toStdString(),
                    photoLike(750, 750, 100 + i));
    }
    std::ofstream csv((root + "/pairs.csv").toStdString());
    csv << "id,panorama,satellite,easting,northing,zone,lat,lon,split\n";
    for (int i = 0; i < pairs; ++i)
        csv << i << ",pano/" << i % kImages << ".jpg,sat/" << i % kImages << ".jpg,"
            << 690000 + (i % 300) * 7 << "," << 6090000 + (i / 300) * 7 << ",55S,,,"
            << (i % 5 ? "train" : "val") << "\n";
}

double openSeconds(const QString& root, int pairs) {
    DatasetWorkspace panel;
    panel.resize(1280, 760);
    panel.show();
    QApplication::processEvents();
    QSignalSpy opened(&panel, &DatasetWorkspace::datasetOpened);
    QElapsedTimer clock;
    clock.start();
    panel.openDataset(root);
    if (!opened.wait(60000))
        return -1;
    panel.repaint(); // the first screen of rows, painted synchronously
    const double seconds = clock.nsecsElapsed() / 1e9;
    if (panel.filterModel()->rowCount() != pairs)
        std::fprintf(stderr, "unexpected row count %d\n", panel.filterModel()->rowCount());
    return seconds;
}

//! Pages down through `view` every 16 ms for `seconds`; returns the pages turned.
int scroll(QAbstractItemView* view, double seconds) {
    QScrollBar* bar = view->verticalScrollBar();
    bar->setValue(0);
    int pages = 0;
    QElapsedTimer clock;
    clock.start();
    QTimer step;
    step.setInterval(16);
    QObject::connect(&step, &QTimer::timeout, [&] {
        bar->setValue(bar->value() + bar->pageStep());
        ++pages;
        if (bar->value() >= bar->maximum())
            bar->setValue(0);
    });
    step.start();
    while (clock.elapsed() < seconds * 1000)
        QApplication::processEvents(QEventLoop::WaitForMoreEvents, 50);
    step.stop();
    return pages;
}

} // namespace

int main(int argc, char** argv) {
    if (qEnvironmentVariableIsEmpty("DISPLAY") && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    const int pairs = argc > 1 ? std::atoi(argv[1]) : 100000;
    QTemporaryDir dir;
    const QString root = dir.filePath("browse");
    writeDataset(root, pairs);
    std::printf("bench_guibrowser: %d pairs, %u hardware threads, platform %s\n", pairs,
                std::thread::hardware_concurrency(), qPrintable(QApplication::platformName()));

    // The parts: the index alone (in the background job), then the models on the GUI thread.
    std::vector<double> indexes, models;
    for (int run = 0; run < 5; ++run) {
        QElapsedTimer clock;
        clock.start();
        OpenOptions options;
        options.keepBadPairs = true;
        auto dataset = std::make_shared<const Dataset>(
            Dataset::open(root.toStdString(), DatasetLayout::Auto, options));
        indexes.push_back(clock.nsecsElapsed() / 1e9);
        clock.restart();
        PairTableModel model;
        PairFilterModel filter;
        filter.setPairModel(&model);
        model.setDataset(dataset);
        filter.rowCount();
        models.push_back(clock.nsecsElapsed() / 1e9);
    }
    std::printf("of which: Dataset::open median %.3f s, table + filter models median %.3f s\n",
                median(indexes), median(models));

    std::vector<double> opens;
    for (int run = 0; run < 5; ++run)
        opens.push_back(openSeconds(root, pairs));
    std::printf("open (index + model + first paint): median %.3f s, runs", median(opens));
    for (double s : opens)
        std::printf(" %.3f", s);
    std::printf("\n");

    DatasetWorkspace panel;
    panel.resize(1280, 760);
    panel.show();
    QSignalSpy opened(&panel, &DatasetWorkspace::datasetOpened);
    panel.openDataset(root);
    opened.wait(60000);

    EventLoopProbe probe;
    for (auto mode : {DatasetWorkspace::ViewMode::List, DatasetWorkspace::ViewMode::Grid}) {
        panel.setViewMode(mode);
        QAbstractItemView* view = mode == DatasetWorkspace::ViewMode::List
                                      ? static_cast<QAbstractItemView*>(panel.table())
                                      : panel.grid();
        const int before = panel.thumbnails()->decoded();
        probe.start();
        const int pages = scroll(view, 10.0);
        probe.stop();
        std::printf("scroll %s: %d pages in 10 s, %d thumbnails decoded; event-loop lateness "
                    "median %.1f ms, p99 %.1f ms, worst %.1f ms (%zu ticks)\n",
                    mode == DatasetWorkspace::ViewMode::List ? "list" : "grid", pages,
                    panel.thumbnails()->decoded() - before, probe.medianMs(),
                    probe.percentileMs(0.99), probe.worstMs(), probe.lateness().size());
    }

    panel.setViewMode(DatasetWorkspace::ViewMode::List);
    std::vector<double> sorts, searches;
    for (int run = 0; run < 5; ++run) {
        QElapsedTimer clock;
        clock.start();
        panel.table()->sortByColumn(PairTableModel::IdColumn,
                                    run % 2 ? Qt::AscendingOrder : Qt::DescendingOrder);
        panel.repaint();
        sorts.push_back(clock.nsecsElapsed() / 1e6);
        clock.restart();
        panel.setSearch(QString::number(run + 1) + "23");
        panel.repaint();
        searches.push_back(clock.nsecsElapsed() / 1e6);
        panel.setSearch(QString());
    }
    std::printf("sort 100%% of rows by id: median %.0f ms; id search: median %.0f ms\n",
                median(sorts), median(searches));
    return 0;
}
