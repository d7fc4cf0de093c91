// descriptors.json beside a valid pair of .npy files.
#include "common/error.h"
#include "fuzzinput.h"
#include "retrieval/descriptorset.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    static const std::string dir = [] {
        orinet::DescriptorSet set;
        set.ground = cv::Mat::eye(3, 4, CV_32F);
        set.satellite = cv::Mat::eye(3, 4, CV_32F);
        set.ids = {"a", "b", "c"};
        const std::string d = orinet::fuzz::folder() + "/desc";
        set.save(d);
        return d;
    }();
    orinet::fuzz::writeInput("desc/descriptors.json", data, size);
    try {
        (void)orinet::DescriptorSet::load(dir);
    } catch (const orinet::Error&) {
    }
    return 0;
}
