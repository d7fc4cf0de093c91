#pragma once

#include "dataset/datasetlayout.h"
#include "explain/matchexplanation.h"
#include "model/normalization.h"

#include <opencv2/core/mat.hpp>

#include <memory>
#include <string>

namespace orinet {

class OriNetModel;
class Preprocessor;
class TorchScriptModel;

//! Explains matches with a checkpoint's model: reads a panorama and a tile as the network sees
//! them, describes their cells and splits the similarity (MatchExplanation). Each image is
//! described alone, so BatchNorm uses stored statistics (as the heat map does): 'original'
//! (the statistics of a batch) is refused, and 'recalibrated' falls back to 'running' for a
//! checkpoint without recalibrated ones (note()).
//!
//! The model file of a run made from another method's TorchScript model (`orinet
//! import-model`, RunFolder::scriptedModelFile()) is run as its card says instead, and its
//! matches explained by gradient × input (MatchExplanation::Method::GradientTimesInput, an
//! approximation; docs/explain.md): it has no cells to split over.
//!
//! Threading: construct and use on one thread at a time (the model is LibTorch's).
class MatchExplainer {
public:
    struct Settings {
        std::string checkpoint; //!< checkpoint or weights file
        Normalization normalization = kDefaultPerImageNormalization;
        DatasetLayout layout = DatasetLayout::Csv; //!< how panoramas are preprocessed
        std::string fallbackPreset = "paper";      //!< for weights files that do not say
    };
    //! A panorama and a tile as the network sees them (Preprocessor: CV_32FC3 or CV_32FC5).
    struct Inputs {
        cv::Mat ground;
        cv::Mat satellite;
    };

    //! Loads the model. Throws orinet::Error for an unreadable checkpoint or 'original' (for
    //! an OriNet checkpoint; a TorchScript model ignores the normalisation).
    explicit MatchExplainer(const Settings& settings);
    ~MatchExplainer();

    //! Reads and preprocesses both images; throws orinet::Error naming an unreadable one.
    Inputs prepare(const std::string& panoramaPath, const std::string& tilePath) const;
    MatchExplanation explain(const Inputs& inputs);
    //! The cosine similarity alone (both descriptors pooled from their cells).
    double similarity(const Inputs& inputs);

    //! The input pixels of cell `cell` (row-major) of a branch's layer-7 grid: the grid
    //! divides the input evenly (each layer halves it, rounding up). Throws orinet::Error for
    //! a TorchScript model (no cells).
    cv::Rect cellRegion(bool ground, int cell) const;
    //! Whether explain() splits exactly (an OriNet checkpoint) or approximates (gradient ×
    //! input of a TorchScript model).
    bool isExact() const { return mScripted == nullptr; }
    //! The method a TorchScript model's card names; empty for an OriNet checkpoint.
    const std::string& method() const { return mMethod; }
    //! The card of `modelFile` when it is the model of a run made by `orinet import-model`
    //! (RUN/model/model.pt beside RUN/model/card.json), else empty. Touches the disk.
    static std::string cardOf(const std::string& modelFile);
    //! `inputs` with the colour of `region` of the ground (or satellite) input set to mid grey,
    //! the value 0 after scaling; the orientation channels are kept.
    static Inputs masked(const Inputs& inputs, bool ground, const cv::Rect& region);
    //! The colour of a preprocessed input as an 8-bit BGR image (what the network sees).
    static cv::Mat visible(const cv::Mat& input);

    const Preprocessor& preprocessor() const { return *mPreprocessor; }
    //! The BatchNorm statistics actually used (after a fallback).
    Normalization normalization() const noexcept { return mNormalization; }
    //! Why the settings were not followed to the letter (a fallback), else empty.
    const std::string& note() const noexcept { return mNote; }

private:
    std::unique_ptr<OriNetModel> mModel;
    std::unique_ptr<TorchScriptModel> mScripted; //!< instead of mModel
    std::string mMethod;
    std::unique_ptr<Preprocessor> mPreprocessor;
    Normalization mNormalization;
    std::string mNote;
};

} // namespace orinet
