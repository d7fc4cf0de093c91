#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace orinet {

//! Element types of tensors exchanged with other tools (safetensors names).
enum class TensorDType { Float32, Float64, Int64, Int32, UInt8 };

//! "F32", "F64", "I64", "I32", "U8" (the safetensors spelling).
std::string toString(TensorDType dtype);
//! Throws orinet::Error for names it does not know.
TensorDType tensorDTypeFromString(const std::string& text);
size_t elementSize(TensorDType dtype);

//! One tensor as plain bytes (little-endian, C order): the LibTorch-free form in which model
//! weights, optimizer state and checkpoints cross module boundaries and files.
struct NamedTensor {
    std::string name;
    TensorDType dtype = TensorDType::Float32;
    std::vector<int64_t> shape;
    std::vector<uint8_t> bytes;

    //! Product of the shape (1 for a scalar with an empty shape).
    int64_t elementCount() const;
};

} // namespace orinet
