#pragma once

#include <cstdint>

namespace orinet::metrics {

//! A two-sided confidence interval of a proportion, as fractions in [0, 1].
struct ProportionInterval {
    double low = 0;
    double high = 1;
};

//! The Wilson score interval of `successes` out of `trials` (Wilson 1927; Newcombe 1998,
//! method 3, without continuity correction) at the standard-normal quantile `z` (the default is
//! the 95 % one). Unlike p ± z·sqrt(p(1-p)/n) it stays within [0, 1] and does not collapse to a
//! point at 0 or n successes, which is where a coverage of 100 % of a sample lies. No trials:
//! [0, 1]. Throws orinet::Error when successes is not within 0..trials.
ProportionInterval wilsonInterval(int64_t successes, int64_t trials, double z = 1.959963984540054);

} // namespace orinet::metrics
