#include "metrics/publishedresults.h"

#include "common/error.h"
#include "dataset/csvtokenizer.h"
#include "dataset/datasetfiles.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <limits>
#include <optional>

namespace orinet::metrics {

namespace {

// What a header cell names.
enum class Column { Method, Dataset, Split, Citation, Gallery, GeoRadius, RecallAtK, OnePercent };

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

// The column a header cell names, with K for r@K; nothing for an unknown name. Case and the
// spaces around '@' do not matter ("R@1", "r @ 5").
std::optional<std::pair<Column, int64_t>> columnOf(const std::string& cell) {
    std::string name;
    for (char c : lower(cell))
        if (c != ' ')
            name += c;
    if (name == "method")
        return std::make_pair(Column::Method, int64_t(0));
    if (name == "dataset")
        return std::make_pair(Column::Dataset, int64_t(0));
    if (name == "split")
        return std::make_pair(Column::Split, int64_t(0));
    if (name == "citation")
        return std::make_pair(Column::Citation, int64_t(0));
    if (name == "gallery")
        return std::make_pair(Column::Gallery, int64_t(0));
    if (name == "georadius(m)")
        return std::make_pair(Column::GeoRadius, int64_t(0));
    if (name == "r@1%")
        return std::make_pair(Column::OnePercent, int64_t(0));
    if (name.size() > 2 && name.compare(0, 2, "r@") == 0) {
        int64_t k = 0;
        const char* begin = name.data() + 2;
        const char* end = name.data() + name.size();
        const auto result = std::from_chars(begin, end, k);
        if (result.ec == std::errc() && result.ptr == end && k >= 1 && k <= 100000000)
            return std::make_pair(Column::RecallAtK, k);
    }
    return std::nullopt;
}

bool sameText(const std::string& a, const std::string& b) {
    return lower(a) == lower(b);
}

} // namespace

PublishedResults::Row::Row()
    : recallOnePercent(std::numeric_limits<double>::quiet_NaN()) {}

double PublishedResults::Row::recallAt(int64_t k) const {
    for (const auto& [key, value] : recall)
        if (key == k)
            return value;
    return std::numeric_limits<double>::quiet_NaN();
}

int64_t PublishedResults::Row::onePercentK() const {
    return gallery > 0 ? gallery / 100 + 1 : 0;
}

std::string PublishedResults::knownColumns() {
    return "method, dataset, split, citation, r@K (e.g. r@1, r@5, r@10), r@1%, gallery, "
           "geo radius (m)";
}

PublishedResults PublishedResults::load(const std::string& path) {
    return parse(DatasetFiles::readAll(path), path);
}

PublishedResults PublishedResults::parse(const std::string& text, const std::string& file) {
    std::vector<std::pair<Column, int64_t>> columns;
    std::vector<std::string> headerCells;
    PublishedResults out;
    CsvTokenizer::forEachLine(text, [&](size_t number, std::string_view line) {
        if (CsvTokenizer::trim(line).front() == '#')
            return; // a comment (where the figures come from, say)
        const std::string where = file + ":" + std::to_string(number);
        const std::vector<std::string> cells = CsvTokenizer::splitLine(line, where);
        if (columns.empty()) {
            // The header.
            bool anyValue = false;
            for (const std::string& cell : cells) {
                const auto column = columnOf(cell);
                if (!column)
                    throw Error(where, "unknown column '" + cell + "' (the columns are " +
                                           knownColumns() + ")");
                if (std::find(columns.begin(), columns.end(), *column) != columns.end())
                    throw Error(where, "column '" + cell + "' is given twice");
                anyValue = anyValue || column->first == Column::RecallAtK ||
                           column->first == Column::OnePercent;
                columns.push_back(*column);
                headerCells.push_back(cell);
            }
            for (const auto& [required, name] :
                 {std::pair{Column::Method, "method"}, std::pair{Column::Dataset, "dataset"},
                  std::pair{Column::Split, "split"}, std::pair{Column::Citation, "citation"}})
                if (std::none_of(columns.begin(), columns.end(),
                                 [r = required](const auto& c) { return c.first == r; }))
                    throw Error(where, std::string("the header has no '") + name +
                                           "' column (e.g. method,dataset,split,r@1,r@5,r@10,"
                                           "r@1%,citation)");
            if (!anyValue)
                throw Error(where, "the header has no recall column (r@1, r@5, r@10, r@1%, ...)");
            return;
        }
        if (cells.size() != columns.size())
            throw Error(where, std::to_string(cells.size()) + " fields, but the header has " +
                                   std::to_string(columns.size()));
        Row row;
        row.where = where;
        bool anyValue = false;
        for (size_t i = 0; i < cells.size(); ++i) {
            const std::string& cell = cells[i];
            const char* name = headerCells[i].c_str();
            const auto [column, k] = columns[i];
            switch (column) {
            case Column::Method:
                row.method = cell;
                break;
            case Column::Dataset:
                row.dataset = cell;
                break;
            case Column::Split:
                row.split = cell;
                break;
            case Column::Citation:
                row.citation = cell;
                break;
            case Column::Gallery:
                if (!cell.empty()) {
                    const double n = CsvTokenizer::parseNumber(cell, where, name);
                    if (n < 1 || n != std::floor(n) || n > 1e12)
                        throw Error(where, std::string("column '") + name + "': '" + cell +
                                               "' is not a number of tiles");
                    row.gallery = static_cast<int64_t>(n);
                }
                break;
            case Column::GeoRadius:
                if (!cell.empty()) {
                    row.geoMetres = CsvTokenizer::parseNumber(cell, where, name);
                    if (!(row.geoMetres > 0))
                        throw Error(where, std::string("column '") + name + "': '" + cell +
                                               "' is not a distance in metres above 0");
                }
                break;
            case Column::RecallAtK:
            case Column::OnePercent: {
                if (cell.empty())
                    break; // the paper does not give it
                const double percent = CsvTokenizer::parseNumber(cell, where, name);
                if (percent < 0 || percent > 100)
                    throw Error(where, std::string("column '") + name + "': " + cell +
                                           " is not a percentage (0 to 100)");
                anyValue = true;
                if (column == Column::OnePercent)
                    row.recallOnePercent = percent / 100.0;
                else
                    row.recall.emplace_back(k, percent / 100.0);
                break;
            }
            }
        }
        if (row.method.empty())
            throw Error(where, "the method is empty");
        if (row.dataset.empty())
            throw Error(where, "the dataset is empty");
        if (row.citation.find_first_of("{}\\%, ") != std::string::npos)
            throw Error(where, "citation key '" + row.citation +
                                   "' is not a BibTeX key (no spaces, commas, braces, % or \\)");
        if (!anyValue)
            throw Error(where, "the row gives no recall value");
        std::sort(row.recall.begin(), row.recall.end());
        out.mRows.push_back(std::move(row));
    });
    if (columns.empty())
        throw Error(file, "no header line (e.g. method,dataset,split,r@1,r@5,r@10,r@1%,citation)");
    return out;
}

std::vector<PublishedResults::Row> PublishedResults::matching(const std::string& dataset,
                                                              const std::string& split) const {
    const bool datasetNamed = std::any_of(mRows.begin(), mRows.end(), [&](const Row& row) {
        return !dataset.empty() && sameText(row.dataset, dataset);
    });
    std::vector<Row> out;
    for (const Row& row : mRows)
        if ((split.empty() || sameText(row.split, split)) &&
            (!datasetNamed || sameText(row.dataset, dataset)))
            out.push_back(row);
    return out;
}

} // namespace orinet::metrics
