#include "common/numbertext.h"

#include <charconv>

namespace orinet::text {

namespace {

std::string format(double value, std::chars_format style, int precision) {
    char text[512]; // fixed notation of the largest double with a few decimals fits
    const std::to_chars_result r = std::to_chars(text, text + sizeof text, value, style, precision);
    return r.ec == std::errc() ? std::string(text, r.ptr) : std::string();
}

} // namespace

std::string fixed(double value, int decimals) {
    return format(value, std::chars_format::fixed, decimals);
}

std::string general(double value, int significant) {
    return format(value, std::chars_format::general, significant);
}

} // namespace orinet::text
