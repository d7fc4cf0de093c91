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
//!
//! A TorchScript model of another method exposes no pooled cells: its explanation is gradient ×
//! input of the similarity per input pixel instead (fromGradientTimesInput(), Method::
//! GradientTimesInput), an approximation whose values do not add up to the similarity and
//! that has no cell-to-cell matrix.
class MatchExplanation {
public:
    enum class Method {
        CellShares,        //!< the exact split over pooled cells
        GradientTimesInput //!< per-pixel gradient × input: an approximation
    };

    MatchExplanation() = default;
    //! Throws orinet::Error when the two sets of cells have different channel counts.
    MatchExplanation(const CellFeatures& ground, const CellFeatures& satellite);

    //! A per-pixel explanation (Method::GradientTimesInput): `ground` and `satellite` are the
    //! signed gradient × input maps of the two inputs as the network takes them (any float
    //! type), `similarity` the cosine similarity they were taken of.
    static MatchExplanation fromGradientTimesInput(double similarity, const cv::Mat& ground,
                                                   const cv::Mat& satellite);

    Method method() const { return mMethod; }
    //! The shares add up to the similarity (CellShares); false for an approximation.
    bool isExact() const { return mMethod == Method::CellShares; }

    //! Cosine similarity of the two descriptors (what retrieval ranks by).
    double similarity() const { return mSimilarity; }
    //! What is drawn over the panorama. CellShares: the share of each ground cell, ground rows
    //! x cols, CV_64F, adding up to similarity(). GradientTimesInput: per input pixel, the
    //! positive part of gradient × input smoothed a little (kAttributionSmoothing), CV_64F;
    //! no shares of anything.
    const cv::Mat& groundShares() const { return mGroundShares; }
    //! The same for the tile.
    const cv::Mat& satelliteShares() const { return mSatelliteShares; }
    //! Share of each (ground cell, satellite cell) pair: ground cells x satellite cells in
    //! row-major cell order, CV_64F; adds up to similarity(). Empty for GradientTimesInput.
    const cv::Mat& cellPairs() const { return mCellPairs; }
    //! GradientTimesInput: the signed per-pixel maps as given (CV_64F); empty for CellShares.
    const cv::Mat& groundAttribution() const { return mGroundAttribution; }
    const cv::Mat& satelliteAttribution() const { return mSatelliteAttribution; }

    //! The Gaussian's sigma for the drawn gradient × input, as a fraction of the map's longer
    //! side: a pixel's gradient is noisy, the place it belongs to is what a reader looks for.
    static constexpr double kAttributionSmoothing = 0.01;

    //! The descriptor of a set of cells (GeM p = 3, then unit length): 1 x channels CV_32F,
    //! what OriNetModel::describe() returns for the same image.
    static cv::Mat pool(const CellFeatures& cells);
    //! A rows x cols share grid spread smoothly over an image of `size` (CV_32F): bilinear
    //! between cell centres, so it shows places, not blocks. A panorama's columns wrap around
    //! (`wrapColumns`), its first and last columns look the same way.
    static cv::Mat overlay(const cv::Mat& shares, cv::Size size, bool wrapColumns);

private:
    Method mMethod = Method::CellShares;
    double mSimilarity = 0;
    cv::Mat mGroundAttribution;
    cv::Mat mSatelliteAttribution;
    cv::Mat mGroundShares;
    cv::Mat mSatelliteShares;
    cv::Mat mCellPairs;
};

} // namespace orinet
