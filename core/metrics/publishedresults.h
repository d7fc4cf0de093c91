#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace orinet::metrics {

//! Recall figures printed in papers, read from a CSV table so that figures and tables can show
//! them beside measured runs (docs/guide/figures.md describes the file):
//!
//!     method,dataset,split,r@1,r@5,r@10,r@1%,citation
//!     OriNet,CVUSA,val,40.79,66.82,76.36,96.12,liu2019lending
//!
//! The header names the columns, in any order: method, dataset, split and citation are
//! required; at least one recall column, r@K (K a whole number, e.g. r@1, r@5, r@10) or r@1%;
//! optional "gallery" (N, the number of tiles, which places r@1% at K = floor(0.01·N) + 1) and
//! "geo radius (m)" (the row is geo-recall within that distance, as the CVACT_test figures).
//! Values are percentages (0 to 100) with a '.' decimal point; an empty cell is a value the
//! paper does not give. Lines beginning with '#' are comments; blank lines are skipped. The
//! CSV dialect is the dataset index files' (CsvTokenizer: quoting, BOM, CRLF).
//!
//! Plain data; thread-safe.
class PublishedResults {
public:
    struct Row {
        std::string method;
        std::string dataset;
        std::string split;
        std::string citation;                           //!< a BibTeX key
        std::vector<std::pair<int64_t, double>> recall; //!< (K, recall@K as a fraction), by K
        double recallOnePercent;                        //!< fraction; NaN when not given
        int64_t gallery = 0;                            //!< N; 0 when not given
        double geoMetres = 0;                           //!< > 0: geo-recall within this distance
        std::string where;                              //!< "file:line", for messages

        Row();
        //! recall@K as a fraction; NaN when the row does not give it.
        double recallAt(int64_t k) const;
        //! The K of recall@1%: floor(0.01·N) + 1 (docs/evaluation.md); 0 without N.
        int64_t onePercentK() const;
        bool isGeo() const { return geoMetres > 0; }
    };

    //! Reads a published-results CSV. Throws orinet::Error naming the file, the line and the
    //! problem (an unknown or repeated column, a missing one, a value that is not a number or
    //! not a percentage, a line with too many or too few fields, a row without any value).
    static PublishedResults load(const std::string& path);
    //! The same from text; `file` names it in messages.
    static PublishedResults parse(const std::string& text, const std::string& file);

    const std::vector<Row>& rows() const { return mRows; }
    bool empty() const { return mRows.empty(); }

    //! The rows to show beside runs evaluated on `dataset` and `split` (docs/guide/figures.md):
    //! a row matches when its split equals `split` (case-insensitively; an empty `split`, runs
    //! that do not say, matches every row) and its dataset equals `dataset`
    //! (case-insensitively). An empty `dataset`, or one no row names, matches every dataset.
    std::vector<Row> matching(const std::string& dataset, const std::string& split) const;

    //! The columns a header may name, for messages and docs.
    static std::string knownColumns();

private:
    std::vector<Row> mRows;
};

} // namespace orinet::metrics
