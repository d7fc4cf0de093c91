// .npy headers and data (descriptor sets, positions).
#include "common/error.h"
#include "fuzzinput.h"
#include "io/npyarray.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string path = orinet::fuzz::writeInput("a.npy", data, size);
    try {
        const orinet::NpyArray array = orinet::NpyArray::load(path);
        if (array.shape().size() <= 3 && array.dtype() != orinet::NpyArray::DType::Int64)
            (void)array.toMat();
    } catch (const orinet::Error&) {
    }
    return 0;
}
