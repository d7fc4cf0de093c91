#include "metrics/approximationcheck.h"

#include "common/numbertext.h"

#include <cmath>
#include <limits>

namespace orinet::metrics {

namespace {

double share(int64_t part, int64_t whole) {
    return whole > 0 ? static_cast<double>(part) / static_cast<double>(whole)
                     : std::numeric_limits<double>::quiet_NaN();
}

// Numbers through text::fixed: these lines go into results files too, whatever the locale.
std::string pct(double fraction) {
    return text::fixed(100 * fraction, 1);
}

std::string count(int64_t n) {
    return std::to_string(n);
}

} // namespace

double ApproximationCheck::exactTop1Share() const {
    return share(exactTop1Held, sampled);
}

ProportionInterval ApproximationCheck::exactTop1Interval() const {
    return wilsonInterval(exactTop1Held, sampled);
}

double ApproximationCheck::trueMatchShare() const {
    return share(trueMatchHeld, trueMatchWithinDepth);
}

ProportionInterval ApproximationCheck::trueMatchInterval() const {
    return wilsonInterval(trueMatchHeld, trueMatchWithinDepth);
}

bool ApproximationCheck::exactFaster() const {
    return exactSecondsEstimate > 0 && exactSecondsEstimate < approximateSeconds;
}

std::vector<std::string> ApproximationCheck::coverageLines(const std::string& backend) const {
    std::vector<std::string> lines;
    if (sampled <= 0)
        return lines;
    const ProportionInterval top1 = exactTop1Interval();
    lines.push_back(backend + " shortlist (" + count(depth) + " candidates) held the exact top-1 " +
                    "for " + pct(exactTop1Share()) + " % of " + count(sampled) +
                    " sampled queries (95 % CI " + pct(top1.low) + "-" + pct(top1.high) + " %)");
    if (trueMatchWithinDepth > 0) {
        const ProportionInterval truth = trueMatchInterval();
        lines.push_back("and the true match for " + pct(trueMatchShare()) + " % of the " +
                        count(trueMatchWithinDepth) + " sampled queries whose exact top-" +
                        count(depth) + " holds it (95 % CI " + pct(truth.low) + "-" +
                        pct(truth.high) + " %)");
    } else {
        lines.push_back("no sampled query has its true match within the exact top-" + count(depth));
    }
    return lines;
}

std::vector<std::string> ApproximationCheck::warnings() const {
    std::vector<std::string> out;
    if (exactFaster())
        out.push_back("exact search is estimated to take " + text::fixed(exactSecondsEstimate, 1) +
                      " s (2 x " + count(queryCount) + " queries x " + count(galleryCount) +
                      " gallery items x " + count(dimension) + " dimensions at the " +
                      text::fixed(gflops, 0) + " GFLOP/s the sample ran at), less than this " +
                      "approximate search's " + text::fixed(approximateSeconds, 1) +
                      " s: use --backend blocked (exact)");
    if (galleryFitsBudget)
        out.push_back("the gallery's " + count(galleryCount) +
                      " items fit one score block of exact search's " +
                      text::fixed(static_cast<double>(memoryBudget) / (1 << 20), 0) +
                      " MiB memory budget (--memory): approximate search is meant for galleries "
                      "of millions; use --backend blocked (exact, estimated " +
                      text::fixed(exactSecondsEstimate, 1) + " s)");
    return out;
}

} // namespace orinet::metrics
