// A run's config.json (training configuration).
#include "common/error.h"
#include "run/trainingconfig.h"

#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    try {
        (void)orinet::TrainingConfig::fromJson(
            std::string(reinterpret_cast<const char*>(data), size), "config.json");
    } catch (const orinet::Error&) {
    }
    return 0;
}
