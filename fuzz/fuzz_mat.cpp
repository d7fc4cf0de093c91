// MATLAB .mat files through matio (ACT_data.mat, descriptor exports).
#include "common/error.h"
#include "fuzzinput.h"
#include "io/matfile.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string path = orinet::fuzz::writeInput("a.mat", data, size);
    try {
        orinet::MatFile mat(path, orinet::MatFile::Mode::Read);
        mat.readAllVariables();
        for (const char* name : {"panoIds", "utm", "trainSet.trainInd", "valSet.valInd",
                                 "valSetAll.valInd", "sat_global_descriptor"}) {
            try {
                (void)mat.readNumeric(name);
            } catch (const orinet::Error&) {
            }
            try {
                (void)mat.readStrings(name);
            } catch (const orinet::Error&) {
            }
        }
    } catch (const orinet::Error&) {
    }
    return 0;
}
