#pragma once

#include "model/namedtensor.h"

#include <map>
#include <string>
#include <vector>

namespace orinet {

//! Reads and writes the safetensors format (https://github.com/huggingface/safetensors):
//! an 8-byte little-endian header length N, N bytes of JSON
//! {"<name>": {"dtype": "F32", "shape": [..], "data_offsets": [begin, end]}, ...,
//!  "__metadata__": {"key": "value"}}, then the tensor bytes (offsets relative to their start).
//! It is the weight interchange format with PyTorch (`safetensors.torch.load_file`) and the
//! container of OriNet Studio's checkpoints. No LibTorch: tensors are plain NamedTensors.
//!
//! The parser trusts nothing: every length, offset, dtype and shape is checked, and any
//! defect throws orinet::Error naming the source and the problem. Stateless; thread-safe.
class SafeTensors {
public:
    std::vector<NamedTensor> tensors; //!< in file order of their data offsets
    std::map<std::string, std::string> metadata;

    //! Throws orinet::Error for duplicate names or a byte count that does not match the shape.
    std::string serialize() const;
    //! Writes atomically (temporary file + rename): a crash leaves the previous file.
    void save(const std::string& path) const;

    //! `source` names the data in error messages (usually the file path).
    static SafeTensors parse(const std::string& bytes, const std::string& source);
    static SafeTensors load(const std::string& path);
    //! Only the "__metadata__" of a file, read from its header without the tensor data (a
    //! checkpoint's configuration and step without reading hundreds of megabytes).
    static std::map<std::string, std::string> loadMetadata(const std::string& path);

    //! The tensor with that name, or nullptr.
    const NamedTensor* find(const std::string& name) const;
};

} // namespace orinet
