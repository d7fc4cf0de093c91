#include "gui/evaluation/topretrieved.h"

#include "common/feedback.h"
#include "retrieval/descriptorset.h"
#include "retrieval/retrieval.h"

namespace orinet {

TopRetrieved TopRetrieved::of(const DescriptorSet& set, bool groundQueries, int64_t query, int k) {
    const cv::Mat& queries = groundQueries ? set.ground : set.satellite;
    const cv::Mat& gallery = groundQueries ? set.satellite : set.ground;
    RetrievalOptions options;
    options.k = k;
    options.trueMatchRanks = false;
    options.threads = 1;
    Feedback feedback;
    const RetrievalResult top =
        Retrieval::search(queries.row(static_cast<int>(query)).clone(), gallery,
                          RetrievalBackend::Blocked, options, feedback);
    TopRetrieved result;
    result.rows.assign(top.idsOf(0), top.idsOf(0) + top.k);
    result.scores.assign(top.scoresOf(0), top.scoresOf(0) + top.k);
    return result;
}

} // namespace orinet
