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

// The method of a published row, with its dataset and split when another row of `rows` has
// the same method, and what it measures when that is not plain recall.
std::string publishedMethod(const PublishedResults::Row& row,
                            const std::vector<PublishedResults::Row>& rows) {
    const bool shared = std::count_if(rows.begin(), rows.end(), [&](const auto& r) {
                            return r.method == row.method && r.isGeo() == row.isGeo();
                        }) > 1;
    std::string name = shared ? row.method + ", " + row.dataset + " " + row.split : row.method;
    return row.isGeo() ? name + " (geo-recall within " + metresText(row.geoMetres) + " m)" : name;
}

} // namespace

std::string resultsTable(const std::vector<std::pair<std::string, EvaluationReport>>& runs,
                         TableFormat format, const std::vector<PublishedResults::Row>& published) {
    // geo-recall@1 columns for every threshold any run was measured at, in first-seen order.
    std::vector<double> thresholds;
    for (const auto& [name, r] : runs)
        for (const GeoRecall& g : r.geo)
            if (std::find(thresholds.begin(), thresholds.end(), g.metres) == thresholds.end())
                thresholds.push_back(g.metres);
    std::ostringstream out;
    if (format == TableFormat::Csv) {
        const bool withSource = !published.empty();
        out << "method,r@1,r@5,r@10,r@1%,r@1% strict";
        for (double m : thresholds)
            out << ",geo r@1 (" << metresText(m) << " m)";
        out << (withSource ? ",source,citation\n" : "\n");
        for (const auto& [name, r] : runs) {
            out << text::csvField(name) << "," << cell(r.recallAt(1), format) << ","
                << cell(r.recallAt(5), format) << "," << cell(r.recallAt(10), format) << ","
                << cell(r.recallOnePercent, format) << ","
                << cell(r.recallOnePercentStrict, format);
            for (double m : thresholds)
                out << "," << cell(geoRecallAt1(r, m), format);
            out << (withSource ? ",measured,\n" : "\n");
        }
        // Papers give the original recall@1% (docs/evaluation.md), not the strict one.
        for (const PublishedResults::Row& row : published) {
            out << text::csvField(publishedMethod(row, published)) << ","
                << cell(row.recallAt(1), format) << "," << cell(row.recallAt(5), format) << ","
                << cell(row.recallAt(10), format) << "," << cell(row.recallOnePercent, format)
                << ",";
            for (size_t i = 0; i < thresholds.size(); ++i)
                out << ",";
            out << ",published," << text::csvField(row.citation) << "\n";
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
    // The papers' figures in a block of their own, each with its reference.
    if (!published.empty())
        out << "\\hline\n";
    for (const PublishedResults::Row& row : published) {
        out << latexEscape(publishedMethod(row, published));
        if (!row.citation.empty())
            out << "~\\cite{" << row.citation << "}";
        out << " & " << cell(row.recallAt(1), format) << " & " << cell(row.recallAt(5), format)
            << " & " << cell(row.recallAt(10), format) << " & "
            << cell(row.recallOnePercent, format);
        for (size_t i = 0; i < thresholds.size(); ++i)
            out << " & --";
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
