#pragma once

#include "geo/geopoint.h"
#include "gui/evaluation/querytablemodel.h"
#include "metrics/direction.h"
#include "model/normalization.h"
#include "run/runfolder.h"

#include <QString>

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace orinet {

class Dataset;
class DescriptorSet;
namespace metrics {
class EvaluationReport;
} // namespace metrics

//! Everything the evaluation workspace's views show about one evaluation: built once by
//! EvaluationWorkspace in its background job, then immutable, held by EvaluationDocument and
//! shared with the views and the workers that decode images.
struct InspectedEvaluation {
    std::shared_ptr<const Dataset> dataset;
    std::vector<size_t> splitRows; //!< split row → dataset pair index
    std::shared_ptr<const metrics::EvaluationReport> report;
    std::shared_ptr<const DescriptorSet> descriptors;
    std::vector<UtmPosition> positions; //!< per split row; empty without positions
    std::vector<QueryRecord> records;   //!< QueryTableModel::records() of the above
    QString notesPath;                  //!< the run's query notes file; empty: none
    QString runFolder;                  //!< the run evaluated
    QString resultsFile; //!< where the report was saved (eval_<direction>.json); empty: not
    //! How the descriptors came about (RunEvaluation::Result), as the summary says it.
    bool extracted = false;    //!< extracted now, else saved ones reused
    bool fellBack = false;     //!< the last checkpoint, the run having no best one yet
    bool recalibrated = false; //!< BatchNorm statistics recalibrated for it
    //! What the Evaluation workspace's form asked for. The figures may stand for less (a run
    //! without checkpoint has its one descriptor set, whatever the mode asked), so a changed
    //! form is compared with this, not with the report's provenance.
    struct Request {
        std::string split;
        metrics::Direction direction = metrics::Direction::GroundToSatellite;
        CheckpointChoice checkpoint = CheckpointChoice::Last;
        Normalization normalization = kDefaultSplitNormalization;
    };
    std::optional<Request> request; //!< unset when the evaluation came from elsewhere
};

} // namespace orinet
