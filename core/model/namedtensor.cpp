#include "model/namedtensor.h"

#include "common/error.h"

namespace orinet {

std::string toString(TensorDType dtype) {
    switch (dtype) {
    case TensorDType::Float32:
        return "F32";
    case TensorDType::Float64:
        return "F64";
    case TensorDType::Int64:
        return "I64";
    case TensorDType::Int32:
        return "I32";
    case TensorDType::UInt8:
        return "U8";
    }
    return "?";
}

TensorDType tensorDTypeFromString(const std::string& text) {
    for (TensorDType t : {TensorDType::Float32, TensorDType::Float64, TensorDType::Int64,
                          TensorDType::Int32, TensorDType::UInt8})
        if (toString(t) == text)
            return t;
    throw Error("unsupported tensor dtype '" + text + "' (supported: F32, F64, I64, I32, U8)");
}

size_t elementSize(TensorDType dtype) {
    switch (dtype) {
    case TensorDType::Float64:
    case TensorDType::Int64:
        return 8;
    case TensorDType::Float32:
    case TensorDType::Int32:
        return 4;
    case TensorDType::UInt8:
        return 1;
    }
    return 1;
}

int64_t NamedTensor::elementCount() const {
    int64_t n = 1;
    for (int64_t d : shape)
        n *= d;
    return n;
}

} // namespace orinet
