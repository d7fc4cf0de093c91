#pragma once

#include "common/outputtarget.h"
#include "metrics/evaluationreport.h"
#include "metrics/publishedresults.h"

#include <string>
#include <utility>
#include <vector>

namespace orinet::metrics {

enum class TableFormat { Csv, Latex };

//! The usual results table of cross-view papers: one row per run with r@1, r@5, r@10, r@1%
//! (and, in CSV, the strict r@1%), in percent with two decimals, then geo-recall@1 at every
//! distance threshold any run was measured at; unknown values are "--" in LaTeX and empty in
//! CSV. `runs` pairs a display name with its report.
//!
//! `published` rows (figures printed in papers, PublishedResults) follow the measured ones: in
//! LaTeX as a block of their own under a rule, each method followed by \cite{key}; in CSV with
//! two more columns, "source" (measured or published) and "citation". Rows of one method name
//! their dataset and split ("OriNet, CVUSA val"), and a row of geo-recall says so after its
//! method ("OriNet (geo-recall within 5 m)").
std::string resultsTable(const std::vector<std::pair<std::string, EvaluationReport>>& runs,
                         TableFormat format,
                         const std::vector<PublishedResults::Row>& published = {});
//! What resultsTable() writes, for OutputTarget: a file that begins as such a table does (a
//! user's own .tex or .csv at the table's path is not replaced).
OutputTarget::FileKind resultsTableKind(TableFormat format);

} // namespace orinet::metrics
