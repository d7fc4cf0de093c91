#include "metrics/resultstable.h"

#include "common/numbertext.h"
#include "common/textformat.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <sstream>

namespace orinet::metrics {

namespace {

std::string cell(double v, TableFormat format) {
    if (!std::isfinite(v))
        return format == TableFormat::Latex ? "--" : "";
    return text::fixed(100.0 * v, 2);
}

std::string latexEscape(const std::string& s) {
    std::string out;
    for (char c : s) {
        if (std::string("&%$#_{}").find(c) != std::string::npos)
            out += '\\';
        if (c == '~' || c == '^' || c == '\\') {
            out += c == '\\' ? "\\textbackslash{}" : std::string("\\") + c + "{}";
            continue;
        }
        out += c;
    }
    return out;
}

std::string metresText(double metres) {
    return text::general(metres);
}

// geo-recall@1 at `metres` of a report, NaN when it was not measured there.
double geoRecallAt1(const EvaluationReport& r, double metres) {
    for (const GeoRecall& g : r.geo)
        if (g.metres == metres && !g.curve.empty())
            return g.curve.front();
    return std::numeric_limits<double>::quiet_NaN();
}

} // namespace

std::string resultsTable(const std::vector<std::pair<std::string, EvaluationReport>>& runs,
                         TableFormat format) {
    // geo-recall@1 columns for every threshold any run was measured at, in first-seen order.
    std::vector<double> thresholds;
    for (const auto& [name, r] : runs)
        for (const GeoRecall& g : r.geo)
            if (std::find(thresholds.begin(), thresholds.end(), g.metres) == thresholds.end())
                thresholds.push_back(g.metres);
    std::ostringstream out;
    if (format == TableFormat::Csv) {
        out << "method,r@1,r@5,r@10,r@1%,r@1% strict";
        for (double m : thresholds)
            out << ",geo r@1 (" << metresText(m) << " m)";
        out << "\n";
        for (const auto& [name, r] : runs) {
            out << text::csvField(name) << "," << cell(r.recallAt(1), format) << ","
                << cell(r.recallAt(5), format) << "," << cell(r.recallAt(10), format) << ","
                << cell(r.recallOnePercent, format) << ","
                << cell(r.recallOnePercentStrict, format);
            for (double m : thresholds)
                out << "," << cell(geoRecallAt1(r, m), format);
            out << "\n";
        }
        return out.str();
    }
    out << "\\begin{tabular}{lrrrr" << std::string(thresholds.size(), 'r') << "}\n"
        << "\\hline\n"
        << "Method & r@1 & r@5 & r@10 & r@1\\%";
    for (double m : thresholds)
        out << " & geo r@1 (" << metresText(m) << "\\,m)";
    out << " \\\\\n"
        << "\\hline\n";
    for (const auto& [name, r] : runs) {
        out << latexEscape(name) << " & " << cell(r.recallAt(1), format) << " & "
            << cell(r.recallAt(5), format) << " & " << cell(r.recallAt(10), format) << " & "
            << cell(r.recallOnePercent, format);
        for (double m : thresholds)
            out << " & " << cell(geoRecallAt1(r, m), format);
        out << " \\\\\n";
    }
    out << "\\hline\n\\end{tabular}\n";
    return out.str();
}

OutputTarget::FileKind resultsTableKind(TableFormat format) {
    return format == TableFormat::Latex
               ? OutputTarget::text("LaTeX results table", "\\begin{tabular}")
               : OutputTarget::text("CSV results table", "method,r@1,");
}

} // namespace orinet::metrics
