#include "metrics/resultstable.h"

#include "common/textformat.h"

#include <cmath>
#include <cstdio>
#include <sstream>

namespace orinet::metrics {

namespace {

std::string cell(double v, TableFormat format) {
    if (!std::isfinite(v))
        return format == TableFormat::Latex ? "--" : "";
    char text[32];
    std::snprintf(text, sizeof text, "%.2f", 100.0 * v);
    return text;
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

} // namespace

std::string resultsTable(const std::vector<std::pair<std::string, EvaluationReport>>& runs,
                         TableFormat format) {
    std::ostringstream out;
    if (format == TableFormat::Csv) {
        out << "method,r@1,r@5,r@10,r@1%,r@1% strict\n";
        for (const auto& [name, r] : runs)
            out << text::csvField(name) << "," << cell(r.recallAt(1), format) << ","
                << cell(r.recallAt(5), format) << "," << cell(r.recallAt(10), format) << ","
                << cell(r.recallOnePercent, format) << "," << cell(r.recallOnePercentStrict, format)
                << "\n";
        return out.str();
    }
    out << "\\begin{tabular}{lrrrr}\n"
        << "\\hline\n"
        << "Method & r@1 & r@5 & r@10 & r@1\\% \\\\\n"
        << "\\hline\n";
    for (const auto& [name, r] : runs)
        out << latexEscape(name) << " & " << cell(r.recallAt(1), format) << " & "
            << cell(r.recallAt(5), format) << " & " << cell(r.recallAt(10), format) << " & "
            << cell(r.recallOnePercent, format) << " \\\\\n";
    out << "\\hline\n\\end{tabular}\n";
    return out.str();
}

} // namespace orinet::metrics
