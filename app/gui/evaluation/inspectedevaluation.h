#pragma once

#include "geo/geopoint.h"
#include "gui/evaluation/querytablemodel.h"

#include <QString>

#include <memory>
#include <vector>

namespace orinet {

class Dataset;
class DescriptorSet;
namespace metrics {
class EvaluationReport;
} // namespace metrics

//! Everything the evaluation workspace's views show about one evaluation: built once by
//! EvaluationWorkspace in its background job, then immutable and shared with FailureInspector
//! and the workers that decode images.
struct InspectedEvaluation {
    std::shared_ptr<const Dataset> dataset;
    std::vector<size_t> splitRows; //!< split row → dataset pair index
    std::shared_ptr<const metrics::EvaluationReport> report;
    std::shared_ptr<const DescriptorSet> descriptors;
    std::vector<UtmPosition> positions; //!< per split row; empty without positions
    std::vector<QueryRecord> records;   //!< QueryTableModel::records() of the above
    QString notesPath;                  //!< the run's query notes file; empty: none
};

} // namespace orinet
