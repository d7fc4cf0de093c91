#pragma once

#include "common/enumnames.h"

#include <cstdint>
#include <string>
#include <vector>

namespace orinet {

//! Element types of tensors exchanged with other tools (safetensors names).
enum class TensorDType { Float32, Float64, Int64, Int32, UInt8 };

//! The safetensors spelling.
template <> struct EnumNames<TensorDType> {
    static constexpr const char* kind = "tensor dtype";
    static constexpr std::array<std::pair<TensorDType, const char*>, 5> names{
        {{TensorDType::Float32, "F32"},
         {TensorDType::Float64, "F64"},
         {TensorDType::Int64, "I64"},
         {TensorDType::Int32, "I32"},
         {TensorDType::UInt8, "U8"}}};
};
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
