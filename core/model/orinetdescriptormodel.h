#pragma once

#include "model/descriptormodel.h"
#include "model/orinetmodel.h"

namespace orinet {

//! A native OriNetModel seen through the DescriptorModel seam, so code that describes images
//! (the heat map, docs/heatmap.md) takes a checkpoint of this tool and a TorchScript model of
//! another method alike. Refers to the model, owns nothing.
//!
//! Threading: that of the model (one thread at a time).
class OriNetDescriptorModel : public DescriptorModel {
public:
    explicit OriNetDescriptorModel(OriNetModel& model)
        : mModel(model) {}
    cv::Mat describe(Branch branch, const TensorBuffer& input) override {
        return mModel.describe(branch, input);
    }

private:
    OriNetModel& mModel;
};

} // namespace orinet
