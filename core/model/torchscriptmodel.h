#pragma once

#include "model/descriptormodel.h"
#include "model/modelcard.h"

#include <memory>
#include <string>
#include <vector>

namespace orinet {

//! A TorchScript model of another method (torch.jit.save), run as its ModelCard says
//! (docs/torchscript.md): the pipeline's batch (dataset/batch.h) is converted to the card's
//! colour order and scaling, the orientation channels kept or dropped, the card's call made,
//! and the output rows L2-normalised. LibTorch stays inside the .cpp.
//!
//! Threading: one thread at a time; create and use it on the thread that runs the job
//! (LibTorch's grad mode is per thread).
class TorchScriptModel : public DescriptorModel {
public:
    //! Loads `path` on `device` ("cpu", "cuda[:N]") in eval mode. Throws orinet::Error naming
    //! the file when it is no TorchScript archive, when it was written by a newer PyTorch than
    //! this LibTorch reads (saying the archive's file-format version and what to do), or when
    //! it lacks the card's methods.
    TorchScriptModel(const std::string& path, ModelCard card, const std::string& device = "cpu");
    ~TorchScriptModel() override;
    TorchScriptModel(TorchScriptModel&&) noexcept;
    TorchScriptModel& operator=(TorchScriptModel&&) noexcept;

    const ModelCard& card() const;
    const std::string& path() const;
    //! The module's methods (forward and those exported), for people checking a card.
    std::vector<std::string> methodNames() const;

    //! One small batch of two pairs at the card's input size, before any long work: throws
    //! orinet::Error naming the model file and the card when the model refuses that input, or
    //! returns anything but two N x descriptor_dimension float tensors of finite values.
    void probe();

    cv::Mat describe(Branch branch, const TensorBuffer& input) override;
    void describePairs(const TensorBuffer& ground, const TensorBuffer& satellite,
                       cv::Mat& groundOut, cv::Mat& satelliteOut) override;

    //! Gradient × input of one pair's cosine similarity (docs/explain.md, "TorchScript
    //! runs"): per pixel of each input as the model takes it (after the card's colour order
    //! and scaling), the similarity's gradient times the input, summed over the colour
    //! channels (the orientation channels, the same for every image, are left out). A
    //! first-order approximation against an input of 0 (the card's mean colour): its sum is
    //! not the similarity.
    struct Attribution {
        double similarity = 0; //!< of the L2-normalised descriptors, as retrieval ranks
        cv::Mat ground;        //!< card's ground height x width, CV_32F, signed
        cv::Mat satellite;     //!< card's satellite height x width, CV_32F, signed
    };
    //! Batches of one image each. Throws orinet::Error naming the model file when a call fails
    //! or the descriptors cannot be differentiated with respect to the input.
    Attribution attribute(const TensorBuffer& ground, const TensorBuffer& satellite);

    //! The file-format version a TorchScript or torch.save archive records (its "version"
    //! record), or -1 when it has none or is no zip archive. Reads the zip directory itself,
    //! so it works on archives newer than LibTorch can open.
    static int64_t archiveVersion(const std::string& path);
    //! The highest file-format version this LibTorch reads.
    static int64_t supportedArchiveVersion();
    //! This LibTorch's version ("1.13.1").
    static std::string libtorchVersion();

private:
    struct Impl;
    std::unique_ptr<Impl> mImpl;
};

} // namespace orinet
