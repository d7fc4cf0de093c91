#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace orinet {

//! The CSV dialect of the dataset index files (pairs.csv, the CVUSA split lists): RFC 4180
//! quoting ("a,b", "" for a quote), unquoted fields trimmed, a UTF-8 byte-order mark and CRLF
//! line ends tolerated, blank lines skipped, numbers parsed without the user's locale.
//! Plain functions on strings; thread-safe.
class CsvTokenizer {
public:
    //! Without leading and trailing spaces and tabs (and a trailing CR).
    static std::string trim(std::string_view text);
    //! The fields of one line. Throws orinet::Error at `where` ("file:line") for an
    //! unterminated quoted field.
    static std::vector<std::string> splitLine(std::string_view line, const std::string& where);
    //! Calls f(lineNumber, line) for every non-blank line, numbered from 1 as editors do.
    template <typename F> static void forEachLine(std::string_view text, F&& f);
    //! The whole field as a finite number ("1e3", "+2", "-0.5"; no spaces, no locale).
    //! Throws orinet::Error at `where` naming the column and the text.
    static double parseNumber(const std::string& text, const std::string& where,
                              const char* column);
};

template <typename F> void CsvTokenizer::forEachLine(std::string_view text, F&& f) {
    size_t pos = text.compare(0, 3, "\xEF\xBB\xBF") == 0 ? 3 : 0;
    size_t number = 0;
    while (pos < text.size()) {
        size_t end = text.find('\n', pos);
        if (end == std::string_view::npos)
            end = text.size();
        std::string_view line = text.substr(pos, end - pos);
        if (!line.empty() && line.back() == '\r')
            line.remove_suffix(1);
        ++number;
        if (!trim(line).empty())
            f(number, line);
        pos = end + 1;
    }
}

} // namespace orinet
