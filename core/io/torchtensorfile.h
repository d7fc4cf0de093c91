#pragma once

#include <opencv2/core/mat.hpp>

#include <string>
#include <vector>

namespace orinet {

//! Tensors that PyTorch code saved with `torch.save` (its zip format, PyTorch 1.6 and later),
//! read with LibTorch's own unpickler: how most methods' evaluation scripts keep their
//! descriptors (docs/evaluation.md, "Descriptors of other methods"). Tensors saved on a GPU are
//! read onto the CPU. LibTorch stays inside the .cpp file.
class TorchTensorFile {
public:
    //! The 2-D floating-point tensor (float16, bfloat16, float32 or float64) in `path`, as an
    //! N x D CV_32F matrix: the object saved itself, or in a saved dict, list or tuple the entry
    //! `key` (a dict key, or a list index), or when `key` is empty the only 2-D tensor there.
    //! `description` gets what was read, e.g. "float16 tensor" or "float32 tensor 'grd'".
    //! Throws orinet::Error naming the file: not a torch.save file, the legacy format, a file
    //! of a newer PyTorch, no or several 2-D tensors (listed), an integer tensor, ...
    static cv::Mat loadMatrix(const std::string& path, const std::string& key = {},
                              std::string* description = nullptr);
};

} // namespace orinet
