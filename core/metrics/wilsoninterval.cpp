#include "metrics/wilsoninterval.h"

#include "common/error.h"

#include <algorithm>
#include <cmath>
#include <string>

namespace orinet::metrics {

ProportionInterval wilsonInterval(int64_t successes, int64_t trials, double z) {
    if (trials < 0 || successes < 0 || successes > trials)
        throw Error("a proportion of " + std::to_string(successes) + " out of " +
                    std::to_string(trials));
    if (trials == 0)
        return {0.0, 1.0};
    const double n = static_cast<double>(trials);
    const double p = static_cast<double>(successes) / n;
    const double z2 = z * z;
    const double centre = (p + z2 / (2 * n)) / (1 + z2 / n);
    const double half = z / (1 + z2 / n) * std::sqrt(p * (1 - p) / n + z2 / (4 * n * n));
    // At 0 and n successes one bound is exactly 0 or 1; rounding must not move it.
    return {successes == 0 ? 0.0 : std::max(0.0, centre - half),
            successes == trials ? 1.0 : std::min(1.0, centre + half)};
}

} // namespace orinet::metrics
