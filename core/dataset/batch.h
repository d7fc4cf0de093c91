#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace orinet {

//! A dense float32 N x C x H x W block in C order: the hand-over format from the input
//! pipeline to the model. Plain memory, so headers stay free of LibTorch; the model wraps
//! `data` without copying (torch::from_blob).
struct TensorBuffer {
    std::vector<float> data;
    std::array<int64_t, 4> shape{0, 0, 0, 0}; //!< N, C, H, W

    size_t count() const noexcept {
        return static_cast<size_t>(shape[0] * shape[1] * shape[2] * shape[3]);
    }
};

//! One batch of pairs as the network consumes it (docs/model.md, "Network"): channels are B, G, R
//! scaled to
//! [-1, 1] (v/255·2-1), followed by the two orientation channels when OrientationMode::Input.
//! Row i of `ground` and of `satellite` belong to pair `indices[i]` of the split.
struct Batch {
    TensorBuffer ground;
    TensorBuffer satellite;
    std::vector<size_t> indices;  //!< positions in the split the batch was drawn from
    std::vector<std::string> ids; //!< pair ids, for logs and error messages
    std::vector<double> easting;  //!< UTM metres; empty when the dataset has no positions
    std::vector<double> northing;
    //! Query/gallery datasets (VIGOR): B x B row-major, entry [i·B + j] = 1 when the tile of
    //! row j covers the panorama of row i (its positive or a semi-positive), so it must not be
    //! a negative for that pair; the diagonal is 1. Empty for one-to-one datasets.
    std::vector<uint8_t> notNegative;

    size_t size() const noexcept { return indices.size(); }
    bool hasPositions() const noexcept { return !easting.empty(); }
};

} // namespace orinet
