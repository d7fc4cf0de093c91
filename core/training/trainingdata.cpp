#include "training/trainingdata.h"

namespace orinet {

TrainingData::TrainingData(const Dataset& dataset, const TrainingConfig& config,
                           const Options& options) {
    SourceOptions train = config.sourceOptions(SourcePurpose::Training);
    train.workers = options.workers;
    train.rank = options.rank;
    train.worldSize = options.worldSize;
    mTrain = DataLoaderSource::forSplit(dataset, options.trainSplit, train);
    if (!options.validationSplit.empty()) {
        SourceOptions validation = config.sourceOptions(SourcePurpose::Evaluation);
        validation.workers = options.workers;
        validation.limit = options.validationLimit;
        mValidation = DataLoaderSource::forSplit(dataset, options.validationSplit, validation);
    }
    if (config.recalibrationBatches > 0) {
        SourceOptions recalibration = config.sourceOptions(SourcePurpose::Recalibration);
        recalibration.workers = options.workers;
        mRecalibration = DataLoaderSource::forSplit(dataset, options.trainSplit, recalibration);
    }
}

TrainingData::~TrainingData() = default;

TrainingSources TrainingData::sources() const {
    return {mTrain.get(), mValidation.get(), mRecalibration.get()};
}

size_t TrainingData::stepsPerEpoch() const {
    return mTrain->batchesPerEpoch();
}

} // namespace orinet
