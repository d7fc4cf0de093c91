// CVUSA split lists.
#include "common/error.h"
#include "dataset/cvusaformat.h"
#include "fuzzinput.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    orinet::fuzz::writeInput(std::string("cvusa/") + orinet::CvusaFormat::kTrainList, data, size);
    try {
        (void)orinet::CvusaFormat::read(orinet::fuzz::folder() + "/cvusa");
    } catch (const orinet::Error&) {
    }
    return 0;
}
