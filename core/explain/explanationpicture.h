#pragma once

#include "explain/matchexplanation.h"

#include <opencv2/core/mat.hpp>

#include <string>
#include <vector>

namespace orinet {

//! A picture of explained matches for papers and reports (`orinet explain --png`): for each
//! tile, the panorama and the tile as the network sees them, each with its cells' shares of
//! the similarity drawn over it (inferno colours, strongest where the share is largest, the
//! same scale on both images of a match), and a caption. A gradient × input explanation
//! (MatchExplanation::isExact() false) is drawn the same way per pixel, its colour scale
//! saying it is an approximation.
class ExplanationPicture {
public:
    struct Match {
        MatchExplanation explanation;
        cv::Mat panorama; //!< 8-bit BGR, the network's view (MatchExplainer::visible())
        cv::Mat tile;     //!< 8-bit BGR
        std::string caption;
    };

    //! One column per match, side by side: panorama above, tile below, the colour scale of
    //! the shares under each. 8-bit BGR.
    static cv::Mat render(const std::vector<Match>& matches);
    //! The same figure as an SVG document for papers: captions, cell grid and colour scales
    //! are vector graphics (text stays text); the images with their shares are embedded PNGs.
    static std::string renderSvg(const std::vector<Match>& matches);
    //! `image` with a share grid drawn over it (MatchExplanation::overlay()); shares are
    //! scaled by `scale` (the largest share shown at full strength).
    static cv::Mat withShares(const cv::Mat& image, const cv::Mat& shares, double scale,
                              bool wrapColumns);
};

} // namespace orinet
