#include "synth/histogrambaseline.h"

#include "common/error.h"
#include "dataset/cvactformat.h"
#include "dataset/cvusaformat.h"
#include "synth/syntheticworld.h"

#include <opencv2/imgcodecs.hpp>

#include <filesystem>

#include <opencv2/imgproc.hpp>

namespace orinet {

cv::Mat HistogramBaseline::histogram(const cv::Mat& bgr, const cv::Mat& mask) {
    if (bgr.empty() || bgr.type() != CV_8UC3)
        throw Error("colour histogram needs a non-empty 8-bit BGR image");
    cv::Mat hsv;
    cv::cvtColor(bgr, hsv, cv::COLOR_BGR2HSV);
    const int channels[] = {0, 1, 2};
    const int bins[] = {16, 4, 4};
    const float hue[] = {0, 180};
    const float other[] = {0, 256};
    const float* ranges[] = {hue, other, other};
    cv::Mat hist;
    cv::calcHist(&hsv, 1, channels, mask, hist, 3, bins, ranges);
    hist = hist.reshape(1, 1);
    cv::normalize(hist, hist, 1.0, 0.0, cv::NORM_L1);
    return hist;
}

cv::Mat HistogramBaseline::panoramaHistogram(const cv::Mat& panorama) {
    // the horizon is the middle row of a north-aligned panorama (pitch 0)
    return histogram(panorama.rowRange(panorama.rows / 2, panorama.rows));
}

cv::Mat HistogramBaseline::tileHistogram(const cv::Mat& tile) {
    return histogram(tile);
}

metrics::TrueMatchRanks HistogramBaseline::ranks(const std::vector<cv::Mat>& panoramas,
                                                 const std::vector<cv::Mat>& tiles) {
    if (panoramas.size() != tiles.size() || panoramas.empty())
        throw Error("histogram baseline needs as many tiles as panoramas (and at least one)");
    std::vector<cv::Mat> query;
    std::vector<cv::Mat> gallery;
    for (const cv::Mat& p : panoramas)
        query.push_back(panoramaHistogram(p));
    for (const cv::Mat& t : tiles)
        gallery.push_back(tileHistogram(t));
    metrics::TrueMatchRanks out(query.size(), 0);
    for (size_t i = 0; i < query.size(); ++i) {
        std::vector<double> score(gallery.size());
        for (size_t j = 0; j < gallery.size(); ++j)
            score[j] = cv::compareHist(query[i], gallery[j], cv::HISTCMP_INTERSECT);
        for (size_t j = 0; j < gallery.size(); ++j)
            if (score[j] > score[i])
                ++out[i];
    }
    return out;
}

BaselineResult HistogramBaseline::evaluate(const SynthSummary& summary, int maxPairs) {
    std::vector<const SynthPair*> chosen;
    for (SynthSplit split : {SynthSplit::Test, SynthSplit::Val})
        for (const SynthPair& p : summary.pairs)
            if (p.split == split && static_cast<int>(chosen.size()) < maxPairs)
                chosen.push_back(&p);
    if (chosen.empty())
        throw Error(summary.root, "the synthetic world has no val or test pairs to score");
    auto load = [&](const std::string& relative) {
        const std::string path = (std::filesystem::path(summary.cvusaRoot) / relative).string();
        cv::Mat image = cv::imread(path, cv::IMREAD_COLOR);
        if (image.empty())
            throw Error(path, "cannot read image");
        return image;
    };
    std::vector<cv::Mat> panoramas;
    std::vector<cv::Mat> tiles;
    for (const SynthPair* p : chosen) {
        panoramas.push_back(load(CvusaFormat::panoramaPath(p->id)));
        tiles.push_back(load(CvusaFormat::satellitePath(p->id)));
    }
    const metrics::TrueMatchRanks r = ranks(panoramas, tiles);
    BaselineResult out;
    out.pairs = static_cast<int>(chosen.size());
    out.recallAt1 = metrics::recallAtK(r, 1);
    out.recallAt5 = metrics::recallAtK(r, 5);
    out.chanceAt1 = 1.0 / out.pairs;
    return out;
}

} // namespace orinet
