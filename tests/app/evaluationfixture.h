#pragma once

// Small generated worlds for the GUI tests: a pairs.csv dataset whose images have one flat
// colour per pair (so a test can tell from a pixel which pair a view shows), positions on a
// line 100 m apart, and run folders holding hand-made descriptors whose ranks are known.

#include "retrieval/descriptorset.h"

#include <QColor>
#include <QDir>
#include <QFile>
#include <QString>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include <fstream>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace orinet::testing {

//! Where tests write screenshots for people to look at (BUILD/test-output).
inline QString outputFolder() {
    const QString dir = QStringLiteral(ORINET_BINARY_DIR "/test-output");
    QDir().mkpath(dir);
    return dir;
}

constexpr int kEvalPairs = 12;   //!< pairs of the "val" split (the evaluated one)
constexpr int kTrainPairs = 4;   //!< pairs of the "train" split
constexpr double kSpacing = 100; //!< metres between neighbouring pairs (val pair i at i·100 m)

//! The flat colour of pair `i`'s panorama (tiles use the same hue, darker).
inline QColor pairColour(int i, bool panorama) {
    return QColor::fromHsv((i * 29) % 360, 200, panorama ? 230 : 150);
}

inline void writeFlatImage(const QString& path, int rows, int cols, const QColor& colour) {
    QDir().mkpath(QFileInfo(path).absolutePath());
    const cv::Mat image(rows, cols, CV_8UC3,
                        cv::Scalar(colour.blue(), colour.green(), colour.red()));
    if (!cv::imwrite(path.toStdString(), image))
        throw std::runtime_error("cannot write " + path.toStdString());
}

inline QString evalId(int i) {
    return QStringLiteral("v%1").arg(i, 3, 10, QLatin1Char('0'));
}

//! A pairs.csv dataset in `root`: kTrainPairs "train" pairs then kEvalPairs "val" pairs
//! (ids v000..v011, panoramas 32x128, tiles 48x48 PNG).
inline void writeEvalDataset(const QString& root) {
    QDir().mkpath(root);
    std::ofstream csv(QDir(root).filePath("pairs.csv").toStdString());
    csv << "id,panorama,satellite,easting,northing,zone,lat,lon,split\n";
    for (int i = 0; i < kTrainPairs; ++i) {
        const QString id = QStringLiteral("t%1").arg(i);
        writeFlatImage(QDir(root).filePath("pano/" + id + ".png"), 32, 128, QColor(90, 90, 90));
        writeFlatImage(QDir(root).filePath("sat/" + id + ".png"), 48, 48, QColor(60, 60, 60));
        csv << id.toStdString() << ",pano/" << id.toStdString() << ".png,sat/" << id.toStdString()
            << ".png," << 680000 + 50 * i << ",6090000,55S,,,train\n";
    }
    for (int i = 0; i < kEvalPairs; ++i) {
        const QString id = evalId(i);
        writeFlatImage(QDir(root).filePath("pano/" + id + ".png"), 32, 128, pairColour(i, true));
        writeFlatImage(QDir(root).filePath("sat/" + id + ".png"), 48, 48, pairColour(i, false));
        csv << id.toStdString() << ",pano/" << id.toStdString() << ".png,sat/" << id.toStdString()
            << ".png," << 690000 + kSpacing * i << ",6090000,55S,,,val\n";
    }
}

//! Descriptors of the val split: satellite row i is the unit vector e_i; ground row i is e_i
//! too (rank 1, score 1) except for the queries in `failures`, whose ground descriptor mixes
//! other tiles so that the true match lands at a chosen rank:
//! failures[q] = {a, b, ...} gives ground_q ∝ (n+1)·e_a + n·e_b + ... + 0.5·e_q, i.e. rank
//! n + 1 with `a` retrieved first.
inline DescriptorSet evalDescriptors(const std::map<int, std::vector<int>>& failures) {
    DescriptorSet set;
    set.satellite = cv::Mat::eye(kEvalPairs, kEvalPairs, CV_32F);
    set.ground = cv::Mat::eye(kEvalPairs, kEvalPairs, CV_32F);
    for (const auto& [query, others] : failures) {
        cv::Mat row = cv::Mat::zeros(1, kEvalPairs, CV_32F);
        float weight = static_cast<float>(others.size()) + 1;
        for (int other : others)
            row.at<float>(0, other) = weight--;
        row.at<float>(0, query) = 0.5f;
        cv::normalize(row, row);
        row.copyTo(set.ground.row(query));
    }
    for (int i = 0; i < kEvalPairs; ++i)
        set.ids.push_back(evalId(i).toStdString());
    set.provenance.split = "val";
    set.provenance.preset = "test";
    return set;
}

//! A run folder holding only descriptors (evaluation uses them as they are: no checkpoint).
inline void writeDescriptorRun(const QString& run,
                               const std::map<int, std::vector<int>>& failures) {
    evalDescriptors(failures).save(QDir(run).filePath("descriptors").toStdString());
}

} // namespace orinet::testing

namespace orinet::testing {

//! A pairs.csv dataset of `pairs` pairs in `root` that share four image files (ids p000000...,
//! split "train" for even pairs and "val" for odd ones, positions on a 1 km wide grid): for
//! tests of browsing many rows, where only the index size matters.
inline void writeManyPairs(const QString& root, int pairs) {
    QDir().mkpath(root);
    writeFlatImage(QDir(root).filePath("pano/a.png"), 32, 128, pairColour(0, true));
    writeFlatImage(QDir(root).filePath("sat/a.png"), 48, 48, pairColour(0, false));
    writeFlatImage(QDir(root).filePath("pano/b.png"), 32, 128, pairColour(1, true));
    writeFlatImage(QDir(root).filePath("sat/b.png"), 48, 48, pairColour(1, false));
    std::ofstream csv(QDir(root).filePath("pairs.csv").toStdString());
    csv << "id,panorama,satellite,easting,northing,zone,lat,lon,split\n";
    for (int i = 0; i < pairs; ++i) {
        const char* file = i % 2 ? "b" : "a";
        csv << QStringLiteral("p%1").arg(i, 6, 10, QLatin1Char('0')).toStdString() << ",pano/"
            << file << ".png,sat/" << file << ".png," << 690000 + (i % 100) * 10 << ","
            << 6090000 + (i / 100) * 10 << ",55S,,," << (i % 2 ? "val" : "train") << "\n";
    }
}

} // namespace orinet::testing
