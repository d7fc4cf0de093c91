#pragma once

#include <string>

namespace orinet::text {

// Numbers in files (CSV, LaTeX, JSON metadata) always have a '.' decimal point. printf follows
// the C library's locale, which Qt sets from the environment when an application starts: under
// a German locale "%.2f" writes "53,00", and a CSV of such numbers falls apart
// (docs/robustness.md). These are std::to_chars, which is independent of any locale.

//! `decimals` digits after the point, as printf("%.*f") in the "C" locale.
std::string fixed(double value, int decimals);
//! At most `significant` significant digits, as printf("%.*g") in the "C" locale; 17 gives
//! back the same double when read.
std::string general(double value, int significant = 6);

} // namespace orinet::text
