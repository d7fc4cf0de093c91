#pragma once

#include "metrics/approximationcheck.h"

#include <QString>
#include <QStringList>

#include <string>

namespace orinet {

//! How approximate an approximate evaluation was, in the interface's language: the facts of
//! metrics::ApproximationCheck (whose English lines the CLI and results files carry) made from
//! its fields with tr() (docs/evaluation.md, "How approximate an approximate search is").
namespace approximationtext {

//! "IVF-PQ shortlist held the exact top-1 for 97.3 % of 300 sampled queries (95 % CI
//! 94.8–98.7 %) and the true match for 96.0 % of …"; empty when nothing was sampled.
//! `backend` is the report's (e.g. "faiss-ivfpq").
QString coverage(const metrics::ApproximationCheck& check, const std::string& backend);
//! Why exact search would have served better (faster, or a small gallery); empty when neither.
QStringList advice(const metrics::ApproximationCheck& check);

} // namespace approximationtext
} // namespace orinet
