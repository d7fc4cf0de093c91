// safetensors weights (import-weights, checkpoints).
#include "common/error.h"
#include "model/safetensors.h"

#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    try {
        (void)orinet::SafeTensors::parse(std::string(reinterpret_cast<const char*>(data), size),
                                         "fuzz");
    } catch (const orinet::Error&) {
    }
    return 0;
}
