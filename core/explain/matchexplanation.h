#pragma once

#include "model/cellfeatures.h"

#include <opencv2/core/mat.hpp>

namespace orinet {

//! Why a panorama and a tile are similar, split exactly over the cells both descriptors are
//! pooled from (docs/explain.md). A descriptor is GeM (p = 3) over the cells, then unit length,
//! so each of its channels is a sum of per-cell terms, x_ic³ / (n · f_c²) over the cells i
//! summing to f_c; the cosine similarity, a dot product of the unit descriptors, therefore
//! splits into a share per (ground cell, satellite cell) pair, and by summing one side away
//! into a share per ground cell and per satellite cell. Every share is ≥ 0 and each set adds
//! up to the similarity: no gradients, no approximation.
class MatchExplanation {
public:
    MatchExplanation() = default;
    //! Throws orinet::Error when the two sets of cells have different channel counts.
    MatchExplanation(const CellFeatures& ground, const CellFeatures& satellite);

    //! Cosine similarity of the two descriptors (what retrieval ranks by).
    double similarity() const { return mSimilarity; }
    //! Share of each ground cell, ground rows x cols, CV_64F; adds up to similarity().
    const cv::Mat& groundShares() const { return mGroundShares; }
    //! Share of each satellite cell, satellite rows x cols, CV_64F; adds up to similarity().
    const cv::Mat& satelliteShares() const { return mSatelliteShares; }
    //! Share of each (ground cell, satellite cell) pair: ground cells x satellite cells in
    //! row-major cell order, CV_64F; adds up to similarity().
    const cv::Mat& cellPairs() const { return mCellPairs; }

    //! The descriptor of a set of cells (GeM p = 3, then unit length): 1 x channels CV_32F,
    //! what OriNetModel::describe() returns for the same image.
    static cv::Mat pool(const CellFeatures& cells);
    //! A rows x cols share grid spread smoothly over an image of `size` (CV_32F): bilinear
    //! between cell centres, so it shows places, not blocks. A panorama's columns wrap around
    //! (`wrapColumns`), its first and last columns look the same way.
    static cv::Mat overlay(const cv::Mat& shares, cv::Size size, bool wrapColumns);

private:
    double mSimilarity = 0;
    cv::Mat mGroundShares;
    cv::Mat mSatelliteShares;
    cv::Mat mCellPairs;
};

} // namespace orinet
