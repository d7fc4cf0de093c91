#pragma once

#include "metrics/recall.h"

#include <opencv2/core/mat.hpp>

#include <vector>

namespace orinet {

struct SynthSummary;

//! The baseline's numbers on one set of pairs.
struct BaselineResult {
    int pairs = 0;
    double recallAt1 = 0.0;
    double recallAt5 = 0.0;
    double chanceAt1 = 0.0; //!< 1 / pairs
};

//! A deliberately trivial cross-view matcher: HSV colour histograms of the panorama's ground
//! half and of the tile, compared by histogram intersection. It knows nothing of geometry, so
//! its recall shows how much colour alone gives away; on the synthetic worlds (few palettes,
//! repeated blocks) it should stay low.
//! Thread-safe: pure functions.
class HistogramBaseline {
public:
    //! 16 hue x 4 saturation x 4 value bins, L1-normalised (CV_32F), of the pixels where mask
    //! (optional, CV_8U) is non-zero.
    static cv::Mat histogram(const cv::Mat& bgr, const cv::Mat& mask = cv::Mat());
    //! The rows below the horizon, the part of a panorama a satellite also sees.
    static cv::Mat panoramaHistogram(const cv::Mat& panorama);
    static cv::Mat tileHistogram(const cv::Mat& tile);

    //! For each panorama i, the number of tiles more similar to it than tile i.
    //! Throws orinet::Error when the lists differ in length or are empty.
    static metrics::TrueMatchRanks ranks(const std::vector<cv::Mat>& panoramas,
                                         const std::vector<cv::Mat>& tiles);

    //! Reads up to maxPairs held-out pairs of a generated world (test split first, then val)
    //! from its CVUSA layout and scores them. Throws orinet::Error naming an unreadable image.
    static BaselineResult evaluate(const SynthSummary& summary, int maxPairs = 200);
};

} // namespace orinet
