#include "training/trainingdata.h"

#include "common/error.h"
#include "dataset/coveragemasksource.h"
#include "dataset/querygallerypairs.h"
#include "training/querygalleryvalidation.h"

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

TrainingData::TrainingData(std::shared_ptr<const QueryGalleryPairs> pairs,
                           const TrainingConfig& config, const Options& options)
    : mPairs(pairs) {
    const Dataset& dataset = pairs->dataset();
    if (!options.validationSplit.empty() || options.validationLimit > 0)
        throw Error(dataset.root(), "a query/gallery dataset (VIGOR) has no validation split: it "
                                    "is validated on the panoramas held out of its train split");
    if (pairs->heldOut().queryCount() > 0)
        mQueryGallery = std::make_unique<QueryGalleryValidation>(pairs, options.workers);
    SourceOptions train = config.sourceOptions(SourcePurpose::Training);
    train.workers = options.workers;
    train.rank = options.rank;
    train.worldSize = options.worldSize;
    const size_t batchSize = static_cast<size_t>(config.batchSize);
    train.arrange = [pairs, batchSize](const std::vector<size_t>& order,
                                       const std::vector<PairRecord>& loaded) {
        return pairs->arrange(order, loaded, batchSize);
    };
    mTrain = std::make_unique<CoverageMaskSource>(
        DataLoaderSource::forSplit(dataset, options.trainSplit, train), std::move(pairs));
    if (config.recalibrationBatches > 0) {
        SourceOptions recalibration = config.sourceOptions(SourcePurpose::Recalibration);
        recalibration.workers = options.workers;
        mRecalibration = DataLoaderSource::forSplit(dataset, options.trainSplit, recalibration);
    }
}

std::unique_ptr<TrainingData> TrainingData::forVigor(const std::string& root,
                                                     const TrainingConfig& config,
                                                     const Options& options) {
    const auto pairs = std::make_shared<const QueryGalleryPairs>(QueryGalleryPairs::readVigor(
        root, fromString<VigorProtocol>(config.protocol), config.validationHoldout, config.seed));
    return std::make_unique<TrainingData>(pairs, config, options);
}

TrainingData::~TrainingData() = default;

TrainingSources TrainingData::sources() const {
    return {mTrain.get(), mValidation.get(), mRecalibration.get(), mQueryGallery.get()};
}

size_t TrainingData::stepsPerEpoch() const {
    return mTrain->batchesPerEpoch();
}

} // namespace orinet
