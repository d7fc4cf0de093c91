#include "model/namedtensor.h"

#include "common/error.h"

namespace orinet {

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
