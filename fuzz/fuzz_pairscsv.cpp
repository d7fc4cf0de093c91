// pairs.csv, the generic dataset index.
#include "common/error.h"
#include "dataset/pairscsvformat.h"
#include "fuzzinput.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    orinet::fuzz::writeInput("csv/pairs.csv", data, size);
    try {
        (void)orinet::PairsCsvFormat::read(orinet::fuzz::folder() + "/csv");
    } catch (const orinet::Error&) {
    }
    return 0;
}
