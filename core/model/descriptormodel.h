#pragma once

#include "dataset/batch.h"
#include "model/branch.h"

#include <opencv2/core/mat.hpp>

namespace orinet {

//! What the descriptor extractor and the heat map need of a model that is not a checkpoint of
//! this tool (a TorchScript model of another method, TorchScriptModel): descriptors of a batch
//! as the input pipeline makes it (dataset/batch.h: B, G, R in [-1, 1], then the orientation
//! channels when the model takes them). The model converts the batch to its own input itself.
//! Threading: one thread at a time.
class DescriptorModel {
public:
    virtual ~DescriptorModel() = default;
    //! N x D CV_32F descriptors of one branch, rows L2-normalised.
    virtual cv::Mat describe(Branch branch, const TensorBuffer& input) = 0;
    //! Both branches of a batch of pairs; a model whose one call describes both overrides it.
    virtual void describePairs(const TensorBuffer& ground, const TensorBuffer& satellite,
                               cv::Mat& groundOut, cv::Mat& satelliteOut) {
        groundOut = describe(Branch::Ground, ground);
        satelliteOut = describe(Branch::Satellite, satellite);
    }
};

} // namespace orinet
